"""Repair text-extraction damage conservatively, using English word frequencies (wordfreq).

Why conservative: a wrong split corrupts a name that the analysis counts. A glued token is split
only when it is not an English word and exactly one split gives two common words: each at least
``MIN_PART_ZIPF`` on the Zipf scale (once per million words) and one very common, at least
``MIN_COMMON_ZIPF`` (as *is*, *was* or *with* are). Capitalised tokens are mostly names unknown to
wordfreq (*Moschun*, *Dowless*), so there the left part must itself be a common word
(``MIN_NAME_ZIPF``, as *Russia* is) that the article also uses on its own. A camel-case boundary
is split only after a lower-case word (*thatRussiawas*), never inside a brand or name
(*QuickTake*, *McConnell*). Parts of two or three letters must be very common words (*is*, *on*),
and derivational affixes listed in ``data/glue_affixes.txt`` (*over*, *out*, *like*) never count
as a word. Dropped apostrophes (``Ukraines demand``) are ambiguous with plurals, so they are
flagged for the reader, never changed.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import NamedTuple

from ..lexicons import english_frequencies, read_lines
from ..tokens import token_cache

__all__ = ["Repair", "find_glued_words", "find_dropped_apostrophes", "zipf"]

MIN_PART_ZIPF = 3.0
MIN_COMMON_ZIPF = 6.0
MIN_NAME_ZIPF = 4.0
MIN_SHORT_PART_ZIPF = {1: 99.0, 2: 6.0, 3: 5.0}
MIN_MARGIN = 0.5
APOSTROPHE_ZIPF_GAP = 2.0
MAX_GLUED_CHARS = 40
"""Longest token tried as two glued words. Trying a token costs a dictionary lookup per cut, so a
100,000-letter "word" would cost billions of characters; two glued English words are far shorter
(the longest common words have about 20 letters)."""
_CANDIDATE = re.compile(rf"(?<![\w@/.#-])[A-Za-z]{{5,{MAX_GLUED_CHARS}}}(?![\w@/-]|\.\w)")
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}.,;:!?…-–—*_/"
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CAPITALISED_S = re.compile(r"\b([A-Z][a-z]{2,})s\b(?=\s+[a-z])")


class Repair(NamedTuple):
    """One change or flag: ``original`` at ``start`` in the text, ``replacement`` if repaired."""

    start: int
    original: str
    replacement: str


@token_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """Zipf frequency of ``word`` in general English (0 when unknown)."""
    frequency = english_frequencies().get(word.lower(), 0.0)
    return math.log10(frequency * 1e9) if frequency else 0.0


def find_glued_words(text: str) -> list[Repair]:
    """Tokens that are two words glued together, with their split.

    >>> text = "Russia denies it. Russiais saying thatRussiawas istraveling"
    >>> [r.replacement for r in find_glued_words(text)]
    ['Russia is', 'that Russia was', 'is traveling']
    >>> find_glued_words("Konashenkov and Zaluzhnyi spoke in Moschun")
    []
    """
    frequencies = english_frequencies()
    if not _has_suspect(text, frequencies):
        return []
    unknown = {t for t in set(_CANDIDATE.findall(text)) if t.lower() not in frequencies}
    repairs = []
    if not unknown:
        return repairs
    for match in _CANDIDATE.finditer(text):
        token = match.group()
        if token not in unknown:
            continue
        split = _split(token)
        if split != token and (token[0].islower() or _used_alone(split.split()[0], text)):
            repairs.append(Repair(match.start(), token, split))
    return repairs


def _has_suspect(text: str, frequencies: dict[str, float]) -> bool:
    """Fast pre-check (whitespace split, no regex): is any token unknown *and* splittable?"""
    for chunk in set(text.split()):
        word = chunk.strip(_EDGE_PUNCTUATION)
        if (
            5 <= len(word) <= MAX_GLUED_CHARS
            and word.isascii()
            and word.isalpha()
            and word.lower() not in frequencies
            and _split(word) != word
        ):
            return True
    return False


@token_cache(maxsize=100_000)
def _split(token: str) -> str:
    """The repaired form of ``token``, or ``token`` itself when no split is clear."""
    if len(token) > MAX_GLUED_CHARS or zipf(token):
        return token
    camel = _CAMEL.split(token)
    if len(camel) > 1 and camel[0].islower() and len(camel[0]) > 1:
        parts = [_split(part) for part in camel]
        if all(zipf(word) for part in parts for word in part.split()):
            return " ".join(parts)
        return token
    return _best_binary_split(token)


def _used_alone(word: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", text) is not None


def _part_zipf(part: str) -> float:
    """Zipf of a candidate part, 0 when it is an affix or a short part that is not common."""
    value = zipf(part)
    if part.lower() in _affixes() or value < MIN_SHORT_PART_ZIPF.get(len(part), 0.0):
        return 0.0
    return value


@lru_cache(maxsize=1)
def _affixes() -> frozenset[str]:
    return frozenset(read_lines("glue_affixes.txt"))


def _best_binary_split(token: str) -> str:
    scored = []
    for cut in range(2, len(token) - 1):
        left, right = token[:cut], token[cut:]
        left_zipf, right_zipf = _part_zipf(left), _part_zipf(right)
        if token[0].isupper() and left_zipf < MIN_NAME_ZIPF:
            continue
        if max(left_zipf, right_zipf) >= MIN_COMMON_ZIPF:
            scored.append((min(left_zipf, right_zipf), left, right))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < MIN_PART_ZIPF:
        return token
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MIN_MARGIN:
        return token
    return f"{scored[0][1]} {scored[0][2]}"


def find_dropped_apostrophes(text: str) -> list[Repair]:
    """Capitalised words that look like a possessive missing its apostrophe (flag only).

    A word is flagged when, without its final *s*, it is a much more common word that the article
    itself uses (``Russias demand`` where the article also says ``Russia``), and a lower-case word
    follows, as after a possessive.

    >>> text = "Russia said no. Russias demand was firm."
    >>> [r.replacement for r in find_dropped_apostrophes(text)]
    ["Russia's"]
    """
    flags = []
    for match in _CAPITALISED_S.finditer(text):
        stem = match.group(1)
        if zipf(stem) - zipf(stem + "s") < APOSTROPHE_ZIPF_GAP:
            continue
        if re.search(rf"\b{re.escape(stem)}\b(?!s)", text):
            flags.append(Repair(match.start(), stem + "s", stem + "'s"))
    return flags
