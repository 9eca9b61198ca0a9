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

import pandas as pd

from ..schema import LOADED_COLUMNS, body_rows
from ..stats import bootstrap_rate_ci, group_rng, rate_per_1000, small_sample
from .registry import CompareInput, CompareOutput, Comparison

__all__ = ["LOADED", "loaded_table", "TOP_CUES"]

TOP_CUES = 5
"""Cues listed per outlet in ``top_cues``."""
LOADED_SENTENCE = 1.0
"""Score from which a sentence counts as loaded in ``loaded_sentences``: one full-weight cue, or
two milder ones (a lone *good* or *difficult*, weight 0.5, does not make a sentence loaded)."""


def _cue_counts(cues: pd.Series) -> str:
    counter = Counter(c for value in cues.dropna() for c in str(value).split(";") if c)
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
    rows = []
    for outlet, part in frame.groupby("outlet", sort=True):
        articles = per_article.loc[outlet]
        words = int(part["own_words"].sum())
        total = float(part["loaded"].sum())
        _, low, high = bootstrap_rate_ci(
            articles["loaded"].to_numpy(float),
            articles["own_words"].to_numpy(float),
            n_boot=options.n_boot,
            confidence=options.confidence,
            seed=group_rng(options.seed, outlet, "loaded"),
        )
        top = part.loc[part["loaded"].idxmax()] if total > 0 else None
        rows.append(
            {
                "outlet": outlet,
                "articles": len(articles),
                "own_words": words,
                "loaded": total,
                "loaded_per_1000": float(rate_per_1000(total, words)),
                "loaded_low": low,
                "loaded_high": high,
                "cues": int(part["cues"].sum()),
                "loaded_sentences": int((part["loaded"] >= LOADED_SENTENCE).sum()),
                "sentences": len(part),
                "top_cues": _cue_counts(body.loc[part.index, "loaded_cues"]),
                "small_sample": bool(small_sample(len(articles), words)),
                "most_loaded_article_id": top["article_id"] if top is not None else pd.NA,
                "most_loaded_sentence_id": int(top["sentence_id"]) if top is not None else pd.NA,
            }
        )
    columns = [c.name for c in LOADED_COLUMNS]
    out = pd.DataFrame(rows, columns=columns)
    out["loaded_low"] = out["loaded_low"].astype(float)
    return out.astype({c.name: c.dtype for c in LOADED_COLUMNS})


def _loaded(given: CompareInput) -> CompareOutput:
    needed = {"loaded", "loaded_cues", "own_words"}
    if not needed <= set(given.sentences.columns):
        return CompareOutput(notes={"loaded": "the loaded annotator is switched off"})
    return CompareOutput({"loaded": loaded_table(given.sentences, given.options)})


LOADED = Comparison("loaded", ("loaded",), _loaded)
