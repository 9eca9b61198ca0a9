"""Actors: who speaks and who is spoken of, from a registry that users read and extend.

The registry (``framing/data/actors.csv``, extended per corpus by ``<corpus>/lexicons/actors.csv``)
maps the names an actor goes by ("Lavrov", "Sergei Lavrov", "the Russian foreign minister") to one
canonical name and a group ("Russian officials"), so that share of voice and verb profiles count
one speaker once, and by side. Names it does not know are still found (capitalised name
sequences, titled persons) and become the ``mentions`` rows with an empty ``actor``: the
candidates a user may add.

This module holds the registry and the name finder (pure functions, shared by the attribution
annotator) and the ``mentions`` annotator.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..errors import ConfigError
from ..lexicons import english_frequencies
from ..schema import Column, conform
from ..tokens import MAX_CACHED_CHARS, token_cache
from .base import Annotation, Annotator, AnnotatorInput, DataFiles, SpanPlaces, SpanTable

__all__ = [
    "Actor",
    "Registry",
    "MENTIONS",
    "MENTION_COLUMNS",
    "find_names",
    "normalize_name",
    "registry_from_records",
]

ACTOR_TYPES = ("person", "organisation", "country", "adjective")

# Connectors inside a name ("Department of Homeland Security", "Bashar al-Assad").
_CONNECTORS = frozenset(
    {"of", "for", "de", "van", "von", "der", "al", "bin", "da", "del", "la", "le", "du", "y"}
)
_NAME_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'’\-.]*")
_CAPITALISED = re.compile(r"[A-Z\u00C0-\u00DE]")


@dataclass(frozen=True)
class Actor:
    """One registered actor: canonical ``name``, ``type`` and ``group`` (its name when the
    registry gives none)."""

    name: str
    type: str
    group: str


def _fold(text: str) -> str:
    """Diacritics off (Erdoğan → Erdogan), curly apostrophes straight."""
    text = text.replace("’", "'").replace("‘", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@token_cache(maxsize=65536)
def normalize_name(phrase: str) -> str:
    """The form names are compared in: no leading "the", no full stops, no final possessive,
    no diacritics, single spaces. Case is kept (the registry decides how to compare it)."""
    text = _fold(phrase).strip()
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    text = re.sub(r"'s?$", "", text).replace(".", "")
    return " ".join(text.split())


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class Registry:
    """Names to actors. All-capital aliases (WHO, US, AP) match only in capitals; others
    ignore case. ``adjectives`` give a group to unregistered speakers described with them."""

    def __init__(self, actors: Iterable[tuple[Actor, tuple[str, ...]]]) -> None:
        actors_list = list(actors)
        actors = actors_list
        self.exact: dict[str, Actor] = {}
        self.folded: dict[str, Actor] = {}
        self.adjectives: dict[str, str] = {}
        for actor, aliases in actors:
            for alias in (actor.name, *aliases):
                key = normalize_name(alias)
                if not key:
                    continue
                if actor.type == "adjective":
                    self.adjectives[key.lower()] = actor.group
                elif _is_acronym(key):
                    self.exact.setdefault(key, actor)
                else:
                    self.folded.setdefault(key.lower(), actor)
        self.given: dict[str, set[str]] = {}  # actor name -> first words of its many-word names
        for actor, aliases in actors_list:
            for alias in (actor.name, *aliases):
                words = normalize_name(alias).split()
                if len(words) > 1:
                    self.given.setdefault(actor.name, set()).add(words[0].lower())
        self.longest = max((len(k.split()) for k in [*self.exact, *self.folded]), default=1)
        self._seen: dict[str, Actor | None] = {}
        self._within_seen: dict[str, Actor | None] = {}

    def actor(self, phrase: str) -> Actor | None:
        """The actor ``phrase`` names exactly (after normalisation), if any."""
        if phrase in self._seen:
            return self._seen[phrase]
        found = self._lookup(phrase)
        if len(self._seen) < 100_000 and len(phrase) <= MAX_CACHED_CHARS:
            self._seen[phrase] = found
        return found

    def _lookup(self, phrase: str) -> Actor | None:
        key = normalize_name(phrase)
        if key in self.exact:
            return self.exact[key]
        if _is_acronym(key):
            return None
        return self.folded.get(key.lower())

    def within(self, phrase: str) -> Actor | None:
        """The actor named by the longest run of words inside ``phrase`` ("Kremlin spokesman
        Dmitry Peskov" → Dmitry Peskov), preferring later runs on ties (the head of a phrase)."""
        if phrase in self._within_seen:
            return self._within_seen[phrase]
        words = normalize_name(phrase).split()
        found = None
        for size in range(min(self.longest, len(words)), 0, -1):
            for first in range(len(words) - size, -1, -1):
                found = self.actor(" ".join(words[first : first + size]))
                if found is not None:
                    break
            if found is not None:
                break
        if len(self._within_seen) < 100_000 and len(phrase) <= MAX_CACHED_CHARS:
            self._within_seen[phrase] = found
        return found

    def other_person(self, name: str, actor: Actor) -> bool:
        """Whether the many-word ``name``, in which ``within`` found ``actor`` by its last word
        alone, names someone else of that surname: *Hunter Biden*, *Melania Trump*, *Michelle
        Obama* (a given name the actor's own names never start with). An initial (*Donald J.
        Trump*) or a name the actor goes by (*Joe Biden*) is no such sign."""
        words = normalize_name(name).split()
        if len(words) < 2 or actor.type != "person" or self.actor(words[-1]) is not actor:
            return False
        if self.actor(" ".join(words[-2:])) is actor:
            return False
        before = words[-2]
        if len(before) <= 2 or not before[:1].isupper():
            return False
        return before.lower() not in self.given.get(actor.name, set()) and (
            words[0].lower() not in self.given.get(actor.name, set())
        )

    def group_of(self, description: str) -> str:
        """The group an adjective alias in ``description`` gives ("a Russian official" →
        Russian officials), or ""."""
        words = normalize_name(description).lower().split()
        for size in (2, 1):
            for first in range(len(words) - size + 1):
                group = self.adjectives.get(" ".join(words[first : first + size]))
                if group:
                    return group
        return ""


def registry_from_records(records: Iterable[dict[str, str]]) -> Registry:
    """A registry from ``actors.csv`` rows (actor, type, group, aliases). A row without an actor
    or with an unknown type is an error naming it: a typo must not drop an actor silently."""
    actors = []
    for number, row in enumerate(records, start=1):
        name = (row.get("actor") or "").strip()
        kind = (row.get("type") or "").strip() or "organisation"
        if not name:
            raise ConfigError(f"actors.csv: row {number} names no actor")
        if kind not in ACTOR_TYPES:
            raise ConfigError(
                f"actors.csv: actor {name!r} has type {kind!r}; expected one of "
                f"{', '.join(ACTOR_TYPES)} (or remove, in a corpus's file)"
            )
        group = (row.get("group") or "").strip() or name
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
        actors.append((Actor(name, kind, group), aliases))
    return Registry(actors)


def registry_of(data: DataFiles) -> Registry:
    """The registry of an annotator's ``actors.csv`` (the packaged file with the corpus's
    layered on it). Built once per process for the same rows: every batch and both annotators
    that read it (``mentions``, ``attribution``) share it, and with it the names it has
    already looked up."""
    return _registry(
        tuple(tuple(sorted(r.items())) for r in data.layered_records("actors.csv", "actor"))
    )


@lru_cache(maxsize=4)
def _registry(rows: tuple[tuple[tuple[str, str], ...], ...]) -> Registry:
    return registry_from_records([dict(row) for row in rows])


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Words so common in lower case that a capitalised one is a sentence start or a heading
    word, not a name (The, But, However, Monday is kept out by the month/day list)."""
    frequencies = english_frequencies()
    return frozenset(w for w, f in frequencies.items() if f >= 1e-6 and w.isalpha())


_CALENDAR = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def _name_like(token: str) -> bool:
    return bool(_CAPITALISED.match(token)) and token.lower().rstrip(".") not in _CALENDAR


def _title(word: str, titles: frozenset[str]) -> bool:
    lower = word.lower().rstrip(".")
    return lower in titles or "-" in lower and any(p in titles for p in lower.split("-"))


_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "when",
        "while",
        "after",
        "before",
        "if",
        "since",
        "because",
        "though",
        "although",
        "however",
        "meanwhile",
        "still",
        "also",
        "then",
        "there",
        "here",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "his",
        "her",
        "their",
        "our",
        "despite",
        "following",
        "amid",
        "according",
        "during",
        "under",
        "over",
        "after",
        "before",
        "about",
        "against",
        "among",
        "between",
        "into",
        "through",
        "without",
        "within",
        "like",
        "unlike",
        "including",
        "instead",
        "perhaps",
        "now",
        "today",
        "yesterday",
        "former",
    ]
)


def _plain_word(word: str, common: frozenset[str]) -> bool:
    """A capitalised function word opening a sentence ("The", "But"), not part of a name."""
    return word.lower() in _OPENERS


def find_names(
    text: str,
    titles: frozenset[str],
    known: Callable[[str], bool] | None = None,
    org_nouns: frozenset[str] = frozenset(),
) -> list[tuple[int, int, str, bool]]:
    """Capitalised name sequences in ``text``: ``(start, end, name, titled)``, with titles
    ("Sen.", "spokesman", "President") left out of the name and ``titled`` set when one stood
    before it. A single word is a name only after a title, or when it is not a common
    English word (so "The", "However" and "Democrats" at a sentence start are not).

    >>> [n for *_, n, _ in find_names("Kremlin spokesman Dmitry Peskov met Sen. Jane Roe.",
    ...                                 frozenset({"spokesman", "sen"}))]
    ['Dmitry Peskov', 'Jane Roe']
    """
    common = _common_words()
    plain: dict[str, bool] = {}  # a one-word run -> whether it is no name unless titled
    found = []
    for run in _RUN.finditer(text):
        word = run.group()
        before = _word_before(text, run.start())
        titled = before is not None and _title(before, titles)
        if " " not in word and not titled:
            # the common case, fast: one capitalised common word ("The", "But") is no name
            # unless a title stands before it
            if word not in plain:
                bare = _CONTRACTION.sub("", word.lower().rstrip(".")).strip("'’")
                plain[word] = (bare in common or len(bare) < 3) and not (known and known(word))
            if plain[word]:
                continue
        tokens = [(m.start(), m.end(), m.group()) for m in _NAME_TOKEN.finditer(text, *run.span())]
        for part in _split_at_calendar(tokens):
            name = _name_of(text, part, titled, titles, common, known, org_nouns)
            if name is not None:
                found.append(name)
            titled = False
    return found


_CAP = r"(?:(?:[A-Z]\.){2,}|[A-Z\u00C0-\u00DE][\w'’\-.]*|@\w+)"
_RUN = re.compile(rf"{_CAP}(?: (?:(?:{'|'.join(sorted(_CONNECTORS))}) )?{_CAP})*")


def _word_before(text: str, start: int) -> str | None:
    """The word (a run of non-space characters) that ends, one or more spaces away, where
    ``text[start]`` begins, looked for in the 40 characters before it; the result of
    ``re.search(r"(\\S+)[ ]+$", text[start - 40 : start])``, without trying every position of
    the window."""
    low = max(start - 40, 0)
    end = start - 1 if start > low and text[start - 1] == "\n" else start  # $ before a "\n"
    window = text[low:end]
    stripped = window.rstrip(" ")
    if len(stripped) == len(window) or not stripped or stripped[-1].isspace():
        return None
    return stripped.rsplit(None, 1)[-1]


_INITIAL_STOP = re.compile(r"(?:^|[\s.])[A-Z]\.$")
_POSSESSIVE = re.compile(r"['’]s?$")
_CONTRACTION = re.compile(r"['’](?:s|re|ve|ll|d|m|t)$")


def _split_at_calendar(tokens: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """A run cut at day and month names ("Putin Monday" is two things) and after a word
    whose full stop ends a sentence ("in America. Breitbart"), not an abbreviation's ("Sen.",
    "U.S.", "J.")."""
    parts: list[list[tuple[int, int, str]]] = [[]]
    for token in tokens:
        word = token[2]
        if word.lower().rstrip(".") in _CALENDAR:
            parts.append([])
            continue
        parts[-1].append(token)
        if word.endswith(".") and len(word) > 4 and "." not in word[:-1]:
            parts.append([])
    return [p for p in parts if p]


def _name_of(
    text: str,
    run: list[tuple[int, int, str]],
    titled: bool,
    titles: frozenset[str],
    common: frozenset[str],
    known: Callable[[str], bool] | None,
    org_nouns: frozenset[str],
) -> tuple[int, int, str, bool] | None:
    # titles inside the run ("Russian Deputy Foreign Minister Sergei Ryabkov") come off its
    # front, up to the last one, unless nothing would be left
    inner = [k for k, token in enumerate(run[:-1]) if _title(token[2], titles)]
    rest = run[inner[-1] + 1 :] if inner else run
    org_rest = len(rest) == 1 and rest[0][2].lower().rstrip(".") in org_nouns
    if inner and not org_rest:  # but "Republican Party" stays whole
        titled = True
        run = rest
    while run and run[-1][2] in _CONNECTORS:
        run = run[:-1]
    while len(run) > 1 and _plain_word(run[0][2], common):
        run = run[1:]  # "The Defence Intelligence", "But Moscow"
    if not run:
        return None
    name = text[run[0][0] : run[-1][1]]
    if len(run) == 1 and not titled:  # most runs: one capitalised word, often a sentence start
        word = _CONTRACTION.sub("", name.lower().rstrip(".")).strip("'’")
        if (word in common or word in titles or len(word) < 3) and not (known and known(name)):
            return None
    if not _INITIAL_STOP.search(name):  # keep the stop of "D.C." and "Jr."
        name = name.rstrip(".")
    name = _POSSESSIVE.sub("", name)  # "Hillary Clinton's"
    words = name.split()
    if len(words) == 1 and "-" in words[0] and words[0].rsplit("-", 1)[1].islower():
        return None  # "Russian-backed", "US-led": adjectives
    if len(words) == 1 and not titled and not (known and known(words[0])):
        lowered = _CONTRACTION.sub("", words[0].lower()).strip("'’")
        if lowered in common or lowered in titles or len(lowered) < 3:
            return None
    if all(w.lower() in titles for w in words):
        return None
    return (run[0][0], run[0][0] + len(name), name, titled)


MENTION_COLUMNS = (
    Column("article_id", "string", "Article the name is in."),
    Column("outlet", "string", "Outlet of that article."),
    Column("sentence_id", "int64", "Sentence the name is in."),
    Column("start", "int64", "Offset of the name's first character in the article's `text`."),
    Column("end", "int64", "Offset one past its last character."),
    Column("mention", "string", "The name as written (titles left out)."),
    Column("actor", "string", "Canonical actor from the registry; empty when it is unknown."),
    Column("actor_group", "string", "The actor's group from the registry; empty when unknown."),
    Column("titled", "boolean", "A title stood before it (Sen., spokesman): a person."),
    Column("in_quote", "boolean", "The name lies inside a quotation (somebody else's words)."),
    Column(
        "pronoun",
        "boolean",
        "A pronoun (`he`, `she`, `it`, `they`) that the attribution resolved to this registered "
        "speaker (`quotes.mention`), not a name.",
    ),
)


def _mentions(given: AnnotatorInput) -> Annotation:
    registry = registry_of(given.data)
    titles = frozenset(given.data.lines("person_titles.txt"))
    org_nouns = given.data.word_lists("attribution_words.csv").get("org_nouns", frozenset())

    def known(word: str) -> bool:
        return registry.actor(word) is not None

    places = SpanPlaces(given)
    order = {a: k for k, a in enumerate(given.articles["article_id"])}
    rows = []
    for article_id, outlet, text in given.articles[["article_id", "outlet", "text"]].itertuples(
        index=False
    ):
        names = find_names(text, titles, known, org_nouns)
        if not names:
            continue
        sentence_ids, inside = places.place(article_id, [n[0] for n in names])
        for (start, end, name, titled), quoted, sentence_id in zip(
            names, inside, sentence_ids, strict=True
        ):
            actor = registry.actor(name)
            if actor is None and len(name.split()) > 1:
                actor = registry.within(name)
                if actor is not None and registry.other_person(name, actor):
                    actor = None  # Hunter Biden is not Joe Biden

            rows.append(
                (
                    article_id,
                    outlet,
                    int(sentence_id),
                    start,
                    end,
                    name,
                    actor.name if actor else "",
                    actor.group if actor else "",
                    titled,
                    bool(quoted),
                    False,
                )
            )
    rows += _pronoun_rows(given.spans["quotes"], registry, places)
    rows.sort(key=lambda row: (order[row[0]], row[3]))
    frame = pd.DataFrame(rows, columns=[c.name for c in MENTION_COLUMNS])
    return Annotation(spans={"mentions": conform(frame, MENTION_COLUMNS)})


def _pronoun_rows(quotes: pd.DataFrame, registry: Registry, places: SpanPlaces) -> list[tuple]:
    """Mentions by pronoun: the *he* of "he said" where the attribution resolved it to a
    registered actor (once per pronoun, however many quotations it attributes)."""
    resolved = quotes[
        quotes["mention"].str.lower().isin(_PRONOUN_WORDS)
        & (quotes["speaker"] != "")
        & (quotes["mention_start"] >= 0)
    ].drop_duplicates(["article_id", "mention_start"])
    rows = []
    for (article_id, outlet), part in resolved.groupby(["article_id", "outlet"], sort=False):
        starts = part["mention_start"].astype(int).tolist()
        sentence_ids, inside = places.place(article_id, starts)
        for (mention, speaker), start, quoted, sentence_id in zip(
            part[["mention", "speaker"]].itertuples(index=False, name=None),
            starts,
            inside,
            sentence_ids,
            strict=True,
        ):
            actor = registry.actor(speaker)
            if actor is None:
                continue  # a speaker the registry does not know has no actor to speak of
            rows.append(
                (
                    article_id,
                    outlet,
                    int(sentence_id),
                    start,
                    start + len(mention),
                    mention,
                    actor.name,
                    actor.group,
                    False,
                    bool(quoted),
                    True,
                )
            )
    return rows


_PRONOUN_WORDS = ("he", "she", "it", "they")


MENTIONS = Annotator(
    name="mentions",
    function=_mentions,
    spans=(
        SpanTable(
            "mentions",
            MENTION_COLUMNS,
            "a name in the text: a registered actor's alias or an unknown capitalised name",
        ),
    ),
    requires=("quote_marks", "quotes"),
    data_files=("actors.csv", "person_titles.txt", "attribution_words.csv"),
    version="3",
)
