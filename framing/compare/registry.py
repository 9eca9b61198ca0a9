"""Comparisons register what they make: each is a name, the tables it writes, and a function.

Why a registry: a capability (voices, labels, frames ...) adds one compare module that registers
its :class:`Comparison` in ``COMPARISONS``; ``framing.analyze`` runs every registered one, the
result holds their tables by name, and the writer writes each with its schema
(``framing.schema``). Nothing else in the code changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..progress import progress_bar
from ..schema import TABLES
from .lexical import compare_lexicon
from .options import CompareOptions
from .similarity import similarity_table

__all__ = ["CompareInput", "CompareOutput", "Comparison", "COMPARISONS", "run_comparisons"]


@dataclass(frozen=True)
class CompareInput:
    """What a comparison gets: the articles, the annotated sentences, the span tables."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    spans: Mapping[str, pd.DataFrame]
    options: CompareOptions
    progress: bool = False


@dataclass(frozen=True)
class CompareOutput:
    """What a comparison makes: tables by name, notes on parts left out (and why), and other
    objects for the Python API (``Result.extras``)."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    extras: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    """A registered comparison: ``run`` may make any of ``tables`` (each in ``framing.schema``)."""

    name: str
    tables: tuple[str, ...]
    run: Callable[[CompareInput], CompareOutput]


def _lexical(given: CompareInput) -> CompareOutput:
    lexical = compare_lexicon(
        given.articles, given.sentences, options=given.options, progress=given.progress
    )
    tables: dict[str, pd.DataFrame] = {}
    if len(lexical.keyness):
        tables["keyness"] = lexical.keyness
    if len(lexical.cosine) > 1:
        tables["similarity"] = similarity_table(
            lexical.counts, cosine=lexical.cosine, divergence=lexical.divergence
        )
    if len(lexical.headline_keyness):
        tables["headline_keyness"] = lexical.headline_keyness
    if lexical.outlet_metrics is not None:
        tables["outlet_metrics"] = lexical.outlet_metrics
        tables["article_metrics"] = lexical.article_metrics
    return CompareOutput(tables, dict(lexical.notes), {"lexical": lexical})


LEXICAL = Comparison(
    "lexical",
    ("keyness", "headline_keyness", "similarity", "outlet_metrics", "article_metrics"),
    _lexical,
)


def _voices_comparison() -> Comparison:
    from .voices import VOICES

    return VOICES


def _naming_comparison() -> Comparison:
    from .naming import NAMING

    return NAMING


def _tone_comparison() -> Comparison:
    from .tone import TONE

    return TONE


def _loaded_comparison() -> Comparison:
    from .loaded import LOADED

    return LOADED


COMPARISONS: tuple[Comparison, ...] = (
    LEXICAL,
    _voices_comparison(),
    _naming_comparison(),
    _tone_comparison(),
    _loaded_comparison(),
)
"""Every comparison ``framing.analyze`` runs, in order."""


def run_comparisons(
    given: CompareInput, comparisons: Sequence[Comparison] = COMPARISONS
) -> CompareOutput:
    """Run each comparison; their tables, notes and extras merged. A table the comparison did not
    declare, one without a schema, or one whose columns do not start with its schema's, is an
    error (checked, not converted: a keyness table can have ten million rows)."""
    merged = CompareOutput()
    # the lexical comparison shows its own steps; the others share one bar, labelled with the one
    # running (naming's discovery takes minutes on a large corpus)
    lexical = [c for c in comparisons if c.name == "lexical"]
    rest = [c for c in comparisons if c.name != "lexical"]
    for comparison in lexical:
        _merge(merged, comparison, comparison.run(given))
    with progress_bar(
        total=len(rest), desc="comparisons", unit="comparison", enabled=given.progress
    ) as bar:
        for comparison in rest:
            bar.set_postfix_str(comparison.name)
            _merge(merged, comparison, comparison.run(given))
            bar.update()
    return merged


def _merge(merged: CompareOutput, comparison: Comparison, output: CompareOutput) -> None:
    """Add a comparison's output to ``merged``, checking its tables against the schema."""
    for name, table in output.tables.items():
        if name not in comparison.tables or name not in TABLES:
            raise ValueError(f"comparison {comparison.name!r} made undeclared table {name!r}")
        expected = [c.name for c in TABLES[name].columns]
        if list(table.columns[: len(expected)]) != expected:
            raise ValueError(f"table {name!r}: columns {list(table.columns)} != {expected}")
        merged.tables[name] = table
    merged.notes.update(output.notes)
    merged.extras.update(output.extras)
