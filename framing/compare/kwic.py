"""Keyword in context: the sentences behind a term, per outlet.

Why: a keyness score is a claim; the sentences are the evidence. KWIC shows every occurrence of a
term or phrase on the original sentence text, with its ``article_id`` and ``sentence_id`` so the
report can quote it and a reader can find it. Matching follows ``framing.tokens`` exactly, so what
KWIC finds is what keyness counted: case-insensitive, whole tokens only, possessives folded
(``Kiev`` matches ``Kiev’s`` and ``KIEV`` but not ``Kievan``), phrases token by token.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

import pandas as pd

from ..errors import ConfigError
from ..schema import body_rows
from ..tokens import iter_token_spans, normalize_term, snowball_stem, terms
from .keyness import check_names

__all__ = ["KWIC_COLUMNS", "kwic", "first_matches"]

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
rows, never ten thousand copies of a long sentence. A hit in a headline has ``sentence_id`` -1."""

_PIECE = re.compile(r"[^\W_]+")


_MATCHES = ("exact", "stem")


def kwic(
    sentences: pd.DataFrame,
    query: str | Sequence[str],
    *,
    window: int = 60,
    outlets: Sequence[str] | None = None,
    match: str = "exact",
    headlines: bool = True,
    unknown: str = "raise",
) -> pd.DataFrame:
    """Every occurrence of a term or phrase, with its left and right context.

    Parameters
    ----------
    sentences : DataFrame
        The sentence table: ``article_id``, ``outlet``, ``sentence_id``, ``text`` (headline rows,
        ``sentence_id`` -1, are searched too).
    query : str or list of str
        A term (``"Kiev"``) or phrase (``"false flag"``), or several; tokenised and normalised
        like the corpus, so ``"Kiev's"`` and ``"kiev"`` are the same query. A word with ``*``
        (any letters) or ``?`` (one letter) is a wildcard: ``"spill*"`` finds *spill*,
        *spills*, *spillover*.
    window : int, default=60
        Characters of context kept on each side (cut back to a whole word).
    outlets : list of str, optional
        Only these outlets.
    match : {"exact", "stem"}, default="exact"
        ``"stem"`` matches every word with the same Snowball (Porter 2) stem as the query's, so
        ``"spilled"`` also finds *spill*, *spills*, *spilling*: the form a lemma search gives
        without a lemmatiser's model files.
    headlines : bool, default=True
        Search headline rows as well as the body.
    unknown : {"raise", "empty"}, default="raise"
        A query that occurs nowhere in ``sentences`` raises a :class:`ConfigError` naming the
        closest words of the corpus (a misspelling otherwise looks like a finding: "never
        used"); ``"empty"`` returns no rows for it instead. With a list of queries, it raises
        only when none of them occurs: ``["Kiev", "Kyiv"]`` on a corpus that writes only one
        spelling is a comparison, and its answer is that spelling's rows.

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
    >>> kwic(s, "kiev*")["match"].tolist()
    ['Kiev’s', 'Kievan', 'Kiev']
    """
    if match not in _MATCHES:
        raise ConfigError(
            f"The 'match' parameter of kwic must be one of {_MATCHES}; got {match!r} instead."
        )
    if unknown not in ("raise", "empty"):
        raise ConfigError(
            f"The 'unknown' parameter of kwic must be 'raise' or 'empty'; got {unknown!r} instead."
        )
    queries = [query] if isinstance(query, str) else list(query)
    if not headlines:
        sentences = body_rows(sentences)
    searched = sentences
    if outlets is not None:
        check_names("outlet", list(outlets), sentences["outlet"].astype(str).unique())
        searched = sentences[sentences["outlet"].isin(list(outlets))]
    vocabulary = _Vocabulary(sentences)
    found: list[dict] = []
    absent: list[tuple[str, list[_Matcher]]] = []
    for q in queries:
        matchers = _matchers(q, match, vocabulary)
        rows = _find(searched, q, matchers, window)
        if not rows and unknown == "raise" and not vocabulary.has_all(matchers):
            absent.append((q, matchers))
        found.extend(rows)
    if absent and len(absent) == len(queries):  # a list raises only when no query occurs at all
        raise ConfigError(_unknown_message(*absent[0], vocabulary))
    table = pd.DataFrame(found, columns=list(KWIC_COLUMNS))
    if not table.empty:
        table = table.sort_values(
            ["query", "outlet", "article_id", "sentence_id", "match_start"], kind="stable"
        ).reset_index(drop=True)
    return table.astype({"sentence_id": "int64", "match_start": "int64", "match_end": "int64"})


class _Matcher(NamedTuple):
    """One word of a query: does a normalised term match it, and a pattern every sentence with
    a match contains (None: no cheap filter)."""

    test: Callable[[str], bool]
    piece: re.Pattern[str] | None
    word: str


def _matchers(query: str, match: str, vocabulary: _Vocabulary | None) -> list[_Matcher]:
    """One matcher per word of ``query``: a wildcard, a stem or an exact normalised term (the
    corpus's ``vocabulary`` is read for a stem only)."""
    matchers: list[_Matcher] = []
    for word in query.split():
        if "*" in word or "?" in word:
            pattern = re.compile(fnmatch.translate(normalize_term(word.strip(".,;:!\"'"))))
            literal = max(re.split(r"[*?]", word.lower()), key=len)
            piece = max(_PIECE.findall(literal) or [""], key=len)
            matchers.append(_Matcher(lambda t, p=pattern: bool(p.match(t)), _literal(piece), word))
            continue
        for term in terms(word):
            if match == "stem" and vocabulary is not None:
                forms = vocabulary.forms_of_stem(snowball_stem(term))
                matchers.append(_Matcher(forms.__contains__, _any_of(forms), term))
            else:
                piece = max(_PIECE.findall(term) or [term], key=len)
                matchers.append(_Matcher(lambda t, w=term: t == w, _literal(piece), term))
    if not matchers:
        raise ConfigError(
            f"The 'query' parameter of kwic must contain at least one word; got {query!r} instead."
        )
    return matchers


def _literal(piece: str) -> re.Pattern[str] | None:
    return re.compile(re.escape(piece), re.IGNORECASE) if piece else None


def _any_of(forms: frozenset[str]) -> re.Pattern[str]:
    """A pre-filter for a stem: any of its forms in the corpus (``lying`` for ``lie``: a stem
    need not be a prefix of its words)."""
    pieces = sorted({max(_PIECE.findall(f) or [f], key=len) for f in forms}) or ["(?!)"]
    return re.compile("|".join(re.escape(p) for p in pieces), re.IGNORECASE)


class _Vocabulary:
    """The corpus's distinct terms, computed at most once per call and only when needed (a
    query found nowhere, a stem search): tokenising a million sentences takes seconds."""

    def __init__(self, sentences: pd.DataFrame) -> None:
        self._sentences = sentences
        self._terms: frozenset[str] | None = None

    @property
    def terms(self) -> frozenset[str]:
        if self._terms is None:
            found: set[str] = set()
            for text in self._sentences["text"].astype("string").fillna(""):
                found.update(terms(text))
            self._terms = frozenset(found)
        return self._terms

    def forms_of_stem(self, stem: str) -> frozenset[str]:
        return frozenset(t for t in self.terms if snowball_stem(t) == stem)

    def has_all(self, matchers: list[_Matcher]) -> bool:
        """Whether every word of a query occurs somewhere (the phrase itself may not)."""
        return all(any(m.test(t) for t in self.terms) for m in matchers)


def _candidates(sentences: pd.DataFrame, matchers: list[_Matcher]) -> pd.DataFrame:
    """Sentences containing the first word's pre-filter (a cheap test before tokenising)."""
    piece = matchers[0].piece
    if piece is None:
        return sentences
    text = sentences["text"].astype("string").fillna("")
    return sentences[text.str.contains(piece, regex=True).fillna(False).to_numpy(dtype=bool)]


def _find(sentences: pd.DataFrame, query: str, matchers: list[_Matcher], window: int) -> list[dict]:
    candidates = _candidates(sentences, matchers)
    rows = []
    for article_id, outlet, sentence_id, sentence in zip(
        candidates["article_id"],
        candidates["outlet"],
        candidates["sentence_id"],
        candidates["text"],
        strict=True,
    ):
        for start, end in _matches(sentence, matchers):
            rows.append(
                {
                    "query": query,
                    "article_id": article_id,
                    "outlet": outlet,
                    "sentence_id": sentence_id,
                    **_context(sentence, start, end, window),
                    "match_start": start,
                    "match_end": end,
                }
            )
    return rows


def _matches(sentence: str, matchers: list[_Matcher]) -> Iterator[tuple[int, int]]:
    """Start and end offsets of each occurrence of the query (its matchers) in ``sentence``."""
    k = len(matchers)
    spans = list(iter_token_spans(sentence))
    normed = [normalize_term(sentence[s:e]) for s, e in spans]
    for i in range(len(spans) - k + 1):
        if all(m.test(t) for m, t in zip(matchers, normed[i : i + k], strict=True)):
            yield spans[i][0], spans[i + k - 1][1]


def _context(sentence: str, start: int, end: int, window: int) -> dict[str, str]:
    return {
        "left": _cut_left(sentence[max(0, start - window - 1) : start], window),
        "match": sentence[start:end],
        "right": _cut_right(sentence[end : end + window + 1], window),
    }


def first_matches(
    texts: Iterable[object], query: str, *, window: int = 60
) -> Iterator[tuple[int, dict[str, str]]]:
    """For each text holding ``query`` (an exact match, as :func:`kwic` finds it), its position
    among ``texts`` and the context of its first occurrence (``left``, ``match``, ``right``).

    What ``kwic(...).drop_duplicates(["article_id", "sentence_id"])`` keeps, without a
    DataFrame per call: for searches in thousands of small groups (an outlet's sentences for
    its own term), where building and sorting a table per group would cost more than the
    search. A text that is not a string holds nothing."""
    matchers = _matchers(query, "exact", None)
    piece = matchers[0].piece
    for position, text in enumerate(texts):
        if not isinstance(text, str) or (piece is not None and not piece.search(text)):
            continue
        for start, end in _matches(text, matchers):
            yield position, _context(text, start, end, window)
            break


def _unknown_message(query: str, matchers: list[_Matcher], vocabulary: _Vocabulary) -> str:
    missing = next(m for m in matchers if not any(m.test(t) for t in vocabulary.terms))
    close = difflib.get_close_matches(
        missing.word.lower(), sorted(vocabulary.terms), n=3, cutoff=0.75
    )
    hint = (
        f"; did you mean {', '.join(repr(c) for c in close)}?"
        if close
        else "; try a wildcard (spill*) or match='stem'"
    )
    return f"No word {missing.word!r} of kwic query {query!r} occurs in the corpus{hint}"


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
