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
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..errors import ConfigError
from ..schema import Column, conform
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


@dataclass(frozen=True)
class Variants:
    """The listed variants: one regular expression over all of them, and each one's concept."""

    pattern: re.Pattern[str] | None
    concepts: dict[str, tuple[str, str, str]]  # lower-cased variant -> (concept, variant, kind)

    def find(self, text: str) -> list[tuple[int, int, str, str, str]]:
        """``(start, end, concept, variant, kind)`` of every variant in ``text``, in order.

        Each variant is its own named group, so a match is known by its group, never by
        re-folding the matched text (``İSIS`` matches ``isis`` case-insensitively, but
        ``"İSIS".lower()`` is not ``"isis"``)."""
        if self.pattern is None:
            return []
        order = list(self.concepts)
        found = []
        for match in self.pattern.finditer(text):
            concept, variant, kind = self.concepts[order[int(match.lastgroup[1:])]]
            found.append((match.start(), match.end(), concept, variant, kind))
        return found


def variants_from_records(records: Sequence[dict[str, str]]) -> Variants:
    """The variants of ``naming.csv`` rows; a variant listed under two concepts is an error that
    names both (one word cannot count for two things)."""
    concepts: dict[str, tuple[str, str, str]] = {}
    for row in records:
        concept = (row.get("concept") or "").strip()
        variant = (row.get("variant") or "").strip()
        kind = (row.get("kind") or "").strip() or "label"
        if not concept or not variant:
            raise ConfigError(f"naming.csv: a row needs a concept and a variant; got {row!r}")
        if kind not in ("spelling", "label"):
            raise ConfigError(
                f"naming.csv: kind of {variant!r} must be 'spelling' or 'label'; got {kind!r}"
            )
        key = _fold(variant)
        if key in concepts and concepts[key][0] != concept:
            raise ConfigError(
                f"naming.csv: variant {variant!r} is listed under two concepts, "
                f"{concepts[key][0]!r} and {concept!r}"
            )
        concepts[key] = (concept, variant, kind)
    if not concepts:
        return Variants(None, {})
    ordered = dict(sorted(concepts.items(), key=lambda kv: (-len(kv[0]), kv[0])))  # longest first
    body = "|".join(f"(?P<v{k}>{_flexible(v)})" for k, v in enumerate(ordered))
    # a variant after a hyphen counts (pro-Kiev, anti-ISIS): the prefix does not change the name
    return Variants(re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE), ordered)


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
    variants = variants_from_records(records)
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
