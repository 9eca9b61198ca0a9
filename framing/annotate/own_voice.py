"""The outlet's own voice: hedges and scare quotes outside what it quotes.

Why apart from quotations: "the alleged attack" written by the outlet distances the outlet from
a claim; the same words inside a minister's quote are the minister's. Hedging cues come from
``hedges.txt`` (alleged, so-called, reportedly, without evidence, ...) and are counted only in
text outside quotation marks. A scare quote is a short quoted phrase that is nobody's statement:
a ``partial`` row of ``quotes`` with no speaker, at most ``scare_max_words`` words long and not
a title or name in capitals (the “liberation” of the city, so-called ‘operations’; not the
exercises called “East”).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..schema import Column
from .attribution import title_case
from .base import Annotation, Annotator, AnnotatorInput, Option, article_blocks, quote_spans

__all__ = ["OWN_VOICE", "hedge_pattern", "ascii_lower", "own_voice_text"]


def _positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


@lru_cache(maxsize=8)
def hedge_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all cues, longest first, as whole words ("so-called" and "so called"),
    for text lowered with :func:`ascii_lower` (a first-letter test up front makes it three
    times faster than a case-blind pattern)."""
    ordered = sorted({c.lower() for c in cues}, key=len, reverse=True)
    alternatives = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in ordered)
    firsts = re.escape("".join(sorted({c[0] for c in ordered})))
    return re.compile(rf"(?<![\w-])(?=[{firsts}])(?:{alternatives})(?![\w-])")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower case that keeps the text's length, so offsets stay valid (``str.lower`` does,
    except for a few letters such as "İ"; then A–Z only)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


def own_voice_text(texts, offsets, quotes: list[tuple[int, int]]) -> str:
    """The article's sentences at their offsets (gaps as spaces), quotations blanked: hedge
    matches then keep article offsets, and none spans two sentences."""
    if not len(texts):
        return ""
    joined = _in_order(texts, offsets)
    if joined is not None and all(q_end >= int(offsets[0]) for _, q_end in quotes):
        for q_start, q_end in quotes:
            low, high = max(q_start - int(offsets[0]), 0), min(q_end - int(offsets[0]), len(joined))
            if high > low:
                joined = joined[:low] + " " * (high - low) + joined[high:]
        return " " * int(offsets[0]) + joined
    end = int(offsets[-1]) + len(texts[-1])
    chars = [" "] * (end - int(offsets[0]))
    base = int(offsets[0])
    for text, offset in zip(texts, offsets, strict=True):
        chars[offset - base : offset - base + len(text)] = text
        # a full stop between sentences keeps a cue from running across them
        if offset - base + len(text) < len(chars):
            chars[offset - base + len(text)] = "\n"
    for q_start, q_end in quotes:
        low, high = max(q_start - base, 0), min(q_end - base, len(chars))
        chars[low:high] = " " * max(high - low, 0)
    return " " * base + "".join(chars)


def _in_order(texts, offsets) -> str | None:
    """The sentences from the first's start with gaps as spaces and a line break after each
    (unless the next begins right there), when they come in order without overlapping (as a
    sentence table's do): built from its pieces, not character by character. None otherwise."""
    pieces: list[str] = []
    at = int(offsets[0])
    for k, (text, offset) in enumerate(zip(texts, offsets, strict=True)):
        offset = int(offset)
        if offset < at:
            return None
        pieces.append(" " * (offset - at))
        pieces.append(text)
        at = offset + len(text)
        if k + 1 < len(texts) and int(offsets[k + 1]) > at:
            pieces.append("\n")
            at += 1
    return "".join(pieces)


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
    marks = quote_spans(given)
    quotes = given.spans["quotes"]
    small = given.data.word_lists("attribution_words.csv").get("small_words", frozenset())
    scare = quotes[
        (quotes["kind"] == "partial") & (quotes["speaker"] == "") & (quotes["n_words"] <= max_words)
    ]
    titles = np.array([title_case(text, small) for text in scare["text"]], dtype=bool)
    scare = scare.loc[~titles] if len(scare) else scare
    scare_counts = scare.groupby(["article_id", "sentence_id"]).size().to_dict()
    hedges = np.zeros(len(sentences), dtype="int64")
    quoted = np.zeros(len(sentences), dtype="int64")
    cues = np.full(len(sentences), "", dtype=object)
    scares = np.zeros(len(sentences), dtype="int64")
    texts = sentences["text"].to_numpy(dtype=object)
    starts = sentences["start"].to_numpy()
    ids = sentences["sentence_id"].to_numpy()
    for article_id, (first, last) in blocks.items():
        spans = marks.get(article_id, [])
        q_starts = np.array([s for s, _ in spans], dtype=np.int64)
        q_ends = np.array([e for _, e in spans], dtype=np.int64)
        offsets = starts[first:last]
        # one pass over the article's sentences (joined, offsets kept) with quotations blanked
        own = own_voice_text(texts[first:last], offsets, spans)
        for match in pattern.finditer(ascii_lower(own)):
            row = first + int(np.searchsorted(offsets, match.start(), side="right")) - 1
            if not _verb_use(own, match):
                hedges[row] += 1
                cues[row] = (
                    f"{cues[row]};{match.group().lower()}" if cues[row] else match.group().lower()
                )
        if len(q_starts):
            whole = own_voice_text(texts[first:last], offsets, [])
            for match in pattern.finditer(ascii_lower(whole)):
                inside = np.searchsorted(q_ends, match.start(), side="right")
                if inside < len(q_starts) and q_starts[inside] <= match.start():
                    row = first + int(np.searchsorted(offsets, match.start(), side="right")) - 1
                    quoted[row] += 1
        for row in range(first, last):
            scares[row] = scare_counts.get((article_id, int(ids[row])), 0)
    frame = pd.DataFrame(
        {
            "hedges": hedges,
            "hedge_cues": cues,
            "hedges_in_quotes": quoted,
            "scare_quotes": scares,
        },
        index=sentences.index,
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
            "hedges_in_quotes",
            "int64",
            "The same cues inside the sentence's quotations: the speakers' hedges, not the "
            "outlet's (counted apart).",
        ),
        Column(
            "scare_quotes",
            "int64",
            "Scare quotes starting in the sentence: short partial quotations nobody is said to "
            "have spoken (the “liberation” of the city).",
        ),
    ),
    requires=("quote_marks", "quotes"),
    data_files=("hedges.txt", "attribution_words.csv"),
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
