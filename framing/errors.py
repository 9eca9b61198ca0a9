"""Exceptions and warnings raised by framing.

Library code raises these; only the CLI turns them into a one-line ``Error: ...`` and an exit code.
Each error also inherits the matching builtin so callers can catch either.
"""

from __future__ import annotations

__all__ = [
    "FramingError",
    "InputError",
    "ConfigError",
    "OutputError",
    "WorkerError",
    "SmallSampleWarning",
    "OutletColumnWarning",
    "CacheWarning",
    "first_line",
    "out_of_memory",
]


class FramingError(Exception):
    """Base class of every error framing raises on purpose."""


class InputError(FramingError, ValueError):
    """The corpus as a whole cannot be read (missing path, nothing loadable, unknown format)."""


class ConfigError(FramingError, ValueError):
    """An option or a data file (lexicon, codebook) is invalid."""


class OutputError(FramingError, OSError):
    """The report cannot (or must not) be written where asked: a folder holding other files, the
    corpus folder, a file, an unwritable place."""


class WorkerError(FramingError, RuntimeError):
    """A worker process ended without reporting its work: killed (the out-of-memory killer, a
    user's ``kill``) or crashed. Not a bug in the input or in framing's logic: the message says
    what to try."""


class SmallSampleWarning(UserWarning):
    """A comparison rests on too few articles or words to generalise from."""


class CacheWarning(UserWarning):
    """The cache could not be written (or read) this run: the run goes on, computing what it
    would have found there; results are not affected."""


class OutletColumnWarning(SmallSampleWarning):
    """Most outlets hold a single article: the outlet names probably come from the wrong column
    (a title, an id, a URL), and every comparison is then of single articles."""


def first_line(error: BaseException) -> str:
    """An exception's message, first line only: every message framing shows is one line."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


_OUT_OF_MEMORY = ("failed to map segment", "cannot allocate memory", "out of memory")


def out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` says the machine ran out of memory: a ``MemoryError``, or a library that
    could not be loaded under a memory limit (``ImportError: ... failed to map segment``)."""
    if isinstance(error, MemoryError):
        return True
    return isinstance(error, ImportError) and any(
        sign in str(error).lower() for sign in _OUT_OF_MEMORY
    )
