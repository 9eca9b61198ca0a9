"""The annotate stage alone on the AllSides file, beside scikit-learn's plain
``CountVectorizer(ngram_range=(1, 2), min_df=5)`` measured in the same run.

Rows: the annotators before the voices capability (``length``, ``quote_marks``, ``in_quote``)
and every registered one (adding ``attribution``, ``mentions``, ``own_voice``), each in one
process and in two. The voices annotators' cost is the difference, given in seconds and as a
multiple of the baseline (machines are noisy; ratios travel).

Usage: ``python benchmarks/bench_annotate.py [PATH]``.
"""

import sys
import time
from pathlib import Path

import framing
from framing.annotate import DEFAULT_ANNOTATORS, IN_QUOTE, LENGTH, QUOTE_MARKS, annotate

DEFAULT = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "allsides-articles.jsonl.gz"
)
BEFORE = (LENGTH, QUOTE_MARKS, IN_QUOTE)


def main() -> None:
    corpus = framing.load_corpus(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
    from sklearn.feature_extraction.text import CountVectorizer

    start = time.perf_counter()
    CountVectorizer(ngram_range=(1, 2), min_df=5).fit_transform(corpus.articles["text"])
    baseline = time.perf_counter() - start
    print(f"{len(corpus.articles):,} articles; baseline CountVectorizer: {baseline:.1f} s\n")
    print("| annotators | processes | seconds | × baseline | quotations | speakers named |")
    print("|---|---:|---:|---:|---:|---:|")
    seconds = {}
    for label, annotators, jobs in (
        ("before voices: length, quote_marks, in_quote", BEFORE, 1),
        ("every registered one (with the voices annotators)", DEFAULT_ANNOTATORS, 1),
        ("before voices: length, quote_marks, in_quote", BEFORE, 2),
        ("every registered one (with the voices annotators)", DEFAULT_ANNOTATORS, 2),
    ):
        start = time.perf_counter()
        annotated = annotate(corpus.articles, corpus.sentences, annotators, jobs=jobs)
        seconds[(label, jobs)] = time.perf_counter() - start
        quotes = annotated.spans.get("quotes", annotated.spans.get("quote_marks"))
        named = int((quotes["speaker"] != "").sum()) if "speaker" in quotes else 0
        print(
            f"| {label} | {jobs} | {seconds[(label, jobs)]:.1f} | "
            f"{seconds[(label, jobs)] / baseline:.2f} | {len(quotes):,} | {named:,} |"
        )
    for jobs in (1, 2):
        added = (
            seconds[("every registered one (with the voices annotators)", jobs)]
            - seconds[("before voices: length, quote_marks, in_quote", jobs)]
        )
        print(
            f"\nvoices annotators on {jobs} process(es): {added:.1f} s "
            f"({added / baseline:.2f} × baseline)"
        )


if __name__ == "__main__":
    main()
