"""The loaded-wording section: how much evaluative and emotive wording each outlet uses in its
own voice, per 1,000 words, with its most loaded sentences."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from ..figures import metric_intervals_figure
from ..markdown import Markup, code_span, escape, table
from .base import CHART_MAX_OUTLETS, Finding, ReportSource, Section, fmt_int, largest

__all__ = ["LOADED"]

TOP_SENTENCES = 5
"""The corpus's most loaded sentences shown, besides each listed outlet's most loaded one."""
OUTLET_EXAMPLES = 12
"""Outlets whose most loaded sentence is shown (the most loaded outlets first)."""
METRIC = "loaded wording per 1,000 own-voice words"


def _rate(row: pd.Series) -> str:
    if pd.isna(row["loaded_per_1000"]):
        return "—"  # no words outside quotations
    text = f"{row['loaded_per_1000']:.1f}"
    if pd.notna(row["loaded_low"]):
        text += f" ({row['loaded_low']:.1f} to {row['loaded_high']:.1f})"
    return text


def _loaded_table(loaded: pd.DataFrame) -> Markup:
    shown = loaded.sort_values(["loaded_per_1000", "outlet"], ascending=[False, True]).copy()
    shown["outlet"] = [
        f"{o}{' (small sample)' if s else ''}"
        for o, s in zip(shown["outlet"], shown["small_sample"], strict=True)
    ]
    shown["rate"] = [_rate(r) for _, r in shown.iterrows()]
    shown["share"] = [
        f"{int(n)} of {int(m)} ({n / m:.0%})" if m else "—"
        for n, m in zip(shown["loaded_sentences"], shown["sentences"], strict=True)
    ]
    return table(
        shown,
        {
            "outlet": "outlet",
            "rate": "score per 1,000 own words (95% interval)",
            "cues": "cues",
            "own_words": "own words",
            "share": "sentences scoring 1 or more",
            "top_cues": "most used cues",
        },
        formats={"cues": fmt_int, "own_words": fmt_int},
    )


def _examples(result: ReportSource, loaded: pd.DataFrame) -> list[dict[str, Any]]:
    """The most loaded sentences of the corpus, then each outlet's most loaded one."""
    sentences = result.sentences
    hits = sentences[
        (sentences["loaded"].fillna(0) > 0) & sentences["outlet"].isin(loaded["outlet"])
    ]
    top = hits.sort_values(["loaded", "article_id", "sentence_id"], ascending=[False, True, True])
    picked = list(top.head(TOP_SENTENCES).index)
    by_rate = loaded.sort_values(["loaded_per_1000", "outlet"], ascending=[False, True])
    for outlet in by_rate["outlet"].head(OUTLET_EXAMPLES):
        part = top[top["outlet"] == outlet]
        if len(part) and part.index[0] not in picked:
            picked.append(part.index[0])
    return [
        {
            "sentence": sentences.at[i, "text"],
            "outlet": sentences.at[i, "outlet"],
            "score": f"{sentences.at[i, 'loaded']:.1f}",
            "cues": ", ".join(str(sentences.at[i, "loaded_cues"]).split(";")),
            "article_id": code_span(sentences.at[i, "article_id"]),
            "sentence_id": int(sentences.at[i, "sentence_id"]),
        }
        for i in picked
    ]


def _loaded_context(result: ReportSource) -> dict[str, Any]:
    loaded = result.tables["loaded"]
    loaded = loaded[loaded["outlet"].isin(largest(result))]
    return {
        "table": _loaded_table(loaded) if len(loaded) else None,
        "examples": _examples(result, loaded),
        "all_small": bool(loaded["small_sample"].all()) if len(loaded) else True,
        "any": bool(len(loaded)) and float(loaded["loaded"].sum()) > 0,
    }


def _loaded_figures(result: ReportSource, colors: dict[str, str]) -> dict[str, Figure]:
    loaded = result.tables["loaded"]
    loaded = loaded[loaded["outlet"].isin(largest(result, CHART_MAX_OUTLETS))]
    if not len(loaded) or float(loaded["loaded"].sum()) <= 0:
        return {}
    metrics = pd.DataFrame(
        {
            "group": loaded["outlet"],
            "metric": METRIC,
            "mean": loaded["loaded_per_1000"],
            "ci_low": loaded["loaded_low"],
            "ci_high": loaded["loaded_high"],
            "n_articles": loaded["articles"],
            "small_sample": loaded["small_sample"],
        }
    )
    figure = metric_intervals_figure(
        metrics,
        METRIC,
        colors=colors,
        title="Loaded wording in the outlet's own voice, per 1,000 words (bootstrap interval)",
    )
    return {"loaded": figure}


def _loaded_findings(result: ReportSource) -> list[Finding]:
    loaded = result.tables["loaded"]
    loaded = loaded[loaded["outlet"].isin(largest(result)) & ~loaded["small_sample"]]
    if len(loaded) < 2:
        return []
    ordered = loaded.sort_values(["loaded_per_1000", "outlet"])
    low, high = ordered.iloc[0], ordered.iloc[-1]
    if not low["loaded_high"] < high["loaded_low"]:
        return []  # the intervals overlap: no outlet is clearly apart
    text = (
        f"{high['outlet']} uses the most loaded wording in its own voice "
        f"({high['loaded_per_1000']:.1f} per 1,000 words, interval {high['loaded_low']:.1f} to "
        f"{high['loaded_high']:.1f}; {int(high['cues'])} cues), {low['outlet']} the least "
        f"({low['loaded_per_1000']:.1f}, interval {low['loaded_low']:.1f} to "
        f"{low['loaded_high']:.1f}; {int(low['cues'])} cues)."
    )
    return [Finding(Markup(escape(text)), "Loaded wording")]


LOADED = Section(
    "Loaded wording",
    "loaded.md.j2",
    _loaded_context,
    figures=_loaded_figures,
    findings=_loaded_findings,
    tables=("loaded",),
)
