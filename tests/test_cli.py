"""The command line: exact output shape and exit codes, including real signals."""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

import framing
from framing.cli import (
    EXIT_FAILED,
    EXIT_HUNG_UP,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_TERMINATED,
    REPORT_HINT,
    Terminated,
    main,
)
from tests.conftest import ALLSIDES_SLICE, BODY, SEED_CORPUS, alive, child_pids


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


def test_uncaught_error_is_one_line_with_a_hint_and_exit_2(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something odd\nsecond line")

    monkeypatch.setattr("framing.cli.load_corpus", broken)
    result = run("validate", "-q", str(SEED_CORPUS))
    assert result.exit_code == EXIT_FAILED
    assert result.output.strip().splitlines() == [
        f"Error: RuntimeError: something odd ({REPORT_HINT})"
    ]


@pytest.mark.parametrize(
    ("raised", "code", "message"),
    [
        (KeyboardInterrupt, EXIT_INTERRUPTED, "Interrupted: stopped"),
        (Terminated, EXIT_TERMINATED, "Terminated: stopped"),
        (partial(Terminated, signal.SIGHUP), EXIT_HUNG_UP, "Hung up: stopped"),
    ],
)
def test_interruption_exit_codes(monkeypatch, raised, code, message):
    def interrupted(*args, **kwargs):
        raise raised()

    monkeypatch.setattr("framing.cli.load_corpus", interrupted)
    result = run("validate", "-q", str(SEED_CORPUS))
    assert result.exit_code == code
    assert (EXIT_INTERRUPTED, EXIT_TERMINATED, EXIT_HUNG_UP) == (130, 143, 129)
    assert message in result.output and "Aborted!" not in result.output


def test_bad_option_exits_2():
    result = run("analyze", "--jobs", "-3", str(SEED_CORPUS))
    assert result.exit_code == EXIT_FAILED
    assert "Invalid value for '--jobs' / '-j': -3 is not in the range x>=0." in result.output


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """2,400 articles (the AllSides slice eight times over): enough for worker processes."""
    with gzip.open(ALLSIDES_SLICE, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for copy in range(8):
            for row in rows:
                handle.write(json.dumps({**row, "id": f"{copy}-{row['id']}"}) + "\n")
    return path


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("signum", "code"),
    [
        (signal.SIGINT, EXIT_INTERRUPTED),
        (signal.SIGTERM, EXIT_TERMINATED),
        (signal.SIGHUP, EXIT_HUNG_UP),
        (signal.SIGKILL, -signal.SIGKILL),
    ],
)
def test_real_signal_stops_workers_and_keeps_the_previous_report(
    big_corpus, tmp_path, signum, code
):
    out = tmp_path / "report"
    framing.analyze(SEED_CORPUS).write(out, timestamp="previous")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "framing.cli",
            "analyze",
            "-q",
            "-j",
            "2",
            str(big_corpus),
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while not workers and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = child_pids(process.pid)
    assert workers, "the run never started worker processes"
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    if signum != signal.SIGKILL:  # killed outright, the main process says nothing
        assert "stopped; a previous report, if any, is unchanged" in stderr
    assert "Traceback" not in stderr
    deadline = time.monotonic() + 5  # workers never outlive the main process, however it ends
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if alive(w)], "worker processes were left behind"
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_library_warnings_summarised_or_silenced(capsys):
    import warnings

    from framing.cli import library_warnings

    for quiet in (False, True):
        with library_warnings(quiet):
            for _ in range(3):
                warnings.warn("old API", FutureWarning, stacklevel=1)
            warnings.warn("odd value", RuntimeWarning, stacklevel=1)
        err = capsys.readouterr().err
        if quiet:
            assert err == ""
        else:
            assert err.splitlines() == [
                "4 warning(s) from libraries during the run:",
                "  3x FutureWarning: old API",
                "  1x RuntimeWarning: odd value",
            ]


def test_a_time_zone_name_is_ignored_without_a_warning():
    import warnings

    from framing.ingest.dates import parse_date

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parsed = parse_date("Jan 17, 2022 10:00 PM EDT")
    assert str(parsed[0]) == "2022-01-17"


def test_too_little_memory_to_load_the_libraries_is_one_line_and_exit_2():
    """Under a 350 MB address-space limit pandas and scikit-learn cannot load ("failed to map
    segment"); before, a traceback and exit 1."""
    import resource

    limit = 350 * 2**20

    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-c", "from framing._launch import main; main()", "validate", "x"],
        preexec_fn=set_limit,  # noqa: PLW1509 - no threads in the parent at this point
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == EXIT_FAILED
    assert result.stderr == (
        "Error: out of memory while loading framing's libraries (pandas, scikit-learn, "
        "matplotlib need about 700 MB of address space); raise the memory limit\n"
    )
