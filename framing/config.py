"""Options for each stage, as frozen dataclasses with documented defaults.

Why frozen dataclasses: a run's configuration is part of its result (the report prints it and the
cache will key on it), so it must be immutable, comparable and printable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["IngestOptions", "PrepareOptions", "Config"]


@dataclass(frozen=True)
class IngestOptions:
    """How inputs are read and which are refused.

    Parameters
    ----------
    min_words : int, default=20
        Articles with fewer tokens are rejected: too short to be an article (a caption, a stub).
    max_file_mb : float, default=10.0
        Per-article files larger than this are refused unread (a news article is < 0.2 MB);
        table files have no such limit, their rows are checked one by one.
    """

    min_words: int = 20
    max_file_mb: float = 10.0


@dataclass(frozen=True)
class PrepareOptions:
    """How article bodies are cleaned and compared for duplicates.

    Parameters
    ----------
    repair_glued_words : bool, default=True
        Split extraction-damaged tokens (``Russiais``) when word frequencies make the split clear.
    near_duplicate_threshold : float, default=0.5
        Share of the shorter article's sentences found in the other article above which the pair
        is flagged as near-duplicate (e.g. the same wire story reprinted).
    jobs : int, default=0
        Worker processes for per-article work; 0 means one per CPU core. Corpora under
        ``PARALLEL_MIN_ARTICLES`` articles are prepared in-process (starting workers costs more).
        Results are identical whatever the number of jobs.
    """

    repair_glued_words: bool = True
    near_duplicate_threshold: float = 0.5
    jobs: int = 0


@dataclass(frozen=True)
class Config:
    """All options of a run, one field per stage."""

    ingest: IngestOptions = field(default_factory=IngestOptions)
    prepare: PrepareOptions = field(default_factory=PrepareOptions)
