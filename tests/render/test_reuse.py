"""A report written over the previous one reuses the files made from the same input, and only
those whose bytes are still what was written."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import framing.render.write as write
from framing.render.folder import MARKER


@pytest.fixture
def made(monkeypatch) -> dict[str, list[str]]:
    """The tables written and figure drawings made by ``write`` from now on."""
    calls: dict[str, list[str]] = {"tables": [], "figures": []}
    write_table, figure_files = write._write_table, write._figure_files

    def counted_table(folder, rel, frame):
        calls["tables"].append(rel)
        return write_table(folder, rel, frame)

    def counted_figures(result, progress):
        calls["figures"].append("drawn")
        return figure_files(result, progress)

    monkeypatch.setattr(write, "_write_table", counted_table)
    monkeypatch.setattr(write, "_figure_files", counted_figures)
    return calls


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in ("report.md", MARKER)
    }


def previous(seed_report: Path, tmp_path: Path) -> Path:
    out = tmp_path / "report"
    shutil.copytree(seed_report, out)
    return out


def test_a_rewrite_from_the_same_input_copies_every_file(seed_result, seed_report, tmp_path, made):
    out = previous(seed_report, tmp_path)
    seed_result.write(out, timestamp="again")
    assert made == {"tables": [], "figures": []}
    assert files_of(out) == files_of(seed_report)
    marker = json.loads((out / MARKER).read_text())
    assert set(marker["digests"]) == set(marker["files"]) - {"report.md"}


def test_a_changed_table_is_written_again_and_only_it(seed_result, seed_report, tmp_path, made):
    out = previous(seed_report, tmp_path)
    loaded = seed_result.tables["loaded"]
    changed = replace(
        seed_result, tables={**seed_result.tables, "loaded": loaded.iloc[::-1].copy()}
    )
    changed.write(out, timestamp="again")
    assert made["tables"] == ["data/loaded.csv"]
    assert made["figures"] == ["drawn"]  # the figures read every table: drawn anew
    now, before = files_of(out), files_of(seed_report)
    assert now["data/loaded.csv"] != before["data/loaded.csv"]
    data = [name for name in before if name.startswith("data/") and name != "data/loaded.csv"]
    assert data and all(now[name] == before[name] for name in data)


def test_a_file_edited_since_is_written_again(seed_result, seed_report, tmp_path, made):
    out = previous(seed_report, tmp_path)
    with open(out / "data" / "keyness.csv", "a", encoding="utf-8") as handle:
        handle.write("an edit in a spreadsheet\n")
    figure = next((out / "figures").iterdir())
    figure.write_bytes(figure.read_bytes() + b"\0")
    seed_result.write(out, timestamp="again")
    assert made["tables"] == ["data/keyness.csv"]
    assert made["figures"] == ["drawn"]
    assert files_of(out) == files_of(seed_report)


def test_a_report_without_digests_is_written_whole(seed_result, seed_report, tmp_path, made):
    out = previous(seed_report, tmp_path)
    marker = json.loads((out / MARKER).read_text())
    del marker["digests"]
    (out / MARKER).write_text(json.dumps(marker))
    seed_result.write(out, timestamp="again")
    assert len(made["tables"]) == len(list((seed_report / "data").iterdir()))
    assert made["figures"] == ["drawn"]
    assert files_of(out) == files_of(seed_report)
