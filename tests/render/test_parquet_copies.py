"""The Parquet copies beside the large CSVs, and reading a written table back (``read_table``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing import InputError, read_table
from framing.annotate import DEFAULT_ANNOTATORS
from framing.render import write
from framing.render.write import data_tables
from framing.schema import table_specs


def text_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each category's ``object`` labels as ``str``: Arrow stores text one way,
    and pandas reads it back as ``str`` (the values are the same)."""
    frame = frame.copy()
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype) and column.cat.categories.dtype == object:
            frame[name] = column.cat.rename_categories(column.cat.categories.astype("str"))
    return frame


def test_a_table_of_10_000_rows_or_more_gets_a_parquet_copy(seed_result, monkeypatch):
    small = data_tables(seed_result)  # the seed corpus: keyness, its largest, has 3,652 rows
    assert sorted(n for n in small if n.endswith(".parquet")) == ["sentences.parquet"]
    monkeypatch.setattr(write, "PARQUET_COPY_ROWS", len(seed_result.keyness))
    copied = data_tables(seed_result)
    assert sorted(n for n in copied if n.endswith(".parquet")) == [
        "keyness.parquet",
        "sentences.parquet",
    ]
    assert copied["keyness.parquet"] is copied["keyness.csv"] is seed_result.keyness


@pytest.fixture(scope="module")
def copied_report(seed_result, tmp_path_factory) -> Path:
    """The seed result written with a Parquet copy of every CSV table."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(write, "PARQUET_COPY_ROWS", 0)
        return seed_result.write(tmp_path_factory.mktemp("copies") / "report")


def test_every_parquet_file_reads_back_as_the_table_the_run_made(seed_result, copied_report):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(write, "PARQUET_COPY_ROWS", 0)
        written = data_tables(seed_result)
    files = sorted(p.name for p in (copied_report / "data").iterdir())
    assert files == sorted(written)
    parquet = [name for name in files if name.endswith(".parquet")]
    assert len(parquet) == len(seed_result.tables) == 21
    for name in parquet:
        back = read_table(copied_report / "data" / name)
        expected = text_categories(written[name]).reset_index(drop=True)
        pd.testing.assert_frame_equal(back, expected, check_exact=True, obj=name)


def test_read_table_prefers_the_parquet_copy_and_falls_back_to_the_csv(
    seed_result, copied_report, seed_report
):
    exact = read_table(copied_report, "keyness")
    assert exact["z"].tolist() == seed_result.keyness["z"].tolist()  # not rounded
    from_csv = read_table(seed_report, "keyness")  # no copy: the CSV, with its documented dtypes
    assert from_csv["z"].tolist() != exact["z"].tolist()
    assert from_csv["z"].tolist() == [float(f"{z:.6g}") for z in exact["z"]]


def test_a_csv_reads_back_with_its_documented_dtypes_and_its_values(seed_result, seed_report):
    keyness = read_table(seed_report / "data" / "keyness.csv")
    columns = table_specs(DEFAULT_ANNOTATORS)["keyness"].columns
    assert [str(keyness[c.name].dtype) for c in columns] == [c.dtype for c in columns]
    made = seed_result.keyness
    for column in ("group", "term"):
        assert keyness[column].tolist() == made[column].astype(str).tolist()
    assert keyness["count_group"].tolist() == made["count_group"].tolist()
    assert keyness["significant"].tolist() == made["significant"].tolist()
    quotes = read_table(seed_report, "quotes")  # missing text comes back empty, never NaN
    assert quotes["speaker"].isna().sum() == 0
    assert (quotes["speaker"] == "").sum() == seed_result.tables["quotes"]["speaker"].fillna("").eq(
        ""
    ).sum()


def test_read_table_names_a_missing_table(seed_report):
    with pytest.raises(InputError) as raised:
        read_table(seed_report, "keynes")
    assert str(raised.value) == (
        f"{seed_report / 'data' / 'keynes.csv'}: no such table; give a report folder and a "
        "table's name"
    )
