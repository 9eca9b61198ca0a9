"""The naming section: who says *Kiev* and who *Kyiv*, with sentences; spellings to confirm."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from ..figures import naming_figure
from ..markdown import Markup, code_span, escape, table
from .base import CHART_MAX_OUTLETS, Finding, ReportSource, Section, fmt_int, largest

__all__ = ["NAMING"]


def _md(value: object) -> Markup:
    """``value`` escaped for Markdown, as Markup (so that joining it escapes nothing twice)."""
    return Markup(escape(value))


CANDIDATES_SHOWN = 10
"""Candidate pairs listed in the report (all are in ``data/naming_candidates.csv``)."""
FINDINGS_MAX = 3
"""Concepts summarised among the key findings."""


def _contested(naming: pd.DataFrame) -> list[str]:
    """Concepts named in more than one way, most used first."""
    spread = naming.groupby("concept")["variant"].nunique()
    uses = naming.groupby("concept")["count"].sum()
    contested = [c for c in spread.index if spread[c] > 1]
    return sorted(contested, key=lambda c: (-int(uses[c]), c))


def _naming_context(result: ReportSource) -> dict[str, Any]:
    naming = result.tables["naming"]
    outlets = largest(result)
    naming = naming[naming["outlet"].isin(outlets)]
    contested = _contested(naming)
    single = sorted(set(naming["concept"]) - set(contested))
    return {
        "found": bool(len(naming)),
        "concepts": [_concept(result, naming[naming["concept"] == c], c) for c in contested],
        "single": Markup(", ").join(
            _md(c)
            + Markup(" (")
            + _md(naming.loc[naming["concept"] == c, "variant"].iloc[0])
            + Markup(")")
            for c in single
        ),
        "candidates": _candidates(result.tables.get("naming_candidates"), "spelling"),
        "labels": _candidates(result.tables.get("naming_candidates"), "context"),
    }


def _concept(result: ReportSource, rows: pd.DataFrame, concept: str) -> dict[str, Any]:
    variants = list(rows.groupby("variant")["count"].sum().sort_values(ascending=False).index)
    wide = rows.pivot_table(index="outlet", columns="variant", values="count", aggfunc="sum")
    wide = wide.reindex(columns=variants).fillna(0).astype(int)
    quoted = rows.groupby("outlet")["quoted"].sum()
    small = rows.groupby("outlet")["small_sample"].first()
    cells = wide.copy().astype(object)
    for outlet in wide.index:
        total = int(wide.loc[outlet].sum())
        for variant in variants:
            n = int(wide.loc[outlet, variant])
            cells.loc[outlet, variant] = f"{n} ({n / total:.0%})" if n else "—"
    cells["uses"] = wide.sum(axis=1)
    cells["quoted"] = quoted.reindex(wide.index).fillna(0).astype(int)
    cells["outlet"] = [f"{o}{' (small sample)' if bool(small.get(o)) else ''}" for o in wide.index]
    columns = {"outlet": "outlet", **{v: v for v in variants}, "uses": "uses", "quoted": "quoted"}
    return {
        "concept": concept,
        "summary": _summary(wide),
        "table": table(cells.reset_index(drop=True), columns, formats={"uses": fmt_int}),
        "examples": _examples(result, rows),
    }


def _summary(wide: pd.DataFrame) -> Markup:
    """Who writes which variant most: ``RT (6 of 6): mostly *Kiev*; ...``; an outlet without a
    majority variant is listed with its counts."""
    by_variant: dict[str, list[str]] = {}
    mixed: list[str] = []
    for outlet in wide.index:
        row = wide.loc[outlet]
        total, top = int(row.sum()), row.idxmax()
        if 2 * int(row[top]) > total:
            by_variant.setdefault(top, []).append(f"{outlet} ({int(row[top])} of {total})")
        else:
            used = ", ".join(f"{v} {int(n)}" for v, n in row[row > 0].items())
            mixed.append(f"{outlet} ({used})")
    parts = [
        _md(_shortened(who)) + Markup(": mostly *") + _md(v) + Markup("*")
        for v, who in by_variant.items()
    ]
    if mixed:
        parts.append(Markup("no majority: ") + _md(_shortened(mixed, sep="; ")))
    return Markup("; ").join(parts) + Markup(".")


OUTLETS_NAMED = 5
"""Outlets named per variant in a summary line; the table and data/naming.csv hold them all."""


def _shortened(items: list[str], sep: str = ", ") -> str:
    """The first ``OUTLETS_NAMED`` items, and how many more."""
    shown = sep.join(items[:OUTLETS_NAMED])
    more = len(items) - OUTLETS_NAMED
    return shown + (f" and {more} more" if more > 0 else "")


def _examples(result: ReportSource, rows: pd.DataFrame) -> list[dict[str, Any]]:
    """One sentence per variant: the outlet using it most, in its own words if it can."""
    text = result.sentences.set_index(["article_id", "sentence_id"])["text"]
    examples = []
    for variant, part in rows.groupby("variant", sort=False):
        best = part.sort_values(["count", "outlet"], ascending=[False, True]).iloc[0]
        key = (best["example_article_id"], int(best["example_sentence_id"]))
        if key not in text.index:
            continue
        if any(e["key"] == key for e in examples):
            continue  # one sentence using two variants is quoted once
        own = int(best["count"]) > int(best["quoted"])
        examples.append(
            {
                "sentence": text[key],
                "outlet": best["outlet"],
                "variant": variant,
                "quoted": not own,
                "article_id": code_span(key[0]),
                "sentence_id": key[1],
                "key": key,
            }
        )
    return examples


def _candidates(candidates: pd.DataFrame | None, method: str) -> Markup | None:
    """The first pairs found by ``method``: ``spelling`` (with their outlets) or ``context``
    (with the outlets preferring each term)."""
    if candidates is None or candidates.empty:
        return None
    shown = candidates[candidates["method"] == method].head(CANDIDATES_SHOWN).copy()
    if shown.empty:
        return None
    if method == "context":
        return table(
            shown,
            {
                "variant_a": "term",
                "variant_b": "used alike",
                "prefer_a": "preferred by (articles)",
                "prefer_b": "preferred by (articles) ",
                "outlet_split": "outlet split",
            },
            formats={"outlet_split": lambda v: f"{v:.2f}"},
        )
    for column in ("outlets_a", "outlets_b"):
        shown[column] = [_shortened(v.split("; "), sep="; ") for v in shown[column]]
    return table(
        shown,
        {
            "variant_a": "name",
            "variant_b": "spelled also",
            "outlets_a": "outlets (uses)",
            "outlets_b": "outlets (uses) ",
            "both_articles": "articles with both",
        },
        formats={"both_articles": fmt_int},
    )


def _naming_figures(result: ReportSource, colors: dict[str, str]) -> dict[str, Figure]:
    figure = naming_figure(result.tables["naming"], outlets=largest(result, CHART_MAX_OUTLETS))
    return {"naming": figure} if figure is not None else {}


def _naming_findings(result: ReportSource) -> list[Finding]:
    naming = result.tables["naming"]
    naming = naming[naming["outlet"].isin(largest(result))]
    findings = []
    for concept in _contested(naming)[:FINDINGS_MAX]:
        rows = naming[naming["concept"] == concept]
        wide = rows.pivot_table(index="outlet", columns="variant", values="count", aggfunc="sum")
        findings.append(
            Finding(
                Markup("Naming **") + _md(concept) + Markup("**: ") + _summary(wide.fillna(0)),
                "Naming",
            )
        )
    return findings


NAMING = Section(
    "Naming",
    "naming.md.j2",
    _naming_context,
    figures=_naming_figures,
    findings=_naming_findings,
    tables=("naming",),
)
