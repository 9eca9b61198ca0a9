"""The Voices section: whom each outlet quotes, with which verbs, and what it hedges.

Every number comes from ``data/voices.csv``, ``data/own_voice.csv`` and ``data/quotes.csv``; every
finding shows its counts and an example sentence with its ``article_id`` and sentence number.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from ...compare.voices import UNREGISTERED, VERB_CLASSES
from ...stats import MIN_ARTICLES
from ..figures import metric_intervals_figure, share_of_voice_figure
from ..markdown import Markup, code_span, escape, table
from .base import (
    CHART_MAX_OUTLETS,
    Finding,
    ReportSource,
    Section,
    bounded,
    fmt_int,
    largest,
)

__all__ = ["VOICES"]

TOP_SPEAKERS = 5
"""Speakers listed per outlet."""
MIN_QUOTES_FOR_CONTRAST = 3
"""Quotations a group needs in an outlet before its verb profile is compared with another's."""


def _body(result: ReportSource, level: str) -> pd.DataFrame:
    voices = result.tables["voices"]
    return voices[(voices["where"] == "body") & (voices["level"] == level)]


def _quote_example(result: ReportSource, outlet: str, **match: str) -> dict[str, Any] | None:
    """The sentence of the longest quotation of ``outlet`` matching ``match`` (column → value)."""
    quotes = result.tables["quotes"]
    rows = quotes[quotes["outlet"] == outlet]
    for column, value in match.items():
        rows = rows[rows[column] == value]
    if rows.empty:
        return None
    row = rows.sort_values("n_words", ascending=False, kind="stable").iloc[0]
    return _sentence(result, row["article_id"], int(row["sentence_id"]))


def _sentence(result: ReportSource, article_id: str, sentence_id: int) -> dict[str, Any] | None:
    sentences = result.sentences
    hit = sentences[
        (sentences["article_id"] == article_id) & (sentences["sentence_id"] == sentence_id)
    ]
    if hit.empty:
        return None
    text = str(hit["text"].iloc[0])
    words = text.split()
    if len(words) > 80:
        text = " ".join(words[:80]) + " …"
    return {"sentence": text, "article_id": code_span(article_id), "sentence_id": sentence_id}


def _outlet_voices(result: ReportSource, outlet: str) -> dict[str, Any]:
    groups = _body(result, "group")
    groups = groups[groups["outlet"] == outlet]
    speakers = _body(result, "speaker")
    speakers = speakers[speakers["outlet"] == outlet].head(TOP_SPEAKERS)
    size = result.outlets.loc[outlet] if outlet in result.outlets.index else None
    quotes = result.tables["quotes"]
    own = quotes[quotes["outlet"] == outlet]
    attributed = int((own["speaker"].fillna("") != "").sum())
    columns = {
        "name": "group",
        "quotes": "quotations",
        "share_quotes": "share",
        "quoted_words": "quoted words",
        "articles": "articles",
    }
    formats = {"share_quotes": _percent, "quotes": fmt_int, "quoted_words": fmt_int}
    top = groups.iloc[0] if len(groups) else None
    return {
        "outlet": outlet,
        "articles": int(size["articles"]) if size is not None else 0,
        "small": bool(size.get("small_sample", False)) if size is not None else False,
        "n_quotes": len(own),
        "attributed": attributed,
        "groups": table(groups, columns, formats=formats) if len(groups) else None,
        "speakers": ", ".join(
            f"{escape(s)} ({int(q)})"
            for s, q in zip(speakers["name"], speakers["quotes"], strict=True)
        ),
        "example": _quote_example(result, outlet, speaker_group=top["name"])
        if top is not None and top["name"] != UNREGISTERED
        else _quote_example(result, outlet, speaker=speakers["name"].iloc[0])
        if len(speakers)
        else None,
        "top_group": top["name"] if top is not None else None,
    }


def _percent(value: object) -> str:
    return "" if pd.isna(value) else f"{float(value) * 100:.0f} %"


def _verb_profile(result: ReportSource, outlets: list[str]) -> Markup | None:
    """Outlet × group: quotations and how many of them each verb class attributes."""
    groups = _body(result, "group")
    groups = groups[groups["outlet"].isin(outlets) & (groups["quotes"] >= 2)]
    if groups.empty:
        return None
    rows = groups.assign(
        **{f"{c}_cell": [_count_share(r, c) for _, r in groups.iterrows()] for c in VERB_CLASSES}
    )
    columns = {"outlet": "outlet", "name": "group", "quotes": "quotations"} | {
        f"{c}_cell": c for c in VERB_CLASSES
    }
    return table(rows, columns, formats={"quotes": fmt_int})


def _count_share(row: pd.Series, verb_class: str) -> str:
    count = int(row[verb_class])
    return "" if not count else f"{count} ({count / int(row['quotes']) * 100:.0f} %)"


def _own_voice_table(result: ReportSource, outlets: list[str]) -> Markup | None:
    own = result.tables["own_voice"]
    own = own[own["outlet"].isin(outlets)]
    if own.empty:
        return None
    rows = own.assign(
        hedge_cell=[
            _rate(c, r, lo, hi)
            for c, r, lo, hi in own[
                ["hedges", "hedges_per_1000", "hedges_low", "hedges_high"]
            ].itertuples(index=False)
        ],
        scare_cell=[
            _rate(c, r, lo, hi)
            for c, r, lo, hi in own[
                ["scare_quotes", "scare_quotes_per_1000", "scare_quotes_low", "scare_quotes_high"]
            ].itertuples(index=False)
        ],
        small_cell=["small sample" if s else "" for s in own["small_sample"]],
    )
    columns = {
        "outlet": "outlet",
        "articles": "articles",
        "words": "words",
        "hedge_cell": "hedges: count, per 1,000 words [interval]",
        "scare_cell": "scare quotes: count, per 1,000 words [interval]",
        "small_cell": "",
    }
    return table(rows, columns, formats={"words": fmt_int})


def _rate(count: int, rate: float, low: float, high: float) -> str:
    text = f"{int(count)}, {rate:.2f}"
    return text if pd.isna(low) else f"{text} [{low:.2f}, {high:.2f}]"


def _verb_examples(result: ReportSource, outlets: list[str]) -> list[dict[str, Any]]:
    """Per outlet, a sentence attributed with a doubt-casting, then an emotive, verb."""
    quotes = result.tables["quotes"]
    examples = []
    for outlet in outlets:
        for verb_class in ("doubt", "emotive", "endorse"):
            rows = quotes[(quotes["outlet"] == outlet) & (quotes["verb_class"] == verb_class)]
            if rows.empty:
                continue
            row = rows.iloc[0]
            example = _sentence(result, row["article_id"], int(row["sentence_id"]))
            if example:
                examples.append(
                    {
                        "outlet": outlet,
                        "verb_class": verb_class,
                        "speaker": row["speaker"],
                        "group": row["speaker_group"] or UNREGISTERED,
                        "verb": row["verb"],
                        **example,
                    }
                )
            break
    return examples


def _own_voice_examples(result: ReportSource, outlets: list[str]) -> list[dict[str, Any]]:
    sentences = result.sentences
    examples = []
    for column, label in (("hedges", "hedge"), ("scare_quotes", "scare quote")):
        if column not in sentences:
            continue
        hits = sentences[(sentences[column] > 0) & sentences["outlet"].isin(outlets)]
        for outlet, part in hits.groupby("outlet", sort=True):
            row = part.iloc[0]
            cue = str(row.get("hedge_cues", "")) if column == "hedges" else ""
            example = _sentence(result, row["article_id"], int(row["sentence_id"]))
            if example:
                examples.append({"outlet": outlet, "kind": label, "cue": cue, **example})
    return examples


def _voices_context(result: ReportSource) -> dict[str, Any]:
    outlets = [o for o in largest(result) if o in set(result.tables["voices"]["outlet"])]
    quotes = result.tables["quotes"]
    headlines = result.tables["voices"]
    headlines = headlines[(headlines["where"] == "headline") & (headlines["level"] == "speaker")]
    if bounded(result):  # thousands of outlets: the largest, as everywhere in the text
        headlines = headlines[headlines["outlet"].isin(largest(result))]
    return {
        "bounded": bounded(result),
        "n_outlets": len(result.outlets),
        "n_listed": len(largest(result)),
        "n_quotes": len(quotes),
        "n_direct": int((quotes["kind"] == "direct").sum()),
        "n_partial": int((quotes["kind"] == "partial").sum()),
        "n_indirect": int((quotes["kind"] == "indirect").sum()),
        "n_attributed": int((quotes["speaker"].fillna("") != "").sum()),
        "outlets": [_outlet_voices(result, o) for o in outlets],
        "verbs": _verb_profile(result, outlets),
        "verb_examples": _verb_examples(result, outlets),
        "own_voice": _own_voice_table(result, outlets),
        "own_examples": _own_voice_examples(result, outlets),
        "headlines": _headline_table(headlines),
        "candidates": _candidates(result),
        "min_articles": MIN_ARTICLES,
    }


def _headline_table(headlines: pd.DataFrame) -> Markup | None:
    if headlines.empty:
        return None
    return table(
        headlines,
        {"outlet": "outlet", "name": "speaker", "quotes": "quotations", "example": "quoted"},
        formats={"quotes": fmt_int},
    )


def _candidates(result: ReportSource) -> Markup | None:
    candidates = result.tables.get("actor_candidates")
    if candidates is None or candidates.empty:
        return None
    totals = (
        candidates.groupby("name")
        .agg(mentions=("mentions", "sum"), outlets=("outlet", "nunique"), quoted=("quoted", "sum"))
        .sort_values(["quoted", "mentions"], ascending=False)
        .head(10)
        .reset_index()
    )
    return table(
        totals,
        {"name": "name", "mentions": "mentions", "outlets": "outlets", "quoted": "quoted"},
        formats={"mentions": fmt_int, "outlets": fmt_int, "quoted": fmt_int},
    )


def _voices_figures(result: ReportSource, colors: dict[str, str]) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    shown = largest(result, CHART_MAX_OUTLETS)
    groups = _body(result, "group")
    if len(groups):
        figures["share_of_voice"] = share_of_voice_figure(result.tables["voices"], outlets=shown)
    own = result.tables["own_voice"]
    own = own[own["outlet"].isin(shown)]
    if len(own) and own["hedges"].sum() > 0:
        metrics = pd.DataFrame(
            {
                "group": own["outlet"],
                "metric": "hedges per 1,000 words",
                "mean": own["hedges_per_1000"],
                "ci_low": own["hedges_low"],
                "ci_high": own["hedges_high"],
                "n_articles": own["articles"],
                "small_sample": own["small_sample"],
            }
        )
        figures["hedges"] = metric_intervals_figure(
            metrics,
            "hedges per 1,000 words",
            colors=colors,
            title="Hedges in the outlet's own voice, per 1,000 words (bootstrap interval)",
        )
    return figures


def _voices_findings(result: ReportSource) -> list[Finding]:
    findings = []
    groups = _body(result, "group")
    sizes = result.outlets
    for outlet in [o for o in largest(result) if o in set(groups["outlet"])]:
        part = groups[groups["outlet"] == outlet]
        top = part.iloc[0]
        total = int(part["quotes"].sum())
        if top["name"] == UNREGISTERED or total < 2:
            continue
        articles = int(sizes.loc[outlet, "articles"]) if outlet in sizes.index else 0
        small = " — small sample" if articles < MIN_ARTICLES else ""
        findings.append(
            Finding(
                Markup(
                    f"**{escape(outlet)}** gives {escape(top['name'])} "
                    f"{_percent(top['share_quotes'])} of its attributed quotations "
                    f"({int(top['quotes'])} of {total}, in {articles} article(s){small})."
                ),
                "Voices",
            )
        )
    contrast = _verb_contrast(groups)
    if contrast is not None:
        findings.append(Finding(contrast, "Voices"))
    hedging = _hedge_finding(result)
    if hedging is not None:
        findings.append(Finding(hedging, "Voices"))
    return findings


def _hedge_finding(result: ReportSource) -> Markup | None:
    """The outlets that hedge most and least in their own voice, with counts and intervals."""
    own = result.tables["own_voice"]
    own = own[own["words"] > 0].sort_values("hedges_per_1000", ascending=False, kind="stable")
    if len(own) < 2 or int(own["hedges"].iloc[0]) == 0:
        return None
    high, low = own.iloc[0], own.iloc[-1]

    def described(row: pd.Series) -> str:
        interval = (
            ""
            if pd.isna(row["hedges_low"])
            else f" [{row['hedges_low']:.2f}, {row['hedges_high']:.2f}]"
        )
        small = ", small sample" if bool(row["small_sample"]) else ""
        return (
            f"**{escape(row['outlet'])}** {row['hedges_per_1000']:.2f} per 1,000 words{interval} "
            f"({int(row['hedges'])} in {int(row['words']):,} words, {int(row['articles'])} "
            f"article(s){small})"
        )

    return Markup(
        f"Hedges in the outlet's own voice (alleged, so-called, reportedly ...): most in "
        f"{described(high)}, fewest in {described(low)}."
    )


def _verb_contrast(groups: pd.DataFrame) -> Markup | None:
    """The sharpest difference in doubt-casting verbs between two groups in one outlet."""
    best = None
    eligible = groups[
        (groups["quotes"] >= MIN_QUOTES_FOR_CONTRAST) & (groups["name"] != UNREGISTERED)
    ]
    for outlet, part in eligible.groupby("outlet"):
        if len(part) < 2:
            continue
        share = part["doubt"] / part["quotes"]
        high, low = part.loc[share.idxmax()], part.loc[share.idxmin()]
        gap = float(share.max() - share.min())
        if gap > 0 and (best is None or gap > best[0]):
            best = (gap, outlet, high, low)
    if best is None:
        return None
    _, outlet, high, low = best
    return Markup(
        f"**{escape(outlet)}** attributes {escape(high['name'])}'s words with a doubt-casting verb "
        f"(claimed, insisted, alleged ...) in {int(high['doubt'])} of {int(high['quotes'])} "
        f"quotations, {escape(low['name'])}'s in {int(low['doubt'])} of {int(low['quotes'])}."
    )


VOICES = Section(
    "Voices",
    "voices.md.j2",
    _voices_context,
    figures=_voices_figures,
    findings=_voices_findings,
    tables=("quotes", "voices", "own_voice"),
)
