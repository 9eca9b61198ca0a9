"""Charts of the comparison tables: each function takes a table and returns a matplotlib Figure.

Why Figures and no files: the render stage decides where and how figures are saved (and the
notebook user may just display them); building ``matplotlib.figure.Figure`` objects directly,
without pyplot, keeps this module free of global state and safe on headless machines (Agg).
Outlets keep one colour in every chart through :func:`outlet_colors`.
"""

from __future__ import annotations

import colorsys
import hashlib
import math
import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from scipy.cluster.hierarchy import dendrogram

from ..compare.similarity import cluster_linkage

__all__ = [
    "outlet_colors",
    "fightin_words_figure",
    "similarity_heatmap",
    "metric_intervals_figure",
    "share_of_voice_figure",
]

_NEUTRAL = "#c8c8c8"
MAX_SIDE_INCHES = 18.0
"""Largest figure side: past ~50 outlets a heatmap cannot be read anyway, and an unbounded
figure of 491 outlets would need gigabytes to draw. Pass a subset for a readable chart."""


PALETTE = tuple(to_hex(c) for name in ("tab10", "Dark2", "Set1") for c in colormaps[name].colors)
"""Distinct, readable colours: outlets take them by name (see :func:`outlet_colors`)."""


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """One colour per outlet, chosen from the outlet's name, for every chart of a run.

    Why by name: a colour tied to a position in the sorted list would move every time an outlet
    is added. Each outlet hashes to a slot of ``PALETTE`` and, if an outlet earlier in hash order
    took it, the next free slot; so an outlet keeps its colour when others are added unless their
    slots collide. Beyond the palette's 27 colours, each outlet's colour comes from its hash alone
    (charts label outlets by name as well).

    >>> colors = outlet_colors(["RT", "SOFREP", "RT"])
    >>> colors["RT"] == outlet_colors(["RT", "SOFREP", "BBC", "Fox"])["RT"]
    True
    """
    names = sorted({str(o) for o in outlets}, key=lambda n: (_name_hash(n), n))
    if len(names) > len(PALETTE):
        return {name: _hashed_color(name) for name in sorted(names)}
    taken: dict[int, str] = {}
    for name in names:
        slot = _name_hash(name) % len(PALETTE)
        while slot in taken:
            slot = (slot + 1) % len(PALETTE)
        taken[slot] = name
    return {name: PALETTE[slot] for slot, name in sorted(taken.items(), key=lambda i: i[1])}


def _hashed_color(name: str) -> str:
    """A colour from the name alone: hue, saturation and value from its hash."""
    value = _name_hash(name)
    hue = (value & 0xFFFF) / 0x10000
    saturation = 0.55 + 0.4 * ((value >> 16) & 0xFF) / 0xFF
    brightness = 0.45 + 0.4 * ((value >> 24) & 0xFF) / 0xFF
    return to_hex(colorsys.hsv_to_rgb(hue, saturation, brightness))


def _name_hash(name: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=4).digest(), "little"
    )


def _size_note(rows: pd.DataFrame) -> str:
    first = rows.iloc[0]
    note = f"{int(first['n_articles']):,} art., {int(first['n_words']):,} words"
    if bool(first["small_sample"]):
        note += " — small sample"
    return note


def _label_points(ax, x, y, labels, color, fontsize) -> None:
    """Label points, nudging labels apart vertically so that they do not overprint."""
    if len(labels) == 0:
        return
    order = np.argsort(y)
    span = np.ptp(ax.get_ylim()) or 1.0
    min_gap = span * fontsize / 260
    placed: list[float] = []
    for k in order:
        target = y[k]
        for prev in placed:
            if abs(target - prev) < min_gap:
                target = prev + min_gap
        placed.append(target)
        ax.annotate(
            labels[k],
            (x[k], y[k]),
            xytext=(x[k], target),
            textcoords="data",
            fontsize=fontsize,
            color="#222222",
            ha="left",
            va="center",
            arrowprops={"arrowstyle": "-", "color": color, "lw": 0.4, "alpha": 0.6},
        )


def fightin_words_figure(
    table: pd.DataFrame,
    *,
    comparison: str | None = None,
    groups: Sequence[str] | None = None,
    n_label: int = 10,
    max_cols: int = 5,
    colors: dict[str, str] | None = None,
) -> Figure:
    """Term frequency against z-score ("fightin' words" plot) from a keyness table.

    One panel per group (its terms against the rest: distinctive terms high, avoided terms low),
    or a single two-sided panel for a pair comparison. Points beyond the Bonferroni threshold
    take the group's colour; the ``n_label`` highest are labelled. Panel titles give articles and
    words and say when a group is a small sample.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`framing.compare.keyness` (``attrs["z_threshold"]`` draws the threshold).
    comparison : str, optional
        Which comparison to draw when the table holds several (default: the first).
    groups : list of str, optional
        Panels to draw, in order (default: all groups of the comparison).
    n_label : int, default=10
        Terms labelled per panel and direction (capped at 5 when there are more than 12 panels).
    max_cols : int, default=5
        Panels per row.
    colors : dict, optional
        Group colours (default :func:`outlet_colors` of the groups).
    """
    comparisons = list(pd.unique(table["comparison"].astype(str)))
    comparison = comparison or comparisons[0]
    data = table[table["comparison"].astype(str) == comparison]
    present = [str(g) for g in pd.unique(data["group"].astype(str))]
    groups = [str(g) for g in groups] if groups is not None else present
    colors = colors or outlet_colors(present)
    z_thr = table.attrs.get("z_threshold")
    x_all = np.log10(data["count_group"] + data["count_rest"]).to_numpy()
    xlim = (0, max(1.0, float(np.nanmax(x_all)) * 1.12 + 0.3)) if len(x_all) else (0, 1)
    if len(present) == 2 and len(groups) == 2:
        return _pair_panel(data, groups, colors, z_thr, n_label, comparison, xlim)
    n = len(groups)
    ncols = min(max_cols, n)
    nrows = math.ceil(n / ncols)
    fig = Figure(figsize=(3.4 * ncols, 2.9 * nrows + 0.5), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, sharex=True)
    label_n = n_label if n <= 12 else min(n_label, 5)
    fontsize = 7 if n <= 12 else 5.5
    for k, ax in enumerate(axes.ravel()):
        if k >= n:
            fig.delaxes(ax)
            continue
        group = groups[k]
        rows = data[data["group"].astype(str) == group]
        _scatter_panel(ax, rows, colors.get(group, "#333333"), z_thr, label_n, fontsize, xlim)
        title = group if rows.empty else f"{group}\n{_size_note(rows)}"
        ax.set_title(title, fontsize=fontsize + 1.5, color="#222222")
        if k % ncols == 0:
            ax.set_ylabel("z (vs rest)", fontsize=fontsize + 1)
        if k >= n - ncols:
            ax.set_xlabel("log10 frequency (all groups)", fontsize=fontsize + 1)
    fig.suptitle(f"Distinctive terms — {comparison}", fontsize=11)
    return fig


def _scatter_panel(ax, rows, color, z_thr, n_label, fontsize, xlim) -> None:
    x = np.log10(rows["count_group"] + rows["count_rest"]).to_numpy()
    z = rows["z"].to_numpy()
    sig = rows["significant"].to_numpy(dtype=bool)
    ax.scatter(x[~sig], z[~sig], s=3, color=_NEUTRAL, lw=0, rasterized=True)
    ax.scatter(x[sig], z[sig], s=5, color=color, lw=0, rasterized=True)
    ax.set_xlim(*xlim)
    if z_thr is not None:
        for sign in (1, -1):
            ax.axhline(sign * z_thr, color="0.5", lw=0.5, ls="--")
    ax.axhline(0, color="0.7", lw=0.5)
    ax.tick_params(labelsize=fontsize)
    ax.spines[["top", "right"]].set_visible(False)
    top = np.argsort(-z)[:n_label]
    top = top[z[top] > 0]
    terms = rows["term"].astype(str).to_numpy()
    _label_points(ax, x[top], z[top], terms[top], color, fontsize)


def _pair_panel(data, groups, colors, z_thr, n_label, comparison, xlim) -> Figure:
    a, b = groups
    rows_a = data[data["group"].astype(str) == a]
    rows_b = data[data["group"].astype(str) == b]
    only_b = rows_b[~rows_b["term"].astype(str).isin(set(rows_a["term"].astype(str)))]
    terms = np.r_[rows_a["term"].astype(str).to_numpy(), only_b["term"].astype(str).to_numpy()]
    freq = np.r_[
        (rows_a["count_group"] + rows_a["count_rest"]).to_numpy(),
        (only_b["count_group"] + only_b["count_rest"]).to_numpy(),
    ]
    z = np.r_[rows_a["z"].to_numpy(), -only_b["z"].to_numpy()]
    sig = np.r_[rows_a["significant"].to_numpy(bool), only_b["significant"].to_numpy(bool)]
    x = np.log10(freq)
    fig = Figure(figsize=(8, 6), layout="constrained")
    ax = fig.subplots()
    ax.scatter(x[~sig], z[~sig], s=4, color=_NEUTRAL, lw=0, rasterized=True)
    for sign, name in ((1, a), (-1, b)):
        keep = sig & (np.sign(z) == sign)
        ax.scatter(x[keep], z[keep], s=6, color=colors[name], lw=0, rasterized=True, label=name)
    ax.set_xlim(*xlim)
    if z_thr is not None:
        for sign in (1, -1):
            ax.axhline(sign * z_thr, color="0.5", lw=0.6, ls="--")
    ax.axhline(0, color="0.7", lw=0.6)
    for sign, name in ((1, a), (-1, b)):
        idx = np.argsort(-sign * z)[:n_label]
        idx = idx[sign * z[idx] > 0]
        _label_points(ax, x[idx], z[idx], terms[idx], colors[name], 8)
    size_a = _size_note(rows_a) if len(rows_a) else ""
    size_b = _size_note(rows_b) if len(rows_b) else ""
    ax.set_xlabel("log10 frequency (both groups)")
    ax.set_ylabel(f"z  (↑ {a}, ↓ {b})")
    ax.legend(
        handles=ax.collections[1:3],
        labels=[f"{a} ({size_a})", f"{b} ({size_b})"] if size_a else [a, b],
        loc="lower left",
        fontsize=8,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(f"Distinctive terms — {comparison}", fontsize=11)
    return fig


def similarity_heatmap(
    matrix: pd.DataFrame,
    *,
    title: str = "Outlet similarity",
    is_distance: bool | None = None,
    colors: dict[str, str] | None = None,
    annotate: bool | None = None,
) -> Figure:
    """Heatmap of a similarity or distance matrix in clustering order, with its dendrogram.

    Parameters
    ----------
    matrix : DataFrame
        Square matrix from :func:`framing.compare.tfidf_cosine` or
        :func:`framing.compare.js_divergence`.
    title : str, default="Outlet similarity"
        Figure title.
    is_distance : bool, optional
        Whether values are distances (default: guessed from a zero diagonal). Similar pairs are
        dark in both cases.
    colors : dict, optional
        Label colours (default :func:`outlet_colors`).
    annotate : bool, optional
        Write values in cells; default only up to 12 outlets.

    Returns
    -------
    Figure
        Three axes: dendrogram, heatmap, colour bar.
    """
    labels = [str(x) for x in matrix.index]
    n = len(labels)
    if is_distance is None:
        is_distance = bool(np.allclose(np.diag(matrix.to_numpy(dtype=float)), 0.0))
    colors = colors or outlet_colors(labels)
    annotate = n <= 12 if annotate is None else annotate
    side = min(max(5.0, 0.3 * n + 2.8), MAX_SIDE_INCHES)
    fig = Figure(figsize=(side + 1.0, side + 1.2), layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=[1, 4.5], width_ratios=[30, 1])
    ax_tree = fig.add_subplot(grid[0, 0])
    ax_map = fig.add_subplot(grid[1, 0])
    ax_bar = fig.add_subplot(grid[1, 1])
    if n >= 2:
        link = cluster_linkage(matrix, is_distance=is_distance)
        with warnings.catch_warnings():  # identical outlets: a tree of height 0, drawn flat
            warnings.filterwarnings("ignore", message="Attempting to set identical low and high")
            tree = dendrogram(
                link, ax=ax_tree, no_labels=True, color_threshold=0, above_threshold_color="0.35"
            )
        order = [int(i) for i in tree["leaves"]]
    else:
        order = list(range(n))
    ax_tree.set_xlim(0, 10 * n)
    ax_tree.axis("off")
    values = matrix.to_numpy(dtype=float)[np.ix_(order, order)]
    cmap = "viridis" if is_distance else "viridis_r"
    # scale the colours to the off-diagonal values: the diagonal (1 or 0) would flatten them
    off = values[~np.eye(n, dtype=bool)] if n > 1 else values.ravel()
    image = ax_map.imshow(
        values,
        cmap=cmap,
        vmin=float(np.nanmin(off)) if off.size else None,
        vmax=float(np.nanmax(off)) if off.size else None,
        extent=(0, 10 * n, 10 * n, 0),
        aspect="auto",
        interpolation="nearest",
    )
    ticks = 5 + 10 * np.arange(n)
    fontsize = max(5.0, min(10.0, 220 / max(n, 1)))
    ordered = [labels[i] for i in order]
    ax_map.set_xticks(ticks, ordered, rotation=90, fontsize=fontsize)
    ax_map.set_yticks(ticks, ordered, fontsize=fontsize)
    for tick_labels in (ax_map.get_xticklabels(), ax_map.get_yticklabels()):
        for text in tick_labels:
            text.set_color(colors.get(text.get_text(), "black"))
    if annotate:
        mid = np.nanmean(values)
        for i in range(n):
            for j in range(n):
                dark = values[i, j] > mid if not is_distance else values[i, j] < mid
                ax_map.text(
                    ticks[j],
                    ticks[i],
                    f"{values[i, j]:.2f}",
                    ha="center",
                    va="center",
                    fontsize=fontsize - 1,
                    color="white" if dark else "black",
                )
    fig.colorbar(image, cax=ax_bar, label="distance" if is_distance else "similarity")
    fig.suptitle(title, fontsize=12)
    return fig


def metric_intervals_figure(
    table: pd.DataFrame,
    metric: str,
    *,
    colors: dict[str, str] | None = None,
    title: str | None = None,
) -> Figure:
    """Per-outlet mean of one metric with its bootstrap interval (dot and whisker), sorted.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`framing.compare.outlet_metrics`.
    metric : str
        Which metric (e.g. ``"mattr"``).
    colors : dict, optional
        Group colours (default :func:`outlet_colors`).
    title : str, optional
        Axes title (default: the metric name).
    """
    rows = table[table["metric"] == metric].sort_values("mean", kind="stable")
    groups = rows["group"].astype(str).tolist()
    colors = colors or outlet_colors(groups)
    n = len(rows)
    fig = Figure(figsize=(6.5, max(2.5, 0.25 * n + 1.2)), layout="constrained")
    ax = fig.subplots()
    y = np.arange(n)
    means = rows["mean"].to_numpy(float)
    low = rows["ci_low"].to_numpy(float)
    high = rows["ci_high"].to_numpy(float)
    for k, group in enumerate(groups):
        small = bool(rows["small_sample"].iloc[k])
        if not np.isnan(low[k]):
            ax.plot([low[k], high[k]], [y[k], y[k]], color=colors[group], lw=1.5)
        ax.plot(
            means[k], y[k], "o", color=colors[group], mfc="white" if small else colors[group], ms=5
        )
    fontsize = max(5.0, min(9.0, 240 / max(n, 1)))
    names = [
        f"{g} (n={int(a)}{', small' if s else ''})"
        for g, a, s in zip(groups, rows["n_articles"], rows["small_sample"], strict=True)
    ]
    ax.set_yticks(y, names, fontsize=fontsize)
    ax.set_xlabel(metric)
    ax.set_title(title or f"{metric} per outlet (mean, bootstrap interval over articles)")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def share_of_voice_figure(
    voices: pd.DataFrame, *, outlets: Sequence[str], max_groups: int = 8
) -> Figure:
    """Share of each outlet's attributed quotations by speaker group: one stacked bar per
    outlet, with the number of quotations at the bar's end (the share's denominator).

    Parameters
    ----------
    voices : DataFrame
        ``data/voices.csv`` (rows with ``where == "body"`` and ``level == "group"`` are used).
    outlets : sequence of str
        Outlets to draw, top to bottom.
    max_groups : int, default=8
        Groups with the most quotations overall keep their own colour; the rest are "other".
    """
    rows = voices[(voices["where"] == "body") & (voices["level"] == "group")]
    rows = rows[rows["outlet"].isin(outlets)]
    totals = rows.groupby("name")["quotes"].sum().sort_values(ascending=False)
    kept = list(totals.index[:max_groups])
    rows = rows.assign(group=[g if g in kept else "other groups" for g in rows["name"]])
    table = rows.pivot_table(index="outlet", columns="group", values="quotes", aggfunc="sum")
    table = table.reindex(index=[o for o in outlets if o in table.index]).fillna(0)
    order = [g for g in kept if g in table.columns] + [c for c in table.columns if c not in kept]
    table = table[order]
    shares = table.div(table.sum(axis=1), axis=0)
    n = len(table)
    fig = Figure(figsize=(8, max(2.2, 0.4 * n + 1.6)), layout="constrained")
    ax = fig.subplots()
    palette = colormaps["tab20"].colors
    left = np.zeros(n)
    y = np.arange(n)[::-1]
    for k, group in enumerate(order):
        color = _NEUTRAL if group == "other groups" else to_hex(palette[k % len(palette)])
        ax.barh(y, shares[group].to_numpy(), left=left, color=color, label=group, height=0.7)
        left += shares[group].to_numpy()
    for k, outlet in enumerate(table.index):
        ax.text(1.01, y[k], f"n={int(table.loc[outlet].sum())}", va="center", fontsize=8)
    ax.set_yticks(y, list(table.index), fontsize=8)
    ax.set_xlim(0, 1.12)
    ax.set_xlabel("share of the outlet's attributed quotations")
    ax.set_title("Share of voice by speaker group")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig
