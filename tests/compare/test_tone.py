"""The tone table (issue 17): per actor × outlet × voice, with intervals only from 5 articles."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.compare.options import CompareOptions
from framing.compare.tone import MIN_UNREGISTERED, tone_table


def mentions(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows,
        columns=["article_id", "outlet", "sentence_id", "actor", "mention", "in_quote", "tone"],
    )
    frame["actor_group"] = np.where(frame["actor"] != "", "officials", "")
    frame["start"], frame["end"] = 0, 5
    return frame


def test_pooled_mean_counts_and_evidence_per_voice():
    rows = [(f"a{k}", "Daily", k, "Smith", "Smith", False, -0.5 + 0.1 * k) for k in range(6)]
    rows += [("a0", "Daily", 9, "Smith", "Smith", True, 0.8)]
    table = tone_table(mentions(rows), CompareOptions())
    own = table[table["voice"] == "own"].iloc[0]
    assert (own["mentions"], own["articles"], bool(own["small_sample"])) == (6, 6, False)
    assert own["tone"] == np.mean([-0.5 + 0.1 * k for k in range(6)])
    assert own["tone_low"] <= own["tone"] <= own["tone_high"]
    assert (own["negative"], own["positive"]) == (5, 0)  # -0.5 .. -0.1; 0.0 is neutral
    assert (own["most_negative_article_id"], own["most_negative_sentence_id"]) == ("a0", 0)
    assert pd.isna(own["most_positive_article_id"])
    quoted = table[table["voice"] == "quoted"].iloc[0]
    assert (quoted["mentions"], quoted["tone"], bool(quoted["small_sample"])) == (1, 0.8, True)
    assert np.isnan(quoted["tone_low"])  # no interval from one article


def test_unregistered_names_need_enough_uses():
    rows = [("a1", "Daily", 1, "", "Zorba", False, -0.4)] * (MIN_UNREGISTERED - 1)
    rows += [("a2", "Daily", 2, "", "Quill", False, 0.3)] * MIN_UNREGISTERED
    table = tone_table(mentions(rows), CompareOptions())
    assert table["actor"].tolist() == ["Quill"]
    assert table["actor_group"].tolist() == [""]


def test_the_seed_report_has_a_tone_section_with_sentences(seed_result):
    result = seed_result
    tone = result.table("tone")
    russia = tone[(tone["actor"] == "Russia") & (tone["voice"] == "own")].set_index("outlet")
    assert len(russia) == 5 and russia["small_sample"].all()  # one article per outlet
    # RT's 11 include "It pointed out ...", a pronoun the attribution resolved to Russia
    assert (russia["mentions"] == [7, 23, 11, 6, 10]).all()
    report = result.report()
    section = report[report.index("## Tone toward actors") : report.index("## Methods")]
    assert "### Russia" in section and "too few to conclude from" in section
    assert "— RT (most negative)" in section or "(most negative), `" in section
    assert "figures/tone.png" in section
