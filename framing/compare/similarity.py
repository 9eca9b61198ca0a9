"""How alike outlets' vocabularies are: TF-IDF cosine similarity and Jensen-Shannon divergence.

Why two measures: cosine on TF-IDF weights terms by how few articles use them, so it reads as
"do they talk about the same specific things"; Jensen-Shannon divergence compares whole term
distributions, common words included, so it reads as "do they write alike". Both come as square
DataFrames indexed by outlet (or any grouping), with :func:`cluster_order` giving a hierarchical
clustering order for heatmaps.

Why bounded above ``DENSE_OUTLETS`` groups: every pair of G groups is G² cells, and a clustering
costs up to G³; at 10,000 outlets (a mis-mapped outlet column) that is gigabytes and hours. The
long table (:func:`similarity_table`) then keeps each group's ``SIMILAR_OUTLETS`` most similar
others, found block by block in memory linear in the groups, and the square matrices are asked
for a subset (``groups=``: the largest).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..stats import group_sizes
from .options import DENSE_OUTLETS, SIMILAR_OUTLETS
from .vectorize import TermCounts, group_matrix

if TYPE_CHECKING:  # scipy loads when a similarity is computed
    import scipy.sparse as sp

__all__ = [
    "tfidf_cosine",
    "js_divergence",
    "cluster_linkage",
    "cluster_order",
    "similarity_table",
    "nearest_groups",
]

BLOCK_CELLS = 4_000_000
"""Cells (32 MB of floats) of one block of rows × groups when the nearest groups are searched."""


def _grouped(counts: TermCounts, by: str) -> tuple[pd.Index, sp.csr_matrix]:
    if by == "outlet":
        return counts.outlets, counts.outlet_counts
    if by not in counts.articles.columns:
        raise ConfigError(
            f"The 'by' parameter must be a column of the counted articles; got {by!r} instead."
        )
    return group_matrix(counts.article_counts, counts.articles[by].to_numpy(dtype=object))


def _subset(labels: pd.Index, groups: Sequence[str] | None) -> np.ndarray:
    """Positions of ``groups`` among ``labels`` (all of them when None)."""
    if groups is None:
        return np.arange(len(labels))
    where = labels.get_indexer(list(groups))
    if (where < 0).any():
        missing = [g for g, w in zip(groups, where, strict=True) if w < 0][:3]
        raise ConfigError(
            f"The 'groups' parameter must name groups with counted articles; {missing} are not."
        )
    return where


def _unit_tfidf(counts: TermCounts, y: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
    """The groups' TF-IDF vectors scaled to unit length, and their lengths before (0: no term)."""
    import scipy.sparse as sp

    n_articles = counts.article_counts.shape[0]
    df = np.bincount(counts.article_counts.indices, minlength=y.shape[1])
    idf = np.log((1.0 + n_articles) / (1.0 + df)) + 1.0
    x = (y.astype(float) @ sp.diags(idf)).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x = sp.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ x
    return x.tocsr(), norms


def tfidf_cosine(
    counts: TermCounts, *, by: str = "outlet", groups: Sequence[str] | None = None
) -> pd.DataFrame:
    """Cosine similarity of the groups' TF-IDF vectors (1 = same profile, 0 = no shared terms).

    A group's vector is its summed term counts weighted by the smoothed inverse *article*
    frequency ``ln((1 + A) / (1 + df)) + 1`` (scikit-learn's formula), computed over articles
    rather than over groups: with five outlets, a document frequency over outlets could only take
    five values.

    Parameters
    ----------
    counts : TermCounts
        Term counts.
    by : str, default="outlet"
        Grouping column of ``counts.articles``.
    groups : sequence of str, optional
        Only these groups, in this order (the matrix has the square of their number of cells;
        the weights still come from every article). Default: every group.
    """
    labels, y = _grouped(counts, by)
    x, norms = _unit_tfidf(counts, y)
    rows = _subset(labels, groups)
    if groups is not None:
        labels, x, norms = labels[rows], x[rows], norms[rows]
    sim = np.asarray((x @ x.T).todense())
    np.fill_diagonal(sim, np.where(norms > 0, 1.0, 0.0))
    return pd.DataFrame(np.clip(sim, 0.0, 1.0), index=labels, columns=labels)


def _distributions(y: sp.csr_matrix) -> sp.csr_matrix:
    """Each group's term counts as a probability distribution (a row of zeros stays zeros)."""
    import scipy.sparse as sp

    totals = np.asarray(y.sum(axis=1)).ravel().astype(float)
    return (sp.diags(1.0 / np.where(totals > 0, totals, 1.0)) @ y.astype(float)).tocsr()


def _shared_mass(row_data: np.ndarray, sub: sp.coo_matrix, n: int) -> np.ndarray:
    """``1 + 1/2 * sum`` over the terms a row ``p`` shares with each of ``n`` others (``sub``:
    their probabilities of the row's terms, one row each): the divergence of each pair."""
    pv = row_data[sub.col]
    qv = sub.data
    mix = pv + qv
    contrib = pv * np.log2(pv / mix) + qv * np.log2(qv / mix)
    return 1.0 + 0.5 * np.bincount(sub.row, weights=contrib, minlength=n)


def js_divergence(
    counts: TermCounts, *, by: str = "outlet", groups: Sequence[str] | None = None
) -> pd.DataFrame:
    """Jensen-Shannon divergence (base 2, between 0 and 1) of the groups' term distributions.

    Computed on sparse rows, using ``JSD(p, q) = 1 + 1/2 * sum over terms in both of
    [p log2(p / (p + q)) + q log2(q / (p + q))]`` (terms in only one distribution contribute
    their whole mass to the 1). Cost grows with groups x non-zero counts: seconds for 30
    outlets, minutes for hundreds.

    Parameters
    ----------
    counts : TermCounts
        Term counts.
    by : str, default="outlet"
        Grouping column of ``counts.articles``.
    groups : sequence of str, optional
        Only these groups, in this order. Default: every group.
    """
    labels, y = _grouped(counts, by)
    p = _distributions(y)
    if groups is not None:
        rows = _subset(labels, groups)
        labels, p = labels[rows], p[rows]
    groups = labels
    p_cols = p.tocsc()
    n = len(groups)
    out = np.zeros((n, n))
    for i in range(n):
        row = p.getrow(i)
        if row.nnz == 0:
            out[i] = 1.0
            continue
        out[i] = _shared_mass(row.data, p_cols[:, row.indices].tocoo(), n)
    out = np.clip((out + out.T) / 2, 0.0, 1.0)
    np.fill_diagonal(out, 0.0)
    return pd.DataFrame(out, index=groups, columns=groups)


def _distances(matrix: pd.DataFrame, is_distance: bool | None) -> np.ndarray:
    values = matrix.to_numpy(dtype=float)
    if values.shape[0] != values.shape[1]:
        raise ConfigError("The 'matrix' parameter must be a square DataFrame.")
    if is_distance is None:  # similarities have 1 on the diagonal, distances 0
        is_distance = bool(np.allclose(np.diag(values), 0.0))
    dist = values if is_distance else 1.0 - values
    dist = np.clip((dist + dist.T) / 2, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    return dist


def cluster_linkage(matrix: pd.DataFrame, *, is_distance: bool | None = None) -> np.ndarray:
    """Average-linkage hierarchical clustering (scipy) of a similarity or distance matrix.

    Parameters
    ----------
    matrix : DataFrame
        Square matrix from :func:`tfidf_cosine` or :func:`js_divergence`.
    is_distance : bool, optional
        Whether values are distances; by default guessed from the diagonal (0 = distance).
        Similarities are turned into distances as ``1 - s``.

    Returns
    -------
    ndarray
        The scipy linkage matrix, with optimal leaf ordering (neighbours in the order are similar).
    """
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    dist = _distances(matrix, is_distance)
    return linkage(squareform(dist, checks=False), method="average", optimal_ordering=True)


def cluster_order(matrix: pd.DataFrame, *, is_distance: bool | None = None) -> list[str]:
    """Row labels in hierarchical-clustering order, for heatmaps.

    >>> m = pd.DataFrame([[1, .1, .9], [.1, 1, .2], [.9, .2, 1]], index=list("abc"),
    ...                  columns=list("abc"))
    >>> cluster_order(m)
    ['b', 'c', 'a']
    """
    from scipy.cluster.hierarchy import leaves_list

    labels = list(matrix.index)
    if len(labels) < 3:
        return labels
    return [labels[i] for i in leaves_list(cluster_linkage(matrix, is_distance=is_distance))]


def similarity_table(
    counts: TermCounts,
    *,
    by: str = "outlet",
    cosine: pd.DataFrame | None = None,
    divergence: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Both measures as a long table: every ordered pair of different groups, or, above
    ``DENSE_OUTLETS`` groups, each group's ``SIMILAR_OUTLETS`` most similar others.

    Columns (``framing.schema.SIMILARITY``): ``group_a, group_b, cosine, jsd``, then each side's
    ``n_articles_*``, ``n_words_*`` and ``small_sample_*``, so a pair's similarity is never read
    without its sample sizes. Every pair: rows by ``group_a`` then ``group_b``; ``cosine``/
    ``divergence`` reuse matrices already computed. Above ``DENSE_OUTLETS`` groups (see
    :func:`nearest_groups`): rows by ``group_a``, then descending cosine (ties by ``group_b``),
    only pairs sharing a term; the matrices, which then cover a subset, are not used.
    """
    labels, _ = _grouped(counts, by)
    if len(labels) > DENSE_OUTLETS:
        a, b, cos, jsd = nearest_groups(counts, by=by, k=SIMILAR_OUTLETS)
        groups = labels
    else:
        cos_matrix = tfidf_cosine(counts, by=by) if cosine is None else cosine
        jsd_matrix = js_divergence(counts, by=by) if divergence is None else divergence
        groups = cos_matrix.index
        a, b = np.meshgrid(np.arange(len(groups)), np.arange(len(groups)), indexing="ij")
        keep = a != b
        a, b = a[keep], b[keep]
        cos, jsd = cos_matrix.to_numpy()[a, b], jsd_matrix.to_numpy()[a, b]
    sizes = group_sizes(counts.articles, by, groups=groups)
    out = pd.DataFrame({"group_a": groups[a], "group_b": groups[b], "cosine": cos, "jsd": jsd})
    for side, idx in (("a", a), ("b", b)):
        out[f"n_articles_{side}"] = sizes["n_articles"].to_numpy()[idx]
        out[f"n_words_{side}"] = sizes["n_words"].to_numpy()[idx]
        out[f"small_sample_{side}"] = sizes["small_sample"].to_numpy()[idx]
    return out


def nearest_groups(
    counts: TermCounts, *, by: str = "outlet", k: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each group's ``k`` most similar other groups by TF-IDF cosine, and the pairs' divergence.

    The same values as :func:`tfidf_cosine` and :func:`js_divergence`, for the pairs kept only
    (``k`` defaults to ``SIMILAR_OUTLETS``). The cosines are computed a block of rows at a time
    (``BLOCK_CELLS`` cells), so memory grows with the groups, not with their square; time still
    grows with the square (every pair is scored: seconds for 10,000 groups). Pairs without a
    shared term (cosine 0) are left out, so a group may have fewer than ``k``; ties go to the
    group first in order.

    Returns
    -------
    (a, b, cosine, jsd) : tuple of arrays
        Positions of each pair's groups among the sorted groups, by ``a`` then descending
        cosine, and the pair's cosine and Jensen-Shannon divergence.
    """
    k = SIMILAR_OUTLETS if k is None else k
    if not (isinstance(k, int) and k >= 1):
        raise ConfigError(f"The 'k' parameter of nearest_groups must be an int >= 1; got {k!r}.")
    _, y = _grouped(counts, by)
    x, _ = _unit_tfidf(counts, y)
    n = x.shape[0]
    xt = x.T.tocsr()
    step = max(1, BLOCK_CELLS // max(n, 1))
    parts = [_block_nearest(x[start : start + step], xt, start, k) for start in range(0, n, step)]
    a, b, cos = (np.concatenate([part[i] for part in parts]) for i in range(3))
    return a, b, cos, _pair_divergence(_distributions(y), a, b)


def _block_nearest(
    block: sp.csr_matrix, xt: sp.csr_matrix, start: int, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` nearest of each row of one block: (row, column, cosine), sorted."""
    sims = np.clip((block @ xt).toarray(), 0.0, 1.0)
    rows = np.arange(sims.shape[0])
    sims[rows, start + rows] = -1.0  # a group is not its own neighbour
    kth = -np.partition(-sims, min(k, sims.shape[1]) - 1, axis=1)[:, min(k, sims.shape[1]) - 1]
    row, col = np.nonzero((sims >= kth[:, None]) & (sims > 0))
    value = sims[row, col]
    order = np.lexsort((col, -value, row))
    row, col, value = row[order], col[order], value[order]
    first = np.searchsorted(row, row)  # where each row's pairs begin
    keep = np.arange(row.size) - first < k
    return row[keep] + start, col[keep], value[keep]


PAIR_CELLS = 4_000_000
"""Stored values of the rows of one chunk of pairs whose divergence is computed at once."""


def _pair_divergence(p: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Jensen-Shannon divergence of the pairs (``a``, ``b``): the terms both use, summed in the
    order :func:`js_divergence` sums them (so the values are the same), a chunk of pairs at a
    time (at most ``PAIR_CELLS`` stored values)."""
    sizes = np.diff(p.indptr)
    cost = np.cumsum(sizes[a] + sizes[b])
    out = np.ones(a.size)
    begin = 0
    while begin < a.size:
        end = max(begin + 1, int(np.searchsorted(cost, cost[begin] + PAIR_CELLS)))
        out[begin:end] = _chunk_divergence(p[a[begin:end]], p[b[begin:end]])
        begin = end
    return np.clip(out, 0.0, 1.0)


def _chunk_divergence(first: sp.csr_matrix, second: sp.csr_matrix) -> np.ndarray:
    """``1 + 1/2 * sum`` over the terms each row pair of two matrices shares, added in the
    order of ``first``'s stored terms (as :func:`js_divergence` adds them)."""
    n_terms = first.shape[1]
    rows = np.repeat(np.arange(first.shape[0]), np.diff(first.indptr))
    keys = rows * n_terms + first.indices
    other = second.tocsr(copy=True)
    other.sort_indices()
    other_keys = np.repeat(np.arange(other.shape[0]), np.diff(other.indptr)) * n_terms
    other_keys = other_keys + other.indices
    at = np.minimum(np.searchsorted(other_keys, keys), max(other_keys.size - 1, 0))
    shared = other_keys[at] == keys if other_keys.size else np.zeros(keys.size, dtype=bool)
    pv, qv = first.data[shared], other.data[at[shared]]
    mix = pv + qv
    contrib = pv * np.log2(pv / mix) + qv * np.log2(qv / mix)
    return 1.0 + 0.5 * np.bincount(rows[shared], weights=contrib, minlength=first.shape[0])
