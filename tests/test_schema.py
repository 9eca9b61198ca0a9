"""Tables written match the documented schema."""

from __future__ import annotations

from framing.compare import KEYNESS_COLUMNS
from framing.render.write import data_tables
from framing.schema import ARTICLES, KEYNESS, LOG, OUTLETS, SENTENCE_ANNOTATIONS, SENTENCES


def test_keyness_schema_matches_the_code():
    assert [c.name for c in KEYNESS] == list(KEYNESS_COLUMNS)


def test_written_tables_have_the_documented_columns(seed_corpus):
    import framing

    tables = data_tables(framing.analyze(seed_corpus))
    assert list(tables["articles.csv"].columns[: len(ARTICLES) - 1]) == [
        c.name for c in ARTICLES if c.name != "text"
    ]
    assert list(tables["sentences.parquet"].columns) == [
        c.name for c in SENTENCES + SENTENCE_ANNOTATIONS
    ]
    assert list(tables["log.csv"].columns) == [c.name for c in LOG]
    assert list(tables["outlets.csv"].columns) == [c.name for c in OUTLETS]
    assert list(tables["keyness.csv"].columns) == [c.name for c in KEYNESS]
