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
from collections.abc import Iterator
from functools import lru_cache

__all__ = [
    "TOKEN_PATTERN",
    "tokenize",
    "iter_token_spans",
    "terms",
    "normalize_term",
    "count_words",
    "folded",
]

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


@lru_cache(maxsize=1 << 20)
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


def folded(text: str) -> str:
    """``text`` for comparing ignoring case and spacing: case-folded, whitespace runs as one
    space, trimmed. Same result as ``" ".join(text.casefold().split())`` without building a list
    of every word, which for a megabyte-long paragraph costs hundreds of megabytes.

    >>> folded("  The  Talks\\n RESUME ")
    'the talks resume'
    """
    return _WHITESPACE.sub(" ", text.casefold()).strip()
