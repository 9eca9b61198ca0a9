"""Sentence segmentation accuracy on the hand-segmented AllSides fixture (issue #2's figure).

Exact-match precision and recall of sentence spans against
``tests/fixtures/segmentation_gold.jsonl``; lists every disagreement so that a rule change can
be judged case by case. Usage: ``python benchmarks/check_segmentation.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

from framing.prepare.sentences import split_sentences

GOLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "segmentation_gold.jsonl"


def spans(text: str, sentences: list[str]) -> set[tuple[int, int]]:
    found, position = set(), 0
    for sentence in sentences:
        start = text.index(sentence, position)
        found.add((start, start + len(sentence)))
        position = start + len(sentence)
    return found


def main() -> None:
    passages = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    hits = predicted = actual = 0
    for passage in passages:
        text = passage["text"]
        gold = spans(text, passage["sentences"])
        ours = {(s.start, s.end) for s in split_sentences(text)}
        hits, predicted, actual = hits + len(gold & ours), predicted + len(ours), actual + len(gold)
        for start, end in sorted(ours - gold):
            print(f"extra  [{passage['outlet']}] {text[start:end][:100]!r}")
        for start, end in sorted(gold - ours):
            print(f"missed [{passage['outlet']}] {text[start:end][:100]!r}")
    outlets = len({p["outlet"] for p in passages})
    print(
        f"\n{len(passages)} passages, {outlets} outlets, {actual} gold sentences, {predicted} "
        f"predicted: precision {hits / predicted:.3f}, recall {hits / actual:.3f}"
    )


if __name__ == "__main__":
    main()
