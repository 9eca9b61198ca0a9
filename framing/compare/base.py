"""The comparison contract: what a comparison gets, what it makes, and what it requires.

A comparison is a function from the corpus (articles, annotated sentences, span tables) to named
tables (each documented in ``framing.schema``), notes on parts the corpus's shape left out, and
extras for the Python API. It declares what it ``requires``: tables or extras that other
comparisons make, or names of the annotated input (``framing.compare.run.plan`` orders
comparisons by them, as the annotate runner orders annotators), and it gets the products of
other comparisons it asked for in ``CompareInput.tables`` and ``CompareInput.extras``.

This module holds only the types: comparison modules import it, the registry
(``framing.compare.registry``) imports the comparison modules, and nothing imports back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..cache import Cache
from .options import CompareOptions

__all__ = ["CompareInput", "CompareOutput", "Comparison", "ExtrasCodec", "SENTENCES"]

SENTENCES = "sentences"
"""The table a requirement ``sentences.<column>`` names a column of."""


@dataclass(frozen=True)
class CompareInput:
    """What a comparison gets: the articles, the annotated sentences, the span tables, and the
    tables and extras it requires from other comparisons (only those, by name)."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    spans: Mapping[str, pd.DataFrame]
    options: CompareOptions
    progress: bool = False
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    """Tables of required comparisons, by name; one the comparison did not make this run (the
    corpus's shape left it out) is absent."""
    extras: Mapping[str, object] = field(default_factory=dict)
    """Extras of required comparisons, by name (absent when not made, as ``tables``)."""
    cache: Cache | None = None
    """The run's cache, for per-article work a comparison does (``framing.cache``)."""
    jobs: int = 1
    """Worker processes the runner may use for comparisons that do not depend on each other (0:
    one per core; ``framing.compare.run.compare``)."""


@dataclass(frozen=True)
class CompareOutput:
    """What a comparison makes: tables by name, notes on parts left out (and why), and other
    objects for the Python API (``Result.extras``)."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    extras: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ExtrasCodec:
    """How a comparison's extras become tables the cache can hold, and how they are made again.

    Why: the cache stores Arrow tables and never pickles, so a comparison whose extras are
    Python objects (term counts as sparse matrices, rankings) is kept whole only when it says
    how to take them apart into tables and put them back together (``framing.compare.cached``).
    What ``decode`` can recompute cheaply from its input (a ranking of a required table, a
    grouping of counts) it need not keep.

    Attributes
    ----------
    encode : callable
        ``CompareOutput -> dict[str, DataFrame]``: the tables that, with the output's tables and
        notes, make its extras again.
    decode : callable
        ``(kept tables, CompareOutput without extras, CompareInput) -> dict[str, object]``: the
        extras again, exactly as made; the input is the one the comparison would be handed (with
        the tables and extras it requires).
    """

    encode: Callable[[CompareOutput], dict[str, pd.DataFrame]]
    decode: Callable[[Mapping[str, pd.DataFrame], CompareOutput, CompareInput], dict[str, object]]


@dataclass(frozen=True)
class Comparison:
    """A registered comparison.

    Attributes
    ----------
    name : str
        Its name (the key of its notes when the runner leaves it out).
    tables : tuple of str
        Tables ``run`` may make, each in ``framing.schema.TABLES``.
    run : callable
        ``CompareInput -> CompareOutput``.
    requires : tuple of str
        What it needs before it can run: a table or extra another comparison makes (it gets
        them in ``CompareInput.tables`` / ``extras``), or a name of the annotated input: a span
        table (``quotes``), a column of one (``mentions.tone``) or a sentence column
        (``sentences.hedges``). Without one of them it is left out, with a note saying which.
        Inputs a comparison can do without (a column it uses when present) are not listed.
    extras : tuple of str
        Extras ``run`` may make (objects for the Python API and for comparisons that require
        them; not written).
    reads : tuple of str or None
        All of the annotated input it reads, required or not: span tables (``quotes``) and
        annotators' sentence columns (``sentences.hedges``); the articles and the prepared
        sentence columns (text, ids, offsets) it always gets. When given, it is handed only
        those, so it cannot read anything else, and its output kept in the cache is keyed by
        them alone: a lexicon edit that changes other annotators' output leaves it cached.
        None (the default) hands it everything.
    codec : ExtrasCodec or None
        How its extras are kept in the cache. A comparison with extras and no codec is computed
        on every run; one without extras needs none.
    """

    name: str
    tables: tuple[str, ...]
    run: Callable[[CompareInput], CompareOutput]
    requires: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()
    reads: tuple[str, ...] | None = None
    codec: ExtrasCodec | None = None

    @property
    def produces(self) -> tuple[str, ...]:
        """Names of the tables and extras it may make."""
        return self.tables + self.extras
