"""Benchmark of the lexical comparison on the AllSides corpus: time, peak memory, output size.

Runs each phase in its own process so that each peak memory (ru_maxrss) is that phase's own:

1. ``framing``: ``count_terms`` (``framing.tokens`` terms, unigrams + bigrams, min_df=5), then
   ``keyness`` for every outlet against the rest, as a full table and as the top 50 each way.
2. ``sklearn``: plain ``CountVectorizer(ngram_range=(1, 2), min_df=5)`` on the same texts, the
   baseline for vectorization time.

Reads the gzipped JSONL directly (cleaning is not the point here) and prints a Markdown table.

    python benchmarks/bench_compare.py [--data PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "allsides-articles.jsonl.gz"


def _load(path: Path, limit: int | None):
    import pandas as pd

    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            rows.append(
                {
                    "article_id": record["id"],
                    "outlet": record["outlet"],
                    "bias": record.get("bias"),
                    "topic": record.get("topic"),
                    "text": record.get("text") or "",
                }
            )
            if limit and len(rows) >= limit:
                break
    return pd.DataFrame(rows)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _phase_framing(path: Path, limit: int | None) -> dict:
    from framing.compare import CompareOptions, count_terms, keyness

    start = time.perf_counter()
    articles = _load(path, limit)
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    counts = count_terms(articles, options=CompareOptions(min_df=5))
    vec_s = time.perf_counter() - start
    start = time.perf_counter()
    top = keyness(counts, "outlet", top=50)
    top_s = time.perf_counter() - start
    start = time.perf_counter()
    full = keyness(counts, "outlet")
    full_s = time.perf_counter() - start
    sig = full[full["significant"] & (full["z"] > 0)]
    return {
        "load_s": load_s,
        "articles": len(counts.articles),
        "outlets": len(counts.outlets),
        "terms": len(counts.vocabulary),
        "nnz": int(counts.article_counts.nnz),
        "vectorize_s": vec_s,
        "keyness_top50_s": top_s,
        "keyness_top50_rows": len(top),
        "keyness_full_s": full_s,
        "keyness_full_rows": len(full),
        "keyness_full_mb": full.memory_usage(deep=True).sum() / 1e6,
        "outlets_with_significant_terms": int(sig["group"].nunique()),
        "outlets_with_multi_article_terms": int(sig[~sig["single_article"]]["group"].nunique()),
        "small_sample_outlets": int(counts.outlet_sizes()["small_sample"].sum()),
        "peak_mb": _peak_mb(),
    }


def _phase_sklearn(path: Path, limit: int | None) -> dict:
    from sklearn.feature_extraction.text import CountVectorizer

    articles = _load(path, limit)
    start = time.perf_counter()
    matrix = CountVectorizer(ngram_range=(1, 2), min_df=5).fit_transform(articles["text"])
    return {
        "vectorize_s": time.perf_counter() - start,
        "terms": matrix.shape[1],
        "nnz": int(matrix.nnz),
        "peak_mb": _peak_mb(),
    }


def _run_child(phase: str, path: Path, limit: int | None) -> dict:
    cmd = [sys.executable, __file__, "--phase", phase, "--data", str(path)]
    if limit:
        cmd += ["--limit", str(limit)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--phase", choices=["framing", "sklearn"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        sys.path.insert(0, str(ROOT))
        result = (_phase_framing if args.phase == "framing" else _phase_sklearn)(
            args.data, args.limit
        )
        print(json.dumps(result))
        return
    ours = _run_child("framing", args.data, args.limit)
    base = _run_child("sklearn", args.data, args.limit)
    print(
        f"Corpus: {args.data.name}, {ours['articles']:,} articles, {ours['outlets']} outlets "
        f"(loading {ours['load_s']:.1f} s, not counted)\n"
    )
    print("| step | time (s) | terms | non-zeros | rows out | peak RSS of process (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| sklearn CountVectorizer(ngram_range=(1, 2), min_df=5) | {base['vectorize_s']:.1f} "
        f"| {base['terms']:,} | {base['nnz']:,} | | {base['peak_mb']:,.0f} |"
    )
    print(
        f"| framing count_terms (framing.tokens terms, 1-2 grams, min_df=5) "
        f"| {ours['vectorize_s']:.1f} | {ours['terms']:,} | {ours['nnz']:,} | | |"
    )
    print(
        f"| keyness, {ours['outlets']} outlets each vs rest, top 50 each way "
        f"| {ours['keyness_top50_s']:.1f} | | | {ours['keyness_top50_rows']:,} | |"
    )
    print(
        f"| keyness, {ours['outlets']} outlets each vs rest, full table "
        f"({ours['keyness_full_mb']:,.0f} MB) | {ours['keyness_full_s']:.1f} | | "
        f"| {ours['keyness_full_rows']:,} | {ours['peak_mb']:,.0f} |"
    )
    print(
        f"\nOutlets with at least one significant distinctive term: "
        f"{ours['outlets_with_significant_terms']} of {ours['outlets']} "
        f"({ours['outlets_with_multi_article_terms']} with one used by 2+ of their articles); "
        f"outlets flagged small_sample: {ours['small_sample_outlets']}."
    )


if __name__ == "__main__":
    main()
