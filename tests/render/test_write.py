"""Writing a report never destroys anything: refused folders, framing's own files only, names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import framing
from framing.cli import EXIT_FAILED, main
from framing.errors import OutputError
from framing.render.write import MARKER, check_output, default_output, safe_filename
from tests.conftest import SEED_CORPUS


@pytest.fixture(scope="module")
def seed_result() -> framing.Result:
    return framing.analyze(SEED_CORPUS, command="framing analyze")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_folder_with_other_files_is_refused_and_left_alone(seed_result, tmp_path):
    project = tmp_path / "proj"
    project.mkdir()
    (project / "notes.md").write_text("my notes")
    (project / "data").mkdir()
    (project / "data" / "mine.csv").write_text("a,b\n1,2\n")
    before = tree(project)
    with pytest.raises(OutputError, match=r"holds other files \(data, notes.md\)"):
        seed_result.write(project)
    assert tree(project) == before


def test_the_corpus_folder_and_folders_inside_it_are_refused(seed_result, tmp_path):
    for out in (SEED_CORPUS, SEED_CORPUS / "rt", SEED_CORPUS / "new-report"):
        with pytest.raises(OutputError, match="is the corpus folder or inside it"):
            check_output(out, corpus=SEED_CORPUS)
    assert not (SEED_CORPUS / "new-report").exists()


def test_a_file_is_refused(tmp_path):
    (tmp_path / "report.md").write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_output(tmp_path / "report.md")


def test_unwritable_folder_is_refused(tmp_path, monkeypatch):
    # as root, permission bits are not enforced; the check asks os.access, so ask it to say no
    monkeypatch.setattr("framing.render.write.os.access", lambda path, mode: False)
    (tmp_path / "empty").mkdir()
    with pytest.raises(
        OutputError, match=r"out: cannot write the report here \(permission denied in"
    ):
        check_output(tmp_path / "out")
    with pytest.raises(
        OutputError, match=r"empty: cannot write the report here \(permission denied\)"
    ):
        check_output(tmp_path / "empty")


def test_new_and_empty_folders_and_previous_reports_are_accepted(seed_result, tmp_path):
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "new" / "deeper", tmp_path / "empty"):
        seed_result.write(out, timestamp="T")
        assert (out / "report.md").is_file() and (out / MARKER).is_file()
        seed_result.write(out, timestamp="T")  # a previous report: replaced
    marker = json.loads((tmp_path / "empty" / MARKER).read_text())
    assert "report.md" in marker["files"] and "data/articles.csv" in marker["files"]


def test_only_framing_files_are_replaced_in_a_previous_report(seed_result, tmp_path):
    out = seed_result.write(tmp_path / "out", timestamp="first")
    (out / "my-notes.md").write_text("notes beside the report")
    (out / "data" / "extra.csv").write_text("mine\n")
    stale = out / "figures" / "old_chart.png"  # a chart a previous version wrote, then dropped
    stale.write_bytes(b"png")
    marker = json.loads((out / MARKER).read_text())
    marker["files"].append("figures/old_chart.png")
    (out / MARKER).write_text(json.dumps(marker))
    seed_result.write(out, timestamp="second")
    assert (out / "my-notes.md").read_text() == "notes beside the report"
    assert (out / "data" / "extra.csv").read_text() == "mine\n"
    assert not stale.exists()
    assert "_Generated second" in (out / "report.md").read_text()
    assert not [p for p in out.iterdir() if p.name.startswith(".framing-") and p.name != MARKER]


def test_a_damaged_marker_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / MARKER).write_text("{not json")
    with pytest.raises(OutputError, match="marker is damaged"):
        check_output(tmp_path / "out")


def test_marker_cannot_name_files_outside_the_report(seed_result, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = seed_result.write(tmp_path / "out", timestamp="T")
    marker = json.loads((out / MARKER).read_text())
    marker["files"] += ["../victim.txt", str(victim)]
    (out / MARKER).write_text(json.dumps(marker))
    seed_result.write(out, timestamp="T")
    assert victim.read_text() == "keep me"


def test_current_folder_is_checked_like_any_other(seed_result, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("x")
    with pytest.raises(OutputError, match=r"^\.: holds other files"):
        seed_result.write(Path("."))
    (tmp_path / "mine.txt").unlink()
    seed_result.write(Path("."), timestamp="T")  # empty: fine
    assert (tmp_path / "report.md").is_file()


def test_cli_refuses_before_any_work(tmp_path):
    project = tmp_path / "proj"
    project.mkdir()
    (project / "thesis.docx").write_bytes(b"years of work")
    missing_corpus = tmp_path / "no-corpus-here"
    result = CliRunner().invoke(main, ["analyze", "-q", str(missing_corpus), "--out", str(project)])
    assert result.exit_code == EXIT_FAILED
    # the output folder is checked first: the (missing) corpus was never read
    assert result.output.strip().splitlines() == [
        f"Error: {project}: holds other files (thesis.docx) and is not a framing report; "
        "give a new or empty folder"
    ]
    assert (project / "thesis.docx").read_bytes() == b"years of work"
    result = CliRunner().invoke(main, ["analyze", "-q", str(SEED_CORPUS), "--out", "."])
    assert result.exit_code == EXIT_FAILED and "holds other files" in result.output


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../x", "x"),
        ("CON", "CON_"),
        ("nul.csv", "nul_.csv"),
        ("a" * 300, "a" * 71 + "-" + safe_filename("a" * 300)[-8:]),
        ("🦆🦆", "corpus-" + safe_filename("🦆🦆")[-8:]),
        ("RT / Sputnik: “news”", "RT-Sputnik-news"),
        ("Новости", "Новости"),
    ],
)
def test_names_from_data_become_safe_file_names(name, expected):
    safe = safe_filename(name)
    assert safe == expected
    assert len(safe) <= 80 and "/" not in safe and not safe.startswith(".")


def test_default_output_folder_from_a_hostile_corpus_name():
    assert default_output("../../etc") == Path("reports/etc")
    assert default_output(None) == Path("reports/corpus")
