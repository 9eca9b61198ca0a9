"""Naming: variants found on whole words, counted per outlet; spellings nobody listed discovered."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import framing
from framing.annotate.naming import variants_from_records
from framing.compare.naming import naming_candidates
from framing.errors import ConfigError
from tests.conftest import ROOT

RECORDS = [
    {"concept": "Kyiv", "variant": "Kyiv", "kind": "spelling"},
    {"concept": "Kyiv", "variant": "Kiev", "kind": "spelling"},
    {"concept": "groups", "variant": "separatists", "kind": "label"},
    {"concept": "groups", "variant": "Russian-backed separatists", "kind": "label"},
    {"concept": "republics", "variant": "people's republics", "kind": "label"},
]


def test_variants_match_whole_words_longest_first():
    variants = variants_from_records(RECORDS)
    text = (
        "Kiev's mayor and Kiev-based aides met Kievan scholars; Russian‑backed separatists "
        "and separatists of the people’s republics."
    )
    found = [(text[s:e], concept, variant) for s, e, concept, variant, _ in variants.find(text)]
    assert found == [
        ("Kiev", "Kyiv", "Kiev"),
        ("Kiev", "Kyiv", "Kiev"),
        ("Russian‑backed separatists", "groups", "Russian-backed separatists"),
        ("separatists", "groups", "separatists"),
        ("people’s republics", "republics", "people's republics"),
    ]


def test_a_variant_under_two_concepts_is_an_error():
    with pytest.raises(ConfigError, match="'Kiev' is listed under two concepts"):
        variants_from_records([*RECORDS, {"concept": "city", "variant": "Kiev", "kind": "label"}])


@pytest.fixture(scope="module")
def seed_result():
    return framing.analyze(ROOT / "corpus")


def test_seed_naming_per_outlet_with_quotes_and_examples(seed_result):
    naming = seed_result.tables["naming"].set_index(["concept", "variant", "outlet"])
    assert naming.loc[("Kyiv", "Kiev", "RT"), ["count", "share"]].tolist() == [6, 1.0]
    assert naming.loc[("Kyiv", "Kyiv", "SOFREP"), "count"] == 2
    assert naming.loc[("Donbas", "Donbas", "SOFREP"), ["count", "quoted"]].tolist() == [5, 2]
    sergei = naming.loc[("Sergei (first name)", "Sergei", "The Hill")]
    assert (sergei["count"], sergei["concept_count"], sergei["share"]) == (1, 2, 0.5)
    # the example sentence holds the variant
    row = naming.loc[("Luhansk", "Lugansk", "RT")]
    sentences = seed_result.sentences.set_index(["article_id", "sentence_id"])["text"]
    assert "Lugansk" in sentences[(row["example_article_id"], row["example_sentence_id"])]


def test_discovery_finds_the_spelling_pairs_nobody_listed(seed_result):
    found = naming_candidates(seed_result.sentences, seed_result.articles, listed=set())
    pairs = found[["variant_a", "variant_b"]].values.tolist()
    assert pairs == [
        ["Kiev", "Kyiv"],
        ["Lugansk", "Luhansk"],
        ["Donbas", "Donbass"],
        ["Sergei", "Sergey"],
    ]
    assert found["outlets_a"].iloc[0] == "RT (6)"
    assert found["outlets_b"].iloc[0] == "SOFREP (2); The Hill (1)"
    # listed pairs are not proposed again
    assert (
        naming_candidates(seed_result.sentences, seed_result.articles, {"kiev", "kyiv"}).shape[0]
        == 3
    )


def test_without_the_seeds_own_naming_file_sergei_is_proposed(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "lexicons" / "naming.csv").unlink()
    result = framing.analyze(corpus)
    candidates = result.tables["naming_candidates"]
    assert candidates[["variant_a", "variant_b"]].values.tolist() == [["Sergei", "Sergey"]]
    assert "Naming" in result.report(timestamp="T")


def test_common_words_and_inflections_are_not_candidates():
    sentences = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "outlet": ["X", "Y", "X", "Y"],
            "sentence_id": [0, 0, 0, 0],
            "text": [
                "Officials in Iran met. Russian troops left.",
                "Officials in Iraq met. Russians troops left.",
                "Then Donbass shelling went on, said Kiev.",
                "Then Donbas shelling went on, said Kyiv.",
            ],
        }
    )
    articles = pd.DataFrame({"article_id": list("abcd"), "outlet": list("XYXY")})
    found = naming_candidates(sentences, articles, set())
    assert found[["variant_a", "variant_b"]].values.tolist() == [
        ["Donbas", "Donbass"],
        ["Kiev", "Kyiv"],
    ]


def test_prefixes_and_unusual_capitals_still_match():
    variants = variants_from_records(RECORDS + [{"concept": "IS", "variant": "ISIS"}])
    found = [(v, c) for _, _, c, v, _ in variants.find("İSIS and pro-Kiev forces; anti-ISIS")]
    assert found == [("ISIS", "IS"), ("Kiev", "Kyiv"), ("ISIS", "IS")]


def test_a_corpus_row_removes_a_packaged_variant_whatever_its_case(make_corpus):
    root = make_corpus(
        {
            "a/1.txt": "Title one\nOfficials in Kiev said on Monday that talks would go on "
            "for another week at least, according to the ministry statement.",
            "lexicons/naming.csv": "concept,variant,kind,type\nKyiv,kiev,spelling,remove\n",
        }
    )
    result = framing.analyze(root)
    assert "Kiev" not in set(result.tables["naming"]["variant"])


def test_report_escapes_names_once(seed_result):
    from framing.render.sections.naming import _summary

    wide = pd.DataFrame({"Kiev": [2]}, index=["Outlet_A & Co"])
    assert str(_summary(wide)) == "Outlet\\_A &amp; Co (2 of 2): mostly *Kiev*."


def test_in_a_large_corpus_spellings_must_keep_the_same_company(monkeypatch):
    import framing.compare.naming as naming

    monkeypatch.setattr(naming, "LARGE_CORPUS", 2)
    monkeypatch.setattr(naming, "BUSY_NAMES", 0)
    sentences = pd.DataFrame(
        {
            "article_id": list("abcd"),
            "outlet": list("XYXY"),
            "sentence_id": [0] * 4,
            "text": [
                "Then Sergei Lavrov spoke, and Manchin voted.",
                "Then Sergey Lavrov spoke, and Mnuchin answered.",
                "Later Sergei Lavrov left; Joe Manchin stayed.",
                "Later Sergey Lavrov left; Steven Mnuchin stayed.",
            ],
        }
    )
    articles = pd.DataFrame({"article_id": list("abcd"), "outlet": list("XYXY")})
    found = naming_candidates(sentences, articles, set())
    # Sergei and Sergey are both followed by Lavrov; Manchin and Mnuchin share no name
    assert found[["variant_a", "variant_b"]].values.tolist() == [["Sergei", "Sergey"]]
