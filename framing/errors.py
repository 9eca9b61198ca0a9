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


class OutletColumnWarning(SmallSampleWarning):
    """Most outlets hold a single article: the outlet names probably come from the wrong column
    (a title, an id, a URL), and every comparison is then of single articles."""
