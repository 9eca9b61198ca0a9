"""Render stage: charts now; the Markdown report and table writers join later."""

from .figures import (
    fightin_words_figure,
    metric_intervals_figure,
    outlet_colors,
    similarity_heatmap,
)

__all__ = [
    "fightin_words_figure",
    "metric_intervals_figure",
    "outlet_colors",
    "similarity_heatmap",
]
