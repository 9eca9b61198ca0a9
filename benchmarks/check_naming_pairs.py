"""Check: naming candidates' spelling pairs by RapidFuzz equal those of NLTK's edit distance.

``framing.compare.naming._pairs`` compares every two names with the same first letter by
RapidFuzz's Damerau-Levenshtein distance (``cdist``). Before, it compared only the names sharing
a form with up to two letters deleted (a blocking index) by NLTK's
``edit_distance(transpositions=True)``, one Python call per pair. This script runs both on the
capitalised names of the AllSides file (each article one row of text, names counted as
``naming._names`` counts them), for the ``MAX_NAMES`` most frequent and for larger lists, and
checks that the pairs, their distances and their order are identical, before and after rule 3;
it prints the CPU seconds of finding the pairs within two edits (rule 2) each way.

Usage::

    python benchmarks/check_naming_pairs.py [PATH] [--sizes 5000,20000,0]

(0: every name.) Exits with status 1 if any list gives different pairs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pandas as pd
from nltk.metrics.distance import edit_distance

from framing.compare import naming

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "allsides-articles.jsonl.gz"


def nltk_close_pairs(names: dict) -> list[tuple[str, str, int]]:
    """Rule 2's pairs as ``_pairs`` found them before RapidFuzz (blocking index, NLTK
    distance), in its order."""
    ranked = sorted(names)
    letters = list(dict.fromkeys(name[0].lower() for name in ranked))
    position = {name: (letters.index(name[0].lower()), k) for k, name in enumerate(ranked)}
    forms: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in ranked:
        if len(name) <= naming.MAX_NAME_LETTERS:
            lower = name.lower()
            for form in _deletions(lower, 2):
                forms[(lower[0], form)].append(name)
    candidates: set[tuple[str, str]] = set()
    for alike in forms.values():
        candidates.update(combinations(alike, 2))
    found = []
    for a, b in sorted(candidates, key=lambda pair: (position[pair[0]], position[pair[1]])):
        distance = edit_distance(a.lower(), b.lower(), transpositions=True)
        close = distance > 0 and 2 * distance <= max(len(a), len(b))
        if close and (distance == 1 or (distance == 2 and a[-1].lower() == b[-1].lower())):
            found.append((a, b, distance))
    return found


def _deletions(word: str, most: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(most):
        frontier = {w[:k] + w[k + 1 :] for w in frontier for k in range(len(w))}
        found |= frontier
    return found


def article_rows(path: Path) -> pd.DataFrame:
    """Each article's text as one row of a sentence table."""
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            record = json.loads(line)
            rows.append((f"a{number}", record.get("outlet") or "", 0, record.get("text") or ""))
    return pd.DataFrame(rows, columns=["article_id", "outlet", "sentence_id", "text"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--sizes", default="5000,20000,0", help="names per list (0: all)")
    args = parser.parse_args()
    rows = article_rows(args.path)
    naming.MAX_NAMES = 10**9  # every name, most frequent first; each list is a prefix
    start = time.perf_counter()
    every = naming._names(rows)
    print(f"{len(rows):,} articles, {len(every):,} names ({time.perf_counter() - start:.0f} s)\n")
    ranked = list(every)
    print(
        "| names | pairs within two edits | rule 3's pairs | identical | "
        "NLTK + blocking (s) | RapidFuzz cdist (s) | speed-up |"
    )
    print("|---:|---:|---:|---|---:|---:|---:|")
    failed = False
    for size in (int(s) for s in args.sizes.split(",")):
        names = {n: every[n] for n in (ranked[:size] if size else ranked)}
        start = time.process_time()
        before = nltk_close_pairs(names)
        old = time.process_time() - start
        start = time.process_time()
        after = naming._close_pairs(names)
        new = time.process_time() - start
        kept = list(naming._pairs(names))
        same = before == after and kept == [p for p in before if naming._different_words(*p[:2])]
        failed |= not same
        print(
            f"| {len(names):,} | {len(after):,} | {len(kept):,} | {'yes' if same else 'NO'} | "
            f"{old:.2f} | {new:.2f} | {old / new:.0f}× |"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
