"""What every report section is made of, and helpers they share.

A section is a small object: its title, its Jinja2 template (``render/templates/<name>.md.j2``),
the tables it needs (left out of the report when one is absent, say because its annotator was
switched off), and functions giving its template variables, its figures and its key findings.
Sections read a result only through :class:`ReportSource`, so the render stage never imports
``framing.result``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd
from matplotlib.figure import Figure

from ...annotate.base import Annotator
from ...compare.evidence import LexicalEvidence
from ...compare.lexical import LexicalComparison
from ...compare.options import DENSE_OUTLETS
from ...config import Config
from ...corpus import Corpus
from ...tokens import terms
from ..markdown import Markup, anchor

__all__ = [
    "Finding",
    "Section",
    "ReportSource",
    "AnnotationRun",
    "FIGURE_MAX_OUTLETS",
    "CHART_MAX_OUTLETS",
    "bounded",
]


class AnnotationRun(Protocol):
    """What the report reads of the annotate stage's output (``framing.annotate.Annotated`` is
    one): the annotators that ran, in order, and their cache keys by name."""

    @property
    def annotators(self) -> Sequence[Annotator]: ...

    @property
    def keys(self) -> Mapping[str, str]: ...


class ReportSource(Protocol):
    """What sections read of a result (``framing.Result`` is one): tables, and the extras of
    the comparisons; the report computes nothing with compare code (a comparison does)."""

    corpus: Corpus
    config: Config
    tables: dict[str, pd.DataFrame]
    notes: dict[str, str]
    command: str | None
    annotated: AnnotationRun
    extras: dict[str, Any]  # "cache": framing.cache.CacheStats of the run, when it had a cache

    @property
    def lexical(self) -> LexicalComparison | None: ...

    @property
    def lexical_evidence(self) -> LexicalEvidence | None: ...

    @property
    def articles(self) -> pd.DataFrame: ...

    @property
    def sentences(self) -> pd.DataFrame: ...

    @property
    def outlets(self) -> pd.DataFrame: ...

    @property
    def keyness(self) -> pd.DataFrame: ...

    @property
    def similarity(self) -> pd.DataFrame: ...

    @property
    def outlet_metrics(self) -> pd.DataFrame | None: ...

    @property
    def figures(self) -> dict[str, Figure]: ...


@dataclass(frozen=True)
class Finding:
    """One key finding for the summary: a sentence with its number and sample size (Markdown),
    and the section holding its evidence."""

    text: Markup
    section: str


def _no_figures(result: ReportSource, colors: dict[str, str]) -> dict[str, Figure]:
    return {}


def _no_findings(result: ReportSource) -> list[Finding]:
    return []


@dataclass(frozen=True)
class Section:
    """A report section.

    ``context(result)`` returns the template's variables; ``figures(result, colors)`` the charts
    it shows (by file stem); ``findings(result)`` its contributions to the summary. ``tables``:
    the tables it needs; without one of them the section is left out.
    """

    title: str
    template: str
    context: Callable[[ReportSource], dict[str, Any]]
    figures: Callable[[ReportSource, dict[str, str]], dict[str, Figure]] = field(
        default=_no_figures
    )
    findings: Callable[[ReportSource], list[Finding]] = field(default=_no_findings)
    tables: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return anchor(self.title)

    def applies(self, result: ReportSource) -> bool:
        """Whether every table the section needs is in the result."""
        return all(name in result.tables for name in self.tables)


def fmt_int(value: object) -> str:
    return f"{int(value):,}"


def fmt_float(digits: int) -> Callable[[object], str]:
    return lambda value: "" if pd.isna(value) else f"{float(value):,.{digits}f}"


def fmt_date(value: object) -> str:
    return "" if pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


FIGURE_MAX_OUTLETS = 12
"""Distinctive-terms panels drawn at most (the largest outlets); the tables keep every outlet."""
CHART_MAX_OUTLETS = 40
"""Outlets drawn in the similarity heatmap and the diversity chart (the largest by words)."""


def largest(result: ReportSource, limit: int | None = None) -> list[str]:
    """Outlets listed in the text: all, or the largest ``max_outlets_in_text`` by words."""
    summary = result.corpus.summary().sort_values(["words", "articles"], ascending=False)
    keep = summary.index[: limit or result.config.report.max_outlets_in_text]
    return sorted(keep)


def bounded(result: ReportSource) -> bool:
    """Whether the run has more than ``DENSE_OUTLETS`` outlets: outlet × outlet results are then
    bounded (``similarity.csv`` holds each outlet's nearest, the matrices the largest outlets),
    and tables that list every outlet list the largest (``max_outlets_in_text``) instead."""
    return len(result.outlets) > DENSE_OUTLETS


def own_name(term: str, outlet: str) -> bool:
    """True when every word of ``term`` is in the outlet's name (``abc news`` for ABC News):
    an outlet naming itself says nothing about how it frames a story."""
    name = set(terms(outlet))
    return bool(name) and set(term.split()) <= name
