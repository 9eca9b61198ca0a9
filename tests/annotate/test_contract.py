"""Every registered annotator keeps the contract (by being registered), and the contract check
itself catches what breaks it: missing or extra columns, wrong dtypes, an empty result, a span
outside its article, a mutated input, output that depends on the other articles."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.annotate import (
    DEFAULT_ANNOTATORS,
    Annotation,
    Annotator,
    SpanTable,
    check_annotator,
)
from framing.schema import Column

IDS = [a.name for a in DEFAULT_ANNOTATORS]


@pytest.mark.parametrize("annotator", DEFAULT_ANNOTATORS, ids=IDS)
def test_registered_annotators_keep_the_contract_on_the_seed_corpus(annotator, seed_corpus):
    check_annotator(
        annotator, seed_corpus.articles, seed_corpus.sentences, registry=DEFAULT_ANNOTATORS
    )


@pytest.mark.parametrize("annotator", DEFAULT_ANNOTATORS, ids=IDS)
def test_registered_annotators_keep_the_contract_on_allsides(annotator, allsides_slice):
    articles = allsides_slice.articles.iloc[:60]
    sentences = allsides_slice.sentences[
        allsides_slice.sentences["article_id"].isin(articles["article_id"])
    ]
    check_annotator(annotator, articles, sentences, registry=DEFAULT_ANNOTATORS)


COLUMN = (Column("score", "int64", "A test column."),)
SPANS = (
    SpanTable(
        "marks",
        (
            Column("article_id", "string", "Article."),
            Column("start", "int64", "Start."),
            Column("end", "int64", "End."),
        ),
        "mark",
    ),
)


def _columns(function) -> Annotator:
    return Annotator(name="broken", function=function, columns=COLUMN)


def _spans(function) -> Annotator:
    return Annotator(name="broken", function=function, spans=SPANS)


def _marks(given, start_of, end_of) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": given.articles["article_id"].astype("string"),
            "start": [start_of(t) for t in given.articles["text"]],
            "end": [end_of(t) for t in given.articles["text"]],
        }
    ).astype({"start": "int64", "end": "int64"})


BROKEN = {
    "empty result": (
        _columns(lambda g: Annotation(pd.DataFrame(index=g.sentences.index))),
        "columns",
    ),
    "no result": (_columns(lambda g: Annotation()), "returned none"),
    "wrong dtype": (
        _columns(lambda g: Annotation(pd.DataFrame({"score": "x"}, index=g.sentences.index))),
        "declared int64",
    ),
    "extra column": (
        _columns(
            lambda g: Annotation(pd.DataFrame({"score": 1, "other": 2}, index=g.sentences.index))
        ),
        "columns",
    ),
    "different index": (
        _columns(lambda g: Annotation(pd.DataFrame({"score": [1] * len(g.sentences)}))),
        "index",
    ),
    "span outside its article": (
        _spans(lambda g: Annotation(spans={"marks": _marks(g, lambda t: 0, lambda t: len(t) + 5)})),
        "outside",
    ),
    "span table missing": (_spans(lambda g: Annotation()), "span tables"),
    "mutates its input": (
        _columns(
            lambda g: (
                g.sentences.__setitem__("text", "changed"),
                Annotation(pd.DataFrame({"score": 1}, index=g.sentences.index)),
            )[1]
        ),
        "mutated",
    ),
    "depends on the other articles": (
        _columns(
            lambda g: Annotation(pd.DataFrame({"score": len(g.articles)}, index=g.sentences.index))
        ),
        "one article alone",
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_the_contract_check_fails_a_broken_annotator(case, seed_corpus):
    annotator, message = BROKEN[case]
    with pytest.raises(AssertionError, match=message):
        check_annotator(annotator, seed_corpus.articles, seed_corpus.sentences)
