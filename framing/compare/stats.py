"""Sample sizes, small-sample flags and the bootstrap shared by every comparison table.

Why here: every table of the compare stage carries each group's articles and words, and says when a
group is too small to generalise from, using the same thresholds, so a reader never has to guess
whether "RT uses *Kiev*" rests on one article or on three hundred.

Thresholds (module constants, used by :func:`small_sample`):

``MIN_ARTICLES = 5``
    Words cluster within articles: one article's subject (a name, a place) inflates its terms, so
    an outlet's habits only show across several articles. Five is also where the bootstrap over
    articles starts to mean something: n articles have C(2n-1, n) distinct resamples, 126 for
    n=5 but only 10 for n=3 and 1 for n=1.
``MIN_WORDS = 2000``
    At 2,000 words a fairly common content word (1 per 1,000 words) is expected twice, and is
    absent by chance 14% of the time (Poisson e^-2), so rates below that size are noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "MIN_ARTICLES",
    "MIN_WORDS",
    "small_sample",
    "sample_sizes",
    "bootstrap_means",
    "bootstrap_ci",
]

MIN_ARTICLES = 5
MIN_WORDS = 2000


def small_sample(n_articles: np.ndarray | int, n_words: np.ndarray | int) -> np.ndarray | bool:
    """True where a group has fewer than ``MIN_ARTICLES`` articles or ``MIN_WORDS`` words.

    >>> small_sample(np.array([1, 5, 40]), np.array([900, 2500, 1500])).tolist()
    [True, False, True]
    """
    return (np.asarray(n_articles) < MIN_ARTICLES) | (np.asarray(n_words) < MIN_WORDS)


def sample_sizes(articles: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Articles, words and the small-sample flag per group, indexed by group (sorted).

    Parameters
    ----------
    articles : DataFrame
        Needs the ``by`` column and ``n_words``.
    by : str, default="outlet"
        Column defining the groups (an outlet, or metadata such as ``bias``).
    """
    grouped = articles.groupby(by, sort=True, observed=True)
    out = pd.DataFrame(
        {"n_articles": grouped.size(), "n_words": grouped["n_words"].sum().astype("int64")}
    )
    out["small_sample"] = small_sample(out["n_articles"].to_numpy(), out["n_words"].to_numpy())
    out.index.name = by
    return out


def bootstrap_means(
    values: np.ndarray, *, n_boot: int = 1000, rng: np.random.Generator
) -> np.ndarray:
    """Means of ``n_boot`` resamples (with replacement) of ``values``; NaNs are ignored.

    Why over articles: articles, not words or sentences, are the independent units an outlet
    publishes, so the interval reflects how much the outlet varies from article to article.
    """
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return np.full(n_boot, np.nan)
    idx = rng.integers(0, values.size, size=(n_boot, values.size))
    return values[idx].mean(axis=1)


def bootstrap_ci(
    values: np.ndarray,
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator = 0,
) -> tuple[float, float, float]:
    """Mean and percentile bootstrap interval of the mean of ``values``.

    Parameters
    ----------
    values : array-like of float
        One value per article (NaNs ignored).
    n_boot : int, default=1000
        Number of resamples.
    confidence : float, default=0.95
        Coverage of the interval.
    seed : int or numpy Generator, default=0
        Seed for ``numpy.random.default_rng`` (or a Generator to draw from), for reruns that agree.

    Returns
    -------
    (mean, low, high) : tuple of float
        ``low``/``high`` are NaN with fewer than 2 values: one article gives no interval.

    >>> m, lo, hi = bootstrap_ci([1.0, 2.0, 3.0, 4.0], n_boot=200, seed=1)
    >>> m, lo <= m <= hi
    (2.5, True)
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    arr = np.asarray(values, dtype=float)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0:
        return (np.nan, np.nan, np.nan)
    mean = float(arr.mean())
    if arr.size < 2:
        return (mean, np.nan, np.nan)
    means = bootstrap_means(arr, n_boot=n_boot, rng=rng)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return (mean, float(low), float(high))
