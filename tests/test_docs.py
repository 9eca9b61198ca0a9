"""The docs stay true: column reference, the two opening commands, CI, CLI commands, style."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from framing.cli import main
from framing.schema import markdown_reference
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = "pip install -e '.[test]' && python -m pytest"


def test_readme_documents_every_output_column():
    assert markdown_reference() in README


def test_readme_opens_with_install_run_and_install_test_commands():
    block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [line for line in block.splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    assert commands[0].endswith("pip install . && framing analyze corpus/")
    assert commands[1].endswith(TEST_COMMAND)


def test_ci_runs_the_readme_test_command():
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text()


def test_every_cli_command_is_documented():
    for name in main.commands:
        assert f"framing {name}" in README, name


def test_ruff_clean():
    ruff = shutil.which("ruff") or shutil.which("ruff", path=str(ROOT / ".venv" / "bin"))
    if ruff is None:
        pytest.fail("ruff is not installed: pip install -e '.[test]'")
    result = subprocess.run(
        [ruff, "check", "framing", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_data_files_are_installed():
    from importlib import resources

    names = {p.name for p in (resources.files("framing") / "data").iterdir()}
    assert {
        "abbreviations.csv",
        "sentence_starters.txt",
        "caption_patterns.txt",
        "promo_patterns.txt",
        "glue_affixes.txt",
    } <= names
    assert sys.version_info >= (3, 10)
