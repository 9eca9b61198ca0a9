"""The command line: exact output shape and exit codes, including real signals."""

from __future__ import annotations

import gzip
import json
import re
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

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
from framing.render.folder import JOURNAL, MARKER
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


@pytest.fixture(scope="session")
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


@pytest.mark.hostile
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
    big_corpus, copy_seed_report, tmp_path, signum, code
):
    out = copy_seed_report(tmp_path / "report")
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


@pytest.mark.hostile
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


def _run_with_signals_at_renames(
    corpus: Path, out: Path, signals: dict[int, int]
) -> subprocess.CompletedProcess:
    """``framing analyze corpus`` into ``out`` in a subprocess that sends itself the real signal
    ``signals[n]`` just before the report swap's ``n``-th rename."""
    codes = {n: int(signum) for n, signum in signals.items()}
    script = (
        "import os, sys\n"
        "import framing.render.folder as folder\n"
        "from framing.cli import main\n"
        "real, count = folder._rename, [0]\n"
        "def rename(*args):\n"
        "    count[0] += 1\n"
        f"    signum = {codes!r}.get(count[0])\n"
        "    if signum:\n"
        "        os.kill(os.getpid(), signum)\n"
        "    real(*args)\n"
        "folder._rename = rename\n"
        "main(sys.argv[1:])\n"
    )
    command = ["analyze", "-q", "-j", "1", str(corpus), "--out", str(out)]
    return subprocess.run(
        [sys.executable, "-c", script, *command], capture_output=True, text=True, timeout=120
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _two_articles(make_corpus) -> Path:
    """A corpus that analyses in a second (the seed corpus takes several): the run that is
    signalled writes its report over a copy of the seed report (32 files)."""
    return make_corpus({"a/1.txt": f"Title A\n{BODY} A says so.", "b/1.txt": f"Title B\n{BODY}"})


@pytest.mark.hostile
def test_a_second_sigint_during_the_swap_leaves_the_previous_report(
    copy_seed_report, make_corpus, tmp_path
):
    out = copy_seed_report(tmp_path / "report")
    (out / "notes.md").write_text("mine")
    before = _files(out)
    # Ctrl-C while the old files are being moved aside, a second one while that is undone
    signals = {10: signal.SIGINT, 12: signal.SIGINT}
    done = _run_with_signals_at_renames(_two_articles(make_corpus), out, signals)
    assert done.returncode == EXIT_INTERRUPTED, done.stderr
    assert done.stderr.strip() == "Interrupted: stopped; a previous report, if any, is unchanged"
    assert _files(out) == before
    assert sorted(p.name for p in out.iterdir()) == [
        MARKER,
        "data",
        "figures",
        "notes.md",
        "report.md",
    ]


@pytest.mark.hostile
def test_a_run_killed_mid_swap_is_recovered_by_the_next_run(
    copy_seed_report, make_corpus, tmp_path
):
    out = copy_seed_report(tmp_path / "report")  # written with timestamp "previous"
    (out / "notes.md").write_text("mine")
    corpus = _two_articles(make_corpus)
    # the journal, the 32 old files moved aside, then killed with 6 of the new moved in
    killed = _run_with_signals_at_renames(corpus, out, {40: signal.SIGKILL})
    assert killed.returncode == -signal.SIGKILL
    assert JOURNAL in {p.name for p in out.iterdir()}
    result = CliRunner().invoke(main, ["analyze", "-q", str(corpus), "--out", str(out)])
    assert result.exit_code == EXIT_OK, result.output
    lines = result.output.strip().splitlines()
    assert re.fullmatch(
        re.escape(f"Recovered {out}: a framing run (pid ")
        + r"\d+"
        + re.escape(
            ") stopped halfway through replacing the report; "
            "undone, the previous report is back (32 files)"
        ),
        lines[0],
    )
    assert lines[1:] == [f"{out / 'report.md'}: 2 articles from 2 outlets; 0 input(s) rejected"]
    listed = json.loads((out / MARKER).read_text())["files"]
    assert set(_files(out)) == {*listed, MARKER, "notes.md"}  # whole, the notes kept, no debris
    assert "previous" not in (out / "report.md").read_text()
