"""``analyze``: the only place that knows the order of the stages.

ingest → prepare (``load_corpus``) → annotate (``annotate_corpus``: every registered annotator)
→ compare (``compare_corpus``: every registered comparison) → ``assemble`` the Result → render
(on ``Result.write``). Each stage stays public, for users (and benchmarks) who want one piece.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .annotate import DEFAULT_ANNOTATORS, Annotated, annotate
from .cache import Cache, open_cache
from .compare.registry import CompareInput, CompareOutput, run_comparisons
from .config import Config, load_config
from .corpus import Corpus, load_corpus
from .executor import Executor, open_executor
from .lexicons import override_dir
from .memory import release_memory
from .result import Result
from .schema import OUTLETS, conform
from .stats import group_sizes

__all__ = ["analyze", "annotate_corpus", "compare_corpus", "assemble", "outlet_table"]


def analyze(
    corpus: Corpus | str | Path,
    *,
    config: Config | None = None,
    progress: bool = False,
    command: str | None = None,
) -> Result:
    """Run the analysis on a corpus (or the path of one).

    Parameters
    ----------
    corpus : Corpus, str or Path
        A loaded corpus, or a path given to :func:`framing.load_corpus`.
    config : Config, default=None
        Options; when None, the corpus's own (its ``framing.toml`` over the defaults).
    progress : bool, default=False
        Show a progress bar per stage.
    command : str, default=None
        The command line, recorded in the report's reproducibility section.

    Returns
    -------
    Result
        Tables as DataFrames, charts as Figures; ``Result.write(out)`` renders the report.

    Examples
    --------
    >>> result = analyze("corpus")
    >>> result.kwic("Kiev")[["outlet", "match"]].drop_duplicates().to_string(index=False)
    'outlet match\\n    RT  Kiev'
    >>> sorted(result.tables)[:5]
    ['actor_candidates', 'article_metrics', 'articles', 'headline_keyness', 'headline_quotes']
    """
    config = config or (corpus.config if isinstance(corpus, Corpus) else None)
    where = corpus.path if isinstance(corpus, Corpus) else Path(corpus)
    if config is None:
        config = load_config(where)
    with open_cache(config.run.cache_folder(), max_mb=config.run.cache_mb, corpus=where) as cache:
        with open_executor(config.run) as executor:  # stopped (a Dask cluster) before compare
            if not isinstance(corpus, Corpus):
                corpus = load_corpus(
                    corpus, config=config, progress=progress, cache=cache, executor=executor
                )
            annotated = annotate_corpus(
                corpus, config, progress=progress, cache=cache, executor=executor
            )
        compared = compare_corpus(corpus, annotated, config, progress=progress, cache=cache)
    result = assemble(corpus, annotated, compared, config, command)
    if cache is not None:
        result.extras["cache"] = cache.stats
    return result


def annotate_corpus(
    corpus: Corpus,
    config: Config,
    *,
    progress: bool = False,
    cache: Cache | None = None,
    executor: Executor | None = None,
) -> Annotated:
    """The annotate stage: every registered annotator (``DEFAULT_ANNOTATORS``) on the corpus,
    with the corpus's lexicon overrides, options and cache, on ``executor`` (None: the one
    ``config.run`` names, worker processes by default)."""
    if executor is None:
        with open_executor(config.run) as opened:
            return annotate_corpus(corpus, config, progress=progress, cache=cache, executor=opened)
    overrides = override_dir(corpus.path) if corpus.path and corpus.path.is_dir() else None
    annotated = annotate(
        corpus.articles,
        corpus.sentences,
        DEFAULT_ANNOTATORS,
        skip=config.annotate.skip,
        settings=config.annotate.settings,
        overrides=overrides,
        jobs=config.run.jobs,
        progress=progress,
        cache=cache,
        executor=executor,
    )
    # the stage's temporaries, before the next stage grows
    release_memory(len(corpus.sentences))
    return annotated


def compare_corpus(
    corpus: Corpus,
    annotated: Annotated,
    config: Config,
    *,
    progress: bool = False,
    cache: Cache | None = None,
) -> CompareOutput:
    """The compare stage: every registered comparison (``COMPARISONS``); per-article work among
    it (each article's diversity and readability) found in ``cache`` when an earlier run made it."""
    given = CompareInput(
        corpus.articles,
        annotated.sentences,
        annotated.spans,
        config.compare,
        progress,
        cache=cache,
        jobs=config.run.jobs,
    )
    compared = run_comparisons(given)
    release_memory(len(given.sentences))
    return compared


def assemble(
    corpus: Corpus,
    annotated: Annotated,
    compared: CompareOutput,
    config: Config,
    command: str | None = None,
) -> Result:
    """The :class:`Result`: every table by name, the notes on what was left out, the extras."""
    tables = {
        "articles": corpus.articles,
        "sentences": annotated.sentences,
        "log": corpus.log,
        "outlets": outlet_table(corpus),
        **annotated.spans,
        **compared.tables,
    }
    notes = {**{f"annotator {n}": why for n, why in annotated.notes.items()}, **compared.notes}
    return Result(corpus, annotated, config, tables, notes, compared.extras, command)


def outlet_table(corpus: Corpus) -> pd.DataFrame:
    """Per outlet: articles, words, sentences, dates, and the small-sample flag (``OUTLETS``)."""
    summary = corpus.summary()
    summary["small_sample"] = group_sizes(corpus.articles)["small_sample"].astype(bool)
    return conform(summary.reset_index(), OUTLETS)
