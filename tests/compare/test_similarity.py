from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import jensenshannon

from framing.compare import (
    CompareOptions,
    cluster_order,
    count_terms,
    js_divergence,
    similarity_table,
    tfidf_cosine,
)


@pytest.fixture
def toy_counts():
    # A and A2 write the same text; B shares some words; C shares none.
    arts = pd.DataFrame(
        {
            "article_id": ["a", "a2", "b", "c"],
            "outlet": ["A", "A2", "B", "C"],
            "text": [
                "border wall security border",
                "border wall security border",
                "border asylum families security",
                "stocks bonds markets rally",
            ],
        }
    )
    return count_terms(arts, options=CompareOptions(ngram_range=(1, 1), min_df=1))


def test_cosine_extremes_and_value(toy_counts):
    cos = tfidf_cosine(toy_counts)
    assert list(cos.index) == ["A", "A2", "B", "C"] and list(cos.columns) == list(cos.index)
    assert cos.loc["A", "A2"] == pytest.approx(1.0)
    assert cos.loc["A", "C"] == pytest.approx(0.0)
    # by hand: idf = ln((1 + 4) / (1 + df)) + 1; border, security df 3 -> ln(5/4) + 1 = 1.223144;
    # wall df 2 -> ln(5/3) + 1 = 1.510826; asylum, families df 1 -> ln(5/2) + 1 = 1.916291
    # A = (border 2, security 1, wall 1), B = (border 1, security 1, asylum 1, families 1)
    i3, i2, i1 = 1.223144, 1.510826, 1.916291
    dot = 2 * i3 * i3 + i3 * i3
    norm_a = np.sqrt((2 * i3) ** 2 + i3**2 + i2**2)
    norm_b = np.sqrt(2 * i3**2 + 2 * i1**2)
    assert cos.loc["A", "B"] == pytest.approx(dot / (norm_a * norm_b), abs=1e-5)
    assert np.allclose(cos.to_numpy(), cos.to_numpy().T)


def test_jsd_matches_scipy_and_bounds(toy_counts):
    jsd = js_divergence(toy_counts)
    y = toy_counts.outlet_counts.toarray().astype(float)
    for i in range(4):
        for j in range(4):
            expected = jensenshannon(y[i], y[j], base=2) ** 2 if i != j else 0.0
            assert jsd.iloc[i, j] == pytest.approx(expected, abs=1e-12)
    assert jsd.loc["A", "A2"] == pytest.approx(0.0)
    assert jsd.loc["A", "C"] == pytest.approx(1.0)


def test_cluster_order_puts_similar_outlets_together(toy_counts):
    order = cluster_order(tfidf_cosine(toy_counts))
    assert sorted(order) == ["A", "A2", "B", "C"]
    assert abs(order.index("A") - order.index("A2")) == 1
    assert order.index("C") in (0, 3)
    assert cluster_order(js_divergence(toy_counts)) in (order, order[::-1])


def test_similarity_table_carries_sizes(toy_counts):
    table = similarity_table(toy_counts)
    assert len(table) == 4 * 3
    row = table[(table["group_a"] == "A") & (table["group_b"] == "B")].iloc[0]
    assert row["n_articles_a"] == 1 and row["n_words_b"] == 4 and row["small_sample_a"]
