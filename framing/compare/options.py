"""Constants of the compare stage; its options (``CompareOptions``) live with every stage's
options in :mod:`framing.config` (which imports no stage) and are re-exported here.
"""

from __future__ import annotations

from ..config import LARGE_CORPUS, SMALL_CORPUS, CompareOptions, is_int, is_number

__all__ = [
    "CompareOptions",
    "SMALL_CORPUS",
    "LARGE_CORPUS",
    "is_int",
    "is_number",
    "DENSE_OUTLETS",
    "SIMILAR_OUTLETS",
]

DENSE_OUTLETS = 500
"""Up to this many outlets, outlet × outlet results are complete; above it they are bounded.

Complete: ``similarity.csv`` holds every ordered pair, ``LexicalComparison.cosine`` and
``divergence`` are square over every outlet. Above it, ``similarity.csv`` keeps each outlet's
``SIMILAR_OUTLETS`` most similar others (by cosine), the square matrices (and the heatmap and the
closest and most different pairs drawn from them) cover the ``DENSE_OUTLETS`` largest outlets by
words, and the report's per-outlet tables list the largest outlets only. Why 500: every pair of
500 outlets is 249,500 rows (about 30 MB of CSV) and two 2 MB matrices, computed in seconds, and
the AllSides corpus (487 outlets) stays complete; every pair of 10,000 outlets, which is what a
mis-mapped outlet column gives (one outlet per article), would be 10⁸ rows, 1.6 GB of matrices
and a clustering whose cost grows with the cube of the outlets."""
SIMILAR_OUTLETS = 20
"""Rows per outlet in ``similarity.csv`` above ``DENSE_OUTLETS`` outlets: its most similar other
outlets by cosine (only those sharing a term: cosine above 0). Twenty is more than any report or
reader looks at, and keeps the table at 20 rows per outlet (linear in the outlets)."""
