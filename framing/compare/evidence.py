"""The evidence behind each outlet's distinctive terms: its terms ranked both ways, and the
sentences behind its most distinctive one.

Why a comparison of its own: a keyness score is a claim and its sentences are the evidence, and
finding them (keyword in context over an outlet's sentences) and ranking a keyness table of a
million rows are work on the corpus, done once here, so that the report and the Python API only
read the results. It requires the lexical comparison's ``keyness`` and ``headline_keyness`` and
makes one extra, ``lexical_evidence`` (a :class:`LexicalEvidence`); nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ConfigError
from .base import CompareInput, CompareOutput, Comparison, ExtrasCodec
from .keyness import KEYNESS_COLUMNS
from .kwic import first_matches

__all__ = [
    "EVIDENCE",
    "EXAMPLE_COLUMNS",
    "EXAMPLES_KEPT",
    "LexicalEvidence",
    "TermRanking",
    "lexical_evidence",
]

EXAMPLES_KEPT = 10
"""Sentences kept per outlet behind its most distinctive term; the report quotes ``[report]
examples`` of them (2 by default; above 10, 10). Finding more would read every sentence of a
large outlet for quotations nobody sees."""
SHORT_SENTENCE = 8
"""Sentences of fewer words are poor evidence (a byline or a caption's remnant): kept last."""
EXAMPLE_COLUMNS = (
    "outlet",
    "term",
    "article_id",
    "sentence_id",
    "sentence",
    "left",
    "match",
    "right",
)
"""Columns of ``LexicalEvidence.examples``: the keyword-in-context row (see
``framing.compare.KWIC_COLUMNS``) with its whole sentence."""
_FIRST_CHUNK = 64
"""Sentences of an outlet searched first; each further chunk is twice as long."""


class TermRanking:
    """A keyness table's rows per group, most over-used first and most under-used first.

    :meth:`top` gives what :func:`framing.compare.top_terms` gives (the same rows, in the same
    order, ties in table order), from two orders computed once for every group: the report
    asks for each outlet's terms several times, and a table of 500 outlets has a million rows.
    """

    def __init__(self, table: pd.DataFrame | None) -> None:
        if table is None or table.empty:
            table = pd.DataFrame(columns=list(KEYNESS_COLUMNS))
        self.table = table
        codes, groups = pd.factorize(table["group"].astype(object), sort=True)
        z = table["z"].to_numpy(dtype=float)
        self._over = np.lexsort((-z, codes))  # stable: ties keep the table's order
        self._under = np.lexsort((z, codes))
        # rows without a group sort first (code -1); each group's rows follow in code order
        counts = np.bincount(codes[codes >= 0], minlength=len(groups))
        ends = np.cumsum(counts) + int((codes < 0).sum())
        starts = ends - counts
        self._bounds = {
            str(g): (int(s), int(e)) for g, s, e in zip(groups, starts, ends, strict=True)
        }

    def first_terms(self) -> dict[str, str]:
        """Each group's most over-used term."""
        terms = self.table["term"].to_numpy(dtype=object)
        return {g: str(terms[self._over[s]]) for g, (s, e) in self._bounds.items() if e > s}

    @property
    def groups(self) -> list[str]:
        """The groups (outlets) ranked, sorted."""
        return list(self._bounds)

    def top(self, group: str, n: int = 15, *, direction: str = "over") -> pd.DataFrame:
        """The ``n`` most distinctive terms of ``group``: over-used (highest z) or under-used
        (lowest); no rows for a group the table does not hold."""
        if direction not in ("over", "under"):
            raise ConfigError(
                f"The 'direction' parameter of top must be 'over' or 'under'; got {direction!r}."
            )
        start, end = self._bounds.get(group, (0, 0))
        order = self._over if direction == "over" else self._under
        return self.table.iloc[order[start : min(end, start + n)]].reset_index(drop=True)


@dataclass(frozen=True)
class LexicalEvidence:
    """Each outlet's distinctive terms, ranked, and the sentences behind the first.

    Attributes
    ----------
    terms : TermRanking
        Of the ``keyness`` table (each outlet against the rest).
    headline_terms : TermRanking
        Of the ``headline_keyness`` table (headlines against the other outlets' headlines).
    examples : DataFrame
        ``EXAMPLE_COLUMNS``: per outlet, up to ``EXAMPLES_KEPT`` sentences holding its most
        over-used term, one row per sentence (its first occurrence), sentences of at least
        ``SHORT_SENTENCE`` words first, then by article and sentence; by outlet.
    """

    terms: TermRanking
    headline_terms: TermRanking
    examples: pd.DataFrame

    @classmethod
    def empty(cls) -> LexicalEvidence:
        """Nothing ranked, nothing quoted (no keyness table)."""
        return cls(TermRanking(None), TermRanking(None), _no_examples())

    def examples_of(self, outlet: str) -> pd.DataFrame:
        """The outlet's example sentences, best first."""
        return self.examples[self.examples["outlet"] == outlet].reset_index(drop=True)


def lexical_evidence(
    sentences: pd.DataFrame,
    keyness: pd.DataFrame | None,
    headline_keyness: pd.DataFrame | None = None,
) -> LexicalEvidence:
    """Rank both keyness tables and find the sentences behind each outlet's first term.

    Parameters
    ----------
    sentences : DataFrame
        The sentence table (``article_id``, ``outlet``, ``sentence_id``, ``text``; headline rows
        are searched too).
    keyness, headline_keyness : DataFrame or None
        The lexical comparison's tables (None or empty: nothing to rank).
    """
    terms = TermRanking(keyness)
    return LexicalEvidence(
        terms, TermRanking(headline_keyness), _examples(sentences, terms.first_terms())
    )


def _no_examples() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in EXAMPLE_COLUMNS})


_SEARCHED = ("article_id", "outlet", "sentence_id", "text")


def _examples(sentences: pd.DataFrame, first_terms: dict[str, str]) -> pd.DataFrame:
    """Up to ``EXAMPLES_KEPT`` sentences of each outlet holding its term, best first.

    Each outlet's sentences are searched (:func:`framing.compare.kwic`) in chunks in article and
    sentence order, the order of the rows of one search of them all, and its search stops once
    ``EXAMPLES_KEPT`` sentences of ``SHORT_SENTENCE`` words or more are found: those are what
    the whole search would put first. The outlets go in rounds, each round's chunks taken from
    the table at once (one copy of a few rows, not one per outlet)."""
    outlet_codes, outlets = pd.factorize(sentences["outlet"], sort=True)
    article_codes, _ = pd.factorize(sentences["article_id"], sort=True)
    order = np.lexsort((sentences["sentence_id"].to_numpy(), article_codes, outlet_codes))
    order = order[outlet_codes[order] >= 0]  # rows without an outlet belong to none
    bounds = np.searchsorted(outlet_codes[order], np.arange(len(outlets) + 1))
    searches = [
        _Search(str(outlet), first_terms[str(outlet)], order[bounds[g] : bounds[g + 1]])
        for g, outlet in enumerate(outlets)
        if str(outlet) in first_terms
    ]
    size = _FIRST_CHUNK
    while pending := [search for search in searches if not search.done]:
        pieces = [search.next_rows(size) for search in pending]
        taken = sentences[list(_SEARCHED)].take(np.concatenate(pieces))
        columns = {c: taken[c].to_numpy(dtype=object) for c in _SEARCHED}
        at = 0
        for search, rows in zip(pending, pieces, strict=True):
            search.add({c: v[at : at + len(rows)] for c, v in columns.items()})
            at += len(rows)
        size *= 2
    found = [row for search in searches for row in search.result()]
    if not found:
        return _no_examples()
    return pd.DataFrame(found, columns=list(EXAMPLE_COLUMNS)).astype({"sentence_id": "int64"})


class _Search:
    """One outlet's search for its term's sentences, chunk by chunk (see :func:`_examples`)."""

    def __init__(self, outlet: str, term: str, rows: np.ndarray) -> None:
        self.outlet, self.term, self.rows = outlet, term, rows
        self.start = 0
        self.full: list[dict[str, object]] = []
        self.short: list[dict[str, object]] = []

    @property
    def done(self) -> bool:
        return self.start >= len(self.rows) or len(self.full) >= EXAMPLES_KEPT

    def next_rows(self, size: int) -> np.ndarray:
        rows = self.rows[self.start : self.start + size]
        self.start += len(rows)
        return rows

    def add(self, chunk: dict[str, np.ndarray]) -> None:
        """Search the next chunk of the outlet's sentences (columns of ``_SEARCHED``)."""
        for k, context in first_matches(chunk["text"], self.term):
            sentence = chunk["text"][k]
            row = {
                "outlet": self.outlet,
                "term": self.term,
                "article_id": chunk["article_id"][k],
                "sentence_id": int(chunk["sentence_id"][k]),
                "sentence": sentence,
                **context,
            }
            kept = self.short if len(sentence.split()) < SHORT_SENTENCE else self.full
            kept.append(row)

    def result(self) -> list[dict[str, object]]:
        """Full sentences first, then short ones, each in article and sentence order."""
        return (self.full + self.short)[:EXAMPLES_KEPT]


def _evidence(given: CompareInput) -> CompareOutput:
    evidence = lexical_evidence(
        given.sentences, given.tables.get("keyness"), given.tables.get("headline_keyness")
    )
    return CompareOutput(extras={"lexical_evidence": evidence})


def _kept_evidence(output: CompareOutput) -> dict[str, pd.DataFrame]:
    """The cache keeps the example sentences; the rankings are made again from the keyness
    tables the comparison requires (a sort, against a search of every outlet's sentences)."""
    return {"examples": output.extras["lexical_evidence"].examples}


def _evidence_again(
    kept: Mapping[str, pd.DataFrame], output: CompareOutput, given: CompareInput
) -> dict[str, object]:
    terms = TermRanking(given.tables.get("keyness"))
    headline_terms = TermRanking(given.tables.get("headline_keyness"))
    return {"lexical_evidence": LexicalEvidence(terms, headline_terms, kept["examples"])}


EVIDENCE = Comparison(
    "lexical_evidence",
    (),
    _evidence,
    requires=("keyness", "headline_keyness"),
    extras=("lexical_evidence",),
    reads=(),
    codec=ExtrasCodec(_kept_evidence, _evidence_again),
)
