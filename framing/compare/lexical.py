"""One call for the whole lexical comparison, with every piece still public.

Why: most users want "how do these outlets' words differ" in one step and then dig into one
table; the steps (count, keyness, similarity, diversity, KWIC) stay separate functions for users
who want only one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..cache import Cache
from ..errors import InputError
from ..progress import progress_bar
from ..schema import body_rows, headline_rows
from ..tokens import terms
from .base import CompareInput, CompareOutput, Comparison, ExtrasCodec
from .diversity import cached_text_metrics, outlet_metrics
from .keyness import keyness, top_terms
from .kwic import kwic
from .options import DENSE_OUTLETS, CompareOptions
from .similarity import cluster_order, js_divergence, similarity_table, tfidf_cosine
from .vectorize import TermCounts, compared_articles, count_terms, counted_articles, term_counts

__all__ = ["LEXICAL", "LexicalComparison", "compare_lexicon", "headline_keyness", "matrix_outlets"]


@dataclass(frozen=True)
class LexicalComparison:
    """Results of :func:`compare_lexicon`.

    A part that the corpus's shape does not allow (keyness with one outlet, anything lexical
    without English text) is an empty table, and ``notes`` says why it was left out.

    Attributes
    ----------
    counts : TermCounts or None
        The term counts everything else was computed from (None: no English text to count).
    keyness : DataFrame
        Each outlet against the rest (``framing.compare.KEYNESS_COLUMNS``).
    cosine, divergence : DataFrame
        Outlet x outlet TF-IDF cosine similarity and Jensen-Shannon divergence: every outlet, or
        above ``DENSE_OUTLETS`` outlets the ``DENSE_OUTLETS`` largest (by words, then articles;
        :func:`matrix_outlets`).
    order : list of str
        Outlets in hierarchical-clustering order (of the cosine similarity).
    article_metrics, outlet_metrics : DataFrame or None
        Diversity and readability per article and per outlet (with bootstrap intervals).
    sentences : DataFrame or None
        The sentence table, for :meth:`kwic`.
    headline_keyness : DataFrame
        Each outlet's headlines against the other outlets' headlines (see
        :func:`headline_keyness`); empty with fewer than two outlets with headlines.
    notes : dict of str to str
        Why a part was left out, by part (``keyness``, ``similarity``, ``diversity``).
    """

    counts: TermCounts | None
    keyness: pd.DataFrame
    cosine: pd.DataFrame
    divergence: pd.DataFrame
    order: list[str]
    article_metrics: pd.DataFrame | None
    outlet_metrics: pd.DataFrame | None
    sentences: pd.DataFrame | None
    headline_keyness: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: dict[str, str] = field(default_factory=dict)

    def kwic(
        self,
        query: str | list[str],
        *,
        window: int = 60,
        outlets: list[str] | None = None,
        match: str = "exact",
        headlines: bool = True,
        unknown: str = "raise",
    ) -> pd.DataFrame:
        """Keyword in context on the sentences (see :func:`framing.compare.kwic`)."""
        if self.sentences is None:
            raise ValueError("No sentence table was given to compare_lexicon; KWIC needs one.")
        return kwic(
            self.sentences,
            query,
            window=window,
            outlets=outlets,
            match=match,
            headlines=headlines,
            unknown=unknown,
        )

    def top_terms(self, outlet: str, n: int = 15, *, direction: str = "over") -> pd.DataFrame:
        """The outlet's ``n`` most over- or under-used terms against the rest."""
        return top_terms(self.keyness, outlet, n, direction=direction)


def compare_lexicon(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    options: CompareOptions | None = None,
    diversity: bool = True,
    progress: bool = False,
    cache: Cache | None = None,
) -> LexicalComparison:
    """Count terms, then keyness (each outlet vs the rest), similarity, divergence and diversity.

    Parameters
    ----------
    articles : DataFrame
        The article table (``article_id``, ``outlet``, ``text``, ...).
    sentences : DataFrame, optional
        The sentence table: enables ``.kwic`` and exact sentence counts for readability.
    options : CompareOptions, optional
        Defaults to ``CompareOptions()``.
    diversity : bool, default=True
        Compute MATTR and readability (a pass over every token; skip for speed).
    progress : bool, default=False
        Show a progress bar over the steps.
    cache : Cache, optional
        Where each article's diversity and readability are found when an earlier run measured
        them (and kept when not).
    """
    options = options or CompareOptions()
    compared = compared_articles(articles, options)
    if compared.empty:
        return _nothing_to_compare(articles, sentences, options)
    bar = progress_bar(total=4 if diversity else 3, desc="comparing", unit="step", enabled=progress)
    counted = sentences if sentences is None or options.headlines else body_rows(sentences)
    counts = count_terms(compared, sentences=counted, options=options)
    bar.update()
    notes: dict[str, str] = {}
    table = cosine = divergence = pd.DataFrame()
    if len(counts.outlets) > 1:
        table = keyness(counts, "outlet", options=options, top=options.keep_terms)
        bar.update()
        shown = matrix_outlets(counts)
        cosine = tfidf_cosine(counts, groups=shown)
        divergence = js_divergence(counts, groups=shown)
    else:
        only = counts.outlets[0]
        notes["keyness"] = notes["similarity"] = (
            f"only one outlet ({only}) has articles to compare: distinctive terms and "
            "similarity need at least two outlets"
        )
        bar.update()
    bar.update()
    per_article = per_outlet = None
    if diversity:
        body = None if sentences is None else body_rows(sentences)
        per_article = cached_text_metrics(compared, sentences=body, options=options, cache=cache)
        per_outlet = outlet_metrics(per_article, options=options)
        bar.update()
    bar.close()
    return LexicalComparison(
        counts=counts,
        keyness=table,
        cosine=cosine,
        divergence=divergence,
        order=cluster_order(cosine) if len(cosine) else [],
        article_metrics=per_article,
        outlet_metrics=per_outlet,
        sentences=sentences,
        headline_keyness=headline_keyness(compared, sentences, options),
        notes=notes,
    )


def matrix_outlets(counts: TermCounts) -> list[str] | None:
    """The outlets of the square similarity matrices: None (every outlet) up to
    ``DENSE_OUTLETS`` outlets, else the ``DENSE_OUTLETS`` largest by words, then articles, then
    name, in name order (see ``DENSE_OUTLETS`` for why)."""
    if len(counts.outlets) <= DENSE_OUTLETS:
        return None
    sizes = counts.outlet_sizes().rename_axis("name").reset_index()
    sizes = sizes.sort_values(["n_words", "n_articles", "name"], ascending=[False, False, True])
    return sorted(sizes["name"].head(DENSE_OUTLETS))


def headline_keyness(
    articles: pd.DataFrame, sentences: pd.DataFrame | None, options: CompareOptions
) -> pd.DataFrame:
    """Words each outlet's headlines use more (and less) than the other outlets' headlines.

    The same weighted log-odds as the body's keyness, on the headline rows only, with a prior of
    the strength of one average headline (the body's default, 1,000 pseudo-terms, is about one
    article; on ten-word headlines it would drown every difference). Every term is kept
    (``min_df`` 1): a corpus's headlines are few. Empty when fewer than two outlets have one.
    """
    heads = headline_rows(sentences) if sentences is not None else pd.DataFrame()
    if heads.empty or heads["outlet"].nunique() < 2:
        return pd.DataFrame()
    titled = articles[articles["article_id"].isin(heads["article_id"])]
    lengths = heads["text"].map(lambda t: len(terms(t)))
    strength = max(float(lengths.mean()), 1.0)
    settings = replace(options, min_df=1, alpha0=strength)
    try:
        counts = count_terms(titled, sentences=heads, options=settings)
    except InputError:  # headlines of stopwords only, or no English article with one
        return pd.DataFrame()
    if len(counts.outlets) < 2:
        return pd.DataFrame()
    return keyness(counts, "outlet", comparison="headlines: outlet vs rest", options=settings)


def _nothing_to_compare(
    articles: pd.DataFrame, sentences: pd.DataFrame | None, options: CompareOptions
) -> LexicalComparison:
    """No article passes the filters: every part is left out, and the note says which filter."""
    reasons = []
    if options.english_only and "is_english" in articles.columns:
        other = int((~articles["is_english"].fillna(False).astype(bool)).sum())
        reasons.append(f"{other:,} of {len(articles):,} article(s) are not in English")
    if options.reprints == "exclude" and "reprint_of" in articles.columns:
        reprinted = int(articles["reprint_of"].fillna("").ne("").sum())
        reasons.append(f'{reprinted:,} are reprints left out by `reprints = "exclude"`')
    why = (
        "no article is left to compare ("
        + "; ".join(reasons or ["the article table is empty"])
        + "): the lexical comparison covers English text only"
    )
    return LexicalComparison(
        counts=None,
        keyness=pd.DataFrame(),
        cosine=pd.DataFrame(),
        divergence=pd.DataFrame(),
        order=[],
        article_metrics=None,
        outlet_metrics=None,
        sentences=sentences,
        notes={"keyness": why, "similarity": why, "diversity": why},
    )


def _lexical(given: CompareInput) -> CompareOutput:
    """The registered comparison: :func:`compare_lexicon`'s tables (each only when the corpus's
    shape allows it, else a note), and the whole result as the extra ``lexical``."""
    lexical = compare_lexicon(
        given.articles,
        given.sentences,
        options=given.options,
        progress=given.progress,
        cache=given.cache,
    )
    tables: dict[str, pd.DataFrame] = {}
    if len(lexical.keyness):
        tables["keyness"] = lexical.keyness
    if len(lexical.cosine) > 1:
        tables["similarity"] = similarity_table(
            lexical.counts, cosine=lexical.cosine, divergence=lexical.divergence
        )
    if len(lexical.headline_keyness):
        tables["headline_keyness"] = lexical.headline_keyness
    if lexical.outlet_metrics is not None:
        tables["outlet_metrics"] = lexical.outlet_metrics
        tables["article_metrics"] = lexical.article_metrics
    return CompareOutput(tables, dict(lexical.notes), {"lexical": lexical})


def _kept_lexical(output: CompareOutput) -> dict[str, pd.DataFrame]:
    """What the cache keeps of the ``lexical`` extra beyond the output's tables: the term counts
    (vocabulary, words per article, the sparse matrix's arrays), the square matrices and the
    clustering order. The counted articles' metadata is the input's, and the per-outlet sums are
    made again (:func:`framing.compare.vectorize.term_counts`)."""
    lexical: LexicalComparison = output.extras["lexical"]
    counts = lexical.counts
    if counts is None:  # nothing to compare: made again from the input, in no time
        return {}
    matrix = counts.article_counts
    return {
        "vocabulary": pd.DataFrame({"term": counts.vocabulary}),
        "articles": pd.DataFrame(
            {"article_id": counts.articles.index.to_numpy(), "n_words": counts.n_words}
        ),
        "indptr": pd.DataFrame({"indptr": matrix.indptr}),
        "cells": pd.DataFrame({"indices": matrix.indices, "data": matrix.data}),
        **_square("cosine", lexical.cosine),
        **_square("divergence", lexical.divergence),
        "order": pd.DataFrame({"outlet": pd.Series(lexical.order, dtype=object)}),
    }


def _square(name: str, matrix: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """A labelled outlet x outlet matrix as tables: its labels and its values, row by row."""
    if matrix.empty:
        return {}
    return {
        f"{name}.rows": pd.DataFrame({"label": matrix.index.to_numpy(dtype=object)}),
        f"{name}.columns": pd.DataFrame({"label": matrix.columns.to_numpy(dtype=object)}),
        f"{name}.values": pd.DataFrame({"value": matrix.to_numpy().ravel()}),
    }


def _square_again(kept: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    if f"{name}.values" not in kept:
        return pd.DataFrame()
    rows = pd.Index(kept[f"{name}.rows"]["label"].to_numpy(dtype=object))
    columns = pd.Index(kept[f"{name}.columns"]["label"].to_numpy(dtype=object))
    values = kept[f"{name}.values"]["value"].to_numpy().reshape(len(rows), len(columns))
    return pd.DataFrame(values, index=rows, columns=columns)


def _lexical_again(
    kept: Mapping[str, pd.DataFrame], output: CompareOutput, given: CompareInput
) -> dict[str, object]:
    """The ``lexical`` extra made again from what :func:`_kept_lexical` kept and the input."""
    import scipy.sparse as sp

    options = given.options
    if "vocabulary" not in kept:
        return {"lexical": _nothing_to_compare(given.articles, given.sentences, options)}
    counted = counted_articles(given.articles, options)
    words = kept["articles"]
    if not np.array_equal(words["article_id"].to_numpy(dtype=object), counted["article_id"]):
        raise ValueError("the cached term counts are not of these articles")  # a key collision
    vocabulary = kept["vocabulary"]["term"].to_numpy(dtype=object)
    cells = kept["cells"]
    matrix = sp.csr_matrix(
        (
            cells["data"].to_numpy(),
            cells["indices"].to_numpy(),
            kept["indptr"]["indptr"].to_numpy(),
        ),
        shape=(len(counted), len(vocabulary)),
    )
    counts = term_counts(vocabulary, counted, words["n_words"].to_numpy(), matrix, options)
    tables = output.tables
    lexical = LexicalComparison(
        counts=counts,
        keyness=tables.get("keyness", pd.DataFrame()),
        cosine=_square_again(kept, "cosine"),
        divergence=_square_again(kept, "divergence"),
        order=[str(outlet) for outlet in kept["order"]["outlet"]],
        article_metrics=tables.get("article_metrics"),
        outlet_metrics=tables.get("outlet_metrics"),
        sentences=given.sentences,
        headline_keyness=tables.get("headline_keyness", pd.DataFrame()),
        notes=dict(output.notes),
    )
    return {"lexical": lexical}


LEXICAL = Comparison(
    "lexical",
    ("keyness", "headline_keyness", "similarity", "outlet_metrics", "article_metrics"),
    _lexical,
    extras=("lexical",),
    reads=(),
    codec=ExtrasCodec(_kept_lexical, _lexical_again),
)
