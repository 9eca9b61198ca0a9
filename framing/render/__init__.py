"""render: charts (table → Figure), the Markdown report (sections in a frame), atomic writing."""

from .figures import (
    fightin_words_figure,
    metric_intervals_figure,
    outlet_colors,
    similarity_heatmap,
)
from .report import build_figures, render_report
from .sections import SECTIONS, Finding, ReportSource, Section
from .timeline import coverage_timeline
from .write import check_output, data_tables, recover_output, write_result

__all__ = [
    "SECTIONS",
    "Finding",
    "ReportSource",
    "Section",
    "check_output",
    "build_figures",
    "coverage_timeline",
    "data_tables",
    "fightin_words_figure",
    "metric_intervals_figure",
    "outlet_colors",
    "recover_output",
    "render_report",
    "similarity_heatmap",
    "write_result",
]
