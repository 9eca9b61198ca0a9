"""Load the project's data files (word lists, patterns, codebooks) with per-corpus overrides.

Why data files: lexicons are judgement calls that users must be able to read, cite and change
without touching code. The packaged files live in ``framing/data/``; a corpus may override any of
them by putting a file of the same name in ``<corpus>/lexicons/``.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import ConfigError

__all__ = ["read_text", "read_lines", "read_records", "override_dir", "english_frequencies"]

OVERRIDE_FOLDER = "lexicons"


def override_dir(corpus_path: str | Path | None) -> Path | None:
    """The folder whose files override packaged data for this corpus, if it exists."""
    if corpus_path is None:
        return None
    folder = Path(corpus_path) / OVERRIDE_FOLDER
    return folder if folder.is_dir() else None


def read_text(name: str, overrides: Path | None = None) -> str:
    """Text of data file ``name``: the corpus override if present, else the packaged file.

    Cached per process, keyed on the override file's modification time and size too: a user who
    edits a lexicon between two runs in one notebook gets the edited file, not the first read.
    """
    override = Path(overrides) / name if overrides else None
    stamp = None
    if override is not None and override.is_file():
        stat = override.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    return _read_text(name, str(overrides) if overrides else None, stamp)


@lru_cache(maxsize=64)
def _read_text(name: str, overrides: str | None, stamp: tuple[int, int] | None) -> str:
    if overrides and stamp is not None:
        return (Path(overrides) / name).read_text(encoding="utf-8")
    resource = resources.files("framing") / "data" / name
    if not resource.is_file():
        raise ConfigError(f"Unknown data file {name!r}: not in framing/data/")
    return resource.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def english_frequencies() -> dict[str, float]:
    """General-English word frequencies from wordfreq (its "best" list), loaded once per
    process for every user: glued-word repair, apostrophe flags, the English keyness prior."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


def read_lines(name: str, overrides: Path | None = None) -> tuple[str, ...]:
    """Non-empty lines of a word-list file, without ``#`` comments."""
    lines = (line.split("#", 1)[0].strip() for line in read_text(name, overrides).splitlines())
    return tuple(line for line in lines if line)


def read_records(name: str, overrides: Path | None = None) -> list[dict[str, str]]:
    """Rows of a CSV data file as dicts; lines starting with ``#`` are comments."""
    text = "\n".join(
        line for line in read_text(name, overrides).splitlines() if not line.startswith("#")
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise ConfigError(f"Data file {name!r} has no rows")
    return rows
