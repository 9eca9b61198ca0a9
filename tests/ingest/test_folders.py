"""A code project given as a corpus is refused with the folder it probably meant; folders that
never hold articles (caches, build output, virtual environments) are skipped and logged."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from framing.cli import EXIT_FAILED, main
from framing.errors import InputError
from framing.ingest import read_corpus
from tests.conftest import BODY, ROOT

ARTICLE = f"A headline\n{BODY}"
PROJECT = {
    "pyproject.toml": "[project]\nname = 'scraper'\n",
    "README.md": "# scraper\n",
    "src/scraper/__init__.py": "",
    "src/scraper/fetch.py": "import urllib\n",
    "tests/test_fetch.py": "def test(): pass\n",
    "tests/data/page.txt": ARTICLE,
    "data/news/framing.toml": 'name = "news"\n',
    "data/news/fox/a.txt": ARTICLE,
    "data/news/cnn/a.txt": f"{ARTICLE} Again.",
}


def test_a_project_tree_is_refused_naming_its_signs_and_the_corpus_inside(make_corpus):
    root = make_corpus(PROJECT)
    with pytest.raises(InputError) as error:
        read_corpus(root)
    assert str(error.value) == (
        f"{root}: looks like a code project, not a corpus (it has pyproject.toml, src/ and "
        f"tests/; 5 of its 9 files are source code or configuration). Did you mean "
        f"{(root / 'data' / 'news').as_posix()}/? A corpus folder holds one sub-folder per "
        f"outlet; if {root} is one, add a framing.toml to it"
    )
    assert len(read_corpus(root / "data" / "news")[0]) == 2


def test_a_project_tree_with_a_framing_toml_is_read_with_a_warning(make_corpus):
    root = make_corpus({**PROJECT, "framing.toml": 'name = "odd"\n'})
    articles, log, _ = read_corpus(root)
    assert sorted(articles["outlet"].unique()) == ["data", "tests"]
    flagged = [(e.source, e.reason, e.detail) for e in log if e.action == "flagged"]
    assert flagged == [
        (
            "./",
            "project_tree",
            "looks like a code project (it has pyproject.toml, src/ and tests/; 5 of its 9 files "
            "are source code or configuration); read as a corpus (one sub-folder per outlet) "
            "all the same",
        )
    ]


def test_a_folder_of_mostly_source_code_is_refused_without_a_suggestion(make_corpus):
    root = make_corpus({f"lib{n}/m.py": "x = 1\n" for n in range(3)} | {"o/a.txt": ARTICLE})
    with pytest.raises(
        InputError,
        match=r"\(3 of its 4 files are source code or configuration\)"
        r"\. Point framing at the corpus folder\. ",
    ):
        read_corpus(root)


def test_a_corpus_in_git_with_a_scraper_script_is_still_a_corpus(make_corpus):
    root = make_corpus(
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            "scrape.py": "import requests\n",
            "Makefile": "all:\n\tpython scrape.py\n",
            "fox/a.txt": ARTICLE,
            "cnn/a.txt": f"{ARTICLE} Again.",
            "cnn/b.txt": f"{ARTICLE} Once more.",
        }
    )
    articles, log, _ = read_corpus(root)
    assert sorted(articles["outlet"]) == ["cnn", "cnn", "fox"]
    assert [e.reason for e in log if e.action == "flagged"] == []


def test_a_small_table_beside_a_few_scripts_and_a_notebook_is_a_corpus(make_corpus):
    rows = "".join(f'{{"outlet": "o{n % 2}", "text": "{BODY} Row {n}."}}\n' for n in range(3))
    root = make_corpus(
        {
            "articles.jsonl": rows,
            "scrape.py": "x = 1\n",
            "clean.py": "y = 2\n",
            "explore.ipynb": "{}",
        }
    )
    articles, _, _ = read_corpus(root)
    assert sorted(articles["outlet"]) == ["o0", "o0", "o1"]


def test_a_project_file_alone_is_a_warning_not_a_refusal(make_corpus):
    root = make_corpus({"pyproject.toml": "[tool.x]\n", "fox/a.txt": ARTICLE})
    articles, log, _ = read_corpus(root)
    assert articles["outlet"].tolist() == ["fox"]
    assert [(e.reason, e.detail) for e in log if e.action == "flagged"] == [
        (
            "project_tree",
            "looks like a code project (it has pyproject.toml; 1 of its 2 files is source code "
            "or configuration); read as a corpus (one sub-folder per outlet) all the same",
        )
    ]


def test_folders_that_never_hold_articles_are_skipped_and_logged(make_corpus):
    root = make_corpus(
        {
            "fox/a.txt": ARTICLE,
            "fox/__pycache__/a.cpython-311.pyc": b"\x00\x01",
            "__pycache__/x.pyc": b"\x00",
            "node_modules/left-pad/index.js": "module.exports = 1\n",
            "build/lib/a.txt": ARTICLE,
            "dist/a.txt": ARTICLE,
            "scraper.egg-info/PKG-INFO": "Name: scraper\n",
            "env/pyvenv.cfg": "home = /usr/bin\n",
            "env/lib/a.txt": ARTICLE,
        }
    )
    articles, log, _ = read_corpus(root)
    assert articles["outlet"].tolist() == ["fox"]
    assert [(e.source, e.detail) for e in log if e.reason == "not_articles"] == [
        ("__pycache__/", "Python bytecode cache, not articles: skipped"),
        ("build/", "build output, not articles: skipped"),
        ("dist/", "build output, not articles: skipped"),
        ("env/", "a Python virtual environment, not articles: skipped"),
        ("fox/__pycache__/", "Python bytecode cache, not articles: skipped"),
        ("node_modules/", "JavaScript packages, not articles: skipped"),
        ("scraper.egg-info/", "Python package metadata, not articles: skipped"),
    ]


def test_framing_validate_at_this_repository_root_points_to_the_corpus():
    result = CliRunner().invoke(main, ["validate", "-q", str(ROOT)])
    assert result.exit_code == EXIT_FAILED
    [line] = result.output.splitlines()
    assert line.startswith(f"Error: {ROOT}: looks like a code project, not a corpus (it has ")
    assert "pyproject.toml" in line and "tests/" in line
    assert f"Did you mean {ROOT.as_posix()}/corpus/? " in line


def test_analyze_says_a_project_is_no_corpus_before_judging_the_report_folder(make_corpus):
    root = make_corpus(PROJECT)
    result = CliRunner().invoke(main, ["analyze", "-q", str(root), "-o", str(root / "report")])
    assert result.exit_code == EXIT_FAILED
    [line] = result.output.splitlines()
    assert line.startswith(f"Error: {root}: looks like a code project, not a corpus (it has ")
    assert not (root / "report").exists()
