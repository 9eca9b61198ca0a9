"""Voices: quotations, speakers and reporting verbs against hand-made gold, beside a regex baseline.

Measures, on each gold file (``tests/fixtures/voices_*.jsonl``; see the README there for how
they were made):

- **quotes**: precision and recall of the spans between quotation marks (every gold item of kind
  direct, partial, scare or other), and recall of one- and two-word partial quotes;
- **speakers**: of the matched direct and partial quotes whose gold speaker is named, the share
  whose predicted speaker is the same (equal after normalising case, a leading article and a
  possessive; or the same actor in the registry; or the surname of the gold full name);
  ``strict`` counts only equal names;
- **verbs**: of those, the share with the gold reporting verb (both empty counts as equal);
- **indirect**: precision and recall of unquoted attributions (a predicted and a gold item
  match when they share half their words), and speaker accuracy on the matched ones;
- **unattributed**: of the matched items the gold calls scare or other quotes, the share left
  without a speaker.

The baseline is the plain one the issue describes: text between double quotation marks, and as
speaker a capitalised name next to "said"/"says" right after (or before) the quote.

Usage::

    python benchmarks/check_voices.py [--gold FILE ...] [--show FILE]

``--show`` lists the disagreements of one gold file; never use it on the held-out file
(``voices_gold.jsonl``): reading its disagreements would be tuning on it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd

import framing
from framing.annotate.actors import normalize_name, registry_from_records
from framing.api import annotate_corpus
from framing.lexicons import read_records

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GOLD = [
    FIXTURES / "voices_seeds.jsonl",
    FIXTURES / "voices_dev.jsonl",
    FIXTURES / "voices_dev_2.jsonl",
    FIXTURES / "voices_gold.jsonl",
]
HELD_OUT = "voices_gold.jsonl"
MARKED = ("direct", "partial", "scare", "other")
_QUOTE_CHARS = "\"'“”‘’«»„"


def norm(text: str) -> str:
    """Quote text as compared: one kind of apostrophe, single spaces, no edge punctuation."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = " ".join(text.split()).lower()
    return text.strip(" .,;:!?—–-\"'…")


def name_key(name: str) -> str:
    key = normalize_name(name or "").lower()
    return re.sub(r"^(?:a|an)\s+", "", key)


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def predict(passages: list[dict], seeds: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """framing's quotes for the passages: the seed corpus itself, or a table corpus built from
    the passages (title left empty: the gold covers body text)."""
    if seeds:
        corpus = framing.load_corpus(ROOT / "corpus")
    else:
        folder = Path(tempfile.mkdtemp())
        table = folder / "passages.jsonl"
        with table.open("w", encoding="utf-8") as out:
            for p in passages:
                record = {"id": p["article_id"], "outlet": p["outlet"], "text": p["text"]}
                out.write(json.dumps(record) + "\n")
        corpus = framing.load_corpus(table)
    annotated = annotate_corpus(corpus, corpus.config)
    quotes = annotated.spans["quotes"].copy()
    ids = {Path(a).name.removesuffix(".txt"): a for a in corpus.articles["article_id"]}
    quotes["gold_id"] = quotes["article_id"].map({v: k for k, v in ids.items()})
    return quotes, corpus.articles


def baseline(passages: list[dict]) -> pd.DataFrame:
    """Double-quoted spans; speaker = a capitalised name next to said/says."""
    name = r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    after = re.compile(
        rf"^[,.!?]?[”\"]?\s*,?\s*(?:said|says)\s+{name}|^[,.!?]?[”\"]?\s*,?\s*{name}\s+(?:said|says)"
    )
    before = re.compile(rf"{name}\s+(?:said|says)[,:]?\s*$")
    rows = []
    for p in passages:
        text = p["text"]
        for m in re.finditer(r"“([^”\n]+)”|\"([^\"\n]+)\"", text):
            quoted = m.group(1) or m.group(2)
            speaker = ""
            tail = text[m.end() - 1 : m.end() + 80]
            head = text[max(m.start() - 80, 0) : m.start()]
            found = after.search(tail.lstrip('”"'))
            if found:
                speaker = found.group(1) or found.group(2)
            else:
                found = before.search(head)
                if found:
                    speaker = found.group(1)
            kind = "direct" if len(quoted.split()) >= 4 else "partial"
            rows.append(
                {
                    "gold_id": p["article_id"],
                    "text": quoted,
                    "speaker": speaker,
                    "verb": "say" if speaker else "",
                    "kind": kind,
                }
            )
    return pd.DataFrame(rows, columns=["gold_id", "text", "speaker", "verb", "kind"])


class Registry:
    def __init__(self, seeds: bool) -> None:
        rows = read_records("actors.csv")
        if seeds:
            rows += read_records("actors.csv", ROOT / "corpus" / "lexicons")
        self.registry = registry_from_records(rows)

    def same(self, predicted: str, gold: str) -> tuple[bool, bool]:
        """(lenient, strict) speaker agreement."""
        p, g = name_key(predicted), name_key(gold)
        if not p or not g:
            return False, False
        if p == g:
            return True, True
        a, b = self.registry.actor(predicted), self.registry.actor(gold)
        if a is not None and a == b:
            return True, True
        if p.split()[-1] == g.split()[-1] and (len(p.split()) == 1 or len(g.split()) == 1):
            return True, False
        return False, False


def _match(gold: list[dict], predicted: pd.DataFrame) -> list[tuple[dict, dict | None]]:
    """Pair gold items with predicted rows of equal normalised text, each used once."""
    pool: dict[str, list[dict]] = {}
    for row in predicted.to_dict("records"):
        pool.setdefault(norm(row["text"]), []).append(row)
    pairs = []
    for item in gold:
        candidates = pool.get(norm(item["text"]), [])
        pairs.append((item, candidates.pop(0) if candidates else None))
    return pairs


def _overlap(a: str, b: str) -> float:
    x, y = set(norm(a).split()), set(norm(b).split())
    return len(x & y) / max(min(len(x), len(y)), 1)


def score(passages: list[dict], predicted: pd.DataFrame, registry: Registry, show: bool) -> dict:
    counts: Counter = Counter()
    for p in passages:
        mine = predicted[predicted["gold_id"] == p["article_id"]]
        marked_pred = mine[mine["kind"].isin(["direct", "partial"])]
        marked_gold = [i for i in p["items"] if i["kind"] in MARKED]
        pairs = _match(marked_gold, marked_pred)
        counts["gold_quotes"] += len(marked_gold)
        counts["pred_quotes"] += len(marked_pred)
        matched = [(g, r) for g, r in pairs if r is not None]
        counts["matched"] += len(matched)
        for g, r in pairs:
            short = g["kind"] == "partial" and len(g["text"].split()) <= 2
            counts["short_gold"] += short
            counts["short_found"] += short and r is not None
            if r is None and show:
                print(f"  MISSED  {p['article_id']} {g['kind']}: {g['text'][:70]!r}")
        used = {id(r) for _, r in matched}
        if show:
            for r in marked_pred.to_dict("records"):
                if not any(norm(r["text"]) == norm(g["text"]) for g in marked_gold):
                    print(f"  EXTRA   {p['article_id']}: {r['text'][:70]!r}")
        del used
        for g, r in matched:
            if g["kind"] in ("scare", "other"):
                counts["gold_unattributed"] += 1
                counts["left_unattributed"] += not r["speaker"]
                if r["speaker"] and show:
                    print(f"  SCARE   {g['text'][:40]!r} given to {r['speaker']!r}")
                continue
            if not g.get("speaker"):
                continue
            lenient, strict = registry.same(r["speaker"], g["speaker"])
            counts["speakers"] += 1
            counts["speaker_ok"] += lenient
            counts[f"speakers_{g['kind']}"] += 1
            counts[f"speaker_ok_{g['kind']}"] += lenient
            counts["speaker_strict"] += strict
            verb_ok = (r["verb"] or "") == (g.get("verb") or "")
            counts["verb_ok"] += verb_ok
            if show and not lenient:
                print(
                    f"  SPEAKER {g['text'][:40]!r}: {r['speaker']!r} / gold {g['speaker']!r}"
                    f" ({g.get('mention')!r})"
                )
            if show and lenient and not verb_ok:
                print(f"  VERB    {g['text'][:40]!r}: {r['verb']!r} / gold {g.get('verb')!r}")
        gold_ind = [i for i in p["items"] if i["kind"] == "indirect"]
        pred_ind = mine[mine["kind"] == "indirect"].to_dict("records")
        counts["gold_indirect"] += len(gold_ind)
        counts["pred_indirect"] += len(pred_ind)
        taken: set[int] = set()
        for g in gold_ind:
            best = None
            for k, r in enumerate(pred_ind):
                if k not in taken and _overlap(g["text"], r["text"]) >= 0.5:
                    best = k
                    break
            if best is None:
                continue
            taken.add(best)
            counts["indirect_matched"] += 1
            if g.get("speaker"):
                counts["indirect_speakers"] += 1
                counts["indirect_speaker_ok"] += registry.same(
                    pred_ind[best]["speaker"], g["speaker"]
                )[0]
    return counts


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a"


def report(name: str, counts: Counter, with_indirect: bool = True) -> None:
    print(f"{name}:")
    print(
        f"  quotes     precision {_ratio(counts['matched'], counts['pred_quotes'])}"
        f"  recall {_ratio(counts['matched'], counts['gold_quotes'])}"
        f"  1-2 word partials found {_ratio(counts['short_found'], counts['short_gold'])}"
    )
    print(
        f"  speakers   {_ratio(counts['speaker_ok'], counts['speakers'])}"
        f"  strict {_ratio(counts['speaker_strict'], counts['speakers'])}"
    )
    direct = _ratio(counts["speaker_ok_direct"], counts["speakers_direct"])
    partial = _ratio(counts["speaker_ok_partial"], counts["speakers_partial"])
    print(f"  speakers of direct quotes {direct}  of partial quotes {partial}")
    print(f"  verbs      {_ratio(counts['verb_ok'], counts['speakers'])}")
    print(
        f"  scare/other left unattributed "
        f"{_ratio(counts['left_unattributed'], counts['gold_unattributed'])}"
    )
    if with_indirect:
        print(
            f"  indirect   precision {_ratio(counts['indirect_matched'], counts['pred_indirect'])}"
            f"  recall {_ratio(counts['indirect_matched'], counts['gold_indirect'])}"
            f"  speakers {_ratio(counts['indirect_speaker_ok'], counts['indirect_speakers'])}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", nargs="*", type=Path, default=[g for g in GOLD if g.exists()])
    parser.add_argument("--show", type=Path, help="list the disagreements on this gold file")
    args = parser.parse_args(argv)
    if args.show is not None and args.show.name == HELD_OUT:
        print(f"{HELD_OUT} is held out: its disagreements are not listed.", file=sys.stderr)
        return 2
    for path in args.gold:
        passages = load(path)
        seeds = path.name == "voices_seeds.jsonl"
        predicted, _ = predict(passages, seeds)
        registry = Registry(seeds)
        show = args.show is not None and args.show.resolve() == path.resolve()
        n_items = sum(len(p["items"]) for p in passages)
        outlets = len({p["outlet"] for p in passages})
        print(f"\n== {path.name}: {len(passages)} passages, {outlets} outlets, {n_items} items")
        report("framing", score(passages, predicted, registry, show))
        report("regex baseline", score(passages, baseline(passages), registry, False), False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
