"""Distinctive terms: weighted log-odds ratios with an informative Dirichlet prior (Monroe et al.).

Why this statistic (Monroe, Colaresi & Quinn 2008, "Fightin' Words", section 3.5): raw frequency
differences are dominated by common words, plain log-odds ratios by rare ones, and TF-IDF has no
notion of evidence. Adding prior pseudo-counts ``alpha_w`` shrinks rare terms toward the background
rate, and dividing by the estimate's standard error turns the difference into a z-score that
grows with evidence, not just with effect size.

For term ``w``, group ``i`` against the rest ``j`` (counts ``y``, vocabulary totals ``n``, prior
``alpha_w`` summing to ``alpha0``)::

    delta_w = log((y_iw + a_w) / (n_i + alpha0 - y_iw - a_w))
            - log((y_jw + a_w) / (n_j + alpha0 - y_jw - a_w))
    var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

Caveats, stated in the table rather than hidden:

- z treats every occurrence as an independent draw; words cluster within articles, so a term used
  often by *one* article looks stronger than it is. ``articles_group`` and ``single_article`` show
  how many articles carry it; an outlet with one article is one article.
- Significance is Bonferroni-corrected over the m terms tested for that group: two-sided
  ``p = 2 * Phi(-|z|) < significance / m``. Families are per group; with G groups compared each
  against the rest, about ``G * significance`` false findings can still occur in total.
- Rows kept: every term the group uses, plus terms it never uses but would be expected to use at
  least once at the rest's rate. A term absent from a group with an expected count below 1 has
  ``|z| < 0.81`` under the corpus prior (``|z| <= |log(1 + r)| / sqrt(r)`` with
  ``r = n_i / alpha0``), so it can never be a finding; leaving it out keeps the table to the
  groups' own vocabularies (``rows="all"`` keeps everything, for small corpora).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..lexicons import english_frequencies
from ..stats import group_sizes, rate_per_1000
from .options import CompareOptions
from .vectorize import TermCounts, binary, group_matrix

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = [
    "KEYNESS_COLUMNS",
    "keyness",
    "log_odds_dirichlet",
    "corpus_prior",
    "english_prior",
    "bonferroni_z",
    "top_terms",
]

KEYNESS_COLUMNS = (
    "comparison",
    "group",
    "term",
    "count_group",
    "count_rest",
    "rate_group",
    "rate_rest",
    "articles_group",
    "articles_rest",
    "log_odds",
    "z",
    "p_value",
    "significant",
    "single_article",
    "n_articles",
    "n_words",
    "n_articles_rest",
    "n_words_rest",
    "small_sample",
)
"""Columns of the keyness table, in order (meanings in :func:`keyness`)."""


def log_odds_dirichlet(
    y_group: np.ndarray,
    n_group: np.ndarray,
    y_rest: np.ndarray,
    n_rest: np.ndarray,
    alpha: np.ndarray,
    alpha0: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio with a Dirichlet prior and its z-score (Monroe et al. 2008, eq. 16, 18-19).

    All array arguments broadcast against each other, so one call scores every (group, term)
    cell at once.

    Parameters
    ----------
    y_group, y_rest : array of float
        Counts of the term in the group and in the rest.
    n_group, n_rest : array of float
        Total counts over the vocabulary in the group and in the rest.
    alpha : array of float
        Prior pseudo-count of the term (``alpha0`` times its prior probability).
    alpha0 : float
        Sum of the prior pseudo-counts over the vocabulary.

    Returns
    -------
    (log_odds, z) : tuple of arrays

    >>> d, z = log_odds_dirichlet(10, 100, 5, 200, 1.0, 10.0)
    >>> round(float(d), 4), round(float(z), 4)
    (1.3291, 2.6189)
    """
    a_group = np.asarray(y_group, dtype=float) + alpha
    a_rest = np.asarray(y_rest, dtype=float) + alpha
    delta = np.log(a_group / (n_group + alpha0 - a_group)) - np.log(
        a_rest / (n_rest + alpha0 - a_rest)
    )
    z = delta / np.sqrt(1.0 / a_group + 1.0 / a_rest)
    return delta, z


def bonferroni_z(n_tests: int, significance: float = 0.05) -> float:
    """|z| above which a two-sided test stays significant after Bonferroni over ``n_tests``.

    >>> round(bonferroni_z(1), 3), round(bonferroni_z(10_000), 3)
    (1.96, 4.565)
    """
    from scipy.special import ndtri

    return float(-ndtri(significance / (2 * max(n_tests, 1))))


def corpus_prior(totals: np.ndarray, alpha0: float) -> np.ndarray:
    """Prior pseudo-counts proportional to the corpus's own term totals."""
    totals = np.asarray(totals, dtype=float)
    return alpha0 * totals / totals.sum()


def english_prior(vocabulary: Sequence[str], alpha0: float) -> np.ndarray:
    """Prior pseudo-counts proportional to general-English frequencies (``wordfreq``).

    A multi-word term (or hyphenated word) gets wordfreq's own estimate for phrases, the
    half-harmonic mean ``1 / sum(1 / f_word)``: an overestimate of a bigram's frequency, so the
    prior shrinks bigrams more, which errs on the side of caution. Words wordfreq does not know
    get a floor of 1e-9 (their z-scores then rest on the counts alone and stay modest).
    """
    freq = np.array([_english_frequency(term) for term in vocabulary], dtype=float)
    return alpha0 * freq / freq.sum()


def _english_frequency(term: str) -> float:
    table = english_frequencies()
    found = table.get(term)
    if found is not None:
        return found
    parts = [p for p in term.replace("-", " ").split(" ") if p]
    inverse = 0.0
    for part in parts:
        f = table.get(part, 1e-9)
        inverse += 1.0 / f
    return max(1.0 / inverse, 1e-9) if inverse else 1e-9


def _labels(counts: TermCounts, by: str | pd.Series | np.ndarray) -> tuple[str, np.ndarray]:
    if isinstance(by, str):
        if by not in counts.articles.columns:
            raise ConfigError(
                f"The 'by' parameter of keyness must be a column of the articles "
                f"({sorted(counts.articles.columns)}) or labels per article; got {by!r} instead."
            )
        return by, counts.articles[by].to_numpy(dtype=object)
    if isinstance(by, pd.Series):
        name = str(by.name) if by.name is not None else "group"
        if by.index.equals(counts.articles.index) or not by.index.isin(counts.articles.index).any():
            values = by.to_numpy(dtype=object)
        else:
            values = by.reindex(counts.articles.index).to_numpy(dtype=object)
        if len(values) != len(counts.articles):
            raise ConfigError("The 'by' labels of keyness must align with the counted articles.")
        return name, values
    values = np.asarray(by, dtype=object)
    if len(values) != len(counts.articles):
        raise ConfigError("The 'by' labels of keyness must align with the counted articles.")
    return "group", values


def keyness(
    counts: TermCounts,
    by: str | pd.Series | np.ndarray = "outlet",
    *,
    pair: tuple[str, str] | None = None,
    comparison: str | None = None,
    top: int | None = None,
    rows: str = "informative",
    options: CompareOptions | None = None,
) -> pd.DataFrame:
    """Distinctive terms of each group against the rest, or of a pair of groups against each other.

    Parameters
    ----------
    counts : TermCounts
        From :func:`framing.compare.count_terms` (possibly ``.select(...)``-ed to a topic).
    by : str or Series or array, default="outlet"
        The grouping: a column of ``counts.articles`` (``"outlet"``, ``"bias"``) or one label per
        article (a Series indexed by ``article_id`` or an array aligned with the rows). Articles
        whose label is missing take no part.
    pair : (str, str), optional
        Compare only these two groups, each against the other. Without it, each group is compared
        against all the other labelled articles ("the rest").
    comparison : str, optional
        Name of the comparison in the ``comparison`` column; default ``"<by>: each vs rest"`` or
        ``"<by>: <a> vs <b>"``.
    top : int, optional
        Keep only the ``top`` terms each way (highest and lowest z) per group.
    rows : {"informative", "all"}, default="informative"
        ``"all"`` keeps every tested term for every group (dense; small corpora only). See the
        module docstring for what ``"informative"`` leaves out and why that is safe.
    options : CompareOptions, optional
        ``prior``, ``alpha0`` and ``significance`` apply; default: the options of ``counts``.

    Returns
    -------
    DataFrame
        One row per (comparison, group, term), sorted by group then descending z, with columns
        ``KEYNESS_COLUMNS``: counts and rates per 1,000 words in the group and the rest, number
        of articles using the term on each side, ``log_odds`` (delta), ``z``, two-sided
        ``p_value``, ``significant`` (Bonferroni), ``single_article`` (the side the term leans to
        has one article using it), and the group's ``n_articles``, ``n_words``, the rest's
        ``n_articles_rest``, ``n_words_rest``, and ``small_sample`` (the group is below
        ``stats.MIN_ARTICLES`` articles or ``stats.MIN_WORDS`` words). ``attrs`` holds
        ``n_tested`` and ``z_threshold``.
    """
    options = options or counts.options
    if rows not in ("informative", "all"):
        raise ConfigError(
            f"The 'rows' parameter of keyness must be 'informative' or 'all'; got {rows!r} instead."
        )
    by_name, labels = _labels(counts, by)
    labels = pd.Series(labels).where(pd.notna(labels), None).to_numpy(dtype=object)
    if pair is not None:
        a, b = pair
        present = set(pd.unique(labels[pd.notna(labels)]))
        for name in (a, b):
            if name not in present:
                raise ConfigError(
                    f"The 'pair' parameter of keyness must name groups of {by_name!r}; "
                    f"{name!r} is not one of them."
                )
        labels = np.where(np.isin(labels, [a, b]), labels, None)
        comparison = comparison or f"{by_name}: {a} vs {b}"
    else:
        comparison = comparison or f"{by_name}: each vs rest"
    in_cmp = pd.notna(labels)
    if len(set(labels[in_cmp])) < 2:
        raise ConfigError("keyness needs at least two groups with articles to compare.")

    if isinstance(by, str) and by == "outlet" and pair is None and in_cmp.all():
        groups, y, docs = counts.outlets, counts.outlet_counts, counts.outlet_docs
    else:
        groups, y = group_matrix(counts.article_counts, labels)
        _, docs = group_matrix(binary(counts.article_counts), labels)
    sizes = group_sizes(counts.articles, labels, groups=groups)
    n_articles = sizes["n_articles"].to_numpy(dtype=np.int64)
    n_words = sizes["n_words"].to_numpy(dtype=np.int64)

    totals = np.asarray(y.sum(axis=0)).ravel().astype(float)  # per term, compared articles
    doc_totals = np.asarray(docs.sum(axis=0)).ravel()
    n_group = np.asarray(y.sum(axis=1)).ravel().astype(float)  # vocabulary totals per group
    n_all = n_group.sum()
    tested = totals > 0
    n_tested = int(tested.sum())
    z_crit = bonferroni_z(n_tested, options.significance)

    if options.prior == "english":
        alpha = english_prior(counts.vocabulary, options.alpha0)
    else:
        alpha = corpus_prior(np.asarray(counts.article_counts.sum(axis=0)).ravel(), options.alpha0)

    g_idx, t_idx, y_g, d_g = _cells(y, docs, totals, n_group, tested, rows)
    y_r = totals[t_idx] - y_g
    d_r = doc_totals[t_idx] - d_g
    n_r = n_all - n_group[g_idx]
    delta, z = log_odds_dirichlet(y_g, n_group[g_idx], y_r, n_r, alpha[t_idx], options.alpha0)
    from scipy.special import ndtr

    p_value = 2.0 * ndtr(-np.abs(z))

    order = _order(g_idx, z, len(groups), top)
    g_idx, t_idx = g_idx[order], t_idx[order]
    y_g, y_r, d_g, d_r = y_g[order], y_r[order], d_g[order], d_r[order]
    delta, z, p_value = delta[order], z[order], p_value[order]

    words_rest = n_words.sum() - n_words
    articles_rest = n_articles.sum() - n_articles
    small = sizes["small_sample"].to_numpy()
    vocab_codes = pd.Categorical.from_codes(
        t_idx, categories=pd.Index(counts.vocabulary, dtype=object)
    )
    columns = {
        "comparison": pd.Categorical.from_codes(np.zeros(len(g_idx), np.int8), [comparison]),
        "group": pd.Categorical.from_codes(g_idx, categories=groups),
        "term": vocab_codes,
        "count_group": y_g.astype(np.int32),
        "count_rest": y_r.astype(np.int32),
        "rate_group": rate_per_1000(y_g, n_words[g_idx]),
        "rate_rest": rate_per_1000(y_r, words_rest[g_idx]),
        "articles_group": d_g.astype(np.int32),
        "articles_rest": d_r.astype(np.int32),
        "log_odds": delta,
        "z": z,
        "p_value": p_value,
        "significant": np.abs(z) > z_crit,
        "single_article": np.where(z >= 0, d_g == 1, d_r == 1),
        "n_articles": n_articles[g_idx],
        "n_words": n_words[g_idx],
        "n_articles_rest": articles_rest[g_idx],
        "n_words_rest": words_rest[g_idx],
        "small_sample": small[g_idx],
    }
    # concat of Series keeps one block per column: building a 10-million-row table this way
    # skips the consolidation copy that pd.DataFrame(dict) makes (seconds and a GB at that size)
    table = pd.concat([pd.Series(v, name=k) for k, v in columns.items()], axis=1)
    table.attrs.update({"n_tested": n_tested, "z_threshold": z_crit})
    return table


def _cells(
    y: sp.csr_matrix,
    docs: sp.csr_matrix,
    totals: np.ndarray,
    n_group: np.ndarray,
    tested: np.ndarray,
    rows: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cells to score as (group, term, count, articles): used terms, then absent expected ones.

    ``y`` and ``docs`` share one sparsity pattern (an article uses a term iff it counts it), so
    the stored values of both line up once their indices are sorted.
    """
    n_groups, n_terms = y.shape
    for matrix in (y, docs):
        if not matrix.has_sorted_indices:
            matrix.sort_indices()
    used_g = np.repeat(np.arange(n_groups), np.diff(y.indptr))
    used_t = y.indices.astype(np.int64)
    used_y = y.data.astype(float)
    used_d = docs.data.astype(float)
    if rows == "all":
        cand_g = np.repeat(np.arange(n_groups), int(tested.sum()))
        cand_t = np.tile(np.flatnonzero(tested), n_groups)
    else:
        # absent but expected at least once, n_i * T_w / N >= 1, i.e. T_w >= N / n_i:
        # a prefix of the terms sorted by total, per group.
        by_total = np.argsort(-totals, kind="stable")
        need = n_group.sum() / np.maximum(n_group, 1.0)
        k = np.searchsorted(-totals[by_total], -need, side="right")
        cand_g = np.repeat(np.arange(n_groups), k)
        starts = np.cumsum(k) - k
        cand_t = by_total[np.arange(k.sum()) - np.repeat(starts, k)]
    used_keys = used_g * n_terms + used_t  # sorted: rows in order, sorted indices
    cand_keys = cand_g * n_terms + cand_t
    if used_keys.size:
        pos = np.minimum(np.searchsorted(used_keys, cand_keys), used_keys.size - 1)
        absent = used_keys[pos] != cand_keys
    else:
        absent = np.ones(cand_keys.size, dtype=bool)
    n_absent = int(absent.sum())
    return (
        np.concatenate([used_g, cand_g[absent]]),
        np.concatenate([used_t, cand_t[absent]]),
        np.concatenate([used_y, np.zeros(n_absent)]),
        np.concatenate([used_d, np.zeros(n_absent)]),
    )


def _order(g_idx: np.ndarray, z: np.ndarray, n_groups: int, top: int | None) -> np.ndarray:
    """Row order: by group, then descending z; only the ``top`` each way per group if given.

    Loops over groups (hundreds), never over terms: each group's slice is sorted (or
    partitioned, with ``top``) by numpy.
    """
    by_group = np.argsort(g_idx, kind="stable")
    bounds = np.searchsorted(g_idx[by_group], np.arange(n_groups + 1))
    parts = []
    for g in range(n_groups):
        cells = by_group[bounds[g] : bounds[g + 1]]
        zs = -z[cells]
        if top is not None and cells.size > 2 * top:
            pick = np.r_[np.argpartition(zs, top - 1)[:top], np.argpartition(-zs, top - 1)[:top]]
            cells, zs = cells[pick], zs[pick]
        parts.append(cells[np.argsort(zs, kind="stable")])
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def check_names(kind: str, given: Sequence[str], known: Sequence[str]) -> None:
    """A name that is not among ``known`` is an error that lists the closest ones (a wrongly
    cased or misspelt outlet gave an empty table before, silently)."""
    known = [str(k) for k in known]
    by_lower = {k.lower(): k for k in known}
    for name in given:
        if name in known:
            continue
        close = difflib.get_close_matches(str(name).lower(), list(by_lower), n=3, cutoff=0.6)
        hint = (
            f"; did you mean {', '.join(repr(by_lower[c]) for c in close)}?"
            if close
            else f"; known: {', '.join(repr(k) for k in sorted(known)[:8])}"
            + (" ..." if len(known) > 8 else "")
        )
        raise ConfigError(f"No {kind} named {name!r}{hint}")


def top_terms(
    table: pd.DataFrame,
    group: str,
    n: int = 15,
    *,
    direction: str = "over",
    comparison: str | None = None,
) -> pd.DataFrame:
    """The ``n`` most distinctive terms of ``group``: over-used (highest z) or under-used (lowest).

    Parameters
    ----------
    table : DataFrame
        A keyness table.
    group : str
        The group (outlet, or label of the grouping).
    n : int, default=15
        How many terms.
    direction : {"over", "under"}, default="over"
        ``"over"``: terms the group uses more than the rest; ``"under"``: less.
    comparison : str, optional
        Restrict to one comparison when the table holds several.
    """
    if direction not in ("over", "under"):
        raise ConfigError(
            f"The 'direction' parameter of top_terms must be 'over' or 'under'; got {direction!r}."
        )
    if table.empty:
        return pd.DataFrame(columns=list(KEYNESS_COLUMNS))
    # the distinct groups, not every row made a string: a table of 10,000 outlets has 10⁶ rows
    check_names("outlet", [group], [str(g) for g in table["group"].unique()])
    rows = table[table["group"] == group]
    if comparison is not None:
        rows = rows[rows["comparison"] == comparison]
    rows = rows.sort_values("z", ascending=direction == "under", kind="stable")
    return rows.head(n).reset_index(drop=True)
