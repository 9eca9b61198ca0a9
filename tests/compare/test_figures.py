"""Figure functions return Figures readable with 5 and with 30 outlets (no files written)."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Text

from framing.compare import CompareOptions, count_terms, keyness, outlet_metrics, tfidf_cosine
from framing.render import (
    coverage_timeline,
    fightin_words_figure,
    metric_intervals_figure,
    outlet_colors,
    similarity_heatmap,
)
from framing.render.figures import PALETTE, contrast_ratio, text_color_on


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


# --- readability: colours, contrast, labels, titles, date ticks (issue 16, item 8) ---


def _luminance(color) -> float:
    """WCAG 2 relative luminance, written out here so that the tests do not trust the module."""
    rgb = np.asarray(to_rgb(color), dtype=float)
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def _contrast(a, b) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _lab(color) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour."""
    rgb = np.asarray(to_rgb(color), dtype=float)
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    to_xyz = [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    xyz = np.asarray(to_xyz) @ linear / [0.95047, 1.0, 1.08883]
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_contrast_helpers_match_wcag():
    assert contrast_ratio("black", "white") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "white") == pytest.approx(4.54, abs=0.01)  # WCAG's AA grey
    assert text_color_on("#440154") == "white"  # viridis' darkest purple
    assert text_color_on("#fde725") == "black"  # viridis' yellow
    assert text_color_on("#21918c") == "black"  # viridis' teal: 5.2:1 black, 4.0:1 white


@pytest.mark.parametrize("n", [5, 10, 20, 40])
def test_outlet_colors_are_legible_on_white_and_far_apart(n):
    colors = list(outlet_colors([f"Outlet {i:02d}" for i in range(n)]).values())
    assert len(set(colors)) == n
    assert min(_contrast(c, "white") for c in colors) >= 4.5  # WCAG AA for text (brief: ≥ 3)
    lab = np.array([_lab(c) for c in colors])
    distance = np.linalg.norm(lab[:, None] - lab[None], axis=2)
    distance[np.eye(n, dtype=bool)] = np.inf
    assert distance.min() >= 10  # CIE76: clearly different side by side


def test_outlet_colors_past_the_palette_stay_dark_and_drawn_outlets_come_first():
    names = [f"x{i}" for i in range(100)]
    colors = outlet_colors(names)
    assert len(set(colors.values())) == 100
    assert min(_contrast(c, "white") for c in colors.values()) >= 4.5
    drawn = names[60:]  # e.g. the 40 largest, which the charts show
    with_first = outlet_colors(names, first=drawn)
    assert {with_first[o] for o in drawn} <= set(PALETTE)
    assert len({with_first[o] for o in drawn}) == 40
    assert with_first == outlet_colors(reversed(names), first=reversed(drawn))


def _similarity(n: int, peak: float = 0.21) -> pd.DataFrame:
    """A similarity matrix with a one on the diagonal and pairs between 0.05 and ``peak``."""
    rng = np.random.default_rng(3)
    values = rng.uniform(0.05, peak - 0.05, (n, n))
    values = (values + values.T) / 2
    values[0, 1] = values[1, 0] = peak
    values[1, 2] = values[2, 1] = 0.05
    np.fill_diagonal(values, 1.0)
    names = [f"Outlet {i}" for i in range(n)]
    return pd.DataFrame(values, index=names, columns=names)


@pytest.mark.parametrize("distance", [False, True])
def test_similarity_heatmap_masks_the_diagonal_and_scales_to_pairs(distance):
    matrix = _similarity(6)
    if distance:  # a distance matrix: zero diagonal, similar pairs small
        matrix = 1 - matrix
    fig = similarity_heatmap(matrix)
    image = fig.axes[1].images[0]
    cells = image.get_array()
    assert cells.mask.tolist() == np.eye(6, dtype=bool).tolist()  # the diagonal, only
    low, high = (0.05, 0.21) if not distance else (0.79, 0.95)
    assert image.norm.vmin == pytest.approx(low) and image.norm.vmax == pytest.approx(high)
    rgba = image.to_rgba(cells)
    closest = np.unravel_index(
        np.argmax(matrix.to_numpy() * (1 if not distance else -1) - 9 * np.eye(6)), (6, 6)
    )
    order = [matrix.index.get_loc(t.get_text()) for t in fig.axes[1].get_yticklabels()]
    at = (order.index(closest[0]), order.index(closest[1]))
    diagonal_rgba = rgba[0, 0]
    assert to_hex(diagonal_rgba) == "#ececec"  # grey, not the darkest colour of the scale
    assert not np.allclose(rgba[at], diagonal_rgba)
    texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t for t in fig.axes[1].texts}
    assert all(texts[(5 + 10 * i, 5 + 10 * i)].get_text() == "—" for i in range(6))


def test_similarity_values_are_written_in_the_contrasting_colour():
    fig = similarity_heatmap(_similarity(6))
    heat = fig.axes[1]
    rgba = heat.images[0].to_rgba(heat.images[0].get_array())
    checked = 0
    for text in heat.texts:
        col, row = (int(v // 10) for v in text.get_position())
        assert _contrast(text.get_color(), rgba[row, col]) >= 4.5, text.get_text()
        checked += 1
    assert checked == 36
    darkest = [t for t in heat.texts if t.get_text() == "0.21"]
    assert [t.get_color() for t in darkest] == ["white", "white"]  # 0.21 on dark purple


def _crowded_keyness(groups: list[str], n_terms: int = 10) -> pd.DataFrame:
    """Every group's top terms at almost the same point: their labels start on top of each other."""
    rows = []
    for g in groups:
        for k in range(n_terms):
            z = 3.0 - 0.01 * k
            rows.append((g, f"term{k}-{g[-1]}", 40, 10, z, True))
        for k in range(30):
            rows.append((g, f"other{k}", 5 + k, 50, -1 + 0.05 * k, False))
    table = pd.DataFrame(
        rows, columns=["group", "term", "count_group", "count_rest", "z", "significant"]
    )
    table["comparison"] = "outlet: each vs rest"
    table["n_articles"], table["n_words"], table["small_sample"] = 4, 2000, False
    table.attrs["z_threshold"] = 2.5
    return table


def _label_boxes(ax, renderer) -> list:
    return [Text.get_window_extent(t, renderer) for t in ax.texts]


def assert_labels_apart_and_inside(fig) -> int:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    checked = 0
    for ax in fig.axes:
        boxes = _label_boxes(ax, renderer)
        frame = ax.get_window_extent(renderer)
        for i, box in enumerate(boxes):
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1, ax.texts[i].get_text()
            assert frame.y0 <= box.y0 and box.y1 <= frame.y1, ax.texts[i].get_text()
            for other in boxes[i + 1 :]:
                assert not box.overlaps(other), (ax.texts[i].get_text(), box, other)
        checked += len(boxes)
    return checked


def test_term_labels_do_not_overlap_after_layout():
    table = _crowded_keyness(["Outlet A", "Outlet B", "Outlet C"])
    fig = fightin_words_figure(table, n_label=10)
    assert assert_labels_apart_and_inside(fig) == 30
    fig.set_dpi(150)  # as saved in a report: the layout moves a little, labels stay apart
    assert assert_labels_apart_and_inside(fig) == 30


def test_pair_labels_do_not_overlap_after_layout():
    table = _crowded_keyness(["Outlet A", "Outlet B"])
    b = table["group"] == "Outlet B"
    table.loc[b, "term"] = table.loc[b, "term"] + "b"
    fig = fightin_words_figure(table, n_label=10)
    assert assert_labels_apart_and_inside(fig) == 20


def test_term_labels_from_real_keyness_do_not_overlap(counts):
    fig = fightin_words_figure(keyness(counts), n_label=8)
    assert assert_labels_apart_and_inside(fig) > 0


def _dated(dates: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "outlet": [f"Outlet {k % 3}" for k in range(len(dates))],
            "date": pd.to_datetime(dates),
            "date_exact": True,
        }
    )


@pytest.mark.parametrize(
    "dates",
    [
        ["2022-03-01"],
        ["2022-03-01", "2022-03-02"],
        ["2022-03-01", "2022-03-02", "2022-03-03"],
        ["2022-03-01", "2022-03-09", "2022-03-20"],
    ],
)
def test_timeline_ticks_are_whole_days(dates):
    fig = coverage_timeline(_dated(dates))
    fig.canvas.draw()
    ax = fig.axes[0]
    ticks = ax.get_xticks()
    low, high = ax.get_xlim()
    shown = ticks[(ticks >= low) & (ticks <= high)]
    assert len(shown) >= 3
    assert np.allclose(shown, np.round(shown))  # midnight: no 12:00 between days
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert not any(":" in label for label in labels), labels
    assert all(low < mdates.date2num(pd.Timestamp(d)) < high for d in dates)


def test_timeline_of_two_years_has_month_ticks():
    fig = coverage_timeline(_dated(["2020-01-15", "2020-09-01", "2021-12-20"]))
    fig.canvas.draw()
    ax = fig.axes[0]
    low, high = ax.get_xlim()
    shown = [t for t in ax.get_xticks() if low <= t <= high]
    assert len(shown) >= 3
    assert all(mdates.num2date(t).day == 1 for t in shown)


LONG = "Lexical diversity (MATTR): mean and bootstrap interval over articles"


def _titles(fig) -> list[Text]:
    texts = [fig._suptitle] if fig._suptitle is not None else []
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title]
    return [t for t in texts if t.get_text()]


def assert_titles_inside(fig) -> int:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    titles = _titles(fig)
    for title in titles:
        box = title.get_window_extent(renderer)
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1, title.get_text()
        assert fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1, title.get_text()
    return len(titles)


def test_long_titles_fit_inside_the_figure(counts):
    per_article = pd.DataFrame(
        {
            "outlet": counts.articles["outlet"].to_numpy(),
            "n_words": counts.n_words,
            "mattr": np.linspace(0.6, 0.8, len(counts.articles)),
        }
    )
    table = outlet_metrics(per_article, metrics=["mattr"], options=CompareOptions(n_boot=20))
    fig = metric_intervals_figure(table, "mattr", title=LONG)
    assert assert_titles_inside(fig) == 1
    assert "\n" in fig.axes[0].get_title()  # wrapped, every word kept
    assert fig.axes[0].get_title().split() == LONG.split()
    heat = similarity_heatmap(_similarity(3), title=LONG + " " + LONG)
    assert assert_titles_inside(heat) == 1
    late = _dated(["2022-03-01"] * 3 + [None] * 2)
    late["outlet"] = [f"An outlet with a very long name number {k}" for k in range(5)]
    assert assert_titles_inside(coverage_timeline(late, max_outlets=2)) == 1
