"""The result of an analysis: every table a DataFrame, every chart a matplotlib Figure.

``framing.analyze`` returns a :class:`Result`; ``Result.write(out)`` produces the report folder
(``report.md``, ``figures/``, ``data/``). In a notebook, explore the tables directly and call
:meth:`Result.kwic` for the sentences behind any term.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from .compare import LexicalComparison
from .config import Config
from .corpus import Corpus
from .stats import group_sizes

__all__ = ["Result"]


@dataclass
class Result:
    """Tables, charts and evidence of one run.

    Attributes
    ----------
    corpus : Corpus
        The loaded corpus (articles, sentences, log).
    sentences : DataFrame
        The sentence table with every annotator's columns.
    lexical : LexicalComparison
        Keyness, similarity, divergence, diversity and the term counts behind them.
    config : Config
        The options of the run.
    command : str or None
        The command line that produced it, for the report's reproducibility section.
    """

    corpus: Corpus
    sentences: pd.DataFrame
    lexical: LexicalComparison
    config: Config
    command: str | None = None
    _figures: dict[str, Figure] = field(default_factory=dict, repr=False)

    @property
    def articles(self) -> pd.DataFrame:
        """One row per article (see the README's column reference)."""
        return self.corpus.articles

    @property
    def outlets(self) -> pd.DataFrame:
        """Per outlet: articles, words, sentences, dates, and whether the sample is small."""
        summary = self.corpus.summary()
        summary["small_sample"] = group_sizes(self.articles)["small_sample"].astype(bool)
        return summary

    @property
    def keyness(self) -> pd.DataFrame:
        """Each outlet against the rest: every tested term with counts, rates, z (DataFrame)."""
        return self.lexical.keyness

    @property
    def similarity(self) -> pd.DataFrame:
        """Outlet × outlet cosine similarity of TF-IDF vectors."""
        return self.lexical.cosine

    @property
    def divergence(self) -> pd.DataFrame:
        """Outlet × outlet Jensen–Shannon divergence of term distributions."""
        return self.lexical.divergence

    @property
    def outlet_metrics(self) -> pd.DataFrame | None:
        """Lexical diversity and readability per outlet, with bootstrap intervals."""
        return self.lexical.outlet_metrics

    def kwic(self, query: str | list[str], *, window: int = 60) -> pd.DataFrame:
        """Every occurrence of ``query`` in context, with outlet, article and sentence ids."""
        return self.lexical.kwic(query, window=window)

    def top_terms(self, outlet: str, n: int = 15, *, direction: str = "over") -> pd.DataFrame:
        """The outlet's ``n`` most over-used (or ``direction="under"``) terms."""
        return self.lexical.top_terms(outlet, n, direction=direction)

    @property
    def figures(self) -> dict[str, Figure]:
        """The report's charts by file stem (built on first use)."""
        if not self._figures:
            from .render.report import build_figures

            self._figures.update(build_figures(self))
        return self._figures

    def report(self, *, timestamp: str | None = None) -> str:
        """The Markdown report as a string (figures linked under ``figures/``)."""
        from .render.report import render_report

        return render_report(self, timestamp=timestamp)

    def write(
        self, out: str | Path, *, timestamp: str | None = None, progress: bool = False
    ) -> Path:
        """Write ``report.md``, ``figures/*.png`` and ``data/*`` under ``out`` atomically."""
        from .render.write import write_result

        return write_result(self, Path(out), timestamp=timestamp, progress=progress)

    def __repr__(self) -> str:
        return f"Result({self.corpus!r}, {len(self.keyness):,} keyness rows)"
