"""Re-execute the notebooks and save them in place, with their outputs, ready to commit.

Why: the notebooks are committed executed, so that they can be read (on GitHub, in a viewer)
without running them. ``tests/test_notebooks.py`` runs them again and requires the text outputs
of cells tagged ``stable`` (in the cell's metadata) to equal the committed ones: tables and
numbers that must not change without someone noticing. Images, timings and temporary paths are
not compared, so cells that show them are left untagged.

Usage: ``python scripts/run_notebooks.py`` (all of ``notebooks/``) or with notebook paths;
``--check`` runs them and lists the stable cells whose outputs changed, without saving. The
kernel imports framing from this checkout (its root is put first on ``PYTHONPATH``). Needs
nbclient and ipykernel (``pip install -e '.[test]'`` or ``'.[notebooks]'``).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
STABLE = "stable"
RERUN = "re-run `python scripts/run_notebooks.py` and commit the notebooks"


def execute(path: Path, *, timeout: int = 300) -> nbformat.NotebookNode:
    """The notebook at ``path`` run top to bottom in a fresh kernel, in its own folder (the file
    is not changed). Raises ``nbclient.exceptions.CellExecutionError`` naming the failing cell."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,  # no timestamps in the committed file: its diff shows only outputs
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env=kernel_environment())
    return notebook


def kernel_environment() -> dict[str, str]:
    """This process's environment with the checkout first on ``PYTHONPATH``, so that the kernel
    runs this copy of framing whatever is installed."""
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def stable_outputs(notebook: nbformat.NotebookNode) -> dict[int, str]:
    """The text each ``stable`` code cell shows, by cell number (from 1): printed text and the
    plain-text form of results, in order; images and HTML are left out."""
    return {
        number: _text(cell.get("outputs", []))
        for number, cell in enumerate(notebook.cells, start=1)
        if cell.cell_type == "code" and STABLE in cell.metadata.get("tags", [])
    }


def _text(outputs: list[dict]) -> str:
    parts = []
    for output in outputs:
        if output["output_type"] == "stream":
            parts.append(output["text"])  # one print may arrive as several stream messages
        elif output["output_type"] == "error":
            parts.append(f"{output['ename']}: {output['evalue']}\n")
        else:
            parts.append(output.get("data", {}).get("text/plain", "") + "\n")
    return "".join(parts)


def stable_differences(committed: nbformat.NotebookNode, executed: nbformat.NotebookNode) -> str:
    """A unified diff of every stable cell whose text output changed ('' when none did)."""
    before, after = stable_outputs(committed), stable_outputs(executed)
    diffs = []
    for number in sorted(before):
        if before[number] != after.get(number):
            lines = difflib.unified_diff(
                before[number].splitlines(),
                after.get(number, "").splitlines(),
                f"cell {number}, committed",
                f"cell {number}, now",
                lineterm="",
            )
            diffs.append("\n".join(lines))
    return "\n".join(diffs)


def unexecuted_cells(notebook: nbformat.NotebookNode) -> list[int]:
    """Numbers (from 1) of code cells saved without being run: no execution count."""
    return [
        number
        for number, cell in enumerate(notebook.cells, start=1)
        if cell.cell_type == "code" and cell.get("execution_count") is None
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--check", action="store_true", help="compare, do not save")
    args = parser.parse_args(argv)
    changed = 0
    for path in args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb")):
        committed = nbformat.read(path, as_version=4)
        executed = execute(path)
        diff = stable_differences(committed, executed)
        if args.check:
            changed += bool(diff or unexecuted_cells(committed))
            print(f"{path.name}: {'stable outputs differ' if diff else 'ok'}\n{diff}".rstrip())
        else:
            nbformat.write(executed, path)
            print(f"{path.name}: saved{', stable outputs changed' if diff else ''}")
    if changed:
        print(f"\n{changed} notebook(s) out of date: {RERUN}.", file=sys.stderr)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
