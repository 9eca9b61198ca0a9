"""Tone toward an actor against hand labels, beside whole-sentence VADER (issue 17).

Reads a fixture of sentences with one actor mention each and its hand-labelled tone
(``tests/fixtures/tone_dev.jsonl`` to develop on; ``tone_gold.jsonl`` is held out and scored
only) and prints macro-F1 of framing's mention tone and of VADER's compound score on the whole
sentence, with the same neutral band, and the confusion of each.

Usage::

    python benchmarks/check_tone.py [FIXTURE] [--band 0.05] [--show]

``--show`` lists the disagreements; it refuses the held-out gold.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.metrics import confusion_matrix, f1_score

from framing.annotate.tone import NEUTRAL_BAND, label, mention_tone, tone_lexicon

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CLASSES = ["negative", "neutral", "positive"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixture", nargs="?", type=Path, default=FIXTURES / "tone_dev.jsonl")
    parser.add_argument("--band", type=float, default=NEUTRAL_BAND)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    if args.show and args.fixture.name == "tone_gold.jsonl":
        raise SystemExit("tone_gold.jsonl is held out: score it, never look at its errors")
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    lexicon = tone_lexicon()
    rows = [json.loads(line) for line in args.fixture.read_text().splitlines() if line.strip()]
    gold = [r["tone"] for r in rows]
    ours = [
        label(mention_tone(r["sentence"], r["start"], r["end"], lexicon), args.band) for r in rows
    ]
    whole = [label(vader.polarity_scores(r["sentence"])["compound"], args.band) for r in rows]
    print(f"{args.fixture.name}: {len(rows)} sentences, neutral band {args.band}")
    for name, predicted in (
        ("framing, tone toward the actor", ours),
        ("VADER, whole sentence", whole),
    ):
        f1 = f1_score(gold, predicted, labels=CLASSES, average="macro", zero_division=0)
        print(f"\n{name}: macro-F1 {f1:.3f}")
        print("rows gold, columns predicted:", CLASSES)
        print(confusion_matrix(gold, predicted, labels=CLASSES))
    gap = _paired_gap(gold, ours, whole)
    print(
        f"\nmacro-F1 gap (framing - VADER): {gap[0]:+.3f}, 95% interval "
        f"[{gap[1]:+.3f}, {gap[2]:+.3f}] (1,000 paired resamples of the sentences)"
    )
    if args.show:
        for r, o, w in zip(rows, ours, whole, strict=True):
            if o != r["tone"]:
                print(f"\n[{r['tone']} / ours {o} / vader {w}] {r['actor']!r}: {r['sentence']}")


def _paired_gap(gold: list[str], ours: list[str], whole: list[str]) -> tuple[float, float, float]:
    """The macro-F1 difference and its percentile interval over resamples of the sentences
    (the same resample for both scorers: the gap, not each score, is what varies)."""
    import numpy as np

    def f1(truth, predicted) -> float:
        return f1_score(truth, predicted, labels=CLASSES, average="macro", zero_division=0)

    gold_a, ours_a, whole_a = (np.array(x) for x in (gold, ours, whole))
    rng = np.random.default_rng(0)
    gaps = []
    for _ in range(1000):
        idx = rng.integers(0, len(gold_a), len(gold_a))
        gaps.append(f1(gold_a[idx], ours_a[idx]) - f1(gold_a[idx], whole_a[idx]))
    low, high = np.percentile(gaps, [2.5, 97.5])
    return (f1(gold, ours) - f1(gold, whole), float(low), float(high))


if __name__ == "__main__":
    main()
