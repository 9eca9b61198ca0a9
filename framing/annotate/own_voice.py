"""The outlet's own voice: hedges and scare quotes outside what it quotes.

Why apart from quotations: "the alleged attack" written by the outlet distances the outlet from
a claim; the same words inside a minister's quote are the minister's. Hedging cues come from
``hedges.txt`` (alleged, so-called, reportedly, without evidence, ...) and are counted only in
text outside quotation marks. A scare quote is a short quoted phrase that is nobody's statement:
a ``partial`` row of ``quotes`` with no speaker, at most ``scare_max_words`` words long
(the “liberation” of the city, so-called ‘operations’).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..schema import Column
from .base import Annotation, Annotator, AnnotatorInput, Option, article_blocks

__all__ = ["OWN_VOICE", "hedge_pattern"]


def _positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


@lru_cache(maxsize=8)
def hedge_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all cues, longest first, as whole words ("so-called" and "so called")."""
    ordered = sorted({c.lower() for c in cues}, key=len, reverse=True)
    alternatives = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _masked(text: str, start: int, spans: list[tuple[int, int]]) -> str:
    """The sentence with quoted characters blanked (offsets kept)."""
    chars = list(text)
    for q_start, q_end in spans:
        low, high = max(q_start - start, 0), min(q_end - start, len(chars))
        for k in range(low, high):
            chars[k] = " "
    return "".join(chars)


_VERB_CUES = frozenset({"alleged", "purported"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "his", "her", "their", "our"})


def _verb_use(masked: str, match: re.Match[str]) -> bool:
    """A reporting verb ("Smith alleged that ...", "it alleged"), counted in the verb profile,
    not a hedge; "the alleged attack" is one."""
    if match.group().lower() not in _VERB_CUES:
        return False
    after = masked[match.end() :].lstrip().lower()
    before = masked[: match.start()].rstrip().split()
    previous = before[-1] if before else ""
    if previous.lower() in _DETERMINERS:
        return False
    subject = previous[:1].isupper() or previous.lower() in ("he", "she", "they", "it")
    return after.startswith("that ") or subject


def _own_voice(given: AnnotatorInput) -> Annotation:
    pattern = hedge_pattern(given.data.lines("hedges.txt"))
    max_words = given.options["scare_max_words"]
    sentences = given.sentences
    blocks = article_blocks(sentences["article_id"])
    marks = {a: g for a, g in given.spans["quote_marks"].groupby("article_id", sort=False)}
    quotes = given.spans["quotes"]
    scare = quotes[
        (quotes["kind"] == "partial") & (quotes["speaker"] == "") & (quotes["n_words"] <= max_words)
    ]
    scare_counts = scare.groupby(["article_id", "sentence_id"]).size().to_dict()
    hedges = np.zeros(len(sentences), dtype="int64")
    cues = np.full(len(sentences), "", dtype=object)
    scares = np.zeros(len(sentences), dtype="int64")
    texts = sentences["text"].to_numpy(dtype=object)
    starts = sentences["start"].to_numpy()
    ids = sentences["sentence_id"].to_numpy()
    for article_id, (first, last) in blocks.items():
        spans = marks.get(article_id)
        q_starts = spans["start"].to_numpy() if spans is not None else np.array([], dtype=int)
        q_ends = spans["end"].to_numpy() if spans is not None else np.array([], dtype=int)
        for row in range(first, last):
            end = starts[row] + len(texts[row])
            # quotations are sorted and do not overlap: those touching the sentence are a slice
            low = np.searchsorted(q_ends, starts[row], side="right")
            high = np.searchsorted(q_starts, end, side="left")
            inside = list(zip(q_starts[low:high], q_ends[low:high], strict=True))
            masked = _masked(texts[row], starts[row], inside) if inside else texts[row]
            found = [
                m.group().lower() for m in pattern.finditer(masked) if not _verb_use(masked, m)
            ]
            hedges[row] = len(found)
            cues[row] = ";".join(found)
            scares[row] = scare_counts.get((article_id, int(ids[row])), 0)
    frame = pd.DataFrame(
        {"hedges": hedges, "hedge_cues": cues, "scare_quotes": scares}, index=sentences.index
    )
    frame["hedge_cues"] = frame["hedge_cues"].astype("string")
    return Annotation(frame)


OWN_VOICE = Annotator(
    name="own_voice",
    function=_own_voice,
    columns=(
        Column(
            "hedges",
            "int64",
            "Hedging cues (`hedges.txt`: alleged, so-called, reportedly, ...) in the sentence's "
            "own-voice text, outside quotation marks.",
        ),
        Column("hedge_cues", "string", "Those cues, `;`-separated, as written (lower case)."),
        Column(
            "scare_quotes",
            "int64",
            "Scare quotes starting in the sentence: short partial quotations nobody is said to "
            "have spoken (the “liberation” of the city).",
        ),
    ),
    requires=("quote_marks", "quotes"),
    data_files=("hedges.txt",),
    options=(
        Option(
            "scare_max_words",
            4,
            _positive_int,
            "an int >= 1",
            "Longest unattributed partial quotation counted as a scare quote.",
        ),
    ),
)
