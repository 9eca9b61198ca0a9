"""The lexical comparison section: distinctive terms with evidence, similarity, diversity."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...compare.evidence import LexicalEvidence, TermRanking
from ...compare.options import DENSE_OUTLETS, SIMILAR_OUTLETS
from ...schema import headline_rows
from ...stats import MIN_ARTICLES
from ..figures import fightin_words_figure, metric_intervals_figure, similarity_heatmap
from ..markdown import Markup, code_span, escape, table
from .base import (
    CHART_MAX_OUTLETS,
    FIGURE_MAX_OUTLETS,
    Finding,
    ReportSource,
    Section,
    bounded,
    fmt_float,
    fmt_int,
    largest,
    own_name,
)

__all__ = ["LEXICAL"]


def _evidence(result: ReportSource) -> LexicalEvidence:
    """The ranked terms and example sentences (the ``lexical_evidence`` comparison's extra)."""
    evidence = result.lexical_evidence
    return LexicalEvidence.empty() if evidence is None else evidence


def _term_rows(result: ReportSource, outlet: str, direction: str) -> pd.DataFrame:
    terms = _evidence(result).terms
    return terms.top(outlet, result.config.report.top_terms, direction=direction)


def _term_label(row: pd.Series) -> Markup:
    marks = ["†"] if own_name(row["term"], row["group"]) else []
    if bool(row["significant"]):
        marks.append("*")
    if bool(row["single_article"]):
        marks.append("¹")
    return Markup(escape(row["term"]) + ("" if not marks else " " + "".join(marks)))


EXAMPLE_MAX_WORDS = 100
"""Example sentences longer than this are quoted as their keyword-in-context window."""


def _examples(result: ReportSource, outlet: str) -> list[dict[str, Any]]:
    """The sentences behind the outlet's most distinctive term (full sentences first)."""
    hits = _evidence(result).examples_of(outlet).head(result.config.report.examples)
    return [
        {
            "sentence": row.sentence
            if len(row.sentence.split()) <= EXAMPLE_MAX_WORDS
            else f"…{row.left}{row.match}{row.right}…",
            "article_id": code_span(row.article_id),
            "sentence_id": int(row.sentence_id),
        }
        for row in hits.itertuples()
    ]


def _outlet_terms(result: ReportSource, outlet: str) -> dict[str, Any]:
    over = _term_rows(result, outlet, "over")
    size = result.outlets.loc[outlet]
    columns = {
        "label": "term",
        "count_group": "count",
        "rate_group": "per 1,000 words",
        "rate_rest": "per 1,000 elsewhere",
        "articles_group": "articles",
        "z": "z",
    }
    formats = {
        "rate_group": fmt_float(2),
        "rate_rest": fmt_float(2),
        "z": fmt_float(1),
        "count_group": fmt_int,
        "articles_group": fmt_int,
    }
    over = over.assign(label=[_term_label(r) for _, r in over.iterrows()])
    under = _term_rows(result, outlet, "under")
    return {
        "outlet": outlet,
        "articles": int(size["articles"]),
        "words": int(size["words"]),
        "small": bool(size.get("small_sample", False)),
        "over": table(over, columns, formats=formats) if len(over) else None,
        "under": ", ".join(escape(t) for t in under["term"]) if len(under) else "",
        "top_term": over["term"].iloc[0] if len(over) else None,
        "examples": _examples(result, outlet) if len(over) else [],
    }


def _similar_pairs(matrix: pd.DataFrame) -> pd.DataFrame:
    values = matrix.to_numpy(dtype=float)
    upper = np.triu_indices_from(values, k=1)
    pairs = pd.DataFrame(
        {
            "a": matrix.index[upper[0]],
            "b": matrix.columns[upper[1]],
            "cosine": values[upper],
        }
    )
    return pairs.sort_values(["cosine", "a", "b"], ascending=[False, True, True])


_PARTS = {
    "keyness": "Distinctive terms",
    "similarity": "Similarity",
    "diversity": "Diversity and readability",
}


def _notes(notes: dict[str, str]) -> list[tuple[str, str]]:
    """Why parts were left out, one line per distinct reason (naming every part it covers)."""
    by_reason: dict[str, list[str]] = {}
    for part, why in notes.items():
        by_reason.setdefault(why, []).append(_PARTS.get(part, part))
    return [(", ".join(parts), why) for why, parts in by_reason.items()]


def _compared(result: ReportSource) -> list[str]:
    """Outlets listed in the lexical section: those in the keyness table, largest first cut."""
    present = set(result.keyness["group"].astype(str)) if len(result.keyness) else set()
    return [o for o in largest(result) if o in present]


def _lexical_context(result: ReportSource) -> dict[str, Any]:
    options = result.config.compare
    pairs = _similar_pairs(result.similarity) if len(result.similarity) > 1 else pd.DataFrame()
    metrics = result.outlet_metrics
    if metrics is not None and bounded(result):  # a table of every outlet would be thousands
        metrics = metrics[metrics["group"].isin(largest(result))]
    notes = result.lexical.notes
    return {
        "bounded": bounded(result),
        "matrix_outlets": len(result.similarity),
        "similar_outlets": SIMILAR_OUTLETS,
        "dense_outlets": DENSE_OUTLETS,
        "n_metrics_listed": metrics["group"].nunique() if metrics is not None else 0,
        "notes": _notes(notes),
        "has_keyness": bool(len(result.keyness)),
        "has_similarity": len(result.similarity) > 1,
        "outlets": [_outlet_terms(result, o) for o in _compared(result)]
        if len(result.keyness)
        else [],
        "n_outlets": len(result.outlets),
        "n_terms": int(result.keyness["term"].nunique()) if len(result.keyness) else 0,
        "figure_outlets": min(FIGURE_MAX_OUTLETS, len(result.outlets)),
        "chart_outlets": min(CHART_MAX_OUTLETS, len(result.outlets)),
        "ngram_range": options.ngram_range,
        "significance": options.significance,
        "closest": table(
            pairs.head(5),
            {"a": "outlet", "b": "outlet", "cosine": "cosine"},
            formats={"cosine": fmt_float(3)},
        )
        if len(pairs)
        else None,
        "furthest": table(
            pairs.tail(5).iloc[::-1],
            {"a": "outlet", "b": "outlet", "cosine": "cosine"},
            formats={"cosine": fmt_float(3)},
        )
        if len(pairs) > 5
        else None,
        "metrics": _metrics_table(metrics) if metrics is not None and len(metrics) else None,
        "confidence": int(round(options.confidence * 100)),
        "headlines": _headlines(result),
        "min_interval": MIN_ARTICLES,
    }


HEADLINES_LISTED = 5
"""Headlines listed per outlet in the report (the newest); all are in ``sentences.parquet``."""
HEADLINE_TERMS = 5
"""Distinctive headline words shown per outlet."""


def _headlines(result: ReportSource) -> dict[str, Any] | None:
    """Headline words per outlet against the other outlets' headlines, and the headlines."""
    heads = headline_rows(result.sentences)
    if heads.empty:
        return None
    dated = heads.merge(result.articles[["article_id", "date"]], on="article_id", how="left")
    terms = _evidence(result).headline_terms
    outlets = [o for o in largest(result) if o in set(dated["outlet"])]
    return {
        "n": len(heads),
        "n_outlets": dated["outlet"].nunique(),
        "untitled": len(result.articles) - heads["article_id"].nunique(),
        "outlets": [_outlet_headlines(o, dated, terms) for o in outlets],
        "compared": bool(len(terms.table)),
        "counted": result.config.compare.headlines,
        "min_articles": MIN_ARTICLES,
    }


def _outlet_headlines(outlet: str, dated: pd.DataFrame, terms: TermRanking) -> dict[str, Any]:
    own = dated[dated["outlet"] == outlet].sort_values("date", ascending=False, kind="stable")
    small = len(own) < MIN_ARTICLES  # a word of one or two headlines is no habit: list only
    top = terms.top(outlet, HEADLINE_TERMS) if not small else pd.DataFrame()
    top = top[top["z"] > 0] if len(top) else top
    return {
        "outlet": outlet,
        "n": len(own),
        "small": small,
        "terms": "; ".join(
            f"{escape(r.term)}{'*' if r.significant else ''} ({int(r.count_group)}×, "
            f"{int(r.articles_group)} headline(s), z = {r.z:.1f})"
            for r in top.itertuples()
        ),
        "listed": [
            {
                "date": "undated" if pd.isna(r.date) else f"{r.date:%Y-%m-%d}",
                "text": r.text,
                "article_id": code_span(r.article_id),
            }
            for r in own.head(HEADLINES_LISTED).itertuples()
        ],
        "more": max(len(own) - HEADLINES_LISTED, 0),
    }


_METRICS = {
    "mattr": ("MATTR", 3),
    "flesch_reading_ease": ("Flesch reading ease", 1),
    "words_per_sentence": ("words per sentence", 1),
}


def _metrics_table(metrics: pd.DataFrame) -> Markup:
    """One row per outlet: articles and each metric as ``mean [low, high]``."""
    rows = metrics.drop_duplicates("group")[["group", "n_articles"]].set_index("group")
    for metric, (label, digits) in _METRICS.items():
        part = metrics[metrics["metric"] == metric].set_index("group")
        rows[label] = [
            _interval(part.loc[g, "mean"], part.loc[g, "ci_low"], part.loc[g, "ci_high"], digits)
            if g in part.index
            else ""
            for g in rows.index
        ]
    rows = rows.reset_index()
    columns = {"group": "outlet", "n_articles": "articles"} | {
        v[0]: v[0] for v in _METRICS.values()
    }
    return table(rows, columns)


def _interval(mean: float, low: float, high: float, digits: int) -> str:
    if pd.isna(low):
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


def _lexical_figures(result: ReportSource, colors: dict[str, str]) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    if len(result.keyness):
        shown = largest(result, FIGURE_MAX_OUTLETS)
        figures["distinctive_terms"] = fightin_words_figure(
            result.keyness, groups=shown, colors=colors, n_label=8, max_cols=3
        )
    shown = largest(result, CHART_MAX_OUTLETS)
    if len(result.similarity) > 1:
        compared = [o for o in shown if o in result.similarity.index]
        matrix = result.similarity.loc[compared, compared]
        figures["similarity"] = similarity_heatmap(matrix, colors=colors)
    metrics = result.outlet_metrics
    if metrics is not None and len(metrics) and "metric" in metrics:
        figures["lexical_diversity"] = metric_intervals_figure(
            metrics[metrics["group"].isin(shown)],
            "mattr",
            colors=colors,
            title="Lexical diversity (MATTR): mean and bootstrap interval over articles",
        )
    return figures


FINDINGS_MAX_OUTLETS = 8


def _headline_term(result: ReportSource, outlet: str) -> pd.Series | None:
    """The outlet's most distinctive term that is not its own name, preferring terms used by
    more than one of its articles (a habit rather than one article's wording)."""
    top = _evidence(result).terms.top(outlet, 50)
    top = top[[not own_name(t, outlet) for t in top["term"]]]
    if top.empty:
        return None
    shared = top[~top["single_article"].astype(bool)]
    return (shared if len(shared) else top).iloc[0]


def _lexical_findings(result: ReportSource) -> list[Finding]:
    findings = []
    heads = {o: _headline_term(result, o) for o in _compared(result)}
    heads = {o: row for o, row in heads.items() if row is not None}
    if len(heads) > FINDINGS_MAX_OUTLETS:  # the strongest differences, not the first names
        strongest = sorted(heads, key=lambda o: -abs(float(heads[o]["z"])))[:FINDINGS_MAX_OUTLETS]
        heads = {o: heads[o] for o in sorted(strongest)}
    for outlet, row in heads.items():
        note = (
            "one article"
            if bool(row["single_article"])
            else f"{int(row['articles_group'])} article(s)"
        )
        strength = "significant" if bool(row["significant"]) else "not significant after correction"
        findings.append(
            Finding(
                Markup(
                    f"**{escape(outlet)}** uses “{escape(row['term'])}” most distinctively: "
                    f"{row['rate_group']:.2f} per 1,000 words "
                    f"({int(row['count_group']):,}×, {note}) against "
                    f"{row['rate_rest']:.2f} elsewhere; z = {row['z']:.1f}, {strength} "
                    f"(outlet: {int(row['n_articles'])} article(s), {int(row['n_words']):,} words)."
                ),
                "Lexical comparison",
            )
        )
    if len(result.similarity) > 2:
        # pairs among outlets large enough to generalise from, when there are three or more
        outlets = result.outlets
        compared = list(result.similarity.index)
        sizable = [o for o in outlets.index[~outlets["small_sample"].astype(bool)] if o in compared]
        shown = sizable if len(sizable) > 2 else compared
        pairs = _similar_pairs(result.similarity.loc[shown, shown])
        best, worst = pairs.iloc[0], pairs.iloc[-1]
        over = (
            f"over the {len(compared):,} largest of {len(outlets):,} outlets"
            + (" (those not marked small samples)" if len(shown) < len(compared) else "")
            + "."
            if bounded(result)
            else f"over {len(shown)} outlets"
            + (" not marked small samples." if len(shown) < len(compared) else ".")
        )
        findings.append(
            Finding(
                Markup(
                    f"Closest vocabularies: {escape(best.a)} and {escape(best.b)} "
                    f"(cosine {best.cosine:.3f}); most different: {escape(worst.a)} and "
                    f"{escape(worst.b)} ({worst.cosine:.3f}), " + over
                ),
                "Lexical comparison",
            )
        )
    return findings


LEXICAL = Section(
    "Lexical comparison", "lexical.md.j2", _lexical_context, _lexical_figures, _lexical_findings
)
