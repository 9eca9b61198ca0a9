"""Markdown building blocks that keep article text inert.

Why escape: titles, outlet names and sentences come from scraped pages. In a report they must
show as text — ``[click](http://x)``, ``<script>``, ``![img](...)``, ``# heading`` or a ``|`` that
would break a table must never become a link, tag, image, heading or column. Everything that is
not written by framing itself passes through :func:`escape` (or :func:`cell` inside tables).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

import pandas as pd
from markupsafe import Markup

__all__ = [
    "escape",
    "line",
    "cell",
    "table",
    "anchor",
    "Markup",
    "quote_block",
    "code_span",
    "code_block",
]

_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")  # $: Jupyter and GitHub render $...$ as maths
_LINE_START = re.compile(r"^(\s*)([#+=>-]|\d+[.)](?=\s|$))")  # headings, lists, quotes, rules
_WHITESPACE = re.compile(r"\s+")
_AUTOLINK = re.compile(r"(?<=\w):(?=//)|(?<=\bwww)\.|@", re.IGNORECASE)
"""What makes a renderer turn bare text into a link: a scheme's ``://``, ``www.`` and the ``@``
of an e-mail address (GitHub-flavoured Markdown's autolinks). A link from data is shown, not
followed."""


def escape(value: object) -> str:
    r"""Escape ``value`` for inline Markdown: HTML entities, then backslash-escape the syntax
    characters. ``Markup`` values — framing's own Markdown — pass unchanged. Use :func:`line`
    for a value that starts a line.

    Bare links (``https://...``, ``www.``, ``name@host``) are made inert too: they read the same
    but are not turned into links.

    >>> print(escape("[click](http://x) <b>hi</b> *now* #1 costs $5, 3.2% Russian-backed"))
    \[click\](http&#58;//x) &lt;b&gt;hi&lt;/b&gt; \*now\* #1 costs \$5, 3.2% Russian-backed
    >>> print(escape("see www.x.com or a@b.org"))
    see www&#46;x.com or a&#64;b.org
    """
    if isinstance(value, Markup):
        return str(value)
    text = _WHITESPACE.sub(" ", html.escape(str(value), quote=False))
    return _AUTOLINK.sub(_inert_link, _SPECIAL.sub(r"\\\1", text))


def _inert_link(match: re.Match[str]) -> str:
    """A character of a would-be link as an HTML entity: it reads the same, but no renderer's
    autolinking (GitHub's, Jupyter's) sees ``http://``, ``www.`` or an e-mail address in it."""
    return f"&#{ord(match.group())};"


def line(value: object) -> str:
    r"""Escape ``value`` that starts a line (a quotation, a list item): list and heading markers
    at its start are escaped too.

    >>> print(line("# Heading"), line("1. item"), line("- dash"), line("3.2 percent"))
    \# Heading 1\. item \- dash 3.2 percent
    """
    return _LINE_START.sub(_escape_marker, escape(value))


def _escape_marker(match: re.Match[str]) -> str:
    marker = match.group(2)
    escaped = marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker
    return match.group(1) + escaped


def cell(value: object) -> str:
    """Escape a value for a table cell (one line; a ``|`` cannot split the cell)."""
    if isinstance(value, Markup):
        return str(value).replace("\n", " ")
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return escape(value)


def table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    *,
    formats: dict[str, Callable[[object], str]] | None = None,
    align: Sequence[str] | None = None,
) -> Markup:
    """A GitHub-flavoured Markdown table of ``frame[columns]`` with headers ``columns.values()``.

    ``formats`` maps a column to a function returning text (escaped here) or ``Markup``.
    """
    formats = formats or {}
    header = "| " + " | ".join(columns.values()) + " |"
    align = align or ["---:" if pd.api.types.is_numeric_dtype(frame[c]) else "---" for c in columns]
    lines = [header, "|" + "|".join(align) + "|"]
    for values in frame[list(columns)].to_dict(orient="records"):
        cells = [cell(formats[c](values[c]) if c in formats else values[c]) for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return Markup("\n".join(lines))


def anchor(title: str) -> str:
    """GitHub's anchor for a heading: lower case, spaces to hyphens, punctuation dropped."""
    text = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return text.replace(" ", "-")


def quote_block(text: str) -> Markup:
    """An escaped quotation (``> ...``) of article text."""
    return Markup("> " + escape(text))


def code_span(text: object) -> Markup:
    """Inline code that no backtick in ``text`` can close early."""
    value = str(text).replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return Markup(f"{fence}{pad}{value}{pad}{fence}")


def code_block(text: str, language: str = "") -> Markup:
    """A fenced code block that no backtick run in ``text`` can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{language}\n{text}\n{fence}")
