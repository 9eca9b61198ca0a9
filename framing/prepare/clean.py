"""Clean one article body: small steps, each recording what it removed or changed and why.

Why per-step records: a reader must be able to check that cleaning removed a caption and not a
sentence of reporting. Every step is a pure function ``(paragraphs, context) -> paragraphs`` that
appends :class:`Change` records; :func:`clean_article` composes them in order.

Steps, in order: normalise characters → drop a repeated title → lift a dateline into metadata →
drop the outlet's learned boilerplate lines (``framing.prepare.boilerplate``) → drop photo
galleries and captions/credits → drop promotional footers and calls to action → join sentences
broken across paragraphs → drop verbatim repeated paragraphs (a lead printed twice) → split glued
words → flag dropped apostrophes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..patterns import PatternList, pattern_list
from ..tokens import CONTROL_CHARACTERS, ZERO_WIDTH_CHARACTERS, folded
from .boilerplate import Boilerplate, line_key
from .repair import find_dropped_apostrophes, find_glued_words

__all__ = ["Change", "Cleaned", "clean_article", "STEPS"]

CAPTION_MAX_WORDS = 60
PROMO_MAX_WORDS = 60
PROMO_ANYWHERE_MAX_WORDS = 25
PROMO_TAIL_PARAGRAPHS = 3
REPEAT_MIN_WORDS = 8
HEAVY_CLEANING = 0.5
"""Share of an article's words whose removal by cleaning flags the article (``heavily_cleaned``)."""
_ZERO_WIDTH = ZERO_WIDTH_CHARACTERS
_CONTROLS = CONTROL_CHARACTERS
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\t]+")
_DATELINE = re.compile(
    r"^(?P<dateline>[A-Z][A-Z .'’-]{1,40}[A-Z](?:,\s*[A-Z][\w.]*(?:\s[\w.]+){0,2})?"
    r"(?:\s*\([^()]{1,40}\))?)\s*[–—-]{1,2}\s+(?=\S)"
)


class Change(NamedTuple):
    """One thing a cleaning step did: ``action`` is removed, repaired, changed or flagged."""

    step: str
    action: str
    reason: str
    detail: str


@dataclass
class _Context:
    title: str | None
    overrides: Path | None
    repair_glued_words: bool
    boilerplate: Mapping[str, Boilerplate] = field(default_factory=dict)
    dateline: str | None = None
    changes: list[Change] = field(default_factory=list)


class Cleaned(NamedTuple):
    """A cleaned body, the dateline lifted from it, and every change made."""

    text: str
    dateline: str | None
    changes: list[Change]


def clean_article(
    body: str,
    *,
    title: str | None = None,
    overrides: Path | None = None,
    repair_glued_words: bool = True,
    boilerplate: Mapping[str, Boilerplate] | None = None,
) -> Cleaned:
    """Clean ``body``; paragraphs (non-empty lines) are joined by one blank line.

    ``boilerplate`` maps the keys (:func:`~framing.prepare.boilerplate.line_key`) of lines that
    recur across the outlet's articles to how common they are; those lines are removed.

    >>> cleaned = clean_article("MOSCOW (AP) – Russia denies it.\\n(AP Photo/John Doe)")
    >>> cleaned.text, cleaned.dateline, [c.step for c in cleaned.changes]
    ('Russia denies it.', 'MOSCOW (AP)', ['dateline', 'caption'])
    """
    context = _Context(title, overrides, repair_glued_words, dict(boilerplate or {}))
    paragraphs = _normalise(body, context)
    words_before, words_dropped = _words(paragraphs), 0
    for step in STEPS:
        cleaned = _run_step(step, paragraphs, context)
        if step in DROPPING_STEPS:
            words_dropped += _words(paragraphs) - _words(cleaned)
        paragraphs = cleaned
    _flag_heavy_cleaning(words_before, words_dropped, context)
    return Cleaned("\n\n".join(paragraphs), context.dateline, context.changes)


def _run_step(
    step: Callable[[list[str], _Context], list[str]], paragraphs: list[str], context: _Context
) -> list[str]:
    """Run one step, unless it would leave nothing: an article's last text is never removed
    (a one-line item such as "SEE ALSO: ..." stays, flagged, rather than becoming empty)."""
    done = len(context.changes)
    dateline = context.dateline
    cleaned = step(paragraphs, context)
    if cleaned or not paragraphs:
        return cleaned
    undone = context.changes[done:]
    del context.changes[done:]
    context.dateline = dateline
    context.changes.append(
        Change(
            undone[0].step if undone else step.__name__,
            "flagged",
            "kept_last_text",
            f"kept the article's only text although {undone[0].reason if undone else 'a step'} "
            f"would remove it: {_short(' '.join(paragraphs))!r}",
        )
    )
    return paragraphs


def _words(paragraphs: list[str]) -> int:
    return sum(p.count(" ") + 1 for p in paragraphs)


def _flag_heavy_cleaning(before: int, dropped: int, context: _Context) -> None:
    """An article that lost more than ``HEAVY_CLEANING`` of its words to the steps that drop text
    as not-reporting (captions, promotion) is flagged with what went: if a pattern misfired, a
    reader should look. Repeats of a title or paragraph lose nothing and do not count."""
    if not before or dropped <= HEAVY_CLEANING * before:
        return
    removed: dict[str, int] = {}
    for change in context.changes:
        if change.action == "removed" and change.step in _DROPPING_NAMES:
            removed[change.reason] = removed.get(change.reason, 0) + 1
    what = ", ".join(f"{n} {reason} paragraph(s)" for reason, n in sorted(removed.items()))
    context.changes.append(
        Change(
            "cleaning",
            "flagged",
            "heavily_cleaned",
            f"cleaning removed {dropped / before:.0%} of the words ({dropped:,} of {before:,}): "
            f"{what}; check that no reporting went with it",
        )
    )


def _normalise(body: str, context: _Context) -> list[str]:
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    text, controls = _CONTROLS.subn("", text)
    stripped, removed = _ZERO_WIDTH.subn("", text)
    spaced, replaced = _SPACES.subn(" ", stripped)
    normalised = unicodedata.normalize("NFC", spaced)
    if controls or removed or replaced or (normalised is not spaced and normalised != spaced):
        done = [
            f"{n} {what}"
            for n, what in (
                (controls, "control or direction-override character(s) removed"),
                (removed, "zero-width character(s) removed"),
                (replaced, "run(s) of non-breaking spaces or tabs made plain spaces"),
            )
            if n
        ]
        context.changes.append(
            Change(
                "normalise",
                "changed",
                "characters",
                "normalised characters: " + ", ".join(done or ["Unicode composed (NFC)"]),
            )
        )
    lines = (line.strip() for line in normalised.split("\n"))
    return [line for line in lines if line]


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _same(left: str, right: str) -> bool:
    """Equal but for case and spacing (texts of very different lengths never are: a quick
    answer for a megabyte-long paragraph compared with a title)."""
    if len(left) > 2 * len(right) + 16 or len(right) > 2 * len(left) + 16:
        return False
    return folded(left) == folded(right)


def drop_repeated_title(paragraphs: list[str], context: _Context) -> list[str]:
    """The headline printed again as the body's first line."""
    if context.title and paragraphs and _same(paragraphs[0], context.title):
        context.changes.append(
            Change(
                "repeated_title",
                "removed",
                "repeated_title",
                f"removed the title repeated as the first line: {_short(paragraphs[0])!r}",
            )
        )
        return paragraphs[1:]
    return paragraphs


def lift_dateline(paragraphs: list[str], context: _Context) -> list[str]:
    """``TEHRAN (Iran News) –`` at a paragraph start is metadata, not reporting."""
    out = []
    for paragraph in paragraphs:
        match = _DATELINE.match(paragraph) if context.dateline is None else None
        if match and len(match.group("dateline").split()) <= 6:
            context.dateline = match.group("dateline").strip()
            context.changes.append(
                Change(
                    "dateline",
                    "removed",
                    "dateline",
                    f"moved dateline {context.dateline!r} to metadata",
                )
            )
            paragraph = paragraph[match.end() :]
        out.append(paragraph)
    return out


def drop_boilerplate(paragraphs: list[str], context: _Context) -> list[str]:
    """Lines the outlet prints in story after story (learned from the corpus, see
    ``framing.prepare.boilerplate``): a sign-up box, a gallery label, a timestamp."""
    if not context.boilerplate:
        return paragraphs
    out = []
    for paragraph in paragraphs:
        found = context.boilerplate.get(line_key(paragraph))
        if found is None:
            out.append(paragraph)
            continue
        context.changes.append(
            Change(
                "boilerplate",
                "removed",
                "boilerplate",
                f"removed {_short(paragraph)!r}: the outlet prints it in {found.stories:,} of "
                f"its {found.outlet_stories:,} stories",
            )
        )
    return out


GALLERY_WORDS_PER_MARK = 120
"""A gallery line longer than ``CAPTION_MAX_WORDS`` must show a gallery mark ("Hide Caption 3 of
24") at least once per this many words: a whole article flattened into one paragraph that merely
begins with a gallery stays."""


def drop_galleries(paragraphs: list[str], context: _Context) -> list[str]:
    """A photo gallery or video player flattened into one line ("… Hide Caption 3 of 24
    Photos: …"): every part of it is a caption, however long, as long as the marks are dense."""
    patterns = _patterns("gallery_patterns.txt", context.overrides)

    def dense(paragraph: str) -> bool:
        words = paragraph.count(" ") + 1
        if words <= CAPTION_MAX_WORDS:
            return True
        return patterns.count(paragraph.lower()) * GALLERY_WORDS_PER_MARK >= words

    out = []
    for paragraph in paragraphs:
        hit = patterns.first_match(paragraph.lower())
        if hit is None or not dense(paragraph):
            out.append(paragraph)
            continue
        context.changes.append(
            Change(
                "gallery",
                "removed",
                "gallery",
                f"removed gallery paragraph {_short(paragraph)!r} "
                f"(pattern {hit} of gallery_patterns.txt)",
            )
        )
    return out


def drop_captions(paragraphs: list[str], context: _Context) -> list[str]:
    """Photo captions and credits, e.g. a line ending ``(Reuters File Photo)``."""
    return _drop_matching(
        paragraphs,
        context,
        "caption_patterns.txt",
        "caption",
        lambda _i, words: words <= CAPTION_MAX_WORDS,
    )


def drop_promotions(paragraphs: list[str], context: _Context) -> list[str]:
    """Calls to action and promotional footers (``Click here and enjoy a free trial``)."""
    tail_start = len(paragraphs) - PROMO_TAIL_PARAGRAPHS

    def eligible(index: int, words: int) -> bool:
        limit = PROMO_MAX_WORDS if index >= tail_start else PROMO_ANYWHERE_MAX_WORDS
        return words <= limit

    return _drop_matching(paragraphs, context, "promo_patterns.txt", "promotion", eligible)


def _drop_matching(
    paragraphs: list[str],
    context: _Context,
    source: str,
    step: str,
    eligible: Callable[[int, int], bool],
) -> list[str]:
    patterns = _patterns(source, context.overrides)
    out = []
    for index, paragraph in enumerate(paragraphs):
        if not eligible(index, paragraph.count(" ") + 1):
            out.append(paragraph)
            continue
        hit = patterns.first_match(paragraph.lower())
        if hit is not None:
            context.changes.append(
                Change(
                    step,
                    "removed",
                    step,
                    f"removed {step} paragraph {_short(paragraph)!r} (pattern {hit} of {source})",
                )
            )
            continue
        out.append(paragraph)
    return out


_OPEN_END = re.compile(r"[a-z,]$")


def join_broken_paragraphs(paragraphs: list[str], context: _Context) -> list[str]:
    """A paragraph break inside a sentence (extraction damage): the line ends without final
    punctuation and the next starts in lower case, as in ``told local`` / ``media his county``."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out and _OPEN_END.search(out[-1]) and paragraph[:1].islower():
            context.changes.append(
                Change(
                    "broken_paragraph",
                    "repaired",
                    "broken_paragraph",
                    f"joined a sentence broken across paragraphs: "
                    f"{_short(out[-1][-40:], 40)!r} + {_short(paragraph, 40)!r}",
                )
            )
            out[-1] = f"{out[-1]} {paragraph}"
            continue
        out.append(paragraph)
    return out


def drop_repeated_paragraphs(paragraphs: list[str], context: _Context) -> list[str]:
    """A paragraph printed twice verbatim (a lead repeated after the dateline) is kept once."""
    seen: set[str] = set()
    out = []
    for paragraph in paragraphs:
        key = folded(paragraph)
        if key in seen and len(paragraph.split()) >= REPEAT_MIN_WORDS:
            context.changes.append(
                Change(
                    "repeated_paragraph",
                    "removed",
                    "repeated_paragraph",
                    f"removed a verbatim repeat of an earlier paragraph: {_short(paragraph)!r}",
                )
            )
            continue
        seen.add(key)
        out.append(paragraph)
    return out


def repair_glued(paragraphs: list[str], context: _Context) -> list[str]:
    """Split tokens such as ``Russiais`` where word frequencies make the split clear."""
    if not context.repair_glued_words:
        return paragraphs
    text = "\n".join(paragraphs)
    repairs = find_glued_words(text)
    for repair in reversed(repairs):
        end = repair.start + len(repair.original)
        text = text[: repair.start] + repair.replacement + text[end:]
    for repair in repairs:
        context.changes.append(
            Change(
                "glued_words",
                "repaired",
                "glued_words",
                f"split glued words {repair.original!r} → {repair.replacement!r}",
            )
        )
    return text.split("\n")


def flag_dropped_apostrophes(paragraphs: list[str], context: _Context) -> list[str]:
    """Flag (never change) possessives that lost their apostrophe, such as ``Ukraines``."""
    for flag in find_dropped_apostrophes("\n".join(paragraphs)):
        context.changes.append(
            Change(
                "apostrophes",
                "flagged",
                "dropped_apostrophe",
                f"{flag.original!r} may be {flag.replacement!r} (apostrophe lost); left as is",
            )
        )
    return paragraphs


def _patterns(name: str, overrides: Path | None) -> PatternList:
    return pattern_list(name, overrides)


DROPPING_STEPS = (drop_boilerplate, drop_galleries, drop_captions, drop_promotions)
"""Steps that drop text as not being reporting (their losses count towards ``HEAVY_CLEANING``)."""

_DROPPING_NAMES = ("boilerplate", "gallery", "caption", "promotion")

STEPS: tuple[Callable[[list[str], _Context], list[str]], ...] = (
    drop_repeated_title,
    lift_dateline,
    drop_boilerplate,
    drop_galleries,
    drop_captions,
    drop_promotions,
    join_broken_paragraphs,
    drop_repeated_paragraphs,
    repair_glued,
    flag_dropped_apostrophes,
)
