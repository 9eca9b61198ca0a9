"""Benchmark: ``framing analyze`` end to end (load → annotate → compare → render) on AllSides.

Times each stage and reports peak memory, beside a baseline measured in the same process:
scikit-learn's plain ``CountVectorizer(ngram_range=(1, 2), min_df=5)`` over the same texts (the
least any lexical comparison of this corpus costs). Ratios are what to compare across machines.

Usage::

    python benchmarks/bench_analyze.py [PATH] [--limit N] [--outlets N] [--out DIR]

``--limit``/``--outlets`` analyse a slice: the first N articles of the largest K outlets.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "allsides-articles.jsonl.gz"


def slice_file(path: Path, limit: int | None, outlets: int | None) -> Path:
    """Write the slice to a temporary JSONL file (the input file is never modified)."""
    if not limit and not outlets:
        return path
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    if outlets:
        sizes: dict[str, int] = {}
        for row in rows:
            sizes[row["outlet"]] = sizes.get(row["outlet"], 0) + 1
        keep = set(sorted(sizes, key=lambda o: (-sizes[o], o))[:outlets])
        rows = [r for r in rows if r["outlet"] in keep]
    if limit:
        per_outlet = max(1, limit // len({r["outlet"] for r in rows}))
        taken: dict[str, int] = {}
        chosen = []
        for row in rows:
            if taken.get(row["outlet"], 0) < per_outlet:
                taken[row["outlet"]] = taken.get(row["outlet"], 0) + 1
                chosen.append(row)
        rows = chosen
    out = Path(tempfile.mkdtemp()) / f"allsides-{len(rows)}.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="about N articles in all")
    parser.add_argument("--outlets", type=int, default=None, help="only the K largest outlets")
    parser.add_argument("--out", type=Path, default=None, help="keep the report here")
    args = parser.parse_args()
    if not args.path.exists():
        sys.exit(f"Error: {args.path}: no such file (give the AllSides file's path)")

    import framing
    from framing.api import annotate_corpus, assemble, compare_corpus

    source = slice_file(args.path, args.limit, args.outlets)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    corpus = framing.load_corpus(source, progress=True)
    timings["ingest + prepare"] = time.perf_counter() - start
    mark = time.perf_counter()
    annotated = annotate_corpus(corpus, corpus.config, progress=True)
    timings["annotate"] = time.perf_counter() - mark
    mark = time.perf_counter()
    compared = compare_corpus(corpus, annotated, corpus.config, progress=True)
    timings["compare"] = time.perf_counter() - mark
    mark = time.perf_counter()
    result = assemble(corpus, annotated, compared, corpus.config, "bench_analyze.py")
    out = args.out or Path(tempfile.mkdtemp()) / "report"
    result.write(out)
    timings["render (figures, report, tables)"] = time.perf_counter() - mark
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    from sklearn.feature_extraction.text import CountVectorizer

    texts = corpus.articles["text"].tolist()
    mark = time.perf_counter()
    CountVectorizer(ngram_range=(1, 2), min_df=5).fit_transform(texts)
    baseline = time.perf_counter() - mark

    print(
        f"Corpus: {len(corpus.articles):,} articles, {corpus.articles['outlet'].nunique()} "
        f"outlets, {int(corpus.articles['n_words'].sum()):,} words; report in {out}\n"
    )
    print("| stage | seconds |\n|---|---:|")
    for stage, seconds in timings.items():
        print(f"| {stage} | {seconds:.1f} |")
    print(f"| **framing analyze, total** | **{total:.1f}** |")
    print(f"| baseline: CountVectorizer(ngram_range=(1, 2), min_df=5) | {baseline:.1f} |")
    print(f"| ratio total / baseline | {total / baseline:.1f}× |")
    print(f"| peak memory (main process) | {peak:,.0f} MB |")


if __name__ == "__main__":
    main()
