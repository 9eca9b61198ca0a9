"""``analyze``: the only place that knows the order of the stages.

ingest → prepare (``load_corpus``) → annotate → compare → (render, on ``Result.write``).
"""

from __future__ import annotations

from pathlib import Path

from .annotate import DEFAULT_ANNOTATORS, annotate
from .compare import compare_lexicon
from .config import Config
from .corpus import Corpus, load_corpus
from .result import Result

__all__ = ["analyze"]


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
    """
    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus, config=config, progress=progress)
    config = config or corpus.config
    sentences = annotate(corpus.sentences, DEFAULT_ANNOTATORS, progress=progress)
    lexical = compare_lexicon(corpus.articles, sentences, options=config.compare, progress=progress)
    return Result(
        corpus=corpus, sentences=sentences, lexical=lexical, config=config, command=command
    )
