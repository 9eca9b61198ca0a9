"""Group statistics shared by every per-outlet (or per-group) table: one place, one set of rules.

Why one place: every table framing writes about a group (an outlet, or a value such as ``bias``)
carries the group's articles and words and says when the group is too small to generalise from,
with the same thresholds, and every interval is drawn the same way; a reader must never have to
guess whether "RT uses *Kiev*" rests on one article or on three hundred.

Thresholds (module constants, used by :func:`small_sample`):

``MIN_ARTICLES = 5``
    Words cluster within articles: one article's subject (a name, a place) inflates its terms, so
    an outlet's habits only show across several articles. Five is also where the bootstrap over
    articles starts to mean something: n articles have C(2n-1, n) distinct resamples, 126 for
    n=5 but only 10 for n=3 and 1 for n=1.
``MIN_WORDS = 2000``
    At 2,000 words a fairly common content word (1 per 1,000 words) is expected twice, and is
    absent by chance 14% of the time (Poisson e^-2), so rates below that size are noise.

Random draws are seeded from the run's seed *and the group's name* (:func:`group_rng`), never from
a group's position, so adding an outlet to a corpus leaves every other outlet's intervals as they
were.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "MIN_ARTICLES",
    "MIN_WORDS",
    "small_sample",
    "group_sizes",
    "group_slices",
    "rate_per_1000",
    "group_rng",
    "bootstrap_means",
    "bootstrap_ci",
    "bootstrap_rate_ci",
    "bootstrap_ratio_ci",
    "resampled",
]

MIN_ARTICLES = 5
MIN_WORDS = 2000


def small_sample(n_articles: np.ndarray | int, n_words: np.ndarray | int) -> np.ndarray | bool:
    """True where a group has fewer than ``MIN_ARTICLES`` articles or ``MIN_WORDS`` words.

    >>> small_sample(np.array([1, 5, 40]), np.array([900, 2500, 1500])).tolist()
    [True, False, True]
    """
    return (np.asarray(n_articles) < MIN_ARTICLES) | (np.asarray(n_words) < MIN_WORDS)


def group_sizes(
    articles: pd.DataFrame, by: str | Sequence[object] = "outlet", *, groups: Sequence[str] = ()
) -> pd.DataFrame:
    """Articles, words and the small-sample flag per group, indexed by group (sorted).

    Parameters
    ----------
    articles : DataFrame
        Needs ``n_words`` and, when ``by`` is a column name, that column.
    by : str or sequence, default="outlet"
        The column defining the groups, or one label per article (missing labels take no part).
    groups : sequence of str, default=()
        Index the result by these groups, in this order (a group without articles gets zeros).

    >>> arts = pd.DataFrame({"outlet": ["RT", "RT", "BBC"], "n_words": [900, 1200, 400]})
    >>> group_sizes(arts).to_dict("index")["RT"]
    {'n_articles': 2, 'n_words': 2100, 'small_sample': True}
    """
    labels = articles[by] if isinstance(by, str) else pd.Series(list(by), index=articles.index)
    frame = pd.DataFrame({"label": labels.to_numpy(dtype=object), "n_words": articles["n_words"]})
    frame = frame[frame["label"].notna()]
    grouped = frame.groupby("label", sort=True)
    out = pd.DataFrame(
        {"n_articles": grouped.size(), "n_words": grouped["n_words"].sum()}, dtype="int64"
    )
    if len(groups):
        out = out.reindex(list(groups), fill_value=0)
    out["small_sample"] = small_sample(out["n_articles"].to_numpy(), out["n_words"].to_numpy())
    out.index.name = by if isinstance(by, str) else "group"
    return out


def group_slices(labels: pd.Series | np.ndarray) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """Where each group's rows are, for loops over thousands of groups without a pandas call
    per group: ``(groups, order, bounds)``, the groups sorted, row positions ordered by group
    (in their original order within it), and group ``g``'s rows at
    ``order[bounds[g]:bounds[g + 1]]``. Missing labels belong to no group (as in ``groupby``).

    >>> groups, order, bounds = group_slices(np.array(["b", "a", "b", None], dtype=object))
    >>> list(groups), [order[bounds[g] : bounds[g + 1]].tolist() for g in range(len(groups))]
    (['a', 'b'], [[1], [0, 2]])
    """
    codes, groups = pd.factorize(np.asarray(labels, dtype=object), sort=True)
    valid = np.flatnonzero(codes >= 0)
    order = valid[np.argsort(codes[valid], kind="stable")]
    bounds = np.searchsorted(codes[order], np.arange(len(groups) + 1))
    return pd.Index(groups), order, bounds


def resampled(n_values: int, min_n: int = MIN_ARTICLES) -> bool:
    """Whether :func:`bootstrap_ci` (and the rate and ratio intervals) draw resamples for
    ``n_values`` values: callers with thousands of small groups skip seeding a generator
    (:func:`group_rng`) for the groups that get no interval."""
    return n_values >= max(min_n, 2)


def rate_per_1000(count: np.ndarray | float, words: np.ndarray | float) -> np.ndarray | float:
    """Occurrences per 1,000 words (NaN where there are no words).

    >>> rate_per_1000(np.array([3, 0]), np.array([1500, 0])).tolist()
    [2.0, nan]
    """
    words = np.asarray(words, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(words > 0, 1000.0 * np.asarray(count, dtype=float) / words, np.nan)


def group_rng(seed: int, *names: object) -> np.random.Generator:
    """A random generator for one group (and metric): seeded by the run's ``seed`` and the
    names, so a group's draws do not depend on which other groups exist.

    >>> a = group_rng(0, "RT", "mattr").random()
    >>> a == group_rng(0, "RT", "mattr").random() != group_rng(0, "BBC", "mattr").random()
    True
    """
    digest = hashlib.blake2b("\0".join(map(str, names)).encode(), digest_size=8).digest()
    return np.random.default_rng([int(seed), int.from_bytes(digest, "little")])


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
    min_n: int = MIN_ARTICLES,
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
        Seed for ``numpy.random.default_rng`` (or a Generator, e.g. from :func:`group_rng`).
    min_n : int, default=MIN_ARTICLES (5)
        Fewer values give no interval (``low``/``high`` NaN): two articles have 3 distinct
        resamples, and an "interval" drawn from them claims a precision the data do not have.

    Returns
    -------
    (mean, low, high) : tuple of float
        ``low``/``high`` are NaN with fewer than ``min_n`` values.

    >>> m, lo, hi = bootstrap_ci([1.0, 2.0, 3.0, 4.0, 5.0], n_boot=200, seed=1)
    >>> m, lo <= m <= hi
    (3.0, True)
    >>> bootstrap_ci([1.0, 2.0], seed=1)
    (1.5, nan, nan)
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    arr = np.asarray(values, dtype=float)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0:
        return (np.nan, np.nan, np.nan)
    mean = float(arr.mean())
    if not resampled(arr.size, min_n):
        return (mean, np.nan, np.nan)
    means = bootstrap_means(arr, n_boot=n_boot, rng=rng)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return (mean, float(low), float(high))


def bootstrap_rate_ci(
    counts: np.ndarray,
    words: np.ndarray,
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator = 0,
    min_n: int = MIN_ARTICLES,
) -> tuple[float, float, float]:
    """A pooled rate per 1,000 words (all counts over all words) and its bootstrap interval,
    resampling articles.

    Why not :func:`bootstrap_ci` of each article's rate: the rate a report shows is the pooled
    one, and the mean of article rates weighs a 50-word brief like a 3,000-word feature, so the
    pooled rate can fall outside an interval drawn around that mean.

    >>> rate, low, high = bootstrap_rate_ci([1, 0, 2, 1, 0], [500, 400, 1000, 600, 500], seed=1)
    >>> round(rate, 3), low <= rate <= high
    (1.333, True)
    >>> bootstrap_rate_ci([1, 2], [500, 500], seed=1)
    (3.0, nan, nan)
    """
    ratio, low, high = bootstrap_ratio_ci(
        counts, words, n_boot=n_boot, confidence=confidence, seed=seed, min_n=min_n
    )
    return (ratio * 1000, low * 1000, high * 1000)


def bootstrap_ratio_ci(
    numerators: np.ndarray,
    denominators: np.ndarray,
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator = 0,
    min_n: int = MIN_ARTICLES,
) -> tuple[float, float, float]:
    """A pooled ratio (all numerators over all denominators: hedges per word, tone per
    mention) and its bootstrap interval, resampling the units (articles) that hold both.

    >>> ratio, low, high = bootstrap_ratio_ci([-0.5, 0.0, 0.3, -0.2, 0.1], [2, 1, 1, 1, 1], seed=1)
    >>> round(ratio, 3), low <= ratio <= high
    (-0.05, True)
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    counts = np.asarray(numerators, dtype=float)
    words = np.asarray(denominators, dtype=float)
    total = words.sum()
    if total <= 0:
        return (np.nan, np.nan, np.nan)
    rate = float(counts.sum() / total)
    if not resampled(counts.size, min_n):
        return (rate, np.nan, np.nan)
    idx = rng.integers(0, counts.size, size=(n_boot, counts.size))
    sampled_words = words[idx].sum(axis=1)
    # a resample without any denominator (all its articles wordless) has no rate: left out
    usable = sampled_words > 0
    rates = counts[idx].sum(axis=1)[usable] / sampled_words[usable]
    if not rates.size:
        return (rate, np.nan, np.nan)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(rates, [tail, 100 - tail])
    return (rate, float(low), float(high))
