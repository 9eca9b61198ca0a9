"""Sentence length in tokens: the denominator for per-sentence rates and a readability input."""

from __future__ import annotations

import pandas as pd

from ..schema import Column
from ..tokens import count_words
from .base import Annotation, Annotator, AnnotatorInput

__all__ = ["LENGTH"]


def _length(given: AnnotatorInput) -> Annotation:
    words = [count_words(text) for text in given.sentences["text"]]
    return Annotation(pd.DataFrame({"n_words": words}, index=given.sentences.index, dtype="int64"))


LENGTH = Annotator(
    name="length",
    function=_length,
    columns=(Column("n_words", "int64", "Tokens in the sentence (annotator `length`)."),),
)
