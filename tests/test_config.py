"""Options of every stage are checked with one message shape, and the configuration round-trips
through framing.toml."""

from __future__ import annotations

import os

import pytest

from framing.compare import CompareOptions
from framing.config import (
    AnnotateOptions,
    Config,
    IngestOptions,
    PrepareOptions,
    ReportOptions,
    RunOptions,
    load_config,
)
from framing.errors import ConfigError

BAD = [
    (lambda: RunOptions(jobs=-3), "The 'jobs' parameter of RunOptions must be an int >= 0"),
    (lambda: RunOptions(jobs=True), "The 'jobs' parameter of RunOptions must be an int >= 0"),
    (lambda: RunOptions(cache=3), "The 'cache' parameter of RunOptions must be true, false or"),
    (lambda: RunOptions(cache=""), "The 'cache' parameter of RunOptions must be true, false or"),
    (lambda: RunOptions(cache_mb=0), "The 'cache_mb' parameter of RunOptions must be a number"),
    (lambda: RunOptions(engine="spark"), "The 'engine' parameter of RunOptions must be one of"),
    (lambda: RunOptions(engine="dask", scheduler=""), "The 'scheduler' parameter of RunOptions"),
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
        prepare=PrepareOptions(boilerplate_min_articles=4),
        run=RunOptions(
            jobs=2, engine="dask", scheduler="tcp://h:8786", cache="/tmp/somewhere", cache_mb=50.0
        ),
        annotate=AnnotateOptions(skip=("quotes",), settings={"in_quote": {"min_share": 0.7}}),
        compare=CompareOptions(ngram_range=(1, 3), reprints="exclude"),
    )
    (tmp_path / "framing.toml").write_text(config.to_toml(), encoding="utf-8")
    assert load_config(tmp_path) == config


def test_jobs_under_prepare_is_pointed_to_run(tmp_path):
    (tmp_path / "framing.toml").write_text("[prepare]\njobs = 2\n", encoding="utf-8")
    with pytest.raises(
        ConfigError,
        match=r"framing.toml \[prepare\]: 'jobs' has moved to the \[run\] table: write it under",
    ):
        load_config(tmp_path)


def test_run_options_come_from_framing_toml(tmp_path):
    (tmp_path / "framing.toml").write_text(
        "[run]\njobs = 1\ncache = false\ncache_mb = 25\n", encoding="utf-8"
    )
    run = load_config(tmp_path).run
    assert (run.jobs, run.cache, run.cache_mb, run.cache_folder()) == (1, False, 25, None)


def test_a_scheduler_needs_the_dask_engine(tmp_path):
    (tmp_path / "framing.toml").write_text('[run]\nscheduler = "tcp://h:8786"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert str(error.value) == (
        f"{tmp_path / 'framing.toml'} [run]: The 'scheduler' parameter of RunOptions "
        "('tcp://h:8786') is an address of a Dask cluster: use it with engine \"dask\" "
        "(--engine dask), or leave it unset."
    )


def test_the_dask_engine_without_dask_says_what_to_install(monkeypatch):
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "distributed" else find_spec(name, *a),
    )
    with pytest.raises(ConfigError) as error:
        RunOptions(engine="dask")
    assert str(error.value) == (
        "The 'engine' parameter of RunOptions is \"dask\", but Dask is not installed: "
        "pip install 'framing[dask]' (or use engine \"local\")."
    )
    assert RunOptions(engine="local").engine == "local"


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


@pytest.mark.hostile
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


# Settings files (framing.toml, lexicon overrides) are read only when they are regular UTF-8
# files inside the corpus, of at most MAX_SETTINGS_MB; anything else is one ConfigError naming
# the file, the line where it applies, and the fix.

DEFAULTS = "without it the defaults apply"
PACKAGED = "without it the packaged file is used"
BROKEN_FILES = [
    (b'name = "caf\xe9"\n', "line 1: not UTF-8 text (byte 0xe9): save it as UTF-8"),
    (
        b"# a list\nalleged\n\x00\x01\x02",
        "line 3: binary content (NUL bytes), not text: replace it with a UTF-8 text file, or "
        "remove it ({without})",
    ),
]


def toml_error(corpus) -> str:
    with pytest.raises(ConfigError) as error:
        load_config(corpus)
    return str(error.value)


def lexicon_error(folder, name="hedges.txt") -> str:
    from framing.lexicons import read_lines

    with pytest.raises(ConfigError) as error:
        read_lines(name, folder)
    return str(error.value)


@pytest.mark.hostile
@pytest.mark.parametrize(("content", "message"), BROKEN_FILES)
def test_a_framing_toml_or_lexicon_that_is_not_utf8_text_names_file_and_line(
    tmp_path, content, message
):
    (tmp_path / "framing.toml").write_bytes(content)
    assert toml_error(tmp_path) == f"{tmp_path}/framing.toml: " + message.format(without=DEFAULTS)
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "hedges.txt").write_bytes(content)
    assert lexicon_error(tmp_path / "lexicons") == (
        f"{tmp_path}/lexicons/hedges.txt: " + message.format(without=PACKAGED)
    )


@pytest.mark.hostile
def test_settings_files_linked_out_of_the_corpus_are_refused(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside.txt"
    (corpus / "lexicons").mkdir(parents=True)
    outside.write_text("name = 'outside'\n", encoding="utf-8")
    (corpus / "framing.toml").symlink_to(outside)
    (corpus / "lexicons" / "hedges.txt").symlink_to("/etc/passwd")
    fix = (
        "link points outside the corpus folder: copy the file into the corpus instead of "
        "linking to it (nothing outside the corpus folder is read)"
    )
    assert toml_error(corpus) == f"{corpus}/framing.toml: {fix}"
    assert lexicon_error(corpus / "lexicons") == f"{corpus}/lexicons/hedges.txt: {fix}"
    (corpus / "framing.toml").unlink()
    (corpus / "framing.toml").symlink_to("lexicons/settings.toml")  # inside: read
    (corpus / "lexicons" / "settings.toml").write_text("name = 'inside'\n", encoding="utf-8")
    assert load_config(corpus).name == "inside"


@pytest.mark.hostile
def test_a_settings_file_that_is_a_pipe_or_a_folder_is_refused_unopened(tmp_path):
    os.mkfifo(tmp_path / "framing.toml")  # opening it would block until someone writes
    (tmp_path / "lexicons" / "hedges.txt").mkdir(parents=True)
    assert toml_error(tmp_path) == (
        f"{tmp_path}/framing.toml: a named pipe, not a regular file: replace it with a text "
        f"file, or remove it ({DEFAULTS})"
    )
    assert lexicon_error(tmp_path / "lexicons") == (
        f"{tmp_path}/lexicons/hedges.txt: a folder, not a regular file: replace it with a text "
        f"file, or remove it ({PACKAGED})"
    )


@pytest.mark.hostile
def test_settings_files_over_the_size_limit_are_refused_unread(tmp_path):
    from framing.safe_read import MAX_SETTINGS_MB

    (tmp_path / "lexicons").mkdir()
    for file in (tmp_path / "framing.toml", tmp_path / "lexicons" / "hedges.txt"):
        with open(file, "wb") as handle:
            handle.truncate(MAX_SETTINGS_MB * 1_000_000 + 1)  # sparse: nothing to read
    too_large = "file too large: 10.0 MB (limit 10 MB for a settings file): shorten it, or split it"
    assert toml_error(tmp_path) == f"{tmp_path}/framing.toml: {too_large}"
    assert lexicon_error(tmp_path / "lexicons") == f"{tmp_path}/lexicons/hedges.txt: {too_large}"


def test_an_unreadable_lexicon_says_so(tmp_path, monkeypatch):
    """Permission denied (simulated: the tests may run as root, who may read anything)."""
    import framing.safe_read as safe_read

    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "hedges.txt").write_text("alleged\n", encoding="utf-8")
    opened = os.open

    def denied(path, flags, *args, **kwargs):
        if str(path).endswith("hedges.txt"):
            raise PermissionError(13, "Permission denied")
        return opened(path, flags, *args, **kwargs)

    monkeypatch.setattr(safe_read.os, "open", denied)
    assert lexicon_error(tmp_path / "lexicons") == (
        f"{tmp_path}/lexicons/hedges.txt: cannot read: Permission denied: make it readable, "
        f"or remove it ({PACKAGED})"
    )


def test_a_lexicons_entry_that_is_a_file_is_refused(tmp_path):
    from framing.lexicons import override_dir

    (tmp_path / "lexicons").write_text("alleged\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        override_dir(tmp_path)
    assert str(error.value) == (
        f"{tmp_path}/lexicons: a file, not a folder: a corpus's lexicon overrides go in a "
        "folder lexicons/ (rename or remove this one)"
    )


@pytest.mark.hostile
def test_a_broken_lexicon_exits_2_with_one_line_and_no_bug_label(make_corpus):
    from click.testing import CliRunner

    from framing.cli import EXIT_FAILED, main
    from tests.conftest import BODY

    root = make_corpus(
        {"o/a.txt": f"A headline\n{BODY}", "lexicons/promo_patterns.txt": b"caf\xe9 mugs\n"}
    )
    result = CliRunner().invoke(main, ["validate", "-q", str(root)])
    assert result.exit_code == EXIT_FAILED
    assert result.output.splitlines() == [
        f"Error: {root}/lexicons/promo_patterns.txt: line 1: not UTF-8 text (byte 0xe9): "
        "save it as UTF-8"
    ]


def test_a_table_files_settings_must_sit_in_its_folder(tmp_path):
    table, elsewhere = tmp_path / "data" / "t.jsonl", tmp_path / "other.toml"
    table.parent.mkdir()
    elsewhere.write_text("name = 'elsewhere'\n", encoding="utf-8")
    (tmp_path / "data" / "t.jsonl.framing.toml").symlink_to(elsewhere)
    assert toml_error(table).startswith(
        f"{tmp_path}/data/t.jsonl.framing.toml: link points outside the corpus folder: "
    )
