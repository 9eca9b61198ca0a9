"""Benchmark: ``framing analyze`` end to end, cold and re-run, on AllSides.

One run prints, for the corpus given (default: the whole AllSides file):

1. **cold**: every stage's seconds on the corpus without one outlet of about 100 articles, with
   an empty cache; beside it the baseline, scikit-learn's plain ``CountVectorizer(ngram_range=(1,
   2), min_df=5)`` over the same cleaned texts measured in the same process (the least any
   lexical comparison of this corpus costs), and the ratio;
2. **one outlet added**: the whole corpus, with the cache the cold run left, and its ratio to cold;
3. **a lexicon edit**: the same again after one row is added to ``lexicons/loaded_words.csv``
   (only the ``loaded`` annotator runs again);
4. **nothing changed**: the same again;
5. **growth**: cold runs on the first 1,000 and 5,000 articles (``--sizes``), beside the full one;

each run in a process of its own (as a user's re-run is), the first four writing their report
into one folder (as a user re-running into one folder does), with the peak memory of its whole
process tree (``benchmarks/peak_memory.py``). Ratios are what to compare across machines.

Usage::

    python benchmarks/bench_analyze.py [PATH] [--limit N] [--sizes 1000,5000] [--jobs N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "allsides-articles.jsonl.gz"
ADDED_OUTLET_SIZE = 100
"""The outlet held out of the cold run and added for the re-run: the one closest to this size."""


def read_rows(path: Path, limit: int | None = None) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def write_corpus(folder: Path, rows: list[dict]) -> Path:
    """A corpus folder holding one top-level table (so that it can have a lexicons/ folder)."""
    folder.mkdir(parents=True)
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in rows)
    return folder


def held_out_outlet(rows: list[dict]) -> str:
    sizes = Counter(r["outlet"] for r in rows)
    return min(sizes, key=lambda o: (abs(sizes[o] - ADDED_OUTLET_SIZE), o))


def run_child(
    corpus: Path, cache: Path, work: Path, name: str, jobs: int | None, out: str = ""
) -> dict:
    """One ``framing analyze`` in its own process tree, timed by stage, with its peak memory;
    its report written to ``work/<out>`` (by default a folder of its own)."""
    report, memory = work / f"{name}.json", work / f"{name}.memory"
    command = [sys.executable, __file__, "--child", str(corpus), "--cache", str(cache)]
    command += ["--report", str(report), "--out", str(work / (out or f"{name}-report"))]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    monitor = [sys.executable, str(ROOT / "benchmarks" / "peak_memory.py"), str(memory)]
    subprocess.run(monitor + command, check=True)
    tree_kb, _, code = memory.read_text().split()
    if code != "0":
        raise SystemExit(f"{name}: framing analyze failed (exit status {code})")
    result = json.loads(report.read_text())
    result["peak_mb"] = int(tree_kb) / 1024
    return result


def child(args: argparse.Namespace) -> None:
    """Time each stage of one analysis, then the baseline, in this process."""
    wall = time.perf_counter()
    import framing
    from framing.api import annotate_corpus, assemble, compare_corpus
    from framing.cache import open_cache
    from framing.config import RunOptions, load_config

    config = replace(
        load_config(args.child), run=RunOptions(jobs=args.jobs or 0, cache=str(args.cache))
    )
    timings: dict[str, float] = {"import": time.perf_counter() - wall}
    with open_cache(args.cache, max_mb=config.run.cache_mb, corpus=args.child) as cache:
        mark = time.perf_counter()
        corpus = framing.load_corpus(args.child, config=config, cache=cache)
        timings["ingest + prepare"] = time.perf_counter() - mark
        mark = time.perf_counter()
        annotated = annotate_corpus(corpus, config, cache=cache)
        timings["annotate"] = time.perf_counter() - mark
        mark = time.perf_counter()
        compared = compare_corpus(corpus, annotated, config, cache=cache)
        timings["compare"] = time.perf_counter() - mark
    mark = time.perf_counter()
    result = assemble(corpus, annotated, compared, config, "bench_analyze.py")
    result.extras["cache"] = cache.stats
    result.write(args.out)
    timings["render (figures, report, tables)"] = time.perf_counter() - mark
    total = time.perf_counter() - wall

    from sklearn.feature_extraction.text import CountVectorizer

    mark = time.perf_counter()
    CountVectorizer(ngram_range=(1, 2), min_df=5).fit_transform(corpus.articles["text"].tolist())
    baseline = time.perf_counter() - mark
    stats = cache.stats
    args.report.write_text(
        json.dumps(
            {
                "articles": len(corpus.articles),
                "outlets": int(corpus.articles["outlet"].nunique()),
                "words": int(corpus.articles["n_words"].sum()),
                "timings": timings,
                "total": total,
                "baseline": baseline,
                "computed": {s: stats.misses[s] for s in stats.keys},
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="the first N articles only")
    parser.add_argument("--sizes", default="1000,5000", help="growth: cold runs on these sizes")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all)")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    if not args.path.exists():
        sys.exit(f"Error: {args.path}: no such file (give the AllSides file's path)")
    rows = read_rows(args.path, args.limit)
    work = Path(tempfile.mkdtemp(prefix="bench-analyze-"))
    added = held_out_outlet(rows)
    full = write_corpus(work / "full", rows)
    without = write_corpus(work / "without", [r for r in rows if r["outlet"] != added])
    cache = work / "cache"
    # the re-runs write over the report before, as a user re-running into one folder does
    runs = {"cold": run_child(without, cache, work, "cold", args.jobs, "report")}
    runs["one outlet added"] = run_child(full, cache, work, "added", args.jobs, "report")
    (full / "lexicons").mkdir()
    from framing.lexicons import read_text

    (full / "lexicons" / "loaded_words.csv").write_text(
        read_text("loaded_words.csv").rstrip("\n") + "\nzzyzzx,derogatory,1.0,hand\n",
        encoding="utf-8",
    )
    runs["a lexicon edit"] = run_child(full, cache, work, "lexicon", args.jobs, "report")
    runs["nothing changed"] = run_child(full, cache, work, "again", args.jobs, "report")
    cache_mb = sum(f.stat().st_size for f in cache.iterdir()) / 1e6
    growth = {}
    for size in (int(s) for s in args.sizes.split(",") if s):
        if size < len(rows):
            corpus = write_corpus(work / f"first-{size}", rows[:size])
            growth[size] = run_child(corpus, work / f"cache-{size}", work, f"n{size}", args.jobs)
    print_tables(runs, growth, added, cache_mb)


def print_tables(runs: dict[str, dict], growth: dict[int, dict], added: str, cache_mb: float):
    cold = runs["cold"]
    print(
        f"Cold: {cold['articles']:,} articles, {cold['outlets']} outlets, {cold['words']:,} words; "
        f"then {added!r} ({runs['one outlet added']['articles'] - cold['articles']} articles) "
        f"added. Cache after the runs: {cache_mb:,.0f} MB.\n"
    )
    stages = list(cold["timings"])
    print("| stage | " + " | ".join(runs) + " |")
    print("|---|" + "---:|" * len(runs))
    for stage in stages:
        print(
            f"| {stage} | " + " | ".join(f"{r['timings'][stage]:.1f}" for r in runs.values()) + " |"
        )
    print("| **total** | " + " | ".join(f"**{r['total']:.1f}**" for r in runs.values()) + " |")
    print(
        "| ratio to cold | "
        + " | ".join(f"{r['total'] / cold['total']:.1%}" for r in runs.values())
        + " |"
    )
    print(
        "| baseline (CountVectorizer) | "
        + " | ".join(f"{r['baseline']:.1f}" for r in runs.values())
        + " |"
    )
    print(
        "| ratio to the baseline | "
        + " | ".join(f"{r['total'] / r['baseline']:.1f}×" for r in runs.values())
        + " |"
    )
    print("| peak memory, MB | " + " | ".join(f"{r['peak_mb']:,.0f}" for r in runs.values()) + " |")
    print(
        "| articles computed (prepare / annotators) | "
        + " | ".join(_computed(r["computed"]) for r in runs.values())
        + " |"
    )
    print(
        "| comparisons computed (of those kept whole) | "
        + " | ".join(_comparisons(r["computed"]) for r in runs.values())
        + " |"
    )
    if growth:
        print("\n| articles | seconds | per 1,000 articles | ratio to the baseline | peak MB |")
        print("|---:|---:|---:|---:|---:|")
        for r in [*growth.values(), cold]:
            per_1000 = r["total"] / r["articles"] * 1000
            print(
                f"| {r['articles']:,} | {r['total']:.1f} | {per_1000:.1f} | "
                f"{r['total'] / r['baseline']:.1f}× | {r['peak_mb']:,.0f} |"
            )


COMPARISON = " (comparison)"


def _computed(computed: dict[str, int]) -> str:
    annotators = {n for s, n in computed.items() if s != "prepare" and not s.endswith(COMPARISON)}
    return f"{computed.get('prepare', 0):,} / " + ", ".join(f"{n:,}" for n in sorted(annotators))


def _comparisons(computed: dict[str, int]) -> str:
    kept = [s for s in computed if s.endswith(COMPARISON)]
    done = [s.removesuffix(COMPARISON) for s in kept if computed[s]]
    return f"{len(done)} of {len(kept)}" + (f" ({', '.join(done)})" if 0 < len(done) < 3 else "")


if __name__ == "__main__":
    main()
