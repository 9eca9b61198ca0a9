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

from .figures import finish_figure, new_figure, outlet_colors

__all__ = ["coverage_timeline"]


def _period(dates: pd.Series) -> str:
    span = (dates.max() - dates.min()).days if dates.notna().any() else 0
    return "D" if span <= 120 else "W" if span <= 3 * 365 else "M"


_PAD = {"D": pd.Timedelta(days=1), "W": pd.Timedelta(days=7), "M": pd.Timedelta(days=31)}
MIN_TICKS = 4
"""Fewest date ticks asked of the locator; the axis spans at least one day more than this."""


def _date_axis(ax, starts: pd.Series, period: str) -> None:
    """Ticks on whole days, weeks, months or years, never times of day.

    Why the span is widened: matplotlib's date locator takes the coarsest unit that gives
    ``MIN_TICKS`` ticks, so a corpus of three days would get ticks every few hours ("12:00")
    though its dates have no time. Over ``MIN_TICKS + 1`` days or more, days always qualify.
    """
    pad = max(_PAD[period], (starts.max() - starts.min()) * 0.03)  # room for the dots
    first, last = starts.min() - pad, starts.max() + pad
    short = pd.Timedelta(days=MIN_TICKS + 1) - (last - first)
    if short > pd.Timedelta(0):
        first, last = first - short / 2, last + short / 2
    ax.set_xlim(first.floor("D"), last.ceil("D"))
    locator = AutoDateLocator(minticks=MIN_TICKS, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


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
    figure = new_figure(figsize=(9, height), layout="constrained")
    ax = figure.add_subplot()
    starts = dated["date"].dt.to_period(period).dt.start_time
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
    if len(starts):
        _date_axis(ax, starts, period)
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
    return finish_figure(figure)
