"""Tone toward actors per outlet: how each outlet speaks of each actor, apart from how the people
it quotes speak of it.

One table, ``tone``: per actor × outlet × voice (``own``: the outlet's own words; ``quoted``:
inside quotation marks), the mean of the mention tones the ``tone`` annotator wrote into
``mentions``, a bootstrap interval that resamples articles (an outlet's articles are its
independent units; a name repeated in one article is not new evidence), counts of negative and
positive mentions, the small-sample flag, and the sentences of its most negative and most
positive mention, so that every figure leads back to text.

Which actors: every actor of the registry that occurs, and names the registry does not know
that occur at least ``MIN_UNREGISTERED`` times in the corpus (a name met twice says little
about tone, and a large corpus has tens of thousands of them).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..annotate.tone import NEUTRAL_BAND
from ..schema import TONE_COLUMNS
from ..stats import MIN_ARTICLES, bootstrap_ratio_ci, group_rng
from .registry import CompareInput, CompareOutput, Comparison

__all__ = ["TONE", "tone_table", "MIN_UNREGISTERED"]

MIN_UNREGISTERED = 10
"""Uses a name unknown to the registry needs, over the corpus, to get rows of its own."""


def _scored(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions with a tone, keyed by actor (the registry's name, else the name as written)."""
    scored = mentions[mentions["tone"].notna()].copy()
    registered = scored["actor"].fillna("") != ""
    scored["key"] = scored["actor"].where(registered, scored["mention"])
    uses = scored.loc[~registered, "key"].value_counts()
    common = set(uses[uses >= MIN_UNREGISTERED].index)
    scored = scored[registered | scored["key"].isin(common)]
    scored["voice"] = np.where(scored["in_quote"].fillna(False).astype(bool), "quoted", "own")
    return scored


def tone_table(mentions: pd.DataFrame, options) -> pd.DataFrame:
    """Mean tone per actor × outlet × voice with intervals, counts and evidence (see module)."""
    columns = [c.name for c in TONE_COLUMNS]
    if "tone" not in mentions or mentions.empty:
        return pd.DataFrame(columns=columns)
    scored = _scored(mentions)
    rows = []
    for (key, outlet, voice), part in scored.groupby(["key", "outlet", "voice"], sort=True):
        rows.append(_row(key, outlet, voice, part, options))
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({c.name: c.dtype for c in TONE_COLUMNS})


def _row(key: str, outlet: str, voice: str, part: pd.DataFrame, options) -> dict[str, object]:
    per_article = part.groupby("article_id", sort=True)["tone"].agg(["sum", "size"])
    n_articles = len(per_article)
    mean, low, high = (float(part["tone"].mean()), np.nan, np.nan)
    if n_articles >= MIN_ARTICLES:
        mean, low, high = bootstrap_ratio_ci(
            per_article["sum"].to_numpy(float),
            per_article["size"].to_numpy(float),
            n_boot=options.n_boot,
            confidence=options.confidence,
            seed=group_rng(options.seed, key, outlet, voice, "tone"),
        )
    tones = part["tone"].to_numpy(float)
    low_row = part.iloc[int(np.argmin(tones))]
    high_row = part.iloc[int(np.argmax(tones))]
    negative, positive = tones <= -NEUTRAL_BAND, tones >= NEUTRAL_BAND
    return {
        "actor": key,
        "actor_group": part["actor_group"].fillna("").iloc[0],
        "outlet": outlet,
        "voice": voice,
        "mentions": len(part),
        "articles": n_articles,
        "tone": mean,
        "tone_low": low,
        "tone_high": high,
        "negative": int(negative.sum()),
        "positive": int(positive.sum()),
        "small_sample": n_articles < MIN_ARTICLES,
        "most_negative_article_id": low_row["article_id"] if negative.any() else pd.NA,
        "most_negative_sentence_id": int(low_row["sentence_id"]) if negative.any() else pd.NA,
        "most_positive_article_id": high_row["article_id"] if positive.any() else pd.NA,
        "most_positive_sentence_id": int(high_row["sentence_id"]) if positive.any() else pd.NA,
    }


def _tone(given: CompareInput) -> CompareOutput:
    mentions = given.spans.get("mentions")
    if mentions is None or "tone" not in mentions:
        return CompareOutput(notes={"tone": "the tone annotator is switched off"})
    return CompareOutput({"tone": tone_table(mentions, given.options)})


TONE = Comparison("tone", ("tone",), _tone)
