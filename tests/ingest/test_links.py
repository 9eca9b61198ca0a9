"""Nothing outside the corpus is read: links out of it are refused and logged at any depth (the
top level included), links to folders are not followed, a file reached under two names is read
once, pipes are never opened, and the manifest is bounded like a table."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from framing.config import IngestOptions
from framing.errors import ConfigError
from framing.ingest import read_corpus
from framing.ingest.corpus import check_corpus_path
from framing.safe_read import Refused, open_inside, read_inside, real_folder
from tests.conftest import BODY

pytestmark = pytest.mark.hostile  # issue 23's hostile-input suite: pytest -m hostile

ARTICLES = {"fox/a.txt": f"Headline A\n{BODY}", "cnn/b.txt": f"Headline B\n{BODY} Again."}
SECRET = "SECRET-OUTSIDE"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the corpus, holding what a link might lead to."""
    folder = tmp_path / "outside"
    folder.mkdir()
    row = {"outlet": "Evil", "text": f"{SECRET} {BODY}"}
    (folder / "secret.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (folder / "secret.txt").write_text(f"Secret\n{SECRET} {BODY}", encoding="utf-8")
    (folder / "manifest.csv").write_text("path,outlet\nfox/a.txt,OUTSIDE-META\n")
    (folder / "lexicon.txt").write_text("reportedly\n", encoding="utf-8")
    for n in range(40):
        (folder / f"{n}.txt").write_text(f"Page {n}\n{BODY} {n}.", encoding="utf-8")
    return folder


def rows(log, action=None):
    return [(e.source, e.action, e.reason, e.detail) for e in log if action in (None, e.action)]


def test_top_level_links_out_of_the_corpus_are_refused_and_logged(make_corpus, outside):
    root = make_corpus(ARTICLES)
    (root / "x.jsonl").symlink_to(outside / "secret.jsonl")
    (root / "passwd.csv").symlink_to("/etc/passwd")
    (root / "usr").symlink_to(outside)  # a whole folder: not walked
    (root / "manifest.csv").symlink_to(outside / "manifest.csv")
    articles, log, _ = read_corpus(root)
    assert sorted(articles["outlet"]) == ["cnn", "fox"]  # not OUTSIDE-META, no Evil
    assert not articles["body"].str.contains(SECRET).any()
    outside_corpus = "link points outside the corpus folder"
    assert rows(log, "rejected") == [
        ("passwd.csv", "rejected", "outside_corpus", outside_corpus),
        ("usr", "rejected", "outside_corpus", outside_corpus),
        ("x.jsonl", "rejected", "outside_corpus", outside_corpus),
        ("manifest.csv", "rejected", "outside_corpus", outside_corpus),
    ]
    assert not [e for e in log if e.source.startswith("usr/")]


def test_nested_links_out_are_refused_and_links_to_folders_are_not_followed(make_corpus, outside):
    root = make_corpus(ARTICLES)
    (root / "fox" / "leak.txt").symlink_to(outside / "secret.txt")
    (root / "fox" / "deep").symlink_to(outside)
    (root / "self").symlink_to(".")  # the corpus again, under another name
    (root / "fox" / "up").symlink_to("..")
    articles, log, _ = read_corpus(root)
    assert sorted(articles["source_path"]) == ["cnn/b.txt", "fox/a.txt"]  # once each
    assert rows(log) == [
        ("fox/deep", "rejected", "outside_corpus", "link points outside the corpus folder"),
        ("fox/leak.txt", "rejected", "outside_corpus", "link points outside the corpus folder"),
        ("fox/up", "skipped", "not_a_file", "link to a folder: not followed"),
        ("self", "skipped", "not_a_file", "link to a folder: not followed"),
    ]


def test_a_file_reached_under_two_names_is_read_once_under_its_own(make_corpus):
    root = make_corpus(ARTICLES)
    (root / "cnn" / "copy.txt").symlink_to("../fox/a.txt")  # a link inside the corpus
    os.link(root / "cnn" / "b.txt", root / "cnn" / "b-again.txt")  # a hard link
    (root / "cnn" / "broken.txt").symlink_to("gone.txt")
    articles, log, _ = read_corpus(root)
    assert sorted(articles["source_path"]) == ["cnn/b-again.txt", "fox/a.txt"]
    assert rows(log, "skipped") == [
        ("cnn/broken.txt", "skipped", "not_a_file", "broken link: points to nothing"),
        ("cnn/b.txt", "skipped", "same_file", "the same file as cnn/b-again.txt: read once"),
        ("cnn/copy.txt", "skipped", "same_file", "the same file as fox/a.txt: read once"),
    ]


def test_a_top_level_link_to_a_table_inside_the_corpus_reads_the_table(make_corpus):
    line = json.dumps({"outlet": "Wire", "text": BODY}) + "\n"
    root = make_corpus({**ARTICLES, "tables/2022.jsonl": line})
    (root / "all.jsonl").symlink_to("tables/2022.jsonl")
    articles, log, _ = read_corpus(root)
    assert sorted(articles["source_path"]) == ["all.jsonl:row 1", "cnn/b.txt", "fox/a.txt"]
    assert ("tables/2022.jsonl", "skipped", "same_file") in [r[:3] for r in rows(log)]


def test_a_table_file_given_as_the_corpus_is_read_through_its_link(tmp_path, outside):
    """The user named it: a link given as the corpus is followed (only what is inside a corpus
    folder is bounded by the folder)."""
    link = tmp_path / "named.jsonl"
    link.symlink_to(outside / "secret.jsonl")
    articles, log, _ = read_corpus(link)
    assert articles["source_path"].tolist() == ["named.jsonl:row 1"]
    assert log == []


def test_pipes_and_devices_are_never_opened(make_corpus):
    root = make_corpus(ARTICLES)
    os.mkfifo(root / "fox" / "pipe.txt")
    os.mkfifo(root / "feed.jsonl")
    (root / "cnn" / "null.txt").symlink_to("/dev/null")  # a device: outside the corpus too
    articles, log, _ = read_corpus(root)  # opening a pipe would block here
    assert len(articles) == 2
    assert rows(log)[:3] == [
        ("cnn/null.txt", "rejected", "outside_corpus", "link points outside the corpus folder"),
        ("feed.jsonl", "skipped", "not_a_file", "a named pipe, not a regular file"),
        ("fox/pipe.txt", "skipped", "not_a_file", "a named pipe, not a regular file"),
    ]


def test_a_manifest_over_the_table_limit_is_refused_unread(make_corpus):
    manifest = "path,outlet\n" + "fox/a.txt,Fox News\n" * 10_000  # 0.2 MB
    root = make_corpus({**ARTICLES, "manifest.csv": manifest})
    articles, log, _ = read_corpus(root, options=IngestOptions(max_table_mb=0.1))
    assert sorted(articles["outlet"]) == ["cnn", "fox"]
    assert rows(log, "rejected") == [
        (
            "manifest.csv",
            "rejected",
            "too_large",
            "file too large: 0.2 MB (limit 0.1 MB for a manifest; raise max_table_mb)",
        )
    ]


def test_a_second_manifest_is_named_not_ignored_silently(make_corpus):
    root = make_corpus(
        {
            **ARTICLES,
            "Manifest.csv": "path,outlet\nfox/a.txt,Fox News\n",
            "manifest.jsonl": '{"path": "fox/a.txt", "outlet": "Other"}\n',
        }
    )
    articles, log, _ = read_corpus(root)
    assert sorted(articles["outlet"]) == ["Fox News", "cnn"]
    assert rows(log, "skipped") == [
        ("manifest.jsonl", "skipped", "settings", "a second manifest: only Manifest.csv is read")
    ]


def test_a_lexicons_folder_or_alias_map_linked_out_of_the_corpus_is_a_config_error(
    make_corpus, outside
):
    root = make_corpus(ARTICLES)
    (root / "lexicons").symlink_to(outside)
    with pytest.raises(ConfigError) as error:
        read_corpus(root)
    assert str(error.value) == (
        f"{root}/lexicons: link points outside the corpus folder: copy the file into the "
        "corpus instead of linking to it (nothing outside the corpus folder is read)"
    )
    (root / "lexicons").unlink()
    (root / "lexicons").mkdir()
    (root / "lexicons" / "outlets.csv").symlink_to(outside / "manifest.csv")
    with pytest.raises(ConfigError, match=r"lexicons/outlets.csv: link points outside the co"):
        read_corpus(root)


def test_a_folder_swapped_for_a_link_after_the_check_is_not_followed(
    make_corpus, outside, monkeypatch
):
    """The race between checking a path and opening it: a link inside the corpus is resolved
    and checked, then its real path opened folder by folder without following links, so a
    folder swapped for a link out in between is refused (even one leading to the very same
    file, a hard link outside)."""
    import framing.safe_read as safe_read

    root = make_corpus({"fox/secret.txt": "inside"})
    (root / "cnn").mkdir()
    (root / "cnn" / "copy.txt").symlink_to("../fox/secret.txt")
    resolve = safe_read.inside

    def swap_after_the_check(*args: Path) -> Path:
        real = resolve(*args)
        (root / "fox").rename(root / "fox-moved")
        (root / "fox").symlink_to(outside)  # now fox/secret.txt leads outside
        (outside / "secret.txt").unlink()
        os.link(root / "fox-moved" / "secret.txt", outside / "secret.txt")  # same inode
        return real

    monkeypatch.setattr(safe_read, "inside", swap_after_the_check)
    with (
        pytest.raises(Refused) as error,
        open_inside(real_folder(root), "cnn/copy.txt") as handle,
    ):
        handle.read()
    assert (error.value.reason, error.value.detail) == (
        "unreadable",
        "changed into a link (or a folder on its path did) while being opened: not followed",
    )


def test_a_relative_path_that_climbs_out_is_refused(make_corpus, outside):
    root = make_corpus(ARTICLES)
    with pytest.raises(Refused) as error:
        read_inside(real_folder(root), f"fox/../../{outside.name}/secret.txt", 1000)
    assert error.value.reason == "outside_corpus"
    assert read_inside(real_folder(root), "fox/../fox/a.txt", 1000).startswith(b"Headline A")


def test_a_link_to_a_code_folder_outside_does_not_make_the_corpus_a_project(make_corpus, outside):
    for n in range(5):
        (outside / f"m{n}.py").write_text("x = 1\n")
    root = make_corpus(ARTICLES)
    (root / "src").symlink_to(outside)  # walked, its .py files would make this a project
    check_corpus_path(root)
    articles, log, _ = read_corpus(root)
    assert len(articles) == 2
    assert rows(log) == [
        ("src", "rejected", "outside_corpus", "link points outside the corpus folder")
    ]
