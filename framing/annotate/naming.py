"""Naming: which variant of a concept's name each sentence uses (*Kiev* or *Kyiv*, *Donbass* or
*Donbas*, *illegal aliens* or *undocumented immigrants*).

Why a span table: one sentence can name several concepts, and a report must quote the sentence
behind every count. The concepts and their variants are data (``framing/data/naming.csv``, which a
corpus's ``lexicons/naming.csv`` extends), never code. Matching is case-insensitive on whole words
(``Kiev's``, ``Kiev-based`` and ``pro-Kiev`` use the *Kiev* spelling; ``Kievan`` is another
word), and where two
variants overlap the longer wins (``Russian-backed separatists`` rather than ``separatists``).
Whether the variant lies inside a quotation matters: an outlet quoting an official's *Kiev* has
not chosen that spelling itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from ..errors import ConfigError
from ..lexicons import data_file_label
from ..schema import Column, conform
from ..tokens import token_cache
from .base import (
    Annotation,
    Annotator,
    AnnotatorInput,
    SpanPlaces,
    SpanTable,
)

__all__ = ["NAMING", "NAMING_SPAN_COLUMNS", "Variants", "variants_from_records"]

NAMING_SPAN_COLUMNS = (
    Column("article_id", "string", "Article the name is in."),
    Column("outlet", "string", "Outlet of that article."),
    Column("sentence_id", "int64", "Sentence the name is in."),
    Column("start", "int64", "Offset of its first character in the article's `text`."),
    Column("end", "int64", "Offset one past its last character."),
    Column("concept", "string", "What is named (`naming.csv`'s concept)."),
    Column("variant", "string", "The variant used, as listed in `naming.csv`."),
    Column("kind", "string", "`spelling` (one name spelled differently) or `label`."),
    Column("text", "string", "The words as written in the article."),
    Column("in_quote", "boolean", "Inside a quotation: somebody else's choice of words."),
)


MAX_VARIANTS = 100_000
"""Variants a naming list (the packaged one with the corpus's ``lexicons/naming.csv``) may hold.
A list is written and read by people: the packaged one has 60 and a corpus adds dozens. Past
this, a file is not a naming list (a dictionary, a table of titles), and each worker would hold
its index (about 1 KB a variant) and spend seconds building it, for nothing; it is refused."""


@dataclass(frozen=True)
class Variants:
    """The listed variants, each one's concept, and an index of them by their words.

    Why an index rather than one regular expression over every variant: an alternation of
    variants matched case-insensitively tries each variant at each character (50,000 variants
    took minutes per article); here each word of an article is looked up once, and only the
    variants whose words are there are tried, each with its own expression. The result is the
    alternation's: whole words, case-insensitive, and where two overlap the longer variant
    (then the first in alphabetical order), leftmost first."""

    concepts: dict[str, tuple[str, str, str]]  # lower-cased variant -> (concept, variant, kind)
    cores: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    """A variant's words and the separators between them (:func:`_pieces`) -> the variants
    made of them (``#MeToo`` and ``MeToo`` share one)."""
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """A first word -> how many words the variants it begins have, most first."""
    leads: dict[str, str] = field(default_factory=dict)
    """Variants that open with non-word characters (``#MeToo``) -> those characters."""

    def find(self, text: str) -> list[tuple[int, int, str, str, str]]:
        """``(start, end, concept, variant, kind)`` of every variant in ``text``, in order.

        Each variant is matched by its own expression, so a match is known by its variant,
        never by re-folding the matched text (``İSIS`` matches ``isis`` case-insensitively, but
        ``"İSIS".lower()`` is not ``"isis"``)."""
        if not self.concepts:
            return []
        best: dict[int, tuple[int, str]] = {}  # start -> (end, variant) of the one that wins
        for begin, end, key in self._matches(text):
            if begin not in best or (-len(key), key) < (-len(best[begin][1]), best[begin][1]):
                best[begin] = (end, key)
        found = []
        reached = 0
        for begin in sorted(best):
            if begin < reached:
                continue  # inside a variant found further left, as the alternation skips it
            end, key = best[begin]
            found.append((begin, end, *self.concepts[key]))
            reached = end
        return found

    def _matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Every ``(start, end, variant)`` where a variant matches by itself (overlaps too).

        Only the words that begin a variant are looked at closely: the article's distinct
        words are looked up once, and its words' offsets found only when one of them does."""
        words = _WORD.findall(text)
        opening = {w for w in set(words) if _looked_up(w) in self.lengths}
        if not opening:
            return
        spans = [match.span() for match in _WORD.finditer(text)]
        for i in [i for i, word in enumerate(words) if word in opening]:
            for n in self.lengths[_looked_up(words[i])]:
                if i + n > len(words):
                    continue
                pieces = [_looked_up(words[i])]  # word, separator, word, ... as looked up
                for k in range(i + 1, i + n):
                    separator = text[spans[k - 1][1] : spans[k][0]]
                    pieces.append(" " if separator == " " else _coarse_separator(separator))
                    pieces.append(_looked_up(words[k]))
                for key in self.cores.get(tuple(pieces), ()):
                    before = spans[i - 1][1] if i else 0
                    match = _match(key, self.leads.get(key, ""), spans[i][0], before, text)
                    if match is not None:
                        yield match.start(), match.end(), key


_WORD = re.compile(r"\w+")


def _coarse_char(char: str) -> str:
    """A character as looked up: characters ``re.IGNORECASE`` takes as one (``İ`` and ``i``,
    ``ı`` and ``i``, ``ſ`` and ``s``, ``ς`` and ``σ``) come out the same (the upper case of the
    simple lower case), and so do every apostrophe, every hyphen, and every space. Some others
    do too (``ß`` and ``s``): the variant's own expression then tells them apart."""
    if char in _APOSTROPHES:
        return "'"
    if char in _HYPHENS:
        return "-"
    if char.isspace():
        return " "
    return char.lower()[:1].upper()[:1] or char


@token_cache(maxsize=1 << 16)
def _coarse_word(word: str) -> str:
    return "".join(_coarse_char(char) for char in word)


def _looked_up(word: str) -> str:
    """A word's look-up form: an ASCII word's is its upper case (no call)."""
    return word.upper() if word.isascii() else _coarse_word(word)


@token_cache(maxsize=1 << 12)
def _coarse_separator(text: str) -> str:
    """What lies between two words, as looked up: a run of spaces and line breaks is one space
    (as ``\\s+`` matches it)."""
    return _SPACES.sub(" ", "".join(_coarse_char(char) for char in text))


_SPACES = re.compile(" +")


def _pieces(key: str) -> tuple[str, tuple[str, ...]]:
    """A variant's leading non-word characters (``#`` of ``#MeToo``, usually none) and its
    core: its words and the separators between them, as looked up; no core without a word."""
    words = list(_WORD.finditer(key))
    if not words:
        return key, ()
    core: list[str] = []
    for k, word in enumerate(words):
        if k:
            core.append(_coarse_separator(key[words[k - 1].end() : word.start()]))
        core.append(_coarse_word(word.group()))
    return key[: words[0].start()], tuple(core)


@lru_cache(maxsize=1 << 14)
def _expression(key: str) -> re.Pattern[str]:
    """One variant's expression: whole words, case-insensitive, any apostrophe, hyphen or run
    of spaces where the variant has one."""
    return re.compile(rf"(?<!\w)(?:{_flexible(key)})(?!\w)", re.IGNORECASE)


def _match(key: str, lead: str, start: int, before: int, text: str) -> re.Match[str] | None:
    """The variant ``key`` in ``text`` with its first word at ``start``; one opening with
    non-word characters (``lead``) begins where they do, after the previous word (``before``)."""
    begin = start if not lead else _lead_start(lead, start, before, text)
    if begin is None:
        return None
    return _expression(key).match(text, begin)


def _lead_start(lead: str, start: int, before: int, text: str) -> int | None:
    """Where ``lead`` (non-word characters, single spaces between) would begin to end right at
    ``start``: walked back one character at a time, a space taking a whole run of them, so the
    cost is the lead's, not the distance to the previous word."""
    at = start
    for char in reversed(lead):
        if at <= before:
            return None
        if char == " ":
            if not text[at - 1].isspace():
                return None
            while at > before and text[at - 1].isspace():
                at -= 1
        elif _coarse_char(text[at - 1]) == _coarse_char(char):
            at -= 1
        else:
            return None
    return at


def variants_from_records(records: Sequence[dict[str, str]], where: str = "naming.csv") -> Variants:
    """The variants of ``naming.csv`` rows; a variant listed under two concepts is an error that
    names both (one word cannot count for two things), as is one without a letter or digit.
    ``where`` names the file in messages."""
    return _variants(
        tuple(
            (row.get("concept") or "", row.get("variant") or "", row.get("kind") or "")
            for row in records
        ),
        where,
    )


@lru_cache(maxsize=4)
def _variants(records: tuple[tuple[str, str, str], ...], where: str) -> Variants:
    """The index of a list, built once per process (every batch of articles asks for it)."""
    concepts: dict[str, tuple[str, str, str]] = {}
    for concept, variant, kind in records:
        concept, variant, kind = concept.strip(), variant.strip(), kind.strip() or "label"
        if not concept or not variant:
            row = {"concept": concept, "variant": variant, "kind": kind}
            raise ConfigError(f"{where}: a row needs a concept and a variant; got {row!r}")
        if kind not in ("spelling", "label"):
            raise ConfigError(
                f"{where}: kind of {variant!r} must be 'spelling' or 'label'; got {kind!r}"
            )
        key = _fold(variant)
        if key in concepts and concepts[key][0] != concept:
            raise ConfigError(
                f"{where}: variant {variant!r} is listed under two concepts, "
                f"{concepts[key][0]!r} and {concept!r}"
            )
        concepts[key] = (concept, variant, kind)
    cores: dict[tuple[str, ...], list[str]] = {}
    lengths: dict[str, set[int]] = {}
    leads: dict[str, str] = {}
    for key, (_, variant, _) in concepts.items():
        lead, core = _pieces(key)
        if not core:
            raise ConfigError(f"{where}: variant {variant!r} has no letter or digit")
        if lead:
            leads[key] = lead
        cores.setdefault(core, []).append(key)
        lengths.setdefault(core[0], set()).add((len(core) + 1) // 2)
    return Variants(
        concepts,
        {core: tuple(keys) for core, keys in cores.items()},
        {word: tuple(sorted(counts, reverse=True)) for word, counts in lengths.items()},
        leads,
    )


_APOSTROPHES = "'’‘ʼ"
_HYPHENS = "-‐‑–"


def _fold(text: str) -> str:
    """A variant's key: lower case, one kind of apostrophe and hyphen, single spaces."""
    text = " ".join(text.lower().split())
    text = re.sub(f"[{_APOSTROPHES}]", "'", text)
    return re.sub(f"[{_HYPHENS}]", "-", text)


def _flexible(variant: str) -> str:
    """A variant as a pattern that also matches its curly apostrophes, dash-hyphens and line
    breaks between words, as articles print them."""
    parts = []
    for char in variant:
        if char in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        elif char in _HYPHENS:
            parts.append(f"[{_HYPHENS}]")
        elif char.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _naming(given: AnnotatorInput) -> Annotation:
    records = given.data.layered_records("naming.csv", "variant", fold=True)
    where = data_file_label("naming.csv", given.data.overrides)
    if len(records) > MAX_VARIANTS:
        raise ConfigError(
            f"{where}: {len(records):,} variants, more than a naming list holds (at most "
            f"{MAX_VARIANTS:,}); keep the concepts whose names outlets choose between"
        )
    variants = variants_from_records(records, where)
    places = SpanPlaces(given)
    rows = []
    for article_id, outlet, text in given.articles[["article_id", "outlet", "text"]].itertuples(
        index=False
    ):
        found = variants.find(text)
        if not found or not places.has_sentences(article_id):
            continue
        sentence_ids, inside = places.place(article_id, [f[0] for f in found])
        for (start, end, concept, variant, kind), quoted, sentence_id in zip(
            found, inside, sentence_ids, strict=True
        ):
            rows.append(
                (
                    article_id,
                    outlet,
                    int(sentence_id),
                    start,
                    end,
                    concept,
                    variant,
                    kind,
                    text[start:end],
                    bool(quoted),
                )
            )
    frame = pd.DataFrame(rows, columns=[c.name for c in NAMING_SPAN_COLUMNS])
    return Annotation(spans={"naming_mentions": conform(frame, NAMING_SPAN_COLUMNS)})


NAMING = Annotator(
    name="naming",
    function=_naming,
    spans=(
        SpanTable(
            "naming_mentions",
            NAMING_SPAN_COLUMNS,
            "use of a listed variant of a concept's name (Kiev or Kyiv)",
        ),
    ),
    requires=("quote_marks",),
    data_files=("naming.csv",),
    version="1",
)
