"""Tiny hand-made corpora for the compare tests (no test reads /work/shared)."""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture
def toy_articles() -> pd.DataFrame:
    """Outlet A: two articles, outlet B: one; unigram counts worked out in test_keyness.py."""
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "b1"],
            "outlet": ["A", "A", "B"],
            "text": ["Kiev, Kiev's war", "Kiev peace", "Kyiv war war peace"],
        }
    )


@pytest.fixture
def naming_sentences() -> pd.DataFrame:
    rows = [
        ("rt1", "RT", 0, "Kiev’s forces shelled the area, the ministry said."),
        ("rt1", "RT", 1, "The Kievan Rus chronicles were not mentioned."),
        ("rt1", "RT", 2, "KIEV denied it; a false flag, Moscow said."),
        ("sf1", "SOFREP", 0, "Kyiv rejected the claim of a false-flag attack."),
        ("sf1", "SOFREP", 1, "Officials in Kyiv's government called it a false flag."),
    ]
    return pd.DataFrame(rows, columns=["article_id", "outlet", "sentence_id", "text"])
