"""The words attribution reads: its lexicon (data files) and sentences as tokens, with each
quotation one token, made only for the sentences that need them."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from ...lexicons import english_frequencies
from ..actors import Registry, _registry

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|@?[^\W_][\w'’\-]*|--|[.,;:!?—–()]")

_PRONOUNS = {"he": "person", "she": "person", "it": "organisation", "they": "group"}

_CAPITAL = re.compile(r"[A-Z\u00C0-\u00DE]")


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
        first = text[:1]  # _CAPITAL's letters, compared without a regular expression
        self.capital = quote < 0 and ("A" <= first <= "Z" or "À" <= first <= "Þ" or first == "@")


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
        """Whether a quotation overlaps sentence ``index``: of the quotations starting before
        its end, the furthest-reaching ends after its start (found by bisection)."""
        if "_reach" not in self.__dict__:
            ordered = sorted(self.quotes)
            self._starts = [q_start for q_start, _ in ordered]
            self._reach = list(accumulate((q_end for _, q_end in ordered), max))
        start, end = self.sentences[index][:2]
        before = bisect_left(self._starts, end)
        return before > 0 and self._reach[before - 1] > start

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


_CONTRACTIONS = re.compile(r"^(?:it|that|there|what|who|he|she|here|where)['’]s$")


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
    registry = _registry(actor_rows)
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
