"""The runner: order by requirements, options, cache keys that follow data files, one map for
any number of jobs."""

from __future__ import annotations

import pandas as pd
import pytest

import framing.annotate.tasks
import framing.parallel
from framing.annotate import (
    DEFAULT_ANNOTATORS,
    IN_QUOTE,
    LENGTH,
    QUOTE_MARKS,
    annotate,
    cache_keys,
    plan,
)
from framing.errors import ConfigError
from framing.lexicons import read_text


def test_annotators_run_after_what_they_require():
    ordered, notes = plan([IN_QUOTE, LENGTH, QUOTE_MARKS])
    names = [a.name for a in ordered]
    assert names.index("quote_marks") < names.index("in_quote")
    assert notes == {}


def test_switching_one_off_leaves_out_those_that_need_it():
    ordered, notes = plan(DEFAULT_ANNOTATORS, skip=["quote_marks"])
    assert [a.name for a in ordered] == ["length"]
    assert notes == {
        "quote_marks": "switched off in the configuration",
        "in_quote": "needs 'quote_marks', which is left out",
        "attribution": "needs 'quote_marks', which is left out",
        "mentions": "needs 'quote_marks', which is left out",
        "loaded": "needs 'quote_marks', which is left out",
        "own_voice": "needs 'quote_marks', which is left out",
        "naming": "needs 'quote_marks', which is left out",
        "tone": "needs 'mentions', which is left out",
    }
    with pytest.raises(ConfigError, match="skip names unknown annotator"):
        plan(DEFAULT_ANNOTATORS, skip=["voices"])
    with pytest.raises(ConfigError, match="requires 'quote_marks', which no annotator makes"):
        plan([IN_QUOTE, LENGTH])


def test_options_are_checked_with_one_message_shape():
    assert IN_QUOTE.resolve_options({"min_share": 0.8}) == {"min_share": 0.8}
    with pytest.raises(ConfigError, match="the 'min_share' option of annotator 'in_quote' must be"):
        IN_QUOTE.resolve_options({"min_share": 2})
    with pytest.raises(
        ConfigError,
        match=r"^\[annotate.in_quote\]: annotator 'in_quote' has no option.s. threshold",
    ):
        IN_QUOTE.resolve_options({"threshold": 1})


@pytest.mark.hostile
def test_options_for_an_annotator_that_does_not_exist_are_refused(seed_corpus):
    with pytest.raises(ConfigError) as error:
        annotate(
            seed_corpus.articles,
            seed_corpus.sentences,
            DEFAULT_ANNOTATORS,
            settings={"tones": {"x": 1}},
        )
    assert str(error.value).startswith(
        "[annotate.<name>] tables name unknown annotator(s) tones; known: length, quote_marks"
    )


def test_editing_a_lexicon_changes_only_the_keys_that_depend_on_it(tmp_path):
    ordered, _ = plan(DEFAULT_ANNOTATORS)
    before = cache_keys(ordered)
    assert cache_keys(ordered) == before  # deterministic
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    (lexicons / "quote_marks.csv").write_text(
        read_text("quote_marks.csv") + "‹,›,single guillemets\n", encoding="utf-8"
    )
    after = cache_keys(ordered, overrides=lexicons)
    changed = {name for name in before if before[name] != after[name]}
    # everything built on the marks changes; length reads no lexicon
    assert changed == {
        "quote_marks",
        "in_quote",
        "attribution",
        "mentions",
        "loaded",
        "own_voice",
        "naming",
        "tone",
    }
    (lexicons / "naming.csv").write_text(
        "concept,variant,kind,type\nKyiv,Kyjiw,spelling,\n", encoding="utf-8"
    )
    naming = cache_keys(ordered, overrides=lexicons)
    assert {name for name in after if after[name] != naming[name]} == {"naming"}
    options = cache_keys(ordered, settings={"in_quote": {"min_share": 0.9}})
    assert {n for n in before if before[n] != options[n]} == {"in_quote"}


def test_one_process_and_two_give_identical_tables(allsides_slice, monkeypatch):
    from framing.executor import Processes, Serial

    articles = allsides_slice.articles.iloc[:120]  # 1,854 quotes: enough to differ if it would
    sentences = allsides_slice.sentences
    sentences = sentences[sentences["article_id"].isin(articles["article_id"])]
    serial = annotate(articles, sentences, DEFAULT_ANNOTATORS, executor=Serial())
    workers = []
    on_processes = framing.parallel._on_workers

    def counted(function, batches, sizes, n, bar):
        workers.append((len(batches), n))
        return on_processes(function, batches, sizes, n, bar)

    monkeypatch.setattr(framing.parallel, "_on_workers", counted)
    monkeypatch.setattr(framing.annotate.tasks, "BATCH_SIZE", 60)  # two tasks of 60 articles
    # the slice is small: make it use workers anyway
    parallel = annotate(
        articles, sentences, DEFAULT_ANNOTATORS, executor=Processes(2, min_parallel=0)
    )
    assert workers == [(2, 2)]  # two batches of articles, on two worker processes
    pd.testing.assert_frame_equal(serial.sentences, parallel.sentences)
    pd.testing.assert_frame_equal(serial.spans["quotes"], parallel.spans["quotes"])
    assert len(serial.spans["quotes"]) > 100 and serial.keys == parallel.keys


def test_headline_quotes_are_checked_against_the_title_not_the_body(tmp_path):
    """A headline quote past the end of a short body is inside its title (offsets index the
    title): the contract check once took it for a span outside the text, a 'bug' exit."""
    import json

    from framing import load_corpus

    title = (
        "Officials in the capital said on Monday that the talks would resume, and the minister "
        'said "we will never accept these terms at all"'
    )
    table = tmp_path / "t.jsonl"
    row = {"id": "a1", "outlet": "X", "title": title, "text": "He is at it. " * 7}
    table.write_text(json.dumps(row) + "\n", encoding="utf-8")
    corpus = load_corpus(table)
    annotated = annotate(corpus.articles, corpus.sentences, DEFAULT_ANNOTATORS, jobs=1)
    quotes = annotated.spans["headline_quotes"]
    assert quotes[["start", "end", "text"]].values.tolist() == [
        [92, 131, "we will never accept these terms at all"]
    ]
    assert quotes["end"].iloc[0] > len(corpus.articles["text"].iloc[0])
