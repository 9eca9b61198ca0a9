"""Coverage timeline: when each outlet published, one row per outlet.

Why a strip per outlet rather than stacked bars: with 30 outlets stacked bars become unreadable,
while a row per outlet with dots sized by article count stays legible, and shows at a glance
which outlets cover which weeks (and therefore which comparisons are like for like).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .figures import outlet_colors

__all__ = ["coverage_timeline"]


def _period(dates: pd.Series) -> str:
    span = (dates.max() - dates.min()).days if dates.notna().any() else 0
    return "D" if span <= 120 else "W" if span <= 3 * 365 else "M"


def coverage_timeline(
    articles: pd.DataFrame, *, colors: dict[str, str] | None = None, max_outlets: int = 40
) -> Figure:
    """Articles per outlet over time (per day, week or month, by the corpus's span).

    Hollow markers are articles whose date is approximate (``date_exact`` false); undated
    articles cannot be placed and are counted in the title. Above ``max_outlets`` outlets, the
    outlets with most dated articles are shown.
    """
    colors = colors or outlet_colors(articles["outlet"])
    dated = articles[articles["date"].notna()]
    undated = len(articles) - len(dated)
    outlets = (
        dated["outlet"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
    )
    shown = sorted(outlets.index[:max_outlets])
    period = _period(dated["date"])
    height = 1.2 + 0.32 * max(len(shown), 1)
    figure = Figure(figsize=(9, height), layout="constrained")
    ax = figure.add_subplot()
    for row, outlet in enumerate(reversed(shown)):
        own = dated[dated["outlet"] == outlet]
        for exact, face in ((True, colors[outlet]), (False, "none")):
            part = own[own["date_exact"].fillna(True).astype(bool) == exact]
            if part.empty:
                continue
            counts = part.groupby(part["date"].dt.to_period(period).dt.start_time).size()
            ax.scatter(
                counts.index,
                np.full(len(counts), row),
                s=30 + 25 * np.sqrt(counts.to_numpy()),
                facecolors=face,
                edgecolors=colors[outlet],
                linewidths=1.3,
                zorder=3,
            )
    ax.set_yticks(range(len(shown)), list(reversed(shown)), fontsize=9 if len(shown) <= 15 else 7)
    ax.set_ylim(-0.7, len(shown) - 0.3)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.grid(axis="x", alpha=0.3)
    unit = {"D": "day", "W": "week", "M": "month"}[period]
    title = f"Articles per outlet and {unit}"
    if undated:
        title += f" ({undated:,} undated not shown)"
    if len(outlets) > len(shown):
        title += f"; {len(shown)} of {len(outlets)} outlets"
    ax.set_title(title, fontsize=11, loc="left")
    ax.legend(
        handles=[
            Line2D([], [], marker="o", ls="", color="0.3", label="exact date"),
            Line2D([], [], marker="o", ls="", mfc="none", color="0.3", label="approximate date"),
        ],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        frameon=False,
    )
    return figure
