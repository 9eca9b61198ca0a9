"""Naming at scale: a list of 50,000 variants is looked up word by word with the result of the one
alternation it replaces; spelling pairs are found without comparing every pair of names."""

from __future__ import annotations

import random
import re
import time
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nltk.metrics.distance import edit_distance
from rapidfuzz.distance import DamerauLevenshtein

from framing.annotate import DEFAULT_ANNOTATORS, annotate
from framing.annotate import naming as naming_annotator
from framing.annotate.naming import _flexible, _fold, variants_from_records
from framing.compare import naming as naming_compare
from framing.errors import ConfigError

pytestmark = pytest.mark.hostile  # issue 23's hostile-input suite: pytest -m hostile

# what variants and texts are made of: names and their pieces, every apostrophe, hyphen and
# space the matching treats alike, and the characters re.IGNORECASE takes as one (İ/i, ı/i, ſ/s)
PIECES = ["Kiev", "KIEV", "kiev", "pro", "U.S.", "ISIS", "İ", "ı", "ſ", "s", "i", "K", "ß", "ς"]
PIECES += list(" \n\t'’-‐–.#()_1") + ["  ", "Russian-backed", "people’s"]


def reference(records: list[dict[str, str]], text: str) -> list[tuple[int, int, str, str, str]]:
    """The rule as it was written before the index: one case-insensitive alternation over every
    variant, longest first, whole words."""
    concepts = {_fold(r["variant"]): (r["concept"], r["variant"].strip(), "label") for r in records}
    if not concepts:
        return []
    ordered = sorted(concepts, key=lambda key: (-len(key), key))
    body = "|".join(f"(?P<v{k}>{_flexible(v)})" for k, v in enumerate(ordered))
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    return [
        (m.start(), m.end(), *concepts[ordered[int(m.lastgroup[1:])]])
        for m in pattern.finditer(text)
    ]


@given(
    variants=st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=4), max_size=8),
    text=st.lists(st.sampled_from(PIECES), max_size=40),
)
def test_the_index_finds_what_the_alternation_found(variants, text):
    records = [
        {"concept": f"c{k}", "variant": "".join(v), "kind": "label"}
        for k, v in enumerate(variants)
        if re.search(r"\w", "".join(v))
    ]
    try:
        found = variants_from_records(records)
    except ConfigError:  # a variant under two concepts (folded alike): refused by both
        return
    text = "".join(text)
    assert found.find(text) == reference(records, text)


def test_fifty_thousand_variants_in_seconds():
    rng = random.Random(0)
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = sorted({"".join(rng.choices(letters, k=7)).capitalize() for _ in range(60_000)})
    names = names[:50_000]
    records = [
        {"concept": f"c{k // 2}", "variant": n, "kind": "spelling"} for k, n in enumerate(names)
    ]
    records += [
        {"concept": "groups", "variant": "separatists", "kind": "label"},
        {"concept": "groups", "variant": "Russian-backed separatists", "kind": "label"},
    ]
    text = (" ".join(rng.choices(names, k=2000)) + " and Russian‑backed separatists. ") * 2
    start = time.perf_counter()
    found = variants_from_records(records).find(text)
    took = time.perf_counter() - start
    assert len(found) == 4002
    assert found[2000][2:4] == ("groups", "Russian-backed separatists")
    others = found[:2000] + found[2001:4001]
    assert [text[begin:end] for begin, end, *_ in others] == [variant for *_, variant, _ in others]
    assert took < 30  # the alternation took minutes for a few kilobytes


def test_a_variant_without_a_word_is_refused():
    with pytest.raises(ConfigError, match=r"^naming.csv: variant '…' has no letter or digit$"):
        variants_from_records([{"concept": "x", "variant": "…", "kind": "label"}])


def test_a_list_past_the_limit_is_refused_naming_the_file(monkeypatch, make_corpus):
    import framing

    rows = "".join(f"concept {k},Name{k},spelling,\n" for k in range(30))
    root = make_corpus(
        {
            "a/1.txt": "Title one\nOfficials in Kiev said on Monday that talks would go on "
            "for another week at least, according to the ministry statement.",
            "lexicons/naming.csv": "concept,variant,kind,type\n" + rows,
        }
    )
    corpus = framing.load_corpus(root)
    lexicons = root / "lexicons"
    monkeypatch.setattr(naming_annotator, "MAX_VARIANTS", 80)
    with pytest.raises(ConfigError) as error:
        annotate(
            corpus.articles,
            corpus.sentences,
            DEFAULT_ANNOTATORS,
            overrides=root / "lexicons",
            jobs=1,
        )
    assert str(error.value).startswith(f"{lexicons / 'naming.csv'}: ")
    assert "variants, more than a naming list holds (at most 80)" in str(error.value)


def _all_pairs(names: dict[str, object]) -> list[tuple[str, str, int]]:
    """The rule as it was first written: every pair with the same first letter, by NLTK's edit
    distance; ordered by first letter (as first seen in sorted order: *İ*, whose lower case is
    two letters, after *Z*), then by sorted position."""
    found = []
    ranked = sorted(names)
    by_letter: dict[str, list[str]] = {}
    for name in ranked:
        by_letter.setdefault(name.lower()[0], []).append(name)
    letters = list(dict.fromkeys(name[0].lower() for name in ranked))
    position = {name: (letters.index(name[0].lower()), k) for k, name in enumerate(ranked)}
    for group in by_letter.values():
        for a, b in combinations(group, 2):
            if abs(len(a) - len(b)) > 2:
                continue
            distance = edit_distance(a.lower(), b.lower(), transpositions=True)
            if not 0 < distance <= 2 or 2 * distance > max(len(a), len(b)):
                continue
            if distance == 2 and a[-1].lower() != b[-1].lower():
                continue
            if naming_compare._different_words(a, b):
                found.append((a, b, distance))
    return sorted(found, key=lambda pair: (position[pair[0]], position[pair[1]]))


@given(st.text("abcdeʼ’İı", max_size=9), st.text("abcdeʼ’İı", max_size=9))
def test_rapidfuzz_damerau_levenshtein_is_nltks_edit_distance(a, b):
    assert DamerauLevenshtein.distance(a, b) == edit_distance(a, b, transpositions=True)


def test_spelling_pairs_are_those_of_every_pair():
    rng = random.Random(1)
    base = ["Donbas", "Kiev", "Sergei", "Lugansk", "Zelensky", "Erdogan", "Navalny", "Mnuchin"]
    names = set(base)
    for word in base * 30:  # one or two edits each: substitutions, deletions, transpositions
        chars = list(word)
        for _ in range(rng.randint(1, 2)):
            k = rng.randrange(1, len(chars))
            move = rng.choice("sdt")
            if move == "s":
                chars[k] = rng.choice("aeiouykhs")
            elif move == "d" and len(chars) > 5:
                del chars[k]
            elif k + 1 < len(chars):
                chars[k], chars[k + 1] = chars[k + 1], chars[k]
        names.add("".join(chars))
    table = dict.fromkeys(names)
    pairs = list(naming_compare._pairs(table))
    assert pairs == _all_pairs(table)
    assert len(pairs) > 100


def test_spelling_pairs_of_unusual_letters_and_transpositions_far_apart():
    """Transpositions with a letter between (Damerau-Levenshtein, not the restricted kind),
    capitals and letters whose lower case is longer (İ), names of other first letters."""
    names = ["Abcde", "Acbde", "Abdce", "Bacde", "Adcbe", "Ivanov", "İvanov", "Ivanova", "Caedb"]
    names += ["Cadeb", "Cbade", "Ceadb", "Zelensky", "Zelenskyy", "Zelenskiy", "Zelinsky"]
    table = dict.fromkeys(names)
    assert list(naming_compare._pairs(table)) == _all_pairs(table)
    assert ("Zelensky", "Zelenskyy", 1) in _all_pairs(table)
    assert ("Ivanov", "İvanov", 1) in _all_pairs(table)


def test_a_name_of_thousands_of_letters_is_not_paired():
    long_name = "K" + "a" * 5000
    table = dict.fromkeys([long_name, long_name + "b", "Kiev", "Kyiv"])
    assert list(naming_compare._pairs(table)) == [("Kiev", "Kyiv", 2)]
