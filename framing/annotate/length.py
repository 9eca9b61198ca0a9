"""Sentence length in tokens: the denominator for per-sentence rates and a readability input."""

from __future__ import annotations

import pandas as pd

from ..schema import SENTENCE_ANNOTATIONS
from ..tokens import count_words
from .base import Annotator

__all__ = ["LENGTH"]


def _length(sentences: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {"n_words": [count_words(t) for t in sentences["text"]]}, index=sentences.index
    )


LENGTH = Annotator(
    name="length",
    columns=tuple(c for c in SENTENCE_ANNOTATIONS if c.name == "n_words"),
    function=_length,
)
