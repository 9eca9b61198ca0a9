"""The corpus section: outlets, coverage over time, data quality (every log entry counted)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from ...stats import MIN_ARTICLES, MIN_WORDS
from ..markdown import Markup, escape, table
from ..timeline import coverage_timeline
from .base import Finding, ReportSource, Section, fmt_date, fmt_int, largest

__all__ = ["CORPUS"]


def _corpus_context(result: ReportSource) -> dict[str, Any]:
    outlets = result.outlets.reset_index()
    outlets = outlets[outlets["outlet"].isin(largest(result))]
    articles = result.articles
    approximate = articles[articles["date_exact"].eq(False).fillna(False)]
    outlets["approx"] = outlets["outlet"].map(approximate.groupby("outlet").size()).fillna(0)
    log = result.corpus.log
    return {
        "outlet_table": table(
            outlets,
            {
                "outlet": "outlet",
                "articles": "articles",
                "words": "words",
                "sentences": "sentences",
                "first_date": "first date",
                "last_date": "last date",
                "undated": "undated",
                "approx": "approx. dated",
                "small_sample": "small sample",
            },
            formats={
                "words": fmt_int,
                "sentences": fmt_int,
                "first_date": fmt_date,
                "last_date": fmt_date,
                "approx": fmt_int,
                "small_sample": lambda v: "yes" if v else "",
            },
        ),
        "min_articles": MIN_ARTICLES,
        "min_words": MIN_WORDS,
        "n_outlets": len(result.outlets),
        "n_listed": len(outlets),
        "n_approx": len(approximate),
        "quality": _quality_tables(log),
        "non_english": int((~articles["is_english"]).sum()),
        "n_reprints": int(articles["reprint_of"].fillna("").ne("").sum()),
        "reprints": result.config.compare.reprints,
    }


def _quality_tables(log: pd.DataFrame) -> dict[str, Any]:
    counts = (
        log.groupby(["action", "reason"])
        .size()
        .rename("entries")
        .reset_index()
        .sort_values(["action", "entries"], ascending=[True, False])
    )
    examples = log.drop_duplicates("reason").set_index("reason")["detail"]
    counts["example"] = counts["reason"].map(examples)
    rejected = log[log["action"] == "rejected"]
    return {
        "counts": table(
            counts,
            {"action": "action", "reason": "reason", "entries": "entries", "example": "example"},
        )
        if len(counts)
        else None,
        "rejected": table(rejected, {"source": "input", "detail": "reason"})
        if len(rejected)
        else None,
        "n_rejected": len(rejected),
        "n_changes": int(log["action"].isin(["removed", "repaired", "changed"]).sum()),
        "n_flagged": int(log["action"].isin(["flagged", "merged"]).sum()),
    }


def _corpus_figures(result: ReportSource, colors: dict[str, str]) -> dict[str, Figure]:
    if result.articles["date"].notna().any():
        return {"coverage_timeline": coverage_timeline(result.articles, colors=colors)}
    return {}


def _corpus_findings(result: ReportSource) -> list[Finding]:
    outlets = result.outlets
    small = (
        outlets[outlets.get("small_sample", False).astype(bool)]
        if "small_sample" in outlets
        else []
    )
    log = result.corpus.log
    findings = [  # mis-mapped outlets first: every other finding compares single articles
        Finding(Markup(f"**Check the outlets:** {escape(detail)}."), "Corpus")
        for detail in log.loc[log["reason"] == "outlet_column", "detail"]
    ]
    if len(small):
        findings.append(
            Finding(
                Markup(
                    f"{len(small)} of {len(outlets)} outlets have fewer than {MIN_ARTICLES} "
                    f"articles or {MIN_WORDS:,} words: their results describe those "
                    "articles, not the outlet."
                ),
                "Corpus",
            )
        )
    rejected = int((log["action"] == "rejected").sum())
    changes = int(log["action"].isin(["removed", "repaired", "changed"]).sum())
    findings.append(
        Finding(
            Markup(
                f"{rejected:,} input(s) rejected and {changes:,} cleaning change(s) made "
                f"across {len(result.articles):,} articles; each is listed with its reason."
            ),
            "Corpus",
        )
    )
    return findings


CORPUS = Section(
    "Corpus",
    "corpus.md.j2",
    _corpus_context,
    _corpus_figures,
    _corpus_findings,
    tables=("articles", "log", "outlets"),
)
