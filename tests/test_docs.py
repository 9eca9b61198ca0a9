"""The docs stay true: column reference, the two opening commands, CI, CLI commands, style."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from framing.annotate import DEFAULT_ANNOTATORS
from framing.cli import main
from framing.schema import markdown_reference
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = "pip install -e '.[test]' && python -m pytest"


def test_readme_documents_every_output_column():
    assert markdown_reference(DEFAULT_ANNOTATORS) in README


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
        [ruff, "check", "framing", "tests", "benchmarks", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_data_file_and_template_is_in_the_wheel(tmp_path):
    """Built as users get it (a wheel from a clean copy of the source, not the editable checkout,
    whose build/ folder may hold stale files): every file of framing/data and render/templates
    must be inside, or an installed framing cannot read it."""
    import zipfile

    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "framing", source / "framing", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("framing-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    wanted = {
        p.relative_to(ROOT).as_posix()
        for folder in ("framing/data", "framing/render/templates")
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert len(wanted) >= 15
    assert sorted(wanted - packed) == []


def _limit_rows() -> dict[str, str]:
    """The README's table of limits: first cell -> second cell."""
    section = README.split("### Limits", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| `")]
    return {cells[0].lstrip("| "): cells[1] for cells in rows}


def test_the_table_of_limits_states_the_values_the_code_uses():
    from framing import _launch, cache, executor, memory, parallel, patterns, safe_read, tokens
    from framing.annotate import naming
    from framing.compare import cached, options
    from framing.compare import run as compare_run
    from framing.config import IngestOptions, RunOptions
    from framing.ingest import outlets, parquettable, tableio
    from framing.prepare import repair, sentences
    from framing.render import figures, folder, write

    defaults = IngestOptions()
    mb = 2**20
    expected = {
        "`max_file_mb`": f"{defaults.max_file_mb:g} MB per article file",
        "`max_table_mb`": f"{defaults.max_table_mb:,.0f} MB per table",
        "`tableio.MAX_RATIO`": f"{tableio.MAX_RATIO} times the compressed size, checked past "
        f"{tableio.RATIO_AFTER // mb} MB",
        "`tableio.MAX_COLUMNS`": f"{tableio.MAX_COLUMNS:,} columns",
        "`parquettable.MAX_GZIPPED_PARQUET`": f"{parquettable.MAX_GZIPPED_PARQUET // 10**6} MB",
        "`min_words`": f"{defaults.min_words} words",
        "`safe_read.MAX_SETTINGS_MB`": f"{safe_read.MAX_SETTINGS_MB} MB",
        "`naming.MAX_VARIANTS`": f"{naming.MAX_VARIANTS:,} naming variants",
        "`patterns.MAX_PATTERN_MEMORY`": f"{patterns.MAX_PATTERN_MEMORY // mb} MB",
        "`sentences.MAX_SENTENCE_WORDS`": f"{sentences.MAX_SENTENCE_WORDS} words",
        "`repair.MAX_GLUED_CHARS`": f"{repair.MAX_GLUED_CHARS} letters",
        "`tokens.MAX_CACHED_CHARS`": f"{tokens.MAX_CACHED_CHARS} characters",
        "`figures.MAX_LABEL_CHARS`": f"{figures.MAX_LABEL_CHARS} characters",
        "`options.DENSE_OUTLETS`": f"{options.DENSE_OUTLETS} outlets",
        "`outlets.MISMAPPED_OUTLETS`, `outlets.MISMAPPED_SHARE`": (
            f"{outlets.MISMAPPED_OUTLETS} outlets with {outlets.MISMAPPED_SHARE:.0%} "
        ),
        "`figures.MAX_PANELS`": f"{figures.MAX_PANELS} panels",
        "`folder.MAX_LIST_BYTES`": f"{folder.MAX_LIST_BYTES // 10**6} MB",
        "`_launch.MIN_ADDRESS_SPACE`": f"{_launch.MIN_ADDRESS_SPACE // mb} MB of address space",
        "`cache_mb`": f"{RunOptions().cache_mb:,.0f} MB of cached",
        "`write.PARQUET_COPY_ROWS`": f"{write.PARQUET_COPY_ROWS:,} rows",
        "`executor.DASK_MEMORY_LIMIT`": f"{executor.DASK_MEMORY_LIMIT.removesuffix('GB')} GB per",
        "`executor.DASK_IN_FLIGHT`": f"{executor.DASK_IN_FLIGHT} chunks per Dask worker",
        "`parallel.PARALLEL_MIN_ITEMS`": f"{parallel.PARALLEL_MIN_ITEMS:,} articles",
        "`compare.run.PARALLEL_MAX_WORDS`": f"{compare_run.PARALLEL_MAX_WORDS:,} words",
        "`cached.ROWS_PER_BLOB`": f"{cached.ROWS_PER_BLOB:,} rows",
        "`memory.LARGE_STAGE`": f"{memory.LARGE_STAGE:,} sentences",
        "`cache.DIGEST_ROWS`": f"{cache.DIGEST_ROWS:,} rows",
    }
    rows = _limit_rows()
    assert sorted(rows) == sorted(expected)
    for name, start in expected.items():
        assert rows[name].replace("80 %", "80%").startswith(start), (name, rows[name])
    assert f"`options.SIMILAR_OUTLETS` ({options.SIMILAR_OUTLETS})" in README
