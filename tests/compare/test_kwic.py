from __future__ import annotations

import pytest

from framing.compare import KWIC_COLUMNS, kwic
from framing.errors import ConfigError


def test_kiev_matches_possessive_and_case_not_longer_words(naming_sentences):
    hits = kwic(naming_sentences, "Kiev")
    assert list(hits.columns) == list(KWIC_COLUMNS)
    assert hits["match"].tolist() == ["Kiev’s", "KIEV"]  # not "Kievan"
    assert hits[["article_id", "outlet"]].drop_duplicates().values.tolist() == [["rt1", "RT"]]
    assert hits["sentence_id"].tolist() == [0, 2]
    first = hits.iloc[0]
    assert first["left"] == "" and first["right"].startswith(" forces shelled")
    sentence = naming_sentences.set_index(["article_id", "sentence_id"]).loc[("rt1", 0), "text"]
    assert sentence[first["match_start"] : first["match_end"]] == "Kiev’s"


def test_rows_keep_a_bounded_window_not_the_sentence():
    import pandas as pd

    long = " ".join(["filler"] * 5000 + ["Kiev"] + ["filler"] * 5000)
    sentences = pd.DataFrame(
        {"article_id": ["a"], "outlet": ["RT"], "sentence_id": [0], "text": [long]}
    )
    hit = kwic(sentences, "kiev", window=40).iloc[0]
    assert len(hit["left"]) <= 40 and len(hit["right"]) <= 40
    assert long[hit["match_start"] : hit["match_end"]] == "Kiev"


def test_query_is_normalised_like_the_corpus(naming_sentences):
    assert len(kwic(naming_sentences, "kyiv's")) == 2
    assert kwic(naming_sentences, "KYIV")["outlet"].unique().tolist() == ["SOFREP"]


def test_phrases_and_several_queries(naming_sentences):
    hits = kwic(naming_sentences, ["false flag", "Kyiv"])
    flags = hits[hits["query"] == "false flag"]
    # "false-flag" is one hyphenated token, so the two-word phrase does not match it
    assert flags[["outlet", "sentence_id"]].values.tolist() == [["RT", 2], ["SOFREP", 1]]
    assert flags["match"].tolist() == ["false flag", "false flag"]
    assert len(kwic(naming_sentences, "false-flag")) == 1
    assert kwic(naming_sentences, "Kiev", outlets=["SOFREP"]).empty


def test_window_cuts_at_word_boundaries(naming_sentences):
    hits = kwic(naming_sentences, "ministry", window=12)
    assert hits["left"].iloc[0] == " area, the "  # "...e area, the " minus the cut word
    assert hits["right"].iloc[0] == " said."


def test_empty_query_is_an_error(naming_sentences):
    with pytest.raises(ConfigError, match="'query' parameter of kwic"):
        kwic(naming_sentences, "—")


def test_unknown_outlets_are_errors_that_suggest_close_names(seed_result):
    from framing.compare import kwic
    from framing.errors import ConfigError

    result = seed_result
    with pytest.raises(ConfigError, match=r"No outlet named 'rt'; did you mean 'RT'\?"):
        result.top_terms("rt")
    with pytest.raises(ConfigError, match=r"No outlet named 'Nope'; known: 'Daily Sabah'"):
        result.top_terms("Nope")
    with pytest.raises(ConfigError, match=r"did you mean 'RT'"):
        kwic(result.sentences, "Kiev", outlets=["Rt"])
