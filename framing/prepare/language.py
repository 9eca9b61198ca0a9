"""Guess an article's language from the share of each language's commonest words.

Why this and not a language-ID model: the question is only "is this English, and if not, roughly
what", and wordfreq (already a dependency) ships word lists for many languages offline. Function
words dominate any text, so the language whose 200 commonest words cover most tokens wins. The
lists (14 languages) are in ``data/language_words.csv``; add rows to add a language.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..lexicons import read_records
from ..tokens import TOKEN_PATTERN

__all__ = ["guess_language", "MIN_TOKENS", "MIN_COVERAGE"]

MIN_TOKENS = 20
MIN_COVERAGE = 0.2
CLEARLY_ENGLISH = 0.35  # English news: ~0.45-0.55 of tokens among the 200 commonest words
_SAMPLE_TOKENS = 250


@lru_cache(maxsize=1)
def _word_sets() -> dict[str, frozenset[str]]:
    """Top words per language from ``data/language_words.csv`` (taken from wordfreq once, so
    that guessing a language does not load fourteen full frequency lists into memory)."""
    sets: dict[str, set[str]] = {}
    for row in read_records("language_words.csv"):
        sets.setdefault(row["language"], set()).add(row["word"])
    return {lang: frozenset(words) for lang, words in sets.items()}


def guess_language(text: str) -> str:
    """Language code of ``text``, or ``und`` when it is too short or matches no list well.

    >>> guess_language("The president said the troops would leave the city by the end of the week.")
    'und'
    >>> guess_language("El presidente dijo que las tropas saldrían de la ciudad al final de la "
    ...                "semana, según informó el ministerio de defensa en un comunicado.")
    'es'
    """
    sample = TOKEN_PATTERN.findall(text[: _SAMPLE_TOKENS * 12])
    # numbers belong to no language
    tokens = [t.lower() for t in sample if not t[0].isdigit()][:_SAMPLE_TOKENS]
    if len(tokens) < MIN_TOKENS:
        return "und"
    counts = Counter(tokens)
    english = _coverage(counts, _word_sets()["en"], len(tokens))
    if english >= CLEARLY_ENGLISH:
        return "en"
    coverage = {lang: _coverage(counts, words, len(tokens)) for lang, words in _word_sets().items()}
    best = max(coverage, key=coverage.__getitem__)
    return best if coverage[best] >= MIN_COVERAGE else "und"


def _coverage(counts: Counter[str], words: frozenset[str], total: int) -> float:
    return sum(n for word, n in counts.items() if word in words) / total
