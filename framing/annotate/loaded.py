"""Loaded language in the outlet's own voice: evaluative, emotive, intensified or derogatory
wording outside quotation marks.

Why outside quotations only: "the regime's thugs" written by the outlet is the outlet's
judgement; the same words inside a minister's quote are the minister's, which the outlet
reports. Quotations (the ``quote_marks`` spans) are blanked before matching, as for hedges
(:mod:`framing.annotate.own_voice`).

The cues are data, ``loaded_words.csv`` (``word,kind,weight,source``; a corpus replaces it with
its own ``lexicons/loaded_words.csv``): hand lists of derogatory labels (regime, thugs, leftist),
emotive verbs and nouns that stand in for plain reporting (slammed, torpedoed, fiasco),
evaluative words (disgraceful, pernicious, heroic, finally) and intensifiers (utterly,
brazenly), plus VADER's strongly valenced words (|valence| ≥ 2) less those a neutral report of
events has to use (killed, war, attack, crisis, prison). ``scripts/make_loaded_words.py`` writes
it and documents the rule. A sentence's score ``loaded`` is the sum of the weights of the cues
found in its own-voice text (derogatory 2, emotive 1.5, evaluative 1, intensifier 0.5, VADER's
words |valence| / 2.5): 0 for plain reporting, higher the more and the stronger the loaded words.
Hedges (alleged, so-called) are not loaded words here: ``own_voice`` counts them.

Matching is on whole words, case-insensitive, with one compiled pattern shaped as a trie of all
cues (fast over a million sentences); a phrase matches with any spacing, and the longest cue
wins where cues overlap ("smear campaign" over "smear"). A cue inside a hyphenated word does
not match (``mega-wealthy`` is not ``wealthy``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..schema import Column
from ..tokens import count_words
from .base import Annotation, Annotator, AnnotatorInput, article_blocks, quote_spans
from .own_voice import ascii_lower, own_voice_text

__all__ = ["LOADED", "LOADED_KINDS", "Cues", "cues_from_records"]

LOADED_KINDS = ("derogatory", "emotive", "evaluative", "intensifier")
_JOINER = r"(?:\s+|[-‐‑])"  # between a cue's words: spacing or a hyphen (hard right, hard-right)


@dataclass(frozen=True)
class Cues:
    """The loaded-word cues: one pattern over all of them, and each one's weight."""

    pattern: re.Pattern[str] | None
    weights: dict[str, float]  # cue with single spaces -> weight

    def find(self, lowered: str) -> list[tuple[int, str, float]]:
        """``(start, words, weight)`` of each cue in ``lowered`` (text lowered with
        :func:`ascii_lower`), in order; ``words`` as written, with single spaces."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(lowered):
            words = " ".join(match.group().split())
            found.append((match.start(), words, self.weights[_key(words)]))
        return found


def _key(text: str) -> str:
    """A cue as looked up: lower case, words joined by single spaces whether written with
    spaces or hyphens."""
    return " ".join(re.split(r"[\s\-‐‑]+", text.lower().strip()))


def _trie_regex(words: list[str]) -> str:
    """A regular expression matching exactly ``words``, shaped as a trie so that the engine
    follows one branch per character instead of trying every word in turn; longer words are
    tried before a word that is their prefix (the caller's end-of-word test picks the longest
    that ends on a word boundary)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [
            (_JOINER if char in " -" else re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = "|".join(branches)
        if ends:
            return f"(?:{body})?"
        return body if len(branches) == 1 else f"(?:{body})"

    return build(trie)


def cues_from_records(records: list[dict[str, str]]) -> Cues:
    """The cues of ``loaded_words.csv`` rows; a row with an unknown kind or a weight that is not
    a number ≥ 0 is an error that names it."""
    weights: dict[str, float] = {}
    for row in records:
        word = _key(row.get("word") or "")
        kind = (row.get("kind") or "").strip()
        if not word:
            raise ConfigError(f"loaded_words.csv: a row needs a word; got {row!r}")
        if kind not in LOADED_KINDS:
            raise ConfigError(
                f"loaded_words.csv: kind of {word!r} must be one of {', '.join(LOADED_KINDS)}; "
                f"got {kind!r}"
            )
        try:
            weight = float(row.get("weight") or "")
        except ValueError:
            weight = -1.0
        if not weight >= 0:
            raise ConfigError(
                f"loaded_words.csv: weight of {word!r} must be a number >= 0; "
                f"got {row.get('weight')!r}"
            )
        weights[word] = weight
    return _compiled(tuple(sorted(weights.items())))


@lru_cache(maxsize=8)
def _compiled(items: tuple[tuple[str, float], ...]) -> Cues:
    weights = dict(items)
    if not weights:
        return Cues(None, {})
    body = _trie_regex(sorted(weights))
    return Cues(re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"), weights)


def _loaded(given: AnnotatorInput) -> Annotation:
    cues = cues_from_records(given.data.records("loaded_words.csv"))
    sentences = given.sentences
    marks = quote_spans(given)
    scores = np.zeros(len(sentences), dtype="float64")
    found = np.full(len(sentences), "", dtype=object)
    own_words = np.zeros(len(sentences), dtype="int64")
    texts = sentences["text"].to_numpy(dtype=object)
    starts = sentences["start"].to_numpy()
    n_words = sentences["n_words"].to_numpy()
    for article_id, (first, last) in article_blocks(sentences["article_id"]).items():
        offsets = starts[first:last]
        # the article's sentences at their offsets, quotations blanked: own voice only
        own = own_voice_text(texts[first:last], offsets, marks.get(article_id, []))
        for row, (text, offset) in enumerate(zip(texts[first:last], offsets, strict=True)):
            part = own[offset : offset + len(text)]
            # a sentence without quoted words has them all in its own voice
            own_words[first + row] = n_words[first + row] if part == text else count_words(part)
        hits: dict[int, list[str]] = {}
        for position, cue, weight in cues.find(ascii_lower(own)):
            row = first + int(np.searchsorted(offsets, position, side="right")) - 1
            scores[row] += weight
            hits.setdefault(row, []).append(cue)
        for row, words in hits.items():
            found[row] = ";".join(words)
    frame = pd.DataFrame(
        {"loaded": scores.round(6), "loaded_cues": found, "own_words": own_words},
        index=sentences.index,
    )
    frame["loaded_cues"] = frame["loaded_cues"].astype("string")
    return Annotation(frame)


LOADED = Annotator(
    name="loaded",
    function=_loaded,
    columns=(
        Column(
            "loaded",
            "float64",
            "Loaded-wording score (≥ 0) of the sentence's own-voice text, outside quotation "
            "marks: the sum of the weights of the `loaded_words.csv` cues found (derogatory 2, "
            "emotive 1.5, evaluative 1, intensifier 0.5; VADER's words, as emotive, "
            "|valence| / 2.5; Pattern's adjectives and the milder evaluative words 0.5).",
        ),
        Column(
            "loaded_cues",
            "string",
            "Those cues, `;`-separated, in order (lower case, single spaces).",
        ),
        Column(
            "own_words",
            "int64",
            "Tokens of the sentence outside quotation marks: the denominator for loaded "
            "wording per 1,000 own-voice words.",
        ),
    ),
    requires=("quote_marks", "n_words"),
    data_files=("loaded_words.csv",),
)
