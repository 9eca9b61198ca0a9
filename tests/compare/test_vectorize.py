from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.compare import CompareOptions, count_terms, make_term_analyzer
from framing.errors import ConfigError, InputError
from framing.tokens import terms

TRICKY = [
    "Russia’s pro-Moscow forces fired 3.2 shells at 29,650 U.S. troops, didn't they?",
    "The States' 'false flag' claims: KIEV, Kiev’s, Kievan and Kyiv's.",
    "",
]


def test_analyzer_is_exactly_terms():
    lengths: list[int] = []
    analyze = make_term_analyzer(lengths)
    for text in TRICKY * 2:  # twice: the second pass reads the cache
        assert analyze(text) == terms(text)
    assert lengths == [len(terms(t)) for t in TRICKY * 2]


def test_counts_vocabulary_and_words():
    arts = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "outlet": ["X", "X", "Y"],
            "bias": ["left", "left", "right"],
            "is_english": [True, True, False],
            "text": ["Of the border wall.", "The border of the state.", "La frontera del estado."],
        }
    )
    counts = count_terms(arts, options=CompareOptions(min_df=1))
    # Spanish article left out; "of the" (stopwords only) dropped, "the border" kept
    assert list(counts.articles.index) == ["a", "b"]
    assert "of the" not in counts.vocabulary and "the" not in counts.vocabulary
    assert {"border", "the border", "border wall", "state"} <= set(counts.vocabulary)
    assert counts.n_words.tolist() == [4, 5]  # words still count every token
    assert counts.articles["bias"].tolist() == ["left", "left"]  # metadata travels
    assert counts.outlet_counts.shape == (1, len(counts.vocabulary))
    border = int(np.flatnonzero(counts.vocabulary == "border")[0])
    assert counts.outlet_counts[0, border] == 2 and counts.outlet_docs[0, border] == 2
    kept = count_terms(arts, options=CompareOptions(min_df=1, stopwords="keep"))
    assert "of the" in kept.vocabulary


def test_min_df_select_and_errors():
    arts = pd.DataFrame(
        {
            "article_id": [1, 2, 3],
            "outlet": ["X", "Y", "Y"],
            "text": ["Kiev war", "Kyiv war", "war"],
        }
    )
    counts = count_terms(arts, options=CompareOptions(ngram_range=(1, 1), min_df=2))
    assert list(counts.vocabulary) == ["war"]
    # default: a small corpus keeps terms of one article (Kiev vs Kyiv must stay visible)
    small = count_terms(arts, options=CompareOptions(ngram_range=(1, 1)))
    assert list(small.vocabulary) == ["kiev", "kyiv", "war"]
    assert CompareOptions().min_df_for(999) == 1 and CompareOptions().min_df_for(1000) == 2
    sub = counts.select(counts.articles["outlet"] == "Y")
    assert list(sub.outlets) == ["Y"] and sub.outlet_counts.toarray().tolist() == [[2]]
    assert sub.outlet_sizes()["n_words"].tolist() == [3]
    with pytest.raises(InputError):
        count_terms(arts, options=CompareOptions(min_df=5))
    with pytest.raises(ConfigError, match="'min_df' parameter of CompareOptions"):
        CompareOptions(min_df=0)
    with pytest.raises(ConfigError, match="'prior'"):
        CompareOptions(prior="uniform")


def test_ngrams_never_cross_a_sentence_boundary():
    arts = pd.DataFrame(
        {"article_id": ["a"], "outlet": ["X"], "text": ["Moscow said. Russia denied it."]}
    )
    counts = count_terms(arts, options=CompareOptions(min_df=1, stopwords="keep"))
    assert "said russia" not in set(counts.vocabulary)
    assert {"moscow said", "russia denied", "denied it"} <= set(counts.vocabulary)
    assert counts.n_words.tolist() == [5]


def test_every_counted_term_has_its_evidence(seed_corpus):
    """Each keyness row's count equals the KWIC hits for that term in that outlet's sentences."""
    from framing.compare import compare_lexicon, kwic

    lexical = compare_lexicon(seed_corpus.articles, seed_corpus.sentences, diversity=False)
    rows = lexical.keyness[lexical.keyness["count_group"] > 0]
    sample = rows.sample(n=300, random_state=0)
    for row in sample.itertuples():
        own = seed_corpus.sentences[seed_corpus.sentences["outlet"] == row.group]
        hits = kwic(own, row.term)
        assert len(hits) == row.count_group, (row.group, row.term)


@pytest.mark.parametrize(
    ("ngram_range", "min_df"), [((1, 1), 1), ((1, 2), 1), ((1, 2), 2), ((2, 3), 2), ((1, 3), 3)]
)
def test_counting_over_arrays_is_what_count_vectorizer_counts(seed_corpus, ngram_range, min_df):
    """``count_terms`` counts n-grams over arrays (``_count_ngrams``): the vocabulary, the
    counts (values, order, dtypes) and the words are those of scikit-learn's ``CountVectorizer``
    with ``make_term_analyzer``, which it replaced, and so are its errors."""
    from sklearn.feature_extraction.text import CountVectorizer

    from framing.compare.vectorize import _count_ngrams

    sentences = seed_corpus.sentences.groupby("article_id", sort=False)["text"].apply(list)
    documents = list(sentences) + [[], [""], TRICKY, ["Kiev", "Kiev Kiev", "kiev’s KIEV"]]
    lengths: list[int] = []
    vectorizer = CountVectorizer(
        analyzer=make_term_analyzer(lengths, ngram_range), min_df=min_df, dtype=np.int32
    )
    expected = vectorizer.fit_transform(documents).tocsr()
    expected.sort_indices()
    for chunk in (10**7, 300):  # the corpus at once, or a few documents at a time
        vocabulary, counts, words = _count_ngrams(documents, ngram_range, min_df, chunk)
        assert vocabulary.tolist() == vectorizer.get_feature_names_out().tolist()
        assert vocabulary.dtype == object and counts.has_sorted_indices
        for part in ("data", "indices", "indptr"):
            assert np.array_equal(getattr(counts, part), getattr(expected, part)), part
            assert getattr(counts, part).dtype == getattr(expected, part).dtype, part
        assert counts.shape == expected.shape and words.tolist() == lengths
        assert len(vocabulary) > 150


@pytest.mark.parametrize(
    ("documents", "ngram_range", "min_df"),
    [
        ([[], ["", "..."]], (1, 2), 1),  # no term at all
        ([["a b"], ["c d"]], (1, 2), 3),  # fewer documents than min_df
        ([["a b"], ["c d"], ["e"]], (1, 2), 2),  # every term in one document
        ([["a"], ["b"]], (2, 2), 1),  # no bigram
    ],
)
def test_counting_over_arrays_fails_as_count_vectorizer_does(documents, ngram_range, min_df):
    from sklearn.feature_extraction.text import CountVectorizer

    from framing.compare.vectorize import _count_ngrams

    vectorizer = CountVectorizer(
        analyzer=make_term_analyzer(None, ngram_range), min_df=min_df, dtype=np.int32
    )
    with pytest.raises(ValueError) as expected:
        vectorizer.fit_transform(documents)
    with pytest.raises(ValueError) as found:
        _count_ngrams(documents, ngram_range, min_df)
    assert str(found.value) == str(expected.value)


def test_each_article_gets_its_own_sentences_whatever_the_table_order(seed_corpus):
    """The sentence table need not be in article order, and may hold articles not counted."""
    articles = seed_corpus.articles
    sentences = seed_corpus.sentences
    options = CompareOptions(min_df=1)
    expected = count_terms(articles, sentences=sentences, options=options)
    shuffled = sentences.sample(frac=1.0, random_state=3)
    found = count_terms(articles, sentences=shuffled, options=options)
    assert found.vocabulary.tolist() == expected.vocabulary.tolist()
    assert (found.article_counts != expected.article_counts).nnz == 0
    assert found.n_words.tolist() == expected.n_words.tolist()
    fewer = count_terms(articles.iloc[1:], sentences=shuffled, options=options)
    alone = count_terms(
        articles.iloc[1:],
        sentences=sentences[sentences["article_id"] != articles["article_id"].iloc[0]],
        options=options,
    )
    assert fewer.vocabulary.tolist() == alone.vocabulary.tolist()
    assert (fewer.article_counts != alone.article_counts).nnz == 0
    assert fewer.article_counts.shape[0] == len(articles) - 1
