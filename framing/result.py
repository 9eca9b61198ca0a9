"""The result of an analysis: every table a DataFrame (by name), every chart a matplotlib Figure.

``framing.analyze`` returns a :class:`Result`. Its ``tables`` hold every table a run makes, by the
name ``framing.schema`` documents it under (``articles``, ``sentences``, ``log``, ``outlets``, the
annotators' span tables such as ``quotes``, and each registered comparison's tables such as
``keyness``); ``Result.write(out)`` writes each one beside the report. In a notebook, explore the
tables directly and call :meth:`Result.kwic` for the sentences behind any term.

In Jupyter, ``result.figures["similarity"]`` at the end of a cell shows the chart: framing builds
its figures without pyplot, whose import is what usually tells IPython how to show a Figure, so
``figures`` tells it (see :func:`show_figures_inline`).

This module imports the render stage (for ``write``, ``report`` and ``figures``); the render
stage never imports it: it reads a result through the attributes below.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .annotate import DEFAULT_ANNOTATORS, Annotated
from .compare import LexicalComparison, LexicalEvidence, kwic, top_terms
from .config import Config
from .corpus import Corpus
from .errors import InputError
from .schema import conform, table_specs

if TYPE_CHECKING:  # matplotlib loads when a figure is drawn, not with the analysis
    from matplotlib.figure import Figure

__all__ = ["Result", "read_table", "show_figures_inline"]


@dataclass
class Result:
    """Tables, charts and evidence of one run.

    Attributes
    ----------
    corpus : Corpus
        The loaded corpus (articles, sentences, log).
    annotated : Annotated
        The annotated sentences, span tables, annotators run and their cache keys.
    config : Config
        The options of the run.
    tables : dict of str to DataFrame
        Every table of the run, by its name in ``framing.schema``.
    notes : dict of str to str
        Parts left out of this run (a comparison the corpus's shape does not allow, an annotator
        switched off), and why.
    extras : dict of str to object
        Other products for the Python API, e.g. ``"lexical"``: the ``LexicalComparison``, and
        ``"lexical_evidence"``: the ``LexicalEvidence``.
    command : str or None
        The command line that produced it, for the report's reproducibility section.
    """

    corpus: Corpus
    annotated: Annotated
    config: Config
    tables: dict[str, pd.DataFrame]
    notes: dict[str, str] = field(default_factory=dict)
    extras: dict[str, object] = field(default_factory=dict)
    command: str | None = None
    _figures: dict[str, Figure] = field(default_factory=dict, repr=False)

    def table(self, name: str) -> pd.DataFrame:
        """The table called ``name`` (empty when this run did not make it)."""
        return self.tables.get(name, pd.DataFrame())

    @property
    def articles(self) -> pd.DataFrame:
        """One row per article (see the README's column reference)."""
        return self.tables["articles"]

    @property
    def sentences(self) -> pd.DataFrame:
        """One row per sentence, with every annotator's columns."""
        return self.tables["sentences"]

    @property
    def outlets(self) -> pd.DataFrame:
        """Per outlet (the index): articles, words, sentences, dates, small-sample flag."""
        return self.tables["outlets"].set_index("outlet")

    @property
    def keyness(self) -> pd.DataFrame:
        """Each outlet against the rest: every tested term with counts, rates, z (DataFrame)."""
        return self.table("keyness")

    @property
    def lexical(self) -> LexicalComparison | None:
        """The lexical comparison with the term counts behind it (None if it did not run)."""
        return self.extras.get("lexical")

    @property
    def lexical_evidence(self) -> LexicalEvidence | None:
        """Each outlet's distinctive terms ranked both ways and the sentences behind the first
        (None if that comparison did not run): what the report quotes."""
        return self.extras.get("lexical_evidence")

    @property
    def similarity(self) -> pd.DataFrame:
        """Outlet × outlet cosine similarity of TF-IDF vectors (the long form: ``tables``); above
        ``DENSE_OUTLETS`` (500) outlets, of the 500 largest."""
        return self.lexical.cosine if self.lexical is not None else pd.DataFrame()

    @property
    def divergence(self) -> pd.DataFrame:
        """Outlet × outlet Jensen–Shannon divergence of term distributions (as ``similarity``)."""
        return self.lexical.divergence if self.lexical is not None else pd.DataFrame()

    @property
    def outlet_metrics(self) -> pd.DataFrame | None:
        """Lexical diversity and readability per outlet, with bootstrap intervals."""
        return self.tables.get("outlet_metrics")

    def kwic(
        self,
        query: str | list[str],
        *,
        window: int = 60,
        outlets: list[str] | None = None,
        match: str = "exact",
        headlines: bool = True,
        unknown: str = "raise",
    ) -> pd.DataFrame:
        """Every occurrence of ``query`` in context, with outlet, article and sentence ids
        (wildcards such as ``"spill*"``, ``match="stem"``: see :func:`framing.compare.kwic`)."""
        return kwic(
            self.sentences,
            query,
            window=window,
            outlets=outlets,
            match=match,
            headlines=headlines,
            unknown=unknown,
        )

    def top_terms(self, outlet: str, n: int = 15, *, direction: str = "over") -> pd.DataFrame:
        """The outlet's ``n`` most over-used (or ``direction="under"``) terms."""
        return top_terms(self.keyness, outlet, n, direction=direction)

    @property
    def figures(self) -> dict[str, Figure]:
        """The report's charts by file stem (built on first use); in Jupyter each shows inline."""
        show_figures_inline()
        if not self._figures:
            from .render import build_figures

            self._figures.update(build_figures(self))
        return self._figures

    def report(self, *, timestamp: str | None = None) -> str:
        """The Markdown report as a string (figures linked under ``figures/``)."""
        from .render import render_report

        return render_report(self, figures=self.figures, timestamp=timestamp)

    def write(
        self, out: str | Path, *, timestamp: str | None = None, progress: bool = False
    ) -> Path:
        """Write ``report.md``, ``figures/*.png`` and ``data/*`` under ``out`` atomically; ``out``
        must be new, empty or a previous framing report (see ``framing.render.write``)."""
        from .render import write_result

        return write_result(self, Path(out), timestamp=timestamp, progress=progress)

    def __repr__(self) -> str:
        tables = ", ".join(f"{name} ({len(t):,})" for name, t in self.tables.items())
        return f"Result({self.corpus!r}; tables: {tables})"


def read_table(path: str | Path, name: str | None = None) -> pd.DataFrame:
    """A table that :meth:`Result.write` (or ``framing analyze``) wrote, read back.

    Parameters
    ----------
    path : str or Path
        A report folder (then give ``name``), or one file under its ``data/``.
    name : str, default=None
        The table's name in ``Result.tables`` (``"keyness"``): its Parquet file when the report
        has one, else its CSV.

    Returns
    -------
    DataFrame
        From Parquet, the table as the run made it: values, dtypes, row order (a category's
        labels come back as ``str`` where the run held them as ``object``: Arrow stores text
        one way). From a CSV, the values as written there (floats to 6 significant digits,
        missing text empty) with the dtypes ``framing.schema`` documents; text such as ``"NA"``
        or ``"0012"`` stays text.

    Examples
    --------
    >>> keyness = read_table("reports/false-flag-2022", "keyness")  # a small report: CSV only
    >>> kiev = keyness[(keyness["group"] == "RT") & (keyness["term"] == "kiev")]
    >>> kiev[["count_group", "count_rest", "single_article"]].to_string(index=False)
    ' count_group  count_rest  single_article\\n           6           0            True'
    """
    path = Path(path)
    if name is not None:
        data = path / "data"
        parquet = data / f"{name}.parquet"
        path = parquet if parquet.is_file() else data / f"{name}.csv"
    if not path.is_file():
        raise InputError(f"{path}: no such table; give a report folder and a table's name")
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return _read_csv(path)


def _read_csv(path: Path) -> pd.DataFrame:
    """A CSV framing wrote, with its schema's dtypes (columns it does not document: as read)."""
    specs = {t.file: t for t in table_specs(DEFAULT_ANNOTATORS).values()}
    spec = specs.get(path.name)
    if spec is None:
        return pd.read_csv(path)
    text = [c.name for c in spec.columns if c.dtype == "string"]
    frame = pd.read_csv(
        path, dtype=dict.fromkeys(text, "string"), keep_default_na=False, na_values=[""]
    )
    frame[text] = frame[text].fillna("")  # CSV writes missing text and "" alike
    return conform(frame, spec.columns)


def show_figures_inline(shell: object | None = None) -> bool:
    """Have IPython show a matplotlib Figure as a PNG, as ``%matplotlib inline`` would.

    IPython learns to display figures when pyplot loads its inline backend; framing makes its
    figures without pyplot, so in a fresh notebook they would print as ``<Figure size ...>``.
    This registers a PNG formatter for ``Figure`` in ``shell`` (default: the running IPython,
    if any; outside IPython it does nothing). A formatter already there (``%matplotlib inline``,
    or another format the user chose) is kept. True when a formatter was added.
    """
    if shell is None:
        ipython = sys.modules.get("IPython")  # not imported: not running inside IPython
        shell = ipython.get_ipython() if ipython is not None else None
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", {})
    png = formatters.get("image/png")
    if png is None:
        return False
    from matplotlib.figure import Figure

    try:
        png.lookup_by_type(Figure)
        return False
    except KeyError:
        png.for_type(Figure, _figure_png)
        return True


def _figure_png(figure: Figure) -> bytes:
    """``figure`` as PNG bytes at its own dpi, trimmed to what is drawn, on white (the report's
    background, so that dark notebook themes do not swallow the axes' labels)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", facecolor="white")
    return buffer.getvalue()
