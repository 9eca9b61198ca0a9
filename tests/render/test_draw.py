"""Figures drawn on worker processes are the same files as figures drawn here."""

from __future__ import annotations

from dataclasses import replace

import pytest

from framing.render import build_figures, draw
from framing.render.draw import draw_figures, figure_png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def parallel_always(monkeypatch):
    """Draw on workers whatever the corpus's size (the seed corpus has five articles)."""
    monkeypatch.setattr(draw, "PARALLEL_MIN_ITEMS", 0)


def test_workers_draw_the_same_files_as_one_process(seed_result, parallel_always):
    here = draw_figures(seed_result, jobs=1)
    on_workers = draw_figures(seed_result, jobs=2)
    assert list(on_workers) == list(here)
    assert on_workers == here
    assert len(here) >= 5
    assert all(png.startswith(PNG_SIGNATURE) for png in here.values())


def test_drawn_files_are_the_built_figures_saved(seed_result):
    drawn = draw_figures(seed_result, jobs=1)
    built = build_figures(seed_result)  # fresh: a figure saved twice can lay out differently
    assert list(drawn) == list(built)
    assert drawn == {name: figure_png(figure) for name, figure in built.items()}


def test_the_report_holds_the_drawn_files(seed_result, seed_report):
    drawn = draw_figures(seed_result, jobs=1)
    written = {p.stem: p.read_bytes() for p in (seed_report / "figures").glob("*.png")}
    assert written == drawn


def test_a_small_corpus_draws_in_this_process(seed_result, monkeypatch):
    def no_workers(*args, **kwargs):
        raise AssertionError("workers started for a five-article corpus")

    monkeypatch.setattr("framing.parallel._on_workers", no_workers)
    config = replace(seed_result.config, run=replace(seed_result.config.run, jobs=2))
    assert draw_figures(replace(seed_result, config=config), jobs=2)
