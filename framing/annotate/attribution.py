"""Attribution: who said each quotation, with which verb, and the claims reported without marks.

Builds the contract table ``quotes`` (direct and partial quotations from ``quote_marks``, plus
``indirect`` ones: "X said that ...", "according to X, ...") and the sentence columns
``speaker``, ``reporting_verb`` and ``verb_class``.

How, sentence by sentence, with no tagger or parser (none can be downloaded here):

1. The sentence's *frame* is its tokens with each quotation replaced by one placeholder: the
   attribution lives outside the marks.
2. Cues are reporting verbs (``reporting_verbs.csv``: said, told, claimed, ...), "according to",
   and any verb in an attribution's place (“...,” she *interjected*) with class ``other``.
3. Each cue's speaker is the noun phrase before the verb ("Kremlin spokesman Dmitry Peskov
   said", skipping "also", "on Monday" and an appositive: "X, a spokesman for Y, said"), after it
   ("said X"), or the sentence's subject when the verb is far from it ("X returned and declared").
4. A quotation takes the cue next to it in its sentence(s); without one, the speaker of a
   "X said:" just before, of the quotation it continues (an unclosed paragraph, or the next
   quote of the same paragraph), or of the quotation ending the previous paragraph.
5. Speakers are resolved in the article: pronouns to the nearest fitting earlier speaker (a
   person for he/she, an organisation for it), "the spokesman"/"the ministry" to the nearest
   earlier speaker described with that word, a surname to the full name given earlier; then to
   the registry's canonical name and group (``actors.csv``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from ..lexicons import english_frequencies
from ..schema import Column
from .actors import Registry, _common_words, find_names, normalize_name, registry_from_records
from .base import Annotation, Annotator, AnnotatorInput, SpanTable, article_blocks
from .quote_marks import _kind as _quote_kind
from .quote_marks import _marks, find_quotes

__all__ = ["ATTRIBUTION", "QUOTE_COLUMNS", "Lexicon", "attribute_article"]

QUOTE_COLUMNS = (
    Column("article_id", "string", "Article the quotation is in."),
    Column("outlet", "string", "Outlet of that article."),
    Column("quote_id", "int64", "0-based number of the quotation in its article."),
    Column("sentence_id", "int64", "Sentence in which the quotation starts."),
    Column("start", "int64", "Offset of its first character in the article's `text`."),
    Column("end", "int64", "Offset one past its last character."),
    Column("text", "string", "The quoted (or, for `indirect`, the reported) words."),
    Column(
        "speaker",
        "string",
        "Who said it: the registry's canonical name, else the fullest name the article gives; "
        "empty when nobody is named (a scare quote, an unattributed phrase).",
    ),
    Column(
        "speaker_group",
        "string",
        'The speaker\'s group from the actor registry ("Russian officials"); empty when unknown.',
    ),
    Column("verb", "string", "Lemma of the reporting verb (`say`, `claim`, `according to`)."),
    Column(
        "verb_class",
        "string",
        "`neutral`, `doubt`, `endorse`, `emotive` or `other` (from `reporting_verbs.csv`).",
    ),
    Column(
        "kind",
        "string",
        "`direct` (quoted speech), `partial` (a quoted fragment) or `indirect` (reported "
        "without quotation marks).",
    ),
    Column("mention", "string", "The words that attribute it where it is (`he`, `the ministry`)."),
    Column("n_words", "int64", "Tokens in `text`."),
)

HEADLINE_COLUMNS = (
    Column("article_id", "string", "Article whose headline (`title`) quotes."),
    Column("outlet", "string", "Outlet of that article."),
    Column("start", "int64", "Offset of the quoted words in the article's `title`."),
    Column("end", "int64", "Offset one past their last character in the `title`."),
    Column("text", "string", "The quoted (or reported) words."),
    Column("speaker", "string", "Who said it, as in `quotes`; empty when nobody is named."),
    Column("speaker_group", "string", "The speaker's group from the actor registry."),
    Column("verb", "string", "Lemma of the reporting verb, if the headline has one."),
    Column("verb_class", "string", "Class of that verb."),
    Column("kind", "string", "`direct`, `partial` or `indirect`, as in `quotes`."),
)

SENTENCE_COLUMNS = (
    Column(
        "speaker",
        "string",
        "Speaker of the sentence's attribution or quotation (annotator `attribution`); empty "
        "in the outlet's own voice.",
    ),
    Column("reporting_verb", "string", "Lemma of the sentence's reporting verb; empty if none."),
    Column("verb_class", "string", "Class of that verb (neutral, doubt, endorse, emotive, other)."),
)

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|@?[^\W_][\w'’\-]*|--|[.,;:!?—–()]")

_PRONOUNS = {"he": "person", "she": "person", "it": "organisation", "they": "group"}

_CAPITAL = re.compile(r"[A-Z\u00C0-\u00DE]")


_PARTIAL_REACH = 40
"""Tokens from a verb to a quoted fragment it can attribute."""


@dataclass(frozen=True)
class Lexicon:
    """The word lists attribution reads, from its data files."""

    verbs: dict[str, tuple[str, str]]  # form → (lemma, class); multi-word forms too
    titles: frozenset[str]
    nouns: frozenset[str]
    registry: Registry
    words: dict[str, frozenset[str]]  # attribution_words.csv: role → words

    @property
    def cue_starts(self) -> frozenset[str]:
        """First words of every cue (verb forms, claim nouns, "according"): a token that is
        none of them is skipped at once."""
        cached = self.__dict__.get("_cue_starts")
        if cached is None:
            cached = frozenset(
                {form.split()[0] for form in self.verbs} | set(self.claim_nouns) | {"according"}
            )
            object.__setattr__(self, "_cue_starts", cached)
        return cached

    def __getattr__(self, role: str) -> frozenset[str]:
        """``lexicon.function``, ``lexicon.org_nouns`` ...: the words of one role."""
        try:
            return self.__dict__["words"][role]
        except KeyError:
            raise AttributeError(role) from None


class _Token:
    """A word, a punctuation mark, or a whole quotation (``quote`` >= 0); ``capital``: a
    capitalised word or a social-media handle (@SarahHuckabee), i.e. a possible name."""

    __slots__ = ("text", "start", "end", "quote", "lower", "is_quote", "capital")

    def __init__(self, text: str, start: int, end: int, quote: int = -1) -> None:
        self.text, self.start, self.end, self.quote = text, start, end, quote
        self.lower = text.lower()
        self.is_quote = quote >= 0
        self.capital = quote < 0 and (bool(_CAPITAL.match(text)) or text[:1] == "@")


@dataclass
class _Cue:
    verb: str
    verb_class: str
    first: int  # token range of the whole attribution (speaker and verb)
    last: int
    verb_at: int
    mention: tuple[int, int] | None  # token range of the speaker phrase
    speaker: str = ""
    group: str = ""
    mention_text: str = ""
    position: int = 0  # character offset, for "nearest earlier"


@dataclass
class _Speaker:
    name: str
    kind: str  # person | organisation | group
    group: str
    words: frozenset[str]
    position: int


@dataclass
class _State:
    """What resolution needs from earlier in the article."""

    speakers: list[_Speaker] = field(default_factory=list)
    surnames: dict[str, str] = field(default_factory=dict)
    persons: list[tuple[int, str]] = field(default_factory=list)  # subject-position names
    genders: dict[str, str] = field(default_factory=dict)  # name → "he" or "she"


@lru_cache(maxsize=8)
def _lemma_of(word: str) -> str:
    """A verb's lemma from its -ed form, by which candidate stem is the commonest English word
    (quipped → quip, joked → joke, tweeted → tweet)."""
    if not word.endswith("ed") or len(word) < 5:
        return word
    stem = word[:-2]
    candidates = [stem, word[:-1]]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        candidates.append(stem[:-1])
    if word.endswith("ied"):
        candidates.append(word[:-3] + "y")
    frequencies = english_frequencies()
    return max(candidates, key=lambda c: frequencies.get(c, 0.0))


def _tokens(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> list[_Token]:
    """Tokens of ``text[start:end]`` with each overlapping quotation (offsets) as one token."""
    tokens, at = [], start
    for index, (q_start, q_end) in enumerate(quotes):
        if q_end <= start or q_start >= end:
            continue
        tokens.extend(_plain(text, at, max(min(q_start - 1, end), at)))
        tokens.append(_Token("<Q>", max(q_start, start), min(q_end, end), index))
        at = min(q_end + 1, end)
    tokens.extend(_plain(text, at, end))
    return tokens


_WORDS = re.compile(r"[a-z]+")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


class _LazyTokens:
    """Sentences' tokens, made when first asked for (most sentences of an article hold no
    attribution and are never tokenised whole); ``opening(i)``: the first words only, for the
    sentence's subject."""

    OPENING_CHARS = 160

    def __init__(self, text: str, sentences: list, quotes: list[tuple[int, int]]) -> None:
        self.text, self.sentences, self.quotes = text, sentences, quotes
        self._made: dict[int, list[_Token]] = {}
        self._openings: dict[int, list[_Token]] = {}

    def __len__(self) -> int:
        return len(self.sentences)

    def __getitem__(self, index: int) -> list[_Token]:
        if index not in self._made:
            start, end = self.sentences[index][:2]
            self._made[index] = _tokens(self.text, start, end, self.quotes)
        return self._made[index]

    def quoted(self, index: int) -> bool:
        start, end = self.sentences[index][:2]
        return any(q_start < end and q_end > start for q_start, q_end in self.quotes)

    def opening(self, index: int) -> list[_Token]:
        if index in self._made:
            return self._made[index]
        if index not in self._openings:
            start, end = self.sentences[index][:2]
            end = min(end, start + self.OPENING_CHARS)
            self._openings[index] = _tokens(self.text, start, end, self.quotes)
        return self._openings[index]


def _plain(text: str, start: int, end: int) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _verb_at(tokens: list[_Token], i: int, lexicon: Lexicon) -> tuple[str, str, int] | None:
    """(lemma, class, tokens used) of a reporting verb starting at token ``i``."""
    if tokens[i].is_quote:
        return None
    if i + 1 < len(tokens):
        pair = f"{tokens[i].lower} {tokens[i + 1].lower}"
        if pair == "according to":
            return "according to", "neutral", 2
        if pair in lexicon.verbs:
            return (*lexicon.verbs[pair], 2)
    if tokens[i].lower in lexicon.verbs and not tokens[i].capital:
        return (*lexicon.verbs[tokens[i].lower], 1)
    return None


_CONTRACTIONS = re.compile(r"^(?:it|that|there|what|who|he|she|here|where)['’]s$")


def _is_head(token: _Token, lexicon: Lexicon) -> bool:
    """Can end a speaker phrase: a name, a pronoun, a role noun."""
    if token.is_quote or _CONTRACTIONS.match(token.lower):
        return False
    lower = token.lower.rstrip("'’s") if token.lower.endswith(("'s", "’s")) else token.lower
    if token.capital and lower in lexicon.function and lower not in _PRONOUNS:
        return False
    return (
        token.capital
        or lower in _PRONOUNS
        or lower in lexicon.quantifiers
        or lower in lexicon.nouns
        or _is_title(lower, lexicon.titles)
    )


def _abbreviation(token: _Token, lexicon: Lexicon) -> bool:
    """A word whose full stop is an abbreviation's, inside a name: an initial, a title
    ("Sen."), "Jr.", "U.S."; not "America." ending a sentence before "Breitbart"."""
    return token.capital and (
        len(token.text) <= 3 or _is_title(token.text, lexicon.titles) or "." in token.text
    )


def _is_title(word: str, titles: frozenset[str]) -> bool:
    """A title word, hyphenated ones included (Lieutenant-General, Commander-in-chief)."""
    lower = word.lower().rstrip(".")
    return lower in titles or "-" in lower and any(p in titles for p in lower.split("-"))


def _inside_word(token: _Token, lexicon: Lexicon) -> bool:
    """Can stand inside a speaker phrase before its head."""
    if token.is_quote:
        return False
    lower = token.lower
    if token.capital and lower in lexicon.function or _CONTRACTIONS.match(lower):
        return False
    if lower.endswith(("'s", "’s")):
        return True
    return (
        token.capital
        or _is_title(lower, lexicon.titles)
        or lower in lexicon.nouns
        or lower in ("of", "for", "and", "-", "al", "bin", "de", "van", "von")
    )


def _phrase_before(tokens: list[_Token], k: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The speaker phrase ending at token ``k`` (inclusive), if one does."""
    if k < 0 or not _is_head(tokens[k], lexicon) and tokens[k].text != ".":
        return None
    if tokens[k].text == ".":  # "Jr." "Sen." — the full stop of an abbreviation
        if k == 0 or not _abbreviation(tokens[k - 1], lexicon):
            return None
        k -= 1
    if tokens[k].lower in _PRONOUNS:
        return k, k
    first = k
    while first - 1 >= 0:
        previous = tokens[first - 1]
        if previous.text == "." and first - 2 >= 0 and _abbreviation(tokens[first - 2], lexicon):
            first -= 1
            continue
        if _inside_word(previous, lexicon):
            first -= 1
            continue
        break
    while first < k and tokens[first].lower in ("of", "for", "and", "-"):
        first += 1
    # unknown lower-case words (adjectives) count only when a determiner opens the phrase
    # within three of them: "a senior administration official", "the diplomatic mission"
    look = first - 1
    for _ in range(4):
        if look < 0 or tokens[look].is_quote or tokens[look].text in ",.;:":
            break
        if tokens[look].lower in lexicon.determiners:
            first = look
            break
        if tokens[look].lower in lexicon.quantifiers and look == first - 1:
            first = look  # "some people", "many critics"
            break
        if (
            tokens[look].lower in lexicon.skip
            or tokens[look].lower in lexicon.function
            or tokens[look].lower in lexicon.verbs
        ):
            break
        look -= 1
    # "Zack Beauchamp at Vox called": the person, not the outlet they work for
    if first >= 2 and tokens[first - 1].lower in ("at", "from") and tokens[first - 2].capital:
        person = _phrase_before(tokens, first - 2, lexicon)
        if person is not None and tokens[person[1]].capital and person[0] < person[1]:
            return person
    # "a spokeswoman for the university": the agent the phrase belongs to
    if (
        first >= 3
        and tokens[first - 1].lower in ("for", "of", "at")
        and tokens[first - 2].lower in lexicon.agent_nouns
    ):
        extended = _phrase_before(tokens, first - 2, lexicon)
        if extended is not None:
            first = extended[0]
    return first, k


def _phrase_after(tokens: list[_Token], i: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The speaker phrase starting at token ``i`` ("said Kremlin spokesman Dmitry Peskov")."""
    if i >= len(tokens) or tokens[i].is_quote:
        return None
    if tokens[i].lower in _PRONOUNS:
        return i, i
    last = i - 1
    j = i
    if tokens[j].lower in lexicon.determiners:
        j += 1
        # adjectives after a determiner, up to three, before the phrase's words
        scan = j
        while scan < len(tokens) and scan - j < 3 and not _inside_word(tokens[scan], lexicon):
            if tokens[scan].text in ",.;:" or tokens[scan].is_quote:
                break
            scan += 1
        if scan < len(tokens) and _inside_word(tokens[scan], lexicon):
            j = scan
    while j < len(tokens):
        token = tokens[j]
        if token.text == "." and j > i and tokens[j - 1].capital and len(tokens[j - 1].text) <= 4:
            if j + 1 < len(tokens) and tokens[j + 1].capital:
                j += 1
                continue
            break
        if _inside_word(token, lexicon):
            last = j
            j += 1
            continue
        if j > i and token.lower.isalpha() and token.text.islower():
            ahead = j
            while ahead < len(tokens) and ahead - j < 3 and tokens[ahead].text.islower():
                if _is_title(tokens[ahead].text, lexicon.titles):
                    break
                ahead += 1
            if (
                ahead < len(tokens)
                and ahead - j < 3
                and _is_title(tokens[ahead].text, lexicon.titles)
                and ahead + 1 < len(tokens)
                and tokens[ahead + 1].capital
            ):
                j = ahead  # "ACLU senior staff attorney Lee Rowland"
                continue
        if (  # "Ambassador to NATO Kurt Volker", "Secretary of State Antony Blinken"
            token.lower in ("to", "of")
            and j > i
            and (tokens[j - 1].capital or _is_title(tokens[j - 1].text, lexicon.titles))
            and j + 1 < len(tokens)
            and tokens[j + 1].capital
        ):
            j += 1
            continue
        if (  # "the Russian Embassy in Washington"
            token.lower == "in"
            and j > i
            and tokens[j - 1].lower in ("embassy", "consulate", "mission", "office", "bureau")
            and tokens[j - 1].capital
            and j + 1 < len(tokens)
            and tokens[j + 1].capital
        ):
            j += 1
            continue
        break
    while last >= i and tokens[last].lower in ("of", "for", "and", "-"):
        last -= 1
    if last < i or not _is_head(tokens[last], lexicon):
        return None
    return i, last


def _back_over_skips(tokens: list[_Token], k: int, lexicon: Lexicon) -> int:
    """Index before the adverbs and time words between a subject and its verb."""
    while k >= 0 and (
        tokens[k].lower in lexicon.skip
        or tokens[k].lower.endswith("ly")
        and len(tokens[k].text) > 4
        and not tokens[k].capital
    ):
        k -= 1
    return k


def _speaker_before(tokens: list[_Token], verb: int, lexicon: Lexicon) -> tuple[int, int] | None:
    k = _back_over_skips(tokens, verb - 1, lexicon)
    if k < 0:
        return None
    if tokens[k].text in (",", "—", "–", "--") and k > 0:
        return _appositive_speaker(tokens, k, lexicon)
    if tokens[k].lower in ("who", "which") and k >= 2 and tokens[k - 1].text == ",":
        return _phrase_before(tokens, k - 2, lexicon)  # "Breitbart, which has called ..."
    if tokens[k].text == ")":  # "Rep. Carlos Curbelo (R-FL) said"
        opening = _opening_bracket(tokens, k)
        if opening is not None:
            return _phrase_before(tokens, opening - 1, lexicon)
    if tokens[k].is_quote or tokens[k].text in ".;:!?—–":
        return None
    phrase = _phrase_before(tokens, k, lexicon)
    unclosed = (
        phrase is not None
        and not tokens[phrase[1]].capital
        and phrase[0] >= 2
        and tokens[phrase[0] - 1].text == ","
        and tokens[phrase[0]].lower in ("a", "an")
    )
    if unclosed:  # "Glen Bolger, a Republican pollster told ..." (the comma left out)
        name = _phrase_before(tokens, phrase[0] - 2, lexicon)
        opens = name is not None and (
            name[0] == 0 or tokens[name[0] - 1].text in ",;:—–" or tokens[name[0] - 1].is_quote
        )
        if opens and tokens[name[1]].capital:
            return name
    return phrase


def _opening_bracket(tokens: list[_Token], k: int) -> int | None:
    for j in range(k - 1, max(k - 8, -1), -1):
        if tokens[j].text == "(":
            return j
    return None


def _appositive_speaker(tokens: list[_Token], k: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The speaker before appositives between commas or dashes, right before the verb: "X, a
    spokesman for Y, said", "the aide, Jane Roe, said", "Dan Baker, a retiree from Boynton
    Beach, Fla., said", "X — who has ... — said", "Rep. X (R-FL), who was ..., said". The
    leftmost segment (within reach) that is a whole name phrase is the speaker; failing one, a
    role phrase ("the ministry's spokesman")."""
    dashed = tokens[k].text != ","
    marks = (",", "—", "–", "--") if dashed else (",",)
    segments: list[tuple[int, int]] = []
    end = k - 1
    p = end
    while p >= 0 and k - p < 45:
        token = tokens[p]
        if token.is_quote and not dashed:
            break
        if token.text in ".;:!?" and not (p > 0 and tokens[p - 1].capital):
            break
        if token.text in marks:
            segments.append((p + 1, end))
            end = p - 1
        p -= 1
    segments.append((max(p + 1, 0), end))
    best_role = None
    for first, last in reversed(segments):  # leftmost first
        if first <= last and tokens[last].text == ")":
            opening = _opening_bracket(tokens, last)
            last = opening - 1 if opening is not None else last
        if first > last:
            continue
        phrase = _phrase_before(tokens, last, lexicon)
        opens_clause = first == 0 or tokens[first - 1].text in (";", ":")
        if phrase is None or phrase[0] != first and not (opens_clause and tokens[last].capital):
            continue  # not a whole name or role phrase ("a retiree from Boynton Beach")
        if tokens[phrase[1]].capital:
            return phrase
        if best_role is None:
            best_role = phrase
    return best_role


def _subject(tokens: list[_Token], before: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The sentence's subject for a verb far from it ("X returned to the stage and declared"):
    the first phrase of the sentence, after an opening phrase that ends in a comma."""
    start = 0
    for i in range(min(before, 8)):
        if tokens[i].text == ",":
            start = i + 1
            break
    phrase = _phrase_after(tokens, start, lexicon)
    if phrase and phrase[1] < before and tokens[phrase[1]].lower not in lexicon.document_nouns:
        # the verb must be coordinated with the subject's own verb: "... and declared"
        k = before - 1
        while k > phrase[1] and (
            tokens[k].lower in ("also", "then", "later")
            or tokens[k].lower.endswith("ly")
            and len(tokens[k].text) > 4
        ):
            k -= 1
        if k > phrase[1] + 1 and tokens[k].lower in ("and", "but"):
            return phrase
    return None


def _unknown_verb(tokens: list[_Token], i: int) -> bool:
    """A lower-case -ed word in an attribution's place next to a quotation."""
    word = tokens[i].text
    return (
        not tokens[i].is_quote
        and word.islower()
        and word.endswith("ed")
        and len(word) > 4
        and word.isalpha()
    )


def _cues(tokens: list[_Token], lexicon: Lexicon) -> list[_Cue]:
    cues: list[_Cue] = []
    starts = lexicon.cue_starts
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.lower not in starts and not (
            token.lower.endswith("ed") and _next_to_quote(tokens, i)
        ):
            i += 1
            continue
        found = _verb_at(tokens, i, lexicon)
        if found is None and _unknown_verb(tokens, i) and _next_to_quote(tokens, i):
            found = (_lemma_of(tokens[i].lower), "other", 1)
        if _claim_by(tokens, i, lexicon):
            cues.append(_claim_cue(tokens, i, lexicon))
            i += 1
            continue
        owner = _claim_of(tokens, i, lexicon)
        if owner is not None:
            cues.append(_Cue("", "", owner[0], i, i, owner))
            i += 1
            continue
        if found is None or found[0] != "according to" and _noun_use(tokens, i, found[2], lexicon):
            i += 1
            continue
        verb, verb_class, used = found
        if verb_class == "none":  # "called for", "called together": not an attribution
            i += used
            continue
        form = " ".join(t.lower for t in tokens[i : i + used])
        if form.endswith("ing") and verb != "according to":
            mention = _participle_speaker(tokens, i, cues, lexicon)
        else:
            mention = _mention(tokens, i, used, verb, form, lexicon)
        if mention is not None:
            first = min(mention[0], i)
            last = max(mention[1], i + used - 1)
            cues.append(_Cue(verb, verb_class, first, last, i, mention))
        i += used
    return cues


def _issuer(
    tokens: list[_Token], phrase: tuple[int, int] | None, lexicon: Lexicon
) -> tuple[int, int] | None:
    """ "a statement by the ministry", "a report from X": the speaker is who issued it."""
    if phrase is None or tokens[phrase[1]].lower not in lexicon.document_nouns:
        return phrase
    k = phrase[1] + 1
    if k < len(tokens) and tokens[k].lower in ("by", "from", "of"):
        issuer = _phrase_after(tokens, k + 1, lexicon)
        if issuer is not None:
            return issuer
    return phrase


def _appositive(
    tokens: list[_Token], phrase: tuple[int, int] | None, lexicon: Lexicon
) -> tuple[int, int] | None:
    """ "the commander-in-chief of the military, Valerii Zaluzhnyi, ...": the name that
    follows a role phrase between commas is the speaker."""
    if (
        phrase is None
        or tokens[phrase[1]].capital
        and not _is_title(tokens[phrase[1]].text, lexicon.titles)
    ):
        return phrase
    k = phrase[1] + 1
    if k < len(tokens) and tokens[k].lower == "of":
        while k < len(tokens) and tokens[k].text != "," and k - phrase[1] < 6:
            k += 1
    if k + 1 < len(tokens) and tokens[k].text == "," and tokens[k + 1].capital:
        name = _phrase_after(tokens, k + 1, lexicon)
        if name is not None and name[1] + 1 < len(tokens) and tokens[name[1] + 1].text == ",":
            return name
    return phrase


def _claim_of(tokens: list[_Token], i: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "Trump's earlier claim that ...": the possessor made the claim."""
    if tokens[i].lower not in lexicon.claim_nouns:
        return None
    if not any(t.lower == "that" for t in tokens[i + 1 : i + 5]):
        return None
    k = i - 1
    while k >= 0 and tokens[k].text.islower() and not tokens[k].lower.endswith(("'s", "’s")):
        k -= 1
        if i - k > 3:
            return None
    if k < 0 or not tokens[k].lower.endswith(("'s", "’s")) or not tokens[k].capital:
        return None
    return _phrase_before(tokens, k, lexicon)


def _claim_by(tokens: list[_Token], i: int, lexicon: Lexicon) -> bool:
    """ "claims by Republicans that ...", "allegations from the ministry": a speaker without a
    verb."""
    return (
        tokens[i].lower in lexicon.claim_nouns
        and i + 2 < len(tokens)
        and tokens[i + 1].lower in ("by", "from")
        and _phrase_after(tokens, i + 2, lexicon) is not None
    )


def _claim_cue(tokens: list[_Token], i: int, lexicon: Lexicon) -> _Cue:
    mention = _phrase_after(tokens, i + 2, lexicon)
    return _Cue("", "", i, mention[1], i, mention)


_ADVERBIAL = frozenset({",", "by", "while", "after", "before", "when", "and", "also", "then", "as"})


def _participle_speaker(
    tokens: list[_Token], i: int, cues: list[_Cue], lexicon: Lexicon
) -> tuple[int, int] | None:
    """Who speaks in "..., saying", "by remarking", "was quoted as saying": the clause's
    speaker (the previous cue's) or the sentence's subject. A participle after a noun ("a host
    asking questions") is no attribution."""
    previous = tokens[i - 1].lower if i > 0 else ""
    if previous == "as":  # "X was quoted as saying"
        return _speaker_before(tokens, i, lexicon)
    if cues:
        return cues[-1].mention  # "X denounced the EU saying ...": X says it
    if previous not in _ADVERBIAL and previous not in lexicon.document_nouns:
        return None  # "a statement claiming ...": the subject issued it
    subject = _sentence_subject(tokens, lexicon)
    return subject if subject is not None and subject[1] < i else None


def _noun_use(tokens: list[_Token], i: int, used: int, lexicon: Lexicon) -> bool:
    """A verb form used as a noun or a passive: "its claims", "Russia's demand", "a
    briefing", "the said shells", "first reported by CNN"."""
    if i > 0:
        previous = tokens[i - 1].lower
        if previous in lexicon.determiners or previous.endswith(("'s", "’s")):
            return True
        if normalize_name(tokens[i - 1].text).lower() in lexicon.registry.adjectives:
            return True  # "Russian demands"
    following = tokens[i + used].lower if i + used < len(tokens) else ""
    return following == "by"


def _mention(
    tokens: list[_Token], i: int, used: int, verb: str, form: str, lexicon: Lexicon
) -> tuple[int, int] | None:
    if verb == "according to":
        return _appositive(
            tokens, _issuer(tokens, _phrase_after(tokens, i + 2, lexicon), lexicon), lexicon
        )
    mention = _speaker_before(tokens, i, lexicon)
    if mention is not None:
        return mention
    after = _phrase_after(tokens, i + used, lexicon)
    if after is not None and _inverted_ok(tokens, i):
        return after
    if form.endswith("s") and form != verb:
        return None  # "claims", "reports": a verb only next to its subject
    return _subject(tokens, i, lexicon)


def _next_to_quote(tokens: list[_Token], i: int) -> bool:
    """An unlisted verb in an attribution's place: “...,” NAME VERBED[.,] or “...,” VERBED
    NAME — a quotation, punctuation at most, a short name or pronoun, and the verb ending its
    clause (or right after the quotation)."""
    after = tokens[i + 1 : i + 3]
    if (
        i > 0
        and (tokens[i - 1].capital or tokens[i - 1].lower in _PRONOUNS)
        and len(after) == 2
        and after[0].text in ",:"
        and after[1].is_quote
    ):
        return True  # NAME VERBED, “...”
    k = i - 1
    while k >= 0 and not tokens[k].is_quote and i - k <= 4:
        if not (tokens[k].capital or tokens[k].lower in _PRONOUNS or tokens[k].text in ",.!?"):
            return False
        k -= 1
    if k < 0 or not tokens[k].is_quote:
        return False
    following = tokens[i + 1].text if i + 1 < len(tokens) else "."
    named_before = any(t.capital or t.lower in _PRONOUNS for t in tokens[k + 1 : i])
    return following in ".,;!?" if named_before else i + 1 < len(tokens) and tokens[i + 1].capital


def _inverted_ok(tokens: list[_Token], verb: int) -> bool:
    """ "said X" names the speaker only right after a quotation or clause: “...,” said X."""
    k = verb - 1
    while k >= 0 and tokens[k].text in ",":
        k -= 1
    return k < 0 or tokens[k].is_quote or tokens[k].text in ",;:"


class _Article:
    """Attribution over one article: tokens per sentence, cues, quotations linked to them."""

    def __init__(
        self,
        text: str,
        sentences: list[tuple[int, int, int, int]],
        quotes: list[tuple[int, int, bool]],
        lexicon: Lexicon,
    ) -> None:
        self.text, self.sentences, self.quotes, self.lexicon = text, sentences, quotes, lexicon
        self.tokens = _LazyTokens(text, sentences, [(s, e) for s, e, _ in quotes])
        self.cues = [
            _cues(self.tokens[i], lexicon) if self._may_attribute(i) else []
            for i in range(len(sentences))
        ]
        self.state = _State()
        self._names()

    def _may_attribute(self, index: int) -> bool:
        """Whether a sentence can hold an attribution: it has a quotation or a cue word (a
        cheap test that spares tokenising the rest)."""
        if self.tokens.quoted(index):
            return True
        return index in self._cue_sentences()

    def _cue_sentences(self) -> set[int]:
        """Sentences holding a cue word, from one pass over the article's words."""
        if "cue_sentences" not in self.__dict__:
            starts = [s[0] for s in self.sentences]
            cue_starts = self.lexicon.cue_starts
            found = {
                bisect.bisect_right(starts, m.start()) - 1
                for m in _WORDS.finditer(self.text.lower())
                if m.group() in cue_starts
            }
            self.__dict__["cue_sentences"] = found
        return self.__dict__["cue_sentences"]

    def _names(self) -> None:
        """Full person names in the article (for surnames), and each sentence's subject when
        it is a name (the likely referent of a later "he", "she" or "it": the subject is the
        most salient entity of a sentence)."""

    def _all_names(self) -> list[tuple[int, int, str, bool]]:
        """The article's capitalised names, found once."""
        if "names" not in self.__dict__:
            self.__dict__["names"] = find_names(self.text, self.lexicon.titles)
        return self.__dict__["names"]

    def _acronyms(self) -> dict[str, str]:
        """Initials → the name they abbreviate in this article ("ADL" → "Anti-Defamation
        League"), from its capitalised names."""
        if "acronyms" not in self.__dict__:
            found: dict[str, str] = {}
            for _, _, name, _ in self._all_names():
                parts = [p for w in name.split() for p in w.split("-") if p[:1].isupper()]
                if len(parts) >= 2:
                    found.setdefault("".join(p[0] for p in parts), name)
            self.__dict__["acronyms"] = found
        return self.__dict__["acronyms"]

    def _full_name(self, surname: str) -> str | None:
        """The first full person name in the article that ends with ``surname`` ("Lavrov" →
        "Sergei Lavrov"), looked for only around the surname's occurrences."""
        surnames = self.state.surnames
        if surname not in surnames:
            surnames[surname] = ""
            for match in re.finditer(rf"\b{re.escape(surname)}\b", self.text):
                window = self.text[max(match.start() - 80, 0) : match.end()]
                names = find_names(window, self.lexicon.titles)
                if names and names[-1][1] == len(window):
                    words = names[-1][2].split()
                    if len(words) >= 2 and words[-1].lower() not in self.lexicon.org_nouns:
                        surnames[surname] = names[-1][2]
                        break
        return surnames[surname] or None

    SUBJECT_WINDOW = 10
    """Sentences back from a pronoun whose subjects are candidates (speakers count at any
    distance): a subject further back is rarely what "he" refers to."""

    def _subject_of(self, index: int) -> tuple[int, str] | None:
        """A sentence's subject when it is a name: (offset, phrase), found once."""
        cache = self.__dict__.setdefault("subjects", {})
        if index not in cache:
            tokens = self.tokens.opening(index)
            subject = _sentence_subject(tokens, self.lexicon)
            cache[index] = (
                None
                if subject is None
                else (
                    tokens[subject[0]].start,
                    self.text[tokens[subject[0]].start : tokens[subject[1]].end],
                )
            )
        return cache[index]

    def _candidates(self, position: int):
        """Earlier speakers and (within the window) sentence subjects, nearest first."""
        speakers = sorted(
            (s for s in self.state.speakers if s.position < position), key=lambda s: s.position
        )
        starts = [s[0] for s in self.sentences]
        index = bisect.bisect_right(starts, position) - 1
        j = len(speakers) - 1
        for k in range(index, max(index - self.SUBJECT_WINDOW, -1), -1):
            here = []
            while j >= 0 and speakers[j].position >= starts[k]:
                here.append(speakers[j])
                j -= 1
            subject = self._subject_of(k)
            if subject is not None and subject[0] < position:
                start, phrase = subject
                here.append(self._canonical(_bare(phrase, self.lexicon), phrase, start, ""))
            yield from sorted(here, key=lambda s: -s.position)
        yield from reversed(speakers[: j + 1])

    # --- speaker resolution -------------------------------------------------------------
    def resolve(self, cue: _Cue, sentence: int) -> None:
        tokens = self.tokens[sentence]
        first, last = cue.mention
        phrase = self.text[tokens[first].start : tokens[last].end]
        cue.mention_text = phrase
        cue.position = tokens[first].start
        lower = phrase.lower()
        if lower in _PRONOUNS:
            found = self._pronoun(_PRONOUNS[lower], cue.position, lower)
        else:
            found = self._phrase(tokens[first : last + 1], phrase, cue.position)
        if found is None:
            return
        cue.speaker, cue.group = found.name, found.group
        self.state.speakers.append(found)

    def _pronoun(self, kind: str, position: int, pronoun: str = "") -> _Speaker | None:
        """The nearest fitting earlier speaker or sentence subject: a person for he/she (not
        one known to be of the other gender: by a title such as "spokeswoman" or "Mr.", or by
        an earlier "he" or "she"), an organisation for it, a group or organisation for they."""
        for candidate in self._candidates(position):
            if not (candidate.kind == kind or kind == "group" and candidate.kind != "person"):
                continue
            if kind == "person" and self._gender(candidate) not in ("", pronoun):
                continue
            if kind == "person":
                self.state.genders.setdefault(candidate.name, pronoun)
            return _moved(candidate, position)
        return None

    def _gender(self, speaker: _Speaker) -> str:
        if speaker.name in self.state.genders:
            return self.state.genders[speaker.name]
        if speaker.words & self.lexicon.female_words:
            return "she"
        if speaker.words & self.lexicon.male_words:
            return "he"
        return ""

    def _phrase(self, tokens: list[_Token], phrase: str, position: int) -> _Speaker | None:
        lexicon = self.lexicon
        whole = lexicon.registry.actor(phrase)
        if whole is not None:
            return self._canonical(whole.name, phrase, position, "")
        words = [t for t in tokens if t.text not in "."]
        # the name: the last run of capitalised words that are not titles
        name_tokens: list[_Token] = []
        for token in reversed(words):
            if (
                token.capital
                and not _is_title(token.text, lexicon.titles)
                or name_tokens
                and token.lower in ("al", "bin", "de", "van", "von", "-")
            ):
                name_tokens.insert(0, token)
            else:
                break
        head = words[-1].lower if words else ""
        if len(name_tokens) == 1 and head in lexicon.nouns:
            name_tokens = []  # "Officials said", "Critics argue": a capital that opens a sentence
        if (
            name_tokens and head in self.lexicon.org_nouns
        ):  # "Defense Ministry": titles belong to the name
            at = len(words) - len(name_tokens)
            while at > 0 and (words[at - 1].capital or words[at - 1].lower == "of"):
                at -= 1
            name_tokens = [w for w in words[at:]]
            while name_tokens and name_tokens[0].lower == "of":
                name_tokens = name_tokens[1:]
        at = len(words) - len(name_tokens)
        if name_tokens and at >= 2 and words[at - 1].lower == "of" and words[at - 2].capital:
            earlier = at - 2
            while earlier > 0 and words[earlier - 1].capital:
                earlier -= 1
            run = [w for w in words[earlier : at - 1] if not _is_title(w.text, lexicon.titles)]
            titled_run = any(_is_title(w.text, lexicon.titles) for w in words[earlier : at - 1])
            if run and titled_run and run[-1] is words[at - 2]:
                name_tokens = run  # "GOP Rep. Tom Reed of New York"
                words = words[: at - 1]
        at = len(words) - len(name_tokens)
        while at > 0 and words[at - 1].capital:
            at -= 1  # back over titles of the name: "for First Lady Melania Trump"
        if (
            name_tokens
            and at >= 2
            and words[at - 1].lower in ("for", "of", "to")
            and words[at - 2].lower in self.lexicon.agent_nouns
        ):
            # "the spokeswoman for First Lady Melania Trump" is the spokeswoman, unnamed
            text = phrase[len(words[0].text) :].strip() if words[0].lower == "the" else phrase
            kind = "person" if words[at - 2].lower in self.lexicon.titles else "group"
            return _Speaker(text, kind, "", frozenset({words[at - 2].lower}), position)
        if at > 0 and words[at - 1].lower in ("of", "to", "for") and len(name_tokens) > 2:
            name_tokens = name_tokens[1:]  # "Secretary of State Antony Blinken"
        while len(name_tokens) > 2 and (
            name_tokens[0].text.isupper() or lexicon.registry.actor(name_tokens[0].text)
        ):
            name_tokens = name_tokens[1:]  # "NATO Kurt Volker"
        owners = [k for k, w in enumerate(name_tokens[:-1]) if w.lower.endswith(("'s", "’s"))]
        if owners and len(name_tokens) - owners[-1] - 1 >= 2 and head not in lexicon.org_nouns:
            name_tokens = name_tokens[owners[-1] + 1 :]  # "Vox’s Zack Beauchamp"
        if name_tokens and name_tokens[-1] is words[-1]:
            name = self.text[name_tokens[0].start : name_tokens[-1].end]
            name = re.sub(r"['’]s$", "", name)
            titled = len(name_tokens) < len(words)
            kind = "person" if titled and head not in self.lexicon.org_nouns else ""
            return self._canonical(name, phrase, position, kind)
        registered = lexicon.registry.actor(phrase)
        if registered is not None:
            return self._canonical(registered.name, phrase, position, "")
        # a role phrase: "the spokesman", "the ministry", "the embassy's statement"
        role = [t.lower.replace("’s", "").replace("'s", "") for t in words]
        definite = bool(words) and words[0].lower in ("the", "its", "his", "her", "their")
        if definite:
            nouns = [role[-1]] + [r for w, r in zip(words, role, strict=True) if w.lower != r]
            for word in nouns:  # the head, then a possessor ("the embassy's statement")
                match = self._described(word, position)
                if match is not None:
                    return _moved(match, position)
            if (
                _is_title(head, lexicon.titles)
                and head not in lexicon.fallback_nouns
                and head not in lexicon.offices
            ):
                found = self._pronoun("person", position)  # "the businessman-turned-politician"
                if found is not None:
                    return found
            if any(w in self.lexicon.fallback_nouns for w in nouns):
                wanted = (
                    "person"
                    if head in lexicon.titles or head in ("official", "diplomat")
                    else "organisation"
                )
                earlier = [
                    s for s in self.state.speakers if s.position < position and s.kind != "group"
                ]
                if head not in self.lexicon.document_nouns:
                    earlier = [s for s in earlier if s.kind == wanted]
                if earlier:
                    return _moved(earlier[-1], position)
        kept = [w for w in words if not (w.lower == "the" and w is words[0])]
        while len(kept) > 1 and "-" in kept[0].text and kept[0].text.rsplit("-", 1)[1].islower():
            kept = kept[1:]  # "the Trump-friendly Wall Street Journal editorial board"
        text = self.text[kept[0].start : kept[-1].end] if kept else phrase
        group = lexicon.registry.group_of(phrase) if head in self.lexicon.official_heads else ""
        kind = "person" if head in lexicon.titles else "group"
        return _Speaker(text, kind, group, frozenset(role), position)

    def _described(self, word: str, position: int) -> _Speaker | None:
        if word in ("the", "a", "an") or len(word) < 3:
            return None
        for speaker in reversed(self.state.speakers):
            if speaker.position < position and word in speaker.words:
                return speaker
        return None

    def _canonical(self, name: str, phrase: str, position: int, kind: str) -> _Speaker:
        registry = self.lexicon.registry
        words = name.split()
        while len(words) > 1 and "-" in words[0] and words[0].rsplit("-", 1)[1].islower():
            words = words[1:]  # "Trump-friendly Wall Street Journal editorial board"
        name = " ".join(words)
        if len(words) == 1 and _ACRONYM.match(name) and registry.actor(name) is None:
            name = self._acronyms().get(name, name)  # "ADL" after "Anti-Defamation League"
            words = name.split()
        full = self._full_name(words[0]) if len(words) == 1 and words[0][:1].isupper() else None
        if full is not None:
            name = full
            words = name.split()
            kind = kind or "person"
        actor = registry.actor(name) or registry.actor(phrase) or None
        descriptors = frozenset(
            w.lower().replace("’s", "").replace("'s", "").rstrip(".") for w in phrase.split()
        )
        if actor is not None:
            actor_kind = "person" if actor.type == "person" else "organisation"
            return _Speaker(actor.name, actor_kind, actor.group, descriptors, position)
        for earlier in reversed(self.state.speakers):
            if len(words) >= 2 and earlier.name.lower().endswith(" " + name.lower()):
                return _moved(earlier, position)
        if not kind:
            last = words[-1].lower() if words else ""
            org = last in self.lexicon.org_nouns or len(words) == 1 or "of" in words[1:-1]
            kind = "organisation" if org else "person"
        official = any(w.lower().rstrip(".") in self.lexicon.official_heads for w in phrase.split())
        group = registry.group_of(phrase) if official else ""
        return _Speaker(
            normalize_name(name) if name.lower().startswith("the ") else name,
            kind,
            group,
            descriptors,
            position,
        )


def _bare(phrase: str, lexicon: Lexicon) -> str:
    """A subject phrase without titles and determiners: "Former US Ambassador Kurt Volker" →
    "Kurt Volker" (the last run of capitalised words that are not titles)."""
    words = phrase.split()
    kept: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() and not _is_title(word, lexicon.titles):
            kept.insert(0, word)
        elif kept:
            break
    while len(kept) > 2 and (kept[0].isupper() or lexicon.registry.actor(kept[0])):
        kept = kept[1:]  # "NATO Kurt Volker"
    return " ".join(kept) or phrase


def _sentence_subject(tokens: list[_Token], lexicon: Lexicon) -> tuple[int, int] | None:
    """A sentence's subject when it is a name: the first capitalised phrase that opens the
    sentence or follows an opening phrase's comma, not after a preposition, and is followed
    by a lower-case word (its verb): "In West Palm Beach, Fla., Robert Saplin was ..."."""
    starts = [0] + [i + 1 for i, t in enumerate(tokens[:20]) if t.text == ","]
    if tokens and tokens[0].lower in lexicon.subordinators:
        starts.insert(1, 1)  # "While Ossoff has criticized Trump, he ..."
    for start in starts:
        if (
            start >= len(tokens)
            or not tokens[start].capital
            or tokens[start].lower in lexicon.function
        ):
            continue
        phrase = _phrase_after(tokens, start, lexicon)
        if phrase is None or not tokens[phrase[1]].capital:
            continue
        common = phrase[0] == phrase[1] and tokens[start].lower in _common_words()
        if common and lexicon.registry.actor(tokens[start].text) is None:
            continue  # "Last year, ...", "Do you ..."
        after = phrase[1] + 1
        if after < len(tokens) and tokens[after].text == ",":  # "Jane Roe, a spokeswoman, met"
            closing = [
                k for k in range(after + 1, min(after + 14, len(tokens))) if tokens[k].text == ","
            ]
            after = closing[0] + 1 if closing else after
        if (
            after < len(tokens)
            and tokens[after].text.islower()
            and tokens[after].lower
            not in (
                "of",
                "and",
                "or",
            )
        ):
            return phrase
    return None


def _moved(speaker: _Speaker, position: int) -> _Speaker:
    return _Speaker(speaker.name, speaker.kind, speaker.group, speaker.words, position)


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
        if kind == "partial" and _title_case(
            article.text[quote_span(article, quote)], article.lexicon
        ):
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


def quote_span(article: _Article, quote: int) -> slice:
    start, end, _ = article.quotes[quote]
    return slice(start, end)


def _title_case(quoted: str, lexicon: Lexicon) -> bool:
    return title_case(quoted, lexicon.small_words)


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


@lru_cache(maxsize=8)
def _lexicon(
    verb_rows: tuple, titles: tuple, nouns: tuple, actor_rows: tuple, word_rows: tuple
) -> Lexicon:
    verbs: dict[str, tuple[str, str]] = {}
    for verb, forms, verb_class in verb_rows:
        for form in forms.split(";"):  # inflected forms only: "press", "report" are nouns too
            form = form.strip().lower()
            if form:
                verbs.setdefault(form, (verb.strip(), verb_class.strip()))
    registry = registry_from_records([dict(r) for r in actor_rows])
    return Lexicon(
        verbs,
        frozenset(t.rstrip(".") for t in titles),
        frozenset(nouns),
        registry,
        {role: frozenset(words.split()) for role, words in word_rows},
    )


def lexicon_from(data) -> Lexicon:
    """The attribution lexicon from an annotator's data files."""
    verb_rows = tuple(
        (r["verb"], r["forms"], r["class"]) for r in data.records("reporting_verbs.csv")
    )
    actor_rows = tuple(
        tuple(sorted(r.items())) for r in data.layered_records("actors.csv", "actor")
    )
    return _lexicon(
        verb_rows,
        data.lines("person_titles.txt"),
        data.lines("speaker_nouns.txt"),
        actor_rows,
        tuple((r["role"].strip(), r["words"]) for r in data.records("attribution_words.csv")),
    )


def _headline_rows(article_id: str, outlet: str, title: str, lexicon: Lexicon, pairs) -> list:
    """Attribution in a headline, read as a one-sentence text ("Peskov: ‘...’", "Moscow
    denounces ‘false flag’ claims")."""
    if not title.strip():
        return []
    marks = [
        (s, e, not title[e:].strip(), _mark_kind(title[s:e]))
        for s, e, _ in find_quotes(title, pairs)
    ]
    found, _ = attribute_article(title, [(0, len(title), 0, 0)], marks, lexicon)
    rows = []
    for row in found:
        cue = row.cue
        rows.append(
            (
                article_id,
                outlet,
                row.start,
                row.end,
                title[row.start : row.end],
                cue.speaker if cue else "",
                cue.group if cue else "",
                cue.verb if cue else "",
                cue.verb_class if cue else "",
                row.kind,
            )
        )
    return rows


def _mark_kind(quoted: str) -> str:
    return _quote_kind(quoted, len(_TOKEN.findall(quoted)), 4)


def _attribution(given: AnnotatorInput) -> Annotation:
    lexicon = lexicon_from(given.data)
    pairs, _ = _marks(tuple((r["open"], r["close"]) for r in given.data.records("quote_marks.csv")))
    headlines = []
    sentences = given.sentences
    blocks = article_blocks(sentences["article_id"])
    columns = sentences[["start", "end", "paragraph_id", "sentence_id"]].to_numpy()
    marks = given.spans["quote_marks"]
    by_article: dict[str, list] = {}
    for row in marks[["article_id", "start", "end", "open_end", "kind"]].itertuples(
        index=False, name=None
    ):
        by_article.setdefault(row[0], []).append(row[1:])
    speaker = np.full(len(sentences), "", dtype=object)
    verb = np.full(len(sentences), "", dtype=object)
    verb_class = np.full(len(sentences), "", dtype=object)
    rows = []
    columns_ = ["article_id", "outlet", "text", "title"]
    for article_id, outlet, text, title in given.articles[columns_].itertuples(index=False):
        first, last = blocks.get(article_id, (0, 0))
        quotes = by_article.get(article_id, [])
        if isinstance(title, str):
            headlines.extend(_headline_rows(article_id, outlet, title, lexicon, pairs))
        sentence_rows = [tuple(int(v) for v in row) for row in columns[first:last]]
        found, by_sentence = attribute_article(text, sentence_rows, quotes, lexicon)
        for offset, cue in enumerate(by_sentence):
            if cue is not None:
                speaker[first + offset] = cue.speaker
                verb[first + offset] = cue.verb
                verb_class[first + offset] = cue.verb_class
        for number, row in enumerate(found):
            cue = row.cue
            quoted = text[row.start : row.end]
            rows.append(
                (
                    article_id,
                    outlet,
                    number,
                    sentence_rows[row.sentence][3] if row.sentence >= 0 else -1,
                    row.start,
                    row.end,
                    quoted,
                    cue.speaker if cue else "",
                    cue.group if cue else "",
                    cue.verb if cue else "",
                    cue.verb_class if cue else "",
                    row.kind,
                    cue.mention_text if cue else "",
                    len(_TOKEN.findall(quoted)),
                )
            )
    frame = pd.DataFrame(rows, columns=[c.name for c in QUOTE_COLUMNS])
    for column in QUOTE_COLUMNS:
        frame[column.name] = frame[column.name].astype(column.dtype)
    table = pd.DataFrame(
        {"speaker": speaker, "reporting_verb": verb, "verb_class": verb_class},
        index=sentences.index,
    ).astype("string")
    heads = pd.DataFrame(headlines, columns=[c.name for c in HEADLINE_COLUMNS])
    for column in HEADLINE_COLUMNS:
        heads[column.name] = heads[column.name].astype(column.dtype)
    return Annotation(table, spans={"quotes": frame, "headline_quotes": heads})


ATTRIBUTION = Annotator(
    name="attribution",
    function=_attribution,
    columns=SENTENCE_COLUMNS,
    spans=(
        SpanTable(
            "quotes",
            QUOTE_COLUMNS,
            "quotation (direct or partial, between marks) or indirect attribution, with its "
            "speaker and reporting verb",
        ),
        SpanTable(
            "headline_quotes",
            HEADLINE_COLUMNS,
            "quotation or attribution in an article's headline, with offsets into its `title`",
        ),
    ),
    requires=("quote_marks",),
    data_files=(
        "reporting_verbs.csv",
        "person_titles.txt",
        "speaker_nouns.txt",
        "actors.csv",
        "quote_marks.csv",
        "attribution_words.csv",
    ),
)
