"""Turn a file's bytes into text, or say why it is not text.

Why not just ``open(..., encoding="utf-8")``: scraped corpora arrive as Latin-1, Windows-1252 and
UTF-16 too; decoding them correctly (and saying so) beats rejecting them, and binary junk must be
refused with a reason instead of producing mojibake articles.
"""

from __future__ import annotations

import codecs
from typing import NamedTuple

__all__ = ["Decoded", "decode_bytes"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MIN_PRINTABLE = 0.97


class Decoded(NamedTuple):
    """Decoded text and the encoding used; ``text`` is None and ``problem`` says why on failure."""

    text: str | None
    encoding: str | None
    problem: str | None


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` as UTF-8, UTF-16/32 (BOM or NUL pattern) or Windows-1252/Latin-1.

    >>> decode_bytes("Kyiv’s".encode("utf-16")).text
    'Kyiv’s'
    >>> decode_bytes("café".encode("latin-1"))
    Decoded(text='café', encoding='cp1252', problem=None)
    >>> decode_bytes(bytes(range(256))).problem
    'binary content, not text'
    """
    if not data.strip():
        return Decoded(None, None, "empty file")
    encoding = _guess_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            return Decoded(None, None, f"cannot be decoded as {encoding}")
        encoding = "cp1252"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            encoding = "latin-1"
            text = data.decode(encoding)
    if not _looks_like_text(text):
        return Decoded(None, None, "binary content, not text")
    return Decoded(text, encoding, None)


def _guess_encoding(data: bytes) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4096]
    if len(head) >= 4 and head.count(0) > len(head) // 4:
        even_zeros = head[0::2].count(0)
        odd_zeros = head[1::2].count(0)
        if odd_zeros > 0.8 * len(head[1::2]) and even_zeros < odd_zeros // 4:
            return "utf-16-le"
        if even_zeros > 0.8 * len(head[0::2]) and odd_zeros < even_zeros // 4:
            return "utf-16-be"
    return "utf-8"


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
    return printable >= _MIN_PRINTABLE * len(sample)
