"""Bounded cost on hostile input: one huge line, one huge word, compression bombs, a huge CSV
cell, thousands of one-article outlets.

Each case runs ``framing`` in its own process; the tables give wall time and peak memory of the
whole run, the process and its workers together (``peak_memory.py``). Issue 23's aim for every
hostile case: at most 1.5 GB and 1 minute, or refused with a reason within those bounds.

1. A corpus whose one file is ~10 MB of words on one line with no full stop (just under the
   10 MB per-file limit), beside ten ordinary articles, against a baseline corpus holding the
   same words as ordinary articles (sentences of ~20 words, 200 files): ``framing analyze`` on
   each, and the ratios to the baseline.
2. A gzip bomb: a ``.jsonl.gz`` of ~1 MB that inflates to 1 GB (``framing validate``).
3. One 9 MB word (random letters) in an article beside ordinary ones (``framing analyze``).
4. A Parquet bomb: a zstd-compressed ``.parquet`` of a few hundred KB whose text column
   inflates to 2 GB (``framing validate``).
5. A CSV whose one cell holds 50 MB of text (``framing validate``).
6. 10,000 outlets of one article each, what a mis-mapped outlet column gives
   (``framing analyze``); built from the AllSides file when it is there (``--allsides``).

Usage: ``python benchmarks/bench_pathological.py [--mb 9.9] [--allsides PATH]``. Writes only
under a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (  # noqa: SIM905 - a word list reads better as one string
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there one all we their has been would more if no "
    "when will out so up said what its about into than them can only other new some could time "
    "these two may then do first any my now such like our over even most made after also did "
    "many before must through back years where much your way well down should because each just "
    "those people how too little state good very make world still own see men work long get "
    "here between both life being under never day same another know while last might great old "
    "year off come since against go came right used take three officials ministry talks border"
).split()
ORDINARY = (
    "Officials in the capital said on Monday that the talks would resume next week. Both sides "
    "accused each other of shelling villages along the front line, and the ministry said it had "
    "evidence of the attacks. "
)


def words(megabytes: float, seed: int) -> list[str]:
    rng = random.Random(seed)
    out, size = [], 0
    while size < megabytes * 1_000_000:
        word = rng.choice(WORDS) + ("," if rng.random() < 0.03 else "")
        out.append(word)
        size += len(word) + 1
    return out


def write_ordinary(root: Path) -> None:
    for i in range(5):
        for outlet, repeat in (("a", 10), ("b", 20)):
            folder = root / outlet
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"ok{i}.txt").write_text(f"Title {i}\n{ORDINARY * repeat}Item {i}.\n")


def pathological(root: Path, megabytes: float) -> Path:
    write_ordinary(root)
    line = " ".join(words(megabytes, seed=0))
    (root / "a" / "huge.txt").write_text(f"A title\n{line}\n", encoding="utf-8")
    return root


def baseline(root: Path, megabytes: float) -> Path:
    write_ordinary(root)
    all_words = words(megabytes, seed=0)
    per_file = len(all_words) // 200 + 1
    for n in range(200):
        chunk = all_words[n * per_file : (n + 1) * per_file]
        sentences = [
            " ".join(chunk[i : i + 20]).capitalize() + "." for i in range(0, len(chunk), 20)
        ]
        paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
        (root / "a" / f"part{n:03d}.txt").write_text(f"Part {n}\n" + "\n\n".join(paragraphs))
    return root


def gzip_bomb(path: Path, gigabytes: float = 1.0) -> Path:
    block = b"a" * (1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(b'{"outlet": "Bomb", "text": "')
        for _ in range(int(gigabytes * 1024)):
            handle.write(block)
        handle.write(b'"}\n')
    return path


PEAK_MEMORY = Path(__file__).with_name("peak_memory.py")


def run(args: list[str]) -> tuple[float, float, int, str]:
    """Wall seconds, peak memory in MB of the whole run (the process and its workers:
    ``peak_memory.py``), exit code, last line of output."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(PEAK_MEMORY), report.name, sys.executable, "-m", "framing.cli"]
            + args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        elapsed = time.perf_counter() - start
        tree_kb, _, code = (int(v) for v in report.read().split())
    output = done.stdout.decode("utf-8", "replace").strip()
    last = output.splitlines()[-1] if output else ""
    return elapsed, tree_kb / 1024, code, last


AIM_SECONDS = 60.0
AIM_MB = 1500.0
ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides-articles.jsonl.gz"


def one_huge_word(root: Path, megabytes: float) -> Path:
    write_ordinary(root)
    rng = random.Random(1)
    word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(int(megabytes * 1e6)))
    (root / "a" / "word.txt").write_text(f"A title\n{ORDINARY}{word} {ORDINARY}\n")
    return root


def parquet_bomb(path: Path, gigabytes: float = 2.0) -> Path:
    """Rows of one repeated letter, zstd-compressed: megabytes per row cost bytes on disk."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("outlet", pa.string()), ("text", pa.string())])
    row = "a" * (1 << 20)
    per_group = 64
    with pq.ParquetWriter(path, schema, compression="zstd", use_dictionary=False) as writer:
        for _ in range(int(gigabytes * 1024 / per_group)):
            writer.write_table(
                pa.table({"outlet": ["Bomb"] * per_group, "text": [row] * per_group})
            )
    return path


def huge_csv_cell(path: Path, megabytes: float = 50.0) -> Path:
    text = " ".join(words(megabytes, seed=2))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["outlet", "title", "text"])
        writer.writerow(["Big", "A huge cell", text])
        for i in range(5):
            writer.writerow([f"O{i % 2}", f"Ordinary {i}", ORDINARY * 3])
    return path


def many_outlets(path: Path, outlets: int, allsides: Path) -> Path:
    """One short article (~290 characters) per outlet: the start of an AllSides article when
    the file is there, else ordinary sentences."""
    rows = []
    if allsides.is_file():
        with gzip.open(allsides, "rt", encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line).get("text") or ""
                if len(text) >= 290:
                    rows.append(text[:290].rsplit(" ", 1)[0] + ".")
                if len(rows) == outlets:
                    break
    while len(rows) < outlets:
        rows.append(" ".join(words(0.00029, seed=len(rows))).capitalize() + ".")
    with path.open("w", encoding="utf-8") as handle:
        for n, text in enumerate(rows):
            handle.write(json.dumps({"outlet": f"Outlet {n:05d}", "text": text}) + "\n")
    return path


def verdict(seconds: float, peak: float, code: int) -> str:
    within = seconds <= AIM_SECONDS and peak <= AIM_MB
    return ("within" if within else "OVER") + (" (refused)" if code == 2 else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=9.9, help="size of the one-line file, MB")
    parser.add_argument("--allsides", type=Path, default=ALLSIDES, help="AllSides JSONL file")
    parser.add_argument("--outlets", type=int, default=10_000, help="one-article outlets")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        base = run(
            [
                "analyze",
                "-q",
                str(baseline(tmp_path / "base", args.mb)),
                "--out",
                str(tmp_path / "out-base"),
            ]
        )
        bad = run(
            [
                "analyze",
                "-q",
                str(pathological(tmp_path / "bad", args.mb)),
                "--out",
                str(tmp_path / "out-bad"),
            ]
        )
        print(
            f"### One {args.mb:g} MB line without a full stop, against the same words as "
            "ordinary articles\n"
        )
        print("| corpus | exit | seconds | peak MB | time × baseline | memory × baseline |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, (seconds, peak, code, _) in (("baseline", base), ("pathological", bad)):
            print(
                f"| {name} | {code} | {seconds:.1f} | {peak:,.0f} | {seconds / base[0]:.2f} | "
                f"{peak / base[1]:.2f} |"
            )
        gz = gzip_bomb(tmp_path / "b.jsonl.gz")
        table = many_outlets(tmp_path / "o.jsonl", args.outlets, args.allsides)
        cases = {
            "gzip bomb (1 GB inflated)": ["validate", "-q", str(gz)],
            "one 9 MB word": [
                "analyze", "-q", str(one_huge_word(tmp_path / "word", 9.0)),
                "--out", str(tmp_path / "out-word"),
            ],
            "Parquet bomb (2 GB inflated)": [
                "validate", "-q", str(parquet_bomb(tmp_path / "bomb.parquet")),
            ],
            "50 MB CSV cell": ["validate", "-q", str(huge_csv_cell(tmp_path / "cell.csv"))],
            f"{args.outlets:,} one-article outlets": [
                "analyze", "-q", str(table), "--out", str(tmp_path / "out-outlets"),
            ],
        }  # fmt: skip
        print(f"\n### Hostile cases (aim: at most {AIM_MB:,.0f} MB and {AIM_SECONDS:.0f} s)\n")
        print("| case | input size | exit | seconds | peak MB | aim | last line |")
        print("|---|---:|---:|---:|---:|---|---|")
        for name, command in cases.items():
            size = _size(Path(command[2]))
            seconds, peak, code, last = run(command)
            print(
                f"| {name} | {size / 1e6:,.2f} MB | {code} | {seconds:.1f} | {peak:,.0f} | "
                f"{verdict(seconds, peak, code)} | {last[:160]} |"
            )


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


if __name__ == "__main__":
    main()
