"""A corpus of 40 broken and odd inputs: the run finishes, every input is accounted for in
articles.csv or log.csv with its reason, and nothing under the corpus changes."""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from framing.cli import EXIT_REJECTED, main
from tests.conftest import ROOT

BROKEN = ROOT / "tests" / "data" / "broken-corpus"


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (hidden ones and links too) with a digest of its content."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = "link to " + os.readlink(path)
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = "folder"
    return found


def test_the_fixture_has_at_least_30_broken_or_odd_inputs():
    files = [k for k, v in snapshot(BROKEN).items() if v != "folder"]
    assert len(files) >= 30, len(files)


def test_every_input_is_accounted_for_and_nothing_changes(tmp_path):
    before = snapshot(BROKEN)
    result = CliRunner().invoke(main, ["analyze", "-q", str(BROKEN), "--out", str(tmp_path)])
    assert result.exit_code == EXIT_REJECTED, result.output
    assert snapshot(BROKEN) == before  # not one byte, name or link changed, nothing added

    articles = pd.read_csv(tmp_path / "data" / "articles.csv", keep_default_na=False)
    log = pd.read_csv(tmp_path / "data" / "log.csv", keep_default_na=False)
    loaded = set(articles["source_path"])
    mentioned = loaded | set(log["source"])
    skipped_folders = {s for s in log["source"] if s.endswith("/")}
    missing = []
    for name, kind in before.items():
        if kind == "folder" or name == "manifest.csv":
            continue
        accounted = (
            name in mentioned
            or any(s.startswith(name + ":row ") for s in mentioned)
            or any(name.startswith(folder) for folder in skipped_folders)
        )
        if not accounted:
            missing.append(name)
    assert missing == []

    # every entry of the log says why, on one line
    assert (log["reason"] != "").all() and (log["detail"] != "").all()
    assert not log["detail"].str.contains("\n").any()

    # every manifest row is rejected with its reason, or its file loaded
    with open(BROKEN / "manifest.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=1):
        source = f"manifest.csv:row {number}"
        assert source in set(log["source"]) or row["path"] in loaded, source

    # a table's rows add up: each loaded or rejected
    table_rows = sum(1 for line in (BROKEN / "table.jsonl").read_text().splitlines() if line)
    table_sources = {s for s in mentioned if s.startswith("table.jsonl:row ")}
    assert len(table_sources) == table_rows == 7

    # what the broken inputs become, spot-checked
    reasons = dict(zip(log["source"], log["reason"], strict=False))
    assert reasons["daily/empty.txt"] == "empty_file"
    assert reasons["daily/binary-junk.txt"] == "binary"
    assert reasons["daily/link-outside.txt"] == "outside_corpus"
    assert reasons["manifest.csv:row 2"] == "outside_corpus"
    assert (
        reasons[".ipynb_checkpoints/"] == "hidden"
        and reasons["daily/.hidden-draft.txt"] == "hidden"
    )
    assert reasons["table-truncated.jsonl.gz"] == "bad_table"
    by_source = articles.set_index("source_path")
    for name in ("zero-width", "nul-bytes", "controls", "rtl-override", "bom-utf8", "crlf"):
        text = by_source.loc[f"daily/{name}.txt", "text"]
        assert "\x00" not in text and "\x1b" not in text and "\u202e" not in text, name
    assert by_source.loc["daily/windows-1251-russian.txt", "text"].startswith("Президент")
    assert not by_source.loc["daily/windows-1251-russian.txt", "is_english"]
    assert "日本政府" in by_source.loc["daily/shift-jis-japanese.txt", "text"]
    assert by_source.loc["daily/lone-surrogate.json", "title"] == "Bad \ufffd escape"
    assert (tmp_path / "report.md").is_file()
