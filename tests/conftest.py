"""Shared fixtures: the seed corpus, the AllSides slice, and a builder for throwaway corpora."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, settings

import framing

# Property-based tests: "ci" (the default) is deterministic and quick; HYPOTHESIS_PROFILE=thorough
# runs twenty times as many examples (minutes), for hunting bugs before a release.
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SLOW,
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, database=None, suppress_health_check=_SLOW
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
EXAMPLES_SCALE = 20 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 1


def examples(n: int) -> int:
    """Examples for a slow property test: ``n`` by default, twenty times more when thorough."""
    return n * EXAMPLES_SCALE


# the session's fixtures (loaded before any test's own) never touch the user's cache either
os.environ["FRAMING_CACHE_DIR"] = tempfile.mkdtemp(prefix="framing-test-cache-")


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test its own empty cache folder (``FRAMING_CACHE_DIR``, inherited by the CLI runs it
    starts): tests never touch the user's cache, and no test sees what another one cached."""
    folder = tmp_path_factory.mktemp("cache") / "framing"
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(folder))
    return folder


# pytest-xdist (-n auto in pyproject.toml's addopts) ------------------------------------------

TOGETHER = ("tests/test_notebooks.py",)
"""Test files whose tests all run in one worker: each notebook runs once per process, for all the
tests that read it."""


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Each test is its own unit of work (as ``--dist load``), but the tests of a file in
    ``TOGETHER`` form one unit, sent to one worker and, the largest unit, started first.

    xdist's own ``--dist loadgroup`` (``xdist_group`` marks) stopped grouping with pytest 9.2
    (pytest-xdist issue 1386), silently; this needs no mark. Other ``--dist`` modes are xdist's.
    """
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class TestsOrFilesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path in TOGETHER else nodeid

    return TestsOrFilesTogether(config, log)


SLOW_FIRST = (
    "tests/test_properties.py",
    "tests/test_hostile_input.py",
    "tests/test_cli.py",
    "tests/test_hostile_text.py",
    "tests/render/test_write.py",
    "tests/render/test_report.py",
    "tests/test_corpus_shapes.py",
    "tests/compare/test_many_outlets.py",
    "tests/prepare/test_pipeline.py",
    "tests/annotate/test_run.py",
    "tests/compare/test_figures.py",
    "tests/ingest/test_broken_corpus.py",
    "tests/test_docs.py",
    "tests/test_patterns.py",
)
"""Files whose tests take seconds each (subprocesses, whole reports, many examples), slowest
first. They run first, so that the thousand quick tests fill the workers' last minute: run in the
order collected, the slowest tests came last, and one worker ran them while the other sat idle."""


def pytest_collection_modifyitems(config, items):
    rank = {name: n for n, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"
ALLSIDES_SLICE = ROOT / "tests" / "data" / "allsides-slice.jsonl.gz"
FIXTURES = ROOT / "tests" / "fixtures"

BODY = (
    "Officials in the capital said on Monday that the talks would resume next week. "
    "Both sides accused each other of shelling villages along the front line, and the "
    "ministry said it had evidence of the attacks."
)


# Shared, session-scoped results: loading and analysing the seed corpus and writing its report
# take seconds, and dozens of tests only read them. Each is made once per test process (pytest-xdist
# runs one per core) and checked after the session to be exactly as made: a test that needs to
# change one works on a copy (``dataclasses.replace``, ``copy_seed_report``).


def fingerprint(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    """A digest of each table's values, dtypes and index: equal only for unchanged tables."""
    digests = {}
    for name, frame in frames.items():
        content = frame.to_csv() + repr(frame.dtypes.to_dict()) + repr(frame.index)
        digests[name] = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
    return digests


def corpus_tables(corpus: framing.Corpus) -> dict[str, pd.DataFrame]:
    return {"articles": corpus.articles, "sentences": corpus.sentences, "log": corpus.log}


def folder_contents(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (links by their target, never followed)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[path.relative_to(folder).as_posix()] = f"-> {os.readlink(path)}".encode()
        elif path.is_file():
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


@pytest.fixture(scope="session")
def seed_corpus() -> framing.Corpus:
    """The seed corpus, loaded once: read it, never change it."""
    corpus = framing.load_corpus(SEED_CORPUS)
    made = fingerprint(corpus_tables(corpus))
    yield corpus
    assert fingerprint(corpus_tables(corpus)) == made, "a test changed the shared seed corpus"


@pytest.fixture(scope="session")
def allsides_slice() -> framing.Corpus:
    """tests/data's AllSides slice, loaded once: read it, never change it."""
    corpus = framing.load_corpus(ALLSIDES_SLICE)
    made = fingerprint(corpus_tables(corpus))
    yield corpus
    assert fingerprint(corpus_tables(corpus)) == made, "a test changed the shared AllSides slice"


SEED_COMMAND = "framing analyze"


def cold_analysis(folder: Path) -> framing.Result:
    """The seed corpus analysed as ``framing analyze`` does, with an empty cache in ``folder`` (as
    a first run is: the report says every article was computed)."""
    config = framing.load_config(SEED_CORPUS)
    config = replace(config, run=replace(config.run, cache=str(folder)))
    return framing.analyze(SEED_CORPUS, config=config, command=SEED_COMMAND)


@pytest.fixture(scope="session")
def seed_result(tmp_path_factory) -> framing.Result:
    """``framing analyze corpus/`` as a Result, made once: read it, never change it (a test that
    adds a table uses ``dataclasses.replace(seed_result, tables={...})``)."""
    result = cold_analysis(tmp_path_factory.mktemp("seed-cache") / "framing")
    made = fingerprint(result.tables)
    yield result
    assert fingerprint(result.tables) == made, "a test changed the shared seed result"


SEED_REPORT_TIMESTAMP = "previous"
"""The seed report's "Generated" line: a report written over a copy of it says something else."""


@pytest.fixture(scope="session")
def seed_report(seed_result, tmp_path_factory) -> Path:
    """The seed corpus's report folder as ``Result.write`` makes it, written once: read it, never
    change it; ``copy_seed_report`` gives a previous report to write over or attack."""
    out = seed_result.write(
        tmp_path_factory.mktemp("seed-report") / "report", timestamp=SEED_REPORT_TIMESTAMP
    )
    made = folder_contents(out)
    yield out
    assert folder_contents(out) == made, "a test changed the shared seed report"


@pytest.fixture
def copy_seed_report(seed_report):
    """Copy the seed report to a new folder (a copy of what ``seed_result.write(folder)`` makes,
    in milliseconds rather than seconds) and return the folder."""

    def copy(folder: Path) -> Path:
        shutil.copytree(seed_report, folder, symlinks=True)
        return folder

    return copy


@pytest.fixture
def make_corpus(tmp_path: Path):
    """Write ``{relative path: str or bytes}`` under a fresh folder and return the folder."""

    def build(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "corpus"
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return build


def lexicon_override(root: Path, name: str, text: str) -> Path:
    """Write ``text`` as the corpus override ``root/lexicons/name``; return the folder."""
    folder = root / "lexicons"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def child_pids(pid: int) -> set[int]:
    """Live child processes of ``pid`` (from /proc; no dependency needed)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


# A small corpus folder of AllSides articles, for the cache's tests (tests/test_cache.py,
# tests/compare/test_cached.py).


def slice_rows(outlets: int | None = None, per_outlet: int = 8) -> list[dict]:
    """Articles of the AllSides slice: ``per_outlet`` from each of the first ``outlets``."""
    with gzip.open(ALLSIDES_SLICE, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["outlet"]] = counts.get(row["outlet"], 0) + 1
    names = [n for n in counts if counts[n] >= per_outlet][:outlets]
    taken = {n: [r for r in rows if r["outlet"] == n][:per_outlet] for n in names}
    return [r for n in names for r in taken[n]]


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A corpus folder with 3 outlets × 8 AllSides articles in one top-level table."""
    root = tmp_path / "corpus"
    root.mkdir()
    write_rows(root / "articles.jsonl", slice_rows(3))
    return root


def write_rows(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
