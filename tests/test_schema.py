"""Tables written match the documented schema, and every table has one."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from framing.annotate import DEFAULT_ANNOTATORS
from framing.compare import KEYNESS_COLUMNS
from framing.compare.diversity import ARTICLE_COLUMNS, OUTLET_COLUMNS
from framing.render.write import data_tables
from framing.schema import ARTICLE_METRICS, KEYNESS, OUTLET_METRICS, table_specs


def test_schemas_match_the_code_that_makes_the_tables():
    assert [c.name for c in KEYNESS] == list(KEYNESS_COLUMNS)
    assert [c.name for c in OUTLET_METRICS] == list(OUTLET_COLUMNS)
    assert [c.name for c in ARTICLE_METRICS] == list(ARTICLE_COLUMNS)


def test_every_table_written_has_its_documented_columns(seed_result):
    result = seed_result
    specs = {t.file: t for t in table_specs(DEFAULT_ANNOTATORS).values()}
    tables = data_tables(result)
    assert set(tables) == set(specs)  # the seed run makes every table there is
    for file, frame in tables.items():
        names = [c.name for c in specs[file].columns]
        assert list(frame.columns[: len(names)]) == names, file
        if file != "articles.csv":  # articles keep users' own metadata columns after them
            assert list(frame.columns) == names, file


def test_a_table_without_a_schema_is_not_written(seed_result):
    mystery = pd.DataFrame({"x": [1]})
    result = dataclasses.replace(seed_result, tables={**seed_result.tables, "mystery": mystery})
    with pytest.raises(ValueError, match="table 'mystery' has no schema"):
        data_tables(result)
