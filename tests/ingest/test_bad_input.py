"""Each kind of bad input: a one-line reason naming the file, the rest still loads."""

from __future__ import annotations

import gzip
import json
import re

import pandas as pd
import pytest

import framing
from framing.config import Config, IngestOptions
from framing.errors import InputError
from framing.ingest.decode import decode_bytes
from tests.conftest import BODY

GOOD = {"ok/good.txt": f"A good headline\n{BODY}"}


def load(make_corpus, files: dict) -> framing.Corpus:
    return framing.load_corpus(make_corpus({**GOOD, **files}))


def only_rejection(corpus: framing.Corpus) -> tuple[str, str, str]:
    assert list(corpus.articles.article_id) == ["ok/good"], "the good file must still load"
    rejected = corpus.rejected
    assert len(rejected) == 1, rejected
    row = rejected.iloc[0]
    assert "\n" not in row.detail
    return row.source, row.reason, row.detail


def test_empty_file(make_corpus):
    assert only_rejection(load(make_corpus, {"ok/empty.txt": "  \n"})) == (
        "ok/empty.txt",
        "empty_file",
        "empty file",
    )


def test_binary_junk(make_corpus):
    junk = bytes((i * 7919) % 256 for i in range(4000))
    assert only_rejection(load(make_corpus, {"ok/junk.txt": junk})) == (
        "ok/junk.txt",
        "binary",
        "binary content, not text",
    )


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "utf-16-le", "cp1252"])
def test_legacy_and_utf16_text_is_decoded_and_noted(make_corpus, encoding):
    text = f"Café talks\n{BODY} The café’s owner agreed."
    if encoding == "latin-1":
        text = text.replace("’", "'")
    corpus = load(make_corpus, {"ok/legacy.txt": text.encode(encoding)})
    row = corpus.articles.set_index("article_id").loc["ok/legacy"]
    assert row.title == "Café talks"
    assert "café" in row.text
    notes = corpus.log[corpus.log.source == "ok/legacy.txt"]
    if encoding == "utf-16":  # a BOM says it all; nothing to note
        assert notes.empty or notes.iloc[0].reason == "encoding"
    else:
        assert notes.iloc[0].action == "decoded"


def test_manifest_row_naming_a_missing_file(make_corpus):
    manifest = "path,outlet\nok/good.txt,OK Outlet\nok/missing.txt,OK Outlet\n"
    source, reason, detail = only_rejection(load(make_corpus, {"manifest.csv": manifest}))
    assert (source, reason) == ("manifest.csv:row 2", "missing_file")
    assert "ok/missing.txt" in detail


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/passwd", "ok/../../outside.txt"])
def test_manifest_path_outside_the_corpus(make_corpus, path):
    manifest = f"path,outlet\n{path},Evil\n"
    corpus = load(make_corpus, {"manifest.csv": manifest})
    source, reason, _ = only_rejection(corpus)
    assert (source, reason) == ("manifest.csv:row 1", "outside_corpus")


def test_table_without_a_text_column(make_corpus):
    table = json.dumps({"outlet": "X", "headline": "no body here"}) + "\n"
    source, reason, detail = only_rejection(load(make_corpus, {"table.jsonl": table}))
    assert (source, reason) == ("table.jsonl", "bad_table")
    assert detail == (
        "no text column (expected one of text, body, content, article_text, full_text, story, "
        "article; found headline, outlet)"
    )


def test_csv_table_without_a_text_column(make_corpus):
    source, reason, _ = only_rejection(load(make_corpus, {"t.csv": "outlet,title\nX,Y\n"}))
    assert (source, reason) == ("t.csv", "bad_table")


def test_article_of_five_words(make_corpus):
    source, reason, detail = only_rejection(
        load(make_corpus, {"ok/short.txt": "Just five words here, really."})
    )
    assert (source, reason, detail) == (
        "ok/short.txt",
        "too_short",
        "too short: 5 words (minimum 20)",
    )


def test_fifty_megabyte_file_is_refused_unread(make_corpus):
    root = make_corpus(GOOD)
    with open(root / "ok" / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB by size, nothing to read
    corpus = framing.load_corpus(root)
    source, reason, detail = only_rejection(corpus)
    assert (source, reason) == ("ok/huge.txt", "too_large")
    assert detail == "file too large: 52.4 MB (limit 10 MB)"


def test_duplicate_ids_in_a_table(tmp_path):
    rows = [
        {"id": "same", "outlet": "A", "text": BODY},
        {"id": "same", "outlet": "B", "text": BODY + " x"},
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    corpus = framing.load_corpus(path)
    assert list(corpus.articles.outlet) == ["A"]
    row = corpus.rejected.iloc[0]
    assert (row.source, row.reason) == ("t.jsonl:row 2", "duplicate_id")
    assert row.detail == "duplicate article_id 'same' (first in t.jsonl:row 1)"


def test_bad_rows_in_a_table_are_rejected_one_by_one(tmp_path):
    lines = [
        json.dumps({"outlet": "A", "text": BODY}),
        "{not json",
        json.dumps({"outlet": "", "text": BODY}),
        json.dumps({"outlet": "B", "text": ""}),
        json.dumps(["a list"]),
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines))
    corpus = framing.load_corpus(path)
    assert len(corpus.articles) == 1
    assert list(corpus.rejected.reason) == ["bad_row", "no_outlet", "no_text", "bad_row"]
    assert list(corpus.rejected.source) == [f"t.jsonl:row {n}" for n in (2, 3, 4, 5)]


def test_unparseable_and_impossible_dates_become_missing_and_are_reported(tmp_path):
    rows = [
        {"id": "a", "outlet": "A", "text": BODY, "date": "0001-01-01"},
        {"id": "b", "outlet": "A", "text": BODY + " b", "date": "yesterday-ish"},
        {"id": "c", "outlet": "A", "text": BODY + " c", "date": "2016-13-45"},
        {"id": "d", "outlet": "A", "text": BODY + " d", "date": "9/20/16"},
        {"id": "e", "outlet": "A", "text": BODY + " e", "date": "February 2022"},
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    corpus = framing.load_corpus(path)
    dates = corpus.articles.set_index("article_id").date
    assert dates.isna().tolist() == [True, True, True, False, True]
    assert dates["d"] == pd.Timestamp("2016-09-20")
    flagged = corpus.log[corpus.log.reason == "bad_date"]
    assert list(flagged.article_id) == ["a", "b", "c", "e"]


def test_unsupported_file_type_and_stray_top_level_file(make_corpus):
    corpus = load(make_corpus, {"ok/scan.pdf": b"%PDF-1.4", "notes.txt": "hello"})
    assert list(corpus.rejected.reason) == ["unsupported_type"]
    assert corpus.log[corpus.log.action == "skipped"].source.tolist() == ["notes.txt"]


def test_missing_path_and_empty_corpus_fail_with_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        framing.load_corpus(tmp_path / "nowhere")
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "a.txt").write_text("")
    with pytest.raises(InputError, match="no article could be loaded .*empty file"):
        framing.load_corpus(tmp_path)


def test_latin1_csv_table_is_decoded_and_noted(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(f'id,outlet,text\n1,Café Press,"{BODY} Café."\n'.encode("latin-1"))
    corpus = framing.load_corpus(path)
    assert list(corpus.articles.outlet) == ["Café Press"]
    note = corpus.log.iloc[0]
    assert (note.source, note.action, note.detail) == (
        "export.csv",
        "decoded",
        "decoded as cp1252 (not UTF-8)",
    )


LEGACY = {
    "cp1251": "Президент заявил во вторник, что переговоры с соседями зашли в тупик. Министерство "
    "обороны сообщило о новых ударах по приграничным сёлам.",
    "koi8_r": "Президент заявил во вторник, что переговоры с соседями зашли в тупик. Министерство "
    "обороны сообщило о новых ударах по приграничным сёлам.",
    "cp1253": "Ο πρωθυπουργός δήλωσε την Τρίτη ότι οι διαπραγματεύσεις με τους δανειστές θα "
    "συνεχιστούν την επόμενη εβδομάδα. Η κυβέρνηση αρνήθηκε ότι υπάρχει σχέδιο.",
    "cp1254": "Cumhurbaşkanı Salı günü yaptığı açıklamada, müzakerelerin önümüzdeki hafta yeniden "
    "başlayacağını söyledi. Dışişleri Bakanlığı, sınır bölgesindeki saldırılarla ilgili "
    "kanıtları olduğunu açıkladı.",
    "iso8859_2": "Premier powiedział we wtorek, że rozmowy z Komisją Europejską zostaną wznowione "
    "w przyszłym tygodniu. Rzecznik rządu zaprzeczył, że istnieje plan podwyżki podatków.",
    "cp1250": "Vláda ve středu schválila návrh zákona o státním rozpočtu. Ministryně financí "
    "řekla, že schodek bude nižší, než se čekalo.",
    "shift_jis": "日本政府は月曜日、新しい経済対策を発表しました。"
    "対策には、中小企業への支援や、エネルギー価格の引き下げが含まれています。",
    "gb2312": "政府官员周一表示，谈判将于下周恢复。"
    "双方互相指责对方炮击边境沿线的村庄，国防部表示掌握了袭击的证据。",
    "big5": "政府官員週一表示，談判將於下週恢復。"
    "雙方互相指責對方砲擊邊境沿線的村莊，國防部表示掌握了襲擊的證據。",
    "euc_kr": "정부 관계자는 월요일 협상이 다음 주에 재개될 것이라고 밝혔다. "
    "양측은 국경 마을에 대한 포격을 서로 비난했다.",
}


@pytest.mark.parametrize("encoding", LEGACY, ids=list(LEGACY))
def test_legacy_encodings_decode_right_or_are_rejected(encoding):
    """Issue 13: each decodes to exactly its text (a wrong guess would be silent mojibake)."""
    text = LEGACY[encoding]
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text, (decoded.encoding, decoded.problem)


def test_an_unsettled_encoding_is_rejected_not_guessed():
    # random bytes above 0x7F with no language in them: no decoding is believable
    data = bytes(0x80 + (i * 37) % 0x7F for i in range(400))
    decoded = decode_bytes(data)
    assert decoded.text is None and decoded.problem.startswith(("undecodable", "binary"))


def test_cyrillic_in_a_legacy_code_page_never_counts_as_english(make_corpus):
    text = f"Заголовок\n{LEGACY['cp1251']} {LEGACY['cp1251']}"
    corpus = load(make_corpus, {"ru/a.txt": text.encode("cp1251")})
    row = corpus.articles.set_index("article_id").loc["ru/a"]
    assert row.text.startswith("Президент") and not row.is_english
    assert row.language in ("ru", "und-Cyrl")


# --- Bad values reject their row or file, never the run (issue 23) --------------------------


@pytest.mark.hostile
def test_a_json_article_nested_a_thousand_levels_deep_is_rejected(make_corpus):
    deep = '{"text": ' + "[" * 1000 + "]" * 1000 + "}"
    assert only_rejection(load(make_corpus, {"ok/deep.json": deep})) == (
        "ok/deep.json",
        "unreadable",
        "invalid JSON (nested too deeply)",
    )


@pytest.mark.hostile
def test_a_json_article_with_a_five_thousand_digit_number_is_rejected(make_corpus):
    record = '{"text": "' + BODY + '", "n": ' + "9" * 5000 + "}"
    assert only_rejection(load(make_corpus, {"ok/n.json": record})) == (
        "ok/n.json",
        "unreadable",
        "invalid JSON (a number of more than 4,300 digits)",
    )


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("field", "value", "detail"),
    [
        ("text", 12345, "text is a number (12345), not text"),
        ("text", ["a", "b"], "text is a list, not text"),
        ("title", {"en": "T"}, "title is an object, not text"),
        ("outlet", 7, "outlet is a number (7), not text"),
    ],
)
def test_a_json_article_with_a_field_of_the_wrong_type_is_rejected(
    make_corpus, field, value, detail
):
    record = {"text": BODY, field: value}
    assert only_rejection(load(make_corpus, {"ok/x.json": json.dumps(record)})) == (
        "ok/x.json",
        "unreadable",
        detail,
    )


@pytest.mark.hostile
def test_html_the_parser_cannot_take_is_rejected(make_corpus, monkeypatch):
    import trafilatura

    def overflow(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", overflow)
    assert only_rejection(load(make_corpus, {"ok/page.html": "<html><p>x</p></html>"})) == (
        "ok/page.html",
        "unreadable",
        "the HTML cannot be parsed (RecursionError)",
    )


HOSTILE_ROWS = [
    '{"outlet": "N", "text": ' + "[" * 1000 + "]" * 1000 + "}",
    '{"outlet": "D", "text": "x", "n": ' + "9" * 5000 + "}",
    '{"outlet": "T", "text": 12345}',
    '{"outlet": "L", "text": ["a", "b"]}',
    '{"outlet": "I", "text": Infinity}',
]
HOSTILE_REASONS = [
    "invalid JSON (nested too deeply)",
    "invalid JSON (a number of more than 4,300 digits)",
    "text is a number (12345), not text",
    "text is a list, not text",
    "text is a number (inf), not text",
]


@pytest.mark.hostile
@pytest.mark.parametrize("form", [".jsonl", ".json"])
def test_hostile_json_rows_are_rejected_one_by_one(tmp_path, form):
    good = [json.dumps({"outlet": "A", "text": BODY}), json.dumps({"outlet": "B", "text": BODY})]
    rows = [good[0], *HOSTILE_ROWS, good[1]]
    path = tmp_path / f"t{form}"
    path.write_text("\n".join(rows) if form == ".jsonl" else "[" + ",\n".join(rows) + "]")
    corpus = framing.load_corpus(path)
    assert list(corpus.articles.outlet) == ["A", "B"]
    assert list(corpus.articles.source_path) == [f"t{form}:row 1", f"t{form}:row 7"]
    rejected = corpus.rejected
    assert list(rejected.source) == [f"t{form}:row {n}" for n in range(2, 7)]
    assert set(rejected.reason) == {"bad_row"}
    assert list(rejected.detail) == HOSTILE_REASONS


@pytest.mark.hostile
def test_metadata_of_the_wrong_type_is_left_out_with_a_flag(tmp_path):
    rows = [
        {"id": "a", "outlet": "A", "text": BODY, "title": ["x", "y"], "date": {"$date": 1}},
        {"id": ["b"], "outlet": "B", "text": BODY + " b", "title": "Fine", "url": 5},
        {"id": "c", "outlet": {"name": "C"}, "text": BODY + " c"},
        {"id": "d", "outlet": "D", "text": BODY + " d", "title": float("nan")},
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))  # NaN written as NaN, not null
    corpus = framing.load_corpus(path)
    articles = corpus.articles.set_index("outlet")
    assert list(articles.index) == ["A", "B", "D"]
    assert pd.isna(articles.loc["A", "title"]) and pd.isna(articles.loc["D", "title"])
    assert articles.loc["B", "article_id"] == "t.jsonl:row 2"  # its own id was a list
    assert pd.isna(articles.loc["B", "url"])
    flags = corpus.log[corpus.log.reason.isin(["bad_field", "bad_date", "no_outlet"])]
    assert list(zip(flags.source, flags.reason, flags.detail, strict=True)) == [
        ("t.jsonl:row 1", "bad_field", "title is a list, not text: left out"),
        ("t.jsonl:row 2", "bad_field", "url is a number (5), not text: left out"),
        ("t.jsonl:row 2", "bad_field", "article_id is a list, not an id: left out"),
        ("t.jsonl:row 3", "no_outlet", "no outlet (give an outlet column, folder or manifest)"),
        ("t.jsonl:row 3", "bad_field", "outlet is an object, not text: left out"),
        ("t.jsonl:row 1", "bad_date", "unparseable date \"{'$date': 1}\": left missing"),
    ]


def test_a_json_table_row_over_the_row_limit_is_skipped_unread(tmp_path):
    rows = [{"outlet": "A", "text": BODY}, {"outlet": "Big", "text": "[{" * 30_000}]
    rows.append({"outlet": "B", "text": BODY + " b"})
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"source": "x", "articles": rows}))
    corpus = framing.load_corpus(path, config=Config(ingest=IngestOptions(max_file_mb=0.05)))
    assert list(corpus.articles.outlet) == ["A", "B"]
    assert list(corpus.rejected.detail) == ["row too large (over 50,000 bytes)"]


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        ('{"source": "x"}', 'JSON table must be a list of objects (or {"articles": [...]})'),
        (
            json.dumps([{"outlet": "A", "text": BODY}])[:-5],
            "the JSON ends inside row 1 (a truncated file?)",
        ),
        (
            "[" + json.dumps({"outlet": "A", "text": BODY}) + " x]",
            "row 1: expected ',' or ']' after it, found 'x'",
        ),
    ],
)
def test_a_json_table_that_cannot_be_read_is_refused_whole(tmp_path, content, detail):
    path = tmp_path / "t.json"
    path.write_text(content)
    with pytest.raises(InputError, match=re.escape(f"t.json: {detail}")):
        framing.load_corpus(path)


@pytest.mark.hostile
def test_a_table_cut_off_part_way_leaves_none_of_its_rows(make_corpus):
    rows = [f'O{i},"{BODY} {i}"' for i in range(2000)]
    data = gzip.compress(("outlet,text\n" + "\n".join(rows) + "\n").encode())
    corpus = load(make_corpus, {"cut.csv.gz": data[: len(data) // 2]})
    source, reason, detail = only_rejection(corpus)
    assert (source, reason) == ("cut.csv.gz", "bad_table")
    assert detail == (
        "cannot read as csv: Compressed file ended before the end-of-stream marker was reached"
    )


def test_a_manifest_title_of_the_wrong_type_is_left_out_with_a_flag(make_corpus):
    manifest = json.dumps({"path": "ok/good.txt", "outlet": "OK", "title": ["A", "B"]})
    corpus = load(make_corpus, {"manifest.jsonl": manifest + "\n"})
    row = corpus.articles.iloc[0]
    assert (row.outlet, row.title) == ("OK", "A good headline")
    flag = corpus.log[corpus.log.reason == "bad_field"].iloc[0]
    assert (flag.source, flag.detail) == (
        "manifest.jsonl:row 1",
        "title is a list, not text: left out",
    )
