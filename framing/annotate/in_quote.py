"""Whether a sentence is (mostly) someone else's words: inside a quotation of the ``quotes`` table.

Why a sentence column: counts of hedges, loaded words or tone "in the outlet's own voice" must
leave out what the outlet quotes; this column says which sentences those are. It is built on the
``quotes`` span table, not on the marks again, so both always agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import Column
from .base import Annotation, Annotator, AnnotatorInput, Option

__all__ = ["IN_QUOTE"]


def _share(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1


def _in_quote(given: AnnotatorInput) -> Annotation:
    sentences, quotes = given.sentences, given.spans["quotes"]
    share = np.zeros(len(sentences))
    spans = {a: q[["start", "end"]].to_numpy() for a, q in quotes.groupby("article_id", sort=False)}
    for row, (article_id, start, end, text) in enumerate(
        sentences[["article_id", "start", "end", "text"]].itertuples(index=False)
    ):
        inside = spans.get(article_id)
        if inside is None or not len(text.strip()):
            continue
        covered = 0
        for q_start, q_end in inside:
            low, high = max(start, q_start), min(end, q_end)
            if low < high:
                covered += sum(not c.isspace() for c in text[low - start : high - start])
        share[row] = covered / sum(not c.isspace() for c in text)
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
            "inside a quotation (annotator `in_quote`, from the `quotes` table).",
        ),
        Column(
            "quote_share",
            "float64",
            "Share of the sentence's non-space characters inside quotations (0 to 1).",
        ),
    ),
    requires=("quotes",),
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
