"""The per-article cache: re-runs compute only what changed, and every table stays the same.

The checks issue 24 names: a lexicon edit invalidates exactly the annotators that read it and
those that require them; a damaged entry is rebuilt, never used; two runs sharing a cache at once
agree; and what a cached run makes equals what a run without the cache makes.
"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import framing
from framing.api import annotate_corpus
from framing.cache import CACHE_FILE, Cache, open_cache
from framing.cli import EXIT_FAILED, EXIT_OK, main
from framing.config import Config, RunOptions, load_config
from framing.errors import ConfigError
from framing.lexicons import read_text
from tests.conftest import SEED_CORPUS, slice_rows, write_rows

STAGES = [
    "prepare",
    "length",
    "quote_marks",
    "in_quote",
    "attribution",
    "loaded",
    "naming",
    "mentions",
    "own_voice",
    "tone",
]


def annotate_with(path: Path, folder: Path, config: Config | None = None):
    """Load and annotate ``path`` with the cache in ``folder``; the tables and the cache stats."""
    config = config or load_config(path)
    with open_cache(folder, max_mb=1000, corpus=path) as cache:
        corpus = framing.load_corpus(path, config=config, cache=cache)
        annotated = annotate_corpus(corpus, config, cache=cache)
    return corpus, annotated, cache.stats


def uncached(path: Path):
    config = load_config(path)
    corpus = framing.load_corpus(path, config=config, cache=False)
    return corpus, annotate_corpus(corpus, config)


def assert_same_tables(left, right) -> None:
    (corpus_a, annotated_a), (corpus_b, annotated_b) = left[:2], right[:2]
    pd.testing.assert_frame_equal(corpus_a.articles, corpus_b.articles)
    pd.testing.assert_frame_equal(corpus_a.log, corpus_b.log)
    pd.testing.assert_frame_equal(annotated_a.sentences, annotated_b.sentences)
    assert sorted(annotated_a.spans) == sorted(annotated_b.spans)
    for name in annotated_a.spans:
        pd.testing.assert_frame_equal(annotated_a.spans[name], annotated_b.spans[name], obj=name)


def misses(stats) -> dict[str, int]:
    return {stage: stats.misses[stage] for stage in stats.keys}


def test_a_rerun_reads_everything_from_the_cache_and_makes_the_same_tables(corpus_dir, tmp_path):
    folder = tmp_path / "cache"
    cold = annotate_with(corpus_dir, folder)
    warm = annotate_with(corpus_dir, folder)
    assert list(cold[2].keys) == STAGES
    assert misses(cold[2]) == dict.fromkeys(STAGES, 24)
    assert misses(warm[2]) == dict.fromkeys(STAGES, 0)
    assert warm[2].hits == dict.fromkeys(STAGES, 24)
    assert len(cold[1].spans["quotes"]) > 20 and len(cold[1].spans["mentions"]) > 100
    assert_same_tables(cold, warm)
    assert_same_tables(cold, uncached(corpus_dir))


def test_every_table_of_a_cached_analysis_equals_the_uncached_one(corpus_dir, tmp_path):
    config = replace(load_config(corpus_dir), run=RunOptions(cache=str(tmp_path / "c")))
    cold = framing.analyze(corpus_dir, config=config)
    warm = framing.analyze(corpus_dir, config=config)
    plain = framing.analyze(corpus_dir, config=replace(config, run=RunOptions(cache=False)))
    assert "cache" not in plain.extras
    assert sum(warm.extras["cache"].misses.values()) == 0
    assert sorted(cold.tables) == sorted(plain.tables) == sorted(warm.tables)
    for name, table in plain.tables.items():
        pd.testing.assert_frame_equal(cold.tables[name], table, obj=name)
        pd.testing.assert_frame_equal(warm.tables[name], table, obj=name)


def test_adding_an_outlet_computes_only_its_articles(tmp_path):
    folder = tmp_path / "cache"
    before, after = tmp_path / "before.jsonl", tmp_path / "after.jsonl"
    write_rows(before, slice_rows(3))
    write_rows(after, slice_rows(4))  # the same three outlets, and a fourth
    annotate_with(before, folder)
    added = annotate_with(after, folder)
    assert misses(added[2]) == dict.fromkeys(STAGES, 8)
    assert added[2].hits == dict.fromkeys(STAGES, 24)
    assert_same_tables(added, uncached(after))


def test_a_lexicon_edit_reruns_exactly_its_annotators_and_those_that_require_them(
    corpus_dir, tmp_path
):
    folder = tmp_path / "cache"
    annotate_with(corpus_dir, folder)
    lexicons = corpus_dir / "lexicons"
    lexicons.mkdir()
    (lexicons / "actors.csv").write_text(
        "actor,type,group,aliases\nJoe Nobody,person,us_gov,Nobody\n", encoding="utf-8"
    )
    edited = annotate_with(corpus_dir, folder)
    rerun = {stage for stage, n in misses(edited[2]).items() if n}
    assert rerun == {"attribution", "mentions", "own_voice", "tone"}
    assert all(misses(edited[2])[s] == 24 for s in rerun)
    assert_same_tables(edited, uncached(corpus_dir))

    (lexicons / "loaded_words.csv").write_text(
        read_text("loaded_words.csv").rstrip("\n") + "\nzzyzzx,derogatory,1.0,hand\n",
        encoding="utf-8",
    )
    edited = annotate_with(corpus_dir, folder)
    assert {stage for stage, n in misses(edited[2]).items() if n} == {"loaded"}


def test_an_edit_to_a_cleaning_file_that_changes_no_text_keeps_the_annotations(
    corpus_dir, tmp_path
):
    folder = tmp_path / "cache"
    annotate_with(corpus_dir, folder)
    lexicons = corpus_dir / "lexicons"
    lexicons.mkdir()
    (lexicons / "promo_patterns.txt").write_text(
        read_text("promo_patterns.txt") + "\n^zzyzzx never printed$\n", encoding="utf-8"
    )
    edited = annotate_with(corpus_dir, folder)
    assert misses(edited[2]) == {"prepare": 24, **dict.fromkeys(STAGES[1:], 0)}


def test_a_damaged_entry_is_rebuilt_not_used(corpus_dir, tmp_path):
    folder = tmp_path / "cache"
    cold = annotate_with(corpus_dir, folder)
    with sqlite3.connect(folder / CACHE_FILE) as db:  # one flipped byte, as a bad disk does
        chunk, data = db.execute(
            "SELECT b.chunk, b.data FROM blobs b JOIN chunks c ON b.chunk = c.id "
            "WHERE c.stage = 'attribution' AND b.name = 'quotes'"
        ).fetchone()
        flipped = data[:200] + bytes([data[200] ^ 0xFF]) + data[201:]
        db.execute(
            "UPDATE blobs SET data = ? WHERE chunk = ? AND name = 'quotes'", (flipped, chunk)
        )
    damaged = annotate_with(corpus_dir, folder)
    assert damaged[2].rebuilt == 1
    assert misses(damaged[2])["attribution"] == 24
    assert sum(misses(damaged[2]).values()) == 24  # the others were sound
    assert_same_tables(cold, damaged)
    again = annotate_with(corpus_dir, folder)
    assert (again[2].rebuilt, sum(misses(again[2]).values())) == (0, 0)


def test_entries_of_another_framing_version_are_not_read(corpus_dir, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    annotate_with(corpus_dir, folder)
    monkeypatch.setattr(framing, "__version__", "99.0")
    later = annotate_with(corpus_dir, folder)
    assert misses(later[2]) == dict.fromkeys(STAGES, 24)


def _run_in_child(paths: tuple[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    corpus, annotated, _ = annotate_with(Path(paths[0]), Path(paths[1]))
    return corpus.articles, annotated.sentences


def test_two_runs_sharing_a_cache_at_once_both_finish_and_agree(corpus_dir, tmp_path):
    folder = tmp_path / "cache"
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = pool.map(_run_in_child, [(str(corpus_dir), str(folder))] * 2)
    plain = uncached(corpus_dir)
    for articles, sentences in results:
        pd.testing.assert_frame_equal(articles, plain[0].articles)
        pd.testing.assert_frame_equal(sentences, plain[1].sentences)
    warm = annotate_with(corpus_dir, folder)  # what they left is sound and complete
    assert (warm[2].rebuilt, sum(misses(warm[2]).values())) == (0, 0)


def tiny(n: int) -> pd.DataFrame:
    return pd.DataFrame({"position": range(n), "value": [f"row {i}" * 50 for i in range(n)]})


def test_least_recently_used_chunks_are_evicted_past_the_bound(tmp_path):
    with Cache(tmp_path / "c", max_mb=1000) as cache:
        cache.store("s", "key", ["a", "b"], {"t": tiny(2)})
        cache.store("s", "key", ["c", "d"], {"t": tiny(2)})
        cache.store("s", "key", ["e"], {"t": tiny(1)})
        assert cache.load("s", "key", ["a"]).missing == []  # a's chunk is now the most recent
        cache.max_bytes = cache.size() - 1  # one chunk too many
        assert cache.evict()[0] == 1
        found = cache.load("s", "key", ["a", "b", "c", "d", "e"])
    assert found.missing == [2, 3]  # c and d: their chunk was used least recently
    assert found.tables["t"]["position"].tolist() == [0, 1, 4]
    assert found.tables["t"]["value"].tolist() == ["row 0" * 50, "row 1" * 50, "row 0" * 50]


def test_a_chunk_no_entry_points_to_is_dropped(tmp_path):
    with Cache(tmp_path / "c") as cache:
        cache.store("s", "key", ["a"], {"t": tiny(1)})
        cache.store("s", "key", ["a"], {"t": tiny(1)})  # a later run wrote a again
        cache.evict()
        assert cache.info()["stages"] == [
            {"stage": "s", "chunks": 1, "entries": 1, "bytes": cache.size()}
        ]


def test_the_cache_folder_must_be_new_empty_or_framings(tmp_path, corpus_dir):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("x")
    with pytest.raises(ConfigError, match=r"mine: not a framing cache \(it holds other files\)"):
        Cache(tmp_path / "mine")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="the cache folder must be a folder"):
        Cache(tmp_path / "file")
    inside = open_cache(corpus_dir / "cache", max_mb=10, corpus=corpus_dir)
    with pytest.raises(ConfigError, match="the cache folder is inside the corpus"), inside:
        pass
    assert not (corpus_dir / "cache").exists()
    assert (tmp_path / "mine" / "thesis.docx").read_text() == "x"


def test_a_file_that_is_not_a_cache_is_refused_with_the_fix(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / CACHE_FILE).write_bytes(b"not a database at all" * 100)
    with pytest.raises(ConfigError, match=r"not a usable framing cache \(file is not a database\)"):
        Cache(folder)
    cleared = CliRunner().invoke(main, ["cache", "clear", "--cache", str(folder)])
    assert cleared.exit_code == EXIT_OK, cleared.output
    assert cleared.output == f"{folder}: removed a damaged cache file; the next run starts afresh\n"
    with Cache(folder) as cache:
        assert cache.size() == 0


def test_cache_commands_show_and_clear_the_cache(tmp_path):
    folder = tmp_path / "c"
    runner = CliRunner()
    validated = runner.invoke(main, ["validate", "-q", "--cache", str(folder), str(SEED_CORPUS)])
    assert validated.exit_code == EXIT_OK, validated.output
    info = runner.invoke(main, ["cache", "info", "--cache", str(folder)])
    assert info.exit_code == EXIT_OK, info.output
    lines = info.output.splitlines()
    assert lines[0] == f"cache: {folder}"
    assert lines[3].split()[:3] == ["prepare", "5", "1"]
    assert (
        "0 hits, 5 misses over 1 stages; 0 damaged entries rebuilt; 0 chunks evicted" in (lines[4])
    )
    cleared = runner.invoke(main, ["cache", "clear", "--cache", str(folder)])
    assert cleared.output.startswith(f"{folder}: cleared (")
    assert runner.invoke(main, ["cache", "info", "--cache", str(folder)]).output.splitlines()[
        2
    ] == ("empty")


def test_cache_and_no_cache_together_are_refused():
    result = CliRunner().invoke(
        main, ["analyze", "--cache", "/tmp/x", "--no-cache", str(SEED_CORPUS)]
    )
    assert result.exit_code == EXIT_FAILED
    assert "give --cache DIR or --no-cache, not both" in result.output


def test_no_cache_writes_nothing(tmp_path, private_cache):
    result = CliRunner().invoke(main, ["validate", "-q", "--no-cache", str(SEED_CORPUS)])
    assert result.exit_code == EXIT_OK, result.output
    assert not private_cache.exists()


def test_prepare_data_files_list_every_file_cleaning_and_splitting_read():
    """Read in a fresh process (the per-file caches of this one may hold them already)."""
    script = """
import json, framing.lexicons as lexicons
read = set()
original = lexicons._packaged_text.__wrapped__
def recording(name):
    read.add(name)
    return original(name)
lexicons._packaged_text = recording
import framing
framing.load_corpus("corpus", cache=False)
print(json.dumps(sorted(read)))
"""
    output = subprocess.run(
        [sys.executable, "-c", script],
        cwd=SEED_CORPUS.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    from framing.prepare.pipeline import PREPARE_DATA_FILES

    assert sorted(json.loads(output.splitlines()[-1])) == sorted(PREPARE_DATA_FILES)


@pytest.mark.parametrize("reprints", ["count", "exclude"])
def test_cached_text_metrics_equal_the_measured_ones(allsides_slice, tmp_path, reprints):
    from framing.compare.diversity import cached_text_metrics, text_metrics
    from framing.config import CompareOptions

    articles, sentences = allsides_slice.articles, allsides_slice.sentences
    options = CompareOptions(reprints=reprints)
    with Cache(tmp_path / "c") as cache:
        half = cached_text_metrics(articles.iloc[::2], sentences=sentences, cache=cache)
        whole = cached_text_metrics(articles, sentences=sentences, options=options, cache=cache)
        assert cache.stats.misses["text_metrics"] == len(half) + len(whole) - len(half)
    expected = text_metrics(articles, sentences=sentences, options=options)
    assert len(expected) > 250
    pd.testing.assert_frame_equal(whole, expected)


def test_a_cache_that_cannot_be_written_warns_once_and_changes_nothing(corpus_dir, tmp_path):
    from framing.errors import CacheWarning

    config = load_config(corpus_dir)
    with Cache(tmp_path / "c") as cache:
        cache._db.execute("PRAGMA query_only = 1")  # every write refused, as on a full disk
        with pytest.warns(CacheWarning, match="the cache could not be written") as caught:
            corpus = framing.load_corpus(corpus_dir, config=config, cache=cache)
            annotated = annotate_corpus(corpus, config, cache=cache)
        assert len(caught) == 1 and not cache.writable
        assert cache.size() == 0
    assert_same_tables((corpus, annotated), uncached(corpus_dir))


def test_a_cache_folder_another_run_creates_at_the_same_moment_is_used(tmp_path, monkeypatch):
    """Two runs starting together both find the folder missing; the second mkdir fails with
    FileExistsError, which used to end that run ("cannot create the cache folder")."""
    folder = tmp_path / "cache"
    make = Path.mkdir

    def raced(self: Path, *args: object, **kwargs: object) -> None:
        make(self, *args, **kwargs)  # the other run wins the race
        raise FileExistsError(17, "File exists")

    monkeypatch.setattr(Path, "mkdir", raced)
    with Cache(folder) as cache:
        assert cache.path.is_file()


def test_a_table_digested_a_few_rows_at_a_time_has_the_same_digest(seed_corpus, monkeypatch):
    """``frame_digest`` hashes a column in pieces (bounded memory); the digest is the one of
    the whole column at once, so keys made before stay valid."""
    from framing import cache as cache_module

    tables = {"articles": seed_corpus.articles, "sentences": seed_corpus.sentences}
    whole = cache_module.frame_digest(tables)
    monkeypatch.setattr(cache_module, "DIGEST_ROWS", 7)
    assert cache_module.frame_digest(tables) == whole
    changed = seed_corpus.sentences.copy()
    changed.loc[len(changed) - 1, "text"] = "Another last sentence."
    assert cache_module.frame_digest({**tables, "sentences": changed}) != whole
