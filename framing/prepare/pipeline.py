"""prepare: raw article table → cleaned articles, sentence table, and log entries.

Per article (pure, so it can later be cached and run in parallel): clean, split into sentences,
count words, guess the language. Across articles: exact duplicates kept once, near-duplicates
flagged.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from tqdm import tqdm

from ..config import PrepareOptions
from ..ingest.log import LogEntry
from ..schema import ARTICLES, SENTENCES, conform
from ..tokens import count_words
from .clean import clean_article
from .duplicates import exact_duplicates, fingerprint, near_duplicates, shingles
from .language import guess_language
from .sentences import split_sentences

__all__ = ["PreparedArticle", "prepare_article", "prepare_articles"]


class PreparedArticle(NamedTuple):
    """Everything prepare computes for one article."""

    text: str
    dateline: str | None
    starts: list[int]
    ends: list[int]
    paragraphs: list[int]
    n_words: int
    language: str
    changes: list
    fingerprint: bytes
    shingles: frozenset[int]


def prepare_article(
    body: str, title: str | None, *, options: PrepareOptions, overrides: Path | None = None
) -> PreparedArticle:
    """Clean one body and split it into sentences; a pure function of its inputs."""
    cleaned = clean_article(
        body, title=title, overrides=overrides, repair_glued_words=options.repair_glued_words
    )
    spans = split_sentences(cleaned.text, overrides=overrides)
    return PreparedArticle(
        text=cleaned.text,
        dateline=cleaned.dateline,
        starts=[s.start for s in spans],
        ends=[s.end for s in spans],
        paragraphs=[s.paragraph_id for s in spans],
        n_words=count_words(cleaned.text),
        language=guess_language(cleaned.text),
        changes=cleaned.changes,
        fingerprint=fingerprint(cleaned.text),
        shingles=shingles(cleaned.text[s.start : s.end] for s in spans),
    )


def prepare_articles(
    raw: pd.DataFrame,
    *,
    options: PrepareOptions | None = None,
    overrides: Path | None = None,
    progress: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame, list[LogEntry]]:
    """Prepare every article of an ingested table.

    Returns the article table (contract columns first), the sentence table and the log entries
    (cleaning changes, duplicates, language flags).
    """
    options = options or PrepareOptions()
    log: list[LogEntry] = []
    titles = raw["title"].astype("object").where(raw["title"].notna(), None)
    results = _prepare_all(
        list(zip(raw["body"], titles, strict=True)), options, overrides, progress
    )
    articles = raw.drop(columns=["body"]).assign(
        text=[r.text for r in results],
        dateline=[r.dateline for r in results],
        n_words=[r.n_words for r in results],
        n_sentences=[len(r.starts) for r in results],
        language=[r.language for r in results],
    )
    articles["is_english"] = articles["language"].isin(["en", "und"])
    articles["flags"] = [_flags(r) for r in results]
    for (article_id, source), result in zip(
        articles[["article_id", "source_path"]].itertuples(index=False), results, strict=True
    ):
        log.extend(
            LogEntry(source, article_id, "prepare", c.action, c.reason, c.detail)
            for c in result.changes
        )
    articles, results = _drop_exact_duplicates(articles, results, log)
    sentences = _sentence_table(articles, results)
    articles["near_duplicates"] = _flag_near_duplicates(articles, results, options, log)
    _flag_languages(articles, log)
    return conform(articles, ARTICLES), conform(sentences, SENTENCES), log


PARALLEL_MIN_ARTICLES = 2000
_CHUNK = 250


def _prepare_chunk(
    items: list[tuple[str, str | None]], options: PrepareOptions, overrides: Path | None
) -> list[PreparedArticle]:
    return [
        prepare_article(body, title, options=options, overrides=overrides) for body, title in items
    ]


def _prepare_all(
    items: list[tuple[str, str | None]],
    options: PrepareOptions,
    overrides: Path | None,
    progress: bool,
) -> list[PreparedArticle]:
    """Per-article work, in worker processes for large corpora; order is always the input's."""
    jobs = options.jobs or os.cpu_count() or 1
    bar = tqdm(total=len(items), desc="cleaning", unit="article", disable=not progress)
    chunks = [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]
    results: list[PreparedArticle] = []
    if jobs == 1 or len(items) < PARALLEL_MIN_ARTICLES:
        for chunk in chunks:
            results.extend(_prepare_chunk(chunk, options, overrides))
            bar.update(len(chunk))
    else:
        # fork where available: workers start at once and work from any calling script (spawn
        # re-imports the caller's __main__, which fails for stdin scripts); they only read
        # the parent's memory, so copy-on-write shares it
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            work = partial(_prepare_chunk, options=options, overrides=overrides)
            for chunk_results in pool.map(work, chunks):
                results.extend(chunk_results)
                bar.update(len(chunk_results))
    bar.close()
    return results


def _flags(result: PreparedArticle) -> str:
    codes = sorted({c.reason for c in result.changes if c.action == "flagged"})
    return ";".join(codes)


def _drop_exact_duplicates(
    articles: pd.DataFrame, results: list[PreparedArticle], log: list[LogEntry]
) -> tuple[pd.DataFrame, list[PreparedArticle]]:
    duplicates = exact_duplicates(list(articles["article_id"]), [r.fingerprint for r in results])
    if not duplicates:
        return articles.reset_index(drop=True), results
    keep = ~articles["article_id"].isin(duplicates).to_numpy()
    for row in articles[~keep].itertuples():
        first = duplicates[row.article_id]
        log.append(
            LogEntry(
                row.source_path,
                row.article_id,
                "prepare",
                "merged",
                "exact_duplicate",
                f"exact duplicate of {first!r}: kept once",
            )
        )
    kept = [r for r, k in zip(results, keep, strict=True) if k]
    return articles[keep].reset_index(drop=True), kept


def _sentence_table(articles: pd.DataFrame, results: list[PreparedArticle]) -> pd.DataFrame:
    counts = np.array([len(r.starts) for r in results], dtype=np.int64)
    starts = np.fromiter((s for r in results for s in r.starts), dtype=np.int64, count=counts.sum())
    ends = np.fromiter((e for r in results for e in r.ends), dtype=np.int64, count=counts.sum())
    paragraphs = np.fromiter(
        (p for r in results for p in r.paragraphs), dtype=np.int64, count=counts.sum()
    )
    texts = [r.text[s:e] for r in results for s, e in zip(r.starts, r.ends, strict=True)]
    sentence_ids = (
        np.concatenate([np.arange(n, dtype=np.int64) for n in counts]) if len(counts) else []
    )
    return pd.DataFrame(
        {
            "article_id": np.repeat(articles["article_id"].to_numpy(), counts),
            "outlet": np.repeat(articles["outlet"].to_numpy(), counts),
            "sentence_id": sentence_ids,
            "paragraph_id": paragraphs,
            "start": starts,
            "end": ends,
            "text": texts,
        }
    )


def _flag_near_duplicates(
    articles: pd.DataFrame,
    results: list[PreparedArticle],
    options: PrepareOptions,
    log: list[LogEntry],
) -> list[str]:
    pairs = near_duplicates(
        zip(articles["article_id"], (r.shingles for r in results), strict=True),
        threshold=options.near_duplicate_threshold,
    )
    partners: dict[str, list[str]] = {}
    source = dict(zip(articles["article_id"], articles["source_path"], strict=True))
    for left, right, containment in pairs:
        partners.setdefault(left, []).append(right)
        partners.setdefault(right, []).append(left)
        log.append(
            LogEntry(
                source[right],
                right,
                "prepare",
                "flagged",
                "near_duplicate",
                f"near-duplicate of {left!r}: {containment:.0%} of the shorter article's "
                "sentences shared; both kept",
            )
        )
    flags = articles["flags"].copy()
    for index, article_id in articles["article_id"].items():
        if article_id in partners:
            flags[index] = ";".join(
                sorted(filter(None, [*flags[index].split(";"), "near_duplicate"]))
            )
    articles["flags"] = flags
    return [";".join(sorted(partners.get(a, []))) for a in articles["article_id"]]


def _flag_languages(articles: pd.DataFrame, log: list[LogEntry]) -> None:
    """Flag articles in another language (left out of English-only metrics) and articles whose
    language is unclear (tables, lists of names: few common words of any language; kept)."""
    for reason, mask, detail in (
        (
            "non_english",
            ~articles["is_english"],
            "language looks like {!r}: kept, left out of English-only metrics",
        ),
        (
            "language_unclear",
            articles["language"].eq("und"),
            "language unclear (few common words of any language): kept as English",
        ),
    ):
        for row in articles[mask].itertuples():
            log.append(
                LogEntry(
                    row.source_path,
                    row.article_id,
                    "prepare",
                    "flagged",
                    reason,
                    detail.format(row.language),
                )
            )
        articles.loc[mask, "flags"] = [
            ";".join(sorted(filter(None, [*f.split(";"), reason])))
            for f in articles.loc[mask, "flags"]
        ]
