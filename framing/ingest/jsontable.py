"""JSON tables, read one row at a time: JSON lines (``.jsonl``) and a JSON array (``.json``).

Each row is decoded on its own, so a bad one (invalid JSON, nested a thousand levels deep, a
number of thousands of digits) is rejected with its number and the rest loads. A row longer than
the row limit is skipped unread: a JSON line by reading lines in bounded pieces, an item of an
array by a scan that knows strings and brackets and keeps only the item being read.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import first_line
from .tableio import (
    MAX_COLUMNS,
    READ_ERRORS,
    ColumnCheck,
    TableError,
    TableLimits,
    check_width,
    open_text,
    too_large,
)

__all__ = ["parse_json_object", "json_error", "jsonl_rows", "json_rows"]

Row = tuple[int, dict[str, object] | str]
_CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_TOKEN = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"|["\[\]{},]')
"""A whole JSON string, else a quote, bracket or comma: what a value's extent depends on."""
_DECODER = json.JSONDecoder()
_STRING_REST = re.compile(r'[^"\\]*(?:\\[\s\S][^"\\]*)*"')
"""The rest of a JSON string, escapes included, up to its closing quote."""


def json_error(error: Exception) -> str:
    """A short reason for what ``json.loads`` raised on hostile input."""
    if isinstance(error, RecursionError):
        return "invalid JSON (nested too deeply)"
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON ({error.msg})"
    if "integer string conversion" in str(error):
        return "invalid JSON (a number of more than 4,300 digits)"
    return f"invalid JSON ({first_line(error)})"


def parse_json_object(text: str) -> dict[str, object] | str:
    """One JSON object, or the reason it is not one (never an exception)."""
    try:
        record = json.loads(text)
    except (ValueError, RecursionError) as error:
        return json_error(error)
    return record if isinstance(record, dict) else "row is not a JSON object"


def jsonl_rows(path: Path, limits: TableLimits, columns: ColumnCheck) -> Iterator[Row]:
    """Rows of a JSON-lines file (row number = line number); the columns are checked once every
    line is read, from the keys of all rows."""
    keys: set[str] = set()
    try:
        with open_text(path, limits) as handle:
            for number, line in enumerate(_bounded_lines(handle, limits.max_row_bytes), start=1):
                if line is None:
                    yield number, too_large(limits.max_row_bytes)
                elif line.strip():
                    record = parse_json_object(line)
                    if isinstance(record, dict):
                        _add_keys(keys, record)
                    yield number, record
    except READ_ERRORS as error:
        raise TableError(f"cannot read: {first_line(error)}") from None
    columns.check(keys)


def _add_keys(keys: set[str], record: dict[str, object]) -> None:
    """Gather the rows' keys (they become columns), refusing too many as soon as they are."""
    keys.update(record)
    if len(keys) > MAX_COLUMNS:
        check_width(keys, "its rows hold")


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


def json_rows(path: Path, limits: TableLimits, columns: ColumnCheck) -> Iterator[Row]:
    """Rows of a JSON array of objects (or of ``{"articles": [...]}``, ``{"data": [...]}``),
    numbered from 1; the columns are checked once every row is read."""
    keys: set[str] = set()
    try:
        with open_text(path, limits) as handle:
            array = _JsonArray(handle, limits.max_row_bytes)
            array.open()
            for number, record in array.items():
                if isinstance(record, dict):
                    _add_keys(keys, record)
                yield number, record
    except READ_ERRORS as error:
        raise TableError(f"cannot read as json: {first_line(error)}") from None
    columns.check(keys)


class _ValueEnd:
    """Finds where one JSON value ends, fed piece by piece: tracks string and bracket depth
    only, so a value is found whole (even an invalid one) before it is decoded."""

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.escaped = False

    def scan(self, text: str, pos: int) -> int | None:
        """Index just past the value in ``text`` (scanning from ``pos``), or None when the text
        ends first. A value that is not an array, object or string ends before the next ``,``,
        ``]`` or ``}`` outside brackets."""
        while pos < len(text):
            if self.in_string:
                pos = self._in_string(text, pos)
                if pos is None:
                    return None
                if not self.in_string and self.depth == 0:
                    return pos
                continue
            match = _TOKEN.search(text, pos)
            if match is None:
                return None
            char, pos = text[match.start()], match.end()
            if char == '"':  # a whole string, or the opening quote of one the text cuts
                self.in_string = pos - match.start() == 1
                if not self.in_string and self.depth == 0:
                    return pos
            elif char in "[{":
                self.depth += 1
            elif self.depth == 0:  # , ] or } after a number, true, null ...
                return match.start()
            elif char in "]}":
                self.depth -= 1
                if self.depth == 0:
                    return pos
        return None

    def _in_string(self, text: str, pos: int) -> int | None:
        """Past the closing quote of the string being read, or None when ``text`` ends first
        (remembering whether it ends on an escaping backslash)."""
        if self.escaped:
            self.escaped, pos = False, pos + 1
        match = _STRING_REST.match(text, pos)
        if match is not None:
            self.in_string = False
            return match.end()
        trailing = min(len(text) - len(text.rstrip("\\")), max(len(text) - pos, 0))
        self.escaped = trailing % 2 == 1
        return None


class _JsonArray:
    """The items of a JSON array, read from a text stream through a buffer of about one row:
    each item's extent is found first (:class:`_ValueEnd`), then it is decoded alone; an item
    longer than ``limit`` is scanned past and dropped."""

    def __init__(self, handle: io.TextIOBase, limit: int) -> None:
        self.handle = handle
        self.limit = limit
        self.buffer = ""
        self.pos = 0

    def _more(self) -> bool:
        """Read another piece, dropping what lies before ``pos``; False at the end."""
        chunk = self.handle.read(_CHUNK)
        if not chunk:
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def _peek(self) -> str:
        """The next character that is not a space ("" at the end), without consuming it."""
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def _value(self, number: int) -> str | None:
        """The next value's text, or None when it is longer than the limit (skipped)."""
        scanner = _ValueEnd()
        resume = self.pos
        while True:
            end = scanner.scan(self.buffer, resume)
            if end is not None:
                text, self.pos = self.buffer[self.pos : end], end
                return text if len(text) <= self.limit else None
            if len(self.buffer) - self.pos > self.limit:
                self._skip(scanner, number)
                return None
            resume = len(self.buffer) - self.pos
            if not self._more():
                raise TableError(f"the JSON ends inside row {number} (a truncated file?)")
            resume += self.pos

    def _skip(self, scanner: _ValueEnd, number: int) -> None:
        """Read past the rest of an over-long value, keeping none of it."""
        self.buffer, self.pos = "", 0
        while True:
            if not self._more():
                raise TableError(f"the JSON ends inside row {number} (a truncated file?)")
            end = scanner.scan(self.buffer, 0)
            if end is not None:
                self.pos = end
                return
            self.buffer = ""

    def _item(self, number: int) -> dict[str, object] | str:
        """The next item, decoded straight from the buffer when it lies there whole and is valid
        (the common case, at the JSON decoder's speed); else found by :meth:`_value` first."""
        try:
            value, end = _DECODER.raw_decode(self.buffer, self.pos)
        except (ValueError, RecursionError):
            pass
        else:
            if end < len(self.buffer):  # a number cut by the buffer's end would look whole
                size, self.pos = end - self.pos, end
                if size > self.limit:
                    return too_large(self.limit)
                return value if isinstance(value, dict) else "row is not a JSON object"
        text = self._value(number)
        return too_large(self.limit) if text is None else parse_json_object(text)

    def open(self) -> None:
        """Move to the first item: the array is the file, or its ``articles``/``data`` key."""
        char = self._peek()
        if char == "[":
            self.pos += 1
            return
        if char == "{":
            self.pos += 1
            while self._peek() == '"':
                key = self._value(0)
                if self._peek() != ":":
                    break
                self.pos += 1
                if key in ('"articles"', '"data"') and self._peek() == "[":
                    self.pos += 1
                    return
                self._value(0)
                if self._peek() != ",":
                    break
                self.pos += 1
        raise TableError('JSON table must be a list of objects (or {"articles": [...]})')

    def items(self) -> Iterator[Row]:
        """``(number, object or reason)`` per item, up to the array's end."""
        if self._peek() == "]":
            return
        number = 0
        while True:
            number += 1
            yield number, self._item(number)
            char = self._peek()
            if char == "]":
                return
            if char != ",":
                found = repr(char) if char else "the end of the file"
                raise TableError(f"row {number}: expected ',' or ']' after it, found {found}")
            self.pos += 1
