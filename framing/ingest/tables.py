"""Readers for one-table corpora: .jsonl, .json, .csv, .parquet, each optionally gzipped.

One article per row. Column aliases let common dataset layouts load as they are:
``source`` → ``outlet``, ``body``/``content`` → ``text``, ``id`` → ``article_id``.

Bounded memory whatever the file holds: a table (or what a gzipped one inflates to) larger than
``TableLimits.max_bytes`` is refused, a gzipped one that inflates more than ``MAX_RATIO`` times is
refused as soon as it does (a gzip bomb: a few kilobytes that inflate to gigabytes), and a JSON
line longer than ``TableLimits.max_row_bytes`` is rejected without being held in memory.
"""

from __future__ import annotations

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
    "TableLimits",
    "MAX_RATIO",
]

TEXT_ALIASES = ("text", "body", "content")
ALIASES: dict[str, tuple[str, ...]] = {
    "text": TEXT_ALIASES,
    "outlet": ("outlet", "source"),
    "article_id": ("article_id", "id"),
}
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


def normalise_record(record: dict[str, object]) -> dict[str, object]:
    """Rename alias keys to the contract's names (first alias present wins); keep the rest."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    out: dict[str, object] = {}
    for name, aliases in ALIASES.items():
        for alias in aliases:
            if alias in lowered and not _is_missing(lowered[alias]):
                out[name] = lowered[alias]
                break
    taken = {a for aliases in ALIASES.values() for a in aliases}
    out.update({k: v for k, v in lowered.items() if k not in taken})
    return out


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def iter_table_rows(
    path: Path, notes: list[str] | None = None, limits: TableLimits | None = None
) -> Iterator[tuple[int, dict[str, object] | str]]:
    """Yield ``(row_number, record)`` per row (1-based), or ``(row_number, reason)`` for a bad row.

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
        yield from _jsonl_rows(path, limits)
        return
    frame = _read_frame(path, suffix, limits)
    if notes is not None and frame.attrs.get("encoding"):
        notes.append(f"decoded as {frame.attrs['encoding']} (not UTF-8)")
    columns = {str(c).strip().lower() for c in frame.columns}
    if not columns & set(TEXT_ALIASES):
        raise TableError(f"no text column (expected one of {', '.join(TEXT_ALIASES)})")
    yield from enumerate(frame.to_dict(orient="records"), start=1)


def _gzipped(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def _open_binary(path: Path, limits: TableLimits) -> io.BufferedIOBase:
    if _gzipped(path):
        return io.BufferedReader(_Inflated(path, limits))
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def _open_text(path: Path, limits: TableLimits) -> io.TextIOBase:
    return io.TextIOWrapper(_open_binary(path, limits), encoding="utf-8", errors="strict")


def _jsonl_rows(path: Path, limits: TableLimits) -> Iterator[tuple[int, dict[str, object] | str]]:
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
    if not any(isinstance(r, dict) and r.keys() & set(TEXT_ALIASES) for _, r in rows):
        raise TableError(f"no text column (expected one of {', '.join(TEXT_ALIASES)})")
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
    like a text file and the encoding recorded in ``attrs["encoding"]``."""
    try:
        with _open_binary(path, limits) as handle:
            return pd.read_csv(handle, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        with _open_binary(path, limits) as handle:
            decoded = decode_bytes(handle.read())
        if decoded.text is None:
            raise TableError(decoded.problem or "cannot be decoded") from None
        frame = pd.read_csv(io.StringIO(decoded.text), dtype=str, keep_default_na=False)
        frame.attrs["encoding"] = decoded.encoding
        return frame


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
