"""Turn a file's bytes into text, or say why it is not text.

Why not just ``open(..., encoding="utf-8")``: scraped corpora arrive in Windows-1251 Cyrillic,
Windows-1252, ISO-8859-2, Shift_JIS, UTF-16 and more. Decoding them correctly (and saying so)
beats rejecting them, and decoding them wrongly is worse than both: mojibake enters every
metric as if it were words. So:

1. Unicode is recognised exactly: a byte-order mark, the NUL pattern of UTF-16/32, or bytes that
   are valid UTF-8.
2. Anything else goes to charset-normalizer, a maintained detector that decodes the bytes with
   every plausible legacy code page and measures how much of each result looks like
   mis-decoding ("chaos"). Results noisier than ``MAX_NOISE`` are discarded.
3. Code pages that decode equally cleanly but to different text (Polish in cp1250 and in
   iso8859-4; Japanese EUC in euc-jp and in big5) are told apart by the share of the text's
   non-ASCII words (or CJK characters) that the detected language's wordfreq list knows.
4. When no candidate remains, or the tie cannot be settled, the file is rejected with a reason:
   a wrong guess would be silent, a rejection names the file and can be fixed by saving it as
   UTF-8.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Decoded", "decode_bytes", "MAX_NOISE"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MIN_PRINTABLE = 0.97
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_APOSTROPHES = str.maketrans("’‘ʼ", "'''")
_EDGE_PUNCTUATION = "\"'()[]{}<>.,;:!?«»“”‘’„–—-…"
MAX_NOISE = 0.1
"""Highest charset-normalizer chaos accepted: above it, a tenth of the text looks mis-decoded."""
_SAME_NOISE = 0.01
_CLEAR_MARGIN = 0.05
_SAMPLE_ITEMS = 400
_MIN_ITEMS = 8
MIN_KNOWN = 0.5
"""Share of a legacy-decoded text's non-ASCII words its language must know for the decoding
to be believed (right decodings of news text score 0.8-1.0, wrong code pages 0-0.4)."""
_CJK = ("ja", "zh", "ko")


class Decoded(NamedTuple):
    """Decoded text and the encoding used; ``text`` is None and ``problem`` says why on failure."""

    text: str | None
    encoding: str | None
    problem: str | None


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``: Unicode exactly, legacy code pages through charset-normalizer.

    >>> decode_bytes("Kyiv’s".encode("utf-16")).text
    'Kyiv’s'
    >>> decode_bytes("Президент заявил во вторник, что переговоры зашли в тупик.".encode("cp1251"))
    ... # doctest: +NORMALIZE_WHITESPACE
    Decoded(text='Президент заявил во вторник, что переговоры зашли в тупик.',
            encoding='cp1251', problem=None)
    >>> decode_bytes(bytes(range(256))).problem
    'binary content, not text'
    """
    if not data.strip():
        return Decoded(None, None, "empty file")
    encoding = _unicode_encoding(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            return Decoded(None, None, f"cannot be decoded as {encoding} ({error.reason})")
    elif _looks_binary(data):
        return Decoded(None, None, "binary content, not text")
    else:
        text, encoding, problem = _legacy(data)
        if text is None:
            return Decoded(None, None, problem)
    if not _looks_like_text(text):
        return Decoded(None, None, "binary content, not text")
    return Decoded(text, encoding, None)


def _unicode_encoding(data: bytes) -> str | None:
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
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def _looks_binary(data: bytes) -> bool:
    """Control bytes (NUL, BEL, ESC ...) are rare in any text encoding but common in binaries."""
    sample = data[:20000]
    return len(_CONTROL_BYTES.findall(sample)) > (1 - _MIN_PRINTABLE) * len(sample)


def _legacy(data: bytes) -> tuple[str | None, str | None, str | None]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None, None, "undecodable: no known encoding fits (save the file as UTF-8)"
    clean = [m for m in matches if m.chaos <= MAX_NOISE]
    if not clean:
        best = min(matches, key=lambda m: m.chaos)
        return (
            None,
            None,
            f"undecodable: the closest encoding, {best.encoding}, leaves "
            f"{best.chaos:.0%} of the text garbled (save the file as UTF-8)",
        )
    least = min(m.chaos for m in clean)
    texts: dict[str, tuple[str, str]] = {}
    if _mostly_ascii(data):  # English with a few curly quotes: Windows-1252 first
        text = _strict(data, "cp1252")
        if text is not None:
            texts[text] = ("cp1252", "English")
    for match in sorted(clean, key=lambda m: (m.chaos, -m.coherence)):
        if match.chaos <= least + _SAME_NOISE:
            texts.setdefault(str(match), (match.encoding, match.language))
    # the detector may name the language right but miss its code page: try that language's own
    languages = dict.fromkeys(language for _, language in texts.values())
    for language in languages:
        for page in _languages().get(language, ("", ()))[1]:
            text = _strict(data, page)
            if text is not None:
                texts.setdefault(text, (page, language))
    return _settle(texts)


def _mostly_ascii(data: bytes) -> bool:
    """Under 5 % of bytes above 0x7F: Latin-script text with a few special characters, where the
    detector has too little to go on and Windows-1252 (what Windows editors save) is the norm."""
    sample = data[:20000]
    return sum(byte > 0x7F for byte in sample) < 0.05 * len(sample)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _settle(texts: dict[str, tuple[str, str]]) -> tuple[str | None, str | None, str | None]:
    """Choose among decodings that differ, in the detector's order of preference.

    Decodings with control characters are mis-decodings and drop out. Where the language's word
    list can judge (enough non-ASCII words), the decoding with the most known words wins if it
    wins clearly, and must know at least ``MIN_KNOWN`` of them; otherwise the detector's first
    choice stands.
    """
    readable = [(t, enc, lang) for t, (enc, lang) in texts.items() if _readable(t)]
    if not readable:
        return None, None, "undecodable: every candidate encoding leaves control characters"
    scores = [_known_share(text, language, encoding) for text, encoding, language in readable]
    judged = [(score, i) for i, score in enumerate(scores) if score is not None]
    if not judged:
        text, encoding, _ = readable[0]
        return text, encoding, None
    judged.sort(key=lambda item: (-item[0], item[1]))
    top, winner = judged[0]
    text, encoding, language = readable[winner]
    if top < MIN_KNOWN:
        return None, None, f"undecodable: no encoding gives readable {_name(language)} text"
    rivals = [i for score, i in judged[1:] if top - score < _CLEAR_MARGIN]
    if rivals and min(rivals) < winner:
        other = readable[min(rivals)][1]
        return None, None, f"undecodable: {encoding} and {other} fit equally well (save as UTF-8)"
    return text, encoding, None


def _readable(text: str) -> bool:
    """No C1 control characters and almost no private-use ones: both are what a wrong code page
    makes of bytes (real text has neither)."""
    if not _looks_like_text(text) or _C1_CONTROLS.search(text):
        return False
    private = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Co")
    return private <= 0.01 * min(len(text), 20000)


def _name(language: str) -> str:
    return language if language and language != "Unknown" else "language"


def _known_share(text: str, language: str, encoding: str) -> float | None:
    """Share of the text's non-ASCII words (CJK: characters) known to wordfreq in the detected
    language, English, or any language usually written in ``encoding`` (the detector may say
    Bulgarian of Russian text in cp1251); None when no such list exists or the text has too few
    such words to judge."""
    codes = {_languages().get(language, ("", ()))[0], *_written_in(encoding)} - {""}
    known = [_common_words(code) for code in sorted(codes)]
    known = [words for words in known if words]
    if not known:
        return None
    if codes & set(_CJK):
        items = [ch for ch in text if ord(ch) > 0x2E7F and unicodedata.category(ch) == "Lo"]
    else:
        words = (w.translate(_APOSTROPHES).strip(_EDGE_PUNCTUATION).lower() for w in text.split())
        items = [w for w in words if not w.isascii()]
    items = items[:_SAMPLE_ITEMS]
    if len(items) < _MIN_ITEMS:
        return None
    known.append(_common_words("en"))
    return sum(any(item in words for words in known) for item in items) / len(items)


def _written_in(encoding: str) -> set[str]:
    """wordfreq codes of the languages whose usual code pages include ``encoding``."""
    name = _codec(encoding)
    return {code for code, pages in _languages().values() if name in {_codec(p) for p in pages}}


@lru_cache(maxsize=256)
def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


@lru_cache(maxsize=1)
def _languages() -> dict[str, tuple[str, tuple[str, ...]]]:
    """charset-normalizer language name -> (wordfreq code, its usual legacy code pages)."""
    from ..lexicons import read_records

    return {
        row["language"]: (row["code"], tuple(p for p in row["code_pages"].split(";") if p))
        for row in read_records("encoding_languages.csv")
    }


@lru_cache(maxsize=16)
def _common_words(code: str) -> frozenset[str]:
    """The language's 30,000 commonest words (and, for CJK, characters) from wordfreq."""
    from wordfreq import top_n_list

    try:
        words = top_n_list(code, 30_000)
    except (LookupError, ValueError):
        return frozenset()
    if code in _CJK:
        return frozenset(ch for word in words for ch in word)
    return frozenset(words)


def _looks_like_text(text: str) -> bool:
    """Few control characters (NUL, BEL, ...) or lone surrogates: those mark binary data.
    Invisible format characters (zero-width spaces, direction marks) are text."""
    sample = text[:20000]
    binary = sum(
        1 for ch in sample if unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\r\t"
    )
    return binary <= (1 - _MIN_PRINTABLE) * len(sample)
