"""Readers for one-table corpora: .jsonl, .json, .csv, .parquet, each optionally gzipped.

One article per row. Column aliases let common dataset and spreadsheet layouts load as they are
(``source``/``publisher`` → ``outlet``, ``body``/``content``/``story`` → ``text``, ``headline`` →
``title``, ``published``/``pubdate`` → ``date``, ``link`` → ``url``, ``id`` → ``article_id``; the
first alias present wins, the others stay as extra columns). Columns that look like one of these
but are not used are named in the log (:func:`unused_columns`), so nothing a user brought is
dropped silently. A CSV's delimiter (comma, semicolon, tab or bar) is read from its header.

Every format is read one row at a time (:mod:`.csvtable`, :mod:`.jsontable`,
:mod:`.parquettable`), so memory grows with the rows kept, not with what a file can be made to
inflate to: a table (or what a gzipped one inflates to, or what a Parquet file's metadata says
it holds) larger than ``TableLimits.max_bytes`` is refused, a compressed one that inflates more
than ``MAX_RATIO`` times is refused as soon as it does (a bomb: a few kilobytes that inflate to
gigabytes), and a row of any format longer than ``TableLimits.max_row_bytes`` is rejected
without being held in memory. A bad row (a CSV line with a field too many, invalid or
thousand-level-deep JSON) is rejected with its number and the rest loads; only a table that
cannot be read at all, or whose rows are mostly wrong, is refused as a whole.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from ..schema import MAPPABLE_FIELDS
from .csvtable import csv_rows
from .jsontable import json_rows, jsonl_rows
from .parquettable import parquet_rows
from .tableio import (
    MAX_COLUMNS,
    MAX_RATIO,
    TableError,
    TableLimits,
    check_width,
    gzipped,
)

__all__ = [
    "TABLE_SUFFIXES",
    "TEXT_ALIASES",
    "ALIASES",
    "is_table_file",
    "normalise_record",
    "iter_table_rows",
    "bad_fields",
    "TableError",
    "unused_columns",
    "FIELDS",
    "TableLimits",
    "MAX_RATIO",
    "MAX_COLUMNS",
]

TEXT_ALIASES = ("text", "body", "content", "article_text", "full_text", "story", "article")
ALIASES: dict[str, tuple[str, ...]] = {
    "text": TEXT_ALIASES,
    "outlet": ("outlet", "source", "source_name", "publisher", "publication", "media_outlet"),
    "article_id": ("article_id", "id"),
    "title": ("title", "headline", "heading", "headline_text"),
    "date": (
        "date",
        "published",
        "publication_date",
        "published_date",
        "date_published",
        "pubdate",
        "published_at",
        "publish_date",
    ),
    "url": ("url", "link", "article_url"),
}
_LOOKALIKE = {
    "text": ("text", "body", "content", "story"),
    "title": ("title", "headline", "heading"),
    "date": ("date", "published", "time"),
    "outlet": ("outlet", "source", "publisher", "site"),
}
"""Parts of column names that suggest a field: an unused column holding one is reported."""
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".parquet")


def is_table_file(path: Path) -> bool:
    """True for ``name.jsonl``, ``name.csv.gz`` and the other table forms."""
    return _table_suffix(path) in TABLE_SUFFIXES


def _table_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


FIELDS = MAPPABLE_FIELDS
"""The contract's fields a column can be mapped to (``--columns title=headline``)."""


def _aliases(columns: dict[str, str] | None) -> dict[str, tuple[str, ...]]:
    """The aliases, with the user's own mapping (``{"title": "headline"}``) first."""
    if not columns:
        return ALIASES
    merged = dict(ALIASES)
    for name, column in columns.items():
        merged[name] = (column.strip().lower(), *ALIASES[name])
    return merged


def normalise_record(
    record: dict[str, object], columns: dict[str, str] | None = None
) -> dict[str, object]:
    """Rename alias keys to the contract's names (the user's ``columns`` first, then the first
    alias present); keep the rest."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    out: dict[str, object] = {}
    taken = set()
    for name, aliases in _aliases(columns).items():
        for alias in aliases:
            if alias in lowered and not _is_missing(lowered[alias]):
                out[name] = lowered[alias]
                taken.add(alias)
                break
        taken.add(name)  # a contract column left empty is not an extra either
    # aliases not used (a "headline" beside a "title") stay, as extra columns
    out.update({k: v for k, v in lowered.items() if k not in taken})
    return out


def unused_columns(columns: list[str], mapping: dict[str, str] | None = None) -> list[str]:
    """Columns that look like a text, title, date or outlet column but are not used: another
    alias of a field already taken (``headline (title was used)``), or, for a field no column
    gave, any column whose name suggests it (``pub_time`` when there is no date). A field that
    was found does not flag every column that mentions it (AllSides' ``outlet_url``)."""
    lowered = [str(c).strip().lower() for c in columns]
    aliases_by_field = _aliases(mapping)
    used = {}
    for name, aliases in aliases_by_field.items():
        present = [a for a in aliases if a in lowered]
        if present:
            used[name] = present[0]
    taken = set(used.values())
    found = []
    for column in lowered:
        if column in taken:
            continue
        for name, parts in _LOOKALIKE.items():
            if name in used and column in aliases_by_field[name]:
                found.append(f"{column} ({used[name]} was used)")
                break
            if name not in used and any(part in column for part in parts):
                found.append(column)
                break
    return found


_STRING_FIELDS = ("text", "outlet", "title", "url")


def bad_fields(record: dict[str, object]) -> dict[str, str]:
    """Fields of a normalised record whose value no article can hold, each with why: ``text``,
    ``outlet``, ``title`` and ``url`` must be strings, ``article_id`` a string or a number
    (``{"outlet": ["a", "b"]}`` must not become the outlet "['a', 'b']"). Missing values (None,
    NaN) are fine; ``date`` is checked by the date parser, which flags what it cannot read.

    >>> bad_fields({"text": 42, "title": "T", "outlet": {"name": "X"}})
    {'text': 'text is a number (42), not text', 'outlet': 'outlet is an object, not text'}
    """
    found = {}
    for name in (*_STRING_FIELDS, "article_id"):
        value = record.get(name)
        if _is_missing(value) or isinstance(value, str):
            continue
        if name == "article_id" and _is_number(value) and _finite(value):
            continue
        wanted = "an id" if name == "article_id" else "text"
        found[name] = f"{name} is {_kind(value)}, not {wanted}"
    return found


def _finite(value: int | float | Decimal) -> bool:
    """Not NaN or infinite; an int of any length is finite (``math.isfinite(10**400)`` raises
    OverflowError)."""
    if isinstance(value, int):
        return True
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _kind(value: object) -> str:
    """What a value is, in a few words (a number shows its first digits)."""
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if _is_number(value):
        shown = str(value)
        return f"a number ({shown if len(shown) <= 20 else shown[:20] + '…'})"
    kinds: tuple[tuple[type | tuple[type, ...], str], ...] = (
        ((list, tuple, set), "a list"),
        (dict, "an object"),
        ((bytes, bytearray), "binary data"),
        ((dt.date, dt.time, dt.timedelta), "a date or time"),
    )
    for types, kind in kinds:
        if isinstance(value, types):
            return kind
    return f"a {type(value).__name__}"


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, (float, Decimal)) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


class _Columns:
    """What the readers report about a table's columns, held to the contract: some column must
    be able to hold the text (unless ``require_text`` is off, as for a manifest), there may be
    at most ``MAX_COLUMNS``, and columns that look useful but are not used are noted."""

    def __init__(
        self,
        notes: list[tuple[str, str, str]] | None,
        mapping: dict[str, str] | None,
        require_text: bool,
    ) -> None:
        self.notes = notes
        self.mapping = mapping
        self.require_text = require_text

    def check(self, names: Iterable[str]) -> None:
        names = sorted(names) if isinstance(names, set) else list(names)
        check_width(names)
        present = {str(c).strip().lower() for c in names}
        if self.require_text and not present & set(_aliases(self.mapping)["text"]):
            raise TableError(_no_text(present, self.mapping))
        if self.notes is not None:
            _note_unused(names, self.notes, self.mapping)

    def note(self, action: str, reason: str, detail: str) -> None:
        if self.notes is not None:
            self.notes.append((action, reason, detail))


Reader = Callable[[Path, TableLimits, _Columns], Iterator[tuple[int, dict[str, object] | str]]]
_READERS: dict[str, Reader] = {
    ".jsonl": jsonl_rows,
    ".ndjson": jsonl_rows,
    ".json": json_rows,
    ".csv": csv_rows,
    ".parquet": parquet_rows,
}


def iter_table_rows(
    path: Path,
    notes: list[tuple[str, str, str]] | None = None,
    limits: TableLimits | None = None,
    columns: dict[str, str] | None = None,
    *,
    require_text: bool = True,
) -> Iterator[tuple[int, dict[str, object] | str]]:
    """Yield ``(row_number, record)`` per row (1-based), or ``(row_number, reason)`` for a bad
    row, one row at a time. ``notes`` collects ``(action, reason, detail)`` for the log: the
    encoding a table was decoded from, columns that look useful but were not used, columns left
    out. ``require_text=False`` reads a table without a text column (a manifest).

    Raises :class:`TableError` when the file as a whole is unusable or over ``limits``; for a
    JSON table that has no text column, or a CSV whose rows mostly have the wrong number of
    fields, that shows only at the end, after its rows were yielded (the caller drops them).
    """
    limits = limits or TableLimits()
    if not gzipped(path) and os.path.getsize(path) > limits.max_bytes:
        raise TableError(
            f"file too large: {os.path.getsize(path) / 1e6:,.0f} MB (limit "
            f"{limits.max_bytes / 1e6:,.0f} MB; split the table, or raise max_table_mb)"
        )
    reader = _READERS[_table_suffix(path)]
    yield from reader(path, limits, _Columns(notes, columns, require_text))


def _no_text(present: set[str], columns: dict[str, str] | None = None) -> str:
    found = ", ".join(sorted(present)[:12]) or "none"
    expected = ", ".join(_aliases(columns)["text"])
    return f"no text column (expected one of {expected}; found {found})"


def _note_unused(
    columns: list[str], notes: list[tuple[str, str, str]], mapping: dict[str, str] | None = None
) -> None:
    unused = unused_columns(columns, mapping)
    if unused:
        notes.append(
            (
                "flagged",
                "unused_columns",
                "columns that look like a title, date, outlet or text but were not used: "
                + ", ".join(unused),
            )
        )
