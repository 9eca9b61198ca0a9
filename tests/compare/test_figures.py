"""Figure functions return Figures readable with 5 and with 30 outlets (no files written)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from framing.compare import CompareOptions, count_terms, keyness, outlet_metrics, tfidf_cosine
from framing.render import (
    fightin_words_figure,
    metric_intervals_figure,
    outlet_colors,
    similarity_heatmap,
)


def _corpus(n_outlets: int) -> pd.DataFrame:
    rng = np.random.default_rng(n_outlets)
    words = [f"w{i}" for i in range(80)]
    rows = []
    for o in range(n_outlets):
        own = [f"own{o}x{k}" for k in range(3)]
        for a in range(3):
            text = " ".join(list(rng.choice(words, 120)) + own * (a + 2))
            rows.append((f"o{o}a{a}", f"Outlet {o:02d}", text))
    return pd.DataFrame(rows, columns=["article_id", "outlet", "text"])


@pytest.fixture(params=[5, 30])
def counts(request):
    return count_terms(_corpus(request.param), options=CompareOptions(ngram_range=(1, 1)))


def test_outlet_colors_are_distinct_and_stable():
    names = [f"Outlet {i}" for i in range(30)]
    colors = outlet_colors(names)
    assert len(set(colors.values())) == 30
    assert outlet_colors(reversed(names)) == colors
    assert len(set(outlet_colors(names * 3 + [f"x{i}" for i in range(70)]).values())) == 100
    seed = ["Daily Sabah", "Iran News Daily", "RT", "SOFREP", "The Hill"]
    before = outlet_colors(seed)
    assert len(set(before.values())) == 5
    after = outlet_colors([*seed, "BBC News", "Al Jazeera"])
    assert {o: after[o] for o in seed} == before  # adding outlets moves no colour


def test_fightin_words_one_panel_per_outlet(counts):
    n = len(counts.outlets)
    table = keyness(counts)
    fig = fightin_words_figure(table, n_label=8)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == n
    per_panel = 8 if n <= 12 else 5
    first = fig.axes[0]
    labels = [t.get_text() for t in first.texts]
    assert len(labels) == per_panel
    assert {"own0x0", "own0x1", "own0x2"} <= set(labels)  # the outlet's own words are labelled
    assert first.get_title().startswith("Outlet 00\n3 art.")
    assert "small sample" in first.get_title()


def test_fightin_words_pair_is_one_panel(counts):
    a, b = counts.outlets[:2]
    table = keyness(counts, pair=(a, b))
    fig = fightin_words_figure(table, n_label=3)
    assert len(fig.axes) == 1
    assert len(fig.axes[0].texts) == 6  # three labels each way


def test_similarity_heatmap_axes_and_labels(counts):
    n = len(counts.outlets)
    fig = similarity_heatmap(tfidf_cosine(counts))
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 3  # dendrogram, heatmap, colour bar
    heat = fig.axes[1]
    assert len(heat.get_xticklabels()) == n and len(heat.get_yticklabels()) == n
    assert len(heat.texts) == (n * n if n <= 12 else 0)
    fig.canvas.draw()  # renders headless (Agg) without error


def test_metric_intervals_figure(counts):
    per_article = pd.DataFrame(
        {
            "outlet": counts.articles["outlet"].to_numpy(),
            "n_words": counts.n_words,
            "mattr": np.linspace(0.6, 0.8, len(counts.articles)),
        }
    )
    table = outlet_metrics(per_article, metrics=["mattr"], options=CompareOptions(n_boot=50))
    fig = metric_intervals_figure(table, "mattr")
    assert len(fig.axes) == 1
    assert len(fig.axes[0].get_yticklabels()) == len(counts.outlets)
