"""Hostile text inside articles and their metadata: one enormous word, invisible characters,
mathematics and links where names should be.

Each case was a reproduction of the attack run of issue 23: a 100,000-letter word took 5 GB,
a 9 MB one was killed at 23.7 GB; a right-to-left override in an outlet name reached the
report 13 times; an outlet named like a TeX formula ended the run as "a bug in framing".
"""

from __future__ import annotations

import json
import random

import pandas as pd
import pytest

import framing
from framing.prepare.repair import MAX_GLUED_CHARS, find_glued_words, zipf
from framing.tokens import MAX_CACHED_CHARS, normalize_term, one_line
from tests.conftest import BODY
from tests.test_hostile_input import limited

pytestmark = pytest.mark.hostile  # issue 23's hostile-input suite: pytest -m hostile


def random_letters(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))


def test_one_enormous_word_loads_within_the_memory_limit(make_corpus):
    """Before: 5.2 GB for 100,000 letters (every prefix and suffix looked up and cached)."""
    root = make_corpus(
        {
            "a/long.txt": f"A title\nThe word is {random_letters(300_000)} and then {BODY}",
            "a/ok.txt": f"Title\n{BODY}",
            "b/ok.txt": f"Title\n{BODY} Another sentence here.",
        }
    )
    result = limited("validate", "-q", str(root))
    assert result.returncode == 0, result.stderr
    assert "a              2" in result.stdout


def test_glued_word_repair_skips_overlong_tokens_and_caches_only_short_ones():
    long_word = "Russiais" + random_letters(MAX_GLUED_CHARS)
    text = f"Russia said it. {long_word} now; thatRussiawas"
    assert [r.replacement for r in find_glued_words(text)] == ["that Russia was"]
    for cached, word in ((zipf, "Russiais" * 2_000), (normalize_term, "X" * 10_000)):
        size = cached.cache_info().currsize
        cached(word)
        assert cached.cache_info().currsize == size  # computed, not kept
    assert normalize_term("X" * (MAX_CACHED_CHARS + 1)) == "x" * (MAX_CACHED_CHARS + 1)


INVISIBLE_OUTLET = "Bad\u202e gnp.exe\u200b News"
MATH_OUTLET = "Bad $\\frac{$ outlet"


def test_metadata_is_cleaned_like_text_and_links_from_data_are_inert(tmp_path):
    """Before: U+202E reached report.md 13 times and keyness.csv 48 times; an outlet named
    ``$\\frac{$`` ended the run with 'ValueError: \\frac{ (this is a bug in framing ...)'."""
    body = f"{BODY} Read more at http://evil.example/x or www.evil.example or ask x@evil.example."
    rows = [
        {"outlet": INVISIBLE_OUTLET, "title": "T\u202e one http://evil.example", "text": body},
        {"outlet": INVISIBLE_OUTLET, "title": "T\u2066 two\u2069", "text": body + " Two."},
        {"outlet": MATH_OUTLET, "title": "Three\u200b", "text": body + " Three."},
        {"outlet": MATH_OUTLET, "title": "Four\u00ad", "text": body + " Four."},
        {"outlet": "Plain", "title": "Five", "text": body + " Five."},
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    result = framing.analyze(path)
    out = result.write(tmp_path / "out", timestamp="fixed")
    assert sorted(result.corpus.articles["outlet"].unique()) == [
        MATH_OUTLET,
        "Bad gnp.exe News",
        "Plain",
    ]
    assert list(result.corpus.articles["title"]) == [
        "T one http://evil.example",
        "T two",
        "Three",
        "Four",
        "Five",
    ]
    written = [out / "report.md", *(out / "data").glob("*.csv")]
    for file in written:
        text = file.read_text(encoding="utf-8")
        assert not any(ch in text for ch in "\u202e\u2066\u2069\u200b\u00ad"), file.name
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "http://" not in report and "www.evil" not in report and "x@evil" not in report
    assert "http&#58;//evil.example" in report
    assert sorted(p.name for p in (out / "figures").glob("*.png"))  # the figures were drawn
    log = pd.read_csv(out / "data" / "log.csv")
    assert "bug" not in " ".join(log["detail"].astype(str))


def test_one_line_is_what_every_metadata_field_goes_through():
    assert one_line("\u202eRT\u200b\n\tNews\x1b[31m ") == "RT News[31m"
