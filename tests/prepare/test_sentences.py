"""Sentence segmentation: unit cases for each rule, and accuracy on the hand-segmented fixture."""

from __future__ import annotations

import json

import pytest

from framing.prepare.sentences import sentence_texts, split_sentences
from tests.conftest import FIXTURES

CASES = [
    ("Mr. Smith met Gen. Milley. They talked.", ["Mr. Smith met Gen. Milley.", "They talked."]),
    (
        "He lives in the U.S. The move surprised him.",
        ["He lives in the U.S.", "The move surprised him."],
    ),
    (
        "U.S. officials met U.N. envoys in Washington, D.C. on Monday.",
        ["U.S. officials met U.N. envoys in Washington, D.C. on Monday."],
    ),
    (
        "It happened on Feb. 18, 2022. No. 2 was next.",
        ["It happened on Feb. 18, 2022.", "No. 2 was next."],
    ),
    ("John F. Kennedy and J.K. Rowling spoke.", ["John F. Kennedy and J.K. Rowling spoke."]),
    (
        "Growth was 3.2 percent, or $1.5 billion. Prices rose.",
        ["Growth was 3.2 percent, or $1.5 billion.", "Prices rose."],
    ),
    (
        "“Why?” he asked. “Because we won. We will win again,” she said.",
        ["“Why?” he asked.", "“Because we won.", "We will win again,” she said."],
    ),
    (
        "“Everyone liked him,” he said. “Smart, funny, humble.”",
        ["“Everyone liked him,” he said.", "“Smart, funny, humble.”"],
    ),
    (
        "Headline Without A Stop\nFirst sentence here. Second one!",
        ["Headline Without A Stop", "First sentence here.", "Second one!"],
    ),
    ("Shares of Apple Inc. The company said so.", ["Shares of Apple Inc.", "The company said so."]),
    ("Shares of Apple Inc. rose.", ["Shares of Apple Inc. rose."]),
    ("He said... Then he left.", ["He said...", "Then he left."]),
    ("(This is an aside.) The story goes on.", ["(This is an aside.)", "The story goes on."]),
    (
        "The meeting ended at 5 p.m. Officials left.",
        ["The meeting ended at 5 p.m. Officials left."],
    ),
    (
        "Sen. Warren, D-Mass., said no. Rep. Jordan agreed.",
        ["Sen. Warren, D-Mass., said no.", "Rep. Jordan agreed."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_rules(text, expected):
    assert sentence_texts(text) == expected


def test_offsets_paragraphs_and_whitespace():
    text = "  First one.  Second one.\n\n Third.\n"
    spans = split_sentences(text)
    assert [(text[s.start : s.end], s.paragraph_id) for s in spans] == [
        ("First one.", 0),
        ("Second one.", 0),
        ("Third.", 1),
    ]


def test_empty_text_has_no_sentences():
    assert split_sentences("") == [] and split_sentences(" \n\n ") == []


def _gold() -> list[dict]:
    path = FIXTURES / "segmentation_gold.jsonl"
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _boundaries(text: str, sentences: list[str]) -> set[tuple[int, int]]:
    spans, position = set(), 0
    for sentence in sentences:
        start = text.index(sentence, position)
        spans.add((start, start + len(sentence)))
        position = start + len(sentence)
    return spans


def test_gold_fixture_is_large_and_varied_enough():
    gold = _gold()
    assert len({g["article_id"] for g in gold}) >= 15
    assert sum(len(g["sentences"]) for g in gold) >= 200


def test_exact_match_precision_and_recall_on_hand_segmented_allsides_text():
    """Exact-match P/R of sentence spans against the hand segmentation (issue #2: aim >= 0.97)."""
    true_positive = predicted = actual = 0
    for passage in _gold():
        text = passage["text"]
        gold = _boundaries(text, passage["sentences"])
        ours = {(s.start, s.end) for s in split_sentences(text)}
        true_positive += len(gold & ours)
        predicted += len(ours)
        actual += len(gold)
    precision, recall = true_positive / predicted, true_positive / actual
    assert precision >= 0.97, precision
    assert recall >= 0.97, recall
