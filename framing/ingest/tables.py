"""Readers for one-table corpora: .jsonl, .json, .csv, .parquet, each optionally gzipped.

One article per row. Column aliases let common dataset and spreadsheet layouts load as they are
(``source``/``publisher`` → ``outlet``, ``body``/``content``/``story`` → ``text``, ``headline`` →
``title``, ``published``/``pubdate`` → ``date``, ``link`` → ``url``, ``id`` → ``article_id``; the
first alias present wins, the others stay as extra columns). Columns that look like one of these
but are not used are named in the log (:func:`unused_columns`), so nothing a user brought is
dropped silently. A CSV's delimiter (comma, semicolon, tab or bar) is read from its header.

Bounded memory whatever the file holds: a table (or what a gzipped one inflates to) larger than
``TableLimits.max_bytes`` is refused, a gzipped one that inflates more than ``MAX_RATIO`` times is
refused as soon as it does (a gzip bomb: a few kilobytes that inflate to gigabytes), and a JSON
line longer than ``TableLimits.max_row_bytes`` is rejected without being held in memory.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .decode import decode_bytes

__all__ = [
    "TABLE_SUFFIXES",
    "TEXT_ALIASES",
    "ALIASES",
    "is_table_file",
    "normalise_record",
    "iter_table_rows",
    "TableError",
    "unused_columns",
    "FIELDS",
    "TableLimits",
    "MAX_RATIO",
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


MAX_RATIO = 100
"""Largest inflation of a gzipped table (text compresses 3-10 times; bombs a thousand times)."""
_RATIO_AFTER = 64 * 2**20
"""Inflated bytes after which the ratio is checked (small files may compress very well)."""


class TableError(ValueError):
    """The table file as a whole cannot be used (unreadable, no text column, too large)."""


class TableLimits(NamedTuple):
    """Size limits for reading a table: the whole table (inflated) and one row, in bytes."""

    max_bytes: int = 2 * 10**9
    max_row_bytes: int = 10 * 10**6


class _Inflated(io.RawIOBase):
    """A gzip stream that stops (``TableError``) once it inflates past the limits, so a gzip
    bomb costs one buffer of memory, not gigabytes."""

    def __init__(self, path: Path, limits: TableLimits) -> None:
        self._stream = gzip.open(path, "rb")  # noqa: SIM115 - closed in close()
        self._compressed = max(os.path.getsize(path), 1)
        self._limits = limits
        self._inflated = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = self._stream.readinto(buffer)
        self._inflated += n
        if self._inflated > self._limits.max_bytes:
            raise TableError(
                f"inflates past {self._limits.max_bytes / 1e6:,.0f} MB: too large (split the "
                "table, or raise max_table_mb)"
            )
        if self._inflated > _RATIO_AFTER and self._inflated > MAX_RATIO * self._compressed:
            raise TableError(
                f"inflates more than {MAX_RATIO} times its size ({self._compressed:,} bytes to "
                f"over {self._inflated:,}): refused as a likely gzip bomb"
            )
        return n

    def close(self) -> None:
        self._stream.close()
        super().close()


def is_table_file(path: Path) -> bool:
    """True for ``name.jsonl``, ``name.csv.gz`` and the other table forms."""
    return _table_suffix(path) in TABLE_SUFFIXES


def _table_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


FIELDS = tuple(ALIASES)
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


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def iter_table_rows(
    path: Path,
    notes: list[tuple[str, str, str]] | None = None,
    limits: TableLimits | None = None,
    columns: dict[str, str] | None = None,
) -> Iterator[tuple[int, dict[str, object] | str]]:
    """Yield ``(row_number, record)`` per row (1-based), or ``(row_number, reason)`` for a bad row.
    ``notes`` collects ``(action, reason, detail)`` for the log: the encoding a table was decoded
    from, columns that look useful but were not used.

    Raises :class:`TableError` when the file as a whole is unusable or over ``limits``.
    """
    limits = limits or TableLimits()
    suffix = _table_suffix(path)
    if not _gzipped(path) and os.path.getsize(path) > limits.max_bytes:
        raise TableError(
            f"file too large: {os.path.getsize(path) / 1e6:,.0f} MB (limit "
            f"{limits.max_bytes / 1e6:,.0f} MB; split the table, or raise max_table_mb)"
        )
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_rows(path, limits, notes, columns)
        return
    frame = _read_frame(path, suffix, limits)
    if notes is not None and frame.attrs.get("encoding"):
        notes.append(("decoded", "encoding", f"decoded as {frame.attrs['encoding']} (not UTF-8)"))
    present = {str(c).strip().lower() for c in frame.columns}
    if not present & set(_aliases(columns)["text"]):
        raise TableError(_no_text(present, columns))
    if notes is not None:
        _note_unused(list(frame.columns), notes, columns)
    yield from enumerate(frame.to_dict(orient="records"), start=1)


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


def _gzipped(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def _open_binary(path: Path, limits: TableLimits) -> io.BufferedIOBase:
    if _gzipped(path):
        return io.BufferedReader(_Inflated(path, limits))
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def _open_text(path: Path, limits: TableLimits) -> io.TextIOBase:
    return io.TextIOWrapper(_open_binary(path, limits), encoding="utf-8", errors="strict")


def _jsonl_rows(
    path: Path,
    limits: TableLimits,
    notes: list[tuple[str, str, str]] | None = None,
    columns: dict[str, str] | None = None,
) -> Iterator[tuple[int, dict[str, object] | str]]:
    """Parse every line first, so a file without any text field is refused as a whole."""
    rows: list[tuple[int, dict[str, object] | str]] = []
    try:
        with _open_text(path, limits) as handle:
            for number, line in enumerate(_bounded_lines(handle, limits.max_row_bytes), start=1):
                if line is None:
                    rows.append((number, f"row too large (over {limits.max_row_bytes:,} bytes)"))
                elif line.strip():
                    rows.append((number, _parse_json_line(line)))
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as error:
        raise TableError(f"cannot read: {error}") from None
    lowered = [{str(k).strip().lower() for k in r} for _, r in rows if isinstance(r, dict)]
    if not any(keys & set(_aliases(columns)["text"]) for keys in lowered):
        raise TableError(_no_text(set().union(*lowered), columns))
    if notes is not None:
        _note_unused(sorted(set().union(*lowered)), notes, columns)
    yield from rows


def _bounded_lines(handle: io.TextIOBase, limit: int) -> Iterator[str | None]:
    """Lines of ``handle``; a line longer than ``limit`` characters is skipped without being
    kept (None in its place)."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith("\n"):
            yield line
            continue
        while line and not line.endswith("\n"):  # drain the rest of the long line
            line = handle.readline(limit)
        yield None


def _parse_json_line(line: str) -> dict[str, object] | str:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return f"invalid JSON ({error.msg})"
    return record if isinstance(record, dict) else "row is not a JSON object"


def _read_csv(path: Path, limits: TableLimits) -> pd.DataFrame:
    """A CSV table; one exported as Windows-1252/Latin-1 or UTF-16 (spreadsheets do) is decoded
    like a text file and the encoding recorded in ``attrs["encoding"]``. The delimiter is read
    from the header line (spreadsheets in many locales write semicolons)."""
    try:
        with _open_binary(path, limits) as handle:
            head = handle.read(_SNIFF_BYTES).decode("utf-8-sig", errors="ignore")
        delimiter = _delimiter(head)
        with _open_binary(path, limits) as handle:
            return pd.read_csv(
                handle, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=delimiter
            )
    except UnicodeDecodeError:
        with _open_binary(path, limits) as handle:
            decoded = decode_bytes(handle.read())
        if decoded.text is None:
            raise TableError(decoded.problem or "cannot be decoded") from None
        frame = pd.read_csv(
            io.StringIO(decoded.text),
            dtype=str,
            keep_default_na=False,
            sep=_delimiter(decoded.text[:_SNIFF_BYTES]),
        )
        frame.attrs["encoding"] = decoded.encoding
        return frame


_SNIFF_BYTES = 64 * 1024
_DELIMITERS = ",;\t|"


def _delimiter(head: str) -> str:
    """The CSV's delimiter, from its header line: the candidate that splits it into the most
    columns (a comma when none splits it). A header that two candidates split alike is refused
    with a clear error rather than read wrong."""
    header = head.split("\n", 1)[0]
    counts = {d: len(next(csv.reader([header], delimiter=d))) for d in _DELIMITERS}
    best = max(counts.values())
    if best == 1:
        return ","
    winners = [d for d, n in counts.items() if n == best]
    if len(winners) > 1:
        shown = " and ".join(repr(w) for w in winners)
        raise TableError(f"cannot tell the CSV delimiter: {shown} split the header alike")
    return winners[0]


def _read_frame(path: Path, suffix: str, limits: TableLimits) -> pd.DataFrame:
    try:
        if suffix == ".csv":
            return _read_csv(path, limits)
        if suffix == ".parquet":
            if not _gzipped(path):
                return pd.read_parquet(path)
            with _open_binary(path, limits) as handle:
                return pd.read_parquet(io.BytesIO(handle.read()))
        with _open_text(path, limits) as handle:
            loaded = json.load(handle)
    except TableError:
        raise
    except (OSError, ValueError, UnicodeDecodeError, EOFError, ArithmeticError) as error:
        raise TableError(f"cannot read as {suffix[1:]}: {_first_line(error)}") from None
    if isinstance(loaded, dict):
        loaded = loaded.get("articles", loaded.get("data"))
    if not isinstance(loaded, list) or not all(isinstance(r, dict) for r in loaded):
        raise TableError('JSON table must be a list of objects (or {"articles": [...]})')
    return pd.DataFrame(loaded)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
