"""Outlet names: one outlet, one name, whatever the inputs call it.

An outlet's name comes from a folder (``freedom-daily/``), a manifest or table column
(``Freedom Daily``), a JSON file, or a web page's metadata (``freedomdaily.com``). Compared
under different names, one outlet would be two, each with half its articles. So, once every
article is read, three steps, each change logged:

1. **Site names.** The articles of a folder whose outlet is only the folder's name (a slug such
   as ``fd``) take the site name (``og:site_name`` and the like) that more than half of the
   folder's HTML pages give: one name for the whole folder, never a split by one odd page.
2. **Aliases.** The corpus's alias map (``lexicons/outlets.csv`` with columns ``alias,outlet``,
   and ``[ingest] outlets`` in ``framing.toml``) renames each alias to its outlet. An alias that
   names no outlet of the corpus is flagged, not an error.
3. **Spellings.** Names that are the same after :func:`outlet_key` (case, accents, spaces,
   punctuation, ``www.`` and a domain ending such as ``.com`` set aside) are one outlet, shown
   under the name :func:`display_name` picks. Conservative by design: ``The Hill`` and ``Hill``
   stay two. ``merge_outlets = false`` switches this step off.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import ConfigError
from ..lexicons import read_override
from .log import LogEntry

__all__ = [
    "ALIAS_FILE",
    "OutletAliases",
    "read_aliases",
    "outlet_key",
    "is_written",
    "display_name",
    "resolve_outlets",
    "outlet_column_check",
    "OUTLET_REASONS",
    "MISMAPPED_OUTLETS",
    "MISMAPPED_SHARE",
]

ALIAS_FILE = "outlets.csv"
"""The alias map's file name in the corpus's ``lexicons/`` folder."""
OUTLET_REASONS = (
    "outlet_site_name",
    "outlet_alias",
    "outlet_spelling",
    "unknown_outlet_alias",
    "outlet_column",
)
"""Log reasons of this module (``framing validate`` lists them together)."""
MISMAPPED_OUTLETS = 500
MISMAPPED_SHARE = 0.8
"""A corpus of at least ``MISMAPPED_OUTLETS`` outlets, at least ``MISMAPPED_SHARE`` of them with a
single article, gets an ``outlet_column`` warning (:func:`outlet_column_check`). Why: that is
what an outlet taken from the wrong column looks like (a title or an id: one outlet per article),
and every comparison is then of single articles. A real corpus of many one-article outlets (one
event covered everywhere) is rare at that size, and a warning costs it one line; the AllSides
corpus (487 outlets, a third of them with one article) and the seeds stay below."""

_SCHEME = re.compile(r"^(?:https?://)?(?:www\.)?")
_DOMAIN = re.compile(
    r"^(?:[\w-]+\.)*[\w-]{2,}\."
    r"(?:com|org|net|info|biz|news|media|press|online|tv|io|co|[a-z]{2})$"
)
_GENERIC = ("com", "org", "net", "info", "biz", "news", "media", "press", "online", "tv", "io")
"""Generic endings, dropped from a domain's key; a country ending (``.ie``, ``.co.uk``) is kept."""
_NOT_WORD = re.compile(r"[\W_]+")
_HTML = (".html", ".htm")
_MAX_ORIGINS = 3


def outlet_key(name: str) -> str:
    """What must match for two outlet names to be one outlet: the name casefolded, accents,
    spaces and punctuation removed, and a leading ``https://``/``www.`` and a generic domain
    ending (``.com``, ``.org``) dropped from a name that is a web domain; a country ending stays
    (``independent.ie`` and ``independent.co.uk`` are two papers). ``Freedom Daily``,
    ``freedom-daily`` and ``www.FreedomDaily.com`` all give ``freedomdaily``."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char)).strip()
    text = _SCHEME.sub("", text).rstrip("/")
    if _DOMAIN.match(text) and text.rsplit(".", 1)[-1] in _GENERIC:
        # a country ending stays: independent.ie and independent.co.uk are two papers
        text = text.rsplit(".", 1)[0]
    return _NOT_WORD.sub("", text) or name.casefold().strip()


def is_written(name: str) -> bool:
    """Whether ``name`` is written as people write it (``Freedom Daily``, ``RT``), not a slug
    (``freedom-daily``) or a web domain (``freedomdaily.com``). A name in a script without
    capitals (Chinese, Arabic) counts as written."""
    lowered = name.strip().casefold()
    if "://" in lowered or lowered.startswith("www.") or _DOMAIN.match(lowered):
        return False
    return " " in name.strip() or name != name.lower() or not any(c.islower() for c in name)


def display_name(counts: Mapping[str, int]) -> str:
    """The name to show for spellings of one outlet (``{spelling: articles}``): a written name
    before a slug or a domain; then the spelling of the most articles; then the one with the
    most words (``Des Moines Register`` before ``DesMoines Register``); then the first in
    alphabetical order."""
    return min(counts, key=lambda n: (not is_written(n), -counts[n], -len(n.split()), n))


@dataclass(frozen=True)
class OutletAliases:
    """The corpus's alias map: ``names`` maps an alias to its outlet; ``given`` says where each
    alias was given (``framing.toml``, ``lexicons/outlets.csv``) for the log."""

    names: dict[str, str] = field(default_factory=dict)
    given: dict[str, str] = field(default_factory=dict)


def read_aliases(options: Mapping[str, str], lexicons: Path | None) -> OutletAliases:
    """The alias map of ``[ingest] outlets`` and of ``<corpus>/lexicons/outlets.csv``, when
    there is one. An alias given twice with different outlets, or a name that is both an alias
    and another alias's outlet (a chain), is a :class:`ConfigError` naming the file, and so is
    an alias file that cannot be read (:func:`framing.lexicons.read_override`: a link out of
    the corpus, not a regular file, not UTF-8, over the size limit)."""
    names = {alias.strip(): outlet.strip() for alias, outlet in options.items()}
    given = dict.fromkeys(names, "framing.toml")
    text = read_override(ALIAS_FILE, lexicons, without="without it no outlet aliases apply")
    if text is not None:
        file = lexicons / ALIAS_FILE
        label = f"{lexicons.name}/{ALIAS_FILE}"
        for line, alias, outlet in _alias_rows(file, text):
            if names.get(alias, outlet) != outlet:
                raise ConfigError(
                    f"{file}: line {line}: alias {alias!r} is given as {outlet!r} here and as "
                    f"{names[alias]!r} in {given[alias]}"
                )
            names[alias], given[alias] = outlet, label
    names = {alias: outlet for alias, outlet in names.items() if alias != outlet}
    for alias, outlet in names.items():
        if outlet in names:
            raise ConfigError(
                f"{given[alias]}: {outlet!r} is the outlet of alias {alias!r} and itself an alias "
                f"of {names[outlet]!r}: give each alias its final outlet"
            )
    return OutletAliases(names, {alias: given[alias] for alias in names})


def _alias_rows(file: Path, text: str) -> list[tuple[int, str, str]]:
    """``(line, alias, outlet)`` for each row of the alias file ``file`` holding ``text``;
    ``#`` lines are comments."""
    numbered = [
        (n, line) for n, line in enumerate(text.splitlines(), 1) if not line.startswith("#")
    ]
    numbered = [(n, line) for n, line in numbered if line.strip()]
    if not numbered:
        return []
    try:
        rows = list(csv.reader(io.StringIO("\n".join(line for _, line in numbered))))
    except csv.Error as error:
        raise ConfigError(f"{file}: not a valid CSV file ({error})") from None
    header = [cell.strip().lower() for cell in rows[0]]
    if "alias" not in header or "outlet" not in header:
        raise ConfigError(
            f"{file}: line {numbered[0][0]}: the header must name the columns alias and outlet "
            f"(found: {', '.join(header) or 'nothing'})"
        )
    a, o = header.index("alias"), header.index("outlet")
    out = []
    for (number, _), row in zip(numbered[1:], rows[1:], strict=True):
        alias = row[a].strip() if len(row) > a else ""
        outlet = row[o].strip() if len(row) > o else ""
        if not alias or not outlet:
            raise ConfigError(f"{file}: line {number}: needs an alias and an outlet")
        out.append((number, alias, outlet))
    return out


def resolve_outlets(
    frame: pd.DataFrame,
    folders: Mapping[str, str],
    aliases: OutletAliases,
    *,
    merge: bool = True,
) -> tuple[pd.Series, list[LogEntry]]:
    """The outlet of every article after site names, aliases and spelling merges (the module
    docstring has the rules), and one log entry per change.

    Parameters
    ----------
    frame : DataFrame
        Articles with ``article_id``, ``outlet``, ``source_path`` and, for HTML pages that
        name one, ``site_name``.
    folders : mapping
        ``article_id`` → its folder, for articles whose outlet is only their folder's name.
    aliases : OutletAliases
        The corpus's alias map.
    merge : bool, default=True
        Merge names that are the same after :func:`outlet_key`.
    """
    outlets = frame["outlet"].astype(object).copy()
    origins = _origins(frame["source_path"])
    log = _site_names(frame, folders, outlets)
    log += _aliases(outlets, origins, aliases, merge=merge)
    if merge:
        log += _spellings(outlets, origins, set(aliases.names.values()))
    return outlets, log


def _origins(sources: pd.Series) -> pd.Series:
    """Where each article's name came from, for the log: its table file or its outlet folder."""
    text = sources.astype(str)
    table = text.str.extract(r"^(.*):row \d+$")[0]
    folder = text.str.extract(r"^([^/]+/)")[0]
    return table.fillna(folder).fillna(text)


def _site_names(frame: pd.DataFrame, folders: Mapping[str, str], outlets: pd.Series) -> list:
    if "site_name" not in frame or not folders:
        return []
    folder = frame["article_id"].map(folders)
    sites = frame["site_name"].map(lambda v: v.strip() if isinstance(v, str) else None)
    html = frame["source_path"].astype(str).str.lower().str.endswith(_HTML)
    log: list[LogEntry] = []
    chosen: dict[str, tuple[str, pd.Index, str]] = {}
    for slug, rows in folder.dropna().groupby(folder.dropna(), sort=True):
        pages = rows.index[html[rows.index] | sites[rows.index].notna()]
        named = sites[pages].dropna()
        if named.empty:
            continue
        groups = named.groupby(named.map(outlet_key)).size().sort_values(ascending=False)
        top = named[named.map(outlet_key) == groups.index[0]]
        if 2 * len(top) <= len(pages):
            log.append(_site_names_undecided(slug, named, len(pages)))
            continue
        name = display_name(top.value_counts().to_dict())
        if not is_written(name) and outlet_key(name) == outlet_key(slug):
            continue  # freedomdaily.com is no better a name than freedom-daily
        others = len(named) - len(top)
        detail = (
            f"outlet {name!r} for the {_articles(len(rows))} of folder {slug}/: the site name "
            f"of {len(top)} of its {len(pages)} HTML page(s)"
            + (f" ({others} name another site)" if others else "")
        )
        chosen[slug] = (name, rows.index, detail)
    return log + _apply_site_names(chosen, set(folders.values()), outlets)


def _apply_site_names(
    chosen: dict[str, tuple[str, pd.Index, str]], slugs: set[str], outlets: pd.Series
) -> list[LogEntry]:
    """Rename folders to their site names, unless two folders would share one, or one would
    take another folder's name: the user kept them apart (an aggregator's site name on pages
    of two wire services), so a merge is theirs to make with the alias map."""
    taken: dict[str, list[str]] = {}
    for slug, (name, _, _) in chosen.items():
        taken.setdefault(outlet_key(name), []).append(slug)
    by_key = {outlet_key(slug): slug for slug in slugs}
    log = []
    for slug, (name, rows, detail) in chosen.items():
        key = outlet_key(name)
        clash = [s for s in taken[key] if s != slug]
        other = by_key.get(key)
        if clash or (other is not None and other != slug):
            with_whom = (clash[0] if clash else other) + "/"
            log.append(
                LogEntry(
                    f"{slug}/",
                    None,
                    "ingest",
                    "flagged",
                    "outlet_site_name",
                    f"folder {slug}/ kept as outlet {slug!r}: its pages' site name {name!r} is "
                    f"also that of {with_whom}; join them with the alias map if they are one",
                )
            )
            continue
        outlets[rows] = name
        log.append(LogEntry(f"{slug}/", None, "ingest", "changed", "outlet_site_name", detail))
    return log


def _site_names_undecided(slug: str, named: pd.Series, pages: int) -> LogEntry:
    counts = named.value_counts()
    listed = ", ".join(f"{name!r} ({n})" for name, n in counts.head(_MAX_ORIGINS).items())
    detail = (
        f"no site name is given by more than half of the {pages} HTML page(s) of {slug}/ "
        f"({listed}): the folder's name {slug!r} is kept as outlet"
    )
    return LogEntry(f"{slug}/", None, "ingest", "flagged", "outlet_site_name", detail)


def _aliases(
    outlets: pd.Series, origins: pd.Series, aliases: OutletAliases, *, merge: bool
) -> list[LogEntry]:
    """Rename aliases to their outlets: exact names, and (when merging) names with the same
    :func:`outlet_key` as an alias."""
    if not aliases.names:
        return []
    by_key: dict[str, set[str]] = {}
    for alias in aliases.names:
        by_key.setdefault(outlet_key(alias), set()).add(alias)
    counts = outlets.value_counts()
    renames: dict[str, str] = {}
    used: set[str] = set()
    log = []
    for name, n in sorted(counts.items()):
        matched = [name] if name in aliases.names else []
        if not matched and merge:
            keyed = by_key.get(outlet_key(name), set())
            matched = sorted(keyed) if len({aliases.names[a] for a in keyed}) == 1 else []
        if not matched:
            continue
        used.update(matched)
        target = aliases.names[matched[0]]
        if target == name:
            continue
        renames[name] = target
        detail = (
            f"outlet {name!r} ({_articles(n)}) is {target!r}: alias {matched[0]!r} in "
            f"{aliases.given[matched[0]]}"
        )
        log.append(_entry(origins[outlets == name], "merged", "outlet_alias", detail))
    outlets[:] = outlets.map(lambda v: renames.get(v, v))
    for alias in sorted(set(aliases.names) - used):
        detail = f"alias {alias!r} (for {aliases.names[alias]!r}) names no outlet of the corpus"
        log.append(
            LogEntry(
                aliases.given[alias], None, "ingest", "flagged", "unknown_outlet_alias", detail
            )
        )
    return log


def _spellings(outlets: pd.Series, origins: pd.Series, targets: set[str]) -> list[LogEntry]:
    """Merge names with one :func:`outlet_key`; an alias map's outlet wins the display name."""
    counts = outlets.value_counts()
    keys = pd.Series(counts.index.map(outlet_key), index=counts.index)
    renames: dict[str, str] = {}
    log = []
    for _, group in counts.groupby(keys, sort=True):
        if len(group) < 2:
            continue
        spellings = group.to_dict()
        chosen = {n: c for n, c in spellings.items() if n in targets} or spellings
        name = display_name(chosen)
        renamed = [n for n in sorted(spellings) if n != name]
        renames.update(dict.fromkeys(renamed, name))
        listed = _listing([f"{n!r} ({_articles(spellings[n])})" for n in [*renamed, name]])
        detail = (
            f"{listed} are one outlet, named {name!r}: the same name but for case, spacing, "
            f"punctuation or a web domain"
        )
        log.append(_entry(origins[outlets.isin(renamed)], "merged", "outlet_spelling", detail))
    outlets[:] = outlets.map(lambda v: renames.get(v, v))
    return log


def outlet_column_check(outlets: pd.Series, source: str, *, table: bool) -> LogEntry | None:
    """An ``outlet_column`` warning when the outlets look mis-mapped (``MISMAPPED_OUTLETS`` or
    more, at least ``MISMAPPED_SHARE`` of them with one article), else None.

    Parameters
    ----------
    outlets : Series
        Each article's outlet.
    source : str
        The corpus (its folder or table file), named in the entry.
    table : bool
        Whether the corpus is one table file (the fix is then its outlet column, ``--columns``),
        else a folder (sub-folders or the manifest's ``outlet`` name the outlets).
    """
    sizes = outlets.value_counts()
    single = int((sizes == 1).sum())
    if len(sizes) < MISMAPPED_OUTLETS or single < MISMAPPED_SHARE * len(sizes):
        return None
    fix = (
        "check that the outlet column holds outlets, not titles or ids, and name the right one "
        "with --columns outlet=COLUMN"
        if table
        else "check that each sub-folder (or the manifest's outlet column) is an outlet"
    )
    detail = (
        f"{len(sizes):,} outlets, {single:,} ({single / len(sizes):.0%}) of them with a single "
        f"article: the outlets look mis-mapped; {fix}"
    )
    return LogEntry(source, None, "ingest", "flagged", "outlet_column", detail)


def _entry(origins: pd.Series, action: str, reason: str, detail: str) -> LogEntry:
    """A log entry whose source is where the renamed names came from (first three)."""
    places = sorted(origins.unique())
    source = ", ".join(places[:_MAX_ORIGINS])
    if len(places) > _MAX_ORIGINS:
        source += f" and {len(places) - _MAX_ORIGINS} more"
    return LogEntry(source, None, "ingest", action, reason, detail)


def _articles(count: int) -> str:
    return f"{count:,} article" + ("" if count == 1 else "s")


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
