"""The lexical evidence comparison gives what the report computed before: the same ranked terms
as ``top_terms`` and the same example sentences as a keyword-in-context search of the outlet."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.compare import TermRanking, kwic, lexical_evidence, top_terms
from framing.compare.evidence import EXAMPLE_COLUMNS, EXAMPLES_KEPT


def test_the_ranking_gives_top_terms_rows_ties_in_table_order():
    rng = np.random.default_rng(3)
    table = pd.DataFrame(
        {
            "group": rng.choice(["A", "B", "C"], 300),
            "term": [f"t{i}" for i in range(300)],
            "z": rng.integers(-4, 5, 300).astype(float),  # many ties
        }
    )
    ranking = TermRanking(table)
    assert ranking.groups == ["A", "B", "C"]
    for group in ("A", "B", "C"):
        for direction in ("over", "under"):
            for n in (1, 15, 300):
                expected = top_terms(table, group, n, direction=direction)
                pd.testing.assert_frame_equal(ranking.top(group, n, direction=direction), expected)
    assert ranking.top("D", 5).empty and TermRanking(None).top("A", 5).empty


def _before(sentences: pd.DataFrame, outlet: str, term: str) -> pd.DataFrame:
    """What the report's lexical section computed itself before this comparison."""
    own = sentences[sentences["outlet"] == outlet]
    hits = kwic(own, term, unknown="empty").drop_duplicates(["article_id", "sentence_id"])
    text = own.set_index(["article_id", "sentence_id"])["text"]
    found = [text[(a, s)] for a, s in zip(hits["article_id"], hits["sentence_id"], strict=True)]
    hits = hits.assign(sentence=found, short=[len(s.split()) < 8 for s in found])
    return hits.sort_values("short", kind="stable").head(EXAMPLES_KEPT)


@pytest.fixture
def many_sentences() -> pd.DataFrame:
    """Outlet A: 300 articles of 5 sentences, ids out of corpus order; the first articles (by id)
    hold short sentences with the term, later ones (past the first chunk searched) full ones.
    Outlet B: the term in full sentences everywhere."""
    rows = []
    for k in range(300):
        article = f"a{(k * 7919) % 1000:03d}"
        for s in range(5):
            if article < "a050" and s == 1:
                text = "Pipeline news today."
            elif article > "a600" and s == 3:
                text = f"The pipeline would cross {k} rivers and farms, the report said."
            else:
                text = f"Nothing to see in sentence {s} of story {k}, officials said."
            rows.append((article, "A", s, text))
    for k in range(40):
        for s in range(3):
            text = f"Oil and the pipeline again in part {s}, number {k}, it said."
            rows.append((f"b{k:02d}", "B", s, text))
    return pd.DataFrame(rows, columns=["article_id", "outlet", "sentence_id", "text"])


def test_examples_are_those_a_search_of_every_sentence_puts_first(many_sentences):
    keyness = pd.DataFrame(
        {"group": ["A", "A", "B"], "term": ["story", "pipeline", "pipeline"], "z": [1, 5, 3.0]}
    )
    evidence = lexical_evidence(many_sentences, keyness)
    assert list(evidence.examples.columns) == list(EXAMPLE_COLUMNS)
    for outlet in ("A", "B"):
        got = evidence.examples_of(outlet)
        expected = _before(many_sentences, outlet, "pipeline")
        assert len(got) == EXAMPLES_KEPT and set(got["term"]) == {"pipeline"}
        columns = ["article_id", "sentence_id", "sentence", "left", "match", "right"]
        expected = expected[columns].reset_index(drop=True)
        pd.testing.assert_frame_equal(got[columns], expected, check_dtype=False)
    assert not evidence.examples_of("A")["sentence"].str.startswith("Pipeline news").any()
    assert evidence.headline_terms.top("A", 5).empty  # no headline keyness given
