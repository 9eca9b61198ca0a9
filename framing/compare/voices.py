"""Voices: whom each outlet quotes, how it attributes them, and what it hedges in its own voice.

Three tables, all traceable to sentences, each its own registered comparison (each needs other
annotators):

- ``voices``: share of voice per outlet × speaker and per outlet × group (quotations and quoted
  words, with article counts and the reporting-verb classes used), in the body and in headlines;
- ``actor_candidates``: names the actor registry does not know, with counts per outlet, for a
  user to add to ``<corpus>/lexicons/actors.csv``;
- ``own_voice``: hedges and scare quotes per 1,000 words per outlet, with bootstrap intervals
  over articles and the small-sample flag.
"""

from __future__ import annotations

import pandas as pd

from ..schema import CANDIDATE_COLUMNS, OWN_VOICE_COLUMNS, VOICES_COLUMNS, body_rows
from ..stats import (
    bootstrap_rate_ci,
    group_rng,
    group_sizes,
    group_slices,
    rate_per_1000,
    resampled,
    small_sample,
)
from ..tokens import count_words
from .base import CompareInput, CompareOutput, Comparison

__all__ = [
    "VOICES",
    "ACTOR_CANDIDATES",
    "OWN_VOICE",
    "voices_table",
    "actor_candidates",
    "own_voice_table",
    "VERB_CLASSES",
]

VERB_CLASSES = ("neutral", "doubt", "endorse", "emotive", "other")
UNREGISTERED = "(unregistered)"
"""Group of speakers the registry does not know."""


def _speech(quotes: pd.DataFrame) -> pd.DataFrame:
    """Attributed quotations (a speaker is named), with their word counts and group."""
    table = quotes[quotes["speaker"].fillna("") != ""].copy()
    table["group"] = table["speaker_group"].fillna("").replace("", UNREGISTERED)
    if "n_words" not in table:
        table["n_words"] = [count_words(t) for t in table["text"].fillna("")]
    if "sentence_id" not in table:
        table["sentence_id"] = -1
    return table


def _profile(table: pd.DataFrame, level: str, key: str, where: str) -> pd.DataFrame:
    """One row per outlet × ``key`` (vectorised: a large corpus has 10⁵ speakers)."""
    if table.empty:
        return pd.DataFrame()
    table = table.assign(
        _name=table[key].astype(str),
        _direct=table["kind"] == "direct",
        _partial=table["kind"] == "partial",
        _indirect=table["kind"] == "indirect",
        **{f"_{c}": table["verb_class"].fillna("") == c for c in VERB_CLASSES},
    )
    grouped = table.groupby(["outlet", "_name"], sort=True)
    frame = grouped.agg(
        quotes=("kind", "size"),
        direct=("_direct", "sum"),
        partial=("_partial", "sum"),
        indirect=("_indirect", "sum"),
        quoted_words=("n_words", "sum"),
        articles=("article_id", "nunique"),
        **{c: (f"_{c}", "sum") for c in VERB_CLASSES},
    )
    # the example: each group's longest quotation (ties: the first in corpus order)
    longest = table.sort_values("n_words", ascending=False, kind="stable").drop_duplicates(
        ["outlet", "_name"]
    )
    examples = longest.set_index(["outlet", "_name"])[["article_id", "sentence_id", "text"]]
    frame = frame.join(examples).reset_index()
    frame = frame.rename(
        columns={
            "_name": "name",
            "article_id": "example_article_id",
            "sentence_id": "example_sentence_id",
            "text": "example",
        }
    )
    frame["example"] = frame["example"].astype(str).str.slice(0, 200)
    frame.insert(1, "where", where)
    frame.insert(2, "level", level)
    totals = frame.groupby("outlet")[["quotes", "quoted_words"]].transform("sum")
    frame["share_quotes"] = frame["quotes"] / totals["quotes"]
    frame["share_words"] = frame["quoted_words"] / totals["quoted_words"].where(
        totals["quoted_words"] > 0
    )
    return frame


def voices_table(
    quotes: pd.DataFrame,
    headlines: pd.DataFrame | None = None,
    outlets: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Share of voice per outlet × speaker and × group, body and headlines. ``outlets``
    (articles and words per outlet) gives each row its outlet's size and small-sample flag."""
    parts = []
    for where, table in (("body", quotes), ("headline", headlines)):
        if table is None or table.empty:
            continue
        speech = _speech(table)
        parts.append(_profile(speech, "group", "group", where))
        parts.append(_profile(speech, "speaker", "speaker", where))
    columns = [c.name for c in VOICES_COLUMNS]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in columns})
    frame = pd.concat(parts, ignore_index=True)
    frame = _with_outlet_sizes(frame, quotes, outlets)[columns]
    frame = frame.sort_values(
        ["where", "outlet", "level", "quotes", "name"], ascending=[True, True, True, False, True]
    )
    return frame.reset_index(drop=True).astype({c: _dtype(c) for c in columns})


def _with_outlet_sizes(
    frame: pd.DataFrame, quotes: pd.DataFrame, outlets: pd.DataFrame | None
) -> pd.DataFrame:
    if outlets is None:  # sizes from the quotations alone (no word counts)
        sizes = quotes.groupby("outlet")["article_id"].nunique().rename("outlet_articles")
        frame = frame.join(sizes, on="outlet")
        frame["small_sample"] = small_sample(frame["outlet_articles"].to_numpy(), 10**9)
        return frame
    frame = frame.join(
        outlets[["n_articles", "small_sample"]].rename(columns={"n_articles": "outlet_articles"}),
        on="outlet",
    )
    frame["small_sample"] = frame["small_sample"].fillna(True).astype(bool)
    return frame


def actor_candidates(mentions: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Unknown names per outlet: mentions without an actor, with how often the outlet quotes
    them as a speaker the registry does not know (vectorised, as ``_profile``)."""
    columns = [c.name for c in CANDIDATE_COLUMNS]
    unknown = mentions[mentions["actor"].fillna("") == ""]
    if unknown.empty:
        return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in CANDIDATE_COLUMNS})
    speakers = _speech(quotes)
    speakers = speakers[speakers["speaker_group"].fillna("") == ""]
    quoted = speakers.groupby(["speaker", "outlet"]).size().rename("quoted")
    quoted.index = quoted.index.set_names(["name", "outlet"])
    unknown = unknown.assign(name=unknown["mention"], titled=unknown["titled"].fillna(False))
    grouped = unknown.groupby(["name", "outlet"], sort=False)
    frame = grouped.agg(
        mentions=("article_id", "size"),
        articles=("article_id", "nunique"),
        titled=("titled", "any"),
        example_article_id=("article_id", "first"),
        example_sentence_id=("sentence_id", "first"),
    )
    frame = frame.join(quoted).fillna({"quoted": 0}).reset_index()
    total = frame.groupby("name")["mentions"].transform("sum")
    frame = frame.assign(_total=total).sort_values(
        ["_total", "name", "mentions"], ascending=[False, True, False]
    )
    return (
        frame[columns].reset_index(drop=True).astype({c.name: c.dtype for c in CANDIDATE_COLUMNS})
    )


def own_voice_table(sentences: pd.DataFrame, options) -> pd.DataFrame:
    """Hedges and scare quotes per 1,000 words per outlet, with bootstrap intervals of that
    pooled rate (articles resampled), counts and the small-sample flag."""
    sentences = body_rows(sentences)  # rates of the body's words: the annotators read the body
    # the length annotator's token counts; counted here when it is switched off
    words = sentences["n_words"] if "n_words" in sentences else sentences["text"].map(count_words)
    quoted = sentences.get("hedges_in_quotes", 0)
    frame = sentences[["article_id", "outlet", "hedges", "scare_quotes"]].assign(
        words=words, hedges_in_quotes=quoted
    )
    per_article = frame.groupby(["outlet", "article_id"], sort=True)[
        ["hedges", "scare_quotes", "words", "hedges_in_quotes"]
    ].sum()
    outlets, order, bounds = group_slices(per_article.index.get_level_values("outlet"))
    values = {c: per_article[c].to_numpy()[order] for c in per_article.columns}
    rows = []
    for g, outlet in enumerate(outlets):  # numpy slices: thousands of outlets take a second
        part = {c: v[bounds[g] : bounds[g + 1]] for c, v in values.items()}
        n_articles, n_words = len(part["words"]), int(part["words"].sum())
        row = {"outlet": outlet, "articles": n_articles, "words": n_words}
        for metric in ("hedges", "scare_quotes"):
            _, low, high = bootstrap_rate_ci(
                part[metric].astype(float),
                part["words"].astype(float),
                n_boot=options.n_boot,
                confidence=options.confidence,
                seed=group_rng(options.seed, outlet, metric) if resampled(n_articles) else 0,
            )
            count = int(part[metric].sum())
            row[metric] = count
            row[f"{metric}_per_1000"] = float(rate_per_1000(count, n_words))
            row[f"{metric}_low"] = low
            row[f"{metric}_high"] = high
        row["hedges_in_quotes"] = int(part["hedges_in_quotes"].sum())
        row["small_sample"] = bool(small_sample(n_articles, n_words))
        rows.append(row)
    columns = [c.name for c in OWN_VOICE_COLUMNS]
    return pd.DataFrame(rows, columns=columns).astype({c.name: c.dtype for c in OWN_VOICE_COLUMNS})


def _voices(given: CompareInput) -> CompareOutput:
    spans = given.spans
    sizes = group_sizes(given.articles, "outlet")
    return CompareOutput(
        {"voices": voices_table(spans["quotes"], spans.get("headline_quotes"), sizes)}
    )


def _actor_candidates(given: CompareInput) -> CompareOutput:
    spans = given.spans
    return CompareOutput({"actor_candidates": actor_candidates(spans["mentions"], spans["quotes"])})


def _own_voice(given: CompareInput) -> CompareOutput:
    return CompareOutput({"own_voice": own_voice_table(given.sentences, given.options)})


def _dtype(name: str) -> str:
    return {c.name: c.dtype for c in VOICES_COLUMNS}[name]


VOICES = Comparison(
    "voices", ("voices",), _voices, requires=("quotes",), reads=("quotes", "headline_quotes")
)
ACTOR_CANDIDATES = Comparison(
    "actor_candidates",
    ("actor_candidates",),
    _actor_candidates,
    requires=("mentions", "quotes"),
    reads=("mentions", "quotes"),
)
OWN_VOICE = Comparison(
    "own_voice",
    ("own_voice",),
    _own_voice,
    requires=("sentences.hedges", "sentences.scare_quotes"),
    reads=(
        "sentences.hedges",
        "sentences.scare_quotes",
        "sentences.hedges_in_quotes",
        "sentences.n_words",
    ),
)
