"""The seed corpus loads with the outlets, dates, cleaning actions and sentences we expect."""

from __future__ import annotations

import hashlib

import pandas as pd

from tests.conftest import SEED_CORPUS

EXPECTED = {
    # article_id: (outlet, date, date_exact, sentences)
    "daily-sabah/000_6b4d84cdb8b4db49": ("Daily Sabah", "2022-02-19", True, 14),
    "iran-news-daily/003_48ebe642a7be89b3": ("Iran News Daily", "2022-01-16", False, 53),
    "rt/004_012dfdeaffc93e76": ("RT", "2022-04-05", True, 16),
    "sofrep/002_cd5cdfecb9d3e947": ("SOFREP", "2022-02-19", False, 34),
    "the-hill/001_0263b587192c9eae": ("The Hill", "2022-01-17", True, 12),
}


def test_outlets_dates_and_sentence_counts(seed_corpus):
    articles = seed_corpus.articles.set_index("article_id")
    assert sorted(articles.index) == sorted(EXPECTED)
    for article_id, (outlet, date, exact, sentences) in EXPECTED.items():
        row = articles.loc[article_id]
        assert row.outlet == outlet
        assert row.date == pd.Timestamp(date)
        assert bool(row.date_exact) is exact
        assert row.n_sentences == sentences, article_id
    assert seed_corpus.rejected.empty


def test_cleaning_actions_per_article(seed_corpus):
    log = seed_corpus.log
    by_file = log.groupby("source")["reason"].apply(list).to_dict()
    assert by_file["daily-sabah/000_6b4d84cdb8b4db49.txt"] == ["caption"]
    assert by_file["sofrep/002_cd5cdfecb9d3e947.txt"] == ["promotion"]
    assert by_file["iran-news-daily/003_48ebe642a7be89b3.txt"] == [
        "characters",
        "repeated_title",
        "dateline",
        "broken_paragraph",
        "repeated_paragraph",
    ]
    assert (
        by_file["the-hill/001_0263b587192c9eae.txt"]
        == ["glued_words"] * 4 + ["dropped_apostrophe"] * 2
    )
    assert "rt/004_012dfdeaffc93e76.txt" not in by_file


def test_glued_words_repaired_and_apostrophes_flagged_not_changed(seed_corpus):
    hill = seed_corpus.articles.set_index("article_id").loc["the-hill/001_0263b587192c9eae"].text
    for repaired in ("Russia is", "is traveling", "that Russia was", "talks with"):
        assert repaired in hill
    assert "Russiais" not in hill and "talkswith" not in hill
    assert "Ukraines eastern border" in hill and "Russias demand" in hill


def test_caption_footer_title_and_lead_removed_dateline_kept(seed_corpus):
    articles = seed_corpus.articles.set_index("article_id")
    sabah = articles.loc["daily-sabah/000_6b4d84cdb8b4db49"]
    assert "Reuters File Photo" not in sabah.text and sabah.text.startswith('"The DIU')
    assert "Click here" not in articles.loc["sofrep/002_cd5cdfecb9d3e947"].text
    iran = articles.loc["iran-news-daily/003_48ebe642a7be89b3"]
    assert iran.dateline == "TEHRAN (Iran News)"
    assert iran.text.count("Accusations by the United States that Russia") == 1
    assert not iran.text.startswith("Russia denounces")


def test_sentence_offsets_index_the_cleaned_text(seed_corpus):
    texts = seed_corpus.articles.set_index("article_id").text
    titles = seed_corpus.articles.set_index("article_id").title
    for row in seed_corpus.sentences.itertuples():
        if row.is_headline:  # the title, whitespace normalised, is its own row first
            assert (row.sentence_id, row.text) == (-1, " ".join(titles[row.article_id].split()))
        else:
            assert texts[row.article_id][row.start : row.end] == row.text
    first = seed_corpus.article("rt/004_012dfdeaffc93e76").text.tolist()
    assert first[1] == "Kiev is attempting to frame Russia, the Defense Ministry says."


def test_corpus_files_are_the_seeds_byte_for_byte():
    digests = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in SEED_CORPUS.glob("*/*.txt")
    }
    assert digests == {  # sha256 of the files in ../shared/seeds, as received
        "000_6b4d84cdb8b4db49.txt": "6ce65916e57fa2c6",
        "001_0263b587192c9eae.txt": "6a9b372fb0efebf2",
        "002_cd5cdfecb9d3e947.txt": "74ae63e2e3d2f263",
        "003_48ebe642a7be89b3.txt": "9ab1464b2d6a8620",
        "004_012dfdeaffc93e76.txt": "dae45dfcdfe6cb71",
    }
