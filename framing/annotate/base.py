"""The annotator contract: small, pure functions over whole articles that build on each other.

An annotator declares what it **requires** (columns or span tables that other annotators make)
and what it **produces**: sentence columns, and span tables keyed by article with character
offsets into the article's text (several quotes in one sentence, a quote across sentences, an
actor mention). The runner (:mod:`framing.annotate.run`) orders annotators by their requirements
and hands each exactly what it asked for, plus its options and its data files (packaged, or the
corpus's own in ``<corpus>/lexicons/``).

Pure per article: the output for an article depends only on that article's rows, the options
and the data files; no I/O, no state across articles, no mutation of the input. That is what
lets the runner split the corpus into batches and run them in worker processes, and what the
cache key (name, version, options, data-file contents, requirements' keys) stands for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..lexicons import data_digest, has_override, read_lines, read_records, read_text
from ..schema import Column

__all__ = [
    "Option",
    "SpanTable",
    "DataFiles",
    "AnnotatorInput",
    "Annotation",
    "Annotator",
    "SENTENCE_BASE",
    "article_blocks",
    "inside_spans",
    "SpanPlaces",
    "quote_spans",
]

SENTENCE_BASE = ("article_id", "outlet", "sentence_id", "paragraph_id", "start", "end", "text")
"""Sentence columns every annotator gets, whatever it requires."""


@dataclass(frozen=True)
class Option:
    """One option of an annotator, set in ``framing.toml`` under ``[annotate.<name>]``.

    ``check(value)`` says whether a value is acceptable; ``expected`` describes acceptable values
    for the error message ("an int >= 1").
    """

    name: str
    default: object
    check: Callable[[object], bool]
    expected: str
    help: str


@dataclass(frozen=True)
class SpanTable:
    """A table of spans an annotator produces: one row per span (``rows`` says what one is),
    keyed by ``article_id`` with ``start``/``end`` character offsets into that article's
    ``text`` (or the column ``within`` names); written as ``data/<name>.csv``."""

    name: str
    columns: tuple[Column, ...]
    rows: str
    within: str = "text"
    """The article column the offsets index: ``text``, or ``title`` (``headline_quotes``)."""
    extends: str = ""
    """The span table (another annotator's, which it must require) that this one adds columns
    to: one row per row of it, in its order, matched on ``article_id``, ``start`` and ``end``.
    The run writes the added columns into that table (``tone`` into ``mentions``) instead of
    a table of its own, so annotators that build on each other still write one table per
    concept."""

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if names[:1] != ["article_id"] or not {"start", "end"} <= set(names):
            raise ValueError(f"span table {self.name!r} needs article_id first, start and end")

    @property
    def added(self) -> tuple[Column, ...]:
        """The columns an extending table adds to the one it extends."""
        return tuple(c for c in self.columns if c.name not in ("article_id", "start", "end"))


class DataFiles:
    """The data files an annotator declared, resolved once: the corpus's override in
    ``<corpus>/lexicons/`` when there is one, else the packaged file. Reading a file the
    annotator did not declare is an error (its cache key would not cover it)."""

    def __init__(self, names: tuple[str, ...], overrides: Path | None = None) -> None:
        self.names = names
        self.overrides = overrides

    def _check(self, name: str) -> None:
        if name not in self.names:
            raise ConfigError(f"data file {name!r} is not among the annotator's {self.names}")

    def text(self, name: str) -> str:
        self._check(name)
        return read_text(name, self.overrides)

    def lines(self, name: str) -> tuple[str, ...]:
        self._check(name)
        return read_lines(name, self.overrides)

    def records(self, name: str) -> list[dict[str, str]]:
        self._check(name)
        return read_records(name, self.overrides)

    def word_lists(self, name: str) -> dict[str, frozenset[str]]:
        """A ``role,words`` file (``attribution_words.csv``) as role → its words."""
        return {row["role"].strip(): frozenset(row["words"].split()) for row in self.records(name)}

    def layered_records(self, name: str, key: str, *, fold: bool = False) -> list[dict[str, str]]:
        """Rows of the packaged file, added to and overridden by the corpus's file of the same
        name: a corpus row whose ``key`` matches a packaged row replaces it, one whose ``type``
        is ``remove`` drops it. For registries (actors) that users extend rather than replace.
        ``fold``: keys match whatever their case (for lists matched case-insensitively)."""
        self._check(name)

        def key_of(row: dict[str, str]) -> str:
            value = (row.get(key) or "").strip()
            return value.casefold() if fold else value

        rows = {key_of(r): r for r in read_records(name)}
        if has_override(name, self.overrides):
            for row in read_records(name, self.overrides):
                if (row.get("type") or "").strip() == "remove":
                    rows.pop(key_of(row), None)
                else:
                    rows[key_of(row)] = row
        return list(rows.values())

    def digest(self) -> str:
        """sha256 over every declared file's name and content: the corpus's override and the
        packaged file (layered files read both)."""
        return data_digest(self.names, self.overrides)


@dataclass(frozen=True)
class AnnotatorInput:
    """What an annotator gets for a batch of whole articles.

    Attributes
    ----------
    articles : DataFrame
        ``article_id``, ``outlet``, ``text`` and ``title`` ("" when none) of the batch's
        articles.
    sentences : DataFrame
        Their sentence rows: ``SENTENCE_BASE`` plus every required sentence column.
    spans : mapping of str to DataFrame
        Every required span table, restricted to the batch's articles.
    options : mapping
        The annotator's options, defaults filled in and validated.
    data : DataFiles
        The annotator's declared data files.
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    spans: Mapping[str, pd.DataFrame]
    options: Mapping[str, object]
    data: DataFiles


@dataclass(frozen=True)
class Annotation:
    """What an annotator returns: its sentence columns (on the input's index) and span tables."""

    columns: pd.DataFrame | None = None
    spans: Mapping[str, pd.DataFrame] = field(default_factory=dict)


@dataclass(frozen=True)
class Annotator:
    """One annotator.

    Parameters
    ----------
    name : str
        Short identifier (``length``, ``quotes``, ``in_quote`` ...); also its section in
        ``framing.toml`` (``[annotate.<name>]``).
    function : callable
        ``function(AnnotatorInput) -> Annotation``.
    columns : tuple of Column, default=()
        The sentence columns it adds, with dtype and meaning.
    spans : tuple of SpanTable, default=()
        The span tables it produces.
    requires : tuple of str, default=()
        Sentence columns or span tables, made by other annotators, that it reads.
    data_files : tuple of str, default=()
        Data files in ``framing/data`` (overridable per corpus) that it reads.
    options : tuple of Option, default=()
        Its options, with defaults.
    version : str, default="1"
        Bumped when its output changes for the same input (part of its cache key).
    """

    name: str
    function: Callable[[AnnotatorInput], Annotation]
    columns: tuple[Column, ...] = ()
    spans: tuple[SpanTable, ...] = ()
    requires: tuple[str, ...] = ()
    data_files: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    version: str = "1"

    @property
    def produces(self) -> tuple[str, ...]:
        """Names of the sentence columns and span tables it makes."""
        return tuple(c.name for c in self.columns) + tuple(s.name for s in self.spans)

    def resolve_options(self, settings: Mapping[str, object] | None = None) -> dict[str, object]:
        """Its options: defaults, then ``settings``; an unknown or invalid one is an error with
        one message shape."""
        settings = dict(settings or {})
        known = {o.name: o for o in self.options}
        unknown = sorted(set(settings) - set(known))
        if unknown:
            raise ConfigError(
                f"[annotate.{self.name}]: annotator {self.name!r} has no option(s) "
                f"{', '.join(unknown)}; its options are: {', '.join(sorted(known)) or 'none'}."
            )
        values = {name: option.default for name, option in known.items()}
        for name, value in settings.items():
            if not known[name].check(value):
                raise ConfigError(
                    f"[annotate.{self.name}]: the '{name}' option of annotator '{self.name}' "
                    f"must be {known[name].expected}; got {value!r} instead."
                )
            values[name] = value
        return values


def article_blocks(article_ids: pd.Series) -> dict[str, tuple[int, int]]:
    """Row range ``(first, last)`` of each article in a table that holds articles' rows
    together (as the sentence table does)."""
    values = article_ids.to_numpy(dtype=object)
    if not len(values):
        return {}
    change = np.flatnonzero(values[1:] != values[:-1]) + 1
    firsts = np.r_[0, change]
    lasts = np.r_[change, len(values)]
    return {values[f]: (int(f), int(e)) for f, e in zip(firsts, lasts, strict=True)}


def inside_spans(positions: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether each position lies inside one of the sorted, non-overlapping spans."""
    if not len(starts):
        return np.zeros(len(positions), dtype=bool)
    index = np.searchsorted(starts, positions, side="right") - 1
    inside = index >= 0
    inside[inside] = positions[inside] < ends[index[inside]]
    return inside


def quote_spans(given: AnnotatorInput) -> dict[str, list[tuple[int, int]]]:
    """Each article's quotations (the ``quote_marks`` spans), as ``(start, end)`` in order:
    what the annotators that read only the outlet's own voice blank or skip."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in given.spans["quote_marks"][
        ["article_id", "start", "end"]
    ].itertuples(index=False, name=None):
        spans.setdefault(article_id, []).append((int(start), int(end)))
    return spans


class SpanPlaces:
    """Where character positions of an article's ``text`` fall: their sentence, and whether a
    quotation (the ``quote_marks`` spans) holds them. Shared by the annotators that find spans
    in the text (names, naming variants), so that each places them by the same rules."""

    def __init__(self, given: AnnotatorInput) -> None:
        self._blocks = article_blocks(given.sentences["article_id"])
        self._starts = given.sentences["start"].to_numpy()
        self._ids = given.sentences["sentence_id"].to_numpy()
        marks = given.spans["quote_marks"]
        self._quotes = {
            a: (g["start"].to_numpy(), g["end"].to_numpy())
            for a, g in marks.groupby("article_id", sort=False)
        }

    def has_sentences(self, article_id: str) -> bool:
        first, last = self._blocks.get(article_id, (0, 0))
        return last > first

    def place(self, article_id: str, positions: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Each position's ``sentence_id`` (-1 in an article without sentences) and whether it
        lies inside a quotation."""
        at = np.asarray(positions, dtype=np.int64)
        empty = np.array([], dtype=np.int64)
        q_starts, q_ends = self._quotes.get(article_id, (empty, empty))
        inside = inside_spans(at, q_starts, q_ends)
        first, last = self._blocks.get(article_id, (0, 0))
        if last <= first:
            return np.full(len(at), -1, dtype=np.int64), inside
        rows = first + np.maximum(np.searchsorted(self._starts[first:last], at, "right") - 1, 0)
        return self._ids[rows].astype(np.int64), inside
