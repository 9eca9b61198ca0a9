"""Quotation spans and the sentences inside them."""

from __future__ import annotations

import pandas as pd

import framing
from framing.annotate import DEFAULT_ANNOTATORS, annotate, find_quotes
from framing.lexicons import read_records

PAIRS = {r["open"]: r["close"] for r in read_records("quote_marks.csv")}


def quoted(text: str) -> list[str]:
    return [text[start:end] for start, end, _ in find_quotes(text, PAIRS)]


def test_curly_straight_and_single_quotes():
    assert quoted("He said “we won” and “we will win again.”") == ["we won", "we will win again."]
    assert quoted('"It is over," she said. "Go home."') == ["It is over,", "Go home."]
    assert quoted("The BBC wrote: 'Talks have failed,' the minister said.") == [
        "Talks have failed,"
    ]


def test_apostrophes_are_not_quotation_marks():
    text = "Russia’s envoy didn’t say the ’90s were over; it's the Smiths' house."
    assert quoted(text) == []
    assert quoted("He called it ‘a sham’ and Kyiv’s reply ‘a lie.’") == ["a sham", "a lie."]


def test_a_quote_within_a_quote_is_part_of_it():
    text = "“He told me, ‘Greg, we’re under attack,’ and hung up,” she said."
    assert quoted(text) == ["He told me, ‘Greg, we’re under attack,’ and hung up,"]


def test_a_quote_open_at_the_end_of_a_paragraph_runs_to_its_end():
    text = "“We will not stop. We will go on\n“Until the end,” he added."
    assert quoted(text) == ["We will not stop. We will go on", "Until the end,"]
    assert quoted("A stray ‘ mark here.") == []  # single marks must close in their paragraph


def test_quotes_table_and_in_quote_on_a_corpus(make_corpus):
    root = make_corpus(
        {
            "a/one.txt": (
                "A headline\n"
                "“We will not accept this. It is an outrage,” the minister said. "
                "Officials called the plan “a provocation” on Monday and left the talks early. "
                "The talks will resume next week in Geneva, according to the foreign ministry."
            ),
        }
    )
    corpus = framing.load_corpus(root)
    annotated = annotate(corpus.articles, corpus.sentences, DEFAULT_ANNOTATORS, jobs=1)
    quotes = annotated.spans["quote_marks"]
    assert quotes[["quote_id", "sentence_id", "kind", "text"]].values.tolist() == [
        [0, 0, "direct", "We will not accept this. It is an outrage,"],
        [1, 2, "partial", "a provocation"],
    ]
    text = corpus.articles["text"].iloc[0]
    assert all(text[s:e] == t for s, e, t in quotes[["start", "end", "text"]].values)
    sentences = annotated.sentences
    # the headline is its own row, first; annotators read the body, so its flags stay false
    assert sentences[["sentence_id", "is_headline", "text"]].iloc[0].tolist() == [
        -1,
        True,
        "A headline",
    ]
    assert sentences["in_quote"].tolist() == [False, True, False, False, False]
    assert sentences["quote_share"].iloc[3] == pytest_approx_share(sentences["text"].iloc[3])
    assert isinstance(quotes, pd.DataFrame) and quotes["mark"].tolist() == ["“", "“"]
    assert quotes["open_end"].tolist() == [False, False]
    attributed = annotated.spans["quotes"]
    assert attributed[["kind", "speaker", "verb", "verb_class"]].values.tolist() == [
        ["direct", "minister", "say", "neutral"],
        ["partial", "Officials", "call", "other"],
        ["indirect", "foreign ministry", "according to", "neutral"],
    ]
    assert attributed["text"].iloc[2] == "The talks will resume next week in Geneva"


def pytest_approx_share(sentence: str) -> float:
    inside = sum(not c.isspace() for c in "a provocation")
    return inside / sum(not c.isspace() for c in sentence)
