"""Shared fixtures: the seed corpus, the AllSides slice, and a builder for throwaway corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

import framing

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
