"""Every input form of the contract loads to the same article table."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

import framing
from framing.ingest import read_corpus
from tests.conftest import BODY

HTML = f"""<!DOCTYPE html><html><head><title>Talks to resume | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2022-02-18T10:00:00Z">
<script>document.location = "http://evil.example/";</script></head>
<body><nav>Home | World | Sports</nav><article><h1>Talks to resume</h1>
<p>{BODY}</p><p>{BODY.replace("Monday", "Tuesday")}</p></article>
<footer>Copyright Example News</footer></body></html>"""


def test_plain_text_header_title_date_url(make_corpus):
    root = make_corpus(
        {"hill/a.txt": f"A headline without a stop\n20220117\nhttps://x.test/a\n{BODY}\n"}
    )
    articles, log, _ = read_corpus(root)
    row = articles.iloc[0]
    assert (row.title, row.url, row.outlet, row.article_id) == (
        "A headline without a stop",
        "https://x.test/a",
        "hill",
        "hill/a",
    )
    assert row.date == pd.Timestamp("2022-01-17")
    assert row.body.strip() == BODY
    assert log == []


def test_first_line_that_is_a_paragraph_is_not_taken_as_title(make_corpus):
    root = make_corpus({"o/a.txt": BODY + "\n\nSecond paragraph of the story goes here today."})
    row = read_corpus(root)[0].iloc[0]
    assert pd.isna(row.title)
    assert row.body.startswith("Officials in the capital")


def test_markdown_heading_is_the_title(make_corpus):
    root = make_corpus({"o/a.md": f"# Talks resume.\n\n{BODY}"})
    assert read_corpus(root)[0].iloc[0].title == "Talks resume."


def test_manifest_wins_over_header_and_gives_outlet_and_exactness(make_corpus):
    manifest = (
        "path,outlet,title,date,date_exact,url\n"
        "x/a.txt,Outlet X,Real title,2022-02-19,false,https://x.test/real\n"
    )
    root = make_corpus({"manifest.csv": manifest, "x/a.txt": f"Real title\n2021-01-01\n{BODY}"})
    row = read_corpus(root)[0].iloc[0]
    assert (row.outlet, row.title, row.url) == ("Outlet X", "Real title", "https://x.test/real")
    assert row.date == pd.Timestamp("2022-02-19")
    assert row.date_exact is False or row.date_exact == False  # noqa: E712 (pandas boolean)
    assert not row.body.startswith("Real title")


def test_html_main_text_and_metadata_without_running_scripts(make_corpus):
    root = make_corpus({"ex/page.html": HTML})
    row = read_corpus(root)[0].iloc[0]
    assert row.title.startswith("Talks to resume")
    assert row.date == pd.Timestamp("2022-02-18")
    assert "Officials in the capital" in row.body
    assert "Home | World" not in row.body and "document.location" not in row.body
    assert row.site_name == "Example News"


def test_json_article_file_with_aliases(make_corpus):
    record = {"id": "j1", "headline": "x", "title": "T", "content": BODY, "date": "2022-03-01"}
    root = make_corpus({"o/a.json": json.dumps(record)})
    row = read_corpus(root)[0].iloc[0]
    assert (row.article_id, row.title, row.outlet, row.headline) == ("j1", "T", "o", "x")


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".json", ".csv", ".csv.gz", ".parquet"])
def test_table_forms_with_alias_columns(tmp_path, suffix):
    frame = pd.DataFrame(
        {
            "id": ["a1", "a2"],
            "source": ["Left Daily", "Right Times"],
            "body": [BODY, BODY + " More."],
            "date": ["2020-01-02", ""],
            "bias": ["left", "right"],
        }
    )
    path = tmp_path / f"table{suffix}"
    if suffix.startswith(".jsonl"):
        text = "\n".join(json.dumps(r) for r in frame.to_dict(orient="records"))
        path.write_bytes(gzip.compress(text.encode()) if suffix.endswith(".gz") else text.encode())
    elif suffix == ".json":
        path.write_text(json.dumps(frame.to_dict(orient="records")))
    elif suffix.startswith(".csv"):
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path)
    articles, log, _ = read_corpus(path)
    assert list(articles.article_id) == ["a1", "a2"]
    assert list(articles.outlet) == ["Left Daily", "Right Times"]
    assert list(articles.bias) == ["left", "right"]
    assert articles.date.iloc[0] == pd.Timestamp("2020-01-02") and pd.isna(articles.date.iloc[1])
    assert articles.source_path.iloc[1] == f"table{suffix}:row 2"
    assert log == []


def test_allsides_slice_loads_as_it_is(allsides_slice):
    articles = allsides_slice.articles
    assert len(articles) == 300 and articles.outlet.nunique() == 75
    assert set(articles.bias) == {"left", "center", "right"}
    assert allsides_slice.rejected.empty
    assert articles.is_english.sum() >= 298


def test_loading_never_modifies_inputs(make_corpus):
    root = make_corpus(
        {"o/a.txt": f"Title\n{BODY}", "o/b.txt": "", "manifest.csv": "path,outlet\nz.txt,Z\n"}
    )
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    framing.load_corpus(root)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_input_hash_changes_with_any_file_and_ignores_reading_order(make_corpus):
    root = make_corpus({"a/x.txt": f"T\n{BODY}", "b/y.txt": f"U\n{BODY}"})
    first = read_corpus(root)[2]
    assert first == read_corpus(root)[2] and len(first) == 64
    (root / "b" / "y.txt").write_text(f"U\n{BODY} Changed.")
    assert read_corpus(root)[2] != first


@pytest.mark.parametrize("chunk", [1, 7])
def test_a_json_table_read_in_tiny_pieces_gives_the_same_rows(tmp_path, monkeypatch, chunk):
    """The JSON array reader finds each row's end across buffer refills: strings holding
    brackets, quotes, commas and backslashes, escapes cut in two, nested values."""
    from framing.ingest import jsontable
    from framing.ingest.tables import iter_table_rows

    rows = [
        {"outlet": 'A "quoted" [x] {y}, z\\', "text": BODY, "n": [1, {"k": "]"}], "e": None},
        {"outlet": "B\\", "text": '\\\\"' + BODY + "\u2019\n", "f": 1.5e3, "t": True},
        {"outlet": "C", "text": BODY, "nested": {"a": [[], {}], "b": "}{"}},
    ]
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"meta": {"a": ["]", "}"]}, "articles": rows}, indent=1))
    monkeypatch.setattr(jsontable, "_CHUNK", chunk)
    assert list(iter_table_rows(path)) == [(1, rows[0]), (2, rows[1]), (3, rows[2])]
