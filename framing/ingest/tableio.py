"""What every table reader shares: its limits, its error, and bounded opening of a file.

A table's readers (:mod:`.csvtable`, :mod:`.jsontable`, :mod:`.parquettable`) yield
``(row_number, record)`` or ``(row_number, reason)`` one row at a time, so memory holds one row
(at most ``TableLimits.max_row_bytes``) besides what the caller keeps; they raise
:class:`TableError` when the file as a whole cannot be used.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import NamedTuple, Protocol

__all__ = [
    "TableError",
    "TableLimits",
    "MAX_RATIO",
    "RATIO_AFTER",
    "READ_ERRORS",
    "ColumnCheck",
    "open_binary",
    "open_text",
    "gzipped",
    "check_inflation",
    "too_large",
    "unique_names",
    "check_width",
    "MAX_COLUMNS",
]

MAX_RATIO = 100
"""Largest inflation of a compressed table (text compresses 3-10 times; bombs a thousand times)."""
RATIO_AFTER = 64 * 2**20
"""Inflated bytes after which the ratio is checked (small files may compress very well)."""
MAX_COLUMNS = 1000
"""Most columns a table may have (or different keys its JSON rows may hold)."""
READ_ERRORS = (OSError, EOFError, gzip.BadGzipFile, zlib.error, UnicodeDecodeError)
"""What reading a damaged, truncated or mis-encoded file raises."""


class TableError(ValueError):
    """The table file as a whole cannot be used (unreadable, no text column, too large)."""


class TableLimits(NamedTuple):
    """Size limits for reading a table: the whole table (inflated) and one row, in bytes."""

    max_bytes: int = 2 * 10**9
    max_row_bytes: int = 10 * 10**6


class ColumnCheck(Protocol):
    """What a reader tells about a table's columns (see :class:`framing.ingest.tables`)."""

    def check(self, names: Iterable[str]) -> None:
        """Raise :class:`TableError` when no column can be the text; note unused columns."""

    def note(self, action: str, reason: str, detail: str) -> None:
        """Record a log note about the table (its encoding, columns left out)."""


def too_large(limit: int) -> str:
    """The reason a row over the row limit is rejected."""
    return f"row too large (over {limit:,} bytes)"


def check_inflation(
    inflated: int, compressed: int, limits: TableLimits, *, kind: str = "gzip", where: str = ""
) -> None:
    """Refuse a table once what it inflates to passes ``limits.max_bytes``, or ``MAX_RATIO``
    times its compressed size (after the first ``RATIO_AFTER`` bytes): a bomb is a few kilobytes
    that inflate to gigabytes."""
    if inflated > limits.max_bytes:
        raise TableError(
            f"{where}inflates past {limits.max_bytes / 1e6:,.0f} MB: too large (split the "
            "table, or raise max_table_mb)"
        )
    if inflated > RATIO_AFTER and inflated > MAX_RATIO * compressed:
        raise TableError(
            f"{where}inflates more than {MAX_RATIO} times its size ({compressed:,} bytes to "
            f"over {inflated:,}): refused as a likely {kind} bomb"
        )


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
        check_inflation(self._inflated, self._compressed, self._limits)
        return n

    def close(self) -> None:
        self._stream.close()
        super().close()


def gzipped(path: Path) -> bool:
    """True for ``name.csv.gz`` and the like."""
    return path.suffix.lower() == ".gz"


def open_binary(path: Path, limits: TableLimits) -> io.BufferedIOBase:
    """The file's bytes, inflated (within ``limits``) when it is gzipped."""
    if gzipped(path):
        return io.BufferedReader(_Inflated(path, limits))
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def open_text(path: Path, limits: TableLimits, encoding: str = "utf-8-sig") -> io.TextIOWrapper:
    """The file as text, decoded strictly (``newline=""``: line ends are kept as they are)."""
    return io.TextIOWrapper(
        open_binary(path, limits), encoding=encoding, errors="strict", newline=""
    )


def unique_names(header: list[str]) -> list[str]:
    """Column names as pandas gives them: a repeated name gets ``.1``, ``.2``; a blank one is
    ``Unnamed: N``."""
    names: list[str] = []
    seen: set[str] = set()
    last: dict[str, int] = {}
    for index, name in enumerate(header):
        name = name if name.strip() else f"Unnamed: {index}"
        base = name
        while name in seen:
            last[base] = last.get(base, 0) + 1
            name = f"{base}.{last[base]}"
        seen.add(name)
        names.append(name)
    return names


def check_width(names: Collection[str], where: str = "the header has") -> None:
    """Refuse a table with more than ``MAX_COLUMNS`` columns: every row would hold them all
    (a header of a million commas is a 1 MB line)."""
    if len(names) > MAX_COLUMNS:
        raise TableError(
            f"{where} {len(names):,} columns (limit {MAX_COLUMNS:,}): not a table of articles"
        )
