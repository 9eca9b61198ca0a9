"""The pool of AllSides sentences behind ``tests/fixtures/loaded_gold.jsonl`` (issue 17).

Same frame as ``tone_gold.jsonl``'s pools: random articles (``random.Random(1717)`` over the
shuffled file), one sentence per article, 12-50 words, with a capitalised word after the first,
at most 3 per outlet; articles of ``tone_gold.jsonl`` and ``tone_dev.jsonl`` are left out. The
outlets are split into two pools (alternating in name order), one per labelling session.

Usage: ``python benchmarks/audit/make_loaded_gold_pool.py [ALLSIDES] [OUT_DIR]``.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides-articles.jsonl.gz"
SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[A-Z“\"])")
POOL_SIZE = 440


def used_articles() -> set[str]:
    used = set()
    for name in ("tone_gold.jsonl", "tone_dev.jsonl"):
        text = (ROOT / "tests" / "fixtures" / name).read_text(encoding="utf-8")
        used.update(json.loads(line)["article_id"] for line in text.splitlines() if line.strip())
    return used


def draw(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    rng = random.Random(1717)
    rng.shuffle(rows)
    used, per_outlet, pool = used_articles(), {}, []
    for row in rows:
        outlet = row["outlet"]
        if row["id"] in used or per_outlet.get(outlet, 0) >= 3:
            continue
        sentences = [s.strip() for s in SPLIT.split(row["text"]) if 12 <= len(s.split()) <= 50]
        sentences = [s for s in sentences if re.search(r"\s[A-Z][a-z]+", s)]
        if not sentences:
            continue
        pool.append(
            {
                "article_id": row["id"],
                "outlet": outlet,
                "topic": row.get("topic", ""),
                "sentence": rng.choice(sentences),
            }
        )
        per_outlet[outlet] = per_outlet.get(outlet, 0) + 1
        if len(pool) >= POOL_SIZE:
            break
    return pool


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ALLSIDES
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(".")
    pool = draw(source)
    outlets = sorted({r["outlet"] for r in pool})
    for k in (0, 1):
        lines = [
            json.dumps(r, ensure_ascii=False) for r in pool if outlets.index(r["outlet"]) % 2 == k
        ]
        (out / f"pool_{k}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"pool_{k}.jsonl: {len(lines)} sentences")


if __name__ == "__main__":
    main()
