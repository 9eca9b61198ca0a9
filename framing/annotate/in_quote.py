"""Whether a sentence is (mostly) someone else's words: inside a quotation of the ``quotes`` table.

Why a sentence column: counts of hedges, loaded words or tone "in the outlet's own voice" must
leave out what the outlet quotes; this column says which sentences those are. It is built on the
``quote_marks`` span table, not on the marks again, so both always agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import Column
from .base import Annotation, Annotator, AnnotatorInput, Option, article_blocks

__all__ = ["IN_QUOTE"]


def _share(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1


def _visible(text: str) -> int:
    """Characters that are not spaces (sentences hold no line breaks or tabs after cleaning)."""
    return len(text) - text.count(" ")


def _in_quote(given: AnnotatorInput) -> Annotation:
    sentences, quotes = given.sentences, given.spans["quote_marks"]
    texts = sentences["text"].to_numpy(dtype=object)
    starts, ends = sentences["start"].to_numpy(), sentences["end"].to_numpy()
    blocks = article_blocks(sentences["article_id"])
    covered = np.zeros(len(sentences))
    for article_id, q_start, q_end in quotes[["article_id", "start", "end"]].itertuples(
        index=False
    ):
        first, last = blocks[article_id]
        # the article's sentences that overlap the quotation: ends after its start, starts before
        # its end (both are increasing within an article)
        low = first + np.searchsorted(ends[first:last], q_start, side="right")
        high = first + np.searchsorted(starts[first:last], q_end, side="left")
        for row in range(low, high):
            a, b = max(starts[row], q_start) - starts[row], min(ends[row], q_end) - starts[row]
            covered[row] += _visible(texts[row][a:b])
    share = np.zeros(len(sentences))
    for row in np.flatnonzero(covered):
        share[row] = covered[row] / _visible(texts[row])
    frame = pd.DataFrame(
        {"in_quote": share >= given.options["min_share"], "quote_share": share},
        index=sentences.index,
    )
    return Annotation(frame)


IN_QUOTE = Annotator(
    name="in_quote",
    function=_in_quote,
    columns=(
        Column(
            "in_quote",
            "boolean",
            "The sentence is mostly quoted words: at least `min_share` of its characters lie "
            "inside a quotation (annotator `in_quote`, from the `quote_marks` table).",
        ),
        Column(
            "quote_share",
            "float64",
            "Share of the sentence's non-space characters inside quotations (0 to 1).",
        ),
    ),
    requires=("quote_marks",),
    options=(
        Option(
            "min_share",
            0.5,
            _share,
            "a number in (0, 1]",
            "Share of a sentence's characters inside quotations that makes it `in_quote`.",
        ),
    ),
)
