"""Sentence segmentation that holds up on news text, with character offsets.

Why our own rules rather than a pretrained model: NLTK's Punkt models need ``nltk.download()``,
which cannot run on locked-down machines; pysbd is accurate but slow on 200 MB of text. News text
has a small set of traps (titles such as *Gen.*, dotted initialisms such as *U.S.*, dates such as
*Feb. 18*, initials, decimals, quotes closing after the full stop, headline lines without final
punctuation), each handled here by one rule over data files in ``framing/data/``
(``abbreviations.csv``, ``sentence_starters.txt``). Accuracy is measured against a hand-segmented
AllSides fixture (``tests/fixtures/segmentation_gold.jsonl``).

Rules, in order, for a candidate boundary ``[.!?…]+`` plus closing quotes/brackets, then space:

1. A line break always ends a sentence; a line without final punctuation is a sentence.
2. If the next word starts in lower case or with a dash, the sentence goes on (``“Why?” he
   asked.``, ``..." -- Sen. Mark Warner``); punctuation with no word before it since the last
   boundary (a lone ``…``) never ends a sentence.
3. ``!``, ``?``, an ellipsis, or a full stop followed by a closing quote/bracket ends it.
4. After a title abbreviation (*Mr.*, *Gen.*) or a single capital initial (*John F. Kennedy*):
   no boundary. After a before-number abbreviation (*No.*, *Feb.*) followed by a digit: none.
5. After a dotted initialism (*U.S.*) or an ambiguous abbreviation (*Inc.*): a boundary only when
   the next word is a sentence starter (*The*, *He*, *But* ...) or opens a quotation.
6. Otherwise a full stop ends the sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..lexicons import read_lines, read_records

__all__ = ["Span", "split_sentences", "sentence_texts", "MAX_SENTENCE_WORDS"]


class Span(NamedTuple):
    """One sentence: ``text[start:end]`` in paragraph ``paragraph_id``; ``overlong`` when it is a
    piece of a sentence longer than ``MAX_SENTENCE_WORDS`` words, cut to bound its cost."""

    start: int
    end: int
    paragraph_id: int
    overlong: bool = False


MAX_SENTENCE_WORDS = 250
"""Longest sentence kept whole, in words. News sentences rarely pass 80 words; longer runs are
extraction damage (a table, a list, a page without full stops). Every later stage costs at least
linear time in a sentence's length and some keep a sentence per match, so one 400,000-word
"sentence" would cost gigabytes; cut at clause punctuation (or into windows), it costs what 1,600
sentences do.
"""
_CLAUSE_END = re.compile(r"[;:,—–)\]](?=\s)")
_WORD = re.compile(r"\S+")


_LINE = re.compile(r"[^\n]+")
_CANDIDATE = re.compile(r"(\.\.\.|…|[.!?]+)([\"'”’)\]»]*)(?=\s+(\S+))")
_OPENERS = "\"'“‘(«["
_DOTTED = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")  # "U.S" of "U.S." (final stop removed)
_INITIAL = re.compile(r"^[A-Z]$")
_WORD_CHAR = re.compile(r"\w")
_DASHES = "-–—"


class _Rules(NamedTuple):
    titles: frozenset[str]
    before_number: frozenset[str]
    ambiguous: frozenset[str]
    starters: frozenset[str]


@lru_cache(maxsize=8)
def _rules(overrides: str | None = None) -> _Rules:
    folder = Path(overrides) if overrides else None
    kinds: dict[str, set[str]] = {"title": set(), "before_number": set(), "ambiguous": set()}
    for row in read_records("abbreviations.csv", folder):
        kinds[row["kind"].strip()].add(row["abbreviation"].strip().lower())
    starters = frozenset(read_lines("sentence_starters.txt", folder))
    return _Rules(*(frozenset(kinds[k]) for k in ("title", "before_number", "ambiguous")), starters)


def split_sentences(
    text: str, *, overrides: Path | None = None, max_words: int = MAX_SENTENCE_WORDS
) -> list[Span]:
    """Split ``text`` into sentences and return their spans (whitespace trimmed).

    Parameters
    ----------
    text : str
        An article body; line breaks separate paragraphs (or headline lines).
    overrides : Path, default=None
        A folder whose ``abbreviations.csv`` / ``sentence_starters.txt`` replace the packaged ones.
    max_words : int, default=MAX_SENTENCE_WORDS
        A sentence longer than this is cut at clause punctuation (``;``, ``:``, ``,``, dashes,
        closing brackets) or, failing that, into windows of ``max_words`` words; its pieces are
        marked ``overlong``.

    >>> body = "Gen. Mark Milley spoke in the U.S. The troops left at 5 p.m. on Feb. 18."
    >>> [body[s.start:s.end] for s in split_sentences(body)]
    ['Gen. Mark Milley spoke in the U.S.', 'The troops left at 5 p.m. on Feb. 18.']
    """
    rules = _rules(str(overrides) if overrides else None)
    spans: list[Span] = []
    for paragraph_id, line in enumerate(m for m in _LINE.finditer(text) if not m.group().isspace()):
        start = line.start()
        for boundary in _boundaries(line.group(), rules):
            _append(spans, text, start, line.start() + boundary, paragraph_id, max_words)
            start = line.start() + boundary
        _append(spans, text, start, line.end(), paragraph_id, max_words)
    return spans


def sentence_texts(text: str) -> list[str]:
    """The sentences of ``text`` as strings (convenience for exploring)."""
    return [text[s.start : s.end] for s in split_sentences(text)]


def _append(
    spans: list[Span], text: str, start: int, end: int, paragraph_id: int, max_words: int
) -> None:
    start, end = _trim(text, start, end)
    if start == end:
        return
    if end - start <= max_words or not _longer_than(text, start, end, max_words):
        spans.append(Span(start, end, paragraph_id))
        return
    spans.extend(_pieces(text, start, end, paragraph_id, max_words))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _longer_than(text: str, start: int, end: int, max_words: int) -> bool:
    return any(n > max_words for n, _ in enumerate(_WORD.finditer(text, start, end), start=1))


def _pieces(text: str, start: int, end: int, paragraph_id: int, max_words: int) -> list[Span]:
    """Cut an overlong sentence: each piece ends at the last clause punctuation in its window
    of ``max_words`` words (if that keeps at least a quarter of the window), else at the
    window's last word. Linear in the sentence's length."""
    pieces = []
    while _longer_than(text, start, end, max_words):
        words = _WORD.finditer(text, start, end)
        first_quarter = window_end = start
        for number, word in enumerate(words, start=1):
            if number == max(1, max_words // 4):
                first_quarter = word.end()
            if number == max_words:
                window_end = word.end()
                break
        cut = window_end
        for clause in _CLAUSE_END.finditer(text, first_quarter, window_end):
            cut = clause.end()
        piece_start, piece_end = _trim(text, start, cut)
        pieces.append(Span(piece_start, piece_end, paragraph_id, True))
        start, end = _trim(text, cut, end)
    if start < end:
        pieces.append(Span(start, end, paragraph_id, True))
    return pieces


def _boundaries(line: str, rules: _Rules) -> list[int]:
    """Offsets (within ``line``) just after each sentence-final punctuation run."""
    cuts: list[int] = []
    for match in _CANDIDATE.finditer(line):
        previous = cuts[-1] if cuts else 0
        has_words = _WORD_CHAR.search(line, previous, match.start()) is not None
        if has_words and _ends_sentence(line, match, rules):
            cuts.append(match.end())
    return cuts


def _ends_sentence(line: str, match: re.Match[str], rules: _Rules) -> bool:
    punct, closing, next_word = match.group(1), match.group(2), match.group(3)
    first = next_word[0]
    if first.islower() or first in _DASHES:
        return False
    if punct != "." or closing:
        return True
    word = _word_before(line, match.start())
    lowered = word.lower()
    opens_quote = first in _OPENERS
    if lowered in rules.titles or _INITIAL.match(word):
        return opens_quote and not _INITIAL.match(word)
    if lowered in rules.before_number and first.isdigit():
        return False
    if _DOTTED.match(word) or lowered in rules.ambiguous:
        return opens_quote or _bare(next_word).lower() in rules.starters
    return True


def _word_before(line: str, end: int) -> str:
    """The whitespace-delimited word ending at ``end`` (a backwards scan, not a regex over the
    whole line prefix, which would make long paragraphs quadratic)."""
    start = max(line.rfind(" ", 0, end), line.rfind("\t", 0, end)) + 1
    return line[start:end].lstrip(_OPENERS)


def _bare(word: str) -> str:
    return word.strip(_OPENERS + "\"'”’)],.;:!?")
