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
from .base import CompareInput, CompareOutput, Comparison

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
    """Mean tone per actor × outlet × voice with intervals, counts and evidence (see module).

    Counts and extremes are grouped in one pass; only groups of ``MIN_ARTICLES`` articles or
    more are resampled (a large corpus has a hundred thousand groups, most of them tiny)."""
    columns = [c.name for c in TONE_COLUMNS]
    if "tone" not in mentions or mentions.empty:
        return pd.DataFrame(columns=columns)
    scored = _scored(mentions).reset_index(drop=True)
    if scored.empty:
        return pd.DataFrame(columns=columns)
    keys = ["key", "outlet", "voice"]
    scored["negative"] = scored["tone"] <= -NEUTRAL_BAND
    scored["positive"] = scored["tone"] >= NEUTRAL_BAND
    grouped = scored.groupby(keys, sort=True)
    frame = grouped.agg(
        actor_group=("actor_group", "first"),
        mentions=("tone", "size"),
        articles=("article_id", "nunique"),
        tone=("tone", "mean"),
        negative=("negative", "sum"),
        positive=("positive", "sum"),
        low_at=("tone", "idxmin"),
        high_at=("tone", "idxmax"),
    )
    frame["tone_low"], frame["tone_high"] = np.nan, np.nan
    for side, at, flag in (("negative", "low_at", "negative"), ("positive", "high_at", "positive")):
        has = frame[flag] > 0
        rows = scored.loc[frame[at]]
        frame[f"most_{side}_article_id"] = rows["article_id"].to_numpy()
        frame[f"most_{side}_sentence_id"] = rows["sentence_id"].to_numpy()
        frame.loc[~has, [f"most_{side}_article_id", f"most_{side}_sentence_id"]] = pd.NA
    _intervals(frame, scored, keys, options)
    frame["small_sample"] = frame["articles"] < MIN_ARTICLES
    frame = frame.reset_index().rename(columns={"key": "actor"})
    frame["actor_group"] = frame["actor_group"].fillna("")
    return frame[columns].astype({c.name: c.dtype for c in TONE_COLUMNS})


def _intervals(frame: pd.DataFrame, scored: pd.DataFrame, keys: list[str], options) -> None:
    """Bootstrap intervals (articles resampled) of the groups with enough articles, in place;
    their ``tone`` becomes the pooled mean the interval is drawn around (the same value)."""
    large = frame.index[frame["articles"] >= MIN_ARTICLES]
    if not len(large):
        return
    wanted = scored.set_index(keys).index.isin(large)
    per_article = (
        scored[wanted].groupby(keys + ["article_id"], sort=True)["tone"].agg(["sum", "size"])
    )
    groups, results = [], []
    for group, part in per_article.groupby(level=[0, 1, 2], sort=False):
        groups.append(group)
        results.append(
            bootstrap_ratio_ci(
                part["sum"].to_numpy(float),
                part["size"].to_numpy(float),
                n_boot=options.n_boot,
                confidence=options.confidence,
                seed=group_rng(options.seed, *group, "tone"),
            )
        )
    if groups:  # written at once: one assignment per group costs a millisecond each
        rows = frame.index.get_indexer(pd.MultiIndex.from_tuples(groups, names=keys))
        columns = frame.columns.get_indexer(["tone", "tone_low", "tone_high"])
        frame.iloc[rows, columns] = np.array(results, dtype=float)


def _tone(given: CompareInput) -> CompareOutput:
    return CompareOutput({"tone": tone_table(given.spans["mentions"], given.options)})


TONE = Comparison(
    "tone", ("tone",), _tone, requires=("mentions", "mentions.tone"), reads=("mentions",)
)
