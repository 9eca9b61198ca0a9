"""Bounded cost on hostile input: a 10 MB one-line file, and a gzip bomb.

1. A corpus whose one file is ~10 MB of words on one line with no full stop (just under the
   10 MB per-file limit), beside ten ordinary articles, against a baseline corpus holding the
   same words as ordinary articles (sentences of ~20 words, 200 files). ``framing analyze`` runs
   on each in its own process; the table gives wall time and peak resident memory (the
   process and its workers, from ``wait4``), and their ratios to the baseline.
2. A gzip bomb: a ``.jsonl.gz`` of ~1 MB that inflates to 1 GB (one JSON line of the same
   letter). ``framing validate`` must refuse it with a reason; time and peak memory are shown.

Usage: ``python benchmarks/bench_pathological.py [--mb 10]``. Writes only under a temporary
folder, removed at the end.
"""

from __future__ import annotations

import argparse
import gzip
import os
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


def run(args: list[str]) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS in MB (process and waited-for workers), exit code, last line."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "framing.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    last = output.strip().splitlines()[-1] if output.strip() else ""
    return elapsed, usage.ru_maxrss / 1024, process.returncode, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=9.9, help="size of the one-line file, MB")
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
        bomb = gzip_bomb(tmp_path / "bomb.jsonl.gz")
        seconds, peak, code, last = run(["validate", "-q", str(bomb)])
        print(f"\n### Gzip bomb: {bomb.stat().st_size / 1e6:.1f} MB inflating to 1 GB\n")
        print("| exit | seconds | peak MB | message |")
        print("|---:|---:|---:|---|")
        print(f"| {code} | {seconds:.1f} | {peak:,.0f} | {last} |")


if __name__ == "__main__":
    main()
