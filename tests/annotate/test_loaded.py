"""Loaded wording in the outlet's own voice: cues found outside quotations, their weights summed,
the packaged list replaced by a corpus's own."""

from __future__ import annotations

import pytest

import framing
from framing.annotate.loaded import cues_from_records
from framing.api import annotate_corpus
from framing.errors import ConfigError
from framing.lexicons import read_records

ARTICLE = (
    "Crackdown continues\n"
    "The brutal regime's thugs slammed the door on the opposition leaders in the capital.\n"
    "A minister said the “brutal regime's thugs” were a fiction of foreign media.\n"
    "The ministry announced on Monday that 40 people were killed in the attack on the city.\n"
    "Officials reviewed the budget figures for the coming year at a meeting in the capital."
)


def sentences_of(root):
    corpus = framing.load_corpus(root)
    frame = annotate_corpus(corpus, corpus.config).sentences
    return frame.set_index(frame["text"].str.slice(0, 24))


def test_cues_outside_quotes_count_and_quoted_ones_do_not(make_corpus):
    rows = sentences_of(make_corpus({"a/one.txt": ARTICLE}))
    own = rows.loc["The brutal regime's thug"]
    assert own["loaded_cues"] == "brutal;regime;thugs;slammed"
    # regime and thugs derogatory (2 each), slammed emotive (1.5), brutal VADER's -3.1 / 2.5
    assert own["loaded"] == pytest.approx(2 + 2 + 1.5 + 1.24)
    assert own["own_words"] == own["n_words"] == 14
    quoted = rows.loc["A minister said the “bru"]
    assert quoted["loaded"] == 0.0 and quoted["loaded_cues"] == ""
    assert quoted["own_words"] == 10  # the five quoted words are the minister's
    # killed, attack: events reported, not wording that judges them
    assert rows.loc["The ministry announced o", "loaded"] == 0.0
    assert rows.loc["Officials reviewed the b", "loaded"] == 0.0


def test_a_corpus_list_replaces_the_packaged_one(make_corpus):
    own_list = (
        "word,kind,weight,source\nbudget figures,evaluative,3,test\nregime,derogatory,0,test\n"
    )
    root = make_corpus({"a/one.txt": ARTICLE, "lexicons/loaded_words.csv": own_list})
    rows = sentences_of(root)
    assert rows.loc["Officials reviewed the b", "loaded_cues"] == "budget figures"
    assert rows.loc["Officials reviewed the b", "loaded"] == 3.0
    # only the corpus's cues: regime weighs 0 there, and thugs is not listed
    assert rows.loc["The brutal regime's thug", "loaded_cues"] == "regime"
    assert rows.loc["The brutal regime's thug", "loaded"] == 0.0


def test_phrases_match_across_spacing_and_hyphens_and_the_longest_wins():
    cues = cues_from_records(
        [
            {"word": "smear", "kind": "emotive", "weight": "1.5"},
            {"word": "smear campaign", "kind": "emotive", "weight": "2"},
            {"word": "hard-right", "kind": "derogatory", "weight": "2"},
        ]
    )
    text = "a smear  campaign from the hard right, a smear, and hard-righters"
    assert [(cue, weight) for _, cue, weight in cues.find(text)] == [
        ("smear campaign", 2.0),
        ("hard right", 2.0),
        ("smear", 1.5),
    ]


def test_a_bad_row_is_an_error_that_names_it():
    with pytest.raises(ConfigError, match="kind of 'nasty' must be one of"):
        cues_from_records([{"word": "nasty", "kind": "rude", "weight": "1"}])
    with pytest.raises(ConfigError, match="weight of 'nasty' must be a number >= 0"):
        cues_from_records([{"word": "nasty", "kind": "evaluative", "weight": "-1"}])


def test_the_packaged_list_leaves_plain_reporting_words_out():
    listed = {row["word"] for row in read_records("loaded_words.csv")}
    assert {"thugs", "slammed", "disgraceful", "utterly", "sinister"} <= listed
    assert not {"killed", "war", "attack", "crisis", "police", "said", "major"} & listed
