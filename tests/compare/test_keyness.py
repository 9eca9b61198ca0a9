"""Keyness pinned against arithmetic done by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from framing.compare import (
    KEYNESS_COLUMNS,
    CompareOptions,
    bonferroni_z,
    count_terms,
    english_prior,
    keyness,
    log_odds_dirichlet,
    top_terms,
)
from framing.errors import ConfigError

# Unigrams, every term kept, prior strength alpha0 = 9 (= the corpus size, so that the
# corpus prior alpha_w = 9 * T_w / 9 = T_w is a whole number).
UNIGRAMS = CompareOptions(ngram_range=(1, 1), min_df=1, alpha0=9.0)


def _row(table: pd.DataFrame, group: str, term: str) -> pd.Series:
    rows = table[(table["group"] == group) & (table["term"] == term)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_keyness_matches_hand_computation(toy_articles):
    # a1 "Kiev, Kiev's war"   -> kiev 2, war 1            (3 words)
    # a2 "Kiev peace"         -> kiev 1, peace 1          (2 words)
    # b1 "Kyiv war war peace" -> kyiv 1, war 2, peace 1   (4 words)
    # A: kiev 3, kyiv 0, peace 1, war 1 -> n_A = 5;  B: kiev 0, kyiv 1, peace 1, war 2 -> n_B = 4
    # totals: kiev 3, kyiv 1, peace 2, war 3 -> N = 9; prior alpha_w = 9 * T_w / 9 = T_w
    counts = count_terms(toy_articles, options=UNIGRAMS)
    assert list(counts.vocabulary) == ["kiev", "kyiv", "peace", "war"]
    table = keyness(counts)
    assert list(table.columns) == list(KEYNESS_COLUMNS)

    # A vs rest, "kiev": y_A + a = 3 + 3 = 6, n_A + a0 - 6 = 5 + 9 - 6 = 8
    #                     y_B + a = 0 + 3 = 3, n_B + a0 - 3 = 4 + 9 - 3 = 10
    # delta = ln(6/8) - ln(3/10) = ln(2.5) = 0.916291
    # var = 1/6 + 1/3 = 0.5 -> z = 0.916291 / sqrt(0.5) = 1.295831
    kiev = _row(table, "A", "kiev")
    assert kiev["log_odds"] == pytest.approx(math.log(2.5))
    assert kiev["z"] == pytest.approx(math.log(2.5) / math.sqrt(0.5))
    assert kiev["z"] == pytest.approx(1.295831, abs=1e-6)
    assert (kiev["count_group"], kiev["count_rest"]) == (3, 0)
    assert kiev["rate_group"] == pytest.approx(3 / 5 * 1000)  # 3 in 5 words (a1 3 + a2 2)
    assert kiev["rate_rest"] == 0.0
    assert (kiev["articles_group"], kiev["articles_rest"]) == (2, 0)
    assert not kiev["single_article"]
    assert (kiev["n_articles"], kiev["n_words"]) == (2, 5)
    assert (kiev["n_articles_rest"], kiev["n_words_rest"]) == (1, 4)
    assert kiev["small_sample"]

    # A vs rest, "war": y_A + a = 1 + 3 = 4, 5 + 9 - 4 = 10; y_B + a = 2 + 3 = 5, 4 + 9 - 5 = 8
    # delta = ln(4/10) - ln(5/8) = ln(0.64) = -0.446287; var = 1/4 + 1/5 = 0.45
    # z = -0.446287 / 0.670820 = -0.665286
    war = _row(table, "A", "war")
    assert war["log_odds"] == pytest.approx(math.log(0.64))
    assert war["z"] == pytest.approx(-0.665286, abs=1e-6)

    # The rest's view is the mirror image; B's "kyiv" rests on b1 alone.
    assert _row(table, "B", "kiev")["z"] == pytest.approx(-kiev["z"])
    assert _row(table, "B", "kyiv")["single_article"]
    # Bonferroni over m = 4 terms: |z| > Phi^-1(1 - 0.05 / 8) = 2.4977 -> nothing significant
    assert table.attrs["n_tested"] == 4
    assert table.attrs["z_threshold"] == pytest.approx(2.497705, abs=1e-5)
    assert not table["significant"].any()
    assert table["p_value"].iloc[0] == pytest.approx(2 * (1 - 0.9024), abs=1e-3)


def test_informative_rows_leave_out_unexpected_absences(toy_articles):
    counts = count_terms(toy_articles, options=UNIGRAMS)
    table = keyness(counts)
    # A never says "kyiv": expected 5 * 1 / 9 = 0.56 < 1 -> no row;
    # B never says "kiev": expected 4 * 3 / 9 = 1.33 >= 1 -> a row with count 0.
    assert set(table.loc[table["group"] == "A", "term"]) == {"kiev", "peace", "war"}
    assert set(table.loc[table["group"] == "B", "term"]) == {"kiev", "kyiv", "peace", "war"}
    full = keyness(counts, rows="all")
    assert len(full) == 2 * 4
    assert _row(full, "A", "kyiv")["count_group"] == 0


def test_left_out_rows_can_never_be_significant():
    # The module's claim: an absent term expected < 1 time has |z| < 0.81 (corpus prior).
    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(60)]
    probs = 1 / np.arange(1, 61)
    probs /= probs.sum()
    texts = [" ".join(rng.choice(words, size=rng.integers(5, 400), p=probs)) for _ in range(40)]
    outlets = [f"o{i % 7}" for i in range(40)]
    arts = pd.DataFrame({"article_id": range(40), "outlet": outlets, "text": texts})
    for alpha0 in (10.0, 1000.0):
        counts = count_terms(arts, options=CompareOptions(ngram_range=(1, 1), alpha0=alpha0))
        full = keyness(counts, rows="all")
        kept = keyness(counts)
        merged = full.merge(kept[["group", "term"]], how="left", indicator=True)
        left_out = merged[merged["_merge"] == "left_only"]
        assert (left_out["count_group"] == 0).all()
        assert (left_out["z"].abs() < 0.81).all()


def test_log_odds_function_and_threshold():
    # y_i = 10, n_i = 100, y_j = 5, n_j = 200, a = 1, a0 = 10:
    # ln(11 / 99) - ln(6 / 204) = -2.197225 + 3.526361 = 1.329136
    # var = 1/11 + 1/6 = 0.257576 -> z = 1.329136 / 0.507519 = 2.618888
    delta, z = log_odds_dirichlet(10, 100, 5, 200, 1.0, 10.0)
    assert delta == pytest.approx(math.log(11 / 99) - math.log(6 / 204))
    assert z == pytest.approx(2.618888, abs=1e-6)
    assert bonferroni_z(1) == pytest.approx(1.959964, abs=1e-6)
    assert bonferroni_z(1000) > bonferroni_z(10)


def test_pair_and_metadata_grouping():
    arts = pd.DataFrame(
        {
            "article_id": ["l1", "l2", "c1", "r1", "r2"],
            "outlet": ["L1", "L2", "C", "R1", "R2"],
            "bias": ["left", "left", "center", "right", "right"],
            "text": [
                "undocumented immigrants border",
                "undocumented immigrants families",
                "immigrants border policy",
                "illegal aliens border",
                "illegal aliens border wall",
            ],
        }
    )
    counts = count_terms(arts, options=CompareOptions(min_df=1))
    table = keyness(counts, "bias", pair=("left", "right"))
    assert set(table["group"]) == {"left", "right"}
    assert table["comparison"].iloc[0] == "bias: left vs right"
    left = table[table["group"] == "left"]
    assert left["n_articles"].iloc[0] == 2 and left["n_articles_rest"].iloc[0] == 2
    assert left["n_words"].iloc[0] == 6 and left["n_words_rest"].iloc[0] == 7  # center left out
    assert top_terms(table, "left", 1)["term"][0] in {"undocumented", "undocumented immigrants"}
    assert top_terms(table, "right", 1)["term"][0] in {"illegal", "aliens", "illegal aliens"}
    assert top_terms(table, "left", 1, direction="under")["z"][0] < 0
    # "policy" is only in the center article: untested, absent from the pair comparison
    assert "policy" not in set(table["term"])
    # a Series of labels (indexed by article_id) gives the same comparison
    labels = arts.set_index("article_id")["bias"]
    same = keyness(counts, labels, pair=("left", "right"))
    pd.testing.assert_frame_equal(same, table)
    with pytest.raises(ConfigError, match="'pair' parameter"):
        keyness(counts, "bias", pair=("left", "nowhere"))
    with pytest.raises(ConfigError, match="'by' parameter"):
        keyness(counts, "colour")


def test_top_keeps_each_way(toy_articles):
    counts = count_terms(toy_articles, options=UNIGRAMS)
    table = keyness(counts, top=1, rows="all")
    assert table.groupby("group", observed=True).size().tolist() == [2, 2]
    a = table[table["group"] == "A"]
    assert a["z"].iloc[0] == a["z"].max() and a["z"].iloc[1] == a["z"].min()


def test_english_prior_sums_to_alpha0_and_follows_frequency():
    alpha = english_prior(["the", "kyiv", "false flag", "zzxqv"], 100.0)
    assert alpha.sum() == pytest.approx(100.0)
    assert alpha[0] > alpha[2] > alpha[3]
    assert alpha[0] > alpha[1] > alpha[3]


def test_english_prior_runs_in_keyness(toy_articles):
    counts = count_terms(toy_articles, options=UNIGRAMS)
    table = keyness(counts, options=CompareOptions(ngram_range=(1, 1), min_df=1, prior="english"))
    assert np.isfinite(table["z"]).all()
    assert _row(table, "A", "kiev")["z"] > 0
