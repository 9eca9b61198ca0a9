"""Linking quotations to cues: the cue next to a quote, in its sentence, before a colon, or
the one of the quote it continues; and the clauses indirect speech reports."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..actors import _common_words
from .cues import _Cue
from .phrases import _phrase_after, _phrase_before
from .speakers import _Article
from .words import Lexicon, _Token

_PARTIAL_REACH = 40

"""Tokens from a verb to a quoted fragment it can attribute."""


@dataclass
class _Attributed:
    """One row of ``quotes`` before it becomes a frame row."""

    start: int
    end: int
    kind: str
    sentence: int
    cue: _Cue | None = None


def _between_only(tokens: list[_Token], low: int, high: int, allowed: str = ",.:;!?—–") -> bool:
    return all(tokens[k].text in allowed for k in range(low, high))


def _adjacent_cue(article: _Article, sentence: int, q_index: int, after: bool) -> _Cue | None:
    """The cue right after (``after``) or right before the quotation token ``q_index``."""
    tokens = article.tokens[sentence]
    for cue in article.cues[sentence]:
        if not cue.speaker:
            continue
        if after and cue.first > q_index and _between_only(tokens, q_index + 1, cue.first):
            return cue
        if not after and cue.last < q_index and _between_only(tokens, cue.last + 1, q_index):
            return cue
    return None


def _nearest_cue(article: _Article, sentence: int, q_index: int, kind: str) -> _Cue | None:
    """The cue of the quotation's sentence: the nearest before it, else the nearest after it.
    A fragment (``partial``) takes one at most ``_PARTIAL_REACH`` tokens away: a quoted word
    in a sentence that attributes is the speaker's ("X said the plan was “reckless”"); one in
    a sentence that does not is the writer's (a scare quote)."""
    tokens = article.tokens[sentence]
    cues = [c for c in article.cues[sentence] if c.speaker]
    around = [c for c in cues if c.first < q_index < c.last]
    before = [c for c in cues if c.last < q_index]
    if kind == "partial":
        before = [c for c in before if q_index - c.verb_at <= _PARTIAL_REACH]
    if before:
        return before[-1]
    if around:
        return around[0]  # in the attribution itself: "X — who defied “...” — said"
    after = [c for c in cues if c.first > q_index]
    if kind == "partial":
        after = [c for c in after if not any(t.is_quote for t in tokens[q_index + 1 : c.first])]
        after = [c for c in after if c.first - q_index <= _PARTIAL_REACH]
    return after[0] if after else None


def _quote_token(article: _Article, sentence: int, quote: int) -> int | None:
    for index, token in enumerate(article.tokens[sentence]):
        if token.quote == quote:
            return index
    return None


def _link(article: _Article, quote: int, first: int, last: int, kind: str) -> _Cue | None:
    """The cue that attributes quotation ``quote`` found in sentences ``first..last``."""
    q_last = _quote_token(article, last, quote)
    if q_last is not None:
        cue = _adjacent_cue(article, last, q_last, after=True)
        if cue is not None:
            return cue
    q_first = _quote_token(article, first, quote)
    if q_first is not None:
        cue = _adjacent_cue(article, first, q_first, after=False)
        if cue is not None:
            return cue
        tokens = article.tokens[first]
        if kind == "partial" and q_first >= 1 and tokens[q_first - 1].lower == "so-called":
            return None
        start, end, _ = article.quotes[quote]
        if kind == "partial" and title_case(article.text[start:end], article.lexicon.small_words):
            return None  # “Morning Joe”, “Operation Haircut”: a title or a name
        if kind == "partial" and q_first >= 1 and tokens[q_first - 1].lower.endswith(("'s", "’s")):
            owner = _possessor(article, first, q_first - 1)
            if owner is not None:
                return owner  # the Trump administration’s “four pillars”
        cue = _nearest_cue(article, first, q_first, kind)
        if cue is not None:
            return cue
    if q_last is not None and last != first:
        return _nearest_cue(article, last, q_last, kind)
    return None


def title_case(quoted: str, small_words: frozenset[str]) -> bool:
    """Every word capitalised (small words aside), at most six: a title or a name (“Morning
    Joe”, “East”), not somebody's words nor a scare quote."""
    words = re.findall(r"[^\W\d_][\w'’\-]*", quoted)
    if not words or len(words) > 6:
        return False
    return all(w[0].isupper() or w.lower() in small_words for w in words) and words[0][0].isupper()


def _possessor(article: _Article, sentence: int, k: int) -> _Cue | None:
    """The owner in "X's “...”" as the speaker of the fragment (no verb)."""
    tokens = article.tokens[sentence]
    phrase = _phrase_before(tokens, k, article.lexicon)
    if phrase is None:
        return None
    cue = _Cue("", "", phrase[0], phrase[1], -1, phrase)
    article.resolve(cue, sentence)
    return cue if cue.speaker else None


def _colon_cue(article: _Article, first: int, quote: int) -> _Cue | None:
    """A speaker just before a colon that opens the quotation: "Peskov told reporters:" in the
    sentence before, or "Jane Doe, The Daily Planet: “...”" in the same one."""
    tokens = article.tokens[first]
    q_index = _quote_token(article, first, quote)
    if q_index is not None and q_index >= 2 and tokens[q_index - 1].text == ":":
        cues = [c for c in article.cues[first] if c.speaker and c.last < q_index]
        if cues:
            return cues[-1]
        phrase = _phrase_after(tokens, 0, article.lexicon)
        if (
            phrase is not None
            and phrase[1] < q_index - 1
            and _names_someone(tokens, phrase, article)
        ):
            cue = _Cue("", "", phrase[0], phrase[1], -1, phrase)
            article.resolve(cue, first)
            return cue if cue.speaker else None
    if q_index is not None:
        # a headline's or a caption's "Trump: protesters would meet “vicious dogs”"
        phrase = _phrase_after(tokens, 0, article.lexicon)
        if (
            phrase is not None
            and phrase[1] + 1 < q_index
            and tokens[phrase[1] + 1].text == ":"
            and _names_someone(tokens, phrase, article)
        ):
            cue = _Cue("", "", phrase[0], phrase[1], -1, phrase)
            article.resolve(cue, first)
            return cue if cue.speaker else None
    if first > 0 and article.text[: article.sentences[first][0]].rstrip().endswith(":"):
        cues = [c for c in article.cues[first - 1] if c.speaker]
        previous = article.tokens[first - 1]
        if cues and previous and previous[-1].text == ":":
            return cues[-1]
    return None


def _names_someone(tokens: list[_Token], phrase: tuple[int, int], article: _Article) -> bool:
    """A phrase before a colon is a speaker only if it names one: a registered actor, or a
    capitalised word that is not a common English word ("False flag: ..." is a headline's
    topic, "Peskov: ..." a speaker)."""
    text = article.text[tokens[phrase[0]].start : tokens[phrase[1]].end]
    if article.lexicon.registry.within(text) is not None:
        return True
    capitals = [t for t in tokens[phrase[0] : phrase[1] + 1] if t.capital]
    if len(capitals) >= 2:
        return True  # "Jane Doe, The Daily Planet:"
    common = _common_words()
    return any(t.lower.strip("'’") not in common for t in capitals)


def _reported_span(article: _Article, sentence: int, cue: _Cue) -> tuple[int, int] | None:
    """The words an unquoted attribution reports: "X said [that] CLAUSE", "CLAUSE, X said",
    "according to X, CLAUSE", "CLAUSE, according to X". None when there is no clause of its
    own, or when quotations fill the clause (a direct quote, not indirect speech)."""
    tokens = article.tokens[sentence]
    found = _reported_tokens(tokens, cue, article.lexicon)
    if found is None:
        return None
    first, last = found
    words = tokens[first : last + 1]
    if last - first < 2 or sum(t.is_quote for t in words) * 2 >= len(words):
        return None
    return tokens[first].start, tokens[last].end


_NO_CLAUSE = frozenset({"in", "on", "at", "during", "of", "about", "to", "for", "with", "as", ","})


def _reported_tokens(tokens: list[_Token], cue: _Cue, lexicon: Lexicon) -> tuple[int, int] | None:
    end_at = len(tokens) - 1
    while end_at >= 0 and tokens[end_at].text in ".!?;:":
        end_at -= 1
    trailing = cue.first > 0 and tokens[cue.first - 1].text == ","
    if trailing and cue.last >= end_at - 2 and cue.first - 1 >= 3:
        return 0, cue.first - 2  # CLAUSE, X said.  /  CLAUSE, according to X.
    if cue.verb == "according to":
        after = cue.last + 1
        if after < len(tokens) and tokens[after].text == ",":
            after += 1
        opens = cue.first == 0 or tokens[cue.first - 1].text == ","
        return (after, end_at) if opens else None
    if not cue.verb or cue.mention and cue.mention[0] > cue.verb_at:
        return None  # "said X" or "claims by X" with no clause of its own
    after = cue.verb_at + 1
    # skip the hearer and circumstances: "told reporters", "said in a statement on Monday"
    for k in range(after, min(after + 9, end_at + 1)):
        if tokens[k].lower == "that":
            return k + 1, end_at
        if tokens[k].text in ",;:" or tokens[k].is_quote:
            break
    says = cue.verb in lexicon.say_like and cue.verb != "tell"
    if says and after <= end_at and tokens[after].lower not in _NO_CLAUSE:
        return None if tokens[after].is_quote else (after, end_at)
    return None


def attribute_article(
    text: str,
    sentences: list[tuple[int, int, int, int]],
    quotes: list[tuple[int, int, bool, str]],
    lexicon: Lexicon,
) -> tuple[list[_Attributed], list[_Cue | None]]:
    """Attribute an article's quotations and find its indirect ones.

    ``sentences``: (start, end, paragraph_id, sentence_id) in order; ``quotes``: (start, end,
    open_end, kind) of the ``quote_marks`` rows in order. Returns the ``quotes`` rows (with
    their cues) and, per sentence, the cue that speaks in it.
    """
    article = _Article(text, sentences, [(s, e, o) for s, e, o, _ in quotes], lexicon)
    for index, cues in enumerate(article.cues):
        for cue in cues:
            article.resolve(cue, index)
    starts = [s[0] for s in sentences]
    rows: list[_Attributed] = []
    used: set[int] = set()
    by_sentence: list[_Cue | None] = [None] * len(sentences)
    for number, (q_start, q_end, _, kind) in enumerate(quotes):
        first = max(bisect.bisect_right(starts, q_start) - 1, 0)
        last = max(bisect.bisect_right(starts, max(q_end - 1, q_start)) - 1, first)
        if not sentences:
            rows.append(_Attributed(q_start, q_end, kind, -1))
            continue
        cue = _link(article, number, first, last, kind)
        if cue is None:
            cue = _colon_cue(article, first, number)
        rows.append(_Attributed(q_start, q_end, kind, first, cue))
        if cue is not None:
            used.add(id(cue))
    _carry_over(article, rows, quotes)
    for row in rows:
        if row.cue is not None and 0 <= row.sentence < len(sentences):
            for index in range(row.sentence, len(sentences)):
                if sentences[index][0] >= row.end:
                    break
                if by_sentence[index] is None:
                    by_sentence[index] = row.cue
    for index, cues in enumerate(article.cues):
        for cue in cues:
            if id(cue) in used or not cue.speaker:
                continue
            span = _reported_span(article, index, cue)
            if span is not None:
                rows.append(_Attributed(span[0], span[1], "indirect", index, cue))
                by_sentence[index] = by_sentence[index] or cue
    rows.sort(key=lambda r: (r.start, r.end))
    return rows, by_sentence


def _carry_over(article: _Article, rows: list[_Attributed], quotes: list) -> None:
    """Quotations without a cue of their own take the speaker of the one they continue: the
    piece before (a paragraph left open), the next piece (whose attribution covers both), an
    earlier quote of the same paragraph, or the quote that ends the paragraph before."""
    paragraph = {i: s[2] for i, s in enumerate(article.sentences)}
    for number in range(len(rows) - 2, -1, -1):  # backwards: a chain takes its later cue
        row, following = rows[number], rows[number + 1]
        if row.cue is None and quotes[number][2] and following.cue is not None:
            row.cue = following.cue
    last_by_paragraph: dict[int, _Attributed] = {}
    for number, row in enumerate(rows):
        if row.sentence < 0:
            continue
        here = paragraph[row.sentence]
        if row.cue is None and row.kind == "direct":
            previous = rows[number - 1] if number else None
            if previous is not None and previous.cue is not None and previous.sentence >= 0:
                gap = here - paragraph[previous.sentence]
                opens = article.text[article.sentences[row.sentence][0] : row.start].strip() in (
                    "",
                    "“",
                    '"',
                    "‘",
                    "'",
                    "«",
                )
                if gap == 0 or (gap == 1 and opens and _paragraph_opens(article, row)):
                    row.cue = previous.cue
        if row.cue is not None:
            last_by_paragraph[here] = row


def _paragraph_opens(article: _Article, row: _Attributed) -> bool:
    """The quotation's sentence is the first of its paragraph."""
    index = row.sentence
    return index == 0 or article.sentences[index - 1][2] != article.sentences[index][2]
