"""The loaded table (issue 17): loaded wording per outlet per 1,000 own-voice words."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.compare.loaded import loaded_table
from framing.compare.options import CompareOptions


def sentences(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["article_id", "outlet", "sentence_id", "loaded", "loaded_cues", "own_words"]
    )
    frame["is_headline"] = False
    return frame


def test_rate_counts_cues_and_most_loaded_sentence():
    rows = [(f"a{k}", "Daily", 0, 2.0, "regime", 100) for k in range(5)]
    rows += [(f"a{k}", "Daily", 1, 0.0, "", 100) for k in range(5)]
    rows += [("a0", "Daily", 2, 3.5, "thugs;slammed", 50)]
    rows += [("b0", "Weekly", 0, 0.0, "", 300), ("b0", "Weekly", 1, 0.5, "difficult", 20)]
    table = loaded_table(sentences(rows), CompareOptions()).set_index("outlet")
    daily = table.loc["Daily"]
    assert (daily["articles"], daily["own_words"], daily["cues"]) == (5, 1050, 7)
    assert daily["loaded"] == 13.5
    assert np.isclose(daily["loaded_per_1000"], 13.5 / 1050 * 1000)
    assert daily["loaded_low"] <= daily["loaded_per_1000"] <= daily["loaded_high"]
    assert (daily["loaded_sentences"], daily["sentences"]) == (6, 11)
    assert daily["top_cues"] == "regime 5; slammed 1; thugs 1"
    assert (daily["most_loaded_article_id"], daily["most_loaded_sentence_id"]) == ("a0", 2)
    weekly = table.loc["Weekly"]  # one mild cue: a score, but no loaded sentence
    assert (weekly["cues"], weekly["loaded_sentences"], weekly["sentences"]) == (1, 0, 2)
    assert np.isclose(weekly["loaded_per_1000"], 0.5 / 320 * 1000) and bool(weekly["small_sample"])
    assert weekly["most_loaded_sentence_id"] == 1 and np.isnan(weekly["loaded_low"])


def test_the_seed_report_shows_loaded_wording_with_sentences(seed_result):
    result = seed_result
    loaded = result.table("loaded").set_index("outlet")
    assert loaded.loc["Iran News Daily", "top_cues"] == "baseless 1; outrage 1; slammed 1"
    assert loaded.loc["The Hill", "top_cues"] == "belligerent 1" and loaded["small_sample"].all()
    report = result.report()
    section = report[report.index("## Loaded wording") : report.index("## Methods")]
    assert "Sergey Lavrov has slammed Washington’s recent demands" in section
    assert "too few to conclude from" in section and "figures/loaded.png" in section
