"""Many outlets: outlet × outlet results bounded above ``DENSE_OUTLETS``, with their exact rows;
the warning a mis-mapped outlet column gets; memory that grows with the outlets, not their square.
"""

from __future__ import annotations

import json
import math
import resource
import string
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import framing
from framing.cli import main
from framing.compare import (
    CompareOptions,
    compare_lexicon,
    count_terms,
    js_divergence,
    lexical,
    similarity,
    similarity_table,
    tfidf_cosine,
)
from framing.compare.options import DENSE_OUTLETS, SIMILAR_OUTLETS
from framing.compare.similarity import nearest_groups
from framing.errors import OutletColumnWarning
from framing.ingest import outlets as outlet_names
from framing.ingest.outlets import outlet_column_check
from framing.render.sections import base as section_base
from framing.schema import TABLES
from tests.conftest import BODY, ROOT, SEED_CORPUS

pytestmark = pytest.mark.hostile  # issue 23's hostile-input suite: pytest -m hostile

UNIGRAMS = CompareOptions(ngram_range=(1, 1))
LIMIT = 1500 * 2**20  # 1.5 GB of address space: the memory budget


def _word(prefix: str, n: int) -> str:
    """A made-up word for ``n`` (letters only: a token, not a stop word)."""
    letters = string.ascii_lowercase
    return prefix + letters[n // 676 % 26] + letters[n // 26 % 26] + letters[n % 26]


def _clusters(n_clusters: int, size: int, extra: dict[int, int] | None = None) -> pd.DataFrame:
    """One article per outlet; outlets of one cluster share its word twice and each has a word of
    its own once (``extra``: more own words for some outlets, to make them larger)."""
    extra = extra or {}
    rows = []
    for i in range(n_clusters * size):
        shared = _word("clus", i // size)
        own = " ".join([_word("solo", i)] * (1 + extra.get(i, 0)))
        rows.append(
            {"article_id": f"a{i:04d}", "outlet": f"O{i:04d}", "text": f"{shared} {shared} {own}"}
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def clustered():
    """600 one-article outlets in 20 clusters of 30: more than ``DENSE_OUTLETS``."""
    return count_terms(_clusters(20, 30), options=UNIGRAMS)


def test_above_dense_outlets_similarity_keeps_each_outlets_nearest(clustered):
    assert len(clustered.outlets) == 600 > DENSE_OUTLETS
    table = similarity_table(clustered)
    assert len(table) == 600 * SIMILAR_OUTLETS == 12_000
    # ties (every outlet of a cluster is as close) go to the outlets first by name
    assert table.loc[table["group_a"] == "O0000", "group_b"].tolist() == [
        f"O{j:04d}" for j in range(1, 21)
    ]
    assert table.loc[table["group_a"] == "O0029", "group_b"].tolist() == [
        f"O{j:04d}" for j in range(20)
    ]
    assert table.loc[table["group_a"] == "O0031", "group_b"].tolist() == [
        "O0030",
        *[f"O{j:04d}" for j in range(32, 51)],
    ]
    # by hand: shared word twice (idf ln(601/31) + 1), own word once (idf ln(601/2) + 1)
    shared, own = math.log(601 / 31) + 1, math.log(601 / 2) + 1
    cosine = 4 * shared**2 / (4 * shared**2 + own**2)
    assert table["cosine"].to_numpy() == pytest.approx(np.full(12_000, cosine))
    # the shared word holds 2/3 of each outlet's words: JSD = 1 - 2/3
    assert table["jsd"].to_numpy() == pytest.approx(np.full(12_000, 1 / 3))
    assert table["group_a"].is_monotonic_increasing
    assert (table[["n_articles_a", "n_words_b"]].to_numpy() == [1, 3]).all()
    assert table["small_sample_a"].all()


def test_nearest_values_are_the_matrices_values(clustered):
    table = similarity_table(clustered)
    cosine, divergence = tfidf_cosine(clustered), js_divergence(clustered)
    a = cosine.index.get_indexer(table["group_a"])
    b = cosine.index.get_indexer(table["group_b"])
    assert (cosine.to_numpy()[a, b] == table["cosine"].to_numpy()).all()
    assert (divergence.to_numpy()[a, b] == table["jsd"].to_numpy()).all()


def test_nearest_leaves_out_outlets_without_a_shared_term():
    arts = pd.DataFrame(
        {
            "article_id": ["a", "a2", "b", "c"],
            "outlet": ["A", "A2", "B", "C"],
            "text": [
                "border wall security border",
                "border wall security border",
                "border asylum families security",
                "stocks bonds markets rally",
            ],
        }
    )
    counts = count_terms(arts, options=CompareOptions(ngram_range=(1, 1), min_df=1))
    a, b, cosine, _ = nearest_groups(counts, k=2)
    pairs = [(counts.outlets[i], counts.outlets[j]) for i, j in zip(a, b, strict=True)]
    assert pairs == [("A", "A2"), ("A", "B"), ("A2", "A"), ("A2", "B"), ("B", "A"), ("B", "A2")]
    assert cosine[0] == pytest.approx(1.0)


def test_few_outlets_keep_every_ordered_pair():
    counts = count_terms(_clusters(2, 3), options=UNIGRAMS)
    table = similarity_table(counts)
    assert len(table) == 6 * 5
    assert table[["group_a", "group_b"]].values.tolist()[:5] == [
        ["O0000", f"O{j:04d}"] for j in range(1, 6)
    ]


def test_the_matrices_cover_the_largest_outlets():
    larger = {i: 3 for i in range(0, 600, 7)}  # 86 outlets with more words than the rest
    arts = _clusters(20, 30, larger)
    lexicon = compare_lexicon(arts, options=UNIGRAMS, diversity=False)
    expected = sorted(
        [f"O{i:04d}" for i in larger]
        + [f"O{i:04d}" for i in range(600) if i not in larger][: 500 - len(larger)]
    )
    assert list(lexicon.cosine.index) == expected == list(lexicon.divergence.columns)
    assert sorted(lexicon.order) == expected
    assert lexicon.cosine.shape == (DENSE_OUTLETS, DENSE_OUTLETS)


def test_similarity_and_clustering_of_5000_outlets_stay_within_the_memory_budget():
    """Every pair of 5,000 outlets (25 million rows, 200 MB matrices, a cubic clustering) did
    not fit in 1.5 GB; each outlet's nearest does, in seconds."""
    script = textwrap.dedent(
        """
        import pandas as pd
        from tests.compare.test_many_outlets import UNIGRAMS, _clusters
        from framing.compare import compare_lexicon, similarity_table
        lexicon = compare_lexicon(_clusters(250, 20), options=UNIGRAMS, diversity=False)
        table = similarity_table(lexicon.counts)
        print(len(table), lexicon.cosine.shape[0], len(lexicon.order))
        """
    )

    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    done = subprocess.run(
        [sys.executable, "-c", script],
        preexec_fn=set_limit,  # noqa: PLW1509 - no threads in the parent at this point
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [str(5000 * 19), "500", "500"]


def _outlet_series(sizes: list[int]) -> pd.Series:
    return pd.Series([f"o{k}" for k, n in enumerate(sizes) for _ in range(n)])


@pytest.mark.parametrize(
    ("sizes", "warned"),
    [
        ([1] * 400 + [2] * 100, True),  # 500 outlets, 80 % with one article
        ([1] * 399 + [2] * 101, False),  # 79.8 %
        ([1] * 499, False),  # 499 outlets
    ],
)
def test_the_outlet_column_rule(sizes, warned):
    entry = outlet_column_check(_outlet_series(sizes), "t.jsonl", table=True)
    assert (entry is not None) is warned
    if warned:
        assert entry.line() == (
            "t.jsonl: 500 outlets, 400 (80%) of them with a single article: the outlets look "
            "mis-mapped; check that the outlet column holds outlets, not titles or ids, and name "
            "the right one with --columns outlet=COLUMN"
        )
        assert (entry.action, entry.reason) == ("flagged", "outlet_column")


def test_a_title_taken_for_the_outlet_is_flagged_by_validate(tmp_path):
    rows = [
        {"id": f"a{i}", "outlet": "Wire", "title": f"Headline number {i}", "text": f"{BODY} {i}."}
        for i in range(600)
    ]
    table = tmp_path / "t.jsonl"
    table.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    message = (
        "600 outlets, 600 (100%) of them with a single article: the outlets look mis-mapped; "
        "check that the outlet column holds outlets, not titles or ids, and name the right one "
        "with --columns outlet=COLUMN"
    )
    result = CliRunner().invoke(main, ["validate", "-q", "--columns", "outlet=title", str(table)])
    assert result.exit_code == 0, result.output
    assert f"Warning: {message}" in result.stderr.splitlines()
    assert f"  {table}: {message}" in result.output.splitlines()  # under "Outlet names"
    correct = CliRunner().invoke(main, ["validate", "-q", str(table)])
    assert "Warning" not in correct.stderr and "mis-mapped" not in correct.output


def test_no_warning_on_the_seeds_or_the_allsides_slice(seed_corpus, allsides_slice):
    for corpus in (seed_corpus, allsides_slice):
        assert "outlet_column" not in set(corpus.log["reason"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", OutletColumnWarning)
        framing.load_corpus(SEED_CORPUS)


def test_a_report_past_dense_outlets_and_a_mis_mapped_warning(seed_result, monkeypatch):
    """The seed corpus's 5 outlets with the thresholds at 3 outlets (2 nearest each) and 5
    one-article outlets: the rows are each outlet's 2 most similar in the full matrix, the
    report says what it shows, and the warning reaches Python callers and the summary."""
    complete = seed_result
    render_lexical = sys.modules["framing.render.sections.lexical"]
    for module in (similarity, lexical, section_base, render_lexical):
        monkeypatch.setattr(module, "DENSE_OUTLETS", 3)
    for module in (similarity, render_lexical):
        monkeypatch.setattr(module, "SIMILAR_OUTLETS", 2)
    monkeypatch.setattr(outlet_names, "MISMAPPED_OUTLETS", 5)
    with pytest.warns(OutletColumnWarning, match="^5 outlets, 5 .100%. of them with a single"):
        corpus = framing.load_corpus(SEED_CORPUS)
    detail = corpus.log.set_index("reason").loc["outlet_column", "detail"]
    assert detail.endswith(
        "check that each sub-folder (or the manifest's outlet column) is an outlet"
    )
    result = framing.analyze(corpus)
    full = complete.similarity.to_numpy().copy()
    np.fill_diagonal(full, -1)
    names = list(complete.similarity.index)
    expected = [
        [names[i], names[j]]
        for i in range(5)
        for j in sorted(range(5), key=lambda j: (-full[i, j], j))[:2]
    ]
    table = result.tables["similarity"]
    assert table[["group_a", "group_b"]].values.tolist() == expected
    words = result.outlets.sort_values(["words", "articles"], ascending=False, kind="stable")
    assert list(result.similarity.index) == sorted(words.index[:3])
    report = result.report(timestamp="T")
    assert (
        "With 5 outlets (more than 3), every pair would be 20 rows:\n`data/similarity.csv` holds "
        "each outlet's 2 most similar others" in report
    )
    assert "compare the 3 largest outlets." in report
    assert "The 5 largest of 5 outlets; all are in `data/outlet_metrics.csv`." in report
    assert "over the 3 largest of 5 outlets." in report
    summary = report.split("## Summary")[1].split("## Corpus")[0]
    findings = [line for line in summary.splitlines() if line.startswith("- ")]
    assert findings[0] == f"- **Check the outlets:** {detail}. [→ Corpus](#corpus)"
    assert "| flagged | outlet\\_column | 1 |" in report


def test_the_column_reference_states_the_bounds():
    assert TABLES["similarity"].rows.endswith(
        f"(above {DENSE_OUTLETS} outlets: each outlet's {SIMILAR_OUTLETS} nearest)"
    )
    meaning = {c.name: c.meaning for c in TABLES["similarity"].columns}["group_b"]
    assert f"above {DENSE_OUTLETS} groups, each group's {SIMILAR_OUTLETS} most similar" in meaning


def test_charts_of_thousands_of_outlets_are_refused_with_the_fix(clustered):
    from framing.compare import keyness
    from framing.errors import ConfigError
    from framing.render.figures import (
        fightin_words_figure,
        metric_intervals_figure,
        similarity_heatmap,
    )

    with pytest.raises(ConfigError) as error:
        fightin_words_figure(keyness(clustered))
    assert str(error.value) == (
        "The 'groups' parameter of fightin_words_figure holds 600 outlets; a chart draws at most "
        "100: pass the ones to draw (the report draws the largest)"
    )
    labels = [f"O{i:04d}" for i in range(501)]
    with pytest.raises(ConfigError, match="of similarity_heatmap holds 501 outlets; .* most 500"):
        similarity_heatmap(pd.DataFrame(np.eye(501), index=labels, columns=labels))
    metrics = pd.DataFrame({"group": labels, "metric": "mattr", "mean": 0.5})
    with pytest.raises(ConfigError, match="of metric_intervals_figure holds 501 outlets"):
        metric_intervals_figure(metrics, "mattr")
