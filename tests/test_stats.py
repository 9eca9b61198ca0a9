"""Group statistics in one place: thresholds, sizes, rates, and intervals seeded by name."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.compare import CompareOptions, outlet_metrics
from framing.stats import (
    MIN_ARTICLES,
    MIN_WORDS,
    bootstrap_ci,
    group_rng,
    group_sizes,
    rate_per_1000,
    small_sample,
)


def test_thresholds_and_flags():
    assert (MIN_ARTICLES, MIN_WORDS) == (5, 2000)
    flags = small_sample([1, 4, 5, 5, 50], [10_000, 10_000, 1999, 2000, 100_000])
    assert flags.tolist() == [True, True, True, False, False]


def test_group_sizes_per_group_by_column_or_labels():
    arts = pd.DataFrame({"outlet": ["A"] * 5 + ["B"], "n_words": [500] * 5 + [9000]})
    sizes = group_sizes(arts)
    assert sizes.loc["A"].tolist() == [5, 2500, False]
    assert sizes.loc["B"].tolist() == [1, 9000, True]
    by_labels = group_sizes(arts, ["x", "x", None, "y", "y", "y"], groups=["y", "x", "z"])
    assert by_labels.to_dict("index") == {
        "y": {"n_articles": 3, "n_words": 10000, "small_sample": True},
        "x": {"n_articles": 2, "n_words": 1000, "small_sample": True},
        "z": {"n_articles": 0, "n_words": 0, "small_sample": True},
    }
    assert rate_per_1000(np.array([5]), np.array([2500])).tolist() == [2.0]


def test_adding_an_outlet_leaves_the_others_intervals_unchanged():
    rng = np.random.default_rng(3)
    per_article = pd.DataFrame(
        {
            "outlet": ["B"] * 12 + ["C"] * 9,
            "n_words": 800,
            "mattr": rng.uniform(0.6, 0.9, 21),
        }
    )
    options = CompareOptions(n_boot=300, seed=11)
    before = outlet_metrics(per_article, metrics=["mattr"], options=options)
    newcomer = pd.DataFrame({"outlet": ["A"] * 7, "n_words": 800, "mattr": 0.5})
    after = outlet_metrics(
        pd.concat([newcomer, per_article], ignore_index=True), metrics=["mattr"], options=options
    )
    # "A" sorts first, so every other outlet's position moved: the intervals must not
    pd.testing.assert_frame_equal(
        before.set_index("group"), after.set_index("group").loc[["B", "C"]]
    )
    assert group_rng(11, "B", "mattr").random() == group_rng(11, "B", "mattr").random()


def test_no_interval_below_the_minimum_of_articles():
    mean, low, high = bootstrap_ci([0.2, 0.4, 0.6, 0.8], seed=3)
    assert mean == pytest.approx(0.5) and np.isnan(low) and np.isnan(high)
    _, low, high = bootstrap_ci([0.2, 0.4, 0.6, 0.8, 1.0], seed=3)
    assert 0.2 < low < 0.6 < high < 1.0
    _, low, _ = bootstrap_ci([0.2, 0.4], seed=3, min_n=2)  # callers may ask for fewer
    assert not np.isnan(low)


def test_a_ratio_resample_without_a_denominator_is_left_out():
    from framing.stats import bootstrap_ratio_ci

    # four wordless articles: a third of the resamples hold only those and have no rate (not 0)
    ratio, low, high = bootstrap_ratio_ci([3, 0, 0, 0, 0], [1, 0, 0, 0, 0], seed=1)
    assert ratio == 3.0 and low == 3.0 and high == 3.0
