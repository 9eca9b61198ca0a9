"""Run annotators: order them by what they require, map them over batches of whole articles
(in worker processes for large corpora), and check what each returns against what it declared.

One function does the per-article mapping for every stage (:func:`framing.parallel.run_batches`);
here a batch runs every annotator in order, so an annotator reads the columns and spans its
requirements made for the same articles a moment before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..cache import Cache, digest, stage_key
from ..errors import ConfigError
from ..parallel import BATCH_SIZE, run_batches
from ..schema import Column, body_rows, conform, dtype_matches
from .base import SENTENCE_BASE, Annotation, Annotator, AnnotatorInput, DataFiles

__all__ = ["Annotated", "plan", "cache_keys", "annotate", "check_annotator"]


@dataclass(frozen=True)
class Annotated:
    """The annotated corpus: sentences with every annotator's columns, and the span tables.

    Attributes
    ----------
    sentences : DataFrame
        The sentence table with each annotator's columns, in run order.
    spans : dict of str to DataFrame
        Each span table, by name (conformed to its declared columns).
    annotators : tuple of Annotator
        The annotators that ran, in order.
    keys : dict of str to str
        Each annotator's cache key (see :func:`cache_keys`).
    notes : dict of str to str
        Annotators left out, and why (switched off, or needing one that is).
    """

    sentences: pd.DataFrame
    spans: dict[str, pd.DataFrame]
    annotators: tuple[Annotator, ...]
    keys: dict[str, str]
    notes: dict[str, str] = field(default_factory=dict)


def plan(
    annotators: Sequence[Annotator], *, skip: Sequence[str] = ()
) -> tuple[list[Annotator], dict[str, str]]:
    """Annotators in an order where each comes after those it requires; and the ones left out.

    An annotator in ``skip`` is left out, and so is every annotator that requires something only
    a left-out one makes (with the reason). A requirement nobody makes, two annotators making
    the same name, or a cycle is a :class:`~framing.errors.ConfigError`.
    """
    _refuse_unknown(skip, annotators, "[annotate] skip names unknown annotator(s) {}")
    maker: dict[str, Annotator] = {}
    for annotator in annotators:
        for product in annotator.produces:
            if product in maker or product in SENTENCE_BASE:
                raise ConfigError(f"{product!r} is made by two annotators (or is a base column)")
            maker[product] = annotator
    for annotator in annotators:
        for table in annotator.spans:
            if table.extends and table.extends not in annotator.requires:
                raise ConfigError(
                    f"annotator {annotator.name!r} extends {table.extends!r} without requiring it"
                )
        for need in annotator.requires:
            if need not in maker and need not in SENTENCE_BASE:
                raise ConfigError(
                    f"annotator {annotator.name!r} requires {need!r}, which no annotator makes"
                )
    notes = {name: "switched off in the configuration" for name in skip}
    ordered: list[Annotator] = []
    pending = [a for a in annotators if a.name not in skip]
    while pending:
        ready = [
            a for a in pending if all(_met(need, maker, ordered, notes) for need in a.requires)
        ]
        blocked = [a for a in pending if _blocked(a, maker, notes)]
        for annotator in blocked:
            cause = next(
                maker[n].name for n in annotator.requires if maker.get(n) and maker[n].name in notes
            )
            notes[annotator.name] = f"needs {cause!r}, which is left out"
        if not ready and not blocked:
            raise ConfigError(
                f"annotators require each other in a cycle: {[a.name for a in pending]}"
            )
        ordered.extend(a for a in ready if a not in blocked)
        pending = [a for a in pending if a not in ready and a not in blocked]
    return ordered, notes


def _met(need: str, maker: Mapping[str, Annotator], done: list[Annotator], notes: dict) -> bool:
    return need in SENTENCE_BASE or maker[need] in done


def _blocked(annotator: Annotator, maker: Mapping[str, Annotator], notes: dict) -> bool:
    return any(need in maker and maker[need].name in notes for need in annotator.requires)


def cache_keys(
    annotators: Sequence[Annotator],
    *,
    settings: Mapping[str, Mapping[str, object]] | None = None,
    overrides: Path | None = None,
) -> dict[str, str]:
    """Each annotator's cache key: a digest of its name, version, options, the contents of its
    data files (as resolved for this corpus) and the keys of the annotators it requires.

    Editing a lexicon changes the key of the annotator that reads it and of every annotator that
    requires it, directly or not, and no other. ``annotators`` must be in :func:`plan` order.
    """
    settings = settings or {}
    keys: dict[str, str] = {}
    maker = {product: a.name for a in annotators for product in a.produces}
    for annotator in annotators:
        upstream = sorted({maker[n] for n in annotator.requires if n in maker})
        record = {
            "name": annotator.name,
            "version": annotator.version,
            "options": annotator.resolve_options(settings.get(annotator.name)),
            "data": DataFiles(annotator.data_files, overrides).digest(),
            "requires": {name: keys[name] for name in upstream},
        }
        payload = json.dumps(record, sort_keys=True, default=repr).encode()
        keys[annotator.name] = hashlib.sha256(payload).hexdigest()
    return keys


def annotate(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    annotators: Sequence[Annotator],
    *,
    skip: Sequence[str] = (),
    settings: Mapping[str, Mapping[str, object]] | None = None,
    overrides: Path | None = None,
    jobs: int = 0,
    progress: bool = False,
    cache: Cache | None = None,
) -> Annotated:
    """Run ``annotators`` over the corpus, in worker processes for large corpora.

    Parameters
    ----------
    articles : DataFrame
        The article table (``article_id``, ``outlet``, ``text``).
    sentences : DataFrame
        The sentence table, in article order (as ``load_corpus`` makes it).
    annotators : sequence of Annotator
        The annotators to run, in any order.
    skip : sequence of str, default=()
        Annotators to leave out (and, with them, those that require them).
    settings : mapping, default=None
        Options per annotator name.
    overrides : Path, default=None
        The corpus's ``lexicons/`` folder, whose files replace packaged data files.
    jobs : int, default=0
        Worker processes (0: one per CPU core); results are identical whatever the number.
    progress : bool, default=False
        Show a progress bar.
    cache : Cache, default=None
        Where each annotator's output for an article is found when an earlier run made it
        under the same key (the same article, the same annotator and options and data files,
        the same requirements), and where new output is kept. Results are identical with or
        without it.
    """
    settings = settings or {}
    ordered, notes = plan(annotators, skip=skip)
    _refuse_unknown(settings, annotators, "[annotate.<name>] tables name unknown annotator(s) {}")
    options = {a.name: a.resolve_options(settings.get(a.name)) for a in ordered}
    keys = cache_keys(ordered, settings=settings, overrides=overrides)
    sentences = sentences.reset_index(drop=True)
    body = body_rows(sentences)  # the title has its own readings, e.g. headline_quotes
    corpus = _Corpus(_article_columns(articles).reset_index(drop=True), body[list(SENTENCE_BASE)])
    stored = _load_stored(corpus, ordered, keys, cache)
    todo = {a.name: stored[a.name].missing for a in ordered}
    tasks = _tasks(corpus, ordered, todo, stored, options, overrides)
    outputs = run_batches(
        _one_task,
        tasks,
        jobs=jobs,
        batch_size=1,
        progress=progress,
        desc="annotating",
        weight=lambda task: len(task.articles),
    )
    if cache is not None:
        _store(cache, corpus, ordered, keys, tasks, outputs)
    made = {a.name: _assemble(corpus, a, stored[a.name], tasks, outputs) for a in ordered}
    columns = [c for a in ordered for c in a.columns]
    added = (
        pd.concat([made[a.name][0] for a in ordered if a.columns], axis=1)
        if columns
        else pd.DataFrame(index=body.index)
    )
    added = conform(added.reindex(sentences.index), tuple(columns))[[c.name for c in columns]]
    flags = [c.name for c in columns if c.dtype == "boolean"]
    added[flags] = added[flags].fillna(False)  # headline rows: not read, so no flag is set
    spans = {
        table.name: conform(made[a.name][1][table.name], table.columns)
        for a in ordered
        for table in a.spans
    }
    return Annotated(
        sentences=pd.concat([sentences, added], axis=1),
        spans=_merge_extensions(spans, ordered),
        annotators=tuple(ordered),
        keys=keys,
        notes=notes,
    )


@dataclass(frozen=True)
class _Corpus:
    """What annotators read of the corpus: the articles (positions 0..n-1) and their body
    sentences in article order; ``bounds[p]:bounds[p + 1]`` are article p's sentence rows."""

    articles: pd.DataFrame
    sentences: pd.DataFrame

    @property
    def bounds(self) -> np.ndarray:
        return _article_bounds(self.articles, self.sentences)

    def rows_of(self, positions: np.ndarray) -> np.ndarray:
        """Row numbers (``iloc``) of the sentences of the articles at ``positions``, in order."""
        bounds = self.bounds
        counts = bounds[positions + 1] - bounds[positions]
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return np.repeat(bounds[positions], counts) + offsets

    def digests(self) -> list[str]:
        """Per article, a digest of all an annotator reads of it: id, outlet, title, text and
        the sentence bounds (a cached output is only used for exactly this article)."""
        bounds = self.bounds
        rows = self.sentences[["sentence_id", "paragraph_id", "start", "end"]].to_numpy()
        return [
            digest(
                a.article_id, a.outlet, a.title, a.text, rows[bounds[p] : bounds[p + 1]].tobytes()
            )
            for p, a in enumerate(self.articles.itertuples(index=False))
        ]


@dataclass(frozen=True)
class _Task:
    """One self-contained piece of annotate work: some articles, their sentences, which
    annotators to run on which of them, and the stored outputs those annotators read."""

    positions: np.ndarray
    articles: pd.DataFrame
    sentences: pd.DataFrame
    annotators: tuple[Annotator, ...]
    todo: dict[str, np.ndarray]
    stored: dict[str, tuple[pd.DataFrame | None, dict[str, pd.DataFrame]]]
    options: Mapping[str, Mapping[str, object]]
    overrides: Path | None


_Output = dict[str, tuple[pd.DataFrame | None, dict[str, pd.DataFrame]]]


def _load_stored(
    corpus: _Corpus, ordered: Sequence[Annotator], keys: Mapping[str, str], cache: Cache | None
) -> dict[str, _Stored]:
    """Per annotator, what the cache holds for the corpus's articles (rows on the corpus's
    sentence index, spans with their article's position) and the articles it lacks."""
    if cache is None:
        everything = list(range(len(corpus.articles)))
        return {a.name: _Stored(None, {}, everything) for a in ordered}
    digests = corpus.digests()
    stored = {}
    for annotator in ordered:
        key = _stage_key(annotator, keys)
        loaded = cache.load(annotator.name, key, digests, version=annotator.version)
        tables = loaded.tables
        columns = None
        if annotator.columns and "columns" in tables:
            frame = tables["columns"]
            rows = corpus.rows_of(frame["position"].drop_duplicates().to_numpy())
            if len(rows) != len(frame):
                raise AssertionError(f"{annotator.name}: cached rows do not match the sentences")
            columns = frame.drop(columns="position").set_axis(corpus.sentences.index[rows])
        spans = {t.name: tables[t.name] for t in annotator.spans if t.name in tables}
        stored[annotator.name] = _Stored(columns, spans, loaded.missing)
    return stored


@dataclass(frozen=True)
class _Stored:
    """An annotator's cached output: columns on the sentence index, span tables with a
    ``position`` column; and the positions of the articles not cached."""

    columns: pd.DataFrame | None
    spans: dict[str, pd.DataFrame]
    missing: list[int]


def _stage_key(annotator: Annotator, keys: Mapping[str, str]) -> str:
    return stage_key(annotator.name, {"annotator": keys[annotator.name]})


def _tasks(
    corpus: _Corpus,
    ordered: Sequence[Annotator],
    todo: Mapping[str, list[int]],
    stored: Mapping[str, _Stored],
    options: Mapping[str, Mapping[str, object]],
    overrides: Path | None,
) -> list[_Task]:
    """Batches of the articles some annotator must still run on, each with what it needs."""
    needed = np.unique(
        np.concatenate([np.asarray(v, dtype=np.int64) for v in todo.values()] or [[]])
    )
    needed = needed.astype(np.int64)
    missing = {name: np.asarray(v, dtype=np.int64) for name, v in todo.items()}
    tasks = []
    for start in range(0, len(needed), BATCH_SIZE):
        positions = needed[start : start + BATCH_SIZE]
        rows = corpus.rows_of(positions)
        sentences = corpus.sentences.iloc[rows]
        run = {n: positions[np.isin(positions, m)] for n, m in missing.items()}
        tasks.append(
            _Task(
                positions=positions,
                articles=corpus.articles.iloc[positions],
                sentences=sentences,
                annotators=tuple(a for a in ordered if len(run[a.name]) or _read(a, ordered, run)),
                todo=run,
                stored=_stored_for(ordered, run, stored, positions, sentences.index),
                options=options,
                overrides=overrides,
            )
        )
    return tasks


def _read(
    annotator: Annotator, ordered: Sequence[Annotator], run: Mapping[str, np.ndarray]
) -> bool:
    """Whether an annotator that runs in this task requires what ``annotator`` makes."""
    products = set(annotator.produces)
    return any(len(run[a.name]) and products & set(a.requires) for a in ordered)


def _stored_for(
    ordered: Sequence[Annotator],
    run: Mapping[str, np.ndarray],
    stored: Mapping[str, _Stored],
    positions: np.ndarray,
    index: pd.Index,
) -> dict[str, tuple[pd.DataFrame | None, dict[str, pd.DataFrame]]]:
    """The cached outputs a task's annotators read: of the annotators they require, for the
    task's articles that those did not have to run on."""
    out = {}
    for annotator in ordered:
        if not _read(annotator, ordered, run):
            continue
        cached = stored[annotator.name]
        columns = cached.columns
        if columns is not None:
            columns = columns[columns.index.isin(index)]
        spans = {n: t[t["position"].isin(positions)] for n, t in cached.spans.items()}
        out[annotator.name] = (columns, spans)
    return out


def _one_task(batch: Sequence[_Task]) -> _Output:
    (task,) = batch
    return _annotate_task(task)


def _annotate_task(task: _Task) -> _Output:
    """Every annotator of the task, in order, on the articles it must run on; what each reads of
    its requirements comes from this task's earlier annotators or from the cache. Returns what
    was computed (a pure function of the task)."""
    articles, rows = task.articles, task.sentences
    position_of = dict(zip(articles["article_id"], task.positions.tolist(), strict=True))
    made: dict[str, pd.Series] = {}
    spans: dict[str, pd.DataFrame] = {}
    computed: _Output = {}
    for annotator in task.annotators:
        chosen = task.todo[annotator.name]
        result = None
        if len(chosen):
            ids = articles["article_id"].to_numpy()[np.isin(task.positions, chosen)]
            part = articles[articles["article_id"].isin(ids)]
            sub = rows[rows["article_id"].isin(ids)]
            needed = [n for n in annotator.requires if n in made]
            given = pd.concat([sub, *(made[n].loc[sub.index] for n in needed)], axis=1)
            own = {
                n: spans[n][spans[n]["article_id"].isin(ids)].drop(columns="position")
                for n in annotator.requires
                if n in spans
            }
            result = annotator.function(
                AnnotatorInput(
                    articles=part,
                    sentences=given,
                    spans=own,
                    options=task.options[annotator.name],
                    data=DataFiles(annotator.data_files, task.overrides),
                )
            )
            _check_output(annotator, result, given, part)
            computed[annotator.name] = (
                result.columns if annotator.columns else None,
                {
                    t.name: _with_position(result.spans[t.name], position_of)
                    for t in annotator.spans
                },
            )
        cached_columns, cached_spans = task.stored.get(annotator.name, (None, {}))
        fresh_columns, fresh_spans = computed.get(annotator.name, (None, {}))
        if annotator.columns:
            both = [f for f in (cached_columns, fresh_columns) if f is not None]
            frame = pd.concat(both).sort_index() if both else None
            if frame is not None:
                made.update({c.name: frame[c.name] for c in annotator.columns})
        for table in annotator.spans:
            parts = [
                f
                for f in (cached_spans.get(table.name), fresh_spans.get(table.name))
                if f is not None
            ]
            spans[table.name] = _by_position(parts, table.columns)
    return computed


def _with_position(frame: pd.DataFrame, position_of: Mapping[str, int]) -> pd.DataFrame:
    return frame.assign(position=frame["article_id"].map(position_of).astype(np.int64))


def _by_position(parts: list[pd.DataFrame], columns: tuple[Column, ...]) -> pd.DataFrame:
    """Span rows of several sources as one table in article order (each article's rows in the
    order its annotator made them)."""
    if not parts:
        return pd.DataFrame(columns=[c.name for c in columns] + ["position"])
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return frame.sort_values("position", kind="stable", ignore_index=True)


def _store(
    cache: Cache,
    corpus: _Corpus,
    ordered: Sequence[Annotator],
    keys: Mapping[str, str],
    tasks: Sequence[_Task],
    outputs: Sequence[_Output],
) -> None:
    """Keep what each task computed: one chunk per task and annotator."""
    digests = corpus.digests() if tasks else []
    bounds = corpus.bounds
    row_article = np.repeat(np.arange(len(corpus.articles)), np.diff(bounds))
    for task, output in zip(tasks, outputs, strict=True):
        for annotator in ordered:
            if annotator.name not in output:
                continue
            columns, spans = output[annotator.name]
            positions = task.todo[annotator.name]
            local = {int(p): i for i, p in enumerate(positions)}
            tables = {
                name: table.assign(position=table["position"].map(local).astype(np.int64))
                for name, table in spans.items()
            }
            if columns is not None:
                rows = corpus.sentences.index.get_indexer(columns.index)
                article = pd.Series(row_article[rows]).map(local).to_numpy(dtype=np.int64)
                tables["columns"] = columns.reset_index(drop=True).assign(position=article)
            items = [digests[p] for p in positions]
            cache.store(annotator.name, _stage_key(annotator, keys), items, tables)


def _assemble(
    corpus: _Corpus,
    annotator: Annotator,
    stored: _Stored,
    tasks: Sequence[_Task],
    outputs: Sequence[_Output],
) -> tuple[pd.DataFrame | None, dict[str, pd.DataFrame]]:
    """An annotator's whole output, cached and computed, in corpus order."""
    fresh = [o[annotator.name] for o in outputs if annotator.name in o]
    columns = None
    if annotator.columns:
        parts = [c for c in [stored.columns, *(f[0] for f in fresh)] if c is not None]
        columns = (
            pd.concat(parts).reindex(corpus.sentences.index)
            if parts
            else pd.DataFrame(
                index=corpus.sentences.index, columns=[c.name for c in annotator.columns]
            )
        )
    spans = {
        t.name: _by_position(
            [
                p
                for p in [stored.spans.get(t.name), *(f[1][t.name] for f in fresh)]
                if p is not None
            ],
            t.columns,
        ).drop(columns="position")
        for t in annotator.spans
    }
    return columns, spans


def _refuse_unknown(named: Iterable[str], annotators: Sequence[Annotator], message: str) -> None:
    """Annotators named in ``framing.toml`` (to skip, or to set options of) must exist: a typo is
    a mistake to point out, not something to ignore. ``message`` takes the unknown names."""
    names = [a.name for a in annotators]
    unknown = sorted(set(named) - set(names))
    if unknown:
        raise ConfigError(f"{message.format(', '.join(unknown))}; known: {', '.join(names)}")


def _merge_extensions(
    spans: dict[str, pd.DataFrame], annotators: Sequence[Annotator]
) -> dict[str, pd.DataFrame]:
    """Span tables with the columns of the tables that extend them (see ``SpanTable.extends``)
    added, and the extending tables folded away."""
    out = dict(spans)
    for table in (t for a in annotators for t in a.spans if t.extends):
        base, extension = out[table.extends], out.pop(table.name)
        keys = ["article_id", "start", "end"]
        if not base[keys].reset_index(drop=True).equals(extension[keys].reset_index(drop=True)):
            raise AssertionError(f"{table.name}: rows differ from those of {table.extends}")
        base = base.copy()
        for column in table.added:
            base[column.name] = extension[column.name].to_numpy()
        out[table.extends] = base
    return out


def _article_bounds(articles: pd.DataFrame, sentences: pd.DataFrame) -> np.ndarray:
    """Row ranges of each article's sentences (``bounds[i]:bounds[i + 1]``): the sentence table
    must hold whole articles, in the article table's order."""
    codes = pd.Categorical(sentences["article_id"], categories=articles["article_id"]).codes
    if (codes < 0).any() or (np.diff(codes) < 0).any():
        raise ConfigError("the sentence table must hold the articles' sentences, in article order")
    return np.searchsorted(codes, np.arange(len(articles) + 1))


def _check_output(
    annotator: Annotator, result: Annotation, sentences: pd.DataFrame, articles: pd.DataFrame
) -> None:
    """Raise ``AssertionError`` unless ``result`` is what ``annotator`` declared: exactly its
    columns, on the input's index, with their dtypes; every span table, with its columns and
    dtypes, spans inside their own articles of this batch."""
    name = annotator.name
    assert isinstance(result, Annotation), (
        f"{name}: returned {type(result).__name__}, not Annotation"
    )
    if annotator.columns:
        frame = result.columns
        assert frame is not None, f"{name}: declared columns {annotator.produces} but returned none"
        declared = [c.name for c in annotator.columns]
        assert list(frame.columns) == declared, (
            f"{name}: columns {list(frame.columns)} != {declared}"
        )
        assert frame.index.equals(sentences.index), f"{name}: not on the sentences' index"
        _check_dtypes(name, frame, annotator.columns)
    assert set(result.spans) == {t.name for t in annotator.spans}, (
        f"{name}: span tables {sorted(result.spans)} != {[t.name for t in annotator.spans]}"
    )
    for table in annotator.spans:
        texts = articles[table.within].fillna("").astype(str)
        lengths = dict(zip(articles["article_id"], texts.str.len(), strict=True))
        frame = result.spans[table.name]
        declared = [c.name for c in table.columns]
        assert list(frame.columns) == declared, (
            f"{name}.{table.name}: columns {list(frame.columns)} != {declared}"
        )
        _check_dtypes(f"{name}.{table.name}", frame, table.columns)
        limit = np.array([lengths.get(a, np.nan) for a in frame["article_id"]], dtype=float)
        assert not np.isnan(limit).any(), f"{name}.{table.name}: spans of articles not in the batch"
        start, end = frame["start"].to_numpy(), frame["end"].to_numpy()
        inside = (start >= 0) & (start <= end) & (end <= limit)
        assert inside.all(), (
            f"{name}.{table.name}: a span lies outside its article's {table.within}"
        )


def _check_dtypes(name: str, frame: pd.DataFrame, columns: tuple[Column, ...]) -> None:
    for column in columns:
        if len(frame):
            assert dtype_matches(frame[column.name], column.dtype), (
                f"{name}: column {column.name!r} is {frame[column.name].dtype}, "
                f"declared {column.dtype}"
            )


def _article_columns(articles: pd.DataFrame) -> pd.DataFrame:
    """What annotators see of the articles: id, outlet, text and title ("" when none)."""
    frame = articles[["article_id", "outlet", "text"]].copy()
    title = articles["title"] if "title" in articles else pd.Series("", index=articles.index)
    frame["title"] = title.fillna("").astype(str)
    return frame


def check_annotator(
    annotator: Annotator,
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    registry: Sequence[Annotator] = (),
) -> None:
    """Raise ``AssertionError`` unless ``annotator`` keeps the contract on this corpus.

    Its requirements are run first (from ``registry``). Then: the declared columns and span
    tables with their dtypes (an empty or partial result fails), on the input's index, spans
    inside their articles; the input is not mutated; a rerun gives the same result; and each
    article annotated alone gives what it got in the batch (pure per article). The sentences
    are given an index that does not start at 0, as in a batch of a larger corpus.
    """
    needed = _with_requirements(annotator, registry)
    ordered, _ = plan(needed)
    prior = annotate(articles, sentences, [a for a in ordered if a is not annotator], jobs=1)
    given = prior.sentences[
        list(SENTENCE_BASE) + [n for n in annotator.requires if n in prior.sentences]
    ]
    given = given.set_axis(given.index + 10_000)  # as in a batch: the index does not start at 0
    spans = {n: prior.spans[n] for n in annotator.requires if n in prior.spans}
    batch = _article_columns(articles)
    options = annotator.resolve_options()
    data = DataFiles(annotator.data_files)

    def run(part: pd.DataFrame, rows: pd.DataFrame) -> Annotation:
        own = {n: s[s["article_id"].isin(part["article_id"])] for n, s in spans.items()}
        return annotator.function(AnnotatorInput(part, rows, own, options, data))

    before = given.copy()
    result = run(batch, given)
    _check_output(annotator, result, given, batch)
    pd.testing.assert_frame_equal(given, before, obj=f"{annotator.name} input (mutated)")
    again = run(batch, given)
    _assert_same(annotator, again, result, "rerun")
    first = batch.iloc[[0]]
    alone = run(first, given[given["article_id"] == first["article_id"].iloc[0]])
    _assert_same(
        annotator, alone, _restrict(result, given, first["article_id"].iloc[0]), "one article alone"
    )


def _with_requirements(annotator: Annotator, registry: Sequence[Annotator]) -> list[Annotator]:
    maker = {p: a for a in registry for p in a.produces}
    found, todo = {annotator.name: annotator}, list(annotator.requires)
    while todo:
        need = todo.pop()
        if need in maker and maker[need].name not in found:
            found[maker[need].name] = maker[need]
            todo.extend(maker[need].requires)
    return list(found.values())


def _restrict(result: Annotation, sentences: pd.DataFrame, article_id: str) -> Annotation:
    rows = sentences["article_id"] == article_id
    columns = result.columns[rows.to_numpy()] if result.columns is not None else None
    spans = {
        n: s[s["article_id"] == article_id].reset_index(drop=True) for n, s in result.spans.items()
    }
    return Annotation(columns, spans)


def _assert_same(annotator: Annotator, left: Annotation, right: Annotation, what: str) -> None:
    if left.columns is not None or right.columns is not None:
        pd.testing.assert_frame_equal(left.columns, right.columns, obj=f"{annotator.name} {what}")
    for name in right.spans:
        pd.testing.assert_frame_equal(
            left.spans[name].reset_index(drop=True),
            right.spans[name].reset_index(drop=True),
            obj=f"{annotator.name}.{name} {what}",
        )
