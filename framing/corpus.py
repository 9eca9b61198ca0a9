"""The corpus model: articles, sentences and the log, loaded in one call.

``load_corpus`` runs ingest then prepare; the :class:`Corpus` it returns is what every later
stage (annotate, align, compare, render) reads.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .cache import Cache, open_cache
from .config import Config, load_config
from .errors import InputError, OutletColumnWarning
from .executor import Executor, open_executor
from .ingest import log_frame, read_corpus
from .ingest.outlets import outlet_column_check
from .lexicons import override_dir
from .memory import release_memory
from .prepare import prepare_articles
from .schema import body_rows, headline_rows
from .stats import group_sizes

__all__ = ["Corpus", "load_corpus", "outlet_summary"]


@dataclass(frozen=True)
class Corpus:
    """A loaded corpus.

    Attributes
    ----------
    articles : DataFrame
        One row per article (see ``framing.schema.ARTICLES``).
    sentences : DataFrame
        One row per sentence with offsets into the article's cleaned ``text``.
    log : DataFrame
        Every rejected input, merged duplicate, cleaning change and flag (``framing.schema.LOG``).
    path : Path or None
        Where the corpus was read from.
    input_hash : str or None
        sha256 over the names and contents of every input file read.
    config : Config
        The options it was loaded with (and that later stages use).
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    log: pd.DataFrame
    path: Path | None = None
    input_hash: str | None = None
    config: Config = field(default_factory=Config)

    @property
    def outlets(self) -> list[str]:
        """Outlet names, sorted."""
        return sorted(self.articles["outlet"].unique())

    @property
    def rejected(self) -> pd.DataFrame:
        """Log rows of inputs that were not loaded."""
        return self.log[self.log["action"] == "rejected"]

    def summary(self) -> pd.DataFrame:
        """Per outlet: articles, words, sentences and date range (see :func:`outlet_summary`)."""
        return outlet_summary(self.articles)

    def article(self, article_id: str) -> pd.DataFrame:
        """The sentences of one article, in order (for reading an article as framing sees it)."""
        return self.sentences[self.sentences["article_id"] == article_id]

    def __repr__(self) -> str:
        return (
            f"Corpus({len(self.articles)} articles, {len(self.outlets)} outlets, "
            f"{len(body_rows(self.sentences))} sentences, "
            f"{len(headline_rows(self.sentences))} headlines, {len(self.rejected)} rejected inputs)"
        )


def outlet_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles, words, sentences, first and last date, and undated articles per outlet."""
    grouped = articles.groupby("outlet", sort=True)
    sizes = group_sizes(articles, "outlet")
    summary = pd.DataFrame(
        {
            "articles": sizes["n_articles"],
            "words": sizes["n_words"],
            "sentences": grouped["n_sentences"].sum(),
            "first_date": grouped["date"].min(),
            "last_date": grouped["date"].max(),
            "undated": articles["date"].isna().groupby(articles["outlet"], sort=True).sum(),
        }
    )
    summary.index.name = "outlet"
    return summary


def load_corpus(
    path: str | Path,
    *,
    config: Config | None = None,
    progress: bool = False,
    cache: Cache | None | bool = True,
    executor: Executor | None = None,
) -> Corpus:
    """Load, validate, clean and segment a corpus.

    Parameters
    ----------
    path : str or Path
        A corpus folder (``<outlet>/*.txt|md|html|json`` with an optional ``manifest.csv``) or
        one table file (``.jsonl``, ``.json``, ``.csv``, ``.parquet``, optionally ``.gz``).
    config : Config, default=None
        Options for every stage; when None, the defaults updated by the corpus's
        ``framing.toml`` (see :func:`framing.config.load_config`).
    progress : bool, default=False
        Show progress bars.
    cache : Cache, bool or None, default=True
        An open :class:`~framing.cache.Cache` to use; True opens the one ``config.run`` names
        (for this call); False or None prepares every article anew. Results are the same.
    executor : Executor, default=None
        Where per-article work runs (:mod:`framing.executor`); None: the one ``config.run``
        names (worker processes, or a Dask cluster), for this call.

    Returns
    -------
    Corpus

    Raises
    ------
    InputError
        When the path does not exist, or no article at all could be loaded.

    Examples
    --------
    >>> corpus = load_corpus("corpus")
    >>> corpus
    Corpus(5 articles, 5 outlets, 129 sentences, 3 headlines, 0 rejected inputs)
    """
    config = config or load_config(path)
    raw, log, input_hash = read_corpus(path, options=config.ingest, progress=progress)
    if raw.empty:
        reasons = "; ".join(entry.line() for entry in log[:3]) or "no article files found"
        raise InputError(f"{path}: no article could be loaded ({reasons})")
    overrides = override_dir(path) if Path(path).is_dir() else None
    with _cache_for(cache, config, Path(path)) as opened, _executor_for(executor, config) as run:
        articles, sentences, prepare_log = prepare_articles(
            raw,
            options=config.prepare,
            overrides=overrides,
            progress=progress,
            cache=opened,
            executor=run,
        )
    mapped = outlet_column_check(articles["outlet"], str(path), table=not Path(path).is_dir())
    if mapped is not None:  # in the log (validate, the report), and to Python callers
        warnings.warn(mapped.detail, OutletColumnWarning, stacklevel=2)
        log = [*log, mapped]
    log_table = log_frame(log + prepare_log)
    del raw
    # cleaning's temporaries, before the next stage (and its workers) start
    release_memory(len(sentences))
    return Corpus(articles, sentences, log_table, Path(path), input_hash, config)


@contextmanager
def _executor_for(executor: Executor | None, config: Config) -> Iterator[Executor]:
    """The executor given, or the one the configuration names opened for one call."""
    if executor is not None:
        yield executor
    else:
        with open_executor(config.run) as opened:
            yield opened


@contextmanager
def _cache_for(cache: Cache | None | bool, config: Config, corpus: Path) -> Iterator[Cache | None]:
    """The cache given, or the one the configuration names opened for one call."""
    if cache is True:
        with open_cache(config.run.cache_folder(), max_mb=config.run.cache_mb, corpus=corpus) as c:
            yield c
    else:
        yield cache or None
