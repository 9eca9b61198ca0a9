"""Annotate work as self-contained tasks, with the cache: which articles each annotator must
still run on, batches of them shipped with their sentences and the cached outputs they read (never
the whole corpus), and each annotator's whole output put together again in corpus order.

Why tasks: a worker (a process here, another machine with a cluster) gets only what its articles
need; and an annotator whose output for an article is cached is not run on it, while one that
must run gets what it requires from the cache or from the same task.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..cache import Cache, digest, stage_key
from ..errors import ConfigError
from ..parallel import BATCH_SIZE
from ..schema import Column, dtype_matches
from .base import Annotation, Annotator, AnnotatorInput, DataFiles


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
