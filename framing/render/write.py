"""Write a result to disk: ``report.md``, ``figures/*.png``, ``data/*`` — atomically.

Why atomic: a reader (or a notebook) may be looking at the previous report while a run is in
progress, and an interrupted run must never leave half a report. Everything is written into a
temporary folder beside the target, then swapped in with renames; the old report is removed
only after the new one is in place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure
from tqdm import tqdm

from ..errors import FramingError
from ..schema import ARTICLES
from .report import FIGURE_DIR, render_report

if TYPE_CHECKING:
    from ..result import Result

__all__ = ["write_result", "data_tables", "DATA_FILES"]

DATA_DIR = "data"
DATA_FILES = {
    "articles.csv": "one row per article (the article table without its text)",
    "sentences.parquet": "one row per sentence with its offsets and every annotation",
    "log.csv": "every rejected input, flag, merge and cleaning change, with its reason",
    "outlets.csv": "per outlet: articles, words, sentences, dates, small-sample flag",
    "keyness.csv": "each outlet against the rest: every tested term with counts, rates, z",
    "similarity_cosine.csv": "outlet x outlet cosine similarity of TF-IDF vectors",
    "divergence_js.csv": "outlet x outlet Jensen-Shannon divergence of term distributions",
    "outlet_metrics.csv": "lexical diversity and readability per outlet, with bootstrap intervals",
    "article_metrics.csv": "lexical diversity and readability per article",
}
_FLOAT_FORMAT = "%.6g"


def data_tables(result: Result) -> dict[str, pd.DataFrame]:
    """The tables written under ``data/``, by file name."""
    articles = result.articles.drop(columns=["text"])
    tables = {
        "articles.csv": articles,
        "sentences.parquet": result.sentences,
        "log.csv": result.corpus.log,
        "outlets.csv": result.outlets.reset_index(),
        "keyness.csv": result.keyness,
        "similarity_cosine.csv": result.similarity.rename_axis("outlet").reset_index(),
        "divergence_js.csv": result.divergence.rename_axis("outlet").reset_index(),
    }
    if result.lexical.outlet_metrics is not None:
        tables["outlet_metrics.csv"] = result.lexical.outlet_metrics
        tables["article_metrics.csv"] = result.lexical.article_metrics.reset_index()
    assert [c.name for c in ARTICLES if c.name != "text"] == list(
        articles.columns[: len(ARTICLES) - 1]
    )
    return tables


def write_result(
    result: Result, out: Path, *, timestamp: str | None = None, progress: bool = False
) -> Path:
    """Write the report folder at ``out`` (replacing a previous one) and return ``out``."""
    out = Path(out)
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    except OSError as error:
        raise FramingError(f"{out}: cannot write the report here ({error.strerror})") from None
    try:
        _write_all(result, staging, timestamp, progress)
        _swap_in(staging, out)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise FramingError(
            f"{out}: writing the report failed ({error.strerror or error})"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out


def _write_all(result: Result, folder: Path, timestamp: str | None, progress: bool) -> None:
    (folder / FIGURE_DIR).mkdir()
    (folder / DATA_DIR).mkdir()
    bar = tqdm(total=3, desc="rendering", unit="step", disable=not progress)
    for name, figure in result.figures.items():
        _save_figure(figure, folder / FIGURE_DIR / f"{name}.png")
    bar.update()
    for name, frame in data_tables(result).items():
        path = folder / DATA_DIR / name
        if name.endswith(".parquet"):
            frame.to_parquet(path, index=False)
        else:
            frame.to_csv(path, index=False, float_format=_FLOAT_FORMAT, date_format="%Y-%m-%d")
    bar.update()
    report = render_report(result, timestamp=timestamp)
    (folder / "report.md").write_text(report, encoding="utf-8")
    bar.update()
    bar.close()


def _save_figure(figure: Figure, path: Path) -> None:
    # no timestamp or software tag in the PNG, so identical runs give identical files
    figure.savefig(path, dpi=150, metadata={"Software": None}, facecolor="white")


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.replace(staging, out)
        return
    if not out.is_dir():
        raise FramingError(f"{out}: exists and is not a folder")
    retired = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.replace(out, retired)
    try:
        os.replace(staging, out)
    except OSError:
        os.replace(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
