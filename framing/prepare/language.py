"""Guess an article's language from its script and the share of each language's commonest words.

Why this and not a language-ID model: the question is only "is this English, and if not, roughly
what", and wordfreq (already a dependency) ships word lists for many languages offline. Function
words dominate any text, so the language whose 200 commonest words cover most tokens wins. The
lists (14 languages) are in ``data/language_words.csv``; add rows to add a language.

Script first: a text whose letters are mostly Cyrillic, Greek, Arabic, CJK ... is never English,
whatever its words. When no word list fits it, its language is "undetermined, in that script"
(``und-Cyrl``, ``und-Grek``, ``und-Hani``: BCP 47 tags), never plain ``und``, which counts as
English. A Latin-script text counts as English when its words say so, or when they say nothing
(tables, name lists) and its letters are plain ASCII: text whose letters are mostly accented
(``Ïðåçèäåíò``, Cyrillic read in the wrong code page) is not English.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from ..lexicons import read_records
from ..tokens import TOKEN_PATTERN

__all__ = ["guess_language", "dominant_script", "counts_as_english", "MIN_TOKENS", "MIN_COVERAGE"]

MIN_TOKENS = 20
MIN_COVERAGE = 0.2
CLEARLY_ENGLISH = 0.35  # English news: ~0.45-0.55 of tokens among the 200 commonest words
_SAMPLE_TOKENS = 250
_SAMPLE_CHARS = 5000
MIN_ASCII_LETTERS = 0.9
"""Share of ASCII letters an undetermined Latin-script text needs to count as English."""
_SCRIPTS = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "ARABIC": "Arab",
    "HEBREW": "Hebr",
    "CJK": "Hani",
    "HIRAGANA": "Jpan",
    "KATAKANA": "Jpan",
    "HANGUL": "Kore",
    "DEVANAGARI": "Deva",
    "THAI": "Thai",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "BENGALI": "Beng",
    "TAMIL": "Taml",
}
_LANGUAGE_SCRIPTS = {"ru": "Cyrl", "uk": "Cyrl", "ar": "Arab"}
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII_LETTERS = re.compile(r"[^\x00-\x7f\W\d_]")


@lru_cache(maxsize=1)
def _word_sets() -> dict[str, frozenset[str]]:
    """Top words per language from ``data/language_words.csv`` (taken from wordfreq once, so
    that guessing a language does not load fourteen full frequency lists into memory)."""
    sets: dict[str, set[str]] = {}
    for row in read_records("language_words.csv"):
        sets.setdefault(row["language"], set()).add(row["word"])
    return {lang: frozenset(words) for lang, words in sets.items()}


def guess_language(text: str) -> str:
    """Language code of ``text``: ``und`` when too short or no list fits a Latin-script text,
    ``und-<Script>`` when no list fits a text in another script.

    >>> guess_language("The president said the troops would leave the city by the end of the week.")
    'und'
    >>> guess_language("El presidente dijo que las tropas saldrían de la ciudad al final de la "
    ...                "semana, según informó el ministerio de defensa en un comunicado.")
    'es'
    >>> guess_language("Ο πρωθυπουργός δήλωσε την Τρίτη ότι οι διαπραγματεύσεις θα συνεχιστούν.")
    'und-Grek'
    """
    script = dominant_script(text)
    sample = TOKEN_PATTERN.findall(text[: _SAMPLE_TOKENS * 12])
    # numbers belong to no language
    tokens = [t.lower() for t in sample if not t[0].isdigit()][:_SAMPLE_TOKENS]
    guess = _by_words(tokens) if len(tokens) >= MIN_TOKENS else "und"
    if script not in ("Latn", None) and _LANGUAGE_SCRIPTS.get(guess, "Latn") != script:
        return f"und-{script}"
    return guess


def _by_words(tokens: list[str]) -> str:
    counts = Counter(tokens)
    english = _coverage(counts, _word_sets()["en"], len(tokens))
    if english >= CLEARLY_ENGLISH:
        return "en"
    coverage = {lang: _coverage(counts, words, len(tokens)) for lang, words in _word_sets().items()}
    best = max(coverage, key=coverage.__getitem__)
    return best if coverage[best] >= MIN_COVERAGE else "und"


def dominant_script(text: str) -> str | None:
    """ISO 15924 code of the script most of the text's letters are in (None: no letters).

    >>> dominant_script("Kyiv"), dominant_script("Киев и Kyiv"), dominant_script("東京")
    ('Latn', 'Cyrl', 'Hani')
    """
    sample = text[:_SAMPLE_CHARS]
    others = _NON_ASCII_LETTERS.findall(sample) if not sample.isascii() else []
    if not others:  # the common case, English: no need to count anything
        return "Latn" if _ASCII_LETTERS.search(sample) else None
    counts = Counter(_script(ch) for ch in others)
    counts["Latn"] += len(_ASCII_LETTERS.findall(sample))
    return counts.most_common(1)[0][0]


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return _SCRIPTS.get(name.split(" ", 1)[0], "Zyyy")


def counts_as_english(language: str, text: str) -> bool:
    """Whether English-only metrics take the text: English, or undetermined Latin script whose
    letters are plain ASCII (a table, a list of names); never mojibake or another script.

    >>> counts_as_english("und", "1 Clinton 334.9 238.2 2 Sanders 228.2")
    True
    >>> counts_as_english("und", "Ïðåçèäåíò Ðîññèè")  # Cyrillic read as Windows-1252
    False
    """
    if language == "en":
        return True
    if language != "und":
        return False
    letters = [ch for ch in text[:_SAMPLE_CHARS] if ch.isalpha()]
    return not letters or sum(ch.isascii() for ch in letters) >= MIN_ASCII_LETTERS * len(letters)


def _coverage(counts: Counter[str], words: frozenset[str], total: int) -> float:
    return sum(n for word, n in counts.items() if word in words) / total
