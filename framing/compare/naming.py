"""Naming: who says *Kiev* and who *Kyiv*; and spellings nobody has listed yet.

- ``naming``: per concept × variant × outlet, how often the outlet uses the variant (and how
  often inside quotations), its share of the outlet's naming of the concept, with the sample size
  and an example sentence.
- ``naming_candidates``: pairs of capitalised names spelled almost alike that no ``naming.csv``
  lists, for the user to confirm (and add to ``lexicons/naming.csv``). The rule:

  1. names: tokens written with a capital (not only at a sentence's start: the lower-case form
     is at most a tenth as common), at least 4 letters, possessives removed;
  2. a pair starts with the same letter and is one edit apart (the Damerau-Levenshtein
     distance, with transpositions: *Sergei*/*Sergey*, *Donbas*/*Donbass*), or two edits apart
     with the same last letter (*Kiev*/*Kyiv*), never more than half the longer name;
  3. not two inflections of one word (the same Snowball stem: *Russian*/*Russians*), and not two
     common English words (both with a wordfreq Zipf frequency of at least 3.9, or such a word
     with an *s* added: *Iran*/*Iraq*, *John*/*Joan*, *Russian*/*Russias*);
  4. not both listed already, and written differently by the outlets: some outlet writes one and
     not the other;
  5. in a large corpus (``LARGE_CORPUS`` articles or more), where many different people share
     near-identical names (*Manchin*, *Mnuchin*), also: neither name is a common English word,
     the two meet in at most half the articles of the rarer, and they keep the same company: a
     name right before or after them in common, other than the corpus's 50 commonest (*Sergei*
     and *Sergey Lavrov*, *Recep Tayyip Erdogan* and *Erdoğan*).

Pairs with one spelling already listed come first (a new spelling of a known name), then those
whose rarer spelling is most used.

In a corpus of ``CONTEXT_CORPUS`` articles or more, labels are proposed too (``method``
``context``): terms used in the same contexts but by different outlets (*illegal immigrants*,
*undocumented immigrants*), by the rule in :mod:`framing.compare.naming_context`. They follow the
spellings, the most telling first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import cdist

from ..schema import NAMING_CANDIDATE_COLUMNS, NAMING_COLUMNS, body_rows, conform
from ..stats import group_sizes
from ..tokens import snowball_stem
from .base import CompareInput, CompareOutput, Comparison
from .naming_context import BodyTokens, context_pairs, outlet_split, preferring_outlets
from .vectorize import stop_words

__all__ = ["naming_table", "naming_candidates", "NAMING"]

COMMON_ZIPF = 3.9
"""Two names both at least this common in English are different words (Iran, Iraq)."""
MAX_NAMES = 5000
"""Only the most frequent capitalised names are paired."""
MAX_NAME_LETTERS = 40
"""Longer capitalised tokens are not paired: no name is that long, and a token of thousands of
letters (a glued run of text) would cost millions of steps per comparison (see ``_pairs``)."""
LARGE_CORPUS = 1000
"""From this many articles, rule 5 applies too."""
SHARED_NEIGHBOURS = 1
"""Distinct neighbouring names two spellings of one name must share in a large corpus."""
CONTEXT_CORPUS = LARGE_CORPUS
"""From this many articles, terms used in the same contexts by different outlets are proposed."""
BUSY_NAMES = 50
"""The corpus's commonest names, which do not count as shared company (rule 5)."""


@lru_cache(maxsize=1)
def _plain() -> frozenset[str]:
    """Words that are no company a name keeps: stop words, "said", short titles."""
    return stop_words() | {"said", "says", "mr", "mrs", "ms", "sen", "rep", "gov"}


def naming_table(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Counts, shares and an example per concept × variant × outlet (``NAMING_COLUMNS``)."""
    columns = [c.name for c in NAMING_COLUMNS]
    if mentions.empty:
        return conform(pd.DataFrame(columns=columns), NAMING_COLUMNS)
    frame = mentions.assign(in_quote=mentions["in_quote"].fillna(False).astype(bool))
    keys = ["concept", "variant", "outlet"]
    grouped = frame.groupby(keys, sort=True)
    table = grouped.agg(
        count=("article_id", "size"),
        articles=("article_id", "nunique"),
        quoted=("in_quote", "sum"),
        kind=("kind", "first"),
    ).reset_index()
    totals = frame.groupby(["concept", "outlet"]).size().rename("concept_count")
    table = table.join(totals, on=["concept", "outlet"])
    table["share"] = table["count"] / table["concept_count"]
    sizes = group_sizes(articles, "outlet")
    table["outlet_articles"] = table["outlet"].map(sizes["n_articles"]).fillna(0).astype("int64")
    table["small_sample"] = table["outlet"].map(sizes["small_sample"]).fillna(True).astype(bool)
    # the example: in the outlet's own words when it has such a use, else a quoted one
    first = frame.sort_values(["in_quote", "article_id", "sentence_id"], kind="stable")
    examples = first.drop_duplicates(keys).set_index(keys)[["article_id", "sentence_id"]]
    examples.columns = ["example_article_id", "example_sentence_id"]
    table = table.join(examples, on=keys)
    return conform(table[columns], NAMING_COLUMNS)


def naming_candidates(
    sentences: pd.DataFrame, articles: pd.DataFrame, listed: set[str]
) -> pd.DataFrame:
    """Pairs of names spelled almost alike that no list has, by the rule in the module docstring;
    in a large corpus, then, terms used in the same contexts by different outlets.

    ``listed``: the variants the naming lists already hold (lower case). The body's sentences
    are tokenised once, for both."""
    columns = [c.name for c in NAMING_CANDIDATE_COLUMNS]
    body = body_rows(sentences)
    tokens = BodyTokens(body["text"])
    found = [_spelling_pairs(body, tokens, articles, listed)]
    if articles["article_id"].nunique() >= CONTEXT_CORPUS:
        dates = articles.set_index("article_id")["date"] if "date" in articles else None
        labels = context_pairs(sentences, listed, dates, tokens)
        if not labels.empty:
            labels["distance"] = [
                DamerauLevenshtein.distance(a, b)
                for a, b in zip(labels["variant_a"], labels["variant_b"], strict=True)
            ]
            spelled = (
                {
                    frozenset(p)
                    for p in found[0][["variant_a", "variant_b"]].apply(
                        lambda r: (r.iloc[0].lower(), r.iloc[1].lower()), axis=1
                    )
                }
                if not found[0].empty
                else set()
            )
            again = [
                frozenset(p) in spelled
                for p in zip(labels["variant_a"], labels["variant_b"], strict=True)
            ]
            found.append(labels.loc[~np.array(again, dtype=bool), columns])
    found = [f for f in found if not f.empty]
    if not found:
        return conform(pd.DataFrame(columns=columns), NAMING_CANDIDATE_COLUMNS)
    table = pd.concat(found, ignore_index=True)
    return conform(table, NAMING_CANDIDATE_COLUMNS)


def _spelling_pairs(
    body: pd.DataFrame, tokens: BodyTokens, articles: pd.DataFrame, listed: set[str]
) -> pd.DataFrame:
    """Rules 1 to 5's pairs, known names first, then the most used (``body``: the body's
    sentences, ``tokens``: theirs)."""
    names = _names(body, tokens)
    large = articles["article_id"].nunique() >= LARGE_CORPUS
    # the corpus's commonest names (Trump, House) keep company with everybody: no evidence
    busy = set(sorted(names, key=lambda t: -names[t].count)[:BUSY_NAMES])
    rows = []
    for a, b, distance in _pairs(names):
        if a.lower() in listed and b.lower() in listed:
            continue
        in_a, in_b = names[a], names[b]
        if not _written_differently(in_a, in_b):
            continue
        if large and not _alike_in_a_large_corpus(a, b, in_a, in_b, busy):
            continue
        rows.append({**_spelling_row(a, b, in_a, in_b), "distance": distance})
        rows[-1]["_known"] = (a.lower() in listed) or (b.lower() in listed)
    if not rows:
        return pd.DataFrame()
    frame = pd.DataFrame(rows)
    frame["_least"] = frame[["count_a", "count_b"]].min(axis=1)
    frame = frame.sort_values(
        ["_known", "_least", "variant_a", "variant_b"], ascending=[False, False, True, True]
    )
    return frame[[c.name for c in NAMING_CANDIDATE_COLUMNS]].reset_index(drop=True)


def _spelling_row(a: str, b: str, in_a: _Name, in_b: _Name) -> dict:
    outlets = sorted(set(in_a.outlets) | set(in_b.outlets))
    per_a = np.array([len(in_a.outlet_articles[o]) for o in outlets])
    per_b = np.array([len(in_b.outlet_articles[o]) for o in outlets])
    return {
        "variant_a": a,
        "variant_b": b,
        "method": "spelling",
        "similarity": float("nan"),
        "outlet_split": outlet_split(per_a, per_b),
        "count_a": in_a.count,
        "count_b": in_b.count,
        "outlets_a": _outlets(in_a.outlets),
        "outlets_b": _outlets(in_b.outlets),
        "prefer_a": preferring_outlets(per_a, per_b, outlets),
        "prefer_b": preferring_outlets(per_b, per_a, outlets),
        "both_articles": len(in_a.articles & in_b.articles),
        "example_a_article_id": in_a.example[0],
        "example_a_sentence_id": in_a.example[1],
        "example_b_article_id": in_b.example[0],
        "example_b_sentence_id": in_b.example[1],
    }


class _Name:
    """Where one capitalised name occurs."""

    def __init__(self) -> None:
        self.count = 0
        self.outlets: Counter[str] = Counter()
        self.articles: set[str] = set()
        self.outlet_articles: defaultdict[str, set[str]] = defaultdict(set)
        self.example: tuple[str, int] = ("", -1)
        self.neighbours: set[str] = set()


def _names(sentences: pd.DataFrame, tokens: BodyTokens | None = None) -> dict[str, _Name]:
    """Capitalised names (not only sentence-initial) with their counts, outlets and articles
    (``tokens``: the sentences read, when known).

    Rule 1 over arrays: each distinct word is classified once (capitalised, lower case, a
    possible neighbour), and only the occurrences of the names kept become sets and
    counters."""
    words = _Words(sentences, tokens)
    if not len(words.word):
        return {}
    kinds = _Kinds(words.vocabulary)
    capital = kinds.capital[words.word]
    count = np.bincount(words.word[capital], minlength=len(words.vocabulary))
    inner = np.bincount(words.word[capital & ~words.first], minlength=len(words.vocabulary))
    lower = np.bincount(words.word[kinds.lower[words.word]], minlength=len(words.vocabulary))
    lower_count = dict(zip(words.vocabulary, lower.tolist(), strict=True))
    kept = [
        k
        for k in np.flatnonzero(count).tolist()
        if len(words.vocabulary[k]) >= 4
        and inner[k]
        and lower_count.get(words.vocabulary[k].lower(), 0) * 10 <= count[k]
    ]
    kept.sort(key=lambda k: (-count[k], words.vocabulary[k]))
    return words.names(kept[:MAX_NAMES], capital, kinds.neighbour)


class _Words:
    """The sentences' words (``BodyTokens.words``: possessive ``'s`` off, letters only), flat:
    ``word`` (into ``vocabulary``), ``row`` (the sentence), ``first``/``last`` (the first or
    last such word of its sentence)."""

    def __init__(self, sentences: pd.DataFrame, tokens: BodyTokens | None = None) -> None:
        self.sentences = sentences
        if tokens is None:
            tokens = BodyTokens(sentences["text"])
        self.vocabulary = tokens.word_names
        self.word = tokens.words  # 4 bytes a word: a corpus has tens of millions
        self.row = np.repeat(np.arange(len(tokens.word_counts), dtype=np.int32), tokens.word_counts)
        change = self.row[1:] != self.row[:-1]
        self.first = np.r_[True, change] if len(self.row) else np.zeros(0, dtype=bool)
        self.last = np.r_[change, True] if len(self.row) else np.zeros(0, dtype=bool)

    def names(self, chosen: list[int], capital: np.ndarray, neighbour: np.ndarray) -> dict:
        """``_Name`` of each chosen word (in that order), from its capitalised uses."""
        rank = np.full(len(self.vocabulary), -1, dtype=np.int64)
        rank[chosen] = np.arange(len(chosen))
        at = np.flatnonzero(capital & (rank[self.word] >= 0))  # uses of a chosen name, in order
        rows = self.row[at]
        article_ids = self.sentences["article_id"].to_numpy(dtype=object)
        outlets = self.sentences["outlet"].to_numpy(dtype=object)
        sentence_ids = self.sentences["sentence_id"].to_numpy()
        found = {self.vocabulary[k]: _Name() for k in chosen}
        by_rank = list(found.values())
        for name_rank, row in zip(rank[self.word[at]].tolist(), rows.tolist(), strict=True):
            name = by_rank[name_rank]
            article_id, outlet = article_ids[row], outlets[row]
            if name.count == 0:
                name.example = (article_id, int(sentence_ids[row]))
            name.count += 1
            name.outlets[outlet] += 1
            name.articles.add(article_id)
            name.outlet_articles[outlet].add(article_id)
        for side, valid in ((-1, ~self.first[at]), (1, ~self.last[at])):
            near = self.word[at[valid] + side]
            useful = neighbour[near]
            ranks = rank[self.word[at[valid]]][useful]
            for name_rank, word in zip(ranks.tolist(), near[useful].tolist(), strict=True):
                by_rank[name_rank].neighbours.add(self.vocabulary[word])
        return found


class _Kinds:
    """What each distinct word is: ``capital`` (capitalised, the rest lower case: a possible
    name), ``lower`` (all lower case), ``neighbour`` (a capitalised word other than a stop word,
    company a name keeps)."""

    def __init__(self, vocabulary: pd.Index) -> None:
        plain = _plain()
        self.capital = np.array([w[:1].isupper() and w[1:].islower() for w in vocabulary])
        self.lower = np.array([w.islower() for w in vocabulary], dtype=bool) & ~self.capital
        self.neighbour = np.array(
            [len(w) > 1 and w[:1].isupper() and w.lower() not in plain for w in vocabulary],
            dtype=bool,
        )


def _pairs(names: dict[str, _Name]) -> Iterator[tuple[str, str, int]]:
    """Pairs spelled almost alike (rules 2 and 3), each once, in a stable order."""
    for a, b, distance in _close_pairs(names):
        if _different_words(a, b):
            yield a, b, distance


def _close_pairs(names: dict[str, _Name]) -> list[tuple[str, str, int]]:
    """Rule 2's pairs with their distance, ordered by first letter (as first seen in sorted
    order) and then by each name's sorted position.

    Every two names with the same first letter are compared, by RapidFuzz's Damerau-Levenshtein
    distance (the distance of NLTK's ``edit_distance(..., transpositions=True)``, in C: 5,000
    names are about a million pairs, a fraction of a second) cut off at two edits.
    ``benchmarks/check_naming_pairs.py`` shows that the pairs are those the NLTK distance gives
    on every name of the AllSides file."""
    ranked = sorted(names)
    letters = list(dict.fromkeys(name[0].lower() for name in ranked))
    position = {name: (letters.index(name[0].lower()), k) for k, name in enumerate(ranked)}
    groups: dict[str, list[str]] = defaultdict(list)
    for name in ranked:
        if len(name) <= MAX_NAME_LETTERS:
            groups[name.lower()[0]].append(name)
    found: list[tuple[str, str, int]] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        lower = [name.lower() for name in group]
        distances = cdist(lower, lower, scorer=DamerauLevenshtein.distance, score_cutoff=2)
        for i, j in zip(*np.nonzero(np.triu(distances <= 2, k=1)), strict=True):
            a, b, distance = group[i], group[j], int(distances[i, j])
            if _spelling_variant(a, b, distance):
                found.append((a, b, distance))
    found.sort(key=lambda pair: (position[pair[0]], position[pair[1]]))
    return found


def _spelling_variant(a: str, b: str, distance: int) -> bool:
    """Rule 2 on the edit distance of the two names in lower case."""
    if distance == 0 or 2 * distance > max(len(a), len(b)):
        return False
    return distance == 1 or (distance == 2 and a[-1].lower() == b[-1].lower())


def _different_words(a: str, b: str) -> bool:
    """Rule 3: not inflections of one word, not two common English words."""
    if snowball_stem(a.lower()) == snowball_stem(b.lower()):
        return False
    return not (_common(a) and _common(b))


def _common(word: str) -> bool:
    """A common English word, or one with an "s" added (``Russias``: a possessive that lost its
    apostrophe in extraction, not a spelling of its own)."""
    from wordfreq import zipf_frequency

    if zipf_frequency(word, "en") >= COMMON_ZIPF:
        return True
    return word.endswith("s") and zipf_frequency(word[:-1], "en") >= COMMON_ZIPF


def _written_differently(a: _Name, b: _Name) -> bool:
    """Rule 4: some outlet writes one and not the other."""
    only_a = any(o not in b.outlets for o in a.outlets)
    return only_a or any(o not in a.outlets for o in b.outlets)


def _alike_in_a_large_corpus(a: str, b: str, in_a: _Name, in_b: _Name, busy: set[str]) -> bool:
    """Rule 5: no common word, rarely in one article, a neighbouring name in common (not one of
    the corpus's commonest names)."""
    if _common(a) or _common(b):
        return False
    rarer = min(len(in_a.articles), len(in_b.articles))
    if 2 * len(in_a.articles & in_b.articles) > rarer:
        return False
    return len((in_a.neighbours & in_b.neighbours) - busy) >= SHARED_NEIGHBOURS


def _outlets(counts: Counter[str]) -> str:
    return "; ".join(f"{o} ({n})" for o, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))


def _naming(given: CompareInput) -> CompareOutput:
    mentions = given.spans["naming_mentions"]
    listed = set(mentions["variant"].str.lower()) | set(mentions["text"].str.lower())
    return CompareOutput(
        {
            "naming": naming_table(mentions, given.articles),
            "naming_candidates": naming_candidates(given.sentences, given.articles, listed),
        }
    )


NAMING = Comparison(
    "naming",
    ("naming", "naming_candidates"),
    _naming,
    requires=("naming_mentions",),
    reads=("naming_mentions",),
)
