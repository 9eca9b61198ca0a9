"""Compare stage: comparisons of outlets, each registered in ``COMPARISONS`` with the tables and
extras it makes and what it requires (``framing.compare.base``; ordered by
``framing.compare.run.plan``): the lexical comparison (keyness, similarity, diversity), the
evidence behind its terms, voices, naming, tone and loaded wording.

Lexical flow: :func:`count_terms` (one vocabulary, sparse counts) → :func:`keyness` (Monroe et
al. log-odds with an informative Dirichlet prior) and :func:`tfidf_cosine` /
:func:`js_divergence` → :func:`kwic` for the sentences behind any term. :func:`compare_lexicon`
runs them all; :func:`lexical_evidence` ranks the terms and finds the sentences behind them.
"""

from ..stats import (
    MIN_ARTICLES,
    MIN_WORDS,
    bootstrap_ci,
    bootstrap_means,
    group_rng,
    group_sizes,
    small_sample,
)
from .base import CompareInput, CompareOutput, Comparison
from .diversity import (
    METRICS,
    count_syllables,
    flesch_reading_ease,
    mattr,
    outlet_metrics,
    text_metrics,
)
from .evidence import LexicalEvidence, TermRanking, lexical_evidence
from .keyness import (
    KEYNESS_COLUMNS,
    bonferroni_z,
    corpus_prior,
    english_prior,
    keyness,
    log_odds_dirichlet,
    top_terms,
)
from .kwic import KWIC_COLUMNS, kwic
from .lexical import LexicalComparison, compare_lexicon
from .options import CompareOptions
from .registry import COMPARISONS, run_comparisons
from .run import plan
from .similarity import (
    cluster_linkage,
    cluster_order,
    js_divergence,
    similarity_table,
    tfidf_cosine,
)
from .vectorize import TermCounts, count_terms, group_matrix, make_term_analyzer

__all__ = [
    "COMPARISONS",
    "CompareInput",
    "CompareOutput",
    "Comparison",
    "run_comparisons",
    "plan",
    "KEYNESS_COLUMNS",
    "KWIC_COLUMNS",
    "METRICS",
    "MIN_ARTICLES",
    "MIN_WORDS",
    "CompareOptions",
    "LexicalComparison",
    "LexicalEvidence",
    "TermRanking",
    "lexical_evidence",
    "TermCounts",
    "bonferroni_z",
    "bootstrap_ci",
    "bootstrap_means",
    "cluster_linkage",
    "cluster_order",
    "compare_lexicon",
    "corpus_prior",
    "count_syllables",
    "count_terms",
    "english_prior",
    "flesch_reading_ease",
    "group_matrix",
    "js_divergence",
    "keyness",
    "kwic",
    "log_odds_dirichlet",
    "make_term_analyzer",
    "mattr",
    "outlet_metrics",
    "group_sizes",
    "group_rng",
    "similarity_table",
    "small_sample",
    "tfidf_cosine",
    "text_metrics",
    "top_terms",
]
