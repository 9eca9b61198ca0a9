"""Property-based tests: arbitrary, hostile input never escapes as an exception, offsets index the
text exactly, every input is loaded or rejected with a reason, and counts add up.

Strategies mix real news material (words, abbreviations, quotes, ellipses, links) with what
scraped text carries: control characters, zero-width joiners, direction overrides, right-to-left
text, emoji, lone surrogates in JSON, unbalanced and nested quotes. Profiles in
``tests/conftest.py`` set how many examples run (``HYPOTHESIS_PROFILE=thorough`` for more).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing.annotate import DEFAULT_ANNOTATORS, check_annotator
from framing.errors import InputError
from framing.ingest.decode import decode_bytes
from framing.ingest.files import FILE_SUFFIXES, RawArticle, parse_article_text
from framing.prepare import clean_article, prepare_articles, split_sentences
from framing.prepare.sentences import MAX_SENTENCE_WORDS
from framing.render.write import MARKER
from framing.schema import body_rows
from tests.conftest import examples

PIECES = [
    "The",
    "minister",
    "said",
    "talks",
    "would",
    "resume",
    "Kyiv",
    "U.S.",
    "Mr.",
    "Gen.",
    "p.m.",
    "No.",
    "3.2",
    "v.",
    "Jr.",
    "then-Sen.",
    "“",
    "”",
    "‘",
    "’",
    '"',
    "'",
    "«",
    "»",
    "(",
    ")",
    "[2]",
    ".",
    ",",
    ";",
    ":",
    "?",
    "!",
    "?”",
    "!’",
    "...",
    "…",
    ". . .",
    "—",
    "-",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "  ",
    "\u200d",
    "\u200b",
    "\u202e",
    "\u200f",
    "\x00",
    "\x1b[31m",
    "\x07",
    "\ufeff",
    "🦆",
    "👨‍👩‍👧",
    "ش",
    "עברית",
    "日本語",
    "Ω",
    "https://t.co/x.",
    "a@b.co",
    "1.",
    "2)",
    "•",
    "#",
    "*",
    "|",
    "<script>",
    "[x](http://e.test)",
    "$5",
]
pieces = st.one_of(st.sampled_from(PIECES), st.text(max_size=4))
hostile_text = st.lists(pieces, max_size=80).map(" ".join) | st.text(max_size=300)
words = st.lists(st.sampled_from(PIECES[:20]), min_size=20, max_size=60).map(" ".join)
article_text = st.tuples(words, hostile_text).map(lambda pair: f"{pair[0]} {pair[1]}")


def _no_binary(text: str) -> bool:
    return not any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\r\t" for c in text)


@given(st.binary(max_size=3000))
def test_decoding_any_bytes_gives_text_or_a_reason(data):
    decoded = decode_bytes(data)
    assert (decoded.text is None) != (decoded.problem is None)
    if decoded.problem is not None:
        assert "\n" not in decoded.problem


@given(st.text(min_size=1, max_size=500).filter(lambda t: t.strip() and _no_binary(t)))
def test_utf8_text_decodes_to_itself(text):
    if text.startswith("\ufeff"):
        text = "x" + text
    assert decode_bytes(text.encode("utf-8")).text == text


@given(hostile_text, st.sampled_from(FILE_SUFFIXES))
def test_file_readers_return_an_article_or_a_reason(text, suffix):
    try:
        article = parse_article_text(text, suffix)
    except ValueError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert isinstance(article, RawArticle) and isinstance(article.body, str)


@given(hostile_text)
def test_cleaning_never_raises_and_never_empties_an_article(text):
    cleaned = clean_article(text, title="The minister said")
    if re.search(r"[^\W_]", _visible(text)):
        assert re.search(r"[^\W_]", cleaned.text), "cleaning removed the article's last text"
    for change in cleaned.changes:
        assert change.action in {"removed", "repaired", "changed", "flagged"}
        assert "\n" not in change.detail


def _visible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf"))


@given(hostile_text)
def test_sentence_offsets_index_the_text_exactly(text):
    spans = split_sentences(text)
    _check_spans(text, spans)


def _check_spans(text: str, spans) -> None:
    position = 0
    for span in spans:
        piece = text[span.start : span.end]
        assert position <= span.start < span.end <= len(text)
        assert piece == piece.strip() and "\n" not in piece
        position = span.end
    covered = "".join(text[s.start : s.end] for s in spans)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text), "text lost or invented"


def test_a_million_character_sentence():
    text = "word, " * 166_667  # 1,000,002 characters, no full stop
    spans = split_sentences(text)
    _check_spans(text, spans)
    assert max(len(text[s.start : s.end].split()) for s in spans) <= MAX_SENTENCE_WORDS
    assert all(s.overlong for s in spans)


rows = st.fixed_dictionaries(
    {"outlet": st.one_of(st.sampled_from(["A", "B", "", " ", "Ω 🦆"]), st.text(max_size=10))},
    optional={
        "text": article_text,
        "title": hostile_text,
        "id": st.sampled_from(["x", "y", "z"]),
        "date": st.sampled_from(["2022-02-18", "February 2022", "0001-01-01", "", "junk"]),
    },
)
raw_lines = st.one_of(
    rows.map(json.dumps),
    st.sampled_from(["{not json", "[1, 2]", "null", '{"text": "\\ud800 lone"}', ""]),
    rows.map(lambda r: json.dumps(r)[:-1] + ', "extra": "\\udfff"}'),
)


@settings(max_examples=examples(60))
@given(st.lists(raw_lines, min_size=1, max_size=12))
def test_every_table_row_is_loaded_or_rejected_with_a_reason(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("table") / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        corpus = framing.load_corpus(path)
    except InputError as error:
        assert "\n" not in str(error)
        return
    numbers = {n for n, line in enumerate(lines, start=1) if line.strip()}
    sources = set(corpus.articles["source_path"]) | set(corpus.log["source"])
    assert {n for n in numbers if f"t.jsonl:row {n}" in sources} == numbers
    _check_corpus(corpus)


def _check_corpus(corpus: framing.Corpus) -> None:
    """Offsets index each article's text; counts add up; every log line has a reason."""
    texts = corpus.articles.set_index("article_id")["text"]
    titles = corpus.articles.set_index("article_id")["title"]
    for row in corpus.sentences.itertuples():
        source = " ".join(str(titles[row.article_id]).split()) if row.is_headline else None
        assert (source or texts[row.article_id])[row.start : row.end] == row.text
    counts = body_rows(corpus.sentences).groupby("article_id").size()
    expected = corpus.articles.set_index("article_id")["n_sentences"]
    assert counts.reindex(expected.index, fill_value=0).tolist() == expected.tolist()
    assert corpus.log["reason"].notna().all() and (corpus.log["detail"].str.len() > 0).all()


names = st.text(alphabet=st.sampled_from("abcxyz019 -_.ünΩ日🦆"), min_size=1, max_size=12).filter(
    lambda n: n.strip(" .") and n not in (".", "..")
)
contents = st.one_of(
    article_text.map(lambda t: t.encode("utf-8")),
    article_text.map(lambda t: t.encode("utf-16")),
    st.binary(max_size=300),
)


@settings(max_examples=examples(40))
@given(
    st.dictionaries(
        st.tuples(names, names, st.sampled_from([".txt", ".md", ".json", ".html", ".pdf", ""])),
        contents,
        min_size=1,
        max_size=8,
    )
)
def test_every_file_of_a_folder_is_accounted_for(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("corpus")
    written = set()
    for (outlet, stem, suffix), data in files.items():
        path = root / outlet / (stem + suffix)
        if path.parent.is_file() or path.is_dir():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.add(path.relative_to(root).as_posix())
    try:
        corpus = framing.load_corpus(root)
    except InputError:
        return  # nothing loadable: a one-line error, checked elsewhere
    sources = set(corpus.articles["source_path"]) | set(corpus.log["source"])
    skipped = {s for s in sources if s.endswith("/")}
    for name in written:
        assert name in sources or any(name.startswith(s) for s in skipped), name
    _check_corpus(corpus)


@settings(max_examples=examples(20))  # each example runs every annotator four times
@given(st.lists(article_text, min_size=1, max_size=6))
def test_every_annotator_keeps_its_contract_on_arbitrary_articles(texts):
    raw = pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(texts))],
            "outlet": ["AB"[i % 2] for i in range(len(texts))],
            "title": [None] * len(texts),
            "source_path": [f"a{i}" for i in range(len(texts))],
            "body": texts,
        }
    )
    articles, sentences, _ = prepare_articles(raw)
    if sentences.empty:
        return
    articles = articles[articles["article_id"].isin(sentences["article_id"])]
    for annotator in DEFAULT_ANNOTATORS:
        check_annotator(annotator, articles, sentences, registry=DEFAULT_ANNOTATORS)


# each example analyses and writes a whole report (about 2 s, mostly drawing figures);
# tests/test_hostile_text.py covers each hostile field on its own
@settings(max_examples=examples(5))
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=30), hostile_text, article_text),
        min_size=1,
        max_size=4,
    )
)
def test_reports_are_written_for_hostile_outlets_titles_and_text(tmp_path_factory, items):
    path = tmp_path_factory.mktemp("hostile") / "t.jsonl"
    rows = [{"outlet": o, "title": t, "text": x} for o, t, x in items]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    try:
        result = framing.analyze(path)
    except InputError:
        return
    out = result.write(path.parent / "report", timestamp="T")
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in report and "](http://e.test)" not in report.replace("\\]", "")
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    listed = set(json.loads((out / MARKER).read_text())["files"])
    assert written == listed | {MARKER}
    assert all(Path(name).parts[0] in ("report.md", "figures", "data", MARKER) for name in written)


def test_thousands_of_tiny_articles(tmp_path):
    path = tmp_path / "tiny.jsonl"
    rows = [
        {"outlet": f"O{i % 7}", "text": f"Item {i} says the minister met {i} envoys today. " * 3}
        for i in range(3000)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    corpus = framing.load_corpus(path)
    assert len(corpus.articles) == 3000 and corpus.rejected.empty
    assert corpus.sentences.groupby("article_id").size().eq(3).all()
    assert (
        int(corpus.articles["n_words"].sum())
        == 3000 * 27 + 3 * sum(len(str(i)) > 0 for i in range(3000)) * 0 + 0
    )
    _check_corpus(corpus)
