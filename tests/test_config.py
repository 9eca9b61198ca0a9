"""Options of every stage are checked with one message shape, and the configuration round-trips
through framing.toml."""

from __future__ import annotations

import pytest

from framing.compare import CompareOptions
from framing.config import (
    AnnotateOptions,
    Config,
    IngestOptions,
    PrepareOptions,
    ReportOptions,
    load_config,
)
from framing.errors import ConfigError

BAD = [
    (lambda: PrepareOptions(jobs=-3), "The 'jobs' parameter of PrepareOptions must be an int >= 0"),
    (lambda: PrepareOptions(near_duplicate_threshold=0), "'near_duplicate_threshold' parameter"),
    (lambda: IngestOptions(min_words=0), "The 'min_words' parameter of IngestOptions must be"),
    (lambda: IngestOptions(max_table_mb=-1), "The 'max_table_mb' parameter of IngestOptions"),
    (lambda: ReportOptions(top_terms=0), "The 'top_terms' parameter of ReportOptions must be"),
    (lambda: CompareOptions(alpha0=0), "The 'alpha0' parameter of CompareOptions must be"),
    (lambda: AnnotateOptions(skip=(1,)), "The 'skip' parameter of AnnotateOptions must be"),
    (lambda: IngestOptions(min_words=True), "The 'min_words' parameter of IngestOptions must be"),
    (lambda: IngestOptions(max_file_mb=float("inf")), "The 'max_file_mb' parameter"),
    (lambda: ReportOptions(examples=True), "The 'examples' parameter of ReportOptions must be"),
    (lambda: CompareOptions(alpha0="x"), "The 'alpha0' parameter of CompareOptions must be a"),
    (lambda: CompareOptions(ngram_range=5), "The 'ngram_range' parameter of CompareOptions"),
    (lambda: CompareOptions(seed="x"), "The 'seed' parameter of CompareOptions must be an int"),
]


@pytest.mark.parametrize(("make", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_options_are_refused_with_one_message_shape(make, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")) as error:
        make()
    assert "; got " in str(error.value) and str(error.value).endswith(" instead.")


def test_configuration_round_trips_through_framing_toml(tmp_path):
    config = Config(
        name="x",
        prepare=PrepareOptions(jobs=2),
        annotate=AnnotateOptions(skip=("quotes",), settings={"in_quote": {"min_share": 0.7}}),
        compare=CompareOptions(ngram_range=(1, 3), reprints="exclude"),
    )
    (tmp_path / "framing.toml").write_text(config.to_toml(), encoding="utf-8")
    assert load_config(tmp_path) == config


def test_unknown_settings_are_named(tmp_path):
    (tmp_path / "framing.toml").write_text("[compare]\nngrams = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"framing.toml \[compare\]: unknown setting\(s\) ngrams"):
        load_config(tmp_path)


WRONG_TYPES = [
    ("compare = 5", "(top level): 'compare' must be a table (a [compare] line, then its "
     "settings); got 5 instead."),
    ('annotate = "x"', "(top level): 'annotate' must be a table (a [annotate] line, then its "
     "settings); got 'x' instead."),
    ("name = 5", "(top level): 'name' must be a string; got 5 instead."),
    ("[ingest]\nmin_words = true", "[ingest]: The 'min_words' parameter of IngestOptions must "
     "be an int >= 1; got True instead."),
    ('[compare]\nsignificance = "a"', "[compare]: The 'significance' parameter of "
     "CompareOptions must be a number; got 'a' instead."),
    ('[annotate]\nskip = "tone"', "[annotate]: skip must be a list of names; got 'tone' "
     "instead."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), WRONG_TYPES, ids=[t for t, _ in WRONG_TYPES])
def test_settings_of_the_wrong_type_name_the_file_table_and_key(tmp_path, text, message):
    """Before: 'compare = 5' and 'annotate = "x"' ended as "this is a bug in framing" (a
    TypeError), and ``min_words = true`` was taken for 1."""
    (tmp_path / "framing.toml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert str(error.value) == f"{tmp_path / 'framing.toml'} {message}"


def test_an_edited_lexicon_is_read_again_in_the_same_process(tmp_path):
    import os

    from framing.lexicons import read_text
    from framing.prepare import clean_article

    folder = tmp_path / "lexicons"
    folder.mkdir()
    (folder / "promo_patterns.txt").write_text("buy our mugs\n", encoding="utf-8")
    body = "The council met on Monday to discuss the budget.\nBuy our mugs today"
    assert clean_article(body, overrides=folder).text.count("\n") == 0  # removed
    (folder / "promo_patterns.txt").write_text("visit our shop\n", encoding="utf-8")
    os.utime(folder / "promo_patterns.txt", ns=(1, 10**18))  # a later modification time
    assert read_text("promo_patterns.txt", folder) == "visit our shop\n"
    assert "Buy our mugs" in clean_article(body, overrides=folder).text  # kept now
