"""Hostile input costs bounded memory: one enormous line, a gzip bomb, oversized tables and rows.

The memory checks run ``framing`` in a subprocess under an address-space limit (``RLIMIT_AS``)
rather than timing anything: the subprocess either finishes inside the limit or fails.

This file is the heart of the hostile-input suite; ``pytest -m hostile`` runs all of it. Where
each reproduction of issue 23's attack run is kept:

1. one enormous word: ``test_hostile_text.py`` (memory-limited);
2. writes outside ``--out`` (links in a previous report, ``data/`` replaced by a link, a
   dangling ``--out``): ``render/test_write.py``;
3. reads outside the corpus (top-level links, manifest, ``/etc/passwd``, ``self -> .``,
   lexicons): ``ingest/test_links.py``, ``test_config.py``;
4. Parquet and gzip bombs, huge CSV cells and rows: here (memory-limited);
5. deep nesting, huge numbers, wrong types: ``ingest/test_bad_input.py``;
6. CSV rows that shift: ``ingest/test_columns.py``;
7. workers outliving their parent, SIGHUP, a second Ctrl-C or a crash mid-swap:
   ``test_parallel.py``, ``test_cli.py``, ``render/test_write.py``;
8. thousands of outlets, 50,000 naming variants: ``compare/test_many_outlets.py``
   (memory-limited), ``compare/test_naming_scale.py``;
9. invisible characters, mathematics and links in metadata: ``test_hostile_text.py``;
10. messages: ``test_config.py``, ``test_lexicon_rows.py``, ``test_patterns.py``,
    ``ingest/test_dates_order.py``, ``annotate/test_run.py``, and the out-of-memory start in
    ``test_cli.py``.
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

pytestmark = pytest.mark.hostile  # issue 23's hostile-input suite: pytest -m hostile

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


# --- Tables: bounded inflation and rows (issue 23) ----------------------------------------


def write_parquet_bomb(path: Path, groups: int, megabytes: int) -> Path:
    """Row groups of one row each holding ``megabytes`` of one letter, zstd-compressed: each
    group is a few kilobytes on disk."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"outlet": ["Bomb"], "text": ["a" * (megabytes << 20)]})
    with pq.ParquetWriter(path, table.schema, compression="zstd", use_dictionary=False) as out:
        for _ in range(groups):
            out.write_table(table)
    return path


def test_a_parquet_bomb_is_refused_by_its_metadata_before_anything_is_decoded(tmp_path):
    bomb = write_parquet_bomb(tmp_path / "bomb.parquet", groups=10, megabytes=50)
    assert bomb.stat().st_size < 100_000
    result = limited("validate", "-q", str(bomb))
    assert result.returncode == 2, result.stderr
    assert "bomb.parquet: row group 2 of 10: by its metadata, inflates more than 100 times" in (
        result.stderr
    )
    assert "refused as a likely Parquet bomb" in result.stderr


def test_a_parquet_dictionary_bomb_is_refused_as_it_is_read(tmp_path):
    # one 10 MB value stored once and repeated in 200 rows: 1 KB on disk, 2 GB once decoded,
    # and the metadata says 10 MB, so only counting the rows as they are read can tell
    import pyarrow as pa
    import pyarrow.parquet as pq

    text = pa.DictionaryArray.from_arrays(pa.array([0] * 200, pa.int32()), ["a" * 10_000_000])
    table = pa.table({"outlet": ["Bomb"] * 200, "text": text})
    pq.write_table(table, tmp_path / "bomb.parquet", compression="zstd")
    assert (tmp_path / "bomb.parquet").stat().st_size < 5_000
    result = limited("validate", "-q", str(tmp_path / "bomb.parquet"))
    assert result.returncode == 2, result.stderr
    assert "bomb.parquet: inflates past 2,000 MB: too large" in result.stderr


def test_a_50_mb_csv_cell_is_rejected_within_the_memory_limit_and_the_rest_loads(tmp_path):
    path = tmp_path / "cell.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f'outlet,title,text\nA,T1,"{BODY}"\nBig,T2,"')
        for _ in range(50):
            handle.write("word " * 200_000)
        handle.write(f'"\nB,T3,"{BODY} More."\n')
    result = limited("validate", "-q", str(path))
    assert result.returncode == 1, result.stderr
    assert "2 articles from 2 outlets" in result.stdout
    assert "cell.csv:row 2: line 3: row too large (over 10,000,000 bytes)" in result.stdout


def test_a_gzipped_csv_row_inflating_to_60_mb_is_rejected(tmp_path):
    # 60 MB: under the point where the gzip ratio is checked, so only the row limit stops it
    path = tmp_path / "cell.csv.gz"
    text = f'outlet,text\nA,"{BODY}"\nBig,"' + "word " * 12_000_000 + f'"\nB,"{BODY} b"\n'
    path.write_bytes(gzip.compress(text.encode(), compresslevel=1))
    corpus = framing.load_corpus(path)
    assert list(corpus.articles.outlet) == ["A", "B"]
    row = corpus.rejected.iloc[0]
    assert (row.source, row.detail) == (
        "cell.csv.gz:row 2",
        "line 3: row too large (over 10,000,000 bytes)",
    )


def test_a_parquet_row_over_the_row_limit_is_rejected_unconverted(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = [BODY, "word " * 30_000, BODY + " b", BODY + " c"]
    table = pa.table({"outlet": ["A", "Big", "B", "C"], "text": texts})
    pq.write_table(table, tmp_path / "t.parquet", row_group_size=2)
    corpus = framing.load_corpus(
        tmp_path / "t.parquet", config=Config(ingest=IngestOptions(max_file_mb=0.1))
    )
    assert list(corpus.articles.outlet) == ["A", "B", "C"]
    assert list(corpus.articles.source_path) == [f"t.parquet:row {n}" for n in (1, 3, 4)]
    row = corpus.rejected.iloc[0]
    assert (row.source, row.detail) == ("t.parquet:row 2", "row too large (over 100,000 bytes)")


def test_parquet_columns_of_odd_types_never_end_the_run(tmp_path):
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "outlet": ["A", "B"],
            "text": pa.array([BODY.encode(), (BODY + " b").encode()], pa.binary()),
            "title": pa.array([1, 2], pa.int64()),
            "date": pa.array([10**15, 1_600_000_000], pa.timestamp("s")),
            "raw": pa.array([b"\xff\xfe", b"ok"], pa.binary()),
            "when": pa.array([dt.time(1, 2), None], pa.time64("us")),
            "authors": pa.array([["x", "y"], []], pa.list_(pa.string())),
        }
    )
    pq.write_table(table, tmp_path / "t.parquet")
    corpus = framing.load_corpus(tmp_path / "t.parquet")
    articles = corpus.articles
    assert list(articles.outlet) == ["A", "B"]
    assert articles.text.iloc[1] == BODY + " b"  # UTF-8 bytes read as text
    assert articles.title.isna().all()
    assert pd.isna(articles.date.iloc[0]) and str(articles.date.iloc[1].date()) == "2020-09-13"
    assert list(articles.raw) == [b"\xff\xfe", "ok"]
    assert "authors" not in articles.columns
    log = corpus.log
    assert list(log[log.reason == "bad_field"].detail) == [
        "title is a number (1), not text: left out",
        "title is a number (2), not text: left out",
    ]
    assert log[log.reason == "bad_date"].detail.iloc[0].startswith("unparseable date ")
    assert list(log[log.reason == "nested_columns"].detail) == [
        "nested columns left out (lists, structs and maps are not read): authors "
        "(list<element: string>)"
    ]


def test_a_gzipped_parquet_file_is_held_in_memory_only_up_to_its_bound(tmp_path, monkeypatch):
    """Parquet reads its footer first, so a ``.parquet.gz`` is inflated in memory: before, up to
    ``max_table_mb`` (2 GB, past the memory budget); now at most ``MAX_GZIPPED_PARQUET``."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    from framing.ingest import parquettable

    table = pa.table({"outlet": ["A", "B"], "text": [BODY, BODY + " More."]})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    path = tmp_path / "t.parquet.gz"
    path.write_bytes(gzip.compress(buffer.getvalue()))
    assert list(framing.load_corpus(path).articles["outlet"]) == ["A", "B"]
    monkeypatch.setattr(parquettable, "MAX_GZIPPED_PARQUET", 1_000)
    with pytest.raises(framing.InputError) as error:
        framing.load_corpus(path)
    assert str(error.value).endswith(
        "(t.parquet.gz: a gzipped Parquet file inflates past 0 MB, more than framing holds in "
        "memory; Parquet is compressed already: save it without gzip)"
    )
