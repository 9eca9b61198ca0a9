"""Assemble the Markdown report from its sections.

The frame — title, one generated-at line, summary of key findings, then each section — knows
nothing about what a section contains. Sections (``framing.render.sections.SECTIONS``, or any
list given) supply their template variables, figures and findings; a section whose tables the
run did not make is left out. Templates are Jinja2 with a ``finalize`` hook
that escapes every value not marked as framing's own Markdown (``Markup``), so text from articles
can never inject links, HTML or images.
"""

from __future__ import annotations

import datetime as dt
import platform
from collections.abc import Collection, Sequence
from functools import lru_cache

import jinja2
import pandas as pd
from matplotlib.figure import Figure

from ..schema import HEADLINE_SENTENCE, headline_rows
from .figures import outlet_colors
from .markdown import Markup, escape, line
from .sections import SECTIONS, Finding, ReportSource, Section
from .sections.base import CHART_MAX_OUTLETS, largest

__all__ = ["render_report", "build_figures", "figure_colors", "FIGURE_DIR", "generated_line"]

FIGURE_DIR = "figures"
GENERATED_PREFIX = "_Generated "


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("framing.render", "templates"),
        autoescape=False,
        finalize=lambda value: value if isinstance(value, Markup) else escape(value),
        keep_trailing_newline=True,
        trim_blocks=False,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["line"] = lambda value: Markup(line(value))
    env.filters["sentence"] = sentence_label
    return env


def build_figures(
    result: ReportSource, sections: Sequence[Section] = SECTIONS
) -> dict[str, Figure]:
    """Every applicable section's figures, by file stem, with one colour per outlet throughout
    (past the palette's size, the outlets the charts draw take its colours first)."""
    colors = figure_colors(result)
    figures: dict[str, Figure] = {}
    for section in sections:
        if section.applies(result):
            figures.update(section.figures(result, colors))
    return figures


def figure_colors(result: ReportSource) -> dict[str, str]:
    """One colour per outlet for every chart of the run (past the palette's size, the outlets the
    charts draw take its colours first)."""
    return outlet_colors(result.articles["outlet"], first=largest(result, CHART_MAX_OUTLETS))


def generated_line(timestamp: str | None = None) -> str:
    """The report's only line that changes between identical runs: when and with what."""
    from importlib.metadata import version  # not the libraries: scikit-learn takes a second

    from .. import __version__

    when = timestamp or dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{GENERATED_PREFIX}{when} by framing {__version__} (Python {platform.python_version()}, "
        f"pandas {pd.__version__}, scikit-learn {version('scikit-learn')}, "
        f"matplotlib {version('matplotlib')})._"
    )


def render_report(
    result: ReportSource,
    *,
    sections: Sequence[Section] = SECTIONS,
    figures: Collection[str] | None = None,
    timestamp: str | None = None,
) -> str:
    """The report as Markdown; figures are linked as ``figures/<name>.png``.

    Parameters
    ----------
    result : Result
        What the sections read (``framing.Result``).
    sections : sequence of Section, default=SECTIONS
        The sections, in order; one whose tables the result lacks is left out.
    figures : collection of str, default=None
        The stems of the figures already built or drawn (by :func:`build_figures` or
        ``framing.render.draw.draw_figures`` with the same sections): a dict of them will do.
    timestamp : str, default=None
        Replaces the time in the generated-at line (for reproducible output in tests).
    """
    shown = [s for s in sections if s.applies(result)]
    figures = build_figures(result, shown) if figures is None else figures
    env = _environment()

    def figure(name: str) -> Markup | None:
        return Markup(f"{FIGURE_DIR}/{name}.png") if name in figures else None

    bodies = []
    findings: list[Finding] = []
    for section in shown:
        context = section.context(result)
        body = env.get_template(section.template).render(figure=figure, **context)
        bodies.append({"title": Markup(section.title), "body": Markup(_tidy(body))})
        findings.extend(section.findings(result))
    frame = env.get_template("report.md.j2").render(
        title=result.config.title or result.config.name or "framing report",
        timestamp_line=Markup(generated_line(timestamp)),
        overview=Markup(_overview(result)),
        findings=findings,
        anchors={s.title: s.anchor for s in shown},
        sections=bodies,
    )
    return _tidy(frame)


def _overview(result: ReportSource) -> str:
    articles = result.articles
    dates = articles["date"].dropna()
    span = (
        f"published {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}"
        if len(dates)
        else "with no usable dates"
    )
    undated = len(articles) - len(dates)
    return (
        f"{len(articles):,} articles from {articles['outlet'].nunique():,} outlets, "
        f"{int(articles['n_words'].sum()):,} words in {int(articles['n_sentences'].sum()):,} "
        f"sentences and {len(headline_rows(result.sentences)):,} headlines, {span}"
        + (f" ({undated:,} undated)" if undated and len(dates) else "")
        + "."
    )


def sentence_label(sentence_id: int) -> str:
    """Where evidence sits in its article: ``sentence 7``, or ``headline`` for the title row."""
    return "headline" if int(sentence_id) == HEADLINE_SENTENCE else f"sentence {int(sentence_id)}"


def _tidy(text: str) -> str:
    """At most one blank line in a row, one final newline (templates stay readable)."""
    rows = [row.rstrip() for row in text.splitlines()]
    out: list[str] = []
    for row in rows:
        if row == "" and (not out or out[-1] == ""):
            continue
        out.append(row)
    return "\n".join(out).strip() + "\n"
