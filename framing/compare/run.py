"""Run comparisons: order them by what they require, hand each the products it asked for, and
check what each returns against what it declared.

The same rules as the annotate runner (``framing.annotate.run.plan``): a requirement nobody
makes, two comparisons making the same name, or a cycle is a configuration error; a comparison
that needs something left out (a comparison left out, or an annotator's output that this run
does not have) is left out too, with a note saying why.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

import pandas as pd

from ..annotate.base import Annotator
from ..errors import ConfigError
from ..progress import progress_bar
from ..schema import TABLES
from .base import SENTENCES, CompareInput, CompareOutput, Comparison
from .cached import projected, run_cached

__all__ = ["plan", "input_names", "annotator_inputs", "compare"]


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
    merged = CompareOutput(notes=dict(notes))
    annotated = {n.removeprefix(f"{SENTENCES}.") for n in (known or {}) if n.startswith(SENTENCES)}
    memo: dict[tuple[str, str], bytes] = {}  # column digests, made once for every comparison
    with progress_bar(
        total=len(ordered), desc="comparisons", unit="comparison", enabled=given.progress
    ) as bar:
        for comparison in ordered:
            bar.set_postfix_str(comparison.name)
            needed = replace(
                given,
                tables={n: merged.tables[n] for n in comparison.requires if n in merged.tables},
                extras={n: merged.extras[n] for n in comparison.requires if n in merged.extras},
            )
            if comparison.reads is not None and known is not None:
                needed = projected(needed, comparison.reads, annotated)
            _merge(merged, comparison, run_cached(comparison, needed, memo))
            bar.update()
    return merged


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
