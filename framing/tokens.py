"""The one definition of tokens and terms used by every metric.

Why one place: word counts, rates per 1,000 words, keyness and KWIC must agree on what a word is,
otherwise a rate's numerator and denominator silently disagree.

Rules (pinned by ``tests/test_tokens.py``):

- A *token* is a run of letters/digits, with internal hyphens, apostrophes (straight or curly)
  and, for numbers, internal ``.`` or ``,`` (``3.2``, ``29,650``, ``pro-Moscow``, ``don't``); dotted
  abbreviations are one token (``U.S.``, ``p.m.``).
  Punctuation is never a token.
- A *term* is a token normalised for counting: lower-cased, curly apostrophes made straight,
  a possessive ``'s`` / trailing ``'`` removed (``Russia's`` → ``russia``), so that possession
  does not split a name's counts. Hyphenated words stay whole (``pro-moscow``). Numbers are kept.
- ``n_words`` of a text is its number of tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache, wraps
from typing import TypeVar

__all__ = [
    "TOKEN_PATTERN",
    "tokenize",
    "iter_token_spans",
    "terms",
    "normalize_term",
    "count_words",
    "folded",
    "token_cache",
    "MAX_CACHED_CHARS",
    "CONTROL_CHARACTERS",
    "ZERO_WIDTH_CHARACTERS",
    "one_line",
    "snowball_stem",
    "chunk_ranges",
]

CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
r"""Control characters (NUL, terminal escapes, C1) and bidirectional marks, overrides and
isolates: formatting that can hide or reorder how text displays (``\u202e`` shows
``exe.txt`` as ``txt.exe``), never content. Line breaks and tabs are not in it."""
ZERO_WIDTH_CHARACTERS = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
"""Zero-width spaces and joiners, the word joiner, a stray byte-order mark, the soft hyphen:
invisible, they split or join words unseen."""

MAX_CACHED_CHARS = 64
"""Longest token (or short phrase) a per-token cache keeps. Words are shorter (the longest in
wordfreq's English list has 34 letters); a longer "token" is extraction damage or an attack (one
100,000-letter word), and caching it would let one article fill memory with its copies."""

_R = TypeVar("_R")


def token_cache(maxsize: int) -> Callable[[Callable[[str], _R]], Callable[[str], _R]]:
    """``functools.lru_cache(maxsize)`` for a function of one token, keeping only tokens of at
    most ``MAX_CACHED_CHARS`` characters: every per-token cache costs at most ``maxsize`` short
    strings, whatever the corpus holds. Longer tokens are computed each time, uncached.

    >>> @token_cache(8)
    ... def shout(token):
    ...     return token.upper()
    >>> shout("kyiv"), shout("x" * 100) == "X" * 100, shout.cache_info().currsize
    ('KYIV', True, 1)
    """

    def decorate(function: Callable[[str], _R]) -> Callable[[str], _R]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def lookup(token: str) -> _R:
            return cached(token) if len(token) <= MAX_CACHED_CHARS else function(token)

        lookup.cache_info = cached.cache_info  # type: ignore[attr-defined]
        lookup.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return lookup

    return decorate


_APOS = "'\u2019\u02bc"
# letters/digits, joined by single hyphens or apostrophes; numbers may contain . or , between digits
TOKEN_PATTERN = re.compile(
    rf"[^\W\d_](?:\.[^\W\d_])+\.?(?:[{_APOS}]s)?"  # dotted abbreviations: U.S., p.m., D.C.
    rf"|\d+(?:[.,]\d+)+"  # 3.2, 29,650, 1.5
    rf"|[^\W_]+(?:[-{_APOS}][^\W_]+)*(?:(?<=[sS])[{_APOS}](?![^\W_]))?"  # words; plural possessive
)
_POSSESSIVE = re.compile(rf"(?:[{_APOS}]s|(?<=s)[{_APOS}])$", re.IGNORECASE)
_CURLY = str.maketrans({"\u2019": "'", "\u02bc": "'"})


def iter_token_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` character offsets of each token, for evidence and KWIC."""
    for match in TOKEN_PATTERN.finditer(text):
        yield match.span()


def tokenize(text: str) -> list[str]:
    """Return the tokens of ``text`` as they appear (case and apostrophes kept).

    >>> tokenize("Russia’s pro-Moscow forces fired 3.2 shells, didn't they?")
    ['Russia’s', 'pro-Moscow', 'forces', 'fired', '3.2', 'shells', "didn't", 'they']
    """
    return TOKEN_PATTERN.findall(text)


@token_cache(maxsize=1 << 20)
def normalize_term(token: str) -> str:
    """Normalise one token to its term: lower case, straight apostrophe, no possessive.

    >>> [normalize_term(t) for t in ["Russia’s", "States'", "Kyiv", "don't"]]
    ['russia', 'states', 'kyiv', "don't"]
    """
    term = token.translate(_CURLY).lower()
    stripped = _POSSESSIVE.sub("", term)
    return stripped or term


def terms(text: str) -> list[str]:
    """Return the normalised terms of ``text``; the tokenizer every vectorizer uses.

    >>> terms("Kiev’s troops and Kyiv's allies")
    ['kiev', 'troops', 'and', 'kyiv', 'allies']
    """
    return [normalize_term(token) for token in TOKEN_PATTERN.findall(text)]


def count_words(text: str) -> int:
    """Number of tokens in ``text`` (the denominator of every rate per 1,000 words)."""
    return len(TOKEN_PATTERN.findall(text))


_WHITESPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    r"""Metadata (an outlet, a title, a URL) as one visible line, cleaned as article text is
    (``prepare.clean``): control, direction-override and zero-width characters removed; then
    every run of whitespace (line breaks included) one space, Unicode composed (NFC), trimmed.

    >>> one_line(" RT\u202e \u200bNews\n\tTonight ")
    'RT News Tonight'
    """
    text = CONTROL_CHARACTERS.sub("", ZERO_WIDTH_CHARACTERS.sub("", text))
    return unicodedata.normalize("NFC", _WHITESPACE.sub(" ", text)).strip()


def snowball_stem(word: str) -> str:
    """NLTK's English Snowball (Porter 2) stem of ``word``: KWIC by stem, inflections told apart
    from spellings. NLTK loads on the first call: it takes a second, which the command line's
    help and ``framing validate`` need not pay.

    >>> snowball_stem("spilling"), snowball_stem("immigrants")
    ('spill', 'immigr')
    """
    return _snowball().stem(word)


@lru_cache(maxsize=1)
def _snowball():  # noqa: ANN202 (an NLTK stemmer)
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def folded(text: str) -> str:
    """``text`` for comparing ignoring case and spacing: case-folded, whitespace runs as one
    space, trimmed. Same result as ``" ".join(text.casefold().split())`` without building a list
    of every word, which for a megabyte-long paragraph costs hundreds of megabytes.

    >>> folded("  The  Talks\\n RESUME ")
    'the talks resume'
    """
    return _WHITESPACE.sub(" ", text.casefold()).strip()


def chunk_ranges(sizes: Sequence[int], chunk_characters: int) -> Iterator[tuple[int, int]]:
    """Consecutive ranges ``[start, stop)`` of items (texts, articles) of about
    ``chunk_characters`` characters each (``sizes``: each item's characters), every range at
    least one item: text tokenised a chunk at a time holds one chunk's token strings at once,
    never the whole corpus's.

    >>> list(chunk_ranges([5, 5, 5, 20, 1], 10))
    [(0, 2), (2, 4), (4, 5)]
    """
    start = 0
    while start < len(sizes):
        stop, size = start, 0
        while stop < len(sizes) and (stop == start or size < chunk_characters):
            size += sizes[stop]
            stop += 1
        yield start, stop
        start = stop
