"""Lexical diversity (MATTR) and readability (Flesch reading ease) per article and per outlet.

Why these two: MATTR, the moving-average type-token ratio (Covington & McFall 2010), measures
vocabulary variety independently of text length (a plain type-token ratio falls as texts grow,
so it would rank outlets by article length). Flesch reading ease (Flesch 1948) is the best known
readability score and needs only sentence and syllable counts, so it runs offline; the syllable
counter is a rule-based English heuristic written here (no pronouncing dictionary to download),
exact on common words and within one syllable on most others, which averages out over articles.

Outlet values are means over articles with percentile bootstrap intervals over articles
(:func:`framing.compare.stats.bootstrap_ci`), because articles are what an outlet publishes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from ..tokens import terms
from .options import CompareOptions
from .stats import bootstrap_ci, small_sample
from .vectorize import compared_articles

__all__ = [
    "METRICS",
    "count_syllables",
    "mattr",
    "flesch_reading_ease",
    "text_metrics",
    "outlet_metrics",
]

METRICS = ("mattr", "flesch_reading_ease", "words_per_sentence", "syllables_per_word")
"""Per-article metrics aggregated by :func:`outlet_metrics`."""

_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_EXTRA = re.compile(r"(?:[^cgst]ia|[^qg]u[ao])")  # hiatus read as two syllables: med-i-a, act-u-al


@lru_cache(maxsize=500_000)
def count_syllables(word: str) -> int:
    """Approximate number of syllables of an English word (at least 1 for any word with letters).

    Rules: count vowel groups (``y`` is a vowel except word-initially); a final silent ``e``
    (``make``) and silent ``-es``/``-ed`` endings (``makes``, ``jumped``) do not count, but
    consonant + ``le`` (``table``), ``-es`` after a sibilant (``boxes``) and ``-ed`` after
    ``t``/``d`` (``wanted``) do; ``ia``/``ua``/``uo`` hiatus adds one (``media``, ``actual``).

    >>> [count_syllables(w) for w in ["cat", "table", "makes", "boxes", "jumped", "wanted"]]
    [1, 2, 1, 2, 1, 2]
    """
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(ch for ch in w if "a" <= ch <= "z")
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    core = w[1:] if w[0] == "y" else w
    n = len(_VOWEL_GROUPS.findall(core))
    if _silent_ending(w):
        n -= 1
    n += len(_EXTRA.findall(w))
    return max(n, 1)


def _silent_ending(w: str) -> bool:
    """Whether the last vowel group of ``w`` (4+ letters) is not pronounced."""
    before = w[-3]
    if w.endswith("le"):  # "table" counts, "whole" does not
        return before in "aeiouy"
    if w.endswith("e"):  # "make"; but "free", "eye"
        return w[-2] not in "aeiouy"
    if w.endswith("es"):  # "makes"; but "boxes", "places", "pages"
        return before not in "aeiouy" and not w.endswith(_SOUNDED_ES)
    if w.endswith("ed"):  # "jumped"; but "wanted", "needed"
        return before not in "aeiouytd"
    return False


_SOUNDED_ES = ("ses", "xes", "zes", "ches", "shes", "ces", "ges")


def mattr(tokens: Sequence[str], window: int = 50) -> float:
    """Moving-average type-token ratio: the mean share of distinct types in each window.

    Exact and vectorised: a token counts as a new type in a window when its previous
    occurrence lies before the window's start, so the sum over windows is a sum over tokens.
    Texts shorter than ``window`` get their plain type-token ratio.

    >>> mattr(["a", "a", "a", "b"], window=2)  # windows: {a}, {a}, {a, b} -> (1 + 1 + 2) / 6
    0.6666666666666666
    """
    n = len(tokens)
    if n == 0:
        return float("nan")
    if n < window:
        return len(set(tokens)) / n
    _, codes = np.unique(np.asarray(tokens, dtype=object), return_inverse=True)
    order = np.lexsort((np.arange(n), codes))
    prev = np.full(n, -1, dtype=np.int64)
    same = codes[order][1:] == codes[order][:-1]
    prev[order[1:][same]] = order[:-1][same]
    i = np.arange(n)
    hi = np.minimum(i, n - window)
    lo = np.maximum(np.maximum(i - window + 1, prev + 1), 0)
    total = np.clip(hi - lo + 1, 0, None).sum()
    return float(total / ((n - window + 1) * window))


def flesch_reading_ease(text: str, n_sentences: int | None = None) -> float:
    """Flesch reading ease: 206.835 - 1.015 words/sentence - 84.6 syllables/word.

    Higher is easier (60-70: plain English; below 30: academic). Words are tokens with at least
    one letter (``framing.tokens``); numbers are left out rather than guessed into syllables.

    Parameters
    ----------
    text : str
        The text.
    n_sentences : int, optional
        Sentence count from the sentence table; by default counted with
        ``framing.prepare.sentences.split_sentences``.

    >>> round(flesch_reading_ease("The cat sat on the mat."), 3)
    116.145
    """
    words, syllables, sentences = _counts(text, n_sentences)
    if words == 0 or sentences == 0:
        return float("nan")
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


_HAS_LETTER = re.compile(r"[^\W\d_]")


def _counts(
    text: str, n_sentences: int | None, tokens: list[str] | None = None
) -> tuple[int, int, int]:
    tokens = terms(text) if tokens is None else tokens
    words = [t for t in tokens if t[0].isalpha() or _HAS_LETTER.search(t)]
    syllables = sum(count_syllables(w) for w in words)
    if n_sentences is None:
        from ..prepare.sentences import split_sentences

        n_sentences = len(split_sentences(text))
    return len(words), syllables, int(n_sentences)


def text_metrics(
    articles: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    options: CompareOptions | None = None,
    text_column: str = "text",
) -> pd.DataFrame:
    """Diversity and readability of each article.

    Parameters
    ----------
    articles : DataFrame
        ``article_id``, ``outlet``, the text column; ``n_sentences`` is used when present.
    sentences : DataFrame, optional
        The sentence table, to count sentences per article (preferred over ``n_sentences``).
    options : CompareOptions, optional
        ``mattr_window`` and ``english_only`` apply.
    text_column : str, default="text"
        Column holding the cleaned body.

    Returns
    -------
    DataFrame
        ``article_id, outlet, n_words, n_sentences`` and ``METRICS``, one row per article.
    """
    options = options or CompareOptions()
    frame = compared_articles(articles, options)
    if sentences is not None:
        per_article = sentences.groupby("article_id").size()
        n_sent = frame["article_id"].map(per_article).fillna(0).astype(int).tolist()
    elif "n_sentences" in frame.columns:
        n_sent = frame["n_sentences"].astype(int).tolist()
    else:
        n_sent = [None] * len(frame)
    rows = []
    for article_id, outlet, text, ns in zip(
        frame["article_id"], frame["outlet"], frame[text_column].fillna(""), n_sent, strict=True
    ):
        tokens = terms(text)
        words, syllables, n_sentences = _counts(text, ns, tokens)
        rows.append(
            {
                "article_id": article_id,
                "outlet": outlet,
                "n_words": len(tokens),
                "n_sentences": n_sentences,
                "mattr": mattr(tokens, options.mattr_window),
                "flesch_reading_ease": (
                    206.835 - 1.015 * words / n_sentences - 84.6 * syllables / words
                    if words and n_sentences
                    else np.nan
                ),
                "words_per_sentence": words / n_sentences if n_sentences else np.nan,
                "syllables_per_word": syllables / words if words else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=["article_id", "outlet", "n_words", "n_sentences", *METRICS])


def outlet_metrics(
    per_article: pd.DataFrame,
    *,
    by: str = "outlet",
    metrics: Sequence[str] = METRICS,
    options: CompareOptions | None = None,
) -> pd.DataFrame:
    """Mean of each metric per group, with a bootstrap interval over articles.

    Parameters
    ----------
    per_article : DataFrame
        From :func:`text_metrics` (plus any grouping column, e.g. ``bias``).
    by : str, default="outlet"
        Grouping column.
    metrics : list of str, default=METRICS
        Columns to aggregate.
    options : CompareOptions, optional
        ``n_boot``, ``confidence`` and ``seed`` apply. Each (group, metric) draws from its own
        generator seeded by ``(seed, group position, metric position)``, so adding a metric does
        not change the others' intervals.

    Returns
    -------
    DataFrame
        Long table ``group, metric, mean, ci_low, ci_high, n_articles, n_words, small_sample``;
        intervals are NaN for a group with one article (one article has no spread to resample).
    """
    options = options or CompareOptions()
    rows = []
    for g_pos, (group, part) in enumerate(per_article.groupby(by, sort=True)):
        n_articles = len(part)
        n_words = int(part["n_words"].sum())
        for m_pos, metric in enumerate(metrics):
            rng = np.random.default_rng([options.seed, g_pos, m_pos])
            mean, low, high = bootstrap_ci(
                part[metric].to_numpy(dtype=float),
                n_boot=options.n_boot,
                confidence=options.confidence,
                seed=rng,
            )
            rows.append(
                {
                    "group": group,
                    "metric": metric,
                    "mean": mean,
                    "ci_low": low,
                    "ci_high": high,
                    "n_articles": n_articles,
                    "n_words": n_words,
                    "small_sample": bool(small_sample(n_articles, n_words)),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "group",
            "metric",
            "mean",
            "ci_low",
            "ci_high",
            "n_articles",
            "n_words",
            "small_sample",
        ],
    )
