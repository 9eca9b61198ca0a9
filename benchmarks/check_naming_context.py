"""Quality check of label discovery on real news: terms used alike by different outlets.

Loads the AllSides articles whose text matches ``--match`` (a regular expression; or a random
``--sample`` of articles), runs ``naming_candidates`` with the packaged naming list (or none,
``--unlisted``, to see whether it finds the listed labels by itself), and prints the context
pairs with the time taken and an example sentence for each term.

Usage::

    python benchmarks/check_naming_context.py [PATH] [--match immigra] [--sample N] [--n 30]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "allsides-articles.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--match", default=None, help="regular expression on the text")
    parser.add_argument("--sample", type=int, default=None, help="random articles instead")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--unlisted", action="store_true", help="ignore the packaged list")
    args = parser.parse_args()
    if not args.path.exists():
        sys.exit(f"Error: {args.path}: no such file")

    import pandas as pd

    import framing
    from framing.compare.naming import naming_candidates

    with gzip.open(args.path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    if args.match:
        rows = [r for r in rows if re.search(args.match, r["text"], re.IGNORECASE)]
    if args.sample:
        rows = random.Random(0).sample(rows, min(args.sample, len(rows)))
    subset = Path(tempfile.mkdtemp()) / "subset.jsonl"
    subset.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = framing.load_corpus(subset)
    listed = set()
    if not args.unlisted:
        packaged = pd.read_csv(ROOT / "framing" / "data" / "naming.csv", comment="#")
        listed = set(packaged["variant"].str.lower())
    start = time.perf_counter()
    found = naming_candidates(corpus.sentences, corpus.articles, listed)
    seconds = time.perf_counter() - start
    labels = found[found["method"] == "context"]
    print(
        f"{len(corpus.articles):,} articles, {len(corpus.sentences):,} sentences: "
        f"{(found['method'] == 'spelling').sum()} spelling pairs, {len(labels)} context pairs "
        f"in {seconds:.0f} s\n"
    )
    text = corpus.sentences.set_index(["article_id", "sentence_id"])["text"]
    for rank, row in enumerate(labels.head(args.n).itertuples(), 1):
        print(
            f"{rank}. {row.variant_a} / {row.variant_b}: similarity {row.similarity:.2f}, "
            f"split {row.outlet_split:.2f}, uses {row.count_a} / {row.count_b}"
        )
        for side in ("a", "b"):
            sentence = text[
                (
                    getattr(row, f"example_{side}_article_id"),
                    getattr(row, f"example_{side}_sentence_id"),
                )
            ]
            print(f"   {side}: {getattr(row, f'prefer_{side}')[:110]}")
            print(f"      “{sentence[:160]}”")


if __name__ == "__main__":
    main()
