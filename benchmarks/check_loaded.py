"""Loaded wording: ROC AUC of the ``loaded`` annotator's score against hand labels.

Each labelled sentence (``tests/fixtures/tone_*.jsonl``: ``sentence`` and ``loaded`` true or
false; see the README there) becomes a one-sentence article of a table corpus, which goes
through the same path as any corpus: loading, segmentation, the ``quote_marks`` annotator and
the ``loaded`` annotator with the packaged ``loaded_words.csv``. An article's score is the sum
of its sentences' scores (segmentation may split a labelled sentence). The AUC is scikit-learn's
``roc_auc_score``; ties (most sentences score 0) count half.

Usage::

    python benchmarks/check_loaded.py [--gold FILE] [--show]

The default file is the development set ``tone_dev.jsonl``. ``--show`` lists the
disagreements (labelled loaded but scored 0, scored above 0 but labelled not loaded, with the
cues found); it refuses the held-out files ``tone_gold.jsonl`` and ``loaded_gold.jsonl``:
reading their disagreements would be
tuning on it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.metrics import roc_auc_score

import framing
from framing.annotate import LENGTH, LOADED, QUOTE_MARKS, annotate
from framing.config import Config, IngestOptions

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEFAULT = FIXTURES / "tone_dev.jsonl"
HELD_OUT = ("tone_gold.jsonl", "loaded_gold.jsonl")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(sentences: list[str]) -> tuple[list[float], list[str]]:
    """Each text's ``loaded`` score and cues, through a table corpus of one article per text."""
    folder = Path(tempfile.mkdtemp())
    table = folder / "sentences.jsonl"
    with table.open("w", encoding="utf-8") as out:
        for number, text in enumerate(sentences):
            out.write(json.dumps({"id": f"s{number:05d}", "outlet": "check", "text": text}) + "\n")
    # one sentence is shorter than an article may be: let every one in
    config = Config(ingest=IngestOptions(min_words=1))
    corpus = framing.load_corpus(table, config=config)
    missing = len(sentences) - len(corpus.articles)
    if missing:
        print(f"warning: {missing} sentences did not load as articles (scored 0)")
    annotated = annotate(corpus.articles, corpus.sentences, (LENGTH, QUOTE_MARKS, LOADED), jobs=1)
    rows = annotated.sentences
    rows = rows[~rows.get("is_headline", pd.Series(False, index=rows.index)).astype(bool)]
    key = rows["article_id"].map(lambda a: int(Path(a).name.removesuffix(".txt")[1:]))
    totals = rows.groupby(key)["loaded"].sum()
    cues = rows.groupby(key)["loaded_cues"].agg(lambda c: ";".join(x for x in c if x))
    return (
        [float(totals.get(n, 0.0)) for n in range(len(sentences))],
        [str(cues.get(n, "")) for n in range(len(sentences))],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT, help="labelled JSON lines")
    parser.add_argument("--show", action="store_true", help="list the disagreements")
    args = parser.parse_args(argv)
    if args.show and args.gold.name in HELD_OUT:
        print(f"--show is refused on {args.gold.name}: it is held out.", file=sys.stderr)
        return 2
    items = load(args.gold)
    labels = [bool(item["loaded"]) for item in items]
    scores, cues = score([item["sentence"] for item in items])
    positive = sum(labels)
    print(f"{args.gold.name}: {len(items)} sentences, {positive} labelled loaded")
    fired = [s > 0 for s in scores]
    hit = sum(f and lab for f, lab in zip(fired, labels, strict=True))
    false = sum(f and not lab for f, lab in zip(fired, labels, strict=True))
    print(f"score > 0: {hit} of {positive} loaded, {false} of {len(items) - positive} not loaded")
    low, high = _auc_interval(labels, scores)
    print(
        f"ROC AUC of loaded: {roc_auc_score(labels, scores):.3f} "
        f"(95% bootstrap interval {low:.3f} to {high:.3f}, sentences resampled)"
    )
    if args.show:
        for item, value, found, label in zip(items, scores, cues, labels, strict=True):
            if label != (value > 0):
                tag = "missed" if label else "false "
                print(f"{tag} {value:5.2f} [{found}] {item['sentence']}")
    return 0


def _auc_interval(labels: list[bool], scores: list[float]) -> tuple[float, float]:
    """Percentile interval of the AUC over 1,000 resamples of the sentences (seed 0)."""
    import numpy as np

    truth, values = np.array(labels), np.array(scores)
    rng = np.random.default_rng(0)
    aucs = []
    for _ in range(1000):
        idx = rng.integers(0, len(truth), len(truth))
        if truth[idx].any() and not truth[idx].all():
            aucs.append(roc_auc_score(truth[idx], values[idx]))
    low, high = np.percentile(aucs, [2.5, 97.5])
    return float(low), float(high)


if __name__ == "__main__":
    sys.exit(main())
