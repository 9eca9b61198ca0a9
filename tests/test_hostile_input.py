"""Hostile input costs bounded memory: one enormous line, a gzip bomb, oversized tables and rows.

The memory checks run ``framing`` in a subprocess under an address-space limit (``RLIMIT_AS``)
rather than timing anything: the subprocess either finishes inside the limit or fails.
"""

from __future__ import annotations

import gzip
import json
import random
import resource
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.config import Config, IngestOptions
from framing.prepare.sentences import MAX_SENTENCE_WORDS
from tests.conftest import BODY

LIMIT = 1500 * 2**20  # 1.5 GB of address space: the memory budget


def limited(*args: str) -> subprocess.CompletedProcess:
    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "framing.cli", *args],
        preexec_fn=set_limit,  # noqa: PLW1509 - no threads in the parent at this point
        capture_output=True,
        text=True,
        timeout=300,
    )


def one_long_line(words: int) -> str:
    rng = random.Random(0)
    vocabulary = BODY.lower().replace(".", "").replace(",", "").split()
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def test_a_400000_word_line_analyses_within_the_memory_limit(make_corpus, tmp_path):
    root = make_corpus(
        {
            "a/huge.txt": "A title\n" + one_long_line(400_000) + "\n",
            "a/ok.txt": f"Title\n{BODY}",
            "b/ok.txt": f"Title\n{BODY} Another sentence here.",
        }
    )
    result = limited("analyze", "-q", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    sentences = pd.read_parquet(tmp_path / "out" / "data" / "sentences.parquet")
    huge = sentences[sentences["article_id"] == "a/huge"]
    assert len(huge) >= 400_000 // MAX_SENTENCE_WORDS
    assert huge["n_words"].max() <= MAX_SENTENCE_WORDS
    log = pd.read_csv(tmp_path / "out" / "data" / "log.csv")
    assert "overlong_sentence" in set(log["reason"])


def write_bomb(path: Path, megabytes: int) -> Path:
    block = b"a" * (1 << 20)
    with gzip.open(path, "wb") as handle:
        handle.write(b'{"outlet": "Bomb", "text": "')
        for _ in range(megabytes):
            handle.write(block)
        handle.write(b'"}\n')
    return path


def test_a_gzip_bomb_is_refused_with_a_reason_within_the_memory_limit(tmp_path):
    bomb = write_bomb(tmp_path / "bomb.jsonl.gz", 300)
    assert bomb.stat().st_size < 2_000_000
    result = limited("validate", "-q", str(bomb))
    assert result.returncode == 2, result.stderr
    assert "refused as a likely gzip bomb" in result.stderr
    assert "inflates more than 100 times its size" in result.stderr


def test_a_table_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "t.jsonl"
    rows = [{"outlet": f"O{i % 3}", "text": f"{BODY} Number {i}."} for i in range(3000)]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    config = Config(ingest=IngestOptions(max_table_mb=0.1))
    with pytest.raises(framing.InputError, match=r"file too large: 1 MB \(limit 0 MB"):
        framing.load_corpus(path, config=config)
    gz = tmp_path / "t.jsonl.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    with pytest.raises(framing.InputError, match="inflates past 0 MB: too large"):
        framing.load_corpus(gz, config=config)


def test_a_row_over_the_row_limit_is_rejected_and_the_rest_loads(tmp_path):
    path = tmp_path / "t.jsonl"
    big = {"outlet": "Big", "text": "word " * 300_000}
    rows = [{"outlet": "A", "text": BODY}, big, {"outlet": "B", "text": BODY + " More."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    corpus = framing.load_corpus(path, config=Config(ingest=IngestOptions(max_file_mb=1)))
    assert list(corpus.articles["outlet"]) == ["A", "B"]
    row = corpus.rejected.iloc[0]
    assert (row.source, row.reason, row.detail) == (
        "t.jsonl:row 2",
        "bad_row",
        "row too large (over 1,000,000 bytes)",
    )
