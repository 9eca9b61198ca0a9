"""The command line: exact output shape and exit codes."""

from __future__ import annotations

from click.testing import CliRunner

from framing.cli import EXIT_FAILED, EXIT_OK, EXIT_REJECTED, main
from tests.conftest import BODY, SEED_CORPUS


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_validate_seed_corpus_prints_outlets_and_flags():
    result = run("validate", "-q", str(SEED_CORPUS))
    assert result.exit_code == EXIT_OK, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith(": 5 articles from 5 outlets, 3,167 words, 129 sentences")
    assert any(
        line.split()[:3] == ["Iran", "News", "Daily"] and "2022-01-16" in line for line in lines
    )
    assert "Rejected (0):" in lines
    assert "Flagged (2):" in lines
    hill = "  the-hill/001_0263b587192c9eae.txt: "
    assert hill + "'Ukraines' may be \"Ukraine's\" (apostrophe lost); left as is" in lines
    assert "  glued_words: 4" in lines


def test_validate_all_changes_lists_each_repair():
    result = run("validate", "-q", "--all-changes", str(SEED_CORPUS))
    assert (
        "  the-hill/001_0263b587192c9eae.txt: split glued words 'Russiais' → 'Russia is'"
        in result.output
    )


def test_validate_exit_status_when_some_inputs_rejected(make_corpus):
    root = make_corpus({"a/good.txt": f"Title\n{BODY}", "a/empty.txt": ""})
    result = run("validate", "-q", str(root))
    assert result.exit_code == EXIT_REJECTED
    assert "Rejected (1):\n  a/empty.txt: empty file" in result.output


def test_validate_fails_with_one_line_error(tmp_path):
    result = run("validate", "-q", str(tmp_path / "missing"))
    assert result.exit_code == EXIT_FAILED
    assert result.output.strip().splitlines() == [
        f"Error: {tmp_path / 'missing'}: no such file or folder"
    ]


def test_version():
    assert run("--version").output.startswith("framing, version ")
