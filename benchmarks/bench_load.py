"""Benchmark: load, clean and segment the whole AllSides corpus (issue #2's speed target).

Reports wall time and peak memory of ``framing.load_corpus`` beside a baseline measured in the
same process: just decompressing and parsing the JSON lines, the floor any loader pays. Ratios
against that baseline are what to compare across machines; absolute seconds vary with load.

Usage::

    python benchmarks/bench_load.py [PATH] [--jobs N] [--limit N]

PATH defaults to ``../shared/data/allsides-articles.jsonl.gz`` (relative to the repository).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "allsides-articles.jsonl.gz"


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def baseline(path: Path, limit: int | None) -> tuple[float, int]:
    start = time.perf_counter()
    rows = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            json.loads(line)
            rows += 1
            if limit and rows >= limit:
                break
    return time.perf_counter() - start, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: all cores)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()
    if not args.path.exists():
        sys.exit(f"Error: {args.path}: no such file (give the AllSides file's path)")

    from framing.config import PrepareOptions
    from framing.ingest import read_corpus
    from framing.prepare import prepare_articles

    source = args.path
    if args.limit:
        source = Path("/tmp") / f"allsides-first-{args.limit}.jsonl"
        with gzip.open(args.path, "rt") as handle, open(source, "w") as out:
            for number, line in enumerate(handle):
                if number >= args.limit:
                    break
                out.write(line)

    base_seconds, rows = baseline(args.path, args.limit)
    start = time.perf_counter()
    raw, _, _ = read_corpus(source)
    read_seconds = time.perf_counter() - start
    articles, sentences, _ = prepare_articles(raw, options=PrepareOptions(jobs=args.jobs))
    seconds = time.perf_counter() - start
    own, child = peak_mb()
    print("| measure | value |\n|---|---|")
    print(f"| articles in / loaded | {rows:,} / {len(articles):,} |")
    print(f"| outlets | {articles['outlet'].nunique():,} |")
    print(f"| sentences | {len(sentences):,} |")
    print(f"| words | {int(articles['n_words'].sum()):,} |")
    print(f"| baseline: gunzip + json.loads only | {base_seconds:.1f} s |")
    print(f"| ingest (read, validate) | {read_seconds:.1f} s |")
    jobs = args.jobs or "all"
    print(f"| prepare (clean, split, dedupe; jobs={jobs}) | {seconds - read_seconds:.1f} s |")
    print(f"| load + clean + segment, total | {seconds:.1f} s |")
    print(f"| ratio to baseline | {seconds / base_seconds:.1f}× |")
    print(f"| peak memory, main process | {own:,.0f} MB |")
    print(f"| peak memory, largest worker | {child:,.0f} MB |")


if __name__ == "__main__":
    main()
