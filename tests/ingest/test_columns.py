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


# --- CSV structure: rows never shift (issue 23) ---------------------------------------------


def _load_csv(tmp_path, text: str, name: str = "t.csv", **options):
    from framing.config import IngestOptions

    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return read_corpus(path, options=IngestOptions(**options))


def _rejected(log) -> list[tuple[str, str, str]]:
    return [(e.source, e.reason, e.detail) for e in log if e.action == "rejected"]


@pytest.mark.hostile
def test_a_row_with_a_field_too_many_or_too_few_is_rejected_alone_with_its_line(tmp_path):
    rows = [f'Outlet{i},Headline {i},"{BODY} {i}"' for i in range(6)]
    rows[2] += ",oops"  # line 4
    rows[4] = "Outlet4,Headline 4"  # line 6
    articles, log, _ = _load_csv(tmp_path, "outlet,title,text\n" + "\n".join(rows) + "\n")
    assert list(articles.outlet) == ["Outlet0", "Outlet1", "Outlet3", "Outlet5"]
    assert list(articles.title) == ["Headline 0", "Headline 1", "Headline 3", "Headline 5"]
    assert articles.body.iloc[2] == f"{BODY} 3"
    assert _rejected(log) == [
        ("t.csv:row 3", "bad_row", "line 4: 4 fields, header has 3"),
        ("t.csv:row 5", "bad_row", "line 6: 2 fields, header has 3"),
    ]


@pytest.mark.hostile
def test_an_unquoted_comma_in_every_row_refuses_the_table_instead_of_shifting_it(tmp_path):
    # BODY holds a comma: unquoted, every row has one field more than the header. pandas took
    # the first column as the index: outlet became the headline, the text was cut, nothing said.
    rows = [f"Outlet{i},Headline {i},{BODY}" for i in range(5)]
    articles, log, _ = _load_csv(tmp_path, "outlet,title,text\n" + "\n".join(rows) + "\n")
    assert articles.empty
    assert _rejected(log) == [
        (
            "t.csv",
            "bad_table",
            "5 of 5 rows do not have the header's 3 fields (first: line 2, 4 fields): a ',' "
            "inside fields that are not quoted? Quote such fields, or export with another "
            "delimiter",
        )
    ]


def test_quoted_line_breaks_delimiters_and_quotes_stay_inside_their_field(tmp_path):
    text = 'He said ""yes"", then; left,\r\nand\nthen ' + BODY
    csv_text = (
        "id;outlet;text\r\n"
        f'a1;"Left; Daily";"{text}"\r\n'
        "\r\n"  # a blank line is not a row
        f"a2;Right Times;{BODY.replace(',', '')}\r\n"
    )
    articles, log, _ = _load_csv(tmp_path, csv_text)
    assert list(articles.article_id) == ["a1", "a2"]
    assert articles.outlet.iloc[0] == "Left; Daily"
    assert articles.body.iloc[0] == text.replace('""', '"')
    assert _rejected(log) == []


@pytest.mark.hostile
def test_a_csv_row_over_the_row_limit_is_rejected_with_its_line_and_the_rest_loads(tmp_path):
    # the big cell is quoted, spans lines and holds quotes, delimiters and line breaks, so
    # skipping it must read quotes as the csv module does to find where the row ends
    cell = 'a "" b, c\n' * 3000  # lines 3 to 3003
    csv_text = (
        "outlet,title,text\n"
        f'A,T1,"{BODY}"\n'
        f'Big,T2,"{cell}"\n'
        f"Long,T3,{'x' * 40_000}\n"
        f'B,"T4, quoted","{BODY} More."\n'
    )
    articles, log, _ = _load_csv(tmp_path, csv_text, max_file_mb=0.02)
    assert list(articles.outlet) == ["A", "B"]
    assert list(articles.title) == ["T1", "T4, quoted"]
    assert list(articles.source_path) == ["t.csv:row 1", "t.csv:row 4"]
    assert _rejected(log) == [
        ("t.csv:row 2", "bad_row", "line 3: row too large (over 20,000 bytes)"),
        ("t.csv:row 3", "bad_row", "line 3004: row too large (over 20,000 bytes)"),
    ]


def test_reading_a_csv_leaves_the_csv_modules_field_limit_as_it_was(tmp_path):
    import csv

    before = csv.field_size_limit()
    _load_csv(tmp_path, f'outlet,text\nA,"{BODY}"\n')
    assert csv.field_size_limit() == before


def test_repeated_and_blank_header_names_are_kept_apart(tmp_path):
    articles, _, _ = _load_csv(tmp_path, f'outlet,note,note,,text\nA,x,y,z,"{BODY}"\n')
    row = articles.iloc[0]
    assert (row["note"], row["note.1"], row["unnamed: 3"]) == ("x", "y", "z")


def test_a_table_of_more_than_a_thousand_columns_is_refused(tmp_path):
    header = ",".join(["outlet", "text", *(f"c{i}" for i in range(1000))])
    articles, log, _ = _load_csv(tmp_path, header + "\n" + ",".join(["A", BODY]) + "\n")
    assert articles.empty
    assert _rejected(log) == [
        (
            "t.csv",
            "bad_table",
            "the header has 1,002 columns (limit 1,000): not a table of articles",
        )
    ]


def test_a_legacy_encoding_that_shows_only_late_in_the_file_is_still_found(tmp_path):
    path = tmp_path / "export.csv"
    rows = [f'O{i % 3},"{BODY} {i}"' for i in range(800)]  # about 150 KB of ASCII
    rows.append('Café Press,"' + BODY + ' The café’s owner agreed."')
    path.write_bytes(("outlet,text\n" + "\n".join(rows) + "\n").encode("cp1252"))
    articles, log, _ = read_corpus(path)
    assert len(articles) == 801
    assert articles.outlet.iloc[-1] == "Café Press"
    assert articles.body.iloc[-1].endswith("The café’s owner agreed.")
    assert [(e.action, e.detail) for e in log] == [("decoded", "decoded as cp1252 (not UTF-8)")]


def test_a_utf16_spreadsheet_export_is_decoded_and_noted(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(f'outlet\ttext\r\nKyiv Post\t"{BODY} Kyiv’s"\r\n'.encode("utf-16"))
    articles, log, _ = read_corpus(path)
    assert (articles.outlet.iloc[0], articles.body.iloc[0]) == ("Kyiv Post", f"{BODY} Kyiv’s")
    assert [e.detail for e in log] == ["decoded as utf-16 (not UTF-8)"]


@pytest.mark.hostile
def test_a_manifest_row_with_a_field_too_many_is_rejected_not_shifted(make_corpus):
    manifest = (
        "path,outlet,title\n"
        "o/a.txt,Outlet A,Talks resume\n"
        "o/b.txt,Outlet B,Talks, then war\n"  # unquoted comma: 4 fields
    )
    root = make_corpus(
        {"manifest.csv": manifest, "o/a.txt": f"T\n{BODY}", "o/b.txt": f"U\n{BODY} b"}
    )
    articles, log, _ = read_corpus(root)
    by_id = articles.set_index("article_id")
    assert (by_id.loc["o/a", "outlet"], by_id.loc["o/a", "title"]) == ("Outlet A", "Talks resume")
    assert by_id.loc["o/b", "outlet"] == "o"  # the file loads on its own, with its folder's name
    assert _rejected(log) == [
        ("manifest.csv:row 2", "bad_manifest_row", "line 3: 4 fields, header has 3")
    ]


@pytest.mark.hostile
def test_blank_lines_before_the_header_are_counted_not_kept(tmp_path):
    """Every blank line before the header was kept in memory (10 MB of them cost 400 MB); now
    they are only counted, and line numbers stay right."""
    path = tmp_path / "t.csv"
    path.write_text(" \n" * 100_000 + f'outlet,text\nA,"{BODY}"\nB,"x,y",z\n', encoding="utf-8")
    articles, log, _ = read_corpus(path)
    assert list(articles["outlet"]) == ["A"]
    assert [(e.source, e.detail) for e in log if e.action == "rejected"] == [
        ("t.csv:row 2", "line 100003: 3 fields, header has 2")
    ]
