"""The annotate stage alone on the AllSides file: the old annotate (``length`` only, one
process) against every registered annotator in one process and in two, in one run.

Usage: ``python benchmarks/bench_annotate.py [PATH]``.
"""

import sys
import time
from pathlib import Path

import framing
from framing.annotate import DEFAULT_ANNOTATORS, LENGTH, annotate

DEFAULT = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "allsides-articles.jsonl.gz"
)


def main() -> None:
    corpus = framing.load_corpus(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
    print("| annotators | processes | seconds | quotations |\n|---|---:|---:|---:|")
    for label, annotators, jobs in (
        ("length only", (LENGTH,), 1),
        ("every registered one", DEFAULT_ANNOTATORS, 1),
        ("every registered one", DEFAULT_ANNOTATORS, 2),
    ):
        start = time.perf_counter()
        annotated = annotate(corpus.articles, corpus.sentences, annotators, jobs=jobs)
        seconds = time.perf_counter() - start
        quotes = len(annotated.spans.get("quotes", []))
        print(f"| {label} | {jobs} | {seconds:.1f} | {quotes:,} |")


if __name__ == "__main__":
    main()
