"""Lexical diversity (MATTR) and readability (Flesch reading ease) per article and per outlet.

Why these two: MATTR, the moving-average type-token ratio (Covington & McFall 2010), measures
vocabulary variety independently of text length (a plain type-token ratio falls as texts grow,
so it would rank outlets by article length). Flesch reading ease (Flesch 1948) is the best known
readability score and needs only sentence and syllable counts, so it runs offline.

Syllables come from the CMU Pronouncing Dictionary where the dictionary and the rules disagree
(``framing/data/syllables.csv``, the commonest 60,000 English words; see its header), and from a
rule-based counter otherwise. A text shorter than the MATTR window has no MATTR (NaN, with the
reason in ``mattr_missing``): its plain type-token ratio is not comparable.

Outlet values are means over articles with percentile bootstrap intervals over articles
(:func:`framing.stats.bootstrap_ci`), seeded by the outlet's and the metric's names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import chain

import numpy as np
import pandas as pd

from ..cache import Cache, digest, stage_key
from ..lexicons import read_records
from ..schema import body_rows
from ..stats import bootstrap_ci, group_rng, group_sizes, group_slices, resampled
from ..tokens import TOKEN_PATTERN, chunk_ranges, normalize_term, terms, token_cache
from .options import CompareOptions
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


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    return {row["word"]: int(row["syllables"]) for row in read_records("syllables.csv")}


@token_cache(maxsize=500_000)
def count_syllables(word: str) -> int:
    """Syllables of an English word: the CMU Pronouncing Dictionary's count for common words the
    rules get wrong, else the rules (at least 1 for any word with letters).

    >>> [count_syllables(w) for w in ["cat", "table", "idea", "being", "science", "area"]]
    [1, 2, 3, 2, 2, 3]
    """
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(ch for ch in w if "a" <= ch <= "z")
    if not w:
        return 0
    return _dictionary().get(w) or rule_syllables(w)


def rule_syllables(w: str) -> int:
    """The rule-based count for a lower-case ASCII word: vowel groups (``y`` is a vowel except
    word-initially); a final silent ``e`` (``make``) and silent ``-es``/``-ed`` endings
    (``makes``, ``jumped``) do not count, but consonant + ``le`` (``table``), ``-es`` after a
    sibilant (``boxes``) and ``-ed`` after ``t``/``d`` (``wanted``) do; ``ia``/``ua``/``uo``
    hiatus adds one (``media``, ``actual``).

    >>> [rule_syllables(w) for w in ["cat", "table", "makes", "boxes", "jumped", "wanted"]]
    [1, 2, 1, 2, 1, 2]
    """
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
    A text shorter than ``window`` has no MATTR (NaN): its type-token ratio would not be
    comparable with the others'.

    >>> mattr(["a", "a", "a", "b"], window=2)  # windows: {a}, {a}, {a, b} -> (1 + 1 + 2) / 6
    0.6666666666666666
    >>> mattr(["a", "b"], window=50)
    nan
    """
    n = len(tokens)
    if n < window or n == 0:
        return float("nan")
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


def flesch(words: int, sentences: int, syllables: int) -> float:
    """Flesch reading ease from counts: 206.835 - 1.015 words/sentence - 84.6 syllables/word."""
    if not words or not sentences:
        return float("nan")
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


def flesch_reading_ease(text: str, n_sentences: int | None = None) -> float:
    """Flesch reading ease of a text: higher is easier (60-70: plain English; below 30:
    academic). Words are tokens with at least one letter (``framing.tokens``); numbers are left
    out rather than guessed into syllables.

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
    return flesch(*_counts(text, n_sentences))


_HAS_LETTER = re.compile(r"[^\W\d_]")


def _counts(
    text: str, n_sentences: int | None, tokens: list[str] | None = None
) -> tuple[int, int, int]:
    """(words, sentences, syllables) of ``text``."""
    tokens = terms(text) if tokens is None else tokens
    words = [t for t in tokens if t[0].isalpha() or _HAS_LETTER.search(t)]
    syllables = sum(count_syllables(w) for w in words)
    if n_sentences is None:
        from ..prepare.sentences import split_sentences

        n_sentences = len(split_sentences(text))
    return len(words), int(n_sentences), syllables


ARTICLE_COLUMNS = (
    "article_id",
    "outlet",
    "n_words",
    "n_sentences",
    *METRICS,
    "mattr_missing",
)


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
        ``mattr_window``, ``english_only`` and ``reprints`` apply.
    text_column : str, default="text"
        Column holding the cleaned body.

    Returns
    -------
    DataFrame
        ``ARTICLE_COLUMNS``: ``article_id, outlet, n_words, n_sentences``, ``METRICS`` and
        ``mattr_missing`` (why MATTR is missing, when it is), one row per article.
    """
    options = options or CompareOptions()
    frame = compared_articles(articles, options)
    if sentences is not None:
        per_article = body_rows(sentences).groupby("article_id").size()  # headlines aside
        n_sent = frame["article_id"].map(per_article).fillna(0).astype(int).tolist()
    elif "n_sentences" in frame.columns:
        n_sent = frame["n_sentences"].astype(int).tolist()
    else:
        n_sent = [None] * len(frame)
    window = options.mattr_window
    texts = frame[text_column].fillna("").tolist()
    counts = _article_counts(texts, window)
    rows = []
    for article_id, outlet, text, ns, (n_tokens, words, syllables, windows) in zip(
        frame["article_id"], frame["outlet"], texts, n_sent, counts, strict=True
    ):
        if ns is None:
            from ..prepare.sentences import split_sentences

            ns = len(split_sentences(text))
        n_sentences = int(ns)
        rows.append(
            {
                "article_id": article_id,
                "outlet": outlet,
                "n_words": n_tokens,
                "n_sentences": n_sentences,
                "mattr": (
                    float(windows / ((n_tokens - window + 1) * window))
                    if n_tokens >= window and n_tokens
                    else float("nan")
                ),
                "flesch_reading_ease": flesch(words, n_sentences, syllables),
                "words_per_sentence": words / n_sentences if n_sentences else np.nan,
                "syllables_per_word": syllables / words if words else np.nan,
                "mattr_missing": (
                    f"shorter than the {window}-token window ({n_tokens} tokens)"
                    if n_tokens < window
                    else ""
                ),
            }
        )
    return pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))


TEXT_METRICS_VERSION = 1
"""Raise it whenever :func:`text_metrics` changes what it measures: cached rows of an older
version are then not used."""
CACHE_CHUNK = 1000
"""Articles per cache chunk (as the prepare stage's)."""


def cached_text_metrics(
    articles: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    options: CompareOptions | None = None,
    cache: Cache | None = None,
) -> pd.DataFrame:
    """:func:`text_metrics`, with each article's row found in ``cache`` when an earlier run
    measured the same article (id, outlet, text, sentence count) with the same window; the
    others measured and kept. The same table as :func:`text_metrics` either way."""
    options = options or CompareOptions()
    if cache is None or articles.empty:
        return text_metrics(articles, sentences=sentences, options=options)
    frame = compared_articles(articles, options).reset_index(drop=True)
    counts = _sentence_counts(frame, sentences)
    key = stage_key(
        "text_metrics", {"version": TEXT_METRICS_VERSION, "window": options.mattr_window}
    )
    digests = [
        digest(a, o, t, n)
        for a, o, t, n in zip(
            frame["article_id"], frame["outlet"], frame["text"].fillna(""), counts, strict=True
        )
    ]
    loaded = cache.load("text_metrics", key, digests, version=TEXT_METRICS_VERSION)
    missing = loaded.missing
    fresh = text_metrics(
        frame.iloc[missing].assign(n_sentences=[counts[i] for i in missing]),
        options=replace(options, english_only=False, reprints="count"),
    )
    for start in range(0, len(missing), CACHE_CHUNK):
        part = fresh.iloc[start : start + CACHE_CHUNK].reset_index(drop=True)
        cache.store(
            "text_metrics",
            key,
            [digests[i] for i in missing[start : start + CACHE_CHUNK]],
            {"rows": part.assign(position=range(len(part)))},
        )
    parts = [loaded.tables["rows"]] if "rows" in loaded.tables else []
    if len(fresh) or not parts:  # an empty frame has no dtypes to give the others
        parts.append(fresh.assign(position=missing))
    rows = pd.concat(parts, ignore_index=True).sort_values("position", kind="stable")
    return rows.drop(columns="position").reset_index(drop=True)[list(ARTICLE_COLUMNS)]


def _sentence_counts(frame: pd.DataFrame, sentences: pd.DataFrame | None) -> list[int]:
    """Body sentences per article, as :func:`text_metrics` counts them."""
    if sentences is not None:
        per_article = body_rows(sentences).groupby("article_id").size()
        return frame["article_id"].map(per_article).fillna(0).astype(int).tolist()
    if "n_sentences" in frame.columns:
        return frame["n_sentences"].astype(int).tolist()
    raise ValueError("cached_text_metrics needs the sentence table or an n_sentences column")


CHUNK_CHARACTERS = 4_000_000
"""Characters of articles read at a time (a few articles more): one chunk's tokens are held at
once, never the whole corpus's."""


def _article_counts(
    texts: list[str], window: int, chunk_characters: int = CHUNK_CHARACTERS
) -> list[tuple[int, int, int, np.int64]]:
    """Each article's (tokens, words, syllables, MATTR windows' sum), a chunk of articles at a
    time (``_ArticleTerms``)."""
    found: list[tuple[int, int, int, np.int64]] = []
    for start, stop in chunk_ranges([len(text) for text in texts], chunk_characters):
        chunk = _ArticleTerms(texts[start:stop])
        windows = chunk.mattr_windows(window)
        found.extend((*chunk.counts(k), windows[k]) for k in range(stop - start))
    return found


class _ArticleTerms:
    """Articles' terms (``framing.tokens.terms``) as flat arrays, each distinct token
    normalised, classified (a word: it has a letter) and its syllables counted once.

    ``mattr``, ``_counts`` and ``terms`` one article at a time give the same numbers."""

    def __init__(self, texts: list[str]) -> None:
        found = [TOKEN_PATTERN.findall(text) for text in texts]
        self.lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        self.bounds = np.zeros(len(found) + 1, dtype=np.int64)
        np.cumsum(self.lengths, out=self.bounds[1:])
        flat = np.fromiter(chain.from_iterable(found), dtype=object, count=int(self.bounds[-1]))
        codes, tokens = pd.factorize(flat)
        term_of, self.terms = pd.factorize(np.array([normalize_term(t) for t in tokens], object))
        self.codes = term_of[codes] if len(codes) else np.zeros(0, dtype=np.int64)
        word = np.array([t[0].isalpha() or bool(_HAS_LETTER.search(t)) for t in self.terms])
        syllables = np.array(
            [count_syllables(t) if w else 0 for t, w in zip(self.terms, word, strict=True)]
        )
        self.word = np.cumsum(np.r_[0, word.astype(np.int64)[self.codes]])
        self.syllables = np.cumsum(np.r_[0, syllables.astype(np.int64)[self.codes]])

    def counts(self, k: int) -> tuple[int, int, int]:
        """Article ``k``'s (tokens, words, syllables)."""
        first, last = self.bounds[k], self.bounds[k + 1]
        words = self.word[last] - self.word[first]
        return int(last - first), int(words), int(self.syllables[last] - self.syllables[first])

    def mattr_windows(self, window: int) -> np.ndarray:
        """Per article, the sum over its windows of ``window`` tokens of the types in each (the
        numerator of :func:`mattr`, computed for every article at once)."""
        n = len(self.codes)
        article = np.repeat(np.arange(len(self.lengths)), self.lengths)
        at = np.arange(n) - self.bounds[article]  # position in the article
        order = np.lexsort((at, self.codes, article))
        prev = np.full(n, -1, dtype=np.int64)
        same = (self.codes[order][1:] == self.codes[order][:-1]) & (
            article[order][1:] == article[order][:-1]
        )
        prev[order[1:][same]] = at[order[:-1][same]]
        size = self.lengths[article]
        hi = np.minimum(at, size - window)
        lo = np.maximum(np.maximum(at - window + 1, prev + 1), 0)
        each = np.clip(hi - lo + 1, 0, None)
        totals = np.zeros(len(self.lengths), dtype=np.int64)
        np.add.at(totals, article, each)
        return totals


OUTLET_COLUMNS = (
    "group",
    "metric",
    "mean",
    "ci_low",
    "ci_high",
    "n_values",
    "n_articles",
    "n_words",
    "small_sample",
)


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
        generator seeded by the run's seed and the group's and metric's names
        (:func:`framing.stats.group_rng`), so adding an outlet or a metric leaves the others'
        intervals unchanged.

    Returns
    -------
    DataFrame
        ``OUTLET_COLUMNS``: ``group, metric, mean, ci_low, ci_high``, ``n_values`` (articles with
        a value: MATTR is missing for short ones), and the group's ``n_articles, n_words,
        small_sample``. Intervals are NaN for fewer than two values.
    """
    options = options or CompareOptions()
    sizes = group_sizes(per_article, by)
    groups, order, bounds = group_slices(per_article[by])
    columns = {m: per_article[m].to_numpy(dtype=float)[order] for m in metrics}
    n_articles = sizes["n_articles"].reindex(groups).to_numpy()
    n_words = sizes["n_words"].reindex(groups).to_numpy()
    small = sizes["small_sample"].reindex(groups).to_numpy()
    rows = []
    for g, group in enumerate(groups):  # numpy slices: thousands of outlets take a second
        for metric in metrics:
            values = columns[metric][bounds[g] : bounds[g + 1]]
            n_values = int(np.count_nonzero(~np.isnan(values)))
            mean, low, high = bootstrap_ci(
                values,
                n_boot=options.n_boot,
                confidence=options.confidence,
                seed=group_rng(options.seed, group, metric) if resampled(n_values) else 0,
            )
            rows.append(
                {
                    "group": group,
                    "metric": metric,
                    "mean": mean,
                    "ci_low": low,
                    "ci_high": high,
                    "n_values": n_values,
                    "n_articles": int(n_articles[g]),
                    "n_words": int(n_words[g]),
                    "small_sample": bool(small[g]),
                }
            )
    return pd.DataFrame(rows, columns=list(OUTLET_COLUMNS))
