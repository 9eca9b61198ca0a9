"""Parse publication dates to ISO dates without ever inventing precision.

Why careful: ``dateutil`` fills a missing day or month from a default, which would turn
"February 2022" into a precise-looking date. Here a date lacking a day, or outside a plausible
range (year 0001 placeholders, far-future typos), becomes missing and the reason is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

import pandas as pd
from dateutil import parser as dateutil_parser

__all__ = ["ParsedDate", "parse_date", "parse_dates", "looks_like_date_line"]

EARLIEST_YEAR = 1800
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+\-Z ]*)?\s*$")
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))


class ParsedDate(NamedTuple):
    """A parsed date (``None`` when missing) and, if the input was not usable, why."""

    date: dt.date | None
    problem: str | None


def parse_date(value: object) -> ParsedDate:
    """Parse one date value; missing or unusable values give ``date=None``.

    >>> parse_date("20220117")
    ParsedDate(date=datetime.date(2022, 1, 17), problem=None)
    >>> parse_date("Feb. 18, 2022").date
    datetime.date(2022, 2, 18)
    >>> parse_date("February 2022").problem
    "incomplete date 'February 2022' (no day): left missing"
    >>> parse_date("0001-01-01").problem
    "implausible date '0001-01-01' (year 1): left missing"
    """
    if value is None or (isinstance(value, float) and value != value):
        return ParsedDate(None, None)
    if isinstance(value, (dt.date, pd.Timestamp)):
        return _checked(pd.Timestamp(value).date(), str(value))
    text = str(value).strip()
    if not text:
        return ParsedDate(None, None)
    for pattern in (_COMPACT, _ISO):
        match = pattern.match(text)
        if match:
            try:
                return _checked(dt.date(*map(int, match.groups())), text)
            except ValueError:
                return ParsedDate(None, f"impossible date {text!r}: left missing")
    return _parse_free_text(text)


def _parse_free_text(text: str) -> ParsedDate:
    try:
        first, second = (dateutil_parser.parse(text, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return ParsedDate(None, f"unparseable date {text!r}: left missing")
    if first.day != second.day or first.month != second.month:
        return ParsedDate(None, f"incomplete date {text!r} (no day): left missing")
    if first.year != second.year:
        return ParsedDate(None, f"incomplete date {text!r} (no year): left missing")
    return _checked(first.date(), text)


def _checked(date: dt.date, text: str) -> ParsedDate:
    latest = dt.date.today().year + 1
    if not EARLIEST_YEAR <= date.year <= latest:
        return ParsedDate(None, f"implausible date {text!r} (year {date.year}): left missing")
    return ParsedDate(date, None)


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of dates; returns (datetime64 series, problem series or None per row).

    Fast path: clean ISO ``YYYY-MM-DD`` strings are converted in one vectorised call; only the
    rest go through :func:`parse_date`.
    """
    as_text = values.astype("string").str.strip()
    iso = as_text.str.fullmatch(r"\d{4}-\d{2}-\d{2}", na=False)
    dates = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    problems = pd.Series(None, index=values.index, dtype="object")
    fast = pd.to_datetime(as_text[iso], format="%Y-%m-%d", errors="coerce")
    plausible = fast.dt.year.between(EARLIEST_YEAR, dt.date.today().year + 1)
    dates[fast[plausible].index] = fast[plausible]
    for index in values.index[~iso | ~dates.index.isin(fast[plausible].index)]:
        parsed = parse_date(values[index])
        if parsed.date is not None:
            dates[index] = pd.Timestamp(parsed.date)
        problems[index] = parsed.problem
    return dates, problems


def looks_like_date_line(line: str) -> bool:
    """True when a header line is a date and nothing else (``20220117``, ``Feb 18, 2022``)."""
    text = line.strip()
    if not text or len(text) > 40 or not re.search(r"\d", text):
        return False
    return parse_date(text).date is not None
