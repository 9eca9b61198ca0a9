"""Sentence segmentation: framing's splitter against pysbd and blingfire, on hand-made gold.

Measures, for each splitter, exact-match precision and recall of sentence spans on the two
hand-segmented fixtures (``tests/fixtures/segmentation_gold.jsonl``, the one the splitter was
built on; ``segmentation_gold_2.jsonl``, written independently and then used to fix the failure
classes it showed; ``segmentation_gold_3.jsonl``, written after that and held out: its
disagreements are never listed), which of the classic hard
cases (``segmentation_hard_cases.jsonl``) each gets right, and speed on real articles from the
AllSides file. Every splitter is given one line (paragraph) at a time, because every fixture
treats a line break as a sentence end; spans are trimmed of whitespace.

Usage::

    python benchmarks/check_segmentation.py [--data PATH] [--articles N] [--show framing]

pysbd and blingfire are not dependencies of framing; the script skips a library that is not
installed (``pip install pysbd blingfire``). ``--show NAME`` lists that splitter's disagreements.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from framing.prepare.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GOLD = {
    "gold 1 (built on)": FIXTURES / "segmentation_gold.jsonl",
    "gold 2 (independent, then tuned on)": FIXTURES / "segmentation_gold_2.jsonl",
    "gold 3 (held out)": FIXTURES / "segmentation_gold_3.jsonl",
}
HELD_OUT = "gold 3 (held out)"
"""Never listed by ``--show``: reading its disagreements would be tuning on it."""
HARD_CASES = FIXTURES / "segmentation_hard_cases.jsonl"
DATA = ROOT.parent / "shared" / "data" / "allsides-articles.jsonl.gz"
_LINE = re.compile(r"[^\n]+")

Splitter = Callable[[str], list[tuple[int, int]]]


def framing_spans(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sentences(text)]


def _by_line(split_line: Callable[[str], list[tuple[int, int]]]) -> Splitter:
    """Apply a one-paragraph splitter to each line; trim each span of whitespace."""

    def split(text: str) -> list[tuple[int, int]]:
        spans = []
        for line in _LINE.finditer(text):
            for start, end in split_line(line.group()):
                piece = line.group()[start:end]
                lead = len(piece) - len(piece.lstrip())
                stripped = piece.strip()
                if stripped:
                    begin = line.start() + start + lead
                    spans.append((begin, begin + len(stripped)))
        return spans

    return split


def splitters() -> dict[str, Splitter]:
    found: dict[str, Splitter] = {"framing": framing_spans}
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
        found["pysbd"] = _by_line(lambda line: [(s.start, s.end) for s in segmenter.segment(line)])
    except ImportError:
        print("(pysbd not installed: skipped)")
    try:
        import blingfire

        def bling(line: str) -> list[tuple[int, int]]:
            _, offsets = blingfire.text_to_sentences_and_offsets(line)
            return [tuple(o) for o in offsets]

        found["blingfire"] = _by_line(bling)
    except ImportError:
        print("(blingfire not installed: skipped)")
    return found


def gold_spans(text: str, sentences: list[str]) -> set[tuple[int, int]]:
    found, position = set(), 0
    for sentence in sentences:
        start = text.index(sentence, position)
        found.add((start, start + len(sentence)))
        position = start + len(sentence)
    return found


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(split: Splitter, passages: list[dict], show: bool) -> tuple[float, float, int]:
    hits = predicted = actual = 0
    for passage in passages:
        text = passage["text"]
        gold = gold_spans(text, passage["sentences"])
        ours = set(split(text))
        hits, predicted, actual = hits + len(gold & ours), predicted + len(ours), actual + len(gold)
        if show:
            for start, end in sorted(ours - gold):
                print(f"  extra  [{passage.get('outlet', '')}] {text[start:end][:110]!r}")
            for start, end in sorted(gold - ours):
                print(f"  missed [{passage.get('outlet', '')}] {text[start:end][:110]!r}")
    return hits / max(predicted, 1), hits / max(actual, 1), actual


def hard_cases(found: dict[str, Splitter]) -> None:
    cases = read(HARD_CASES)
    names = list(found)
    print(f"\n### Classic hard cases ({len(cases)})\n")
    print("| case | expected | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    by_category: dict[str, dict[str, int]] = {}
    for case in cases:
        text, gold = case["text"], gold_spans(case["text"], case["sentences"])
        marks = []
        for name in names:
            right = set(found[name](text)) == gold
            by_category.setdefault(case["category"], {}).setdefault(name, 0)
            by_category[case["category"]][name] += right
            marks.append("✓" if right else "✗")
        shown = " ⏎ ".join(case["sentences"]).replace("|", "\\|").replace("\n", " ")
        print(f"| `{text.replace(chr(10), ' ⏎ ')}` | {shown} | " + " | ".join(marks) + " |")
    print("\n| category | cases | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    totals = dict.fromkeys(names, 0)
    for category, counts in by_category.items():
        n = sum(1 for c in cases if c["category"] == category)
        print(f"| {category} | {n} | " + " | ".join(str(counts[name]) for name in names) + " |")
        for name in names:
            totals[name] += counts[name]
    print(f"| **all** | {len(cases)} | " + " | ".join(f"**{totals[n]}**" for n in names) + " |")


def speed(found: dict[str, Splitter], data: Path, n_articles: int) -> None:
    texts = []
    with gzip.open(data, "rt", encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= n_articles:
                break
    size = sum(len(t) for t in texts)
    print(f"\n### Speed: {len(texts):,} AllSides articles, {size / 1e6:.1f} MB of text\n")
    print("| splitter | seconds | MB/s | × framing |")
    print("|---|---:|---:|---:|")
    base = None
    for name, split in found.items():
        start = time.perf_counter()
        for text in texts:
            split(text)
        elapsed = time.perf_counter() - start
        base = base or elapsed
        print(f"| {name} | {elapsed:.2f} | {size / 1e6 / elapsed:.2f} | {elapsed / base:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="AllSides .jsonl.gz for speed")
    parser.add_argument("--articles", type=int, default=2000, help="articles timed (0: none)")
    parser.add_argument("--show", default=None, help="list this splitter's disagreements")
    args = parser.parse_args()
    found = splitters()
    print("### Exact-match precision and recall of sentence spans\n")
    print("| fixture | sentences | " + " | ".join(f"{n} P / R" for n in found) + " |")
    print("|---|---:|" + "---|" * len(found))
    for label, path in GOLD.items():
        passages = read(path)
        cells, actual = [], 0
        for name, split in found.items():
            show = args.show == name and label != HELD_OUT
            if show:
                print(f"\n{name} on {label}:")
            precision, recall, actual = score(split, passages, show)
            cells.append(f"{precision:.3f} / {recall:.3f}")
        print(f"| {label} | {actual} | " + " | ".join(cells) + " |")
    hard_cases(found)
    if args.articles and args.data.is_file():
        speed(found, args.data, args.articles)


if __name__ == "__main__":
    main()
