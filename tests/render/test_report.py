"""The report: sections, escaping of article text, determinism, atomic writes, committed copy."""

from __future__ import annotations

import filecmp
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

import framing
from framing.annotate import DEFAULT_ANNOTATORS
from framing.cli import EXIT_OK, main
from framing.errors import FramingError
from framing.render.report import GENERATED_PREFIX, render_report
from framing.render.sections import SECTIONS
from framing.schema import table_specs
from tests.compare.test_figures import assert_labels_apart_and_inside, assert_titles_inside
from tests.conftest import BODY, ROOT, SEED_CORPUS, cold_analysis

COMMITTED = ROOT / "reports" / "false-flag-2022"
DATA_FILES = [t.file for t in table_specs(DEFAULT_ANNOTATORS).values()]
COMPARISON_ROWS = [
    f"| {name} (comparison)"
    for name in (
        "lexical",
        "lexical\\_evidence",
        "voices",
        "actor\\_candidates",
        "own\\_voice",
        "naming",
        "tone",
        "loaded",
    )
]
STAGE_ROWS = [
    "| length",
    "| quote\\_marks",
    "| in\\_quote",
    "| attribution",
    "| loaded",
    "| naming",
    "| mentions",
    "| own\\_voice",
    "| tone",
    "| text\\_metrics",
]

# ``seed_result`` (the seed corpus analysed as ``framing analyze`` does) and ``seed_report`` (its
# report folder as ``seed_result.write`` makes it) are made once, in conftest.py.


CACHE_KEY = re.compile(r"^(\| [^|]+ \| [^|]* \| )`[0-9a-f]{16}`( \|)")
"""A stage's cache key in the reproducibility table: it covers the installed versions of pandas,
numpy, pyarrow ... (as the generated line names them), so a fresh install can change it."""


def without_generated_line(text: str) -> list[str]:
    """The report's lines but the generated line, with the cache keys masked: both change with
    the installed library versions, nothing else of the report does."""
    return [
        CACHE_KEY.sub(r"\1`key`\2", line)
        for line in text.splitlines()
        if not line.startswith(GENERATED_PREFIX)
    ]


def test_result_tables_are_dataframes_and_charts_are_figures(seed_result):
    for table in (
        seed_result.articles,
        seed_result.sentences,
        seed_result.keyness,
        seed_result.similarity,
        seed_result.divergence,
        seed_result.outlets,
    ):
        assert isinstance(table, pd.DataFrame) and len(table)
    assert set(seed_result.figures) == {
        "coverage_timeline",
        "distinctive_terms",
        "similarity",
        "lexical_diversity",
        "share_of_voice",
        "hedges",
        "naming",
        "tone",
        "loaded",
    }
    assert all(isinstance(f, Figure) for f in seed_result.figures.values())
    assert seed_result.sentences["n_words"].sum() == seed_result.articles["n_words"].sum()


def test_every_seed_chart_keeps_titles_inside_and_term_labels_apart(seed_result):
    titles = labels = 0
    for figure in seed_result.figures.values():
        titles += assert_titles_inside(figure)
        labels += assert_labels_apart_and_inside(figure)
    assert titles >= 6  # one per chart at least
    # 8 terms for each of 5 outlets, 5 x 5 similarity values, 5 quotation counts; naming: 14
    # variants named inside their bars and 12 use counts (5 concepts named two ways); tone: 27
    # actor x outlet cells with mentions (8 actors)
    assert labels == 5 * 8 + 5 * 5 + 5 + 14 + 12 + 27


def test_report_sections_summary_and_evidence(seed_result):
    text = seed_result.report(timestamp="T")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Summary"] + [f"## {s.title}" for s in SECTIONS]
    assert "5 articles from 5 outlets, 3,167 words in 129 sentences and 3 headlines" in text
    assert (
        "- **RT** uses “kiev” most distinctively: 13.54 per 1,000 words (6×, one article)" in text
    )
    assert "[→ Lexical comparison](#lexical-comparison)" in text
    assert "> Kiev is attempting to frame Russia, the Defense Ministry says." in text
    assert "> — `rt/004_012dfdeaffc93e76`, sentence 1" in text
    assert "![Outlet similarity](figures/similarity.png)" in text
    assert "5 of 5 outlets have fewer than 5 articles" in text


def test_report_is_identical_for_identical_input_but_for_one_line(seed_report, tmp_path):
    first = seed_report  # the seed corpus analysed and written once, with another timestamp
    again = cold_analysis(tmp_path / "cache").write(tmp_path / "b")
    warm = cold_analysis(tmp_path / "cache").write(tmp_path / "c")  # a re-run: all from the cache
    one, two, three = ((p / "report.md").read_text().splitlines() for p in (first, again, warm))
    assert len(one) == len(two)
    assert [i for i, (a, b) in enumerate(zip(one, two, strict=True)) if a != b] == [2]
    cache_rows = ("| prepare", *STAGE_ROWS, *COMPARISON_ROWS)
    cold_rows = [line for line in two if line.startswith(cache_rows)]
    warm_rows = [line for line in three if line.startswith(cache_rows)]
    # the lexical comparison came whole, so its articles' measures were not looked up
    assert [r.split(" | ")[0] for r in warm_rows] == [
        r.split(" | ")[0] for r in cold_rows if not r.startswith("| text\\_metrics")
    ]
    assert all(r.rsplit(" | ", 3)[-1] == "0 |" for r in warm_rows)  # nothing computed
    assert all(r.rsplit(" | ", 3)[-1] != "0 |" for r in cold_rows)  # everything computed
    assert [line for line in two[3:] if not line.startswith(cache_rows)] == [
        line for line in three[3:] if not line.startswith(cache_rows)
    ]
    for name in DATA_FILES:
        if name.endswith(".csv"):
            assert filecmp.cmp(first / "data" / name, again / "data" / name, shallow=False), name
            assert filecmp.cmp(first / "data" / name, warm / "data" / name, shallow=False), name


def test_committed_seed_report_is_up_to_date(seed_report):
    """reports/false-flag-2022 must be what `framing analyze` makes now (regenerate it if not)."""
    fresh = seed_report
    committed = (COMMITTED / "report.md").read_text(encoding="utf-8")
    assert without_generated_line(committed) == without_generated_line(
        (fresh / "report.md").read_text(encoding="utf-8")
    ), "stale: run `framing analyze` and commit reports/false-flag-2022"
    for name in DATA_FILES:
        if name.endswith(".csv"):
            assert (COMMITTED / "data" / name).read_bytes() == (
                fresh / "data" / name
            ).read_bytes(), name
    assert sorted(p.name for p in (COMMITTED / "figures").iterdir()) == sorted(
        p.name for p in (fresh / "figures").iterdir()
    )


def test_data_tables_written_with_contract_columns(seed_report):
    out = seed_report
    assert sorted(p.name for p in (out / "data").iterdir()) == sorted(DATA_FILES)
    articles = pd.read_csv(out / "data" / "articles.csv")
    assert list(articles.columns[:9]) == [
        "article_id",
        "outlet",
        "title",
        "date",
        "date_exact",
        "url",
        "source_path",
        "n_words",
        "n_sentences",
    ]
    sentences = pd.read_parquet(out / "data" / "sentences.parquet")
    assert list(sentences.columns) == [
        "article_id",
        "outlet",
        "sentence_id",
        "paragraph_id",
        "start",
        "end",
        "text",
        "is_headline",
        "n_words",
        "in_quote",
        "quote_share",
        "speaker",
        "reporting_verb",
        "verb_class",
        "loaded",
        "loaded_cues",
        "own_words",
        "hedges",
        "hedge_cues",
        "hedges_in_quotes",
        "scare_quotes",
        "tone",
    ]
    keyness = pd.read_csv(out / "data" / "keyness.csv")
    kiev = keyness[(keyness.group == "RT") & (keyness.term == "kiev")].iloc[0]
    assert (kiev.count_group, kiev.count_rest, bool(kiev.single_article)) == (6, 0, True)
    quotes = pd.read_csv(out / "data" / "quotes.csv", keep_default_na=False)
    assert list(quotes.columns[:12]) == [
        "article_id",
        "outlet",
        "quote_id",
        "sentence_id",
        "start",
        "end",
        "text",
        "speaker",
        "speaker_group",
        "verb",
        "verb_class",
        "kind",
    ]
    assert set(quotes["kind"]) == {"direct", "partial", "indirect"}
    peskov = quotes[quotes["speaker"] == "Dmitry Peskov"].iloc[0]
    assert (peskov.outlet, peskov.speaker_group, peskov.verb) == (
        "Iran News Daily",
        "Russian officials",
        "say",
    )
    voices = pd.read_csv(out / "data" / "voices.csv")
    assert list(voices.columns[:4]) == ["outlet", "where", "level", "name"]
    own = pd.read_csv(out / "data" / "own_voice.csv")
    assert own.set_index("outlet")["hedges"].to_dict() == {
        "Daily Sabah": 0,
        "Iran News Daily": 4,
        "RT": 3,
        "SOFREP": 3,
        "The Hill": 0,
    }
    candidates = pd.read_csv(out / "data" / "actor_candidates.csv")
    assert list(candidates.columns[:4]) == ["name", "outlet", "mentions", "articles"]


HOSTILE = {
    "manifest.csv": (
        "path,outlet,title\n"
        'evil/a.txt,"<script>alert(1)</script> [x](http://evil.test)",'
        '"![img](http://evil.test/i.png) # Title"\n'
        "plain/b.txt,Plain Outlet,An ordinary headline\n"
    ),
    "evil/a.txt": (
        "![img](http://evil.test/i.png) # Title\n"
        f"<img src=x onerror=alert(1)> Kiev said [click here](http://evil.test) now. {BODY}\n"
        "1. Kiev lists things | with pipes | and *stars* and $5 and `code`. " + BODY
    ),
    "plain/b.txt": f"An ordinary headline\nKyiv said no to the plan today. {BODY}",
}


def test_article_text_cannot_inject_markdown_or_html(make_corpus):
    result = framing.analyze(make_corpus(HOSTILE))
    text = result.report(timestamp="T")
    assert "<script>" not in text and "<img" not in text
    assert not re.search(r"(?<!\\)\]\(http://evil", text)  # no link or image can form
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](http&#58;//evil.test)" in text
    widths = []  # unescaped pipes per row: equal within each table, so no cell was split
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            widths.append(len(re.findall(r"(?<!\\)\|", line)))
        elif widths:
            assert len(set(widths)) == 1, widths
            widths = []
        assert not line.startswith("1. Kiev")


def test_interrupted_write_leaves_previous_report_intact(
    seed_result, copy_seed_report, tmp_path, monkeypatch
):
    out = copy_seed_report(tmp_path / "out")
    before = (out / "report.md").read_text()

    def broken(*args, **kwargs):
        raise RuntimeError("interrupted while rendering")

    monkeypatch.setattr("framing.render.write.render_report", broken)
    with pytest.raises(RuntimeError):
        seed_result.write(out, timestamp="second")
    assert (out / "report.md").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_unwritable_output_gives_a_clear_error(seed_result, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(FramingError, match="cannot write the report here"):
        seed_result.write(blocker / "out")


def test_cli_analyze_writes_report_and_exits_zero(tmp_path):
    result = CliRunner().invoke(
        main, ["analyze", "-q", str(SEED_CORPUS), "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == EXIT_OK, result.output
    assert (
        result.output.strip()
        == f"{tmp_path / 'r' / 'report.md'}: 5 articles from 5 outlets; 0 input(s) rejected"
    )
    assert (tmp_path / "r" / "figures" / "similarity.png").stat().st_size > 10_000


def test_sections_plug_in_without_changing_the_frame(seed_result):
    from framing.render.markdown import Markup
    from framing.render.sections import METHODS, Finding, Section

    extra = Section(
        "Voices",
        "methods.md.j2",
        METHODS.context,
        findings=lambda r: [Finding(Markup("A new finding."), "Voices")],
        tables=("quotes",),
    )
    text = render_report(seed_result, sections=(*SECTIONS, extra), timestamp="T")
    assert "## Voices" in text and "- A new finding. [→ Voices](#voices)" in text


def test_a_section_whose_tables_are_absent_is_left_out(seed_corpus):
    """With the quotation annotators switched off, their tables are absent: the Voices
    section disappears, the others (and the summary) still read well."""
    from framing.config import AnnotateOptions

    config = framing.load_config(SEED_CORPUS, annotate=AnnotateOptions(skip=("quote_marks",)))
    result = framing.analyze(seed_corpus, config=config)
    assert "quotes" not in result.tables and "voices" not in result.tables
    assert "in_quote" not in result.sentences and "speaker" not in result.sentences
    assert result.notes["annotator attribution"] == "needs 'quote_marks', which is left out"
    text = render_report(result, timestamp="T")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    # naming reads quotation marks too (a quoted variant is somebody else's choice); tone reads
    # the mentions, which need them
    left_out = ("Voices", "Naming", "Tone toward actors", "Loaded wording")
    assert headings == ["## Summary"] + [
        f"## {s.title}" for s in SECTIONS if s.title not in left_out
    ]
    assert "Voices" not in text.split("## Corpus")[0]  # no finding points to it


def test_configuration_is_printed_as_toml(seed_result):
    text = seed_result.report(timestamp="T")
    assert '```toml\nname = "false-flag-2022"' in text and "ngram_range = [1, 2]" in text
    assert "- command: `framing analyze`" in text
