"""Start-up cost: what ``import framing`` and the quick commands load.

``framing --help`` used to take 2.8 s because the command line imported pandas, matplotlib and
the stages before reading its arguments. Each check runs in a fresh interpreter (``sys.modules``
of this test process holds everything already), one subprocess per check: about 0.1 s each.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED_CORPUS

HEAVY = ("pandas", "numpy", "pyarrow", "matplotlib", "sklearn", "scipy", "nltk")
"""The libraries that make start-up slow (each 0.1 to 0.5 s to import)."""


def loaded_after(script: str, *args: str) -> dict:
    """Run ``script`` in a fresh interpreter and return what it printed last (JSON) together
    with the heavy libraries it left in ``sys.modules``."""
    report = (
        "\nimport json, sys\n"
        f"print(json.dumps({{'heavy': [m for m in {HEAVY!r} if m in sys.modules]}}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script + report, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_import_framing_loads_no_heavy_library():
    assert loaded_after("import framing") == {"heavy": []}


def test_from_framing_import_analyze_leaves_out_the_drawing_and_learning_libraries():
    """The analysis needs pandas; matplotlib loads when a figure is drawn, scikit-learn and
    scipy in the comparisons that use them."""
    heavy = loaded_after("from framing import analyze, Result")["heavy"]
    assert {"pandas", "numpy"} <= set(heavy)
    assert not {"matplotlib", "sklearn", "scipy", "nltk"} & set(heavy)


QUICK_COMMANDS = [
    ["--help"],
    ["--version"],
    ["analyze", "--help"],
    ["validate", "--help"],
    ["cache", "--help"],
    ["analyze", "--jobs", "x"],
    ["validate", "--no-such-option"],
]


def test_help_version_option_errors_and_cache_info_load_no_heavy_library(tmp_path: Path):
    commands = [*QUICK_COMMANDS, ["cache", "info", "--cache", str(tmp_path / "cache")]]
    script = (
        "import sys\n"
        "from framing.cli import main\n"
        "codes = []\n"
        f"for argv in {commands!r}:\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as stop:\n"
        "        codes.append(stop.code)\n"
        "print(codes, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stderr.splitlines()[-1] == "[0, 0, 0, 0, 0, 2, 2, 0]"
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    assert errors == [
        "Error: Invalid value for '--jobs' / '-j': 'x' is not a valid integer range.",
        "Error: No such option '--no-such-option'.",
    ]
    assert loaded_after(script)["heavy"] == []


def test_a_library_that_fails_to_load_in_a_command_is_one_line_and_exit_2():
    """pandas now loads when ``validate`` runs, not with the command line: a broken install
    still gets the launcher's one line, not a traceback or the "bug in framing" hint."""
    script = (
        "import sys\n"
        "sys.modules['pandas'] = None  # 'import pandas' raises ImportError\n"
        "from framing._launch import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "validate", "-q", str(SEED_CORPUS)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "Error: cannot load a library framing needs (import of pandas halted; None in "
        "sys.modules); reinstall framing with its dependencies (pip install framing)\n"
    )
