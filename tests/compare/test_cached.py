"""Comparisons kept whole in the cache: used only for the same input, and exactly as made."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.annotate import DEFAULT_ANNOTATORS
from framing.api import annotate_corpus
from framing.cache import frame_digest
from framing.compare.base import CompareInput
from framing.compare.cached import COMPARISON_SUFFIX, cacheable, projected
from framing.compare.options import CompareOptions
from framing.compare.registry import COMPARISONS
from framing.compare.run import _groups, annotator_inputs, compare, plan
from framing.config import RunOptions, load_config
from framing.lexicons import read_text

KEPT = [c.name for c in COMPARISONS if cacheable(c)]


def analyze_with(path: Path, cache: Path | None) -> framing.Result:
    config = load_config(path)
    run = RunOptions(cache=str(cache) if cache else False)
    return framing.analyze(path, config=replace(config, run=run))


def comparison_counts(result: framing.Result) -> dict[str, tuple[int, int]]:
    """(from the cache, computed) per comparison kept whole."""
    stats = result.extras["cache"]
    return {
        stage.removesuffix(COMPARISON_SUFFIX): (stats.hits[stage], stats.misses[stage])
        for stage in stats.keys
        if stage.endswith(COMPARISON_SUFFIX)
    }


def assert_tables_equal(result: framing.Result, expected: framing.Result) -> None:
    assert list(result.tables) == list(expected.tables)
    for name, table in expected.tables.items():
        pd.testing.assert_frame_equal(result.tables[name], table, check_exact=True, obj=name)
    assert result.notes == expected.notes


def test_every_comparison_is_kept():
    assert KEPT == [
        "lexical",
        "lexical_evidence",
        "voices",
        "actor_candidates",
        "own_voice",
        "naming",
        "tone",
        "loaded",
    ]
    assert all(c.codec is not None for c in COMPARISONS if c.extras)


def assert_lexical_equal(result: framing.Result, expected: framing.Result) -> None:
    """The lexical comparison's and its evidence's extras, field by field, exactly."""
    got, made = result.lexical, expected.lexical
    assert got.counts is not None and made.counts is not None
    assert got.counts.vocabulary.dtype == made.counts.vocabulary.dtype
    assert list(got.counts.vocabulary) == list(made.counts.vocabulary)
    pd.testing.assert_frame_equal(got.counts.articles, made.counts.articles, check_exact=True)
    for matrix in ("article_counts", "outlet_counts", "outlet_docs"):
        a, b = getattr(got.counts, matrix), getattr(made.counts, matrix)
        assert a.dtype == b.dtype and a.indices.dtype == b.indices.dtype, matrix
        assert a.shape == b.shape and (a != b).nnz == 0, matrix
        assert a.has_sorted_indices == b.has_sorted_indices, matrix
    pd.testing.assert_index_equal(got.counts.outlets, made.counts.outlets)
    assert got.counts.options == made.counts.options
    for frame in ("keyness", "cosine", "divergence", "headline_keyness"):
        pd.testing.assert_frame_equal(getattr(got, frame), getattr(made, frame), check_exact=True)
    for frame in ("article_metrics", "outlet_metrics"):
        pd.testing.assert_frame_equal(getattr(got, frame), getattr(made, frame), check_exact=True)
    assert got.order == made.order and got.notes == made.notes
    pd.testing.assert_frame_equal(got.sentences, made.sentences, check_exact=True)
    evidence, evidence_made = result.lexical_evidence, expected.lexical_evidence
    pd.testing.assert_frame_equal(evidence.examples, evidence_made.examples, check_exact=True)
    assert evidence.terms.first_terms() == evidence_made.terms.first_terms()
    outlet = evidence_made.terms.groups[0]
    for direction in ("over", "under"):
        pd.testing.assert_frame_equal(
            evidence.terms.top(outlet, 5, direction=direction),
            evidence_made.terms.top(outlet, 5, direction=direction),
            check_exact=True,
        )
    assert evidence.headline_terms.groups == evidence_made.headline_terms.groups


def test_a_rerun_takes_the_comparisons_from_the_cache_exactly_as_made(
    corpus_dir, tmp_path, monkeypatch
):
    # the whole file's term counts and keyness exceed what one SQLite value holds, so they are
    # kept in pieces; here every table of more than 50 rows is
    monkeypatch.setattr("framing.compare.cached.ROWS_PER_BLOB", 50)
    cache = tmp_path / "cache"
    cold = analyze_with(corpus_dir, cache)
    warm = analyze_with(corpus_dir, cache)
    assert comparison_counts(cold) == dict.fromkeys(KEPT, (0, 1))
    assert comparison_counts(warm) == dict.fromkeys(KEPT, (1, 0))
    assert len(warm.tables["tone"]) and len(warm.tables["voices"])
    assert len(warm.tables["keyness"]) > 50 * 3
    plain = analyze_with(corpus_dir, None)
    assert_tables_equal(warm, plain)
    assert_lexical_equal(warm, plain)
    assert warm.lexical.kwic("russia").equals(plain.lexical.kwic("russia"))


def test_a_lexicon_edit_computes_again_only_the_comparisons_reading_what_changed(
    corpus_dir,
    tmp_path,
):
    cache = tmp_path / "cache"
    analyze_with(corpus_dir, cache)
    lexicons = corpus_dir / "lexicons"
    lexicons.mkdir()
    (lexicons / "loaded_words.csv").write_text(
        read_text("loaded_words.csv").rstrip("\n") + "\nofficials,derogatory,1.0,hand\n",
        encoding="utf-8",
    )
    edited = analyze_with(corpus_dir, cache)
    assert comparison_counts(edited) == {**dict.fromkeys(KEPT, (1, 0)), "loaded": (0, 1)}
    assert "officials" in " ".join(edited.tables["loaded"]["top_cues"].dropna())
    assert_tables_equal(edited, analyze_with(corpus_dir, None))


def test_a_comparison_handed_only_what_it_reads_makes_the_same_tables(allsides_slice):
    config = allsides_slice.config
    annotated = annotate_corpus(allsides_slice, config)
    given = CompareInput(
        allsides_slice.articles, annotated.sentences, annotated.spans, config.compare
    )
    declared = [c for c in COMPARISONS if c.reads is not None]
    assert [c.name for c in declared] == KEPT
    known = annotator_inputs(DEFAULT_ANNOTATORS)
    handed_all = compare(given, declared)  # without ``known``: every comparison gets everything
    handed_reads = compare(given, declared, known=known)
    assert list(handed_reads.tables) == list(handed_all.tables)
    for name, table in handed_all.tables.items():
        assert len(table), name
        pd.testing.assert_frame_equal(handed_reads.tables[name], table, check_exact=True, obj=name)
    assert handed_reads.notes == handed_all.notes


def test_a_comparison_cannot_read_what_it_did_not_declare(allsides_slice):
    annotated = annotate_corpus(allsides_slice, allsides_slice.config)
    given = CompareInput(
        allsides_slice.articles, annotated.sentences, annotated.spans, CompareOptions()
    )
    annotated_columns = {
        n.removeprefix("sentences.")
        for n in annotator_inputs(DEFAULT_ANNOTATORS)
        if n.startswith("sentences.")
    }
    handed = projected(given, ("quotes", "sentences.hedges"), annotated_columns)
    assert list(handed.spans) == ["quotes"]
    assert "hedges" in handed.sentences and "text" in handed.sentences
    assert "loaded" not in handed.sentences and "n_words" not in handed.sentences
    assert len(handed.sentences) == len(annotated.sentences)


def test_a_run_without_a_cache_keeps_nothing(corpus_dir):
    assert "cache" not in analyze_with(corpus_dir, None).extras


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.assign(x=f["x"].where(f.index != 1, 9)),
        lambda f: f.rename(columns={"x": "y"}),
        lambda f: f.astype({"x": "float64"}),
        lambda f: f.iloc[::-1],
        lambda f: f.iloc[:2],
    ],
    ids=["value", "column name", "dtype", "row order", "rows"],
)
def test_the_input_digest_sees_every_kind_of_change(change):
    frame = pd.DataFrame({"x": [1, 2, 3], "s": ["a", "b", None]})
    assert frame_digest({"t": frame}) == frame_digest({"t": frame.copy()})
    assert frame_digest({"t": change(frame)}) != frame_digest({"t": frame})
    assert frame_digest({"u": frame}) != frame_digest({"t": frame})


def test_comparisons_on_two_worker_processes_make_the_same_tables(
    corpus_dir, tmp_path, monkeypatch
):
    plain = analyze_with(corpus_dir, None)
    monkeypatch.setattr("framing.compare.run.PARALLEL_MIN_ITEMS", 0)  # 24 articles: force workers
    config = load_config(corpus_dir)
    run = RunOptions(jobs=2, cache=str(tmp_path / "cache"))
    cold = framing.analyze(corpus_dir, config=replace(config, run=run))
    warm = framing.analyze(corpus_dir, config=replace(config, run=run))
    for result in (cold, warm):
        assert_tables_equal(result, plain)
        assert_lexical_equal(result, plain)  # and not sent back and forth
    # the lexical comparison's per-article measures, kept by a worker's own connection
    assert cold.extras["cache"].misses["text_metrics"] == 24
    assert "text_metrics" not in warm.extras["cache"].keys  # the lexical comparison came whole
    assert comparison_counts(warm) == dict.fromkeys(KEPT, (1, 0))


def test_comparisons_are_grouped_only_with_those_they_depend_on():
    known = annotator_inputs(DEFAULT_ANNOTATORS)
    ordered, left_out = plan(COMPARISONS, inputs=set(known), known=known)
    assert not left_out
    groups = [[c.name for c in group] for group in _groups(ordered)]
    assert groups[0] == ["lexical", "lexical_evidence"]
    assert sorted(name for group in groups[1:] for name in group) == sorted(KEPT[2:])
    assert all(len(group) == 1 for group in groups[1:])


@pytest.mark.parametrize(("max_words", "parallel"), [(10**9, True), (1_000, False)])
def test_comparisons_run_one_at_a_time_above_the_words_bound(
    corpus_dir, monkeypatch, max_words, parallel
):
    import framing.compare.run as runner

    asked = []
    real = runner.run_batches

    def spy(function, items, **options):
        asked.append(options["jobs"] != 1)
        return real(function, items, **{**options, "jobs": 1})

    monkeypatch.setattr(runner, "PARALLEL_MIN_ITEMS", 0)
    monkeypatch.setattr(runner, "PARALLEL_MAX_WORDS", max_words)
    monkeypatch.setattr(runner, "run_batches", spy)
    analyze_with(corpus_dir, None)
    assert asked == [parallel]  # the 24 articles hold about 20,000 words


def test_a_small_corpus_compares_in_this_process(corpus_dir, monkeypatch):
    import framing.parallel

    def no_workers(*args, **kwargs):
        raise AssertionError("workers started for 24 articles")

    monkeypatch.setattr(framing.parallel, "_on_workers", no_workers)
    assert len(analyze_with(corpus_dir, None).tables["keyness"])
