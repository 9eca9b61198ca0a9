"""Shared fixtures: the seed corpus, the AllSides slice, and a builder for throwaway corpora."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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


ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"
ALLSIDES_SLICE = ROOT / "tests" / "data" / "allsides-slice.jsonl.gz"
FIXTURES = ROOT / "tests" / "fixtures"

BODY = (
    "Officials in the capital said on Monday that the talks would resume next week. "
    "Both sides accused each other of shelling villages along the front line, and the "
    "ministry said it had evidence of the attacks."
)


@pytest.fixture(scope="session")
def seed_corpus() -> framing.Corpus:
    return framing.load_corpus(SEED_CORPUS)


@pytest.fixture(scope="session")
def allsides_slice() -> framing.Corpus:
    return framing.load_corpus(ALLSIDES_SLICE)


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
