"""Readers for one-article files: .txt, .md, .html/.htm, .json.

Each reader turns decoded text into a :class:`RawArticle`; the corpus loader adds the outlet and
id and validates. Plain text follows the seed corpus's header convention: a title line, then an
optional date line and an optional URL line, then the body.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..tokens import folded
from .dates import looks_like_date_line

__all__ = ["RawArticle", "FILE_SUFFIXES", "parse_article_text", "TITLE_MAX_WORDS"]

TITLE_MAX_WORDS = 25
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;:,]\s*$")


@dataclass
class RawArticle:
    """What a reader found in one input; fields left None when the input does not say."""

    body: str
    title: str | None = None
    date: object = None
    url: str | None = None
    outlet: str | None = None
    article_id: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def parse_article_text(text: str, suffix: str, *, known_title: str | None = None) -> RawArticle:
    """Parse a decoded one-article file by its suffix (``.txt``, ``.md``, ``.html``, ``.json``).

    Raises ``ValueError`` with a short reason when the content is not an article of that format.
    """
    if suffix in (".html", ".htm"):
        return _parse_html(text)
    if suffix == ".json":
        return _parse_json(text)
    return _parse_plain(text, markdown=suffix == ".md", known_title=known_title)


def _parse_plain(text: str, *, markdown: bool, known_title: str | None) -> RawArticle:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    title = None
    if lines and _is_title_line(lines[0], markdown=markdown, known_title=known_title):
        title = _strip_markdown_heading(lines.pop(0)).strip()
    date = url = None
    if lines and looks_like_date_line(lines[0]):
        date = lines.pop(0).strip()
    if lines and _URL_LINE.match(lines[0]):
        url = lines.pop(0).strip()
    return RawArticle(body="\n".join(lines), title=title, date=date, url=url)


def _is_title_line(line: str, *, markdown: bool, known_title: str | None) -> bool:
    """A first line is a header title when the manifest says so, or it reads like a headline:
    short and without sentence-final punctuation (a lead paragraph is long and ends with a stop)."""
    stripped = _strip_markdown_heading(line).strip()
    if known_title is not None:
        return _same_text(stripped, known_title)
    if markdown and line.lstrip().startswith("#"):
        return True
    if len(stripped.split()) > TITLE_MAX_WORDS:
        return False
    return not stripped.endswith(".") and not _SENTENCE_END.search(stripped)


def _same_text(left: str, right: str) -> bool:
    return folded(left) == folded(right)


def _strip_markdown_heading(line: str) -> str:
    return re.sub(r"^\s*#{1,6}\s+", "", line)


def _parse_json(text: str) -> RawArticle:
    """One article object. Hostile JSON (nested a thousand levels deep, a number of thousands
    of digits) and fields of a wrong type (a text or title that is a list or a number) reject
    the file with the reason, naming the field."""
    from .jsontable import json_error
    from .tables import TEXT_ALIASES, bad_fields, normalise_record

    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON ({error.msg} at line {error.lineno})") from None
    except (ValueError, RecursionError) as error:
        raise ValueError(json_error(error)) from None
    if not isinstance(record, dict):
        raise ValueError("JSON file must hold one object (an article)")
    record = normalise_record(record)
    problems = bad_fields(record)
    if problems:
        raise ValueError("; ".join(problems.values()))
    body = record.pop("text", None)
    if not isinstance(body, str):
        raise ValueError(f"no text field (expected one of {', '.join(TEXT_ALIASES)})")
    known = {k: record.pop(k, None) for k in ("title", "date", "url", "outlet", "article_id")}
    return RawArticle(body=body, **known, extra=record)


def _parse_html(text: str) -> RawArticle:
    """Main text and metadata with trafilatura; the string is parsed offline, nothing is fetched
    and no script runs (trafilatura parses with lxml and never executes JavaScript). A page the
    parser cannot take (nested past what lxml or Python's recursion allow) is rejected."""
    import trafilatura
    from lxml.etree import LxmlError

    try:
        document = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=False
        )
    except (RecursionError, LxmlError, ValueError) as error:
        raise ValueError(f"the HTML cannot be parsed ({type(error).__name__})") from None
    if document is None:
        raise ValueError("no article text found in the HTML")
    data = document if isinstance(document, dict) else document.as_dict()
    body = data.get("text") or ""
    if not body.strip():
        raise ValueError("no article text found in the HTML")
    return RawArticle(
        body=body,
        title=data.get("title"),
        date=data.get("date"),
        url=data.get("url"),
        extra={"site_name": data.get("sitename")} if data.get("sitename") else {},
    )


FILE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json")
