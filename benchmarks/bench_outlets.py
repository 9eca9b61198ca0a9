"""Cost of many outlets: one-article outlets against the same articles in 20 outlets.

A mis-mapped outlet column (``--columns outlet=title``) makes every article its own outlet; the
attack run of issue 23 found 3,000 such outlets took 2.1 GB and 1 min 45 s, and 10,000 did not
finish in 10 minutes at 5 GB. This builds, from the AllSides file, N short articles (their first
~290 characters: 10,000 hold about 2.9 MB of text), each its own outlet, and the same articles in
20 outlets; ``framing analyze`` runs on each in its own process (wall time, peak resident memory of
it and its workers, from ``wait4``), and scikit-learn's ``CountVectorizer(ngram_range=(1, 2))``
counts the same texts in another (the baseline: machines are noisy, ratios travel).

Usage: ``python benchmarks/bench_outlets.py [--outlets 3000 10000] [--data PATH]``. Writes only
under a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides-articles.jsonl.gz"
CHARACTERS = 290
"""Characters kept of each article (cut at a word): 10,000 articles hold about 2.9 MB."""
FEW_OUTLETS = 20

BASELINE = """
import json, sys
from sklearn.feature_extraction.text import CountVectorizer
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
CountVectorizer(ngram_range=(1, 2)).fit_transform(texts)
"""


def short_articles(data: Path, n: int) -> list[dict[str, str]]:
    """The first ``n`` articles of at least 400 characters, each cut to about ``CHARACTERS``."""
    rows = []
    with gzip.open(data, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = record.get("text") or ""
            if len(text) < 400:
                continue
            cut = text[:CHARACTERS].rsplit(" ", 1)[0] + "."
            rows.append({"id": record["id"], "title": record.get("title"), "text": cut})
            if len(rows) == n:
                break
    return rows


def write_table(path: Path, rows: list[dict[str, str]], outlets: int | None) -> Path:
    """The articles as a JSON-lines table, each its own outlet (``outlets`` None) or spread
    over ``outlets`` outlets."""
    with open(path, "w", encoding="utf-8") as handle:
        for k, row in enumerate(rows):
            outlet = f"Outlet {k if outlets is None else k % outlets:05d}"
            handle.write(json.dumps({**row, "outlet": outlet}) + "\n")
    return path


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB (the process and its waited-for workers), exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def many_outlets(n_outlets: int, data: Path, workdir: Path) -> dict[str, tuple[float, float, int]]:
    """``framing analyze`` on ``n_outlets`` one-article outlets and on the same articles in
    ``FEW_OUTLETS`` outlets, and the ``CountVectorizer`` baseline on their texts: each
    ``(seconds, peak MB, exit code)``, by name; printed as a table whose ratios are to the
    ``CountVectorizer`` baseline."""
    rows = short_articles(data, n_outlets)
    results = {}
    for name, outlets in (("one article each", None), (f"{FEW_OUTLETS} outlets", FEW_OUTLETS)):
        table = write_table(workdir / f"{n_outlets}-{outlets}.jsonl", rows, outlets)
        out = workdir / f"out-{n_outlets}-{outlets}"
        results[name] = measure(
            [sys.executable, "-m", "framing.cli", "analyze", "-q", str(table), "--out", str(out)]
        )
    results["CountVectorizer"] = measure([sys.executable, "-c", BASELINE, str(table)])
    megabytes = sum(len(row["text"].encode("utf-8")) for row in rows) / 1e6
    print(f"### {n_outlets:,} articles ({megabytes:.2f} MB of text)\n")
    print("| corpus | exit | seconds | peak MB | time × baseline | memory × baseline |")
    print("|---|---:|---:|---:|---:|---:|")
    seconds, peak, _ = results["CountVectorizer"]
    for name, (took, most, code) in results.items():
        print(
            f"| {name} | {code} | {took:.1f} | {most:,.0f} | {took / seconds:.1f} | "
            f"{most / peak:.1f} |"
        )
    print()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlets", type=int, nargs="+", default=[3000, 10_000])
    parser.add_argument("--data", type=Path, default=DATA, help="the AllSides JSON-lines file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.outlets:
            many_outlets(n, args.data, Path(tmp))


if __name__ == "__main__":
    main()
