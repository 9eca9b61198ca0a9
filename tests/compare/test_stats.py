from __future__ import annotations

import pandas as pd

from framing.compare import MIN_ARTICLES, MIN_WORDS, sample_sizes, small_sample


def test_thresholds_and_flags():
    assert (MIN_ARTICLES, MIN_WORDS) == (5, 2000)
    flags = small_sample([1, 4, 5, 5, 50], [10_000, 10_000, 1999, 2000, 100_000])
    assert flags.tolist() == [True, True, True, False, False]


def test_sample_sizes_per_group():
    arts = pd.DataFrame({"outlet": ["A"] * 5 + ["B"], "n_words": [500] * 5 + [9000]})
    sizes = sample_sizes(arts)
    assert sizes.loc["A"].tolist() == [5, 2500, False]
    assert sizes.loc["B"].tolist() == [1, 9000, True]
