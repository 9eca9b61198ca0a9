"""prepare_articles across articles: duplicates, near-duplicates, languages, parallel = serial."""

from __future__ import annotations

import json

import pandas as pd

import framing
from framing.config import PrepareOptions
from framing.prepare import prepare_articles
from tests.conftest import ALLSIDES_SLICE, BODY

WIRE = (
    "The minister said the talks would resume on Monday in Geneva after a week of delays.\n"
    "Both sides have accused each other of shelling villages along the front line this week.\n"
    "Observers from the monitoring mission counted more than forty explosions on Sunday night.\n"
)


def load(tmp_path, rows) -> framing.Corpus:
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    return framing.load_corpus(path)


def test_duplicates_near_duplicates_and_languages(tmp_path):
    spanish = (
        "Los funcionarios de la capital dijeron el lunes que las conversaciones se reanudarían "
        "la próxima semana y que el ministerio tenía pruebas de los ataques en la frontera."
    )
    table = "1 Clinton 334.9 238.2\n2 Sanders 228.2 228.2\n3 Trump 65.2 62.4\n4 Cruz 92.0 88.1\n"
    corpus = load(
        tmp_path,
        [
            {"id": "a", "outlet": "Wire", "text": WIRE},
            {
                "id": "b",
                "outlet": "Reprint",
                "text": WIRE + "A local paragraph added by the reprinting outlet today.",
            },
            {"id": "c", "outlet": "Copy", "text": WIRE.upper().lower()},
            {"id": "g", "outlet": "Wire", "text": WIRE.replace("\n", "  \n")},
            {"id": "d", "outlet": "Diario", "text": spanish},
            {"id": "e", "outlet": "Data", "text": table * 3},
            {"id": "f", "outlet": "Other", "text": BODY},
        ],
    )
    articles = corpus.articles.set_index("article_id")
    assert "g" not in articles.index  # exact duplicate of a in the same outlet: kept once
    merged = corpus.log[corpus.log.reason == "exact_duplicate"].iloc[0]
    assert (merged.article_id, merged.detail) == (
        "g",
        "exact duplicate of 'a' in the same outlet: kept once",
    )
    # the same text in another outlet (ignoring case) stays there, marked as a reprint
    assert (articles.loc["a", "reprint_of"], articles.loc["c", "reprint_of"]) == ("c", "a")
    assert articles.loc["c", "flags"] == "near_duplicate;reprint"  # near-duplicate of b
    reprint = corpus.log[(corpus.log.reason == "reprint") & (corpus.log.article_id == "c")]
    assert reprint.detail.tolist() == ["same text as 'a' (Wire): a reprint, kept in each outlet"]
    assert articles.loc["b", "near_duplicates"] == "a;c"
    assert articles.loc["a", "near_duplicates"] == "b" == articles.loc["c", "near_duplicates"]
    assert articles.loc["b", "flags"] == "near_duplicate"
    assert (articles.loc["d", "language"], bool(articles.loc["d", "is_english"])) == ("es", False)
    assert (articles.loc["e", "language"], bool(articles.loc["e", "is_english"])) == ("und", True)
    assert set(corpus.log.reason) >= {"non_english", "language_unclear", "near_duplicate"}


def test_parallel_workers_give_the_same_result_as_one_process(monkeypatch):
    import framing.parallel

    raw, _, _ = framing.ingest.read_corpus(ALLSIDES_SLICE)
    slice_size = len(raw)
    raw = pd.concat([raw] * 7, ignore_index=True)  # 2,100 articles: above the parallel threshold
    raw["article_id"] = [f"{i}-{a}" for i, a in enumerate(raw["article_id"])]
    raw["body"] = [
        # the slice whole once, then copies cut to their first and last three paragraphs (where
        # titles, datelines, captions, promotions and footers are): a third of the time
        (body if i < slice_size else _first_and_last(body, 3))
        # letters, not digits: learned boilerplate matches lines whatever their digits
        + f"\nCopy {''.join(chr(97 + int(d)) for d in str(i))} of this article."
        for i, body in enumerate(raw["body"])
    ]
    serial = prepare_articles(raw, options=PrepareOptions(), jobs=1)
    workers = []
    on_workers = framing.parallel._on_workers

    def counted(function, batches, sizes, n, bar):
        workers.append(n)
        return on_workers(function, batches, sizes, n, bar)

    monkeypatch.setattr(framing.parallel, "_on_workers", counted)
    parallel = prepare_articles(raw, options=PrepareOptions(), jobs=2)
    assert workers == [2]  # the second run really used two worker processes
    pd.testing.assert_frame_equal(serial[0], parallel[0])
    pd.testing.assert_frame_equal(serial[1], parallel[1])
    assert serial[2] == parallel[2]
    assert len(serial[0]) == 2100 and len(serial[1]) > 25_000
    # every kind of cleaning was done, and so compared
    assert {entry.reason for entry in serial[2]} >= {
        "boilerplate",
        "caption",
        "dateline",
        "gallery",
        "promotion",
        "repeated_paragraph",
        "repeated_title",
        "glued_words",
        "broken_paragraph",
        "dropped_apostrophe",
        "near_duplicate",
    }


def _first_and_last(body: str, n: int) -> str:
    lines = body.split("\n")
    return "\n".join(lines[:n] + lines[-n:]) if len(lines) > 2 * n else body
