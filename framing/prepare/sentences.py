"""Sentence segmentation that holds up on news text, with character offsets.

Why our own rules rather than a pretrained model: NLTK's Punkt models need ``nltk.download()``,
which cannot run on locked-down machines; pysbd and blingfire are slower and, on hand-segmented
news, less accurate (``benchmarks/check_segmentation.py`` measures all three). News text has a
small set of traps (titles such as *Gen.*, dotted initialisms such as *U.S.*, dates such as
*Feb. 18*, initials, decimals, quotes closing after the full stop, attributions after a quoted
question, list labels, headline lines without final punctuation), each handled here by one rule
over data files in ``framing/data/`` (``abbreviations.csv``, ``sentence_starters.txt``,
``reporting_verbs.csv``, ``unfinished_words.txt``). Accuracy is measured against three
hand-segmented AllSides fixtures (``tests/fixtures/segmentation_gold*.jsonl``; the third is held
out).

Rules, in order, for a candidate boundary ``[.!?…]+`` (or a spaced ``. . .``) plus closing quotes,
brackets or citation marks (``[2]``), then space:

1. A line break always ends a sentence; a line without final punctuation is a sentence.
2. A web address after the punctuation starts a new sentence (``…that way. https://t.co/…``),
   unless the word before is an abbreviation.
3. If the next word starts in lower case or with a dash, the sentence goes on (``“Why?” he
   asked.``, ``..." -- Sen. Mark Warner``); punctuation with no word before it since the last
   boundary (a lone ``…``) never ends a sentence.
4. An ellipsis after a word a sentence cannot end with (``is . . . Donald``, ``in … 2014``) does
   not end it; ``?`` or ``!`` before a closing quote does not when an attribution follows
   (``“Why?” Lieu asked``, ``“Is it?” Sen. Graham asked``).
5. ``!``, ``?``, an ellipsis, or a full stop followed by a closing quote ends it; a full stop and a
   closing bracket end it unless the stop belongs to an abbreviation (``[United States v.]``).
6. A list label (``3.`` opening a sentence) is not a sentence; in a line that starts ``1.``,
   ``2. Wages`` after an unpunctuated item starts a new one.
7. After a title (*Mr.*, *Gen.*, *v.*, also hyphenated: *then-Gov.*) or a single capital initial
   (*John F. Kennedy*, but not the pronoun in *you and I.*): no boundary. After a before-number
   abbreviation (*No.*, *Feb.*, *p.*) followed by a digit: none.
8. After a dotted initialism (*U.S.*) or an ambiguous abbreviation (*Inc.*): a boundary only when
   the next word is a sentence starter (*The*, *He*, *But* ...) or opens a quotation.
9. Otherwise a full stop ends the sentence. A stop between two words with no space
   (``said.The minister``, lost in extraction) ends one too, outside web and e-mail addresses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..errors import ConfigError
from ..lexicons import data_file_label, read_lines, read_records, read_text

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
# sentence-final punctuation (a spaced ". . ." after a space counts as one ellipsis; a stop
# attached to a word before it ends that word's sentence first), closing quotes or brackets,
# citation marks ("[2]"), then the next word
_CANDIDATE = re.compile(
    r"((?<!\S)\.(?: \.){2,}|\.\.\.+|…|[.!?]+)([\"'”’)\]»]*(?:\[\d{1,3}\])*)(?=\s+(\S+))"
)
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)", re.IGNORECASE)
_QUOTES = "\"'”’»"
# a list label: a number of one or two digits with a stop or a closing bracket ("3.", "2)")
_LABEL = re.compile(r"^(?:[•·*-]\s*)?\d{1,2}[.)]$")
_LIST_LINE = re.compile(r"^\s*(?:[•·*-]\s*)?1[.)]\s")
_INLINE_LABEL = re.compile(r"(?<=[^\s.!?])\s+(\d{1,2})[.)]\s+(?=[A-Z])")
# a stop with no space after it, between two words ("said.The minister"): not in a web address
_GLUED_STOP = re.compile(r"\.(?=[A-Z][a-z])")
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
    reporting: frozenset[str]
    unfinished: frozenset[str]


_RULE_FILES = (
    "abbreviations.csv",
    "reporting_verbs.csv",
    "sentence_starters.txt",
    "unfinished_words.txt",
)


def _rules(overrides: str | None = None) -> _Rules:
    """The splitter's word lists, cached on the files' texts (an edited override is read again)."""
    folder = Path(overrides) if overrides else None
    return _rules_of(overrides, tuple(read_text(name, folder) for name in _RULE_FILES))


@lru_cache(maxsize=8)
def _rules_of(overrides: str | None, _texts: tuple[str, ...]) -> _Rules:
    folder = Path(overrides) if overrides else None
    kinds: dict[str, set[str]] = {"title": set(), "before_number": set(), "ambiguous": set()}
    for row in read_records("abbreviations.csv", folder):
        kind = row["kind"].strip()
        if kind not in kinds:
            raise ConfigError(
                f"{data_file_label('abbreviations.csv', folder)}: the kind of "
                f"{row['abbreviation']!r} must be one of {', '.join(kinds)}; got {kind!r}"
            )
        kinds[kind].add(row["abbreviation"].strip().lower())
    reporting = set()
    for row in read_records("reporting_verbs.csv", folder):
        reporting.add(row["verb"].strip())
        reporting.update(f.strip() for f in row["forms"].split(";") if f.strip())
    return _Rules(
        *(frozenset(kinds[k]) for k in ("title", "before_number", "ambiguous")),
        starters=frozenset(read_lines("sentence_starters.txt", folder)),
        reporting=frozenset(w for w in reporting if " " not in w),
        unfinished=frozenset(read_lines("unfinished_words.txt", folder)),
    )


def split_sentences(
    text: str, *, overrides: Path | None = None, max_words: int = MAX_SENTENCE_WORDS
) -> list[Span]:
    """Split ``text`` into sentences and return their spans (whitespace trimmed).

    Parameters
    ----------
    text : str
        An article body; line breaks separate paragraphs (or headline lines).
    overrides : Path, default=None
        A folder whose ``abbreviations.csv``, ``sentence_starters.txt``, ``reporting_verbs.csv``
        or ``unfinished_words.txt`` replace the packaged ones.
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
    if text.count(" ", start, end) < max_words or not _longer_than(text, start, end, max_words):
        spans.append(Span(start, end, paragraph_id))
        return
    spans.extend(_pieces(text, start, end, paragraph_id, max_words))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``, ``end`` moved in past whitespace (no slicing: the span may be megabytes)."""
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
    """Offsets (within ``line``) where a sentence ends (after its punctuation)."""
    cuts: list[int] = []
    labels = [m.start(1) for m in _INLINE_LABEL.finditer(line)] if _LIST_LINE.match(line) else []
    for match in _CANDIDATE.finditer(line):
        previous = cuts[-1] if cuts else 0
        if labels:
            previous = max([previous, *(p for p in labels if p <= match.start())])
        has_words = _WORD_CHAR.search(line, previous, match.start()) is not None
        if has_words and _ends_sentence(line, match, rules, previous):
            cuts.append(match.end())
    extra = _glued_stops(line) + labels
    return sorted(set(cuts + extra)) if extra else cuts


def _glued_stops(line: str) -> list[int]:
    """``said.The minister``: a stop between a word and a capitalised word with no space (text
    extraction lost it), outside web and e-mail addresses."""
    cuts = []
    for match in _GLUED_STOP.finditer(line):
        if (
            not line[max(0, match.start() - 2) : match.start()].isalpha()
            or not line[match.start() - 2 : match.start()].islower()
        ):
            continue
        start = line.rfind(" ", 0, match.start()) + 1
        end = line.find(" ", match.end())
        token = line[start : end if end >= 0 else len(line)]
        if not any(mark in token for mark in ("@", "://", "www.", "/")):
            cuts.append(match.end())
    return cuts


def _ends_sentence(line: str, match: re.Match[str], rules: _Rules, previous: int) -> bool:
    punct, closing, next_word = match.group(1), match.group(2), match.group(3)
    first = next_word[0]
    word = _word_before(line, match.start())
    lowered = word.lower()
    if _URL.match(next_word):  # "…that way. https://t.co/…": a link after a sentence's end
        return not _abbreviation(word, lowered, rules)
    if first.islower() or first in _DASHES:
        return False
    if punct[0] in ".…" and punct != "." and _bare(lowered) in rules.unfinished:
        return False  # "is . . . Donald J. Trump": words left out inside a sentence
    if punct in ("!", "?") and any(q in closing for q in _QUOTES):
        return not _attribution(line, match.end(), rules)  # “Why?” Lieu asked.
    if punct != "." or closing.strip(_QUOTES) and not _abbreviation(word, lowered, rules):
        return True
    if closing:
        return not _abbreviation(word, lowered, rules)  # "[United States v.] Miller said"
    if _LABEL.match(line[previous : match.end()].strip(" " + _OPENERS)):
        return False  # "3. Brett Kavanaugh, 52, ...": a list label, not a sentence
    opens_quote = first in _OPENERS
    if word == "I" and _after_lowercase_word(line, match.start() - 1):
        return True  # "you and I. Did you ...": the pronoun, not an initial
    if _title(lowered, rules) or _INITIAL.match(word):
        return opens_quote and not _INITIAL.match(word)
    if lowered in rules.before_number and first.isdigit():
        return False
    if _DOTTED.match(word) or lowered in rules.ambiguous:
        return opens_quote or _bare(next_word).lower() in rules.starters
    return True


def _after_lowercase_word(line: str, start: int) -> bool:
    """Whether the word before position ``start`` starts in lower case."""
    before = line[:start].split()
    return bool(before) and before[-1][:1].islower()


def _title(lowered: str, rules: _Rules) -> bool:
    """A title, also as the last part of a hyphenated word (``then-Gov.``, ``now-Sen.``)."""
    return lowered in rules.titles or lowered.rsplit("-", 1)[-1] in rules.titles


def _abbreviation(word: str, lowered: str, rules: _Rules) -> bool:
    return _title(lowered, rules) or bool(_INITIAL.match(word))


def _attribution(line: str, start: int, rules: _Rules) -> bool:
    """Whether the words after a closing quote are its attribution: up to four capitalised
    words (a name, a title) then a reporting verb, as in ``Lieu pressed`` or ``Sen. Graham
    asked``."""
    words = line[start : start + 80].split()[:5]
    for position, word in enumerate(words):
        bare = _bare(word).lower()
        if position and bare in rules.reporting:
            return True
        if not word[:1].isupper():
            return False
    return False


def _word_before(line: str, end: int) -> str:
    """The whitespace-delimited word ending at ``end`` (a backwards scan, not a regex over the
    whole line prefix, which would make long paragraphs quadratic)."""
    while end > 0 and line[end - 1] in " \t":  # "is . . .", "in … 2014": the word before
        end -= 1
    start = max(line.rfind(" ", 0, end), line.rfind("\t", 0, end)) + 1
    return line[start:end].lstrip(_OPENERS)


def _bare(word: str) -> str:
    return word.strip(_OPENERS + "\"'”’)],.;:!?")
