"""Headlines are their own sentence rows: counted, searched, compared, listed in the report."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.compare import CompareOptions
from framing.compare.kwic import kwic
from framing.compare.lexical import compare_lexicon, headline_keyness
from framing.config import Config
from framing.errors import ConfigError

BODY = (
    "Officials met on Monday to discuss the budget and the schedule for the coming year. "
    "The meeting lasted three hours and ended without a formal statement from either side."
)


def _corpus(make_corpus, n: int = 5):
    files = {}
    for i in range(n):
        files[f"alpha/a{i}.txt"] = f"Crisis deepens as talks stall {i}\n{BODY} Item {i} alpha."
        files[f"beta/b{i}.txt"] = f"Talks resume after pause {i}\n{BODY} Item {i} beta."
    return framing.load_corpus(make_corpus(files))


def test_each_title_is_a_row_before_the_body(make_corpus):
    corpus = _corpus(make_corpus, 1)
    first = corpus.sentences.groupby("article_id").head(2)
    assert first[["sentence_id", "is_headline", "text"]].values.tolist()[:2] == [
        [-1, True, "Crisis deepens as talks stall 0"],
        [0, False, BODY.split(". ")[0] + "."],
    ]
    assert corpus.articles["n_sentences"].tolist() == [3, 3]  # the body's, not the headline


def test_headline_words_enter_keyness_unless_switched_off(make_corpus):
    corpus = _corpus(make_corpus)
    with_heads = compare_lexicon(corpus.articles, corpus.sentences)
    alpha = with_heads.keyness.query("group == 'alpha' and term == 'crisis'")
    assert alpha[["count_group", "articles_group"]].values.tolist() == [[5, 5]]
    without = compare_lexicon(
        corpus.articles, corpus.sentences, options=CompareOptions(headlines=False)
    )
    assert "crisis" not in set(without.keyness["term"])
    # diversity and readability measure the body either way
    assert with_heads.article_metrics["n_sentences"].tolist() == [3] * 10


def test_kwic_finds_headlines_and_can_leave_them_out(make_corpus):
    corpus = _corpus(make_corpus, 2)
    hits = kwic(corpus.sentences, "deepens")
    assert hits[["outlet", "sentence_id", "match"]].values.tolist() == [
        ["alpha", -1, "deepens"],
        ["alpha", -1, "deepens"],
    ]
    assert kwic(corpus.sentences, "deepens", headlines=False, unknown="empty").empty
    with pytest.raises(ConfigError, match="'deepens'"):
        kwic(corpus.sentences, "deepens", headlines=False)


def test_headline_keyness_compares_headlines_with_headlines(make_corpus):
    corpus = _corpus(make_corpus)
    table = headline_keyness(corpus.articles, corpus.sentences, CompareOptions())
    top = table[table["group"] == "alpha"].sort_values("z", ascending=False).iloc[0]
    assert top["comparison"] == "headlines: outlet vs rest"
    assert set(top["term"].split()) <= {"crisis", "deepens", "as", "talks", "stall"}
    assert (top["count_group"], top["count_rest"], top["n_words"]) == (5, 0, 30)
    assert top["z"] > 1.4  # five headlines against five: a lean, not yet a finding
    shared = table.query("group == 'alpha' and term == 'talks'")["z"]
    assert shared.abs().max() < 0.5  # both outlets' headlines say "talks"


def test_no_headline_comparison_with_one_outlet(make_corpus):
    corpus = framing.load_corpus(make_corpus({"solo/a.txt": f"A title here\n{BODY}"}))
    assert headline_keyness(corpus.articles, corpus.sentences, CompareOptions()).empty


def test_report_lists_headlines_per_outlet(make_corpus):
    corpus = _corpus(make_corpus)
    result = framing.analyze(corpus.path, config=Config())
    text = result.report(timestamp="T")
    section = text[text.index("### Headlines") :]
    assert "10 headline(s) from 2 outlet(s)." in section
    assert "**alpha** — 5 headline(s). Words its headlines use more than others': " in section
    assert "- undated: Crisis deepens as talks stall 4" in section
    assert isinstance(result.tables["headline_keyness"], pd.DataFrame)


def test_kwic_wildcards_and_stems():
    sentences = pd.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "outlet": ["X", "X", "Y"],
            "sentence_id": [0, 1, 0],
            "text": [
                "The spill spread; spills like it recur.",
                "Crews were spilling oil and the spillover grew.",
                "Oil spilled into the bay.",
            ],
        }
    )
    assert kwic(sentences, "spill*")["match"].tolist() == [
        "spill",
        "spills",
        "spilling",
        "spillover",
        "spilled",
    ]
    assert kwic(sentences, "spill?")["match"].tolist() == ["spills"]
    assert kwic(sentences, "spilled", match="stem")["match"].tolist() == [
        "spill",
        "spills",
        "spilling",
        "spilled",
    ]
    assert kwic(sentences, "oil *")["match"].tolist() == ["oil and", "Oil spilled"]
    with pytest.raises(ConfigError, match=r"'spil'.*did you mean 'spill'"):
        kwic(sentences, "spil")
    with pytest.raises(ConfigError, match="'match' parameter"):
        kwic(sentences, "spill", match="lemma")


def test_kwic_lists_raise_only_when_no_query_occurs():
    sentences = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "outlet": ["X", "Y"],
            "sentence_id": [0, 0],
            "text": ["Shelling near Kyiv continued.", "Soldiers were lying in wait."],
        }
    )
    table = kwic(sentences, ["Kiev", "Kyiv"])  # a corpus that writes one spelling
    assert table[["query", "match"]].values.tolist() == [["Kyiv", "Kyiv"]]
    with pytest.raises(ConfigError, match="'kiev'"):
        kwic(sentences, ["Kiev", "Kieff"])
    # a stem need not be a prefix of its words: "lie" finds "lying"
    assert kwic(sentences, "lie", match="stem")["match"].tolist() == ["lying"]
