"""What users bring: a spreadsheet export with its own column names and delimiter."""

from __future__ import annotations

import pytest

from framing.ingest import read_corpus
from framing.ingest.tables import normalise_record, unused_columns
from tests.conftest import BODY


def test_spreadsheet_columns_map_to_the_contract(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "source,headline,body,published,link\n"
        f'Left Daily,Talks collapse,"{BODY}",2022-03-01,https://example.org/a\n',
        encoding="utf-8",
    )
    articles, log, _ = read_corpus(path)
    row = articles.iloc[0]
    assert (row.outlet, row.title, row.url) == (
        "Left Daily",
        "Talks collapse",
        "https://example.org/a",
    )
    assert str(row.date.date()) == "2022-03-01"
    assert not any(entry.reason == "unused_columns" for entry in log)


def test_columns_that_look_used_but_are_not_are_named_in_the_log(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        f'outlet,title,headline,text,pub_time\nLeft Daily,T,Another headline,"{BODY}",10:30\n',
        encoding="utf-8",
    )
    articles, log, _ = read_corpus(path)
    notes = [(e.action, e.detail) for e in log if e.reason == "unused_columns"]
    assert notes == [
        (
            "flagged",
            "columns that look like a title, date, outlet or text but were not used: "
            "headline (title was used), pub_time",
        )
    ]
    assert articles.iloc[0]["headline"] == "Another headline"  # kept, as an extra column


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_delimiter_is_sniffed(tmp_path, delimiter):
    path = tmp_path / "export.csv"
    body = BODY.replace(delimiter, " ")
    path.write_text(
        delimiter.join(["outlet", "title", "text"])
        + "\n"
        + delimiter.join(["Left Daily", "A title", body])
        + "\n",
        encoding="utf-8",
    )
    articles, _, _ = read_corpus(path)
    assert (articles.iloc[0].outlet, articles.iloc[0].title) == ("Left Daily", "A title")


def test_a_header_two_delimiters_split_alike_is_refused_clearly(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(f"outlet;title,text\nX;Y,{BODY}\n", encoding="utf-8")
    _, log, _ = read_corpus(path)
    assert [(e.reason, e.detail) for e in log if e.action == "rejected"] == [
        ("bad_table", "cannot tell the CSV delimiter: ',' and ';' split the header alike")
    ]


def test_the_first_alias_wins_and_the_others_stay():
    record = normalise_record({"Headline": "H", "Title": "T", "Body": "B", "Pubdate": "2022"})
    assert record == {"text": "B", "title": "T", "date": "2022", "headline": "H"}
    assert unused_columns(["Headline", "Title", "Body"]) == ["headline (title was used)"]


SHEET = 'story_id,paper,hed,copy,when\nx1,Left Daily,Talks collapse,"{body}",2022-03-01\n'


def _sheet(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET.format(body=BODY), encoding="utf-8")
    return path


def test_columns_option_maps_a_layout_no_alias_knows(tmp_path):
    from framing.config import IngestOptions

    path = _sheet(tmp_path)
    options = IngestOptions(
        columns=("text=copy", "title=hed", "outlet=paper", "date=when", "article_id=story_id")
    )
    articles, log, _ = read_corpus(path, options=options)
    row = articles.iloc[0]
    assert (row.article_id, row.outlet, row.title) == ("x1", "Left Daily", "Talks collapse")
    assert str(row.date.date()) == "2022-03-01"
    without, log, _ = read_corpus(path)
    assert without.empty and "no text column" in log[0].detail


def test_columns_from_the_command_line_and_framing_toml(tmp_path):
    from click.testing import CliRunner

    from framing.cli import main

    path = _sheet(tmp_path)
    runner = CliRunner()
    result = runner.invoke(
        main, ["validate", str(path), "-q", "--columns", "text=copy,outlet=paper,title=hed"]
    )
    assert result.exit_code == 0, result.output
    assert "1 articles from 1 outlets" in result.output and "Left Daily" in result.output
    (tmp_path / "sheet.csv.framing.toml").write_text(
        '[ingest]\ncolumns = ["text=copy", "outlet=paper"]\n', encoding="utf-8"
    )
    assert runner.invoke(main, ["validate", str(path), "-q"]).exit_code == 0
    bad = runner.invoke(main, ["validate", str(path), "-q", "--columns", "headline"])
    assert bad.exit_code == 2
    assert "The 'columns' parameter of IngestOptions must be a list of field=column" in bad.output
