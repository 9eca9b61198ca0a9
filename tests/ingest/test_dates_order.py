"""Numeric dates are never read month-first by guess (issue 16, item 2)."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from framing.cli import main
from framing.config import IngestOptions
from framing.ingest import read_corpus
from framing.ingest.dates import numeric_order, parse_dates
from tests.conftest import BODY


def test_the_date_itself_settles_what_it_can():
    assert [numeric_order(v) for v in ["17/03/2024", "03/17/2024", "03/02/2022", "5.5.2022"]] == [
        "dayfirst",
        "monthfirst",
        "ambiguous",
        "dayfirst",  # the same either way
    ]


def test_one_file_one_convention():
    values = pd.Series(["17/03/2024", "03/02/2022", "04/01/2022", "03/02/2022"])
    files = pd.Series(["a.csv", "a.csv", "b.csv", "b.csv"])
    dates, problems, ambiguous = parse_dates(values, files)
    assert [d.date().isoformat() for d in dates] == [
        "2024-03-17",
        "2022-02-03",  # a.csv writes day first: its 17/03 settles it
        "2022-04-01",  # b.csv settles nothing: month first, flagged
        "2022-03-02",
    ]
    assert ambiguous.tolist() == [False, False, True, True]
    assert problems[3] == (
        "ambiguous date '03/02/2022': read month first as 2022-03-02, could be 2022-02-03; "
        "set dayfirst to settle it"
    )
    settled, _, flagged = parse_dates(values, files, dayfirst=True)
    assert settled[3].date().isoformat() == "2022-02-03" and not flagged.any()


def test_ambiguous_dates_are_not_exact_and_are_logged(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        f'outlet,text,date\nA,"{BODY}",03/02/2022\nB,"{BODY} More.",2022-03-05\n',
        encoding="utf-8",
    )
    articles, log, _ = read_corpus(path)
    assert articles["date_exact"].tolist() == [False, True]
    assert [e.reason for e in log if e.action == "flagged"] == ["ambiguous_date"]
    articles, log, _ = read_corpus(path, options=IngestOptions(dayfirst=True))
    assert articles["date_exact"].tolist() == [True, True]
    assert articles["date"].iloc[0].date().isoformat() == "2022-02-03"


def test_dayfirst_on_the_command_line(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(f'outlet,text,date\nA,"{BODY}",03/02/2022\n', encoding="utf-8")
    runner = CliRunner()
    flagged = runner.invoke(main, ["validate", str(path), "-q"])
    assert "ambiguous date '03/02/2022'" in flagged.output
    settled = runner.invoke(main, ["validate", str(path), "-q", "--dayfirst"])
    assert "ambiguous" not in settled.output and "2022-02-03" in settled.output


@pytest.mark.hostile
def test_short_years_and_impossible_times_are_never_taken_as_exact():
    """Before: '1/1/1' became 2001-01-01 marked exact, and a '+99:00' offset was dropped
    without a word."""
    values = pd.Series(
        [
            "1/1/1",
            "Jan 17, 22",
            "2022-01-17T10:00:00+99:00",
            "2022-02-18T25:00",
            "2022-01-17T10:00+05:00",
            "9/20/16",
        ]
    )
    dates, problems, inexact = parse_dates(values)
    assert [None if pd.isna(d) else d.date().isoformat() for d in dates] == [
        None,
        "2022-01-17",
        "2022-01-17",
        "2022-02-18",
        "2022-01-17",
        "2016-09-20",
    ]
    assert inexact.tolist() == [False, True, False, False, False, True]
    assert problems.tolist() == [
        "no four-digit year in '1/1/1': which number is the year would be a guess; left missing",
        "two-digit year in 'Jan 17, 22': read as 2022, not exact",
        "impossible UTC offset in '2022-01-17T10:00:00+99:00': the date is kept as printed",
        "impossible time in '2022-02-18T25:00': the date is kept as printed",
        None,
        "two-digit year in '9/20/16': read as 2016, not exact",
    ]
