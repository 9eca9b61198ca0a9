"""Every annotator keeps the contract: same index, declared columns only, pure per article."""

from __future__ import annotations

import pytest

from framing.annotate import DEFAULT_ANNOTATORS, annotate, check_annotator
from framing.schema import SENTENCE_ANNOTATIONS


@pytest.mark.parametrize("annotator", DEFAULT_ANNOTATORS, ids=[a.name for a in DEFAULT_ANNOTATORS])
def test_annotator_contract(annotator, seed_corpus):
    check_annotator(annotator, seed_corpus.sentences)


def test_declared_columns_are_documented_in_the_schema():
    declared = [c for a in DEFAULT_ANNOTATORS for c in a.columns]
    assert declared == list(SENTENCE_ANNOTATIONS)


def test_annotate_adds_columns_without_touching_the_input(seed_corpus):
    sentences = seed_corpus.sentences
    annotated = annotate(sentences, DEFAULT_ANNOTATORS)
    assert list(annotated.columns) == [*sentences.columns, "n_words"]
    assert annotated.loc[sentences.index[1], "n_words"] == len(sentences.iloc[1].text.split())
    assert "n_words" not in sentences.columns
