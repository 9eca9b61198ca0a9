"""prepare: raw article table → cleaned articles, sentence table, and log entries.

Per article (pure, so it can be cached and run in parallel): clean, split into sentences, count
words, guess the language. Across articles: an exact duplicate within one outlet is kept once;
the same text in several outlets (a wire story reprinted) stays in each, marked as a reprint;
near-duplicates are flagged.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..cache import Cache, digest, stage_key
from ..config import PrepareOptions
from ..executor import Executor, Processes
from ..ingest.log import LogEntry
from ..lexicons import data_digest
from ..schema import ARTICLES, HEADLINE_SENTENCE, SENTENCES, conform
from ..tokens import count_words
from .boilerplate import Boilerplate, learn_boilerplate
from .clean import Change, clean_article
from .duplicates import fingerprint, near_duplicates, shingles
from .language import counts_as_english, guess_language
from .sentences import MAX_SENTENCE_WORDS, split_sentences

__all__ = [
    "PREPARE_DATA_FILES",
    "PREPARE_VERSION",
    "PreparedArticle",
    "prepare_article",
    "prepare_articles",
]


PREPARE_VERSION = 1
"""Raise it whenever cleaning or splitting changes what it makes of an article: the cache key of
the prepare stage includes it, so older cached results are not used."""
PREPARE_DATA_FILES = (
    "abbreviations.csv",
    "caption_patterns.txt",
    "gallery_patterns.txt",
    "glue_affixes.txt",
    "language_words.csv",
    "promo_patterns.txt",
    "reporting_verbs.csv",
    "sentence_starters.txt",
    "unfinished_words.txt",
)
"""Every data file cleaning and splitting read (a test checks the list is complete): their
contents, the corpus's overrides included, are part of the prepare stage's cache key."""
CACHE_CHUNK = 1000
"""Articles per cache chunk: a chunk is read whole, so small enough that a few new articles do
not read many old ones, large enough that a corpus of millions is thousands of chunks."""


class PreparedArticle(NamedTuple):
    """Everything prepare computes for one article. ``starts``, ``ends`` and ``paragraphs``
    (int64, one per sentence) and ``shingles`` (uint64, sorted, distinct) are arrays, not lists
    of Python ints: 8 bytes a number instead of about 36, in the main process and on the way
    back from a worker."""

    text: str
    dateline: str | None
    starts: np.ndarray
    ends: np.ndarray
    paragraphs: np.ndarray
    n_words: int
    language: str
    is_english: bool
    changes: list
    fingerprint: bytes
    shingles: np.ndarray


def prepare_article(
    body: str,
    title: str | None,
    *,
    options: PrepareOptions,
    overrides: Path | None = None,
    boilerplate: Mapping[str, Boilerplate] | None = None,
) -> PreparedArticle:
    """Clean one body and split it into sentences; a pure function of its inputs (the outlet's
    learned ``boilerplate`` lines found in this body are one of them)."""
    cleaned = clean_article(
        body,
        title=title,
        overrides=overrides,
        repair_glued_words=options.repair_glued_words,
        boilerplate=boilerplate,
    )
    spans = split_sentences(cleaned.text, overrides=overrides)
    changes = list(cleaned.changes)
    overlong = sum(s.overlong for s in spans)
    if overlong:
        changes.append(
            Change(
                "sentences",
                "flagged",
                "overlong_sentence",
                f"{overlong} sentence piece(s) cut from sentences over {MAX_SENTENCE_WORDS} words "
                "(at clause punctuation, else into windows): likely a table, list or page "
                "without full stops",
            )
        )
    language = guess_language(cleaned.text)
    return PreparedArticle(
        text=cleaned.text,
        dateline=cleaned.dateline,
        starts=np.array([s.start for s in spans], dtype=np.int64),
        ends=np.array([s.end for s in spans], dtype=np.int64),
        paragraphs=np.array([s.paragraph_id for s in spans], dtype=np.int64),
        n_words=count_words(cleaned.text),
        language=language,
        is_english=counts_as_english(language, cleaned.text),
        changes=changes,
        fingerprint=fingerprint(cleaned.text),
        shingles=shingles(cleaned.text[s.start : s.end] for s in spans),
    )


def prepare_articles(
    raw: pd.DataFrame,
    *,
    options: PrepareOptions | None = None,
    overrides: Path | None = None,
    progress: bool = False,
    jobs: int = 0,
    cache: Cache | None = None,
    executor: Executor | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[LogEntry]]:
    """Prepare every article of an ingested table.

    Returns the article table (contract columns first), the sentence table and the log entries
    (cleaning changes, duplicates, language flags). ``jobs``: worker processes (0: one per CPU
    core), unless ``executor`` (:mod:`framing.executor`) says where the per-article work runs;
    ``cache``: where articles prepared by an earlier run are found, and new ones kept.
    """
    options = options or PrepareOptions()
    executor = executor or Processes(jobs)
    log: list[LogEntry] = []
    titles = raw["title"].astype("object").where(raw["title"].notna(), None)
    if options.boilerplate_min_articles:
        boilerplate = learn_boilerplate(
            raw["body"], raw["outlet"], titles, min_articles=options.boilerplate_min_articles
        )
    else:
        boilerplate = [{}] * len(raw)
    results = _prepare_cached(
        list(zip(raw["body"], titles, boilerplate, strict=True)),
        options,
        overrides,
        progress=progress,
        executor=executor,
        cache=cache,
    )
    articles = raw.drop(columns=["body"]).assign(
        text=[r.text for r in results],
        dateline=[r.dateline for r in results],
        n_words=[r.n_words for r in results],
        n_sentences=[len(r.starts) for r in results],
        language=[r.language for r in results],
        is_english=[r.is_english for r in results],
    )
    articles["flags"] = [_flags(r) for r in results]
    for (article_id, source), result in zip(
        articles[["article_id", "source_path"]].itertuples(index=False), results, strict=True
    ):
        log.extend(
            LogEntry(source, article_id, "prepare", c.action, c.reason, c.detail)
            for c in result.changes
        )
    articles, results = _resolve_exact_duplicates(articles, results, log)
    articles["near_duplicates"] = _flag_near_duplicates(articles, results, options, log)
    sentences = _sentence_table(articles, results)
    del results  # every article's cleaned text and offsets, now in the two tables
    _flag_languages(articles, log)
    return conform(articles, ARTICLES), conform(sentences, SENTENCES), log


_Item = tuple[str, str | None, Mapping[str, Boilerplate]]


def _prepare_batch(
    items: list[_Item], options: PrepareOptions, overrides: Path | None
) -> list[PreparedArticle]:
    return [
        prepare_article(body, title, options=options, overrides=overrides, boilerplate=found)
        for body, title, found in items
    ]


def _prepare_all(
    items: list[_Item],
    options: PrepareOptions,
    overrides: Path | None,
    progress: bool,
    executor: Executor,
) -> list[PreparedArticle]:
    """Per-article work through the executor, in batches of articles with their boilerplate
    (all a worker needs); order is always the input's."""
    work = partial(_prepare_batch, options=options, overrides=overrides)
    return executor.map_batches(work, items, progress=progress, desc="cleaning")


def prepare_key(options: PrepareOptions, overrides: Path | None) -> str:
    """The prepare stage's cache key: its version, the option that acts per article, and the
    contents of every data file it reads (the corpus's overrides included)."""
    record = {
        "version": PREPARE_VERSION,
        "repair_glued_words": options.repair_glued_words,
        "data": data_digest(PREPARE_DATA_FILES, overrides),
    }
    return stage_key("prepare", record)


def _prepare_cached(
    items: list[_Item],
    options: PrepareOptions,
    overrides: Path | None,
    *,
    progress: bool,
    executor: Executor,
    cache: Cache | None,
) -> list[PreparedArticle]:
    """Articles the cache holds (under the same key: the same body, title and boilerplate found,
    the same stage) are read from it; the others are prepared and kept there."""
    if cache is None:
        return _prepare_all(items, options, overrides, progress, executor)
    key = prepare_key(options, overrides)
    digests = [digest(body, title, sorted(found.items())) for body, title, found in items]
    loaded = cache.load("prepare", key, digests, version=PREPARE_VERSION)
    results: list[PreparedArticle | None] = [None] * len(items)
    if "prepared" in loaded.tables:
        for position, article in _articles_from_table(loaded.tables["prepared"]):
            results[position] = article
    missing = loaded.missing
    computed = _prepare_all([items[i] for i in missing], options, overrides, progress, executor)
    for start in range(0, len(missing), CACHE_CHUNK):
        part = missing[start : start + CACHE_CHUNK]
        made = computed[start : start + CACHE_CHUNK]
        table = _articles_table(made)
        cache.store("prepare", key, [digests[i] for i in part], {"prepared": table})
    for position, article in zip(missing, computed, strict=True):
        results[position] = article
    return results  # type: ignore[return-value]  # every position is filled


def _articles_table(articles: list[PreparedArticle]) -> pd.DataFrame:
    """Prepared articles as one Arrow-friendly row each (``position``: their order)."""
    return pd.DataFrame(
        {
            "position": np.arange(len(articles), dtype=np.int64),
            "text": [a.text for a in articles],
            "dateline": [a.dateline for a in articles],
            "starts": [a.starts for a in articles],
            "ends": [a.ends for a in articles],
            "paragraphs": [a.paragraphs for a in articles],
            "n_words": np.array([a.n_words for a in articles], dtype=np.int64),
            "language": [a.language for a in articles],
            "is_english": np.array([a.is_english for a in articles], dtype=bool),
            "changes": [json.dumps([list(c) for c in a.changes]) for a in articles],
            "fingerprint": [a.fingerprint for a in articles],
            "shingles": [a.shingles for a in articles],
        }
    )


def _articles_from_table(table: pd.DataFrame) -> list[tuple[int, PreparedArticle]]:
    return [
        (
            int(row.position),
            PreparedArticle(
                text=row.text,
                dateline=row.dateline if isinstance(row.dateline, str) else None,
                starts=np.asarray(row.starts, dtype=np.int64),
                ends=np.asarray(row.ends, dtype=np.int64),
                paragraphs=np.asarray(row.paragraphs, dtype=np.int64),
                n_words=int(row.n_words),
                language=row.language,
                is_english=bool(row.is_english),
                changes=[Change(*c) for c in json.loads(row.changes)],
                fingerprint=bytes(row.fingerprint),
                shingles=np.asarray(row.shingles, dtype=np.uint64),
            ),
        )
        for row in table.itertuples(index=False)
    ]


def _flags(result: PreparedArticle) -> str:
    codes = sorted({c.reason for c in result.changes if c.action == "flagged"})
    return ";".join(codes)


def _resolve_exact_duplicates(
    articles: pd.DataFrame, results: list[PreparedArticle], log: list[LogEntry]
) -> tuple[pd.DataFrame, list[PreparedArticle]]:
    """The same text twice in one outlet is kept once; in several outlets, each outlet keeps its
    copy (each did publish it), marked ``reprint`` with the ids of the other outlets' copies."""
    by_text: dict[bytes, list[int]] = defaultdict(list)
    for position, result in enumerate(results):
        by_text[result.fingerprint].append(position)
    keep = np.ones(len(results), dtype=bool)
    reprint_of = [""] * len(results)
    ids, outlets = articles["article_id"].tolist(), articles["outlet"].tolist()
    sources = articles["source_path"].tolist()
    for positions in by_text.values():
        if len(positions) < 2:
            continue
        first_in_outlet: dict[str, int] = {}
        for position in positions:
            first = first_in_outlet.setdefault(outlets[position], position)
            if first != position:
                keep[position] = False
                log.append(
                    LogEntry(
                        sources[position],
                        ids[position],
                        "prepare",
                        "merged",
                        "exact_duplicate",
                        f"exact duplicate of {ids[first]!r} in the same outlet: kept once",
                    )
                )
        copies = list(first_in_outlet.values())
        for position in copies if len(copies) > 1 else []:
            others = [p for p in copies if p != position]
            reprint_of[position] = ";".join(ids[p] for p in others)
            log.append(
                LogEntry(
                    sources[position],
                    ids[position],
                    "prepare",
                    "flagged",
                    "reprint",
                    "same text as "
                    + ", ".join(f"{ids[p]!r} ({outlets[p]})" for p in others)
                    + ": a reprint, kept in each outlet",
                )
            )
    articles = articles.assign(reprint_of=reprint_of)
    articles.loc[articles["reprint_of"] != "", "flags"] = [
        _add_flag(f, "reprint") for f in articles.loc[articles["reprint_of"] != "", "flags"]
    ]
    kept = [r for r, k in zip(results, keep, strict=True) if k]
    return articles[keep].reset_index(drop=True), kept


def _add_flag(flags: str, flag: str) -> str:
    return ";".join(sorted(filter(None, {*flags.split(";"), flag})))


def _sentence_table(articles: pd.DataFrame, results: list[PreparedArticle]) -> pd.DataFrame:
    """The body's sentences of every article, each article's headline first as its own row
    (``is_headline``, ``sentence_id`` -1) so that headline words are counted and searchable."""
    counts = np.array([len(r.starts) for r in results], dtype=np.int64)
    none = np.zeros(0, np.int64)
    starts = np.concatenate([none, *(r.starts for r in results)])
    ends = np.concatenate([none, *(r.ends for r in results)])
    paragraphs = np.concatenate([none, *(r.paragraphs for r in results)])
    texts = [
        r.text[s:e]
        for r in results
        for s, e in zip(r.starts.tolist(), r.ends.tolist(), strict=True)
    ]
    sentence_ids = (
        np.concatenate([np.arange(n, dtype=np.int64) for n in counts]) if len(counts) else []
    )
    body = pd.DataFrame(
        {
            "article_id": np.repeat(articles["article_id"].to_numpy(), counts),
            "outlet": np.repeat(articles["outlet"].to_numpy(), counts),
            "sentence_id": sentence_ids,
            "paragraph_id": paragraphs,
            "start": starts,
            "end": ends,
            "text": texts,
            "is_headline": False,
            "_order": np.repeat(np.arange(len(articles)), counts),
        }
    )
    table = pd.concat([_headline_rows(articles), body], ignore_index=True)
    table = table.sort_values(["_order", "sentence_id"], kind="stable", ignore_index=True)
    return table.drop(columns="_order")


def _headline_rows(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article with a title: its whitespace-normalised text, offsets into itself."""
    titles = articles["title"] if "title" in articles else pd.Series("", index=articles.index)
    text = titles.fillna("").astype(str).str.split().str.join(" ")
    has = (text != "").to_numpy()
    text = text[has]
    return pd.DataFrame(
        {
            "article_id": articles["article_id"].to_numpy()[has],
            "outlet": articles["outlet"].to_numpy()[has],
            "sentence_id": np.int64(HEADLINE_SENTENCE),
            "paragraph_id": np.int64(HEADLINE_SENTENCE),
            "start": np.int64(0),
            "end": text.str.len().to_numpy(dtype=np.int64),
            "text": text.to_numpy(),
            "is_headline": True,
            "_order": np.flatnonzero(has),
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
    reprints = dict(zip(articles["article_id"], articles["reprint_of"], strict=True))
    for left, right, containment in pairs:
        if right in reprints[left].split(";"):
            continue  # the same text: already marked as a reprint
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
            flags[index] = _add_flag(flags[index], "near_duplicate")
    articles["flags"] = flags
    return [";".join(sorted(partners.get(a, []))) for a in articles["article_id"]]


def _flag_languages(articles: pd.DataFrame, log: list[LogEntry]) -> None:
    """Flag articles left out of English-only metrics (another language or script, or letters
    mostly non-ASCII) and articles whose language is unclear but that count as English (tables,
    lists of names: few common words of any language, plain ASCII letters)."""
    unclear = articles["language"].eq("und")
    for reason, mask in (
        ("non_english", ~articles["is_english"]),
        ("language_unclear", unclear & articles["is_english"]),
    ):
        for row in articles[mask].itertuples():
            log.append(
                LogEntry(
                    row.source_path,
                    row.article_id,
                    "prepare",
                    "flagged",
                    reason,
                    _language_detail(row.language, bool(row.is_english)),
                )
            )
        articles.loc[mask, "flags"] = [_add_flag(f, reason) for f in articles.loc[mask, "flags"]]


def _language_detail(language: str, is_english: bool) -> str:
    if is_english:
        return "language unclear (few common words of any language): kept as English"
    if language == "und":
        what = "language unclear and letters mostly non-ASCII (mis-decoded text?)"
    elif language.startswith("und-"):
        what = f"text mostly in {language[4:]} script"
    else:
        what = f"language looks like {language!r}"
    return f"{what}: kept, left out of English-only metrics"
