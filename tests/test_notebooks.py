"""Every notebook runs top to bottom in a real Jupyter kernel, shows what it is for, and is
committed with the outputs it makes now (``scripts/run_notebooks.py`` saves them)."""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from IPython.core.formatters import DisplayFormatter
from matplotlib.figure import Figure
from tqdm.std import tqdm as std_tqdm

from framing.progress import progress_bar
from framing.result import show_figures_inline
from scripts.run_notebooks import (
    RERUN,
    STABLE,
    execute,
    stable_differences,
    stable_outputs,
    unexecuted_cells,
)
from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01-quick-tour.ipynb",
        "02-two-outlet-drilldown.ipynb",
        "03-adding-a-source.ipynb",
    ]


EXPECTED = {
    # what each notebook must show: its point, not only that it ran
    "01-quick-tour": [
        "Kiev",  # RT's spelling beside SOFREP's and The Hill's, in context
        "Kyiv",
        "small_sample",
        "keyness.csv",  # the report written, with its data tables
        "quotes.csv",
        "in_quote",
        "Russian officials",  # voices by speaker group
        "Igor Konashenkov",  # a doubt-verb attribution traced to its sentence
        "<Figure size",  # the charts are Figures ...
    ],
    "02-two-outlet-drilldown": [
        "russian-backed separatists",  # SOFREP's terms against RT's in the pair's keyness
        "of civilians",
        "Stanytsia-Luhans",  # the sentence behind a term
        "paragraph_id",  # one article as framing sees it
        "mattr",
    ],
    "03-adding-a-source": [
        "Reuters",
        "jzyaNKkA4SVCbg3l",  # the added article: the AllSides id of Reuters' report of the story
        "Washington Times",
        "meddling",  # what the new source adds, in context
        "empty_file",  # unusable inputs reported, not fatal
        "no_text",
    ],
}


@functools.cache
def executed(path: Path) -> nbformat.NotebookNode:
    """The notebook as it runs now, run once for all the tests that look at it; raises
    CellExecutionError, naming the cell, if a cell fails."""
    return execute(path)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_shows_what_it_is_for(path: Path):
    shown = "\n".join(
        _text(output) for cell in executed(path).cells for output in cell.get("outputs", [])
    )
    missing = [text for text in EXPECTED[path.stem] if text not in shown]
    assert missing == [], f"{path.name} no longer shows {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_with_the_outputs_it_makes_now(path: Path):
    committed = nbformat.read(path, as_version=4)
    assert unexecuted_cells(committed) == [], f"{path.name} was saved unexecuted: {RERUN}"
    assert len(stable_outputs(committed)) >= 5, f"{path.name}: too few cells tagged {STABLE!r}"
    assert all(stable_outputs(committed).values()), f"{path.name}: a stable cell has no output"
    diff = stable_differences(committed, executed(path))
    assert diff == "", (
        f"{path.name}: cells tagged {STABLE!r} show something else now.\n{diff}\n"
        f"If the change is intended, {RERUN}."
    )


def test_committed_notebooks_stay_small():
    for path in NOTEBOOKS:
        assert path.stat().st_size < 400_000, f"{path.name}: lower the figures' dpi or show fewer"


def test_a_figure_shows_inline_in_a_real_kernel():
    """A cell of the quick tour that ends with ``result.figures["similarity"]`` shows a PNG,
    with no ``%matplotlib`` magic in the notebook."""
    tour = executed(ROOT / "notebooks" / "01-quick-tour.ipynb")
    cells = [c for c in tour.cells if c.source.strip() == "result.figures['similarity']"]
    assert len(cells) == 1
    (output,) = cells[0].outputs
    assert output["data"]["text/plain"].startswith("<Figure size")
    assert "image/png" in output["data"]
    assert not any("%matplotlib" in cell.source for cell in tour.cells)


def _formatter_shell():
    return SimpleNamespace(display_formatter=DisplayFormatter())


def test_show_figures_inline_registers_a_png_formatter_and_keeps_savefig(tmp_path):
    shell = _formatter_shell()
    figure = Figure(figsize=(2, 1))
    figure.add_subplot().plot([0, 1], [1, 0])
    assert "image/png" not in shell.display_formatter.format(figure)[0]
    assert show_figures_inline(shell) is True
    shown = shell.display_formatter.format(figure)[0]
    assert shown["image/png"].startswith(PNG_MAGIC)
    figure.savefig(tmp_path / "still.png")
    assert (tmp_path / "still.png").read_bytes().startswith(PNG_MAGIC)
    assert show_figures_inline(shell) is False  # once is enough


def test_show_figures_inline_keeps_a_figure_format_the_user_chose():
    shell = _formatter_shell()
    png = shell.display_formatter.formatters["image/png"]
    png.for_type(Figure, lambda figure: b"the user's own")
    assert show_figures_inline(shell) is False
    assert shell.display_formatter.format(Figure())[0]["image/png"] == b"the user's own"


def test_show_figures_inline_does_nothing_outside_ipython():
    assert show_figures_inline(SimpleNamespace()) is False
    assert show_figures_inline() is False  # pytest is not an IPython shell


def test_progress_bars_are_text_outside_jupyter_and_hidden_when_off(capsys):
    with progress_bar(range(3), enabled=True, desc="reading") as bar:
        assert list(bar) == [0, 1, 2]
    assert isinstance(bar, std_tqdm) and type(bar).__module__ != "tqdm.notebook"
    assert "reading: 100%" in capsys.readouterr().err
    assert progress_bar(total=3, enabled=False).disable


def test_progress_bars_are_widgets_in_a_kernel_when_ipywidgets_is_there(tmp_path):
    """tqdm.auto decides in the kernel: a widget with ipywidgets (the notebooks extra), else a
    text bar and tqdm's hint to install ipywidgets."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "from tqdm.notebook import tqdm_notebook\n"
            "from framing.progress import progress_bar\n"
            "bar = progress_bar(total=1, enabled=True)\n"
            "print('widget:', isinstance(bar, tqdm_notebook))"
        )
    ]
    nbformat.write(notebook, tmp_path / "bar.ipynb")
    outputs = execute(tmp_path / "bar.ipynb").cells[0].outputs
    shown = "".join(_text(output) for output in outputs)
    if importlib.util.find_spec("ipywidgets") is not None:
        assert "widget: True" in shown
        assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    else:
        assert "widget: False" in shown and "0/1" in shown  # a text bar
        assert "ipywidgets" in shown  # tqdm's hint, shown only because a bar was asked for


def test_the_story_data_of_notebook_03_are_the_allsides_records_its_readme_lists():
    story = ROOT / "notebooks" / "data" / "skripal-expulsions-2018"
    records = [
        json.loads(line)
        for file in (story / "corpus" / "articles.jsonl", story / "reuters.jsonl")
        for line in file.read_text(encoding="utf-8").splitlines()
    ]
    readme = (story / "README.md").read_text(encoding="utf-8")
    assert len(records) == 5
    assert len({r["outlet"] for r in records}) == 5  # five outlets, one report each
    for record in records:
        assert record["id"] in readme and record["outlet"] in readme
        assert record["date"] in ("2018-03-26", "2018-03-27")
        assert "Russian diplomats" in record["text"] or "Russian officials" in record["text"]


def _text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return data.get("text/plain", "") + data.get("text/html", "")
