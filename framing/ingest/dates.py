"""Parse publication dates to ISO dates without ever inventing precision.

Why careful: ``dateutil`` fills a missing day or month from a default, which would turn
"February 2022" into a precise-looking date. Here a date lacking a day, or outside a plausible
range (year 0001 placeholders, far-future typos), becomes missing and the reason is reported.

Numeric dates (``03/02/2022``, ``3.2.2022``) are never read month-first by guess. Their order is
settled by the date itself (``17/03/2024`` can only be day first), else by the other dates of the
same file (one file, one convention), else by the ``dayfirst`` option. A date none of these
settles is kept, read month first, and flagged ambiguous (``date_exact`` false, a log entry).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

import pandas as pd
from dateutil import parser as dateutil_parser

__all__ = ["ParsedDate", "parse_date", "parse_dates", "looks_like_date_line", "numeric_order"]

EARLIEST_YEAR = 1800
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+\-Z ]*)?\s*$")
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE
)
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:utc|gmt)?\s*"
    r"(?:([+-])(\d{1,2})(?::?(\d{2}))?(?!\d))?",
    re.IGNORECASE,
)
_MAX_OFFSET_MINUTES = 14 * 60
"""UTC offsets in use run from -12:00 to +14:00."""
_NUMERIC = re.compile(
    r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[T ,][\d:.+\-Z apmAPM]*)?\s*$"
)


def numeric_order(value: object) -> str | None:
    """``"dayfirst"``, ``"monthfirst"`` or ``"ambiguous"`` for a numeric date (``17/03/2024``,
    ``03/17/2024``, ``03/02/2024``); None for any other value.

    >>> numeric_order("17/03/2024"), numeric_order("3.2.2022"), numeric_order("2022-03-02")
    ('dayfirst', 'ambiguous', None)
    """
    match = _NUMERIC.match(str(value)) if isinstance(value, str) else None
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if first == second and first <= 12:
        return "dayfirst"  # 05/05/2022 reads the same either way
    if first > 12 and second <= 12:
        return "dayfirst"
    if second > 12 and first <= 12:
        return "monthfirst"
    return "ambiguous" if first <= 12 and second <= 12 else None


def _numeric_date(value: str, dayfirst: bool) -> ParsedDate:
    match = _NUMERIC.match(value)
    first, second, digits = int(match.group(1)), int(match.group(3)), match.group(4)
    day, month = (first, second) if dayfirst else (second, first)
    year = int(digits) if len(digits) == 4 else _full_year(int(digits))
    try:
        parsed = _checked(dt.date(year, month, day), value)
    except ValueError:
        return ParsedDate(None, f"impossible date {value!r}: left missing")
    if len(digits) == 2 and parsed.date is not None:
        parsed = _two_digit_year(parsed.date, value)
    return _with_time_checked(parsed, value)


def _full_year(year: int) -> int:
    """A two-digit year as the year within 50 years of today (``16`` → 2016), as dateutil
    reads it."""
    today = dt.date.today().year
    full = today - today % 100 + year
    if full >= today + 50:
        return full - 100
    return full + 100 if full < today - 50 else full


def _two_digit_year(date: dt.date, text: str) -> ParsedDate:
    return ParsedDate(date, f"two-digit year in {text!r}: read as {date.year}, not exact", False)


class ParsedDate(NamedTuple):
    """A parsed date (``None`` when missing) and, if the input was not usable, why. A date kept
    with a problem is flagged; one kept but not ``exact`` (a two-digit year) is flagged and its
    ``date_exact`` is false."""

    date: dt.date | None
    problem: str | None
    exact: bool = True


def parse_date(value: object) -> ParsedDate:
    """Parse one date value; missing or unusable values give ``date=None``.

    >>> parse_date("20220117")
    ParsedDate(date=datetime.date(2022, 1, 17), problem=None, exact=True)
    >>> parse_date("Feb. 18, 2022").date
    datetime.date(2022, 2, 18)
    >>> parse_date("February 2022").problem
    "incomplete date 'February 2022' (no day): left missing"
    >>> parse_date("0001-01-01").problem
    "implausible date '0001-01-01' (year 1): left missing"
    >>> parse_date("1/1/1").problem
    "no four-digit year in '1/1/1': which number is the year would be a guess; left missing"
    >>> parse_date("Jan 17, 22")
    ParsedDate(date=datetime.date(2022, 1, 17), problem="two-digit year in 'Jan 17, 22': read \
as 2022, not exact", exact=False)
    >>> parse_date("2022-01-17T10:00:00+99:00").problem
    "impossible UTC offset in '2022-01-17T10:00:00+99:00': the date is kept as printed"
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
                return _with_time_checked(_checked(dt.date(*map(int, match.groups())), text), text)
            except ValueError:
                return ParsedDate(None, f"impossible date {text!r}: left missing")
    return _with_time_checked(_parse_free_text(text), text)


def _with_time_checked(parsed: ParsedDate, text: str) -> ParsedDate:
    """A parsed date whose time or UTC offset is impossible (``25:00``, ``+99:00``) is kept as
    printed, and flagged: a value that garbled may be garbled elsewhere too."""
    if parsed.date is None or parsed.problem is not None:
        return parsed
    match = _TIME.search(text)
    if match is None:
        return parsed
    hour, minute, second = (int(match.group(n) or 0) for n in (1, 2, 3))
    if hour > 24 or minute > 59 or second > 60 or (hour == 24 and minute + second):
        return parsed._replace(problem=f"impossible time in {text!r}: the date is kept as printed")
    if match.group(4):
        hours, minutes = int(match.group(5)), int(match.group(6) or 0)
        if minutes > 59 or hours * 60 + minutes > _MAX_OFFSET_MINUTES:
            return parsed._replace(
                problem=f"impossible UTC offset in {text!r}: the date is kept as printed"
            )
    return parsed


def _parse_free_text(text: str) -> ParsedDate:
    parsed = _parse_with_dateutil(text)
    if parsed.date is None or parsed.problem or _FOUR_DIGITS.search(text):
        return parsed
    if not _MONTH_NAME.search(text):  # '1/1/1': any of the numbers could be the year
        return ParsedDate(
            None,
            f"no four-digit year in {text!r}: which number is the year would be a guess; "
            "left missing",
        )
    return _two_digit_year(parsed.date, text)


def _parse_with_dateutil(text: str) -> ParsedDate:
    try:
        # the date as printed: a zone name (EDT, CET) moves no date and is ignored, not warned about
        first, second = (dateutil_parser.parse(text, default=d, ignoretz=True) for d in _DEFAULTS)
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


def parse_dates(
    values: pd.Series, files: pd.Series | None = None, dayfirst: bool | None = None
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse a column of dates; returns (datetime64 series, problem or None per row, ambiguous
    flag per row).

    ``files`` (one label per row) groups the rows whose numeric dates share a convention;
    ``dayfirst`` settles the order where neither the date nor its file does.

    Fast path: clean ISO ``YYYY-MM-DD`` strings are converted in one vectorised call; only the
    rest go through :func:`parse_date`.
    """
    as_text = values.astype("string").str.strip()
    iso = as_text.str.fullmatch(r"\d{4}-\d{2}-\d{2}", na=False)
    dates = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    problems = pd.Series(None, index=values.index, dtype="object")
    ambiguous = pd.Series(False, index=values.index, dtype="bool")
    fast = pd.to_datetime(as_text[iso], format="%Y-%m-%d", errors="coerce")
    plausible = fast.dt.year.between(EARLIEST_YEAR, dt.date.today().year + 1)
    dates[fast[plausible].index] = fast[plausible]
    rest = values.index[~iso | ~dates.index.isin(fast[plausible].index)]
    orders = {index: numeric_order(values[index]) for index in rest}
    settled = _file_orders(orders, files, dayfirst)
    for index in rest:
        order = orders[index]
        if order is None:
            parsed = parse_date(values[index])
        else:
            text = str(values[index]).strip()
            if order == "ambiguous":
                order = settled.get(files[index] if files is not None else None)
            parsed = _numeric_date(text, order == "dayfirst")
            if order is None and parsed.date is not None:
                ambiguous[index] = True
                other = _numeric_date(text, True).date
                parsed = ParsedDate(
                    parsed.date,
                    f"ambiguous date {text!r}: read month first as {parsed.date.isoformat()}, "
                    f"could be {other.isoformat() if other else 'impossible'}; set dayfirst "
                    "to settle it",
                )
        if parsed.date is not None:
            dates[index] = pd.Timestamp(parsed.date)
            ambiguous[index] = ambiguous[index] or not parsed.exact
        problems[index] = parsed.problem
    return dates, problems, ambiguous


def _file_orders(
    orders: dict[object, str | None], files: pd.Series | None, dayfirst: bool | None
) -> dict[object, str | None]:
    """Each file's order of numeric dates: the one its unambiguous dates show (when they agree),
    else the ``dayfirst`` option, else None (undecided)."""
    default = None if dayfirst is None else ("dayfirst" if dayfirst else "monthfirst")
    seen: dict[object, set[str]] = {}
    for index, order in orders.items():
        if order in ("dayfirst", "monthfirst"):
            seen.setdefault(files[index] if files is not None else None, set()).add(order)
    labels = set(files) if files is not None else {None}
    return {
        label: next(iter(seen[label])) if len(seen.get(label, ())) == 1 else default
        for label in labels
    }


def looks_like_date_line(line: str) -> bool:
    """True when a header line is a date and nothing else (``20220117``, ``Feb 18, 2022``)."""
    text = line.strip()
    if not text or len(text) > 40 or not re.search(r"\d", text):
        return False
    return parse_date(text).date is not None
