"""One outlet, one name: spellings merged, aliases applied, HTML site names used for folders."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

import framing
from framing.cli import EXIT_FAILED, main
from framing.config import Config, IngestOptions, load_config
from framing.errors import ConfigError
from framing.ingest import read_corpus
from framing.ingest.outlets import display_name, is_written, outlet_key
from tests.conftest import BODY


def _rows(*outlets: str) -> str:
    rows = [{"outlet": o, "text": f"{BODY} Row {i} of the table."} for i, o in enumerate(outlets)]
    return "\n".join(json.dumps(row) for row in rows)


def _page(site: str | None, n: int) -> str:
    meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    return (
        f"<!DOCTYPE html><html><head><title>Story {n}</title>{meta}</head><body><article>"
        f"<h1>Story {n}</h1><p>{BODY} Page {n}.</p><p>{BODY}</p></article></body></html>"
    )


def _outlet_log(log) -> list[tuple[str, str, str, str]]:
    return [(e.source, e.action, e.reason, e.detail) for e in log if "outlet" in e.reason]


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["Freedom Daily", "freedom-daily", "freedom_daily", "FreedomDaily"], "freedomdaily"),
        (["freedomdaily.com", "www.FreedomDaily.com", "https://freedomdaily.com/"], "freedomdaily"),
        (["BBC", "bbc.com", "www.bbc.com"], "bbc"),
        (["Newsmax - News", "Newsmax (News)"], "newsmaxnews"),
        (["Süddeutsche Zeitung", "suddeutsche-zeitung"], "suddeutschezeitung"),
        (["U.S. News", "U.S.News"], "usnews"),
        (["日本経済新聞"], "日本経済新聞"),
        (["🦆"], "🦆"),
    ],
)
def test_outlet_key_sets_aside_case_punctuation_and_domain(names, key):
    assert [outlet_key(name) for name in names] == [key] * len(names)


def test_outlet_key_is_conservative():
    assert outlet_key("The Hill") != outlet_key("Hill")
    # a country ending is part of the name: these are different papers
    assert outlet_key("independent.ie") != outlet_key("independent.co.uk")
    assert outlet_key("Daily Star") != outlet_key("dailystar.com.lb")
    assert outlet_key("BBC") != outlet_key("bbc.co.uk")  # the alias map can join them
    assert outlet_key("CNN (Opinion)") != outlet_key("CNN")
    assert outlet_key("Fox News") != outlet_key("news.fox.com")


def test_written_names_and_the_display_rule():
    assert [is_written(n) for n in ("Freedom Daily", "RT", "日本経済新聞", "Ω 🦆")] == [True] * 4
    assert [is_written(n) for n in ("freedom-daily", "freedomdaily.com", "www.x.org")] == [
        False
    ] * 3
    assert display_name({"freedom-daily": 10, "Freedom Daily": 1}) == "Freedom Daily"
    assert display_name({"Newsmax - News": 78, "Newsmax (News)": 8}) == "Newsmax - News"
    assert display_name({"DesMoines Register": 2, "Des Moines Register": 2}) == (
        "Des Moines Register"
    )
    assert display_name({"rt": 3, "rt.com": 5}) == "rt.com"


def test_folder_slug_table_name_and_domain_are_one_outlet(make_corpus):
    root = make_corpus(
        {
            "freedom-daily/a.txt": f"First headline\n{BODY}",
            "freedom-daily/b.txt": f"Second headline\n{BODY} Again on Tuesday.",
            "export.jsonl": _rows("Freedom Daily", "freedomdaily.com", "Freedom Daily", "Other"),
        }
    )
    articles, log, _ = read_corpus(root)
    assert articles["outlet"].value_counts().to_dict() == {"Freedom Daily": 5, "Other": 1}
    assert _outlet_log(log) == [
        (
            "export.jsonl, freedom-daily/",
            "merged",
            "outlet_spelling",
            "'freedom-daily' (2 articles), 'freedomdaily.com' (1 article) and 'Freedom Daily' "
            "(2 articles) are one outlet, named 'Freedom Daily': the same name but for case, "
            "spacing, punctuation or a web domain",
        )
    ]


def test_merge_outlets_false_keeps_spellings_apart(make_corpus):
    root = make_corpus({"export.jsonl": _rows("Freedom Daily", "freedomdaily.com", "fd")})
    options = IngestOptions(merge_outlets=False, outlets={"fd": "Freedom Daily"})
    articles, log, _ = read_corpus(root, options=options)
    assert sorted(articles["outlet"]) == ["Freedom Daily", "Freedom Daily", "freedomdaily.com"]
    assert [e.reason for e in log] == ["outlet_alias"]


def test_alias_file_in_lexicons_renames_and_flags_unknown_aliases(make_corpus):
    aliases = "# aliases of this corpus's outlets\nalias,outlet,note\nfd,Freedom Daily,slug\n"
    aliases += "ghost,Ghost Gazette,\nFREEDOMDAILY.COM,Freedom Daily,\n"
    root = make_corpus(
        {
            "fd/a.txt": f"A headline\n{BODY}",
            "export.jsonl": _rows("freedomdaily.com", "Freedom Daily"),
            "lexicons/outlets.csv": aliases,
        }
    )
    articles, log, input_hash = read_corpus(root)
    assert set(articles["outlet"]) == {"Freedom Daily"}
    assert _outlet_log(log) == [
        (
            "fd/",
            "merged",
            "outlet_alias",
            "outlet 'fd' (1 article) is 'Freedom Daily': alias 'fd' in lexicons/outlets.csv",
        ),
        (
            "export.jsonl",
            "merged",
            "outlet_alias",
            "outlet 'freedomdaily.com' (1 article) is 'Freedom Daily': alias "
            "'FREEDOMDAILY.COM' in lexicons/outlets.csv",
        ),
        (
            "lexicons/outlets.csv",
            "flagged",
            "unknown_outlet_alias",
            "alias 'ghost' (for 'Ghost Gazette') names no outlet of the corpus",
        ),
    ]
    (root / "lexicons" / "outlets.csv").write_text("alias,outlet\nfd,Freedom Daily\n")
    assert read_corpus(root)[2] != input_hash  # the map is part of the input


def test_alias_map_in_framing_toml_and_its_outlet_wins_the_display_name(make_corpus):
    toml = '[ingest.outlets]\n"fdaily" = "FREEDOM DAILY"\n'
    root = make_corpus(
        {
            "framing.toml": toml,
            "fdaily/a.txt": f"A headline\n{BODY}",
            "export.jsonl": _rows("Freedom Daily", "Freedom Daily", "freedom-daily"),
        }
    )
    corpus = framing.load_corpus(root)
    assert corpus.config.ingest.outlets == {"fdaily": "FREEDOM DAILY"}
    assert corpus.outlets == ["FREEDOM DAILY"]
    merged = corpus.log[corpus.log["reason"] == "outlet_spelling"]["detail"].tolist()
    assert merged == [
        "'Freedom Daily' (2 articles), 'freedom-daily' (1 article) and 'FREEDOM DAILY' "
        "(1 article) are one outlet, named 'FREEDOM DAILY': the same name but for case, "
        "spacing, punctuation or a web domain"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "name,outlet\nfd,Freedom Daily\n",
            "line 1: the header must name the columns alias and outlet (found: name, outlet)",
        ),
        (
            "alias,outlet\nfd,Freedom Daily\n# a comment\nx,\n",
            "line 4: needs an alias and an outlet",
        ),
        (
            "alias,outlet\nfd,Freedom Daily\nfd,Free Daily\n",
            "line 3: alias 'fd' is given as "
            "'Free Daily' here and as 'Freedom Daily' in lexicons/outlets.csv",
        ),
        (
            b"alias,outlet\nfd,Caf\xe9 Daily\n",
            "line 2: not UTF-8 text (byte 0xe9): save it as UTF-8",
        ),
    ],
)
def test_a_bad_alias_file_is_one_line_naming_the_file(make_corpus, content, message):
    root = make_corpus({"o/a.txt": f"A headline\n{BODY}", "lexicons/outlets.csv": content})
    with pytest.raises(ConfigError) as error:
        read_corpus(root)
    assert str(error.value) == f"{root / 'lexicons' / 'outlets.csv'}: {message}"
    result = CliRunner().invoke(main, ["validate", "-q", str(root)])
    assert result.exit_code == EXIT_FAILED
    assert result.output.splitlines() == [f"Error: {error.value}"]


def test_alias_chains_and_conflicts_between_toml_and_file_are_refused(make_corpus):
    root = make_corpus(
        {"o/a.txt": f"A headline\n{BODY}", "lexicons/outlets.csv": "alias,outlet\nfd,FD News\n"}
    )
    with pytest.raises(ConfigError, match="alias 'fd' is given as 'FD News' here and as "):
        read_corpus(root, options=IngestOptions(outlets={"fd": "Freedom Daily"}))
    (root / "lexicons" / "outlets.csv").unlink()
    chain = IngestOptions(outlets={"fd": "FD", "FD": "Freedom Daily"})
    with pytest.raises(ConfigError) as error:
        read_corpus(root, options=chain)
    assert str(error.value) == (
        "framing.toml: 'FD' is the outlet of alias 'fd' and itself an alias of 'Freedom Daily': "
        "give each alias its final outlet"
    )


def test_html_folder_takes_the_site_name_its_pages_agree_on(make_corpus):
    root = make_corpus(
        {
            **{f"fd/p{n}.html": _page("Freedom Daily", n) for n in range(3)},
            "fd/p3.html": _page("AP News", 3),  # one odd page does not split the folder
            "fd/notes.txt": f"A headline\n{BODY} Notes.",
        }
    )
    articles, log, _ = read_corpus(root)
    assert articles["outlet"].tolist() == ["Freedom Daily"] * 5
    sites = articles.set_index("source_path")["site_name"].to_dict()
    assert {path: site if isinstance(site, str) else None for path, site in sites.items()} == {
        "fd/notes.txt": None,
        "fd/p0.html": "Freedom Daily",
        "fd/p1.html": "Freedom Daily",
        "fd/p2.html": "Freedom Daily",
        "fd/p3.html": "AP News",
    }
    assert _outlet_log(log) == [
        (
            "fd/",
            "changed",
            "outlet_site_name",
            "outlet 'Freedom Daily' for the 5 articles of folder fd/: the site name of 3 of its "
            "4 HTML page(s) (1 name another site)",
        )
    ]


def test_no_site_name_for_a_folder_whose_pages_disagree_or_whose_outlet_is_given(make_corpus):
    manifest = "path,outlet\ngiven/a.html,Given Name\n"
    root = make_corpus(
        {
            "mixed/a.html": _page("Alpha News", 1),
            "mixed/b.html": _page("Beta Post", 2),
            "mixed/c.html": _page(None, 3),
            "given/a.html": _page("Site Name", 4),
            "manifest.csv": manifest,
        }
    )
    articles, log, _ = read_corpus(root)
    assert articles.set_index("source_path")["outlet"].to_dict() == {
        "given/a.html": "Given Name",
        "mixed/a.html": "mixed",
        "mixed/b.html": "mixed",
        "mixed/c.html": "mixed",
    }
    assert _outlet_log(log) == [
        (
            "mixed/",
            "flagged",
            "outlet_site_name",
            "no site name is given by more than half of the 3 HTML page(s) of mixed/ "
            "('Alpha News' (1), 'Beta Post' (1)): the folder's name 'mixed' is kept as outlet",
        )
    ]


def test_a_domain_site_name_does_not_replace_the_same_slug(make_corpus):
    root = make_corpus({f"freedom-daily/p{n}.html": _page("freedomdaily.com", n) for n in (1, 2)})
    articles, log, _ = read_corpus(root)
    assert set(articles["outlet"]) == {"freedom-daily"}
    assert _outlet_log(log) == []


def test_validate_lists_outlet_names_apart_from_other_flags(make_corpus):
    root = make_corpus(
        {"freedom-daily/a.txt": f"A headline\n{BODY}", "t.jsonl": _rows("Freedom Daily")}
    )
    result = CliRunner().invoke(main, ["validate", "-q", str(root)])
    lines = result.output.splitlines()
    assert lines[0].endswith(": 2 articles from 1 outlets, 77 words, 5 sentences")
    start = lines.index("Outlet names (1):")
    assert lines[start + 1].startswith("  freedom-daily/: 'freedom-daily' (1 article) and ")
    flagged = lines.index("Flagged (1):")
    assert lines[flagged + 1].startswith("  t.jsonl:row 1: near-duplicate of 'freedom-daily/a'")


def test_outlet_options_are_checked_and_round_trip_through_framing_toml(tmp_path):
    with pytest.raises(ConfigError, match="The 'outlets' parameter of IngestOptions must be a"):
        IngestOptions(outlets={"fd": " "})
    with pytest.raises(ConfigError, match="The 'merge_outlets' parameter of IngestOptions"):
        IngestOptions(merge_outlets="no")
    ingest = IngestOptions(outlets={"freedom-daily": 'The "Freedom" Daily'}, merge_outlets=False)
    config = Config(name="x", ingest=ingest)
    (tmp_path / "framing.toml").write_text(config.to_toml(), encoding="utf-8")
    assert load_config(tmp_path) == config
    assert pd.Series(load_config(tmp_path).ingest.outlets).to_dict() == {
        "freedom-daily": 'The "Freedom" Daily'
    }


def test_two_folders_with_one_site_name_stay_apart(make_corpus):
    # an aggregator's site name on the pages of two wire services the user kept apart
    root = make_corpus(
        {
            **{f"ap/p{n}.html": _page("Yahoo News", n) for n in range(2)},
            **{f"reuters/p{n}.html": _page("Yahoo News", n + 2) for n in range(2)},
        }
    )
    articles, log, _ = read_corpus(root)
    assert sorted(articles["outlet"]) == ["ap", "ap", "reuters", "reuters"]
    assert [(s, a) for s, a, r, _ in _outlet_log(log)] == [
        ("ap/", "flagged"),
        ("reuters/", "flagged"),
    ]
    assert "also that of reuters/; join them with the alias map" in _outlet_log(log)[0][3]
