"""Check the format of a hand-segmented gold fixture (tiling, substrings, fields); never splits.

A gold fixture is a JSON-lines file with one passage per line::

    {"article_id": "...", "outlet": "...", "topic": "...", "text": "<passage>",
     "sentences": ["<sentence 1>", "..."]}

This script only checks that the hand-made segmentation is well formed. For every passage:

- the fields ``article_id``, ``outlet``, ``text`` and ``sentences`` are present (``topic`` is
  optional, as the first fixture has none), and ``sentences`` is a non-empty list of strings;
- no sentence is empty, has leading or trailing whitespace, or contains a newline;
- the sentences are exact substrings of ``text``, appear in order, do not overlap, and tile it:
  once they are removed from ``text``, only whitespace is left;
- with ``--source``, ``text`` is a run of whole paragraphs of the article with that id in the
  JSON-lines(.gz) data file: it occurs in the article's text and starts and ends at paragraph
  (line) boundaries.

It does not propose, add or remove any sentence boundary. Usage::

    python benchmarks/validate_gold.py tests/fixtures/segmentation_gold_2.jsonl \
        [--source /work/shared/data/allsides-articles.jsonl.gz]

Exit status 0 when every passage passes, 1 otherwise (each problem is printed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

REQUIRED = ("article_id", "outlet", "text", "sentences")


def check_tiling(text: str, sentences: list[str]) -> list[str]:
    """Return the problems found when laying ``sentences`` over ``text`` in order."""
    problems = []
    position = 0
    for number, sentence in enumerate(sentences, 1):
        if not isinstance(sentence, str) or not sentence:
            problems.append(f"sentence {number} is empty or not a string")
            continue
        if sentence != sentence.strip():
            problems.append(f"sentence {number} has leading or trailing whitespace: {sentence!r}")
        if "\n" in sentence:
            problems.append(f"sentence {number} contains a newline: {sentence!r}")
        start = position
        while start < len(text) and text[start].isspace():
            start += 1
        if not text.startswith(sentence, start):
            found = text.find(sentence, position)
            where = "not found" if found < 0 else f"found at {found}, after non-whitespace"
            problems.append(
                f"sentence {number} does not follow at offset {start} ({where}): {sentence!r}; "
                f"text there: {text[start : start + 60]!r}"
            )
            return problems
        position = start + len(sentence)
    if text[position:].strip():
        problems.append(f"text left over after the last sentence: {text[position:][:80]!r}")
    return problems


def load_sources(path: Path, wanted: set[str]) -> dict[str, str]:
    opener = gzip.open if path.suffix == ".gz" else open
    texts = {}
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            if article["id"] in wanted:
                texts[article["id"]] = article["text"]
    return texts


def check_source(text: str, article_text: str | None) -> list[str]:
    if article_text is None:
        return ["article id not found in the source file"]
    start = article_text.find(text)
    if start < 0:
        return ["text is not a contiguous substring of the article text"]
    end = start + len(text)
    problems = []
    if start > 0 and article_text[start - 1] != "\n":
        problems.append("text does not start at a paragraph boundary")
    if end < len(article_text) and article_text[end] != "\n":
        problems.append("text does not end at a paragraph boundary")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixture", type=Path, help="JSON-lines gold fixture")
    parser.add_argument("--source", type=Path, help="article data file (JSON lines, may be .gz)")
    args = parser.parse_args(argv)

    lines = [line for line in args.fixture.read_text(encoding="utf-8").splitlines() if line.strip()]
    passages = []
    failures = 0
    for number, line in enumerate(lines, 1):
        try:
            passages.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            print(f"line {number}: invalid JSON: {error}")
            failures += 1

    sources = {}
    if args.source:
        sources = load_sources(args.source, {p.get("article_id") for _, p in passages})

    seen = set()
    for number, passage in passages:
        problems = [f"missing field {field!r}" for field in REQUIRED if field not in passage]
        if not problems:
            if not isinstance(passage["sentences"], list) or not passage["sentences"]:
                problems.append("'sentences' must be a non-empty list")
            elif not isinstance(passage["text"], str):
                problems.append("'text' must be a string")
            else:
                problems += check_tiling(passage["text"], passage["sentences"])
            if "topic" in passage and not isinstance(passage["topic"], str):
                problems.append("'topic' must be a string")
            if passage["article_id"] in seen:
                problems.append("article_id occurs more than once")
            seen.add(passage["article_id"])
            if args.source and isinstance(passage["text"], str):
                problems += check_source(passage["text"], sources.get(passage["article_id"]))
        for problem in problems:
            print(f"line {number} [{passage.get('article_id')}]: {problem}")
        failures += bool(problems)

    outlets = {p.get("outlet") for _, p in passages}
    total = sum(len(p.get("sentences") or []) for _, p in passages)
    print(
        f"{len(passages)} passages, {len(outlets)} outlets, {total} sentences: "
        f"{'OK' if not failures else f'{failures} passage(s) with problems'}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
