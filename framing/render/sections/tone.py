"""The tone section: how each outlet speaks of each actor in its own words, beside how those it
quotes do, with the sentences behind the extremes."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from ..figures import tone_figure
from ..markdown import Markup, code_span, escape, table
from .base import Finding, ReportSource, Section, fmt_int, largest

__all__ = ["TONE"]

ACTORS_SHOWN = 8
"""Actors given a table in the report (most mentioned in the outlets' own words first)."""
FIGURE_OUTLETS = 12
"""Outlets drawn in the tone chart: the largest by words."""


def _md(value: object) -> Markup:
    return Markup(escape(value))


def _actors(tone: pd.DataFrame, outlets: list[str]) -> list[str]:
    """Actors most mentioned in own words by the listed outlets; with more than one outlet,
    only actors that more than one outlet mentions (a comparison needs two sides)."""
    own = tone[(tone["voice"] == "own") & tone["outlet"].isin(outlets)]
    spread = own.groupby("actor")["outlet"].nunique()
    uses = own.groupby("actor")["mentions"].sum()
    keep = [a for a in uses.index if spread[a] > 1 or len(outlets) == 1]
    return sorted(keep, key=lambda a: (-int(uses[a]), a))[:ACTORS_SHOWN]


def _signed(value: float) -> str:
    """``+0.12``, ``-0.30``; ``0.00`` for what rounds to zero (never ``-0.00``)."""
    text = f"{value:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text


def _fmt_tone(row: pd.Series) -> str:
    if pd.isna(row["tone"]):
        return "—"
    text = _signed(row["tone"])
    if pd.notna(row["tone_low"]):
        text += f" ({_signed(row['tone_low'])} to {_signed(row['tone_high'])})"
    return text


def _actor(result: ReportSource, rows: pd.DataFrame, actor: str) -> dict[str, Any]:
    own = rows[rows["voice"] == "own"].set_index("outlet")
    quoted = rows[rows["voice"] == "quoted"].set_index("outlet")
    outlets = sorted(set(own.index) | set(quoted.index))
    cells = []
    for outlet in outlets:
        mine = own.loc[outlet] if outlet in own.index else None
        theirs = quoted.loc[outlet] if outlet in quoted.index else None
        small = mine is None or bool(mine["small_sample"])
        cells.append(
            {
                "outlet": f"{outlet}{' (small sample)' if small else ''}",
                "own": _fmt_tone(mine) if mine is not None else "—",
                "mentions": (
                    f"{int(mine['mentions'])} in {int(mine['articles'])}"
                    if mine is not None
                    else "0"
                ),
                "split": (
                    f"{int(mine['negative'])} / {int(mine['positive'])}"
                    if mine is not None
                    else "—"
                ),
                "quoted": (
                    f"{_signed(theirs['tone'])} ({int(theirs['mentions'])})"
                    if theirs is not None
                    else "—"
                ),
            }
        )
    frame = pd.DataFrame(cells)
    columns = {
        "outlet": "outlet",
        "own": "tone, own words (95% interval)",
        "mentions": "mentions in articles",
        "split": "negative / positive",
        "quoted": "tone in quotations (mentions)",
    }
    return {
        "actor": actor,
        "table": table(frame, columns),
        "examples": _examples(result, own.reset_index()),
        "all_small": bool(own["small_sample"].all()) if len(own) else True,
    }


def _examples(result: ReportSource, own: pd.DataFrame) -> list[dict[str, Any]]:
    """The most negative sentence of the outlet most negative about the actor, and the most
    positive of the outlet most positive (own words only)."""
    text = result.sentences.set_index(["article_id", "sentence_id"])["text"]
    examples = []
    for side, ascending in (("negative", True), ("positive", False)):
        column = f"most_{side}_article_id"
        candidates = own[own[column].notna()].sort_values(["tone", "outlet"], ascending=ascending)
        if candidates.empty:
            continue
        best = candidates.iloc[0]
        key = (best[column], int(best[f"most_{side}_sentence_id"]))
        if key not in text.index or any(e["key"] == key for e in examples):
            continue
        examples.append(
            {
                "side": side,
                "sentence": text[key],
                "outlet": best["outlet"],
                "article_id": code_span(key[0]),
                "sentence_id": key[1],
                "key": key,
            }
        )
    return examples


def _tone_context(result: ReportSource) -> dict[str, Any]:
    tone = result.tables["tone"]
    outlets = largest(result)
    tone = tone[tone["outlet"].isin(outlets)]
    actors = _actors(tone, outlets)
    return {
        "found": bool(len(tone)),
        "mentions_scored": _mentions_scored(result),
        "actors": [_actor(result, tone[tone["actor"] == a], a) for a in actors],
        "total": fmt_int(int(tone["mentions"].sum())) if len(tone) else "0",
    }


def _mentions_scored(result: ReportSource) -> int:
    mentions = result.tables.get("mentions")
    if mentions is None or "tone" not in mentions:
        return 0
    return int(mentions["tone"].notna().sum())


def _tone_figures(result: ReportSource, colors: dict[str, str]) -> dict[str, Figure]:
    tone = result.tables["tone"]
    outlets = largest(result, FIGURE_OUTLETS)
    actors = _actors(tone[tone["outlet"].isin(outlets)], outlets)
    if not actors:
        return {}
    return {"tone": tone_figure(tone, actors=actors, outlets=outlets)}


def _tone_findings(result: ReportSource) -> list[Finding]:
    """For the most mentioned actors: the outlets most and least negative about it in their own
    words, when both have enough articles to say so and their intervals do not overlap."""
    tone = result.tables["tone"]
    outlets = largest(result)
    tone = tone[tone["outlet"].isin(outlets)]
    findings = []
    for actor in _actors(tone, outlets)[:3]:
        own = tone[(tone["actor"] == actor) & (tone["voice"] == "own") & ~tone["small_sample"]]
        if own["outlet"].nunique() < 2:
            continue
        ordered = own.sort_values(["tone", "outlet"])
        low, high = ordered.iloc[0], ordered.iloc[-1]
        if not low["tone_high"] < high["tone_low"]:
            continue  # the intervals overlap: no outlet is clearly apart
        findings.append(
            Finding(
                Markup("Tone toward **")
                + _md(actor)
                + Markup("** in outlets' own words runs from ")
                + _md(_finding_part(low))
                + Markup(" to ")
                + _md(_finding_part(high))
                + Markup("."),
                "Tone toward actors",
            )
        )
    return findings


def _finding_part(row: pd.Series) -> str:
    return (
        f"{_signed(row['tone'])} ({row['outlet']}, {int(row['mentions'])} mentions; interval "
        f"{_signed(row['tone_low'])} to {_signed(row['tone_high'])})"
    )


TONE = Section(
    "Tone toward actors",
    "tone.md.j2",
    _tone_context,
    figures=_tone_figures,
    findings=_tone_findings,
    tables=("tone",),
)
