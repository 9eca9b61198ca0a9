"""Loaded wording per outlet: how much evaluative, emotive, intensified or derogatory wording
each outlet uses in its own voice.

One table, ``loaded``: per outlet, the sum of its sentences' ``loaded`` scores (the ``loaded``
annotator scores only words outside quotation marks) per 1,000 own-voice words, with a bootstrap
interval that resamples articles, the counts behind it (cues, loaded sentences, words), the cues
it uses most, the small-sample flag and its most loaded sentence. The rate's denominator is the
outlet's own-voice words, so an outlet that quotes a lot is not made to look restrained.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..schema import LOADED_COLUMNS, body_rows
from ..stats import (
    bootstrap_rate_ci,
    group_rng,
    group_slices,
    rate_per_1000,
    resampled,
    small_sample,
)
from .base import CompareInput, CompareOutput, Comparison

__all__ = ["LOADED", "loaded_table", "TOP_CUES"]

TOP_CUES = 5
"""Cues listed per outlet in ``top_cues``."""
LOADED_SENTENCE = 1.0
"""Score from which a sentence counts as loaded in ``loaded_sentences``: one full-weight cue, or
two milder ones (a lone *good* or *difficult*, weight 0.5, does not make a sentence loaded)."""


def _cue_counts(cues: Iterable[object]) -> str:
    counter = Counter(c for value in cues if isinstance(value, str) for c in value.split(";") if c)
    return "; ".join(
        f"{cue} {n}" for cue, n in sorted(counter.items(), key=lambda i: (-i[1], i[0]))[:TOP_CUES]
    )


def loaded_table(sentences: pd.DataFrame, options) -> pd.DataFrame:
    """Loaded wording per outlet per 1,000 own-voice words (see module)."""
    body = body_rows(sentences)
    frame = body[["article_id", "outlet", "sentence_id", "loaded", "own_words"]].copy()
    frame["cues"] = (
        body["loaded_cues"].fillna("").map(lambda v: len([c for c in v.split(";") if c]))
    )
    per_article = frame.groupby(["outlet", "article_id"], sort=True)[["loaded", "own_words"]].sum()
    by_article = group_slices(per_article.index.get_level_values("outlet"))
    article_values = {c: per_article[c].to_numpy(float)[by_article[1]] for c in per_article}
    outlets, order, bounds = group_slices(frame["outlet"])
    values = {c: frame[c].to_numpy()[order] for c in ("loaded", "own_words", "cues")}
    cue_lists = body["loaded_cues"].to_numpy(dtype=object)[order]
    places = frame[["article_id", "sentence_id"]].to_numpy(dtype=object)[order]
    rows = []
    for g, outlet in enumerate(outlets):  # numpy slices: thousands of outlets take a second
        part = {c: v[bounds[g] : bounds[g + 1]] for c, v in values.items()}
        span = slice(by_article[2][g], by_article[2][g + 1])
        n_articles = span.stop - span.start
        words = int(part["own_words"].sum())
        total = float(part["loaded"].sum())
        _, low, high = bootstrap_rate_ci(
            article_values["loaded"][span],
            article_values["own_words"][span],
            n_boot=options.n_boot,
            confidence=options.confidence,
            seed=group_rng(options.seed, outlet, "loaded") if resampled(n_articles) else 0,
        )
        top = places[bounds[g] + int(np.argmax(part["loaded"]))] if total > 0 else None
        rows.append(
            {
                "outlet": outlet,
                "articles": n_articles,
                "own_words": words,
                "loaded": total,
                "loaded_per_1000": float(rate_per_1000(total, words)),
                "loaded_low": low,
                "loaded_high": high,
                "cues": int(part["cues"].sum()),
                "loaded_sentences": int((part["loaded"] >= LOADED_SENTENCE).sum()),
                "sentences": len(part["loaded"]),
                "top_cues": _cue_counts(cue_lists[bounds[g] : bounds[g + 1]]),
                "small_sample": bool(small_sample(n_articles, words)),
                "most_loaded_article_id": top[0] if top is not None else pd.NA,
                "most_loaded_sentence_id": int(top[1]) if top is not None else pd.NA,
            }
        )
    columns = [c.name for c in LOADED_COLUMNS]
    out = pd.DataFrame(rows, columns=columns)
    out["loaded_low"] = out["loaded_low"].astype(float)
    return out.astype({c.name: c.dtype for c in LOADED_COLUMNS})


def _loaded(given: CompareInput) -> CompareOutput:
    return CompareOutput({"loaded": loaded_table(given.sentences, given.options)})


LOADED = Comparison(
    "loaded",
    ("loaded",),
    _loaded,
    requires=("sentences.loaded", "sentences.loaded_cues", "sentences.own_words"),
    reads=("sentences.loaded", "sentences.loaded_cues", "sentences.own_words"),
)
