"""Parquet tables, read by row group and record batch with bounded inflation.

Parquet compresses each column (zstd, snappy, gzip) and may store a repeated value once in a
dictionary: a 31 KB file can hold 2 GB of text. So, before anything is decoded, the sizes the
file's metadata gives for each row group are checked against the table limit and the inflation
ratio (as for a gzip bomb); then row groups are read in batches of about ``BATCH_BYTES``, with
text columns kept dictionary-encoded, and each row's size is measured in Arrow before it becomes
Python values: a row over the row limit is rejected without being converted, and the running
total of inflated bytes is checked again as rows are read (a dictionary value repeated in every
row counts each time).

Only flat columns are read: nested ones (lists, structs, maps) are left out and named in the log,
since no field of an article can be one and their inflation cannot be measured beforehand.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import first_line
from .tableio import (
    READ_ERRORS,
    ColumnCheck,
    TableError,
    TableLimits,
    check_inflation,
    gzipped,
    open_binary,
    too_large,
    unique_names,
)

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

__all__ = ["parquet_rows", "BATCH_BYTES", "CELL_BYTES", "MAX_GZIPPED_PARQUET"]

Row = tuple[int, dict[str, object] | str]
BATCH_BYTES = 32 * 2**20
"""Inflated bytes converted to Python values at a time."""
MAX_GZIPPED_PARQUET = 500 * 10**6
"""Largest ``.parquet.gz`` read, inflated: it is held in memory whole."""
CELL_BYTES = 8
"""Bytes counted for each value besides its text, so that a billion empty rows count too."""


def parquet_rows(path: Path, limits: TableLimits, columns: ColumnCheck) -> Iterator[Row]:
    """Rows of a Parquet file, numbered from 1 across its row groups."""
    import pyarrow as pa

    try:
        source, compressed = _source(path, limits)
        flat, text = _flat_columns(_open(source), columns)
        file = _open(source, text)
        _check_metadata(file, len(flat), compressed, limits)
        yield from _rows(file, flat, compressed, limits, columns)
    except (pa.ArrowException, MemoryError, *READ_ERRORS) as error:
        raise TableError(f"cannot read as parquet: {first_line(error)}") from None


def _source(path: Path, limits: TableLimits) -> tuple[str | io.BytesIO, int]:
    """The Parquet data and its size. A ``.parquet.gz`` is inflated in memory (Parquet reads
    its footer first, so it cannot be streamed), hence at most ``MAX_GZIPPED_PARQUET`` bytes."""
    if not gzipped(path):
        return str(path), max(path.stat().st_size, 1)
    data = io.BytesIO()
    with open_binary(path, limits) as handle:  # a gzip bomb is refused as it inflates
        while chunk := handle.read(1 << 20):
            if data.tell() + len(chunk) > MAX_GZIPPED_PARQUET:
                raise TableError(
                    f"a gzipped Parquet file inflates past {MAX_GZIPPED_PARQUET / 1e6:,.0f} MB, "
                    "more than framing holds in memory; Parquet is compressed already: save it "
                    "without gzip"
                )
            data.write(chunk)
    return data, max(data.tell(), 1)


def _open(source: str | io.BytesIO, read_dictionary: list[str] | None = None) -> pq.ParquetFile:
    """The file, with the columns named in ``read_dictionary`` kept dictionary-encoded (a value
    stored once stays in memory once, whatever the number of rows repeating it)."""
    import pyarrow.parquet as pq

    if isinstance(source, io.BytesIO):
        source.seek(0)
    return pq.ParquetFile(source, read_dictionary=read_dictionary, buffer_size=1 << 20)


def _flat_columns(file: pq.ParquetFile, columns: ColumnCheck) -> tuple[list[str], list[str]]:
    """Names of the columns that are read, and of those among them holding text or bytes;
    nested columns are noted and left out."""
    import pyarrow as pa

    schema = file.schema_arrow
    nested = [f for f in schema if pa.types.is_nested(f.type)]
    if nested:
        shown = ", ".join(f"{f.name} ({f.type})" for f in nested[:10])
        columns.note(
            "flagged",
            "nested_columns",
            f"nested columns left out (lists, structs and maps are not read): {shown}",
        )
    flat = [f.name for f in schema if not pa.types.is_nested(f.type)]
    columns.check(flat)
    return flat, [f.name for f in schema if _is_bytes(f.type)]


def _is_bytes(kind: pa.DataType) -> bool:
    """Text or binary: the types whose values have a length of their own."""
    import pyarrow as pa

    checks = (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary)
    return any(check(kind) for check in (*checks, pa.types.is_large_binary))


def _check_metadata(
    file: pq.ParquetFile, n_columns: int, compressed: int, limits: TableLimits
) -> None:
    """Refuse, before decoding anything, a file whose row groups say they inflate past the
    limits (the sizes its metadata gives, plus ``CELL_BYTES`` a value)."""
    metadata = file.metadata
    inflated = 0
    for index in range(metadata.num_row_groups):
        group = metadata.row_group(index)
        inflated += group.total_byte_size + CELL_BYTES * group.num_rows * n_columns
        where = _where(index, metadata.num_row_groups) + "by its metadata, "
        check_inflation(inflated, compressed, limits, kind="Parquet", where=where)


def _where(index: int, groups: int) -> str:
    return f"row group {index + 1} of {groups}: " if groups > 1 else ""


def _rows(
    file: pq.ParquetFile,
    flat: list[str],
    compressed: int,
    limits: TableLimits,
    columns: ColumnCheck,
) -> Iterator[Row]:
    """Each row group in batches of about ``BATCH_BYTES`` (by its metadata's size a row); the
    inflated size is counted from the rows themselves, before they are converted."""
    metadata = file.metadata
    number = inflated = 0
    unreadable: set[str] = set()
    for index in range(metadata.num_row_groups):
        group = metadata.row_group(index)
        per_row = max(group.total_byte_size // max(group.num_rows, 1), 1)
        batch_size = int(min(max(BATCH_BYTES // per_row, 1), 65536))
        batches = file.iter_batches(
            batch_size=batch_size, row_groups=[index], columns=flat, use_threads=False
        )
        for batch in batches:
            sizes = _row_sizes(batch)
            inflated += int(sizes.sum())
            where = _where(index, metadata.num_row_groups)
            check_inflation(inflated, compressed, limits, kind="Parquet", where=where)
            for offset, row in _converted(batch, sizes, limits.max_row_bytes, unreadable, columns):
                yield number + offset + 1, row
            number += batch.num_rows


def _row_sizes(batch: pa.RecordBatch) -> np.ndarray:
    """Each row's size once converted: its text and bytes, plus ``CELL_BYTES`` a value."""
    sizes = np.full(batch.num_rows, CELL_BYTES * batch.num_columns, dtype=np.int64)
    for column in batch.columns:
        sizes += _value_sizes(column)
    return sizes


def _value_sizes(array: pa.Array) -> np.ndarray | int:
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(array.type):
        lengths = _value_sizes(array.dictionary)
        if isinstance(lengths, int) or not len(lengths):
            return 0
        indices = array.indices.fill_null(0).to_numpy(zero_copy_only=False)
        return np.where(array.is_null().to_numpy(zero_copy_only=False), 0, lengths[indices])
    if _is_bytes(array.type):
        return pc.binary_length(array).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    if pa.types.is_fixed_size_binary(array.type):
        return array.type.byte_width
    return 0


def _converted(
    batch: pa.RecordBatch,
    sizes: np.ndarray,
    limit: int,
    unreadable: set[str],
    columns: ColumnCheck,
) -> Iterator[tuple[int, dict[str, object] | str]]:
    """``(row in batch, values or reason)``: rows over ``limit`` are rejected unconverted, the
    others are converted in slices of about ``BATCH_BYTES``."""
    import pyarrow as pa

    names = unique_names(batch.schema.names)
    over = sizes > limit
    cumulative = np.cumsum(np.where(over, 0, sizes))
    start = 0
    while start < batch.num_rows:
        done = int(cumulative[start - 1]) if start else 0
        stop = int(np.searchsorted(cumulative, done + BATCH_BYTES, side="right"))
        stop = min(max(stop, start + 1), batch.num_rows)
        keep = ~over[start:stop]
        piece = batch.slice(start, stop - start)
        if not keep.all():
            piece = piece.filter(pa.array(keep))
        values = [
            _python_values(piece.column(i), name, unreadable, columns)
            for i, name in enumerate(names)
        ]
        rows = zip(*values, strict=True) if values else iter(())
        for offset in range(start, stop):
            yield (
                offset,
                too_large(limit) if over[offset] else dict(zip(names, next(rows), strict=True)),
            )
        start = stop


def _python_values(
    array: pa.Array, name: str, unreadable: set[str], columns: ColumnCheck
) -> list[object]:
    """The column's values as Python objects: bytes that are UTF-8 as text; a value Python
    cannot hold (a timestamp in the year 12762) as Arrow writes it; a column that cannot be
    converted at all as missing values, noted once."""
    import pyarrow as pa

    kind = array.type.value_type if pa.types.is_dictionary(array.type) else array.type
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        try:
            return array.cast(pa.string()).to_pylist()
        except (pa.ArrowException, ValueError):
            return [_text_if_utf8(value) for value in array.to_pylist()]
    for convert in (array.to_pylist, lambda: array.cast(pa.string()).to_pylist()):
        try:
            return convert()
        except (pa.ArrowException, ValueError, OverflowError, TypeError):
            continue
    if name not in unreadable:
        unreadable.add(name)
        columns.note(
            "flagged",
            "unreadable_column",
            f"column {name} ({array.type}) cannot be converted: its values are left missing",
        )
    return [None] * len(array)


def _text_if_utf8(value: bytes | None) -> str | bytes | None:
    try:
        return value.decode("utf-8") if value is not None else None
    except UnicodeDecodeError:
        return value
