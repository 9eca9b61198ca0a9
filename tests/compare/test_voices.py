"""The voices comparison: share of voice, verb profiles, candidates and own-voice rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.compare import CompareOptions
from framing.compare.voices import actor_candidates, own_voice_table, voices_table


def quote(outlet, article, speaker, group, verb_class, kind="direct", words=5, sentence=0):
    return {
        "article_id": article,
        "outlet": outlet,
        "sentence_id": sentence,
        "text": " ".join(["word"] * words),
        "speaker": speaker,
        "speaker_group": group,
        "verb": "say",
        "verb_class": verb_class,
        "kind": kind,
        "n_words": words,
    }


QUOTES = pd.DataFrame(
    [
        quote("A", "a1", "Peskov", "Russian officials", "neutral", words=10),
        quote("A", "a1", "Peskov", "Russian officials", "neutral"),
        quote("A", "a2", "Lavrov", "Russian officials", "doubt", kind="indirect"),
        quote("A", "a2", "Kuleba", "Ukrainian officials", "doubt", kind="partial", words=2),
        quote("A", "a2", "", "", "", kind="partial", words=1),  # a scare quote: no speaker
        quote("B", "b1", "Kuleba", "Ukrainian officials", "neutral"),
        quote("B", "b1", "Jane Roe", "", "emotive"),
    ]
)


def test_share_of_voice_by_group_and_speaker():
    table = voices_table(QUOTES).set_index(["outlet", "level", "name"])
    russian = table.loc[("A", "group", "Russian officials")]
    assert (russian.quotes, russian.direct, russian.indirect, russian.quoted_words) == (3, 2, 1, 20)
    assert (russian.articles, russian.neutral, russian.doubt) == (2, 2, 1)
    assert russian.share_quotes == pytest.approx(3 / 4)  # the scare quote is nobody's
    assert russian.share_words == pytest.approx(20 / 22)
    assert table.loc[("A", "speaker", "Peskov")].quotes == 2
    assert table.loc[("B", "group", "(unregistered)")].emotive == 1
    shares = voices_table(QUOTES).query("level == 'group'").groupby("outlet")["share_quotes"]
    assert np.allclose(shares.sum(), 1.0)


def test_headlines_are_counted_apart():
    heads = pd.DataFrame([quote("B", "b1", "Kuleba", "Ukrainian officials", "neutral")])
    heads = heads.drop(columns=["sentence_id", "n_words"])
    table = voices_table(QUOTES, heads)
    head = table[(table["where"] == "headline") & (table["level"] == "speaker")]
    assert head[["outlet", "name", "quotes", "example_sentence_id"]].values.tolist() == [
        ["B", "Kuleba", 1, -1]
    ]


def test_candidates_count_unknown_names_per_outlet():
    mentions = pd.DataFrame(
        {
            "article_id": ["b1", "b1", "b2", "a1"],
            "outlet": ["B", "B", "B", "A"],
            "sentence_id": [0, 3, 1, 2],
            "mention": ["Jane Roe", "Jane Roe", "Jane Roe", "Moscow"],
            "actor": ["", "", "", "Russia"],
            "titled": [True, False, False, False],
        }
    )
    table = actor_candidates(mentions, QUOTES)
    assert table.values.tolist() == [["Jane Roe", "B", 3, 2, 1, True, "b1", 0]]


def test_own_voice_rates_with_intervals_and_small_samples():
    sentences = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a2", "b1"],
            "outlet": ["A", "A", "A", "B"],
            "text": ["x"] * 4,
            "n_words": [400, 600, 1000, 500],
            "hedges": [1, 1, 0, 3],
            "scare_quotes": [0, 1, 0, 0],
        }
    )
    table = own_voice_table(sentences, CompareOptions()).set_index("outlet")
    a = table.loc["A"]
    assert (a.articles, a.words, a.hedges, a.scare_quotes) == (2, 2000, 2, 1)
    assert a.hedges_per_1000 == pytest.approx(1.0)
    assert np.isnan(a.hedges_low) and np.isnan(a.hedges_high)  # 2 articles: no interval
    assert bool(a.small_sample)  # 2 articles
    assert np.isnan(table.loc["B", "hedges_low"])  # one article gives no interval


def test_own_voice_interval_is_around_the_pooled_rate():
    # one long article without hedges and four short ones with: the pooled rate (shown) is
    # far below the mean of article rates, and its interval must contain it
    sentences = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3", "a4", "a5"],
            "outlet": ["A"] * 5,
            "text": ["x"] * 5,
            "n_words": [5000, 100, 100, 100, 100],
            "hedges": [0, 1, 1, 1, 1],
            "scare_quotes": [0, 0, 0, 0, 0],
        }
    )
    a = own_voice_table(sentences, CompareOptions()).set_index("outlet").loc["A"]
    assert a.hedges_per_1000 == pytest.approx(4 / 5.4)
    assert a.hedges_low <= a.hedges_per_1000 <= a.hedges_high
