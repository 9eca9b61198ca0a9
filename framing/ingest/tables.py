"""Readers for one-table corpora: .jsonl, .json, .csv, .parquet, each optionally gzipped.

One article per row. Column aliases let common dataset layouts load as they are:
``source`` → ``outlet``, ``body``/``content`` → ``text``, ``id`` → ``article_id``.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

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
]

TEXT_ALIASES = ("text", "body", "content")
ALIASES: dict[str, tuple[str, ...]] = {
    "text": TEXT_ALIASES,
    "outlet": ("outlet", "source"),
    "article_id": ("article_id", "id"),
}
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".parquet")


class TableError(ValueError):
    """The table file as a whole cannot be used (unreadable, no text column)."""


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
    path: Path, notes: list[str] | None = None
) -> Iterator[tuple[int, dict[str, object] | str]]:
    """Yield ``(row_number, record)`` per row (1-based), or ``(row_number, reason)`` for a bad row.

    Raises :class:`TableError` when the file as a whole is unusable.
    """
    suffix = _table_suffix(path)
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_rows(path)
        return
    frame = _read_frame(path, suffix)
    if notes is not None and frame.attrs.get("encoding"):
        notes.append(f"decoded as {frame.attrs['encoding']} (not UTF-8)")
    columns = {str(c).strip().lower() for c in frame.columns}
    if not columns & set(TEXT_ALIASES):
        raise TableError(f"no text column (expected one of {', '.join(TEXT_ALIASES)})")
    yield from enumerate(frame.to_dict(orient="records"), start=1)


def _open_text(path: Path) -> io.TextIOBase:
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    raw = opener(path, "rb")  # noqa: SIM115 - closed by the TextIOWrapper's context manager
    return io.TextIOWrapper(raw, encoding="utf-8", errors="strict")


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, object] | str]]:
    """Parse every line first, so a file without any text field is refused as a whole."""
    rows: list[tuple[int, dict[str, object] | str]] = []
    try:
        with _open_text(path) as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    rows.append((number, _parse_json_line(line)))
    except (OSError, UnicodeDecodeError, EOFError) as error:
        raise TableError(f"cannot read: {error}") from None
    if not any(isinstance(r, dict) and r.keys() & set(TEXT_ALIASES) for _, r in rows):
        raise TableError(f"no text column (expected one of {', '.join(TEXT_ALIASES)})")
    yield from rows


def _parse_json_line(line: str) -> dict[str, object] | str:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return f"invalid JSON ({error.msg})"
    return record if isinstance(record, dict) else "row is not a JSON object"


def _read_csv(path: Path) -> pd.DataFrame:
    """A CSV table; one exported as Windows-1252/Latin-1 or UTF-16 (spreadsheets do) is decoded
    like a text file and the encoding recorded in ``attrs["encoding"]``."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, compression="infer")
    except UnicodeDecodeError:
        opener = gzip.open if path.suffix.lower() == ".gz" else open
        with opener(path, "rb") as handle:
            decoded = decode_bytes(handle.read())
        if decoded.text is None:
            raise TableError(decoded.problem or "cannot be decoded") from None
        frame = pd.read_csv(io.StringIO(decoded.text), dtype=str, keep_default_na=False)
        frame.attrs["encoding"] = decoded.encoding
        return frame


def _read_frame(path: Path, suffix: str) -> pd.DataFrame:
    try:
        if suffix == ".csv":
            return _read_csv(path)
        if suffix == ".parquet":
            if path.suffix.lower() != ".gz":
                return pd.read_parquet(path)
            with gzip.open(path) as handle:
                return pd.read_parquet(io.BytesIO(handle.read()))
        with _open_text(path) as handle:
            loaded = json.load(handle)
    except (OSError, ValueError, UnicodeDecodeError, EOFError) as error:
        raise TableError(f"cannot read as {suffix[1:]}: {str(error).splitlines()[0]}") from None
    if isinstance(loaded, dict):
        loaded = loaded.get("articles", loaded.get("data"))
    if not isinstance(loaded, list) or not all(isinstance(r, dict) for r in loaded):
        raise TableError('JSON table must be a list of objects (or {"articles": [...]})')
    return pd.DataFrame(loaded)
