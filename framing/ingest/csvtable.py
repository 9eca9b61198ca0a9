"""CSV tables, streamed row by row with the standard library's ``csv`` module.

Why not ``pandas.read_csv``: it loads the whole table (a 1 GB CSV took about 3 GB, then as many
again as row dictionaries), it takes the first column as the index when every row has one field
more than the header (an unquoted comma), which shifts every value one column silently, and it
refuses the whole table for one row with a field too many. Here:

- A row whose number of fields differs from the header's is rejected on its own, naming its
  line (``line 7: 4 fields, header has 3``); when most rows do, the table is refused with what
  is probably wrong (a delimiter inside unquoted fields).
- A row longer than the row limit is dropped as it is read (its lines are counted, not kept), so
  one 50 MB cell costs at most the limit in memory.
- The delimiter (comma, semicolon, tab or bar) is read from the header line; the encoding is
  UTF-8 (a byte-order mark allowed), UTF-16/32 by their marks, or else a legacy code page found
  by :func:`framing.ingest.decode.decode_bytes` in a sample of the lines that are not ASCII.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import first_line
from .decode import decode_bytes
from .tableio import (
    READ_ERRORS,
    ColumnCheck,
    TableError,
    TableLimits,
    open_binary,
    open_text,
    too_large,
    unique_names,
)

__all__ = ["csv_rows"]

Row = tuple[int, dict[str, object] | str]
_SNIFF_BYTES = 64 * 1024
_SAMPLE_BYTES = 1 << 20
_DELIMITERS = ",;\t|"
_UNICODE_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NOT_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*\n")


class _RecordTooLarge(Exception):
    """Raised by :meth:`_Records._pieces` inside the csv reader; never leaves this module."""


def csv_rows(path: Path, limits: TableLimits, columns: ColumnCheck) -> Iterator[Row]:
    """Rows of a CSV file as ``(row_number, {column: text})``, numbered from 1 after the header,
    or ``(row_number, reason)`` for a row that cannot be used."""
    encoding = _encoding(path, limits)
    if encoding not in ("utf-8", "utf-8-sig"):
        columns.note("decoded", "encoding", f"decoded as {encoding} (not UTF-8)")
    try:
        with open_text(path, limits, encoding) as handle:
            source = _Records(handle, limits.max_row_bytes)
            records = iter(source)
            header = next(records, None)
            if header is None:
                raise TableError("empty file: no header line")
            if isinstance(header[1], str):
                raise TableError(f"header: {header[1]}")
            columns.check(header[1])
            yield from _rows(records, unique_names(header[1]), source.delimiter)
    except UnicodeDecodeError as error:
        raise TableError(
            f"cannot be decoded as {encoding} ({error.reason}; save the file as UTF-8)"
        ) from None
    except READ_ERRORS as error:
        raise TableError(f"cannot read as csv: {first_line(error)}") from None


def _rows(
    records: Iterator[tuple[int, list[str] | str]], names: list[str], delimiter: str
) -> Iterator[Row]:
    number = misaligned = 0
    first: tuple[int, int] | None = None
    for start, fields in records:
        number += 1
        if isinstance(fields, str):
            yield number, f"line {start}: {fields}"
        elif len(fields) != len(names):
            misaligned += 1
            first = first or (start, len(fields))
            yield number, f"line {start}: {len(fields)} fields, header has {len(names)}"
        else:
            yield number, dict(zip(names, fields, strict=True))
    if first is not None and misaligned > number / 2:
        raise TableError(_misaligned(misaligned, number, first, len(names), delimiter))


def _blank(fields: list[str]) -> bool:
    """An empty line, or one of spaces only (a row of empty fields is a row)."""
    return not fields or (len(fields) == 1 and not fields[0].strip())


def _misaligned(bad: int, rows: int, first: tuple[int, int], header: int, delimiter: str) -> str:
    line, fields = first
    if fields > header:
        cause = (
            f"a {delimiter!r} inside fields that are not quoted? Quote such fields, or export "
            "with another delimiter"
        )
    else:
        cause = "line breaks inside fields that are not quoted, or a header with extra names?"
    return (
        f"{bad:,} of {rows:,} rows do not have the header's {header} fields (first: line "
        f"{line}, {fields} fields): {cause}"
    )


class _Records:
    """The records of a CSV text stream, from the csv module, each with the line it starts on.

    The csv reader is fed physical lines read in pieces of at most ``limit + 1`` characters,
    and the pieces of the record being read are summed and kept: once they pass ``limit`` the
    record is abandoned (``_RecordTooLarge`` ends the feeding generator), the rest of it is read
    past (:class:`_RecordEnd`), and a new reader goes on from the next line. Memory holds one
    record of at most ``limit`` characters, whatever the file holds.
    """

    def __init__(self, handle: io.TextIOBase, limit: int) -> None:
        self.handle = handle
        self.limit = limit
        self.size = 0
        self.kept: list[str] = []
        """The pieces of the record being read."""
        self.pending: list[str] = []
        """Pieces read ahead, to be fed again (last first)."""
        self.base = 0
        """Lines read before the current csv reader began."""
        self.delimiter = _delimiter(self._peek())

    def __iter__(self) -> Iterator[tuple[int, list[str] | str]]:
        """``(first line, fields)`` per record that is not blank, or ``(first line, reason)``."""
        reader = csv.reader(self._pieces(), delimiter=self.delimiter)
        while True:
            start = self.base + reader.line_num + 1
            try:
                fields = _next(reader, self.limit)
            except StopIteration:
                return
            except _RecordTooLarge:
                self.base = start - 1 + self._skip_record()
                reader = csv.reader(self._pieces(), delimiter=self.delimiter)
                yield start, too_large(self.limit)
                continue
            except csv.Error as error:
                fields = f"cannot be parsed ({first_line(error)})"
            self.size = 0
            self.kept.clear()
            if isinstance(fields, str) or not _blank(fields):
                yield start, fields

    def _pieces(self) -> Iterator[str]:
        """Feed the csv reader; ends with ``_RecordTooLarge`` when a record passes the limit."""
        limit, kept, readline = self.limit, self.kept, self.handle.readline
        while True:
            piece = self.pending.pop() if self.pending else readline(limit + 1)
            if not piece:
                return
            self.size += len(piece)
            kept.append(piece)
            if self.size > limit:
                raise _RecordTooLarge
            yield piece

    def _peek(self) -> str:
        """The first line that is not blank, left to be read again. Blank lines before it are
        read past and counted (in ``base``), not kept: megabytes of them cost no memory."""
        piece = self.handle.readline(self.limit + 1)
        while piece and not piece.strip():
            self.base += piece.endswith(("\n", "\r"))
            piece = self.handle.readline(self.limit + 1)
        self.pending.append(piece)
        return piece

    def _skip_record(self) -> int:
        """Read past the rest of an abandoned record, keeping none of it; return how many lines
        it spanned. Where it ends is found by reading quotes as the csv module does, over what
        was read of it and what follows."""
        scanner = _RecordEnd(self.delimiter)
        pieces = iter(self.kept)
        lines = 0
        while True:
            piece = next(pieces, None)
            if piece is None:
                piece = self.pending.pop() if self.pending else self.handle.readline(self.limit + 1)
                if not piece:
                    break
            end = scanner.scan(piece)
            lines += piece.endswith(("\n", "\r")) if end is None else 1
            if end is not None:
                if end < len(piece):
                    self.pending.append(piece[end:])
                break
        self.size = 0
        self.kept.clear()
        return lines


def _next(reader: Iterator[list[str]], limit: int) -> list[str]:
    """The next record, with the csv module's field limit raised to the row limit meanwhile (it
    is process-wide, and other code may rely on its default)."""
    before = csv.field_size_limit(max(limit + 2, csv.field_size_limit()))
    try:
        return next(reader)
    finally:
        csv.field_size_limit(before)


class _RecordEnd:
    """Where a CSV record ends, found piece by piece as the csv module reads it (default
    dialect: ``"`` quotes, ``""`` inside quotes is a quote, a quote inside an unquoted field is
    a character): a line break outside quotes."""

    START, FIELD, QUOTED, QUOTE_IN_QUOTED = range(4)

    def __init__(self, delimiter: str) -> None:
        self.delimiter = delimiter
        self.special = re.compile(f"[{re.escape(delimiter)}\r\n]")
        self.state = self.START

    def scan(self, text: str) -> int | None:
        """Index just past the record's line break in ``text``, or None when it goes on."""
        pos = 0
        while pos < len(text):
            if self.state == self.QUOTED:
                quote = text.find('"', pos)
                if quote < 0:
                    return None
                self.state, pos = self.QUOTE_IN_QUOTED, quote + 1
            elif self.state == self.FIELD:
                match = self.special.search(text, pos)
                if match is None:
                    return None
                if match.group() != self.delimiter:
                    return self._end(text, match.start())
                self.state, pos = self.START, match.end()
            else:  # at a field's start, or just after a quote inside quotes
                char = text[pos]
                if char == '"':
                    self.state, pos = self.QUOTED, pos + 1
                elif char == self.delimiter:
                    self.state, pos = self.START, pos + 1
                elif char in "\r\n":
                    return self._end(text, pos)
                else:
                    self.state = self.FIELD
        return None

    def _end(self, text: str, pos: int) -> int:
        self.state = self.START
        return pos + (2 if text.startswith("\r\n", pos) else 1)


def _delimiter(head: str) -> str:
    """The CSV's delimiter, from its header line: the candidate that splits it into the most
    columns (a comma when none splits it). A header that two candidates split alike is refused
    with a clear error rather than read wrong."""
    header = head.split("\n", 1)[0]
    counts = {d: len(next(csv.reader([header], delimiter=d))) for d in _DELIMITERS}
    best = max(counts.values())
    if best <= 1:  # one column, or an empty file
        return ","
    winners = [d for d, n in counts.items() if n == best]
    if len(winners) > 1:
        shown = " and ".join(repr(w) for w in winners)
        raise TableError(f"cannot tell the CSV delimiter: {shown} split the header alike")
    return winners[0]


def _encoding(path: Path, limits: TableLimits) -> str:
    """The file's encoding: a Unicode one from its byte-order mark (or the NUL bytes of
    UTF-16), UTF-8 when every byte is valid UTF-8 (checked in one streaming pass), else the
    legacy code page :func:`decode_bytes` finds in the first lines and the lines that are not
    ASCII (Windows-1252 and the like: spreadsheets export them)."""
    try:
        with open_binary(path, limits) as handle:
            head = handle.read(_SNIFF_BYTES)
            marked = _unicode_mark(head)
            if marked:
                return marked
            decoder = codecs.getincrementaldecoder("utf-8")()
            block = head
            try:
                while block:
                    decoder.decode(block)
                    block = handle.read(_SAMPLE_BYTES)
                decoder.decode(b"", final=True)
                return "utf-8"
            except UnicodeDecodeError:
                sample = _legacy_sample(head, block, handle)
    except READ_ERRORS as error:
        raise TableError(f"cannot read as csv: {first_line(error)}") from None
    decoded = decode_bytes(sample)
    if decoded.text is None or decoded.encoding is None:
        raise TableError(decoded.problem or "cannot be decoded (save the file as UTF-8)")
    return decoded.encoding


def _unicode_mark(head: bytes) -> str | None:
    for mark, name in _UNICODE_MARKS:
        if head.startswith(mark):
            return name
    if len(head) >= 4 and head.count(0) > len(head) // 4:  # UTF-16 without a mark
        decoded = decode_bytes(head[: len(head) // 4 * 4])
        if decoded.encoding and decoded.encoding.startswith("utf-16"):
            return decoded.encoding
    return None


def _legacy_sample(head: bytes, block: bytes, handle: io.BufferedIOBase) -> bytes:
    """The first lines and, up to about a megabyte, the later lines holding non-ASCII bytes:
    what tells one code page from another."""
    sample = [head[: head.rfind(b"\n") + 1] or head]
    size = len(sample[0])
    if block is not head:
        while block and size < _SAMPLE_BYTES:
            for match in _NOT_ASCII_LINE.finditer(block):
                sample.append(match.group())
                size += len(match.group())
            block = handle.read(_SAMPLE_BYTES)
    return b"".join(sample)
