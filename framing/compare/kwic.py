"""Keyword in context: the sentences behind a term, per outlet.

Why: a keyness score is a claim; the sentences are the evidence. KWIC shows every occurrence of a
term or phrase on the original sentence text, with its ``article_id`` and ``sentence_id`` so the
report can quote it and a reader can find it. Matching follows ``framing.tokens`` exactly, so what
KWIC finds is what keyness counted: case-insensitive, whole tokens only, possessives folded
(``Kiev`` matches ``Kiev’s`` and ``KIEV`` but not ``Kievan``), phrases token by token.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from ..errors import ConfigError
from ..tokens import iter_token_spans, normalize_term, terms
from .keyness import check_names

__all__ = ["KWIC_COLUMNS", "kwic"]

KWIC_COLUMNS = (
    "query",
    "article_id",
    "outlet",
    "sentence_id",
    "left",
    "match",
    "right",
    "match_start",
    "match_end",
)
"""Columns of the KWIC table. ``match_start``/``match_end`` are offsets into the sentence's text
(the sentence table's ``text`` of that ``article_id``, ``sentence_id``); the row itself keeps only
``window`` characters each side, so a term found ten thousand times costs ten thousand short
rows, never ten thousand copies of a long sentence."""

_PIECE = re.compile(r"[^\W_]+")


def kwic(
    sentences: pd.DataFrame,
    query: str | Sequence[str],
    *,
    window: int = 60,
    outlets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every occurrence of a term or phrase, with its left and right context.

    Parameters
    ----------
    sentences : DataFrame
        The sentence table: ``article_id``, ``outlet``, ``sentence_id``, ``text``.
    query : str or list of str
        A term (``"Kiev"``) or phrase (``"false flag"``), or several; tokenised and normalised
        like the corpus, so ``"Kiev's"`` and ``"kiev"`` are the same query.
    window : int, default=60
        Characters of context kept on each side (cut back to a whole word).
    outlets : list of str, optional
        Only these outlets.

    Returns
    -------
    DataFrame
        ``KWIC_COLUMNS``, one row per occurrence, ordered by query, outlet, article, sentence.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["a"], "outlet": ["RT"], "sentence_id": [0],
    ...                   "text": ["Kiev’s forces shelled Kievan Rus sites, Kiev said."]})
    >>> kwic(s, "kiev")[["match", "right"]].values.tolist()
    [['Kiev’s', ' forces shelled Kievan Rus sites, Kiev said.'], ['Kiev', ' said.']]
    """
    queries = [query] if isinstance(query, str) else list(query)
    if outlets is not None:
        check_names("outlet", list(outlets), sentences["outlet"].astype(str).unique())
        sentences = sentences[sentences["outlet"].isin(list(outlets))]
    found: list[dict] = []
    for q in queries:
        wanted = terms(q)
        if not wanted:
            raise ConfigError(
                f"The 'query' parameter of kwic must contain at least one word; got {q!r} instead."
            )
        found.extend(_find(sentences, q, wanted, window))
    table = pd.DataFrame(found, columns=list(KWIC_COLUMNS))
    if not table.empty:
        table = table.sort_values(
            ["query", "outlet", "article_id", "sentence_id", "match_start"], kind="stable"
        ).reset_index(drop=True)
    return table.astype({"sentence_id": "int64", "match_start": "int64", "match_end": "int64"})


def _find(sentences: pd.DataFrame, query: str, wanted: list[str], window: int) -> list[dict]:
    # cheap pre-filter: every match contains the longest letter run of the first term
    piece = max(_PIECE.findall(wanted[0]) or [wanted[0]], key=len)
    text = sentences["text"].astype("string").fillna("")
    candidates = sentences[text.str.contains(piece, case=False, regex=False).to_numpy()]
    k = len(wanted)
    rows = []
    for article_id, outlet, sentence_id, sentence in zip(
        candidates["article_id"],
        candidates["outlet"],
        candidates["sentence_id"],
        candidates["text"],
        strict=True,
    ):
        spans = list(iter_token_spans(sentence))
        normed = [normalize_term(sentence[s:e]) for s, e in spans]
        for i in range(len(spans) - k + 1):
            if normed[i : i + k] == wanted:
                start, end = spans[i][0], spans[i + k - 1][1]
                rows.append(
                    {
                        "query": query,
                        "article_id": article_id,
                        "outlet": outlet,
                        "sentence_id": sentence_id,
                        "left": _cut_left(sentence[max(0, start - window - 1) : start], window),
                        "match": sentence[start:end],
                        "right": _cut_right(sentence[end : end + window + 1], window),
                        "match_start": start,
                        "match_end": end,
                    }
                )
    return rows


def _cut_left(text: str, window: int) -> str:
    if len(text) <= window:
        return text
    cut = text[-window:]
    space = cut.find(" ")
    return cut[space:] if space >= 0 else cut


def _cut_right(text: str, window: int) -> str:
    if len(text) <= window:
        return text
    cut = text[:window]
    space = cut.rfind(" ")
    return cut[:space] if space > 0 else cut
