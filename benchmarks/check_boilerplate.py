"""Check the learned-boilerplate rule on the AllSides corpus (issue 16, item 4).

Two measurements:

1. Before/after: each of the largest outlets' top distinctive terms (keyness against the rest)
   with the learned-boilerplate and gallery steps switched off, then on.
2. An audit sample: ``--sample`` removals drawn uniformly at random (seeded) from every removal
   the rule makes, written as JSON lines with the line before and after each, for a person to
   label ``furniture`` or ``reporting``. Given ``--labels`` (the same file with a ``label`` on
   every line), it reports how many removals were reporting: the rule's error rate.

Usage::

    python benchmarks/check_boilerplate.py [PATH] [--outlets 15] [--sample 200]
        [--audit-out FILE] [--labels FILE] [--skip-keyness]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from pathlib import Path

import framing
from framing.compare import compare_lexicon
from framing.config import Config, PrepareOptions
from framing.prepare import clean
from framing.prepare.boilerplate import learn_boilerplate, line_key

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "allsides-articles.jsonl.gz"


def top_terms(path: Path, *, learned: bool, n_outlets: int) -> tuple[dict, dict, float]:
    """Top-10 terms of the largest outlets, and removals per outlet, with the rule on or off."""
    start = time.perf_counter()
    steps = clean.STEPS
    if not learned:  # the state before issue 16: neither learned lines nor galleries removed
        clean.STEPS = tuple(
            s for s in steps if s not in (clean.drop_boilerplate, clean.drop_galleries)
        )
    try:
        options = PrepareOptions(boilerplate_min_articles=3 if learned else 0)
        corpus = framing.load_corpus(path, config=Config(prepare=options), progress=True)
    finally:
        clean.STEPS = steps
    lexical = compare_lexicon(corpus.articles, corpus.sentences, diversity=False, progress=True)
    largest = corpus.articles["outlet"].value_counts().head(n_outlets).index
    terms = {o: lexical.top_terms(o, 10)["term"].tolist() for o in largest}
    log = corpus.log
    removed = log[log["reason"].isin(["boilerplate", "gallery"])]
    outlet_of = corpus.articles.set_index("article_id")["outlet"]
    per_outlet = removed["article_id"].map(outlet_of).value_counts().to_dict()
    return terms, per_outlet, time.perf_counter() - start


def removal_events(path: Path, min_articles: int) -> list[dict]:
    """Every line the rule removes, with its neighbours, from the raw bodies."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    found = learn_boilerplate(
        [r.get("text") or "" for r in rows],
        [r.get("outlet") or "" for r in rows],
        [r.get("title") for r in rows],
        min_articles=min_articles,
    )
    events = []
    for row, lines in zip(rows, found, strict=True):
        if not lines:
            continue
        paragraphs = [p.strip() for p in (row.get("text") or "").split("\n") if p.strip()]
        for i, paragraph in enumerate(paragraphs):
            hit = lines.get(line_key(paragraph))
            if hit is not None:
                events.append(
                    {
                        "outlet": row["outlet"],
                        "id": row["id"],
                        "line": paragraph,
                        "stories": hit.stories,
                        "outlet_stories": hit.outlet_stories,
                        "before": paragraphs[i - 1] if i else "",
                        "after": paragraphs[i + 1] if i + 1 < len(paragraphs) else "",
                    }
                )
    return events


def caption_removals(path: Path) -> list[dict]:
    """Every paragraph the gallery and caption pattern files remove (galleries whose marks are
    dense, captions up to ``CAPTION_MAX_WORDS``), with its neighbours: the single-article rules'
    audit."""
    galleries = clean._patterns("gallery_patterns.txt", None)
    captions = clean._patterns("caption_patterns.txt", None)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    events = []
    for row in rows:
        paragraphs = [p.strip() for p in (row.get("text") or "").split("\n") if p.strip()]
        for i, paragraph in enumerate(paragraphs):
            lowered = paragraph.lower()
            short = paragraph.count(" ") + 1 <= clean.CAPTION_MAX_WORDS
            words = paragraph.count(" ") + 1
            marks = sum(len(p.findall(lowered)) for p in galleries)
            dense = short or marks * clean.GALLERY_WORDS_PER_MARK >= words
            rule = (
                "gallery"
                if marks and dense
                else "caption"
                if short and any(p.search(lowered) for p in captions)
                else None
            )
            if rule:
                events.append(
                    {
                        "outlet": row["outlet"],
                        "id": row["id"],
                        "rule": rule,
                        "line": paragraph,
                        "before": paragraphs[i - 1] if i else "",
                        "after": paragraphs[i + 1] if i + 1 < len(paragraphs) else "",
                    }
                )
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--outlets", type=int, default=15)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--audit-out", type=Path)
    parser.add_argument(
        "--distinct-out",
        type=Path,
        help="also sample distinct learned lines (one removal of each): the rule's harder cases",
    )
    parser.add_argument("--labels", type=Path)
    parser.add_argument(
        "--captions-out",
        type=Path,
        help="also sample removals by the gallery and caption pattern files, for an audit",
    )
    parser.add_argument("--skip-keyness", action="store_true")
    args = parser.parse_args()

    events = removal_events(args.path, 3)
    lines = {(e["outlet"], line_key(e["line"])) for e in events}
    print(
        f"removals: {len(events):,} lines in {len({e['id'] for e in events}):,} articles; "
        f"{len(lines):,} distinct learned lines in {len({o for o, _ in lines})} outlets"
    )
    if args.audit_out:
        sample = random.Random(args.seed).sample(events, args.sample)
        with open(args.audit_out, "w", encoding="utf-8") as handle:
            for event in sample:
                handle.write(json.dumps(event, ensure_ascii=False) + "\n")
        print(f"audit sample of {len(sample)} written to {args.audit_out}")
    if args.distinct_out:
        first: dict[tuple[str, str], dict] = {}
        for event in events:
            first.setdefault((event["outlet"], line_key(event["line"])), event)
        keys = sorted(first)
        chosen = random.Random(args.seed).sample(keys, min(args.sample, len(keys)))
        with open(args.distinct_out, "w", encoding="utf-8") as handle:
            for key in chosen:
                handle.write(json.dumps(first[key], ensure_ascii=False) + "\n")
        print(f"distinct-line sample of {len(chosen)} written to {args.distinct_out}")
    if args.captions_out:
        removals = caption_removals(args.path)
        sample = random.Random(args.seed).sample(removals, min(args.sample, len(removals)))
        with open(args.captions_out, "w", encoding="utf-8") as handle:
            for event in sample:
                handle.write(json.dumps(event, ensure_ascii=False) + "\n")
        print(
            f"{len(removals):,} gallery/caption removals; {len(sample)} sampled to "
            f"{args.captions_out}"
        )
    if args.labels:
        labelled = [json.loads(line) for line in args.labels.read_text().splitlines() if line]
        missing = [e["id"] for e in labelled if e.get("label") not in ("furniture", "reporting")]
        if missing:
            raise SystemExit(
                f"{args.labels}: {len(missing)} line(s) without a label: {missing[:3]}"
            )
        wrong = [e for e in labelled if e["label"] == "reporting"]
        print(
            f"audit: {len(wrong)} of {len(labelled)} removals were reporting "
            f"({len(wrong) / len(labelled):.1%})"
        )
        for event in wrong:
            print(f"  {event['outlet']}: {event['line'][:100]!r} ({event['stories']} stories)")
    if args.skip_keyness:
        return
    before, _, t_before = top_terms(args.path, learned=False, n_outlets=args.outlets)
    after, removed, t_after = top_terms(args.path, learned=True, n_outlets=args.outlets)
    print(
        f"\nload + keyness: rule off {t_before:.0f} s, rule on {t_after:.0f} s "
        f"(ratio {t_after / t_before:.2f})\n"
    )
    print("| outlet | removed lines | top 10 before | top 10 after |")
    print("|---|---:|---|---|")
    for outlet in before:
        print(
            f"| {outlet} | {removed.get(outlet, 0):,} | {', '.join(before[outlet])} | "
            f"{', '.join(after[outlet])} |"
        )


if __name__ == "__main__":
    main()
