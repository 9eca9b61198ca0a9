"""The labels-and-tone annotators (issue 17) and their comparisons on the AllSides file, beside
scikit-learn's plain ``CountVectorizer(ngram_range=(1, 2), min_df=5)`` measured in the same run.

The annotators they build on (quotation marks, attribution, mentions ...) run first, on two
processes; then each issue-17 annotator (``naming``, ``tone``, ``loaded`` when registered) runs
alone over the whole corpus in this process, and so does each of their comparisons. Times are
given in seconds and as a multiple of the baseline (machines are noisy; ratios travel).

Usage: ``python benchmarks/bench_labels.py [PATH]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

import framing
from framing.annotate import DEFAULT_ANNOTATORS, AnnotatorInput, DataFiles, annotate
from framing.annotate.run import plan
from framing.compare import COMPARISONS, CompareInput, CompareOptions
from framing.schema import body_rows

DEFAULT = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "allsides-articles.jsonl.gz"
)
LABELS = ("naming", "tone", "loaded")
"""The issue-17 annotators, and the comparisons of the same names."""


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    start = time.perf_counter()
    corpus = framing.load_corpus(path)
    print(f"loaded {len(corpus.articles):,} articles in {time.perf_counter() - start:.0f} s")
    from sklearn.feature_extraction.text import CountVectorizer

    start = time.perf_counter()
    CountVectorizer(ngram_range=(1, 2), min_df=5).fit_transform(corpus.articles["text"])
    baseline = time.perf_counter() - start
    print(f"baseline CountVectorizer: {baseline:.1f} s\n")
    targets = [a for a in DEFAULT_ANNOTATORS if a.name in LABELS]
    before = [a for a in DEFAULT_ANNOTATORS if a.name not in LABELS]
    start = time.perf_counter()
    prior = annotate(corpus.articles, corpus.sentences, before, jobs=2, progress=True)
    print(f"the annotators they build on, 2 processes: {time.perf_counter() - start:.0f} s\n")
    print("| step | seconds | × baseline | output |")
    print("|---|---:|---:|---|")
    sentences = body_rows(prior.sentences)
    articles = corpus.articles[["article_id", "outlet", "text", "title"]].assign(
        title=lambda t: t["title"].fillna("")
    )
    made_columns: dict[str, pd.DataFrame] = {}
    spans = dict(prior.spans)
    for annotator in plan(targets + before)[0]:
        if annotator not in targets:
            continue
        columns = [n for n in annotator.requires if n in sentences or n in made_columns]
        base = ["article_id", "outlet", "sentence_id", "paragraph_id", "start", "end", "text"]
        given = sentences[base + [c for c in columns if c in sentences]]
        start = time.perf_counter()
        result = annotator.function(
            AnnotatorInput(
                articles=articles,
                sentences=given,
                spans={n: spans[n] for n in annotator.requires if n in spans},
                options=annotator.resolve_options(),
                data=DataFiles(annotator.data_files),
            )
        )
        seconds = time.perf_counter() - start
        spans.update(result.spans)
        if result.columns is not None:
            sentences = pd.concat([sentences, result.columns], axis=1)
        made = ", ".join(
            [f"{len(t):,} {n} rows" for n, t in result.spans.items()]
            + [f"column {c}" for c in annotator.produces if c in sentences]
        )
        print(
            f"| annotator `{annotator.name}`, 1 process | {seconds:.1f} | "
            f"{seconds / baseline:.2f} | {made} |"
        )
    if "mention_tone" in spans:
        spans["mentions"] = spans["mentions"].assign(tone=spans["mention_tone"]["tone"].to_numpy())
    given = CompareInput(corpus.articles, sentences, spans, CompareOptions())
    for comparison in COMPARISONS:
        if comparison.name not in LABELS:
            continue
        start = time.perf_counter()
        output = comparison.run(given)
        seconds = time.perf_counter() - start
        made = ", ".join(f"{len(t):,} {n} rows" for n, t in output.tables.items())
        print(
            f"| comparison `{comparison.name}` | {seconds:.1f} | {seconds / baseline:.2f} | "
            f"{made} |"
        )


if __name__ == "__main__":
    main()
