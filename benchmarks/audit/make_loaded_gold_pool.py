"""A fresh pool of AllSides sentences for a second held-out loaded-wording gold (issue 17).

Same frame as the first gold's pools: random articles (random.Random(1717) over the shuffled
file), one sentence per article, 12-50 words, naming a capitalised word after the first token,
at most 3 per outlet; articles used by tone_gold.jsonl or tone_dev.jsonl are excluded."""
import gzip, json, random, re

used = set()
for name in ("tone_gold.jsonl", "tone_dev.jsonl"):
    for line in open(f"/work/main/tests/fixtures/{name}"):
        if line.strip():
            used.add(json.loads(line)["article_id"])
rows = [json.loads(l) for l in gzip.open("/work/shared/data/allsides-articles.jsonl.gz", "rt")]
rng = random.Random(1717)
rng.shuffle(rows)
split = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[A-Z“\"])")
per_outlet, pool = {}, []
for row in rows:
    aid = row.get("id") or row.get("article_id")
    outlet = row.get("source") or row.get("outlet")
    text = row.get("text") or row.get("content") or ""
    if not aid or aid in used or per_outlet.get(outlet, 0) >= 3:
        continue
    sentences = [s.strip() for s in split.split(text) if 12 <= len(s.split()) <= 50]
    sentences = [s for s in sentences if re.search(r"\s[A-Z][a-z]+", s)]
    if not sentences:
        continue
    pool.append({"article_id": aid, "outlet": outlet, "topic": row.get("topic", ""),
                 "sentence": rng.choice(sentences)})
    per_outlet[outlet] = per_outlet.get(outlet, 0) + 1
    if len(pool) >= 440:
        break
for k in (0, 1):
    with open(f"pool_{k}.jsonl", "w") as f:
        for i, r in enumerate(pool):
            if (hash(r["outlet"]) % 2 == k) if False else (sorted(per_outlet).index(r["outlet"]) % 2 == k):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(pool), [sum(1 for _ in open(f"pool_{k}.jsonl")) for k in (0, 1)])
