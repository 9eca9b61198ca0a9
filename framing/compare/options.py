"""Options of the compare stage, as one frozen dataclass.

Why frozen: a run's options are part of its result (the report prints them and a cache keys on
them), so they must be immutable, comparable and printable. Each option is documented once, here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import ConfigError

__all__ = [
    "CompareOptions",
    "SMALL_CORPUS",
    "is_int",
    "is_number",
    "DENSE_OUTLETS",
    "SIMILAR_OUTLETS",
]

SMALL_CORPUS = 1000
"""Corpora with fewer articles keep terms seen in one article (see ``CompareOptions.min_df``)."""
LARGE_CORPUS = 10_000
"""Corpora with at least this many articles keep terms seen in 5 or more articles."""
DENSE_OUTLETS = 500
"""Up to this many outlets, outlet × outlet results are complete; above it they are bounded.

Complete: ``similarity.csv`` holds every ordered pair, ``LexicalComparison.cosine`` and
``divergence`` are square over every outlet. Above it, ``similarity.csv`` keeps each outlet's
``SIMILAR_OUTLETS`` most similar others (by cosine), the square matrices (and the heatmap and the
closest and most different pairs drawn from them) cover the ``DENSE_OUTLETS`` largest outlets by
words, and the report's per-outlet tables list the largest outlets only. Why 500: every pair of
500 outlets is 249,500 rows (about 30 MB of CSV) and two 2 MB matrices, computed in seconds, and
the AllSides corpus (487 outlets) stays complete; every pair of 10,000 outlets, which is what a
mis-mapped outlet column gives (one outlet per article), would be 10⁸ rows, 1.6 GB of matrices
and a clustering whose cost grows with the cube of the outlets."""
SIMILAR_OUTLETS = 20
"""Rows per outlet in ``similarity.csv`` above ``DENSE_OUTLETS`` outlets: its most similar other
outlets by cosine (only those sharing a term: cosine above 0). Twenty is more than any report or
reader looks at, and keeps the table at 20 rows per outlet (linear in the outlets)."""

_PRIORS = ("corpus", "english")
_STOPWORDS = ("drop", "keep")
_REPRINTS = ("count", "exclude")


@dataclass(frozen=True)
class CompareOptions:
    """How terms are counted, tested and summarised across outlets.

    Parameters
    ----------
    ngram_range : tuple of (int, int), default=(1, 2)
        Smallest and largest n-gram counted as a term (unigrams and bigrams by default: bigrams
        catch names and phrases such as ``false flag``, ``border wall``).
    min_df : int, optional
        A term must occur in at least this many articles to enter the vocabulary. Default: 1 for
        corpora under ``SMALL_CORPUS`` (1,000) articles, 2 under ``LARGE_CORPUS`` (10,000),
        else 5 (as scikit-learn users commonly choose; rarer n-grams of a 10,000-article corpus
        number in the millions and cost gigabytes without changing any outlet's top terms).
        In a small corpus an outlet may have one article, and that article's choice of *Kiev*
        over *Kyiv* is exactly what a reader wants to see (flagged ``single_article``, not
        hidden); in a large corpus terms
        seen in one article are idiosyncrasies, and pruning them saves memory and shrinks the
        multiple-testing penalty.
    stopwords : {"drop", "keep"}, default="drop"
        ``"drop"`` removes terms made only of English function words (scikit-learn's list, e.g.
        ``the``, ``of the``) from the *tested* vocabulary; bigrams with one content word
        (``the border``) stay. Monroe et al. (2008) keep them and let the prior damp them, but
        their z-scores grow with frequency, so they crowd the top of a list without telling a
        reader anything about framing. Word counts (rate denominators) always include them.
    english_only : bool, default=True
        Use only articles with ``is_english`` true when that column exists.
    reprints : {"count", "exclude"}, default="count"
        How an article whose exact text also appears in another outlet (``reprint_of``: a wire
        story several outlets printed) enters keyness, similarity and diversity. ``"count"``: each
        outlet's copy counts for that outlet, because each outlet chose to publish it and its
        readers read it; outlets that share wire copy then look alike, which is true of what
        they publish. ``"exclude"``: every copy is left out, to compare only the text each outlet
        did not share verbatim. Near-duplicates (reprints with edits) always count.
    prior : {"corpus", "english"}, default="corpus"
        Where the informative Dirichlet prior comes from: term frequencies of the whole corpus
        being compared, or general English (``wordfreq``; bigrams estimated from their words).
    alpha0 : float, default=1000.0
        Prior strength in pseudo-terms (the sum of the Dirichlet parameters). 1,000 is about one
        article: negligible for an outlet with many articles, but enough to pull a one-article
        outlet's estimates toward the corpus.
    significance : float, default=0.05
        Family-wise error rate for keyness. A term is significant when its two-sided p-value from
        z is below ``significance / m`` (Bonferroni), m the number of terms tested for that group.
    n_boot : int, default=1000
        Bootstrap resamples (over articles) for confidence intervals.
    confidence : float, default=0.95
        Level of the percentile bootstrap intervals.
    seed : int, default=0
        Seed of the numpy Generator used for bootstrapping, so reruns give identical intervals.
    mattr_window : int, default=50
        Window (tokens) of the moving-average type-token ratio.
    keep_terms : int or None, default=1000
        Rows kept per outlet in the keyness table of a full analysis: its ``keep_terms`` most
        over-used and most under-used terms. Bounds the table (all informative rows for 491
        outlets would be ten million rows); None keeps every informative row. Terms beyond the
        first thousand each way are never the ones a report or a reader looks at.
    headlines : bool, default=True
        Count the articles' headlines (their own rows in the sentence table, ``is_headline``)
        with their bodies in keyness and similarity: a headline is where an outlet's choice of
        words is sharpest, and one that is left out hides it. ``False`` compares bodies only.
        Lexical diversity and readability always measure the body.
    """

    ngram_range: tuple[int, int] = (1, 2)
    min_df: int | None = None
    stopwords: str = "drop"
    english_only: bool = True
    reprints: str = "count"
    prior: str = "corpus"
    alpha0: float = 1000.0
    significance: float = 0.05
    n_boot: int = 1000
    confidence: float = 0.95
    seed: int = 0
    mattr_window: int = 50
    keep_terms: int | None = 1000
    headlines: bool = True

    def min_df_for(self, n_articles: int) -> int:
        """The ``min_df`` used for a corpus of ``n_articles`` articles."""
        if self.min_df is not None:
            return self.min_df
        if n_articles < SMALL_CORPUS:
            return 1
        return 2 if n_articles < LARGE_CORPUS else 5

    def __post_init__(self) -> None:
        pair = self.ngram_range
        if not (
            isinstance(pair, tuple | list)
            and len(pair) == 2
            and all(is_int(n) for n in pair)
            and 1 <= pair[0] <= pair[1]
        ):
            _bad("ngram_range", "a pair of ints (lo, hi) with 1 <= lo <= hi", self.ngram_range)
        for name in ("alpha0", "significance", "confidence"):
            if not is_number(getattr(self, name)):
                _bad(name, "a number", getattr(self, name))
        if not is_int(self.seed):
            _bad("seed", "an int", self.seed)
        if self.min_df is not None and not (is_int(self.min_df) and self.min_df >= 1):
            _bad("min_df", "None or an int >= 1", self.min_df)
        if self.stopwords not in _STOPWORDS:
            _bad("stopwords", f"one of {_STOPWORDS}", self.stopwords)
        if self.reprints not in _REPRINTS:
            _bad("reprints", f"one of {_REPRINTS}", self.reprints)
        if self.prior not in _PRIORS:
            _bad("prior", f"one of {_PRIORS}", self.prior)
        if not self.alpha0 > 0:
            _bad("alpha0", "a number > 0", self.alpha0)
        if not 0 < self.significance < 1:
            _bad("significance", "a number in (0, 1)", self.significance)
        if not 0 < self.confidence < 1:
            _bad("confidence", "a number in (0, 1)", self.confidence)
        if not (is_int(self.n_boot) and self.n_boot >= 1):
            _bad("n_boot", "an int >= 1", self.n_boot)
        if self.keep_terms is not None and not (is_int(self.keep_terms) and self.keep_terms >= 1):
            _bad("keep_terms", "None or an int >= 1", self.keep_terms)
        if not isinstance(self.headlines, bool):
            _bad("headlines", "true or false", self.headlines)
        if not (is_int(self.mattr_window) and self.mattr_window >= 2):
            _bad("mattr_window", "an int >= 2", self.mattr_window)


def is_int(value: object) -> bool:
    """An int that is not a bool (TOML's ``true`` is a mistake for 1, not 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    """A finite int or float that is not a bool (``inf`` as a limit is no limit)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _bad(name: str, expected: str, got: object) -> None:
    raise ConfigError(
        f"The '{name}' parameter of CompareOptions must be {expected}; got {got!r} instead."
    )
