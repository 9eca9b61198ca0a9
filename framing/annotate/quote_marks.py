"""Quotation marks: the spans of an article's text that stand between a pair of them.

A span table (``quote_marks``): one row per top-level quotation, with character offsets into the
article's text, so that several quotes in one sentence and one quote over several sentences are
both exact. Whom each quote is from, how it is attributed, and the quotes without marks
(indirect speech) are the ``attribution`` annotator's work, which builds ``quotes`` on this.

How marks are paired, paragraph by paragraph (marks in ``framing/data/quote_marks.csv``):

- a curly or angled opening mark opens; its closing mark closes; marks inside an open quotation
  are part of it (a quote within a quote);
- a straight quote (``"`` or ``'``) opens at the start of a word (space or bracket before it, no
  space after) and closes at the end of one; a straight or curly single mark between two letters
  is an apostrophe (``don't``, ``Russia’s``), never a quotation mark;
- a double quotation still open at the end of its paragraph runs to the paragraph's end (news
  style opens a quote again on the next paragraph when it goes on); a single one, or one longer
  than ``max_words`` words, is a stray mark and no quotation.

``kind`` is ``partial`` for a fragment (fewer than ``min_direct_words`` words, or starting in lower
case without final punctuation: *called it “a disgrace”*) and ``direct`` for quoted speech.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..schema import Column, conform
from ..tokens import count_words
from .base import Annotation, Annotator, AnnotatorInput, Option, SpanTable, article_blocks

__all__ = ["QUOTE_MARKS", "MARK_COLUMNS", "find_quotes"]

MARK_COLUMNS = (
    Column("article_id", "string", "Article the quotation is in."),
    Column("outlet", "string", "Outlet of that article."),
    Column("quote_id", "int64", "0-based number of the quotation in its article."),
    Column("sentence_id", "int64", "Sentence in which the quotation starts."),
    Column(
        "start",
        "int64",
        "Offset of the quotation's first character (after the mark) in the article's `text`.",
    ),
    Column("end", "int64", "Offset one past its last character (before the closing mark)."),
    Column("text", "string", "The quoted words: `text[start:end]` of the article."),
    Column("n_words", "int64", "Tokens in the quotation."),
    Column(
        "kind",
        "string",
        "`direct` (quoted speech) or `partial` (a quoted fragment: a phrase, a scare quote).",
    ),
    Column("mark", "string", 'The opening quotation mark (`“`, `"`, `‘`, ...).'),
    Column(
        "open_end",
        "boolean",
        "The quotation is still open at the end of its paragraph (it goes on in the next).",
    ),
)


def _positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


@lru_cache(maxsize=8)
def _marks(rows: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], re.Pattern[str]]:
    pairs = dict(rows)
    characters = "".join(sorted(set(pairs) | set(pairs.values())))
    return pairs, re.compile(f"[{re.escape(characters)}]")


def find_quotes(
    text: str, pairs: dict[str, str], *, max_words: int = 300
) -> list[tuple[int, int, str]]:
    """``(start, end, opening mark)`` of each top-level quotation in ``text`` (offsets of the
    quoted words, marks excluded).

    >>> find_quotes('He called it “a disgrace,” and said: "We won\\'t go."', {"“": "”", '"': '"'})
    [(14, 25, '“'), (38, 50, '"')]
    """
    _, pattern = _marks(tuple(sorted(pairs.items())))
    found = []
    for paragraph in re.finditer(r"[^\n]+", text):
        found.extend(
            _in_paragraph(text, paragraph.start(), paragraph.end(), pairs, pattern, max_words)
        )
    return found


def _in_paragraph(
    text: str, start: int, end: int, pairs: dict[str, str], pattern: re.Pattern[str], max_words: int
) -> list[tuple[int, int, str]]:
    spans, opened, at = [], None, 0
    for match in pattern.finditer(text, start, end):
        mark, position = match.group(), match.start()
        if opened is None:
            if mark in pairs and _can_open(text, position, mark, start, end):
                opened, at = mark, position
        elif mark == pairs[opened] and _can_close(text, position, mark, start, end):
            spans.append(_trimmed(text, at + 1, position, opened))
            opened = None
    if opened is not None and _is_double(opened):
        spans.append(_trimmed(text, at + 1, end, opened))  # runs on into the next paragraph
    return [s for s in spans if s[0] < s[1] and count_words(text[s[0] : s[1]]) <= max_words]


def _is_double(mark: str) -> bool:
    return mark not in "'‘’"


def _letter(text: str, position: int, start: int, end: int) -> bool:
    return start <= position < end and text[position].isalnum()


def _can_open(text: str, position: int, mark: str, start: int, end: int) -> bool:
    """A mark opens a quotation at the start of a word: not glued after a letter (that is an
    apostrophe, or a closing mark), and followed by the quoted word (a letter, for single marks,
    which are otherwise apostrophes: ’90s)."""
    if _letter(text, position - 1, start, end):
        return False
    if mark in "'‘":
        return _letter(text, position + 1, start, end)
    return position + 1 < end and not text[position + 1].isspace()


def _can_close(text: str, position: int, mark: str, start: int, end: int) -> bool:
    """A closing mark ends a quotation unless it is an apostrophe inside a word (don’t,
    Russia’s); marks that also open (straight ones) close only after a word."""
    if mark in "’'" and _letter(text, position + 1, start, end):
        return False
    if mark in "\"'’":
        return position > start and not text[position - 1].isspace()
    return True


def _trimmed(text: str, start: int, end: int, mark: str) -> tuple[int, int, str]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, mark


def _kind(quoted: str, n_words: int, min_direct_words: int) -> str:
    if n_words < min_direct_words:
        return "partial"
    if quoted[:1].islower() and not quoted.rstrip("”’\"'").endswith((".", "?", "!", ",", "…")):
        return "partial"
    return "direct"


def _quotes(given: AnnotatorInput) -> Annotation:
    pairs, _ = _marks(tuple((r["open"], r["close"]) for r in given.data.records("quote_marks.csv")))
    max_words, min_direct = given.options["max_words"], given.options["min_direct_words"]
    blocks = article_blocks(given.sentences["article_id"])
    starts = given.sentences["start"].to_numpy()
    ids = given.sentences["sentence_id"].to_numpy()
    rows = []
    for article_id, outlet, text in given.articles[["article_id", "outlet", "text"]].itertuples(
        index=False
    ):
        first, last = blocks.get(article_id, (0, 0))
        spans = find_quotes(text, pairs, max_words=max_words)
        for number, (start, end, mark) in enumerate(spans):
            row = first + max(np.searchsorted(starts[first:last], start, side="right") - 1, 0)
            sentence = int(ids[row]) if last > first else -1
            quoted = text[start:end]
            n_words = count_words(quoted)
            rows.append(
                (
                    article_id,
                    outlet,
                    number,
                    sentence,
                    start,
                    end,
                    quoted,
                    n_words,
                    _kind(quoted, n_words, min_direct),
                    mark,
                    not text[end:].split("\n", 1)[0].strip(),
                )
            )
    frame = conform(pd.DataFrame(rows, columns=[c.name for c in MARK_COLUMNS]), MARK_COLUMNS)
    return Annotation(spans={"quote_marks": frame})


QUOTE_MARKS = Annotator(
    name="quote_marks",
    function=_quotes,
    spans=(
        SpanTable(
            "quote_marks",
            MARK_COLUMNS,
            "quotation: the words between a pair of quotation marks",
        ),
    ),
    data_files=("quote_marks.csv",),
    options=(
        Option(
            "max_words",
            300,
            _positive_int,
            "an int >= 1",
            "Longer 'quotations' are stray marks (an unclosed quote running on), not quotes.",
        ),
        Option(
            "min_direct_words",
            4,
            _positive_int,
            "an int >= 1",
            "Quotations shorter than this are fragments (`partial`).",
        ),
    ),
)
