"""Charts of the comparison tables: each function takes a table and returns a matplotlib Figure.

Why Figures and no files: the render stage decides where and how figures are saved (and the
notebook user may just display them); building ``matplotlib.figure.Figure`` objects directly,
without pyplot, keeps this module free of global state and safe on headless machines (Agg).
Outlets keep one colour in every chart through :func:`outlet_colors`.

Every chart is finished by :func:`finish_figure` before it is returned: the layout is run once
with the Agg renderer so that titles can be wrapped to the width they have and term labels placed
where they overprint neither each other nor the labelled points. Text sizes are in points, so
what fits at the figure's own resolution fits when it is saved at another.
"""

from __future__ import annotations

import colorsys
import hashlib
import math
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize, to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from scipy.cluster.hierarchy import dendrogram

from ..compare.options import DENSE_OUTLETS
from ..compare.similarity import cluster_linkage
from ..errors import ConfigError

__all__ = [
    "outlet_colors",
    "contrast_ratio",
    "text_color_on",
    "finish_figure",
    "fightin_words_figure",
    "similarity_heatmap",
    "metric_intervals_figure",
    "share_of_voice_figure",
    "naming_figure",
    "tone_figure",
    "MAX_PANELS",
]

_NEUTRAL = "#c8c8c8"
_DIAGONAL = "#ececec"
"""Cells of an outlet with itself: not coloured, so that the scale is spent on the pairs."""
MAX_SIDE_INCHES = 18.0
"""Largest figure side: past ~50 outlets a heatmap cannot be read anyway, and an unbounded
figure of 491 outlets would need gigabytes to draw. Pass a subset for a readable chart."""
MAX_PANELS = 100
"""Outlets a per-outlet chart draws at most (a panel or a row each): past it a chart is
unreadable and its memory grows with every outlet; the report draws the 12 or 40 largest."""
MIN_CONTRAST = 4.5
"""Contrast of every outlet colour against white (WCAG's level for normal text): outlet names
are written in their colour, at 40 outlets in small type."""

PALETTE = (
    "#1f77b4", "#d62728", "#1a7f37", "#c200e0", "#8f6600", "#8f335c", "#524799", "#525c00",
    "#8f3d00", "#665cff", "#8f66a3", "#e01f66", "#2900ff", "#8f008f", "#8f3333", "#008570",
    "#0a528f", "#a3663d", "#cc3399", "#6670ad", "#14523d", "#a36666", "#5c3d00", "#00667a",
    "#005200", "#707a47", "#5c3d66", "#663d29", "#cc4700", "#705c33", "#47663d", "#995c7a",
    "#3d471f", "#a30a00", "#665c85", "#8547b8", "#7a7a00", "#0047d6", "#527a00", "#5c1f99",
    "#c2003d", "#8529ff", "#2966e0", "#a3523d", "#854785", "#007070", "#70333d", "#8f7047",
)  # fmt: skip
"""Outlet colours, each at least 4.5:1 against white, in an order where every prefix is spread.

How they were chosen: greedily from the sRGB colours with that contrast, each the colour
farthest (CIEDE2000) from black and from those already chosen, starting from matplotlib's blue,
a red and a green; the first 10 with CIE lightness at least 35 and chroma at least 40 (vivid:
a small corpus gets no near-blacks), the next 10 at least 33 and 35, the rest 28 and 25 (no
greys, which read as the text colour). The first 10 are at least ΔE 16 apart, the first 20 at
least 12, the first 40 at least 10 (two colours side by side are told apart from about 2)."""
MAX_LABEL_CHARS = 120
"""Longest text drawn in a chart (a label, a title, a tick): past it the text is cut and ends
with an ellipsis. Labels come from data (an outlet, a term, an actor); a 9 MB "word" would take
minutes to lay out and could never be read."""
PALETTE_TIERS = (10, 20, len(PALETTE))
"""Palette prefixes used by corpus size: a small corpus draws only from the most distinct."""


def outlet_colors(outlets: Iterable[str], *, first: Iterable[str] = ()) -> OutletColors:
    """One colour per outlet, chosen from the outlet's name, for every chart of a run.

    Why by name: a colour tied to a position in the sorted list would move every time an outlet
    is added. A corpus of up to 10 outlets draws from the first 10 colours of ``PALETTE``, up to
    20 from the first 20, else from all 48. Each outlet hashes to a slot and, if an outlet earlier
    in hash order took it, the next free slot; so an outlet keeps its colour when others are added
    (unless their slots collide or the corpus grows past a tier). Past 48 outlets, the outlets in
    ``first`` (those the charts draw) take palette colours before the others; the rest get a
    colour from their hash alone, as dark as the palette (charts label outlets by name as well),
    worked out when a chart first asks for it (10,000 outlets, few of them drawn).

    >>> colors = outlet_colors(["RT", "SOFREP", "RT"])
    >>> colors["RT"] == outlet_colors(["RT", "SOFREP", "BBC", "Fox"])["RT"]
    True
    """
    names = {str(o) for o in outlets}
    size = next(tier for tier in PALETTE_TIERS if len(names) <= tier or tier == len(PALETTE))
    preferred = {str(o) for o in first} & names
    order = sorted(names, key=lambda n: (n not in preferred, _name_hash(n), n))
    colors: dict[str, str | None] = {}
    taken: set[int] = set()
    for name in order:
        if len(taken) == size:
            colors[name] = None  # a colour from the hash, when asked for
            continue
        slot = _name_hash(name) % size
        while slot in taken:
            slot = (slot + 1) % size
        taken.add(slot)
        colors[name] = PALETTE[slot]
    return OutletColors(dict(sorted(colors.items())))


class OutletColors(Mapping[str, str]):
    """The colours of :func:`outlet_colors`, by outlet (in name order); an outlet past the
    palette gets its colour from its name when first asked."""

    def __init__(self, colors: dict[str, str | None]) -> None:
        self._colors = colors

    def __getitem__(self, name: str) -> str:
        color = self._colors[name]
        if color is None:
            color = self._colors[name] = _hashed_color(name)
        return color

    def __iter__(self) -> Iterator[str]:
        return iter(self._colors)

    def __len__(self) -> int:
        return len(self._colors)

    def __repr__(self) -> str:
        return f"OutletColors({len(self)} outlets)"


def _hashed_color(name: str) -> str:
    """A colour from the name alone (hue, saturation, brightness), darkened to ``MIN_CONTRAST``."""
    value = _name_hash(name)
    hue = (value & 0xFFFF) / 0x10000
    saturation = 0.55 + 0.45 * ((value >> 16) & 0xFF) / 0xFF
    brightness = 0.75 + 0.25 * ((value >> 24) & 0xFF) / 0xFF
    while True:
        color = to_hex(colorsys.hsv_to_rgb(hue, saturation, brightness))
        if contrast_ratio(color, "white") >= MIN_CONTRAST:
            return color
        brightness -= 0.01


def _name_hash(name: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=4).digest(), "little"
    )


def relative_luminance(color: object) -> float:
    """WCAG 2 relative luminance of a matplotlib colour (0 black, 1 white)."""
    channels = np.asarray(to_rgb(color), dtype=float)
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(color: object, other: object) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white).

    >>> round(contrast_ratio("black", "white"), 1)
    21.0
    """
    high, low = sorted((relative_luminance(color), relative_luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_color_on(background: object) -> str:
    """Black or white, whichever contrasts more with ``background`` (always at least 4.5:1)."""
    on_black = contrast_ratio(background, "black")
    return "black" if on_black >= contrast_ratio(background, "white") else "white"


def new_figure(**kwargs: object) -> Figure:
    """A Figure with an Agg canvas: text can be measured before the figure is saved."""
    figure = Figure(**kwargs)
    FigureCanvasAgg(figure)
    return figure


def finish_figure(figure: Figure, labels: Sequence[tuple[object, list[Annotation]]] = ()) -> Figure:
    """Lay a figure out for reading: titles wrapped to their room, then term labels placed.

    ``labels`` pairs an Axes with its point labels, most important first (see
    :func:`place_labels`). Returns the figure.
    """
    _inert_texts(figure)
    renderer = figure.canvas.get_renderer()
    with warnings.catch_warnings():  # a script the font lacks shows as boxes: no warning each
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.draw_without_rendering()  # the layout engine puts the axes where they will be
        fit_titles(figure, renderer)
        if labels:
            figure.draw_without_rendering()  # wrapped titles may have moved the axes
            for ax, annotations in labels:
                place_labels(ax, annotations, renderer)
    return figure


def _inert_texts(figure: Figure) -> None:
    """Every text of the figure drawn as it is written: never as mathematics (an outlet named
    ``$\\frac{$`` would otherwise be parsed by mathtext and end the run), and at most
    ``MAX_LABEL_CHARS`` characters long."""
    for text in figure.findobj(Text):
        text.set_parse_math(False)
        value = text.get_text()
        if len(value) > MAX_LABEL_CHARS:
            text.set_text(value[: MAX_LABEL_CHARS - 1] + "…")


_TITLE_PAD_PT = 3.0
"""Space kept between a title and the figure's edge."""


def fit_titles(figure: Figure, renderer) -> None:
    """Wrap the figure's title and every axes title to the width they have.

    A centred axes title may be as wide as its axes, a left-aligned one reaches to the figure's
    right edge, the figure's title spans the figure.
    """
    box = figure.bbox
    pad = _TITLE_PAD_PT * figure.dpi / 72
    if figure._suptitle is not None:  # matplotlib has no getter
        _wrap_text(figure._suptitle, box.width - 2 * pad, renderer)
    for ax in figure.axes:  # nor public handles on the left and right titles
        area = ax.get_window_extent(renderer)
        for title, room in (
            (ax.title, area.width),
            (ax._left_title, box.x1 - area.x0 - pad),
            (ax._right_title, area.x1 - box.x0 - pad),
        ):
            _wrap_text(title, room, renderer)


def _wrap_text(text: Text, width: float, renderer) -> None:
    """Break ``text`` at spaces so that no line is wider than ``width`` pixels (a single word
    wider than that stays whole)."""
    if not text.get_text() or text.get_window_extent(renderer).width <= width:
        return
    lines: list[str] = []
    for paragraph in text.get_text().split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            text.set_text(trial)
            if line and text.get_window_extent(renderer).width > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    text.set_text("\n".join(lines))


_LABEL_GAP_PT = 3.5
"""Space between a point and its label (more than twice the pad: a label clears its point)."""
_LABEL_PAD_PT = 1.5
"""Space kept between two labels, and around a labelled point."""
_LABEL_MARGIN_PT = 3.0
"""Space kept inside the axes: saved at another resolution, the layout moves axes a pixel or
two, and a label must not end up across a spine or under a title."""


def place_labels(ax, annotations: Sequence[Annotation], renderer) -> None:
    """Move point labels so that they overprint neither each other nor a labelled point.

    Why this way: a label's size is only known from the renderer. Each label, most important
    first, takes the cheapest place beside its point: right or left of it, level with it or
    shifted by whole label heights (towards the middle of the axes first), within the axes.
    Overprinting a placed label or a labelled point costs more than any other place; then each
    step away costs 1, the left side 1.5, and covering other data points 0.5 each (at most 3),
    so that a label moves off a cloud of points only when a clear place is near. A leader line
    joins a moved label to its point. Deterministic: the same figure gives the same places.
    """
    if not annotations:
        return
    px_per_pt = ax.figure.dpi / 72
    gap, pad = _LABEL_GAP_PT * px_per_pt, _LABEL_PAD_PT * px_per_pt
    bounds = ax.get_window_extent(renderer).padded(-_LABEL_MARGIN_PT * px_per_pt)
    anchors = ax.transData.transform(np.array([a.xy for a in annotations], dtype=float))
    dots = np.c_[anchors - pad, anchors + pad]  # labelled points: no label may cover one
    data = _data_points(ax)
    boxes = np.empty((0, 4))
    for annotation, (x, y) in zip(annotations, anchors, strict=True):
        extent = Text.get_window_extent(annotation, renderer)
        width, height = extent.width, extent.height
        step = height + pad
        toward_middle = 1.0 if y < (bounds.y0 + bounds.y1) / 2 else -1.0
        places = np.array(
            [
                _inside(
                    (x + gap if side > 0 else x - gap - width, y + shift - height / 2),
                    extent,
                    bounds,
                )
                for shift in _shifts(step, bounds.height, first=toward_middle)
                for side in (1, -1)
            ]
        )
        left_side = places[:, 0] < x
        cost = (
            _CLASH_COST * (_overlap_areas(places, np.vstack([dots, boxes]), pad) > 0)
            + np.abs(places[:, 1] + height / 2 - y) / step
            + np.where(left_side, _LEFT_COST, 0.0)
            + np.minimum(_COVER_COST * _points_inside(places, data), _COVER_CAP)
        )
        boxes = np.vstack([boxes, places[int(np.argmin(cost))]])  # first of equals: nearest
    boxes = _untangle(anchors, boxes, dots, bounds, pad)
    for annotation, (x, y), box in zip(annotations, anchors, boxes, strict=True):
        right = box[0] > x
        across = box[0] - x if right else box[2] - x
        annotation.xyann = (across / px_per_pt, ((box[1] + box[3]) / 2 - y) / px_per_pt)
        annotation.set_horizontalalignment("left" if right else "right")


def _untangle(
    anchors: np.ndarray, boxes: np.ndarray, dots: np.ndarray, bounds: Bbox, pad: float
) -> np.ndarray:
    """Swap the heights of two labels when fewer leader lines then cross, their total length
    does not grow, and neither label overprints anything; until no swap helps (each swap
    removes a crossing, so this ends)."""
    boxes = boxes.copy()
    crossings = _crossings(anchors, boxes)
    improved = True
    while improved and crossings:
        improved = False
        for i, j in zip(*np.triu_indices(len(boxes), 1), strict=True):
            rise = _centres(boxes)[j, 1] - _centres(boxes)[i, 1]
            trial = boxes.copy()
            trial[i, 1::2] += rise
            trial[j, 1::2] -= rise
            if not _fits(trial, [i, j], dots, bounds, pad):
                continue
            fewer = _crossings(anchors, trial)
            if fewer < crossings and _leader_length(anchors, trial) <= _leader_length(
                anchors, boxes
            ):
                boxes, crossings, improved = trial, fewer, True
    return boxes


def _fits(boxes: np.ndarray, moved: list[int], dots: np.ndarray, bounds: Bbox, pad: float) -> bool:
    """Whether the ``moved`` boxes lie within ``bounds`` and clear of every dot and other box."""
    for k in moved:
        box = boxes[k]
        if box[1] < bounds.y0 or box[3] > bounds.y1:
            return False
        others = np.vstack([dots, np.delete(boxes, k, axis=0)])
        if _overlap_areas(box[None], others, pad)[0] > 0:
            return False
    return True


def _centres(boxes: np.ndarray) -> np.ndarray:
    return np.c_[(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2]


def _leader_length(anchors: np.ndarray, boxes: np.ndarray) -> float:
    """Total length of the leader lines (point to label centre)."""
    return float(np.hypot(*(_centres(boxes) - anchors).T).sum())


def _crossings(anchors: np.ndarray, boxes: np.ndarray) -> int:
    """How many pairs of leader lines (point to label centre) cross."""
    centres = _centres(boxes)
    count = 0
    for i, j in zip(*np.triu_indices(len(boxes), 1), strict=True):
        count += _segments_cross(anchors[i], centres[i], anchors[j], centres[j])
    return count


def _segments_cross(a, b, c, d) -> bool:
    """Whether segment a-b properly crosses segment c-d (touching ends do not count)."""

    def turn(p, q, r) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return turn(a, b, c) * turn(a, b, d) < 0 and turn(c, d, a) * turn(c, d, b) < 0


_CLASH_COST = 1e6
_LEFT_COST = 1.5
_COVER_COST = 0.5
_COVER_CAP = 3.0


def _shifts(step: float, span: float, first: float = 1.0) -> Iterator[float]:
    """0, then 1, 2, ... steps either way up to ``span``, the ``first`` direction before the
    other: labels of the extreme points, placed first, then stack towards the middle and their
    leader lines do not cross."""
    yield 0.0
    for k in range(1, int(span / step) + 2):
        yield first * k * step
        yield -first * k * step


def _inside(corner: tuple[float, float], size: Bbox, bounds: Bbox) -> tuple[float, ...]:
    """A box of ``size`` with its lower left at ``corner``, moved (not resized) to lie within
    ``bounds`` where it can; as x0, y0, x1, y1."""
    (left, bottom), width, height = corner, size.width, size.height
    left += max(bounds.x0 - left, 0.0) - max(left + width - bounds.x1, 0.0)
    bottom += max(bounds.y0 - bottom, 0.0) - max(bottom + height - bounds.y1, 0.0)
    return (left, bottom, left + width, bottom + height)


def _overlap_areas(boxes: np.ndarray, others: np.ndarray, pad: float) -> np.ndarray:
    """For each box (x0, y0, x1, y1), its total area within ``pad`` of the ``others``."""
    width = np.minimum(boxes[:, None, 2], others[None, :, 2] + pad) - np.maximum(
        boxes[:, None, 0], others[None, :, 0] - pad
    )
    height = np.minimum(boxes[:, None, 3], others[None, :, 3] + pad) - np.maximum(
        boxes[:, None, 1], others[None, :, 1] - pad
    )
    return (np.clip(width, 0, None) * np.clip(height, 0, None)).sum(axis=1)


def _points_inside(boxes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """How many ``points`` (display x, y) each box covers."""
    if not len(points):
        return np.zeros(len(boxes))
    x, y = points[None, :, 0], points[None, :, 1]
    inside = (
        (x >= boxes[:, None, 0])
        & (x <= boxes[:, None, 2])
        & (y >= boxes[:, None, 1])
        & (y <= boxes[:, None, 3])
    )
    return inside.sum(axis=1)


def _data_points(ax) -> np.ndarray:
    """Display positions of every scatter point drawn on ``ax``."""
    parts = [
        c.get_offset_transform().transform(np.asarray(c.get_offsets(), dtype=float))
        for c in ax.collections
        if len(c.get_offsets())
    ]
    points = np.vstack(parts) if parts else np.empty((0, 2))
    return points[np.isfinite(points).all(axis=1)]


def _size_note(rows: pd.DataFrame) -> str:
    first = rows.iloc[0]
    note = f"{int(first['n_articles']):,} art., {int(first['n_words']):,} words"
    if bool(first["small_sample"]):
        note += " — small sample"
    return note


def _label_points(ax, x, y, labels, color, fontsize) -> list[Annotation]:
    """Label points (placed apart later by :func:`place_labels`), in the order given."""
    annotations = []
    for k in range(len(labels)):
        annotation = ax.annotate(
            labels[k],
            (x[k], y[k]),
            xytext=(_LABEL_GAP_PT, 0),
            textcoords="offset points",
            fontsize=fontsize,
            color="#222222",
            ha="left",
            va="center",
            arrowprops={
                "arrowstyle": "-",
                "color": color,
                "alpha": 0.7,
                "lw": 0.5,
                "shrinkA": 0,
                "shrinkB": 2,
            },
        )
        annotation.set_in_layout(False)  # kept inside the axes: the layout need not know them
        annotations.append(annotation)
    return annotations


def fightin_words_figure(
    table: pd.DataFrame,
    *,
    comparison: str | None = None,
    groups: Sequence[str] | None = None,
    n_label: int = 10,
    max_cols: int = 5,
    colors: dict[str, str] | None = None,
) -> Figure:
    """Term frequency against z-score ("fightin' words" plot) from a keyness table.

    One panel per group (its terms against the rest: distinctive terms high, avoided terms low),
    or a single two-sided panel for a pair comparison. Points beyond the Bonferroni threshold
    take the group's colour; the ``n_label`` highest are labelled, the labels placed apart.
    Panel titles give articles and words and say when a group is a small sample.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`framing.compare.keyness` (``attrs["z_threshold"]`` draws the threshold).
    comparison : str, optional
        Which comparison to draw when the table holds several (default: the first).
    groups : list of str, optional
        Panels to draw, in order (default: all groups of the comparison).
    n_label : int, default=10
        Terms labelled per panel and direction (capped at 5 when there are more than 12 panels).
    max_cols : int, default=5
        Panels per row.
    colors : dict, optional
        Group colours (default :func:`outlet_colors` of the groups).
    """
    comparisons = [str(c) for c in pd.unique(table["comparison"])]
    comparison = comparison or comparisons[0]
    data = table[table["comparison"].astype(str) == comparison]
    group_of = data["group"].astype(str).to_numpy()  # once: 10,000 outlets are 10⁶ rows
    present = [str(g) for g in pd.unique(group_of)]
    groups = [str(g) for g in groups] if groups is not None else present
    _check_drawable("fightin_words_figure", "groups", len(groups), MAX_PANELS)
    colors = colors or outlet_colors(present)
    z_thr = table.attrs.get("z_threshold")
    x_all = np.log10(data["count_group"] + data["count_rest"]).to_numpy()
    xlim = (0, max(1.0, float(np.nanmax(x_all)) * 1.12 + 0.3)) if len(x_all) else (0, 1)
    if len(present) == 2 and len(groups) == 2:
        return _pair_panel(data, groups, colors, z_thr, n_label, comparison, xlim)
    n = len(groups)
    ncols = min(max_cols, n)
    nrows = math.ceil(n / ncols)
    fig = new_figure(figsize=(3.4 * ncols, 2.9 * nrows + 0.5), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, sharex=True)
    label_n = n_label if n <= 12 else min(n_label, 5)
    fontsize = 7 if n <= 12 else 5.5
    labels = []
    for k, ax in enumerate(axes.ravel()):
        if k >= n:
            fig.delaxes(ax)
            continue
        group = groups[k]
        rows = data[group_of == group]
        color = colors.get(group, "#333333")
        labels.append((ax, _scatter_panel(ax, rows, color, z_thr, label_n, fontsize, xlim)))
        title = group if rows.empty else f"{group}\n{_size_note(rows)}"
        ax.set_title(title, fontsize=fontsize + 1.5, color="#222222")
        if k % ncols == 0:
            ax.set_ylabel("z (vs rest)", fontsize=fontsize + 1)
        if k >= n - ncols:
            ax.set_xlabel("log10 frequency (all groups)", fontsize=fontsize + 1)
    fig.suptitle(f"Distinctive terms — {comparison}", fontsize=11)
    return finish_figure(fig, labels)


def _scatter_panel(ax, rows, color, z_thr, n_label, fontsize, xlim) -> list[Annotation]:
    x = np.log10(rows["count_group"] + rows["count_rest"]).to_numpy()
    z = rows["z"].to_numpy()
    sig = rows["significant"].to_numpy(dtype=bool)
    ax.scatter(x[~sig], z[~sig], s=3, color=_NEUTRAL, lw=0, rasterized=True)
    ax.scatter(x[sig], z[sig], s=5, color=color, lw=0, rasterized=True)
    ax.set_xlim(*xlim)
    ax.margins(y=0.1)  # room for the top label within the axes
    if z_thr is not None:
        for sign in (1, -1):
            ax.axhline(sign * z_thr, color="0.5", lw=0.5, ls="--")
    ax.axhline(0, color="0.7", lw=0.5)
    ax.tick_params(labelsize=fontsize)
    ax.spines[["top", "right"]].set_visible(False)
    top = np.argsort(-z, kind="stable")[:n_label]
    top = top[z[top] > 0]
    terms = rows["term"].astype(str).to_numpy()
    return _label_points(ax, x[top], z[top], terms[top], color, fontsize)


def _pair_panel(data, groups, colors, z_thr, n_label, comparison, xlim) -> Figure:
    a, b = groups
    rows_a = data[data["group"].astype(str) == a]
    rows_b = data[data["group"].astype(str) == b]
    only_b = rows_b[~rows_b["term"].astype(str).isin(set(rows_a["term"].astype(str)))]
    terms = np.r_[rows_a["term"].astype(str).to_numpy(), only_b["term"].astype(str).to_numpy()]
    freq = np.r_[
        (rows_a["count_group"] + rows_a["count_rest"]).to_numpy(),
        (only_b["count_group"] + only_b["count_rest"]).to_numpy(),
    ]
    z = np.r_[rows_a["z"].to_numpy(), -only_b["z"].to_numpy()]
    sig = np.r_[rows_a["significant"].to_numpy(bool), only_b["significant"].to_numpy(bool)]
    x = np.log10(freq)
    fig = new_figure(figsize=(8, 6), layout="constrained")
    ax = fig.subplots()
    ax.scatter(x[~sig], z[~sig], s=4, color=_NEUTRAL, lw=0, rasterized=True)
    for sign, name in ((1, a), (-1, b)):
        keep = sig & (np.sign(z) == sign)
        ax.scatter(x[keep], z[keep], s=6, color=colors[name], lw=0, rasterized=True, label=name)
    ax.set_xlim(*xlim)
    ax.margins(y=0.1)
    if z_thr is not None:
        for sign in (1, -1):
            ax.axhline(sign * z_thr, color="0.5", lw=0.6, ls="--")
    ax.axhline(0, color="0.7", lw=0.6)
    annotations = []
    for sign, name in ((1, a), (-1, b)):
        idx = np.argsort(-sign * z, kind="stable")[:n_label]
        idx = idx[sign * z[idx] > 0]
        annotations += _label_points(ax, x[idx], z[idx], terms[idx], colors[name], 8)
    annotations.sort(key=lambda annotation: -abs(annotation.xy[1]))  # strongest placed first
    size_a = _size_note(rows_a) if len(rows_a) else ""
    size_b = _size_note(rows_b) if len(rows_b) else ""
    ax.set_xlabel("log10 frequency (both groups)")
    ax.set_ylabel(f"z  (↑ {a}, ↓ {b})")
    ax.legend(
        handles=ax.collections[1:3],
        labels=[f"{a} ({size_a})", f"{b} ({size_b})"] if size_a else [a, b],
        loc="lower left",
        fontsize=8,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(f"Distinctive terms — {comparison}", fontsize=11)
    return finish_figure(fig, [(ax, annotations)])


def similarity_heatmap(
    matrix: pd.DataFrame,
    *,
    title: str = "Outlet similarity",
    is_distance: bool | None = None,
    colors: dict[str, str] | None = None,
    annotate: bool | None = None,
) -> Figure:
    """Heatmap of a similarity or distance matrix in clustering order, with its dendrogram.

    The colour scale spans the values between different outlets only: the diagonal (an outlet
    with itself, 1 or 0) is drawn grey and labelled "—", so that it neither stretches the scale
    nor looks like the closest pair. Values written in cells are black or white, whichever
    contrasts more with the cell.

    Parameters
    ----------
    matrix : DataFrame
        Square matrix from :func:`framing.compare.tfidf_cosine` or
        :func:`framing.compare.js_divergence`.
    title : str, default="Outlet similarity"
        Figure title.
    is_distance : bool, optional
        Whether values are distances (default: guessed from a zero diagonal). Similar pairs are
        dark in both cases.
    colors : dict, optional
        Label colours (default :func:`outlet_colors`).
    annotate : bool, optional
        Write values in cells; default only up to 12 outlets.

    Returns
    -------
    Figure
        Three axes: dendrogram, heatmap, colour bar.
    """
    labels = [str(x) for x in matrix.index]
    n = len(labels)
    _check_drawable("similarity_heatmap", "matrix", n, DENSE_OUTLETS)
    if is_distance is None:
        is_distance = bool(np.allclose(np.diag(matrix.to_numpy(dtype=float)), 0.0))
    colors = colors or outlet_colors(labels)
    annotate = n <= 12 if annotate is None else annotate
    side = min(max(5.0, 0.3 * n + 2.8), MAX_SIDE_INCHES)
    fig = new_figure(figsize=(side + 1.0, side + 1.2), layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=[1, 4.5], width_ratios=[30, 1])
    ax_tree = fig.add_subplot(grid[0, 0])
    ax_map = fig.add_subplot(grid[1, 0])
    ax_bar = fig.add_subplot(grid[1, 1])
    order = _cluster_order(matrix, is_distance, ax_tree)
    ax_tree.set_xlim(0, 10 * n)
    ax_tree.axis("off")
    values = matrix.to_numpy(dtype=float)[np.ix_(order, order)]
    self_pairs = np.eye(n, dtype=bool)
    cmap = colormaps["viridis" if is_distance else "viridis_r"].with_extremes(bad=_DIAGONAL)
    image = ax_map.imshow(
        np.ma.masked_array(values, mask=self_pairs | ~np.isfinite(values)),
        cmap=cmap,
        norm=_pairs_norm(values[~self_pairs]),
        extent=(0, 10 * n, 10 * n, 0),
        aspect="auto",
        interpolation="nearest",
    )
    ticks = 5 + 10 * np.arange(n)
    fontsize = max(6.0, min(10.0, 300 / max(n, 1)))
    ordered = [labels[i] for i in order]
    ax_map.set_xticks(ticks, ordered, rotation=90, fontsize=fontsize)
    ax_map.set_yticks(ticks, ordered, fontsize=fontsize)
    for tick_labels in (ax_map.get_xticklabels(), ax_map.get_yticklabels()):
        for text in tick_labels:
            text.set_color(colors.get(text.get_text(), "black"))
    if annotate:
        for i in range(n):
            for j in range(n):
                own = i == j or not np.isfinite(values[i, j])
                cell = _DIAGONAL if own else image.cmap(image.norm(values[i, j]))
                ax_map.text(
                    ticks[j],
                    ticks[i],
                    "—" if own else f"{values[i, j]:.2f}",
                    ha="center",
                    va="center",
                    fontsize=fontsize - 1,
                    color=text_color_on(cell),
                )
    label = "distance" if is_distance else "similarity"
    fig.colorbar(image, cax=ax_bar, label=f"{label} between two outlets")
    fig.suptitle(title, fontsize=12)
    return finish_figure(fig)


def _check_drawable(chart: str, given: str, outlets: int, most: int) -> None:
    """A chart of more outlets than ``most`` is refused with the fix (draw a subset)."""
    if outlets > most:
        raise ConfigError(
            f"The '{given}' parameter of {chart} holds {outlets:,} outlets; a chart draws at "
            f"most {most:,}: pass the ones to draw (the report draws the largest)"
        )


def _cluster_order(matrix: pd.DataFrame, is_distance: bool, ax_tree) -> list[int]:
    """Leaf order of the clustering, with its dendrogram drawn on ``ax_tree``."""
    if len(matrix) < 2:
        return list(range(len(matrix)))
    link = cluster_linkage(matrix, is_distance=is_distance)
    with warnings.catch_warnings():  # identical outlets: a tree of height 0, drawn flat
        warnings.filterwarnings("ignore", message="Attempting to set identical low and high")
        tree = dendrogram(
            link, ax=ax_tree, no_labels=True, color_threshold=0, above_threshold_color="0.35"
        )
    return [int(i) for i in tree["leaves"]]


def _pairs_norm(pairs: np.ndarray) -> Normalize:
    """Colour scale over the values of distinct pairs (the diagonal would flatten them)."""
    finite = pairs[np.isfinite(pairs)]
    if not finite.size:
        return Normalize(0.0, 1.0)
    return Normalize(float(finite.min()), float(finite.max()))


def metric_intervals_figure(
    table: pd.DataFrame,
    metric: str,
    *,
    colors: dict[str, str] | None = None,
    title: str | None = None,
) -> Figure:
    """Per-outlet mean of one metric with its bootstrap interval (dot and whisker), sorted.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`framing.compare.outlet_metrics`.
    metric : str
        Which metric (e.g. ``"mattr"``).
    colors : dict, optional
        Group colours (default :func:`outlet_colors`).
    title : str, optional
        Axes title (default: the metric name), wrapped to the axes' width.
    """
    rows = table[table["metric"] == metric].sort_values("mean", kind="stable")
    _check_drawable("metric_intervals_figure", "table", len(rows), MAX_PANELS)
    groups = rows["group"].astype(str).tolist()
    colors = colors or outlet_colors(groups)
    n = len(rows)
    fig = new_figure(figsize=(6.5, max(2.5, 0.25 * n + 1.2)), layout="constrained")
    ax = fig.subplots()
    y = np.arange(n)
    means = rows["mean"].to_numpy(float)
    low = rows["ci_low"].to_numpy(float)
    high = rows["ci_high"].to_numpy(float)
    for k, group in enumerate(groups):
        small = bool(rows["small_sample"].iloc[k])
        if not np.isnan(low[k]):
            ax.plot([low[k], high[k]], [y[k], y[k]], color=colors[group], lw=1.5)
        ax.plot(
            means[k], y[k], "o", color=colors[group], mfc="white" if small else colors[group], ms=5
        )
    fontsize = 9.0 if n <= 20 else 8.0  # rows are a quarter inch apart: 8 points fit
    names = [
        f"{g} (n={int(a)}{', small' if s else ''})"
        for g, a, s in zip(groups, rows["n_articles"], rows["small_sample"], strict=True)
    ]
    ax.set_yticks(y, names, fontsize=fontsize)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel(metric)
    ax.set_title(title or f"{metric} per outlet (mean, bootstrap interval over articles)")
    ax.spines[["top", "right"]].set_visible(False)
    return finish_figure(fig)


SPEAKER_GROUP_COLORS = tuple(to_hex(c) for k, c in enumerate(colormaps["tab10"].colors) if k != 7)
"""Speaker groups: tab10 without its grey (kept for "other groups"), no pale pairs."""


def share_of_voice_figure(
    voices: pd.DataFrame, *, outlets: Sequence[str], max_groups: int = 8
) -> Figure:
    """Share of each outlet's attributed quotations by speaker group: one stacked bar per
    outlet, with the number of quotations at the bar's end (the share's denominator).

    Parameters
    ----------
    voices : DataFrame
        ``data/voices.csv`` (rows with ``where == "body"`` and ``level == "group"`` are used).
    outlets : sequence of str
        Outlets to draw, top to bottom.
    max_groups : int, default=8
        Groups with the most quotations overall keep their own colour; the rest are "other".
    """
    rows = voices[(voices["where"] == "body") & (voices["level"] == "group")]
    rows = rows[rows["outlet"].isin(outlets)]
    totals = rows.groupby("name")["quotes"].sum().sort_values(ascending=False)
    kept = list(totals.index[:max_groups])
    rows = rows.assign(group=[g if g in kept else "other groups" for g in rows["name"]])
    table = rows.pivot_table(index="outlet", columns="group", values="quotes", aggfunc="sum")
    table = table.reindex(index=[o for o in outlets if o in table.index]).fillna(0)
    order = [g for g in kept if g in table.columns] + [c for c in table.columns if c not in kept]
    table = table[order]
    shares = table.div(table.sum(axis=1), axis=0)
    n = len(table)
    fig = new_figure(figsize=(8, max(2.2, 0.32 * n + 2.0)), layout="constrained")
    ax = fig.subplots()
    left = np.zeros(n)
    y = np.arange(n)[::-1]
    for k, group in enumerate(order):
        color = (
            _NEUTRAL
            if group == "other groups"
            else SPEAKER_GROUP_COLORS[k % len(SPEAKER_GROUP_COLORS)]
        )
        ax.barh(y, shares[group].to_numpy(), left=left, color=color, label=group, height=0.7)
        left += shares[group].to_numpy()
    for k, outlet in enumerate(table.index):
        ax.text(1.01, y[k], f"n={int(table.loc[outlet].sum())}", va="center", fontsize=8)
    ax.set_yticks(y, list(table.index), fontsize=8)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, 1.12)
    ax.set_xlabel("share of the outlet's attributed quotations")
    ax.set_title("Share of voice by speaker group")
    fig.legend(
        handles=ax.containers,
        labels=order,
        loc="outside lower center",
        fontsize=7.5,
        ncol=min(4, max(len(order), 1)),
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return finish_figure(fig)


MAX_PANEL_OUTLETS = 12
"""Outlets drawn per naming panel: those naming the concept most."""


def naming_figure(
    naming: pd.DataFrame, *, outlets: Sequence[str], max_concepts: int = 6
) -> Figure | None:
    """Which variant of each contested name each outlet uses: one panel per concept (those named
    in more than one way, most used first), one stacked bar of variant shares per outlet, and the
    number of uses (the shares' denominator) at the bar's end. None when no concept is named in
    more than one way.

    Parameters
    ----------
    naming : DataFrame
        ``data/naming.csv``.
    outlets : sequence of str
        Outlets to draw, top to bottom.
    max_concepts : int, default=6
        Panels at most.
    """
    rows = naming[naming["outlet"].isin(outlets)]
    # per concept, the outlets that name it most (a panel of 40 bars reads as noise)
    top = rows.drop_duplicates(["concept", "outlet"]).sort_values(
        ["concept", "concept_count", "outlet"], ascending=[True, False, True]
    )
    top = top.groupby("concept").head(MAX_PANEL_OUTLETS)[["concept", "outlet"]]
    rows = rows.merge(top, on=["concept", "outlet"])
    spread = rows.groupby("concept")["variant"].nunique()
    contested = spread[spread > 1].index
    if not len(contested):
        return None
    uses = rows[rows["concept"].isin(contested)].groupby("concept")["count"].sum()
    concepts = list(uses.sort_values(ascending=False, kind="stable").index[:max_concepts])
    fig = new_figure(
        figsize=(8, 1.0 + sum(_panel_height(rows, c) for c in concepts)), layout="constrained"
    )
    heights = [_panel_height(rows, c) for c in concepts]
    axes = fig.subplots(len(concepts), 1, gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, concept in zip(axes[:, 0], concepts, strict=True):
        _naming_panel(ax, rows[rows["concept"] == concept], concept, outlets)
    fig.suptitle("Which name each outlet uses (share of its uses)")
    return finish_figure(fig)


def _panel_height(rows: pd.DataFrame, concept: str) -> float:
    return 0.6 + 0.28 * rows.loc[rows["concept"] == concept, "outlet"].nunique()


def _naming_panel(ax, rows: pd.DataFrame, concept: str, outlets: Sequence[str]) -> None:
    table = rows.pivot_table(index="outlet", columns="variant", values="count", aggfunc="sum")
    table = table.reindex(index=[o for o in outlets if o in table.index]).fillna(0)
    order = list(table.sum().sort_values(ascending=False, kind="stable").index)
    shares = table[order].div(table.sum(axis=1), axis=0)
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for k, variant in enumerate(order):
        color = SPEAKER_GROUP_COLORS[k % len(SPEAKER_GROUP_COLORS)]
        bars = ax.barh(y, shares[variant].to_numpy(), left=left, color=color, height=0.7)
        for bar, share in zip(bars, shares[variant].to_numpy(), strict=True):
            if share >= 0.18:  # the variant's name inside its bar, where it fits
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    variant,
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=text_color_on(color),
                )
        left += shares[variant].to_numpy()
    for k, outlet in enumerate(table.index):
        ax.text(1.01, y[k], f"n={int(table.loc[outlet].sum())}", va="center", fontsize=7.5)
    ax.set_yticks(y, list(table.index), fontsize=8)
    ax.set_xlim(0, 1.12)
    ax.set_xticks([])
    ax.set_title(f"{concept}: {', '.join(order)}", fontsize=9, loc="left")
    ax.spines[["top", "right", "bottom"]].set_visible(False)


def tone_figure(tone: pd.DataFrame, *, actors: Sequence[str], outlets: Sequence[str]) -> Figure:
    """Tone toward each actor in each outlet's own words: a diverging heatmap (red negative, blue
    positive, one symmetric scale), each cell labelled with its mean and number of mentions;
    cells from fewer than 5 articles hatched (a small sample: do not conclude), cells without
    mentions blank.

    Parameters
    ----------
    tone : DataFrame
        ``data/tone.csv``.
    actors, outlets : sequence of str
        Rows (top to bottom) and columns (left to right) to draw.
    """
    own = tone[(tone["voice"] == "own") & tone["actor"].isin(actors) & tone["outlet"].isin(outlets)]
    values = own.pivot(index="actor", columns="outlet", values="tone")
    values = values.reindex(index=list(actors), columns=list(outlets))
    counts = own.pivot(index="actor", columns="outlet", values="mentions").reindex_like(values)
    small = own.pivot(index="actor", columns="outlet", values="small_sample").reindex_like(values)
    grid = values.to_numpy(dtype=float)
    # the scale spans the cells that are not small samples (one sentence about a name should not
    # wash out every other cell); beyond it, colours saturate
    thin = np.array(
        [[bool(v) if pd.notna(v) else True for v in row] for row in small.to_numpy(dtype=object)],
        dtype=bool,
    ).reshape(grid.shape)
    solid = grid[~thin & np.isfinite(grid)]
    shown = solid if solid.size else grid[np.isfinite(grid)]
    limit = max(0.1, float(np.abs(shown).max()) if shown.size else 0.1)
    n_rows, n_cols = grid.shape
    fig = new_figure(
        figsize=(min(2.5 + 0.9 * n_cols, MAX_SIDE_INCHES), 1.6 + 0.45 * n_rows),
        layout="constrained",
    )
    ax = fig.add_subplot()
    cmap = colormaps["RdBu"].with_extremes(bad="white")
    image = ax.imshow(
        np.ma.masked_invalid(grid),
        cmap=cmap,
        norm=Normalize(-limit, limit, clip=True),
        aspect="auto",
        interpolation="nearest",
    )
    for i in range(n_rows):
        for j in range(n_cols):
            if not np.isfinite(grid[i, j]):
                continue
            cell = image.cmap(image.norm(grid[i, j]))
            if bool(small.iat[i, j]):
                ax.add_patch(
                    Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", lw=0, ec=_NEUTRAL)
                )
            ax.text(
                j,
                i,
                f"{grid[i, j]:+.2f}\nn={int(counts.iat[i, j])}",
                ha="center",
                va="center",
                fontsize=7.5,
                color=text_color_on(cell),
            )
    ax.set_xticks(np.arange(n_cols), list(outlets), rotation=35, ha="right", fontsize=8)
    ax.set_yticks(np.arange(n_rows), list(actors), fontsize=8)
    fig.colorbar(image, ax=ax, label="mean tone of mentions (own words)", shrink=0.8)
    fig.suptitle("Tone toward actors in each outlet's own words (hatched: under 5 articles)")
    return finish_figure(fig)
