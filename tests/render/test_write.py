"""Writing a report never destroys anything: refused folders, framing's own files only, names,
no link followed, a swap that survives a crash or a second Ctrl-C, one writer at a time."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import framing
import framing.render.write as write_module
from framing.cli import EXIT_FAILED, main
from framing.errors import OutputError
from framing.render import folder as folder_module
from framing.render.folder import JOURNAL, LOCK
from framing.render.write import (
    MARKER,
    check_output,
    default_output,
    recover_output,
    safe_filename,
)
from tests.conftest import BODY, ROOT, SEED_CORPUS
from tests.conftest import folder_contents as tree

# ``seed_result`` (the seed corpus analysed) and ``copy_seed_report`` (a copy of its report as
# ``seed_result.write`` makes it: the previous report a test writes over) are in conftest.py;
# a test writes a report itself where writing is what it checks.


@pytest.fixture(scope="module")
def small_result(tmp_path_factory) -> framing.Result:
    """Two outlets of one article each: its report writes in a third of the seed report's time,
    for the tests that check how a report is written over another rather than what it holds."""
    path = tmp_path_factory.mktemp("small") / "small.jsonl"
    rows = [{"outlet": o, "title": f"Title {o}", "text": f"{BODY} {o} says so."} for o in "AB"]
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    return framing.analyze(path, command="framing analyze")


def leftovers(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(".framing-") and p.name != MARKER
    )


def edit_marker(out: Path, add: list[str] = (), drop: list[str] = ()) -> None:
    marker = json.loads((out / MARKER).read_text())
    marker["files"] = [f for f in marker["files"] if f not in drop] + list(add)
    (out / MARKER).write_text(json.dumps(marker))


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


def test_the_corpus_folder_and_folders_inside_it_are_refused(tmp_path):
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


def test_new_and_empty_folders_and_previous_reports_are_accepted(small_result, tmp_path):
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "new" / "deeper", tmp_path / "empty"):
        small_result.write(out, timestamp="T")
        assert (out / "report.md").is_file() and (out / MARKER).is_file()
    small_result.write(tmp_path / "empty", timestamp="T")  # a previous report: replaced
    marker = json.loads((tmp_path / "empty" / MARKER).read_text())
    assert "report.md" in marker["files"] and "data/articles.csv" in marker["files"]


def test_only_framing_files_are_replaced_in_a_previous_report(
    small_result, copy_seed_report, tmp_path
):
    out = copy_seed_report(tmp_path / "out")
    (out / "my-notes.md").write_text("notes beside the report")
    (out / "data" / "extra.csv").write_text("mine\n")
    stale = out / "figures" / "old_chart.png"  # a chart a previous version wrote, then dropped
    stale.write_bytes(b"png")
    marker = json.loads((out / MARKER).read_text())
    marker["files"].append("figures/old_chart.png")
    (out / MARKER).write_text(json.dumps(marker))
    small_result.write(out, timestamp="second")
    assert (out / "my-notes.md").read_text() == "notes beside the report"
    assert (out / "data" / "extra.csv").read_text() == "mine\n"
    assert not stale.exists()
    assert "_Generated second" in (out / "report.md").read_text()
    assert not [p for p in out.iterdir() if p.name.startswith(".framing-") and p.name != MARKER]


@pytest.mark.parametrize("damage", ["{not json", "[" * 100_000])
def test_a_damaged_marker_is_refused(tmp_path, damage):
    """JSON nested 100,000 levels deep was a RecursionError: "a bug in framing"."""
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / MARKER).write_text(damage)
    with pytest.raises(OutputError, match="marker is damaged"):
        check_output(tmp_path / "out")


@pytest.mark.hostile
def test_a_leftover_folder_nested_thousands_deep_is_removed(copy_seed_report, tmp_path):
    """Removing it recursively ended this run, and every later one, with a RecursionError."""
    out = copy_seed_report(tmp_path / "out")
    before = tree(out)
    descriptor = os.open(out, os.O_RDONLY)
    for name in [".framing-staging-deep", *["d"] * 3000]:
        os.mkdir(name, dir_fd=descriptor)
        below = os.open(name, os.O_RDONLY, dir_fd=descriptor)
        os.close(descriptor)
        descriptor = below
    os.symlink("/etc/hostname", "link", dir_fd=descriptor)  # removed, never followed
    os.close(descriptor)
    recover_output(out)
    assert tree(out) == before
    assert Path("/etc/hostname").exists()


def test_marker_cannot_name_files_outside_the_report(small_result, copy_seed_report, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = copy_seed_report(tmp_path / "out")
    edit_marker(out, add=["../victim.txt", str(victim), "figures/../../victim.txt", "./x", ""])
    small_result.write(out, timestamp="T")
    assert victim.read_text() == "keep me"


def test_current_folder_is_checked_like_any_other(small_result, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("x")
    with pytest.raises(OutputError, match=r"^\.: holds other files"):
        small_result.write(Path("."))
    (tmp_path / "mine.txt").unlink()
    small_result.write(Path("."), timestamp="T")  # empty: fine
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


# --- links: nothing outside the report folder is written or removed (issue 23, item 2) ---------

LINK_HINT = "framing never follows links inside a report folder: remove it, or give a new folder"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the report that framing must never touch."""
    place = tmp_path / "outside"
    place.mkdir()
    (place / "keep.txt").write_text("keep")
    (place / "articles.csv").write_text("precious")
    return place


@pytest.mark.hostile
def test_a_linked_folder_named_by_the_marker_is_refused(
    seed_result, copy_seed_report, tmp_path, outside
):
    # the attack: lnk -> outside, and the marker lists lnk/keep.txt as the report's own
    out = copy_seed_report(tmp_path / "out")
    (out / "lnk").symlink_to(outside)
    edit_marker(out, add=["lnk/keep.txt"])
    before = tree(out)
    message = f"{out}: lnk is a symbolic link (to '{outside}'); {LINK_HINT}"
    with pytest.raises(OutputError) as refused:
        check_output(out)
    assert str(refused.value) == message
    with pytest.raises(OutputError, match=re.escape(message)):
        seed_result.write(out, timestamp="again")
    assert tree(outside) == {"articles.csv": b"precious", "keep.txt": b"keep"}
    assert tree(out) == before and leftovers(out) == []


@pytest.mark.hostile
@pytest.mark.parametrize("sub", ["data", "figures"])
def test_a_report_folder_replaced_by_a_link_is_refused(
    seed_result, copy_seed_report, tmp_path, outside, sub
):
    # the attack: data/ replaced by a link, so that data/articles.csv lands outside
    out = copy_seed_report(tmp_path / "out")
    for path in (out / sub).iterdir():
        path.unlink()
    (out / sub).rmdir()
    (out / sub).symlink_to(outside)
    with pytest.raises(OutputError) as refused:
        seed_result.write(out, timestamp="again")
    assert str(refused.value) == f"{out}: {sub} is a symbolic link (to '{outside}'); {LINK_HINT}"
    assert tree(outside) == {"articles.csv": b"precious", "keep.txt": b"keep"}


@pytest.mark.hostile
def test_a_link_in_a_report_from_before_markers_is_refused(copy_seed_report, tmp_path, outside):
    out = copy_seed_report(tmp_path / "out")
    (out / MARKER).unlink()  # framing 0.1 wrote no marker
    for path in (out / "data").iterdir():
        path.unlink()
    (out / "data").rmdir()
    (out / "data").symlink_to(outside)
    with pytest.raises(OutputError, match=r": data is a symbolic link \(to "):
        check_output(out)
    (out / "data").unlink()
    (out / "report.md").rename(tmp_path / "old.md")
    (out / "report.md").symlink_to(tmp_path / "old.md")  # report.md itself a link: not followed
    with pytest.raises(OutputError, match=r": report.md is a symbolic link \(to "):
        check_output(out)


@pytest.mark.hostile
@pytest.mark.parametrize("kind", ["link", "fifo", "folder"])
def test_a_marker_that_is_no_regular_file_is_refused_unread(tmp_path, outside, kind):
    out = tmp_path / "out"
    out.mkdir()
    not_regular = (
        f"{out}: {MARKER} is not a regular file (a folder, FIFO or device); "
        "remove it, or give a new folder"
    )
    if kind == "link":
        (outside / "marker.json").write_text(json.dumps({"files": ["keep.txt"]}))
        (out / MARKER).symlink_to(outside / "marker.json")
        expected = (
            f"{out}: {MARKER} is a symbolic link (to '{outside / 'marker.json'}'); {LINK_HINT}"
        )
    elif kind == "fifo":
        os.mkfifo(out / MARKER)  # opened without blocking, refused without a read
        expected = not_regular
    else:
        (out / MARKER).mkdir()
        expected = not_regular
    with pytest.raises(OutputError) as refused:
        check_output(out)
    assert str(refused.value) == expected


@pytest.mark.hostile
def test_a_listed_file_that_is_a_link_is_replaced_not_followed(
    small_result, copy_seed_report, tmp_path, outside
):
    out = copy_seed_report(tmp_path / "out")
    (out / "report.md").unlink()
    (out / "report.md").symlink_to(outside / "keep.txt")
    (out / "data" / "articles.csv").unlink()
    (out / "data" / "articles.csv").symlink_to(outside / "articles.csv")
    small_result.write(out, timestamp="again")
    assert tree(outside) == {"articles.csv": b"precious", "keep.txt": b"keep"}
    assert (
        not (out / "report.md").is_symlink()
        and "_Generated again" in (out / "report.md").read_text()
    )
    assert not (out / "data" / "articles.csv").is_symlink()


@pytest.mark.hostile
def test_a_link_swapped_in_after_the_checks_redirects_nothing(
    small_result, tmp_path, outside, monkeypatch
):
    # a link appears while the report is rendered, after every check: the folders are held open
    # (the report's own data/ keeps its contents) or opened without following links (refused)
    out = tmp_path / "out"
    real = write_module._write_all

    def racing(result, staged, timestamp, progress, **reuse):
        files = real(result, staged, timestamp, progress, **reuse)
        (out / "data").symlink_to(outside)
        return files

    monkeypatch.setattr(write_module, "_write_all", racing)
    with pytest.raises(OutputError) as refused:
        small_result.write(out, timestamp="T")
    assert str(refused.value) == f"{out}: data is a symbolic link (to '{outside}'); {LINK_HINT}"
    assert tree(outside) == {"articles.csv": b"precious", "keep.txt": b"keep"}
    assert sorted(p.name for p in out.iterdir()) == ["data"]  # the link; no half report, no staging


@pytest.mark.hostile
def test_a_file_the_marker_does_not_list_is_never_overwritten(
    small_result, copy_seed_report, tmp_path
):
    out = copy_seed_report(tmp_path / "out")
    edit_marker(out, drop=["data/articles.csv"])
    (out / "data" / "articles.csv").write_text("mine")
    before = tree(out)
    with pytest.raises(OutputError) as refused:
        small_result.write(out, timestamp="again")
    assert str(refused.value) == (
        f"{out}: data/articles.csv is in the way: framing writes it, but the previous report "
        "does not list it as its own; move it away"
    )
    assert tree(out) == before and leftovers(out) == []


# --- --out itself a link (issue 23, item 10) ----------------------------------------------------


@pytest.mark.hostile
def test_a_dangling_out_link_is_refused_before_any_work(tmp_path):
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "nowhere" / "deep")
    message = (
        f"{link}: is a symbolic link to '{tmp_path / 'nowhere' / 'deep'}', which leads nowhere "
        "(missing, or a loop); give an existing folder or a new path"
    )
    with pytest.raises(OutputError) as refused:
        check_output(link)
    assert str(refused.value) == message
    result = CliRunner().invoke(
        main, ["analyze", "-q", str(tmp_path / "no-corpus"), "--out", str(link)]
    )
    assert result.exit_code == EXIT_FAILED
    assert result.output.strip().splitlines() == [f"Error: {message}"]  # the corpus: never read
    assert not (tmp_path / "nowhere").exists()
    (tmp_path / "loop").symlink_to("loop")
    with pytest.raises(
        OutputError, match=r"loop/x: has .*loop, which is a symbolic link to 'loop'"
    ):
        check_output(tmp_path / "loop" / "x")


def test_an_out_link_means_the_folder_it_points_to(small_result, tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert check_output(tmp_path / "link") == tmp_path.resolve() / "real"
    small_result.write(tmp_path / "link", timestamp="T")
    assert (tmp_path / "real" / "report.md").is_file() and (tmp_path / "link").is_symlink()
    (tmp_path / "etc").symlink_to(SEED_CORPUS)  # a link to the corpus: refused like the corpus
    with pytest.raises(OutputError, match="is the corpus folder or inside it"):
        check_output(tmp_path / "etc", corpus=SEED_CORPUS)


# --- one writer at a time (issue 23, item 10) ---------------------------------------------------


@pytest.mark.hostile
def test_a_second_run_writing_the_same_folder_is_told_so(small_result, copy_seed_report, tmp_path):
    out = copy_seed_report(tmp_path / "out")
    busy = (
        f"{out}: another framing run is writing this report (pid 4242); "
        "wait for it to finish, or give another folder"
    )
    with open(out / LOCK, "w") as held:  # what a run holds while it writes
        held.write("4242\n")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX)
        (out / ".framing-staging-0a0b0c0d").mkdir()  # the running run's work in progress
        with pytest.raises(OutputError) as refused:
            check_output(out)
        assert str(refused.value) == busy
        with pytest.raises(OutputError) as refused:
            small_result.write(out, timestamp="second")
        assert str(refused.value) == busy
        assert (out / ".framing-staging-0a0b0c0d").is_dir()  # another run's: left alone
    # the run died (its lock released by the kernel, the file left): no longer in the way
    check_output(out)
    with pytest.warns(
        UserWarning,
        match=r"removed what a stopped framing run left behind \(\.framing-staging-0a0b0c0d\)",
    ):
        small_result.write(out, timestamp="third")
    assert leftovers(out) == [] and "_Generated third" in (out / "report.md").read_text()


# --- a swap that a crash or a second Ctrl-C cannot leave half done (issue 23, item 7) ----------


class Crash(BaseException):
    """Stands for the process dying: nothing after it runs in framing's code."""


def crash_at(monkeypatch, point: int | str) -> None:
    """Die at the ``point``-th rename (1: the journal's) or at ``"commit"`` (every move done, the
    journal not yet removed); after that every rename and flush fails too, so that the undoing a
    failure would start cannot happen, as after a real crash."""
    real = folder_module._rename
    state = {"renames": 0, "dead": False}

    def rename(*args):
        state["renames"] += 1
        if state["dead"] or state["renames"] == point:
            state["dead"] = True
            raise Crash
        real(*args)

    def sync(self):
        if state["dead"] or point == "commit":
            state["dead"] = True
            raise Crash

    monkeypatch.setattr(folder_module, "_rename", rename)
    monkeypatch.setattr(folder_module.Folder, "sync", sync)


@pytest.mark.hostile
@pytest.mark.parametrize("point", [1, 2, 20, 50, "commit"])
def test_a_crash_mid_swap_is_undone_by_the_next_run(
    seed_result, copy_seed_report, tmp_path, monkeypatch, point
):
    out = copy_seed_report(tmp_path / "out")
    (out / "notes.md").write_text("mine")
    (out / "data" / "extra.csv").write_text("mine too")
    before = tree(out)
    with monkeypatch.context() as patched:
        crash_at(patched, point)
        with pytest.raises(Crash):
            seed_result.write(out, timestamp="new")
    assert leftovers(out)  # what a crash leaves: the journal, staging and retired folders
    note = recover_output(out)
    assert tree(out) == before and leftovers(out) == []
    if point == 1:  # died writing the journal: no move was made
        assert re.fullmatch(
            re.escape(f"{out}: removed what a stopped framing run left behind (.framing-")
            + r".*\)",
            note,
        )
    else:
        moved = 32 if point == "commit" else min(point - 2, 32)
        assert note == (
            f"{out}: a framing run (pid {os.getpid()}) stopped halfway through replacing the "
            f"report; undone, the previous report is back ({moved} files)"
        )
    assert recover_output(out) is None
    if point == 20:  # and the next run goes on to write its report
        seed_result.write(out, timestamp="new")
        assert "_Generated new" in (out / "report.md").read_text()
        assert (out / "notes.md").read_text() == "mine" and leftovers(out) == []


@pytest.mark.hostile
def test_a_second_ctrl_c_during_the_swap_leaves_the_previous_report(
    seed_result, copy_seed_report, tmp_path, monkeypatch
):
    out = copy_seed_report(tmp_path / "out")
    (out / "notes.md").write_text("mine")
    before = tree(out)
    real = folder_module._rename
    renames = []

    def rename(*args):
        renames.append(args)
        if len(renames) in (20, 23):  # Ctrl-C mid-swap, then again while it is being undone
            os.kill(os.getpid(), signal.SIGINT)
        real(*args)

    monkeypatch.setattr(folder_module, "_rename", rename)
    with pytest.raises(KeyboardInterrupt):
        seed_result.write(out, timestamp="new")
    assert tree(out) == before and leftovers(out) == []
    assert len(renames) == 1 + 19 + 19  # the journal, 19 moves, each undone; then it stopped


@pytest.mark.hostile
def test_a_damaged_journal_is_refused_and_a_forged_one_moves_nothing(copy_seed_report, tmp_path):
    out = copy_seed_report(tmp_path / "out")
    (out / JOURNAL).write_text("{half")
    with pytest.raises(OutputError) as refused:
        check_output(out)
    assert str(refused.value) == (
        f"{out}: its {JOURNAL} (left by an interrupted framing run) is damaged; remove it and "
        "the .framing-staging-*/.framing-retired-* folders, then check the report"
    )
    # a journal naming files framing did not move (their inodes differ): nothing is moved
    (out / "notes.md").write_text("mine")
    forged = {
        "pid": 1,
        "staging": ".framing-staging-x",
        "retired": ".framing-retired-x",
        "new": [["notes.md", 1], ["report.md", 2]],
        "old": [],
        "made": [],
    }
    (out / JOURNAL).write_text(json.dumps(forged))
    before = {k: v for k, v in tree(out).items() if k != JOURNAL}
    assert "undone, the previous report is back (0 files)" in recover_output(out)
    assert tree(out) == before


WITHOUT_ROOTS_READ = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
"""util-linux's setpriv: run a command as root, but without root's right to read any folder, so
that a folder's permission bits apply to it as to its owner."""


@pytest.mark.hostile
@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None, reason="as root, needs setpriv"
)
def test_a_report_under_a_folder_that_can_be_passed_but_not_listed_is_written(tmp_path):
    """Opening each folder above ``--out`` to read it (rather than only to pass through it, as
    the kernel does for a path) refused a report under a folder of mode 0311 or 0711."""
    gate = tmp_path / "gate"
    (gate / "reports").mkdir(parents=True)
    out = gate / "reports" / "new"
    script = (
        "import sys; from pathlib import Path; from framing.render.write import check_output; "
        "from framing.render.folder import Folder; print(check_output(sys.argv[1])); "
        "print(Folder.open_path(Path(sys.argv[1]), 'out', create=True) is not None)"
    )
    gate.chmod(0o311)  # its owner may pass through it and write in it, not list it
    try:
        done = subprocess.run(
            [*(WITHOUT_ROOTS_READ if os.geteuid() == 0 else []), sys.executable, "-c", script]
            + [str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        gate.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(out), "True"]
    assert out.is_dir()
