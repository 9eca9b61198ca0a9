"""Quality check of keyness on real news: left- vs right-leaning outlets on one AllSides topic.

Loads (and cleans) only the articles of ``--topic`` from the AllSides file, groups them by the
file's ``bias`` column, and prints the top terms each way with counts, articles and z — the
lists a reader of US news should recognise (issue #3's check).

Usage::

    python benchmarks/check_keyness.py [PATH] [--topic immigration] [--n 15]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "allsides-articles.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--topic", default="immigration")
    parser.add_argument("--n", type=int, default=15)
    args = parser.parse_args()
    if not args.path.exists():
        sys.exit(f"Error: {args.path}: no such file")

    import framing
    from framing.compare import count_terms, keyness

    with gzip.open(args.path, "rt", encoding="utf-8") as handle:
        rows = [r for r in map(json.loads, handle) if r.get("topic") == args.topic]
    subset = Path(tempfile.mkdtemp()) / f"{args.topic}.jsonl"
    subset.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = framing.load_corpus(subset)
    articles = corpus.articles[corpus.articles["bias"].isin(["left", "right"])]
    counts = count_terms(articles)
    table = keyness(counts, "bias", pair=("left", "right"))
    print(
        f"Topic {args.topic!r}: {len(articles):,} articles "
        f"({(articles.bias == 'left').sum():,} left, {(articles.bias == 'right').sum():,} right), "
        f"{table.attrs.get('n_tested', 0):,} terms tested, |z| threshold "
        f"{table.attrs.get('z_threshold', float('nan')):.2f}\n"
    )
    for group in ("left", "right"):
        top = table[table["group"] == group].nlargest(args.n, "z")
        print(f"More typical of {group}-leaning outlets:")
        print("| term | count | articles | per 1,000 | per 1,000 other side | z |")
        print("|---|---:|---:|---:|---:|---:|")
        for row in top.itertuples():
            print(
                f"| {row.term} | {row.count_group} | {row.articles_group} | {row.rate_group:.2f} "
                f"| {row.rate_rest:.2f} | {row.z:.1f} |"
            )
        print()


if __name__ == "__main__":
    main()
