"""The annotator contract: small, independent, pure functions over whole articles' sentences.

An annotator takes the sentence rows of one or more *whole* articles and returns a new DataFrame
on the same index with exactly the columns it declares — no mutation, no I/O, no state across
articles. That is what lets later stages cache annotations by article content, run them in
parallel or on Dask, and check every annotator with one contract test
(:func:`check_annotator`, used by ``tests/annotate/test_contract.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
from tqdm import tqdm

from ..schema import Column, conform

__all__ = ["Annotator", "annotate", "check_annotator"]


@dataclass(frozen=True)
class Annotator:
    """One annotator.

    Parameters
    ----------
    name : str
        Short identifier (``length``, later ``quotes``, ``frames`` ...).
    columns : tuple of Column
        The columns it adds, with dtype and meaning (documented in the README like every table).
    function : callable
        ``function(sentences) -> DataFrame`` on the same index with exactly ``columns``.
    data_files : tuple of str, default=()
        Data files in ``framing/data`` it reads; part of its cache key.
    version : str, default="1"
        Bumped when its output changes for the same input.
    """

    name: str
    columns: tuple[Column, ...]
    function: Callable[[pd.DataFrame], pd.DataFrame]
    data_files: tuple[str, ...] = ()
    version: str = "1"

    def __call__(self, sentences: pd.DataFrame) -> pd.DataFrame:
        return conform(self.function(sentences), self.columns)


def annotate(
    sentences: pd.DataFrame, annotators: Sequence[Annotator], *, progress: bool = False
) -> pd.DataFrame:
    """The sentence table with every annotator's columns added (input left unchanged)."""
    parts = [sentences]
    for annotator in tqdm(annotators, desc="annotating", unit="annotator", disable=not progress):
        parts.append(annotator(sentences))
    return pd.concat(parts, axis=1)


def check_annotator(annotator: Annotator, sentences: pd.DataFrame) -> None:
    """Raise AssertionError unless ``annotator`` keeps the contract on ``sentences``."""
    before = sentences.copy()
    result = annotator(sentences)
    names = [c.name for c in annotator.columns]
    assert list(result.columns) == names, (
        f"{annotator.name}: columns {list(result.columns)} != {names}"
    )
    assert result.index.equals(sentences.index), f"{annotator.name}: index changed"
    pd.testing.assert_frame_equal(sentences, before, obj=f"{annotator.name} input (mutated)")
    pd.testing.assert_frame_equal(annotator(sentences), result, obj=f"{annotator.name} rerun")
    first = sentences["article_id"].iloc[0]
    alone = sentences[sentences["article_id"] == first]
    pd.testing.assert_frame_equal(
        annotator(alone), result.loc[alone.index], obj=f"{annotator.name} one article alone"
    )
