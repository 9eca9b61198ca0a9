"""Draw the report's figures to PNG files' bytes: each section's charts a task of its own, the
tasks on worker processes for a large corpus.

Why: drawing and saving the charts is about a third of rendering (on 2,000 AllSides articles,
18 of 28 seconds), and the sections' charts do not depend on each other, so on a machine with
two cores two sections draw at once. Only the PNG bytes come back from a worker (a few hundred
kilobytes), never a Figure; the result is the same bytes whatever the number of workers
(``tests/render/test_draw.py``).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from functools import partial
from typing import IO, TYPE_CHECKING

from ..parallel import PARALLEL_MIN_ITEMS, run_batches
from .sections import SECTIONS, ReportSource, Section

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["draw_figures", "figure_png", "save_figure"]


def draw_figures(
    result: ReportSource,
    sections: Sequence[Section] = SECTIONS,
    *,
    jobs: int = 1,
    progress: bool = False,
) -> dict[str, bytes]:
    """Every applicable section's figures as PNG bytes, by file stem, in section order.

    Parameters
    ----------
    result : ReportSource
        What the sections read (``framing.Result``).
    sections : sequence of Section, default=SECTIONS
        The report's sections; those the result lacks tables for draw nothing.
    jobs : int, default=1
        Worker processes (0: one per core). Corpora under
        ``framing.parallel.PARALLEL_MIN_ITEMS`` articles draw in this process: starting
        workers costs more than their charts take.
    progress : bool, default=False
        Show a progress bar over the sections.
    """
    from .report import figure_colors

    shown = [s for s in sections if s.applies(result)]
    large = len(result.articles) >= PARALLEL_MIN_ITEMS
    drawn = run_batches(
        partial(_draw_sections, result, figure_colors(result)),
        shown,
        jobs=jobs,
        batch_size=1,
        min_parallel=0 if large else len(shown) + 1,
        progress=progress,
        desc="drawing",
        unit="section",
    )
    return {name: png for section in drawn for name, png in section.items()}


def _draw_sections(
    result: ReportSource, colors: dict[str, str], sections: Sequence[Section]
) -> dict[str, bytes]:
    """One task: the sections' figures drawn and saved as PNG bytes."""
    pngs: dict[str, bytes] = {}
    for section in sections:
        for name, figure in section.figures(result, colors).items():
            pngs[name] = figure_png(figure)
    return pngs


def figure_png(figure: Figure) -> bytes:
    """The figure as the PNG file framing writes (see :func:`save_figure`)."""
    buffer = io.BytesIO()
    save_figure(figure, buffer)
    return buffer.getvalue()


def save_figure(figure: Figure, handle: IO[bytes]) -> None:
    """Save a figure as framing's PNG: 150 dpi on white, with no timestamp or software tag, so
    identical runs give identical files."""
    # an outlet name in a script the font lacks shows as boxes, which needs no warning per
    # character
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(
            handle, format="png", dpi=150, metadata={"Software": None}, facecolor="white"
        )
