"""Regular expressions from data files (caption, gallery and promotion patterns), matched in time
linear in the text, whoever wrote them.

Why not Python's ``re``: it backtracks, so one pattern such as ``(a+)+$`` in a corpus's
``lexicons/promo_patterns.txt`` can take minutes on a single paragraph, and a run hangs with no
message. RE2 (Google's engine, through the ``google-re2`` package) guarantees time linear in the
text and bounded memory; the price is that it refuses the few constructs that need backtracking
(lookarounds such as ``(?=``, ``(?<=``; backreferences such as ``\\1``; possessive ``a++``). Such a
pattern, or one that is not a pattern at all, is refused with a one-line reason naming the file
and line, before any article is read.

Differences from ``re`` that a pattern writer may meet: ``\\b``, ``\\w`` and ``\\d`` are ASCII
(``\\pL`` matches any letter); ``\\Z`` is written ``\\z``. On 297,000 AllSides paragraphs the
packaged patterns match exactly the same paragraphs under both engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import re2

from .errors import ConfigError
from .lexicons import data_file_label, read_text

__all__ = ["PatternList", "pattern_list", "MAX_PATTERN_MEMORY"]

MAX_PATTERN_MEMORY = 64 * 2**20
"""Memory RE2 may use for one file's patterns (its default is 8 MB per pattern): a list of a few
thousand literal phrases fits; a pattern needing more is refused with a reason."""


@dataclass(frozen=True)
class PatternList:
    """One data file's patterns, compiled.

    Attributes
    ----------
    name : str
        The data file (``promo_patterns.txt``).
    patterns : tuple
        Each pattern, in file order (comments and blank lines left out).
    """

    name: str
    patterns: tuple[re2._Regexp, ...]
    _any: re2._Regexp | None

    def first_match(self, text: str) -> int | None:
        """Number (from 1, in file order) of the first pattern found in ``text``, or None.

        One pass of all the patterns together answers the common case (no pattern matches);
        only a text that matches is tried pattern by pattern to name the one that did.
        """
        if self._any is None or self._any.search(text) is None:
            return None
        return next(n for n, p in enumerate(self.patterns, start=1) if p.search(text))

    def count(self, text: str) -> int:
        """Matches of every pattern in ``text``, added up."""
        return sum(len(p.findall(text)) for p in self.patterns)


def pattern_list(name: str, overrides: Path | None = None) -> PatternList:
    """The patterns of data file ``name`` (the corpus's override when it has one), compiled
    once per text of the file.

    Raises
    ------
    ConfigError
        Naming the file and line of a pattern that is not valid or needs backtracking.
    """
    return _compile(name, data_file_label(name, overrides), read_text(name, overrides))


@lru_cache(maxsize=16)
def _compile(name: str, where: str, text: str) -> PatternList:
    options = _options()
    compiled = []
    for number, line in enumerate(text.splitlines(), start=1):
        pattern = line.split("#", 1)[0].strip()
        if not pattern:
            continue
        try:
            compiled.append(re2.compile(pattern, options=options))
        except re2.error as error:
            raise ConfigError(_refusal(where, number, pattern, error)) from None
    combined = "|".join(f"(?:{p.pattern})" for p in compiled)
    try:
        any_pattern = re2.compile(combined, options=options) if compiled else None
    except re2.error as error:
        raise ConfigError(
            f"{where}: its patterns together are too large ({_reason(error)})"
        ) from None
    return PatternList(name, tuple(compiled), any_pattern)


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # the reason goes into framing's one-line error, not stderr
    options.case_sensitive = False  # lower-casing the pattern would turn \S into \s, \pL into \pl
    options.max_mem = MAX_PATTERN_MEMORY
    return options


def _refusal(where: str, number: int, pattern: str, error: re2.error) -> str:
    return (
        f"{where}, line {number}: {pattern!r} is not a pattern framing can use "
        f"({_reason(error)}); patterns are matched in linear time (RE2 syntax: no lookarounds "
        "such as (?= or (?<=, no backreferences such as \\1)"
    )


def _reason(error: re2.error) -> str:
    reason = error.args[0] if error.args else error
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
