"""Run comparisons: order them by what they require, hand each the products it asked for, and
check what each returns against what it declared.

The same rules as the annotate runner (``framing.annotate.run.plan``): a requirement nobody
makes, two comparisons making the same name, or a cycle is a configuration error; a comparison
that needs something left out (a comparison left out, or an annotator's output that this run
does not have) is left out too, with a note saying why.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import fields, is_dataclass, replace
from functools import partial

import pandas as pd

from ..annotate.base import Annotator
from ..cache import CacheStats
from ..errors import ConfigError
from ..memory import release_memory
from ..parallel import PARALLEL_MIN_ITEMS, run_batches
from ..schema import TABLES
from .base import SENTENCES, CompareInput, CompareOutput, Comparison
from .cached import cached_output, keep_output, projected, restored

__all__ = ["plan", "input_names", "annotator_inputs", "compare", "PARALLEL_MAX_WORDS"]


def input_names(sentences: pd.DataFrame, spans: Mapping[str, pd.DataFrame]) -> set[str]:
    """The names a requirement can give of this annotated input: each span table, each of its
    columns (``mentions.tone``) and each sentence column (``sentences.hedges``)."""
    names = {f"{SENTENCES}.{column}" for column in sentences.columns}
    for name, table in spans.items():
        names.add(name)
        names.update(f"{name}.{column}" for column in table.columns)
    return names


def annotator_inputs(annotators: Sequence[Annotator]) -> dict[str, str]:
    """Every input name ``annotators`` can make (as :func:`input_names` spells them), with the
    annotator that makes it: what tells a requirement on a switched-off annotator from a typo."""
    known: dict[str, str] = {}
    for annotator in annotators:
        for column in annotator.columns:
            known[f"{SENTENCES}.{column.name}"] = annotator.name
        for span in annotator.spans:
            if span.extends:  # its columns land in the table it extends
                known.update({f"{span.extends}.{c.name}": annotator.name for c in span.added})
                continue
            known[span.name] = annotator.name
            known.update({f"{span.name}.{c.name}": annotator.name for c in span.columns})
    return known


def plan(
    comparisons: Sequence[Comparison],
    *,
    inputs: Collection[str] = (),
    known: Mapping[str, str] | None = None,
) -> tuple[list[Comparison], dict[str, str]]:
    """Comparisons in an order where each comes after those it requires; and the ones left out.

    Parameters
    ----------
    comparisons : sequence of Comparison
        In any order; the order is kept where requirements allow.
    inputs : collection of str
        The annotated input's names (:func:`input_names`).
    known : mapping of str to str, optional
        Input names the annotators can make, each with its annotator (:func:`annotator_inputs`):
        a requirement among them that ``inputs`` lacks leaves its comparison out with a note.

    Returns
    -------
    list of Comparison, dict of str to str
        The comparisons to run, in order; those left out, with why.

    Raises
    ------
    ConfigError
        A requirement that no comparison and no annotator makes, a name made by two comparisons
        (or by a comparison and the annotators), or comparisons that require each other.
    """
    known = dict(known or {})
    maker = _makers(comparisons, set(inputs) | set(known))
    notes: dict[str, str] = {}
    for comparison in comparisons:
        for need in comparison.requires:
            if need in maker or need in inputs:
                continue
            if need not in known:
                raise ConfigError(
                    f"comparison {comparison.name!r} requires {need!r}, which no comparison "
                    "or annotator makes"
                )
            notes.setdefault(
                comparison.name,
                f"needs {need!r}, which annotator {known[need]!r} makes and this run left out",
            )
    ordered: list[Comparison] = []
    pending = [c for c in comparisons if c.name not in notes]
    while pending:
        blocked = [c for c in pending if _blocked(c, maker, notes)]
        for comparison in blocked:
            cause = next(n for n in comparison.requires if n in maker and maker[n].name in notes)
            notes[comparison.name] = f"needs {cause!r}, which is left out"
        ready = [
            c
            for c in pending
            if c not in blocked and all(n not in maker or maker[n] in ordered for n in c.requires)
        ]
        if not ready and not blocked:
            raise ConfigError(
                f"comparisons require each other in a cycle: {[c.name for c in pending]}"
            )
        ordered.extend(ready)
        pending = [c for c in pending if c not in ready and c not in blocked]
    return ordered, notes


def _makers(comparisons: Sequence[Comparison], inputs: set[str]) -> dict[str, Comparison]:
    """Each product's comparison; a name made twice, or also an input name, is refused."""
    maker: dict[str, Comparison] = {}
    for comparison in comparisons:
        for product in comparison.produces:
            if product in maker or product in inputs:
                raise ConfigError(
                    f"{product!r} is made by two comparisons (or is a table of the annotated input)"
                )
            maker[product] = comparison
    return maker


def _blocked(comparison: Comparison, maker: Mapping[str, Comparison], notes: dict) -> bool:
    return any(n in maker and maker[n].name in notes for n in comparison.requires)


def compare(
    given: CompareInput,
    comparisons: Sequence[Comparison],
    *,
    known: Mapping[str, str] | None = None,
) -> CompareOutput:
    """Run ``comparisons`` in :func:`plan` order; their tables, notes and extras merged.

    Each gets ``given`` with the tables and extras it requires from the others. One progress bar
    counts the comparisons (the one running named beside it); a comparison may show its own
    steps below it (``CompareInput.progress``). A table the comparison did not declare, one
    without a schema, one whose columns do not start with its schema's, or an undeclared extra
    is an error (checked, not converted: a keyness table can have ten million rows). With a
    cache (``given.cache``), a comparison that makes only tables is taken from it when an
    earlier run made it from the same input (:mod:`framing.compare.cached`). A comparison that
    declares what it ``reads`` is handed only that (when ``known`` tells the annotators'
    columns from the prepared ones).
    """
    ordered, notes = plan(
        comparisons, inputs=input_names(given.sentences, given.spans), known=known
    )
    annotated = {n.removeprefix(f"{SENTENCES}.") for n in (known or {}) if n.startswith(SENTENCES)}
    handed = {c.name: _handed(c, given, known, annotated) for c in ordered}
    memo: dict[tuple[str, str], bytes] = {}  # column digests, made once for every comparison
    found = {c.name: cached_output(c, handed[c.name], memo) for c in ordered}
    found = {name: output for name, output in found.items() if output is not None}
    groups = _groups(ordered)
    pending = [g for g in groups if any(c.name not in found for c in g)]
    parallel = len(given.articles) >= PARALLEL_MIN_ITEMS and _words(given) <= PARALLEL_MAX_WORDS
    made = run_batches(
        partial(_run_groups, handed, found, os.getpid()),
        pending,
        jobs=given.jobs if parallel else 1,
        batch_size=1,
        min_parallel=0,
        progress=given.progress,
        desc="comparisons",
        unit="comparison",
        weight=len,
    )
    # groups wholly from the cache: their extras decoded here, in order (no worker needed)
    made += [_run_groups(handed, found, os.getpid(), [g]) for g in groups if g not in pending]
    outputs: dict[str, CompareOutput] = {}
    for group, stats in made:
        for name, output in group.items():
            outputs[name] = _attached(output, handed[name])
        if stats is not None and given.cache is not None:
            given.cache.add_stats(stats)
    merged = CompareOutput(notes=dict(notes))
    for comparison in ordered:
        if comparison.name not in found:
            keep_output(comparison, handed[comparison.name], outputs[comparison.name], memo)
        _merge(merged, comparison, outputs[comparison.name])
    return merged


PARALLEL_MAX_WORDS = 10_000_000
"""Above this many words, comparisons run one at a time: memory first. Two at once hold two
comparisons' working memory together (the naming search's alone is about 1 GB at 10 million
words), and on the whole AllSides file (35 million words) the process tree peaked at 8.3 GB
with two at once."""


def _words(given: CompareInput) -> int:
    if "n_words" in given.articles:
        return int(given.articles["n_words"].fillna(0).sum())
    return int(given.sentences["text"].str.len().fillna(0).sum() // 6)  # about 6 characters a word


def _handed(
    comparison: Comparison,
    given: CompareInput,
    known: Mapping[str, str] | None,
    annotated: set[str],
) -> CompareInput:
    """What a comparison is handed of ``given``: only what it ``reads``, when it says and
    ``known`` tells the annotators' columns from the prepared ones."""
    if comparison.reads is None or known is None:
        return given
    return projected(given, comparison.reads, annotated)


def _groups(ordered: Sequence[Comparison]) -> list[list[Comparison]]:
    """The comparisons in groups that do not depend on each other (one requiring another's
    product is in its group), each in plan order, the groups in the order of their first."""
    maker = {product: c.name for c in ordered for product in c.produces}
    group_of: dict[str, int] = {}
    groups: list[list[Comparison]] = []
    for comparison in ordered:
        joined = {group_of[maker[n]] for n in comparison.requires if n in maker}
        if not joined:
            group_of[comparison.name] = len(groups)
            groups.append([comparison])
            continue
        first, *others = sorted(joined)
        for other in others:  # two groups joined by this comparison become one
            for member in groups[other]:
                group_of[member.name] = first
            groups[first].extend(groups[other])
            groups[other] = []
        groups[first].append(comparison)
        group_of[comparison.name] = first
    order = {c.name: k for k, c in enumerate(ordered)}
    return [sorted(g, key=lambda c: order[c.name]) for g in groups if g]


def _run_groups(
    handed: Mapping[str, CompareInput],
    found: Mapping[str, CompareOutput],
    parent: int,
    groups: Sequence[list[Comparison]],
) -> tuple[dict[str, CompareOutput], CacheStats | None]:
    """One task: each group's comparisons in order, each handed the tables and extras it
    requires from those before it (an output the cache held is used as it is). Outputs go back
    without the corpus's sentence table an extra may hold (the main process has it). On a
    worker process (not ``parent``), per-article work a comparison keeps in the cache goes
    through a connection of the worker's own, whose statistics go back too."""
    own = None
    if os.getpid() != parent:
        shared = next((h.cache for h in handed.values() if h.cache is not None), None)
        own = shared.reopened() if shared is not None else None
        # and no progress bars of their own: they would cross the main process's
        handed = {n: replace(h, cache=own, progress=False) for n, h in handed.items()}
    outputs: dict[str, CompareOutput] = {}
    try:
        for group in groups:
            outputs.update(_run_group(group, handed, found))
    finally:
        if own is not None:
            own.close()
    return outputs, own.stats if own is not None else None


def _run_group(
    group: list[Comparison],
    handed: Mapping[str, CompareInput],
    found: Mapping[str, CompareOutput],
) -> dict[str, CompareOutput]:
    outputs: dict[str, CompareOutput] = {}
    tables: dict[str, pd.DataFrame] = {}
    extras: dict[str, object] = {}
    for comparison in group:
        needed = replace(
            handed[comparison.name],
            tables={n: tables[n] for n in comparison.requires if n in tables},
            extras={n: extras[n] for n in comparison.requires if n in extras},
        )
        output = found.get(comparison.name)
        if output is None:
            output = comparison.run(needed)
            release_memory(len(needed.sentences))  # its temporaries, before the next
        else:
            output = restored(comparison, output, needed)
        tables.update(output.tables)
        extras.update(output.extras)
        outputs[comparison.name] = _detached(output, needed)
    return outputs


_SENTENCES = "<the corpus's sentence table>"
"""Stands in an extra's field for the sentence table the comparison was handed, on its way back
from a worker process (pickling it would copy the largest table of the run)."""


def _detached(output: CompareOutput, given: CompareInput) -> CompareOutput:
    def swap(value: object) -> object:
        return _SENTENCES if value is given.sentences else value

    return replace(output, extras={n: _fields_swapped(v, swap) for n, v in output.extras.items()})


def _attached(output: CompareOutput, given: CompareInput) -> CompareOutput:
    def swap(value: object) -> object:  # compared by value: unpickled, it is another string
        return given.sentences if isinstance(value, str) and value == _SENTENCES else value

    return replace(output, extras={n: _fields_swapped(v, swap) for n, v in output.extras.items()})


def _fields_swapped(value: object, swap: Callable[[object], object]) -> object:
    """A dataclass ``value`` with each field replaced by ``swap`` of it (else ``value``)."""
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changed = {}
    for field in fields(value):
        old = getattr(value, field.name)
        new = swap(old)
        if new is not old:
            changed[field.name] = new
    return replace(value, **changed) if changed else value


def _merge(merged: CompareOutput, comparison: Comparison, output: CompareOutput) -> None:
    """Add a comparison's output to ``merged``, checking it against its declaration."""
    for name, table in output.tables.items():
        if name not in comparison.tables or name not in TABLES:
            raise ValueError(f"comparison {comparison.name!r} made undeclared table {name!r}")
        expected = [c.name for c in TABLES[name].columns]
        if list(table.columns[: len(expected)]) != expected:
            raise ValueError(f"table {name!r}: columns {list(table.columns)} != {expected}")
        merged.tables[name] = table
    for name in output.extras:
        if name not in comparison.extras:
            raise ValueError(f"comparison {comparison.name!r} made undeclared extra {name!r}")
    merged.notes.update(output.notes)
    merged.extras.update(output.extras)
