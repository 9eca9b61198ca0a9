"""Run annotators: order them by what they require, map them over batches of whole articles
(in worker processes for large corpora), and check what each returns against what it declared.

One executor does the per-article work of every stage (:mod:`framing.executor`);
here each task (``framing.annotate.tasks``) runs, in order, the annotators its articles still need,
so an annotator reads the columns and spans its requirements made for the same articles a moment
before, or that the cache held.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..cache import Cache
from ..errors import ConfigError
from ..executor import Executor, Processes
from ..schema import body_rows, conform
from .base import SENTENCE_BASE, Annotation, Annotator, AnnotatorInput, DataFiles
from .tasks import (
    _assemble,
    _check_output,
    _Corpus,
    _load_stored,
    _one_task,
    _store,
    _tasks,
)

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
    executor: Executor | None = None,
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
    executor : Executor, default=None
        Where the tasks run (:mod:`framing.executor`: this process, worker processes, a Dask
        cluster); None: ``jobs`` worker processes. Results are identical whatever it is.
    """
    settings = settings or {}
    executor = executor or Processes(jobs)
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
    outputs = executor.run_batches(
        _one_task,
        tasks,
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
