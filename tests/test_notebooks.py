"""Every notebook runs top to bottom in a real Jupyter kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01-quick-tour.ipynb",
        "02-two-outlet-drilldown.ipynb",
        "03-adding-a-source.ipynb",
    ]


EXPECTED = {
    # what each notebook must show: its point, not only that it ran
    "01-quick-tour": [
        "Kiev",
        "Kyiv",
        "keyness.csv",
        "quotes.csv",
        "in_quote",
        "Russian officials",
        "Igor Konashenkov",
    ],
    "02-two-outlet-drilldown": ["SOFREP", "separatists", "mattr"],
    "03-adding-a-source": ["Reuters", "empty_file", "no_text"],
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_shows_what_it_is_for(path: Path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and its error, if any cell fails
    shown = "\n".join(
        _text(output) for cell in notebook.cells for output in cell.get("outputs", [])
    )
    missing = [text for text in EXPECTED[path.stem] if text not in shown]
    assert missing == [], f"{path.name} no longer shows {missing}"


def _text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return data.get("text/plain", "") + data.get("text/html", "")
