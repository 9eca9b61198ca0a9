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
    # failure classes found on text the splitter was not built on (issue 13)
    ("The court overturned Roe v. Wade in June.", ["The court overturned Roe v. Wade in June."]),
    (
        "It was then-Gov. Wallace who stood there. Now-Sen. Smith agreed.",
        ["It was then-Gov. Wallace who stood there.", "Now-Sen. Smith agreed."],
    ),
    ("[United States v.] Miller said so.", ["[United States v.] Miller said so."]),
    ("“Is that true?” Sen. Graham asked.", ["“Is that true?” Sen. Graham asked."]),
    (
        "“Are you kidding?” Kyrgios shouted at him. “No,” he said.",
        ["“Are you kidding?” Kyrgios shouted at him.", "“No,” he said."],
    ),
    (
        "Is that right? Rep. Smith asked the witness.",
        ["Is that right?", "Rep. Smith asked the witness."],
    ),
    ("See p. 12 for the list.", ["See p. 12 for the list."]),
    ("3. Brett Kavanaugh, 52, of the D.C. Court.", ["3. Brett Kavanaugh, 52, of the D.C. Court."]),
    ("1. Prices rose 2. Wages fell", ["1. Prices rose", "2. Wages fell"]),
    ("1. Prices rose. 2. Wages fell.", ["1. Prices rose.", "2. Wages fell."]),
    ("Wait . . . Then it came.", ["Wait . . .", "Then it came."]),
    (
        "All he cares about is . . . Donald J. Trump, he said.",
        ["All he cares about is . . . Donald J. Trump, he said."],
    ),
    ("She paid it in … 2014.", ["She paid it in … 2014."]),
    (
        "It is not a choice. . . . We are a society.",
        ["It is not a choice.", ". . . We are a society."],
    ),
    (
        "The treaty ended the war.[2] The treaty was signed.",
        ["The treaty ended the war.[2]", "The treaty was signed."],
    ),
    ("The talks failed.The minister resigned.", ["The talks failed.", "The minister resigned."]),
    ("Mail jane.Doe@example.com today.", ["Mail jane.Doe@example.com today."]),
    (
        "Sad to mar a final that way. https://t.co/xh — James Blake",
        ["Sad to mar a final that way.", "https://t.co/xh — James Blake"],
    ),
    (
        "We make a team, you and I. Did you see Albert I. Jones?",
        ["We make a team, you and I.", "Did you see Albert I. Jones?"],
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


def _gold(path=FIXTURES / "segmentation_gold.jsonl") -> list[dict]:
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


def _precision_recall(path) -> tuple[float, float]:
    true_positive = predicted = actual = 0
    for passage in _gold(path):
        text = passage["text"]
        gold = _boundaries(text, passage["sentences"])
        ours = {(s.start, s.end) for s in split_sentences(text)}
        true_positive += len(gold & ours)
        predicted += len(ours)
        actual += len(gold)
    return true_positive / predicted, true_positive / actual


@pytest.mark.parametrize(
    "fixture",
    ["segmentation_gold.jsonl", "segmentation_gold_2.jsonl"],
    ids=["built-on", "independent"],
)
def test_exact_match_precision_and_recall_on_hand_segmented_news(fixture):
    """Exact-match P/R of sentence spans against hand segmentations (issue 13: >= 0.97 on each;
    measured 0.994/0.997 and 0.989/0.985 with ``benchmarks/check_segmentation.py``)."""
    precision, recall = _precision_recall(FIXTURES / fixture)
    assert precision >= 0.98, precision
    assert recall >= 0.98, recall


def test_classic_hard_cases():
    """52 of the 53 hand-written hard cases (``segmentation_hard_cases.jsonl``) come out right;
    the known miss is a dotted initialism before a capitalised common word."""
    misses = []
    for case in _gold(FIXTURES / "segmentation_hard_cases.jsonl"):
        if sentence_texts(case["text"]) != case["sentences"]:
            misses.append(case["text"])
    assert misses == [
        "Thousands of families moved to the U.S. Thousands more followed a year later."
    ]
