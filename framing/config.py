"""Options for each stage, as frozen dataclasses with documented defaults.

Why frozen dataclasses: a run's configuration is part of its result (the report prints it and the
cache will key on it), so it must be immutable, comparable and printable.

Precedence: defaults < the corpus's ``framing.toml`` < options given in code or on the command line.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .compare.options import CompareOptions, is_int, is_number
from .errors import ConfigError
from .safe_read import settings_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "IngestOptions",
    "PrepareOptions",
    "AnnotateOptions",
    "ReportOptions",
    "Config",
    "CORPUS_CONFIG",
    "load_config",
]

CORPUS_CONFIG = "framing.toml"


def _check(options: object, name: str, ok: bool, expected: str) -> None:
    """One message shape for every bad option (as scikit-learn's parameter validation)."""
    if not ok:
        raise ConfigError(
            f"The '{name}' parameter of {type(options).__name__} must be {expected}; "
            f"got {getattr(options, name)!r} instead."
        )


@dataclass(frozen=True)
class IngestOptions:
    """How inputs are read and which are refused.

    Parameters
    ----------
    min_words : int, default=20
        Articles with fewer tokens are rejected: too short to be an article (a caption, a stub).
    max_file_mb : float, default=10.0
        Per-article files larger than this are refused unread (a news article is < 0.2 MB), and
        a row of any table (CSV, JSON, JSON lines, Parquet) larger than this is rejected without
        being held in memory.
    max_table_mb : float, default=2000.0
        A table file larger than this, or a gzipped or Parquet one that inflates past it, is
        refused (the whole AllSides corpus, 37,554 articles, is 0.3 GB inflated). A compressed
        table that inflates more than ``framing.ingest.tables.MAX_RATIO`` (100) times its size
        is refused as a bomb as soon as it does (a Parquet file by its metadata, before
        anything is decoded, or as its rows are read).
    dayfirst : bool, optional
        How to read a numeric date such as ``03/02/2022`` when neither the date itself nor the
        other dates of its file settle the order: True day first, False month first. Unset
        (the default), such a date is read month first and flagged ambiguous (``date_exact``
        false, an ``ambiguous_date`` log entry): never guessed silently.
    columns : tuple of str, default=()
        Which column of a table holds which field, as ``"field=column"`` (``"title=headline"``,
        ``"date=published"``); fields: text, outlet, title, date, url, article_id. A mapped
        column comes before the built-in aliases. In ``framing.toml``: ``columns =
        ["title=headline"]``; on the command line: ``--columns title=headline,date=published``.
    outlets : mapping of str to str, default={}
        Outlet aliases: each key is another name of the outlet its value names
        (``{"freedom-daily": "Freedom Daily", "fd.com": "Freedom Daily"}``), whether it comes
        from a folder, a manifest, a table column or a web page. In ``framing.toml``: an
        ``[ingest.outlets]`` table; a corpus folder may also list them in
        ``lexicons/outlets.csv`` (columns ``alias,outlet``). See :mod:`framing.ingest.outlets`.
    merge_outlets : bool, default=True
        Outlet names that are the same but for case, accents, spacing, punctuation or a web
        domain (``Freedom Daily``, ``freedom-daily``, ``freedomdaily.com``) are one outlet, each
        merge logged. False keeps every spelling apart (aliases still apply).
    """

    min_words: int = 20
    max_file_mb: float = 10.0
    max_table_mb: float = 2000.0
    dayfirst: bool | None = None
    columns: tuple[str, ...] = ()
    outlets: Mapping[str, str] = field(default_factory=dict)
    merge_outlets: bool = True

    def column_map(self) -> dict[str, str]:
        """``columns`` as ``{field: column}``."""
        pairs = (item.split("=", 1) for item in self.columns)
        return {field.strip(): column.strip() for field, column in pairs}

    def __post_init__(self) -> None:
        _check(
            self,
            "min_words",
            is_int(self.min_words) and self.min_words >= 1,
            "an int >= 1",
        )
        for name in ("max_file_mb", "max_table_mb"):
            value = getattr(self, name)
            _check(self, name, is_number(value) and value > 0, "a number > 0")
        _check(self, "dayfirst", self.dayfirst is None or isinstance(self.dayfirst, bool), "a bool")
        from .ingest.tables import FIELDS

        _check(
            self,
            "columns",
            isinstance(self.columns, tuple)
            and all(
                isinstance(item, str)
                and "=" in item
                and item.split("=", 1)[0].strip() in FIELDS
                and item.split("=", 1)[1].strip()
                for item in self.columns
            ),
            f"a list of field=column (fields: {', '.join(FIELDS)})",
        )
        _check(
            self,
            "outlets",
            isinstance(self.outlets, Mapping)
            and all(
                isinstance(alias, str)
                and isinstance(outlet, str)
                and alias.strip()
                and outlet.strip()
                for alias, outlet in self.outlets.items()
            ),
            "a table of alias = outlet names",
        )
        _check(self, "merge_outlets", isinstance(self.merge_outlets, bool), "a bool")


@dataclass(frozen=True)
class PrepareOptions:
    """How article bodies are cleaned and compared for duplicates.

    Parameters
    ----------
    repair_glued_words : bool, default=True
        Split extraction-damaged tokens (``Russiais``) when word frequencies make the split clear.
    near_duplicate_threshold : float, default=0.5
        Share of the shorter article's sentences found in the other article above which the pair
        is flagged as near-duplicate (e.g. the same wire story reprinted).
    jobs : int, default=0
        Worker processes for per-article work; 0 means one per CPU core. Corpora under
        ``framing.parallel.PARALLEL_MIN_ITEMS`` articles are prepared in-process (starting
        workers costs more). Results are identical whatever the number of jobs.
    boilerplate_min_articles : int, default=3
        A line of at most 60 words that recurs in this many different stories of one outlet is
        that outlet's boilerplate (a sign-up box, a gallery label, a byline) and is removed from
        all its articles, each removal logged (``framing.prepare.boilerplate``). Three: a
        reporter rarely writes the same paragraph into three different stories, while a site
        prints its furniture into all of them. 0 switches the rule off.
    """

    repair_glued_words: bool = True
    near_duplicate_threshold: float = 0.5
    jobs: int = 0
    boilerplate_min_articles: int = 3

    def __post_init__(self) -> None:
        _check(self, "repair_glued_words", isinstance(self.repair_glued_words, bool), "a bool")
        threshold = self.near_duplicate_threshold
        _check(
            self,
            "near_duplicate_threshold",
            is_number(threshold) and 0 < threshold <= 1,
            "a number in (0, 1]",
        )
        least = self.boilerplate_min_articles
        _check(
            self,
            "boilerplate_min_articles",
            is_int(least) and (least == 0 or least >= 2),
            "0 (off) or an int >= 2",
        )
        jobs = self.jobs
        _check(
            self,
            "jobs",
            is_int(jobs) and jobs >= 0,
            "an int >= 0 (0: one per CPU core)",
        )


@dataclass(frozen=True)
class AnnotateOptions:
    """Which annotators run, and their options.

    Parameters
    ----------
    skip : tuple of str, default=()
        Annotators to switch off (``framing.annotate.DEFAULT_ANNOTATORS`` names them); those
        that require them are left out too, and the report says so.
    settings : mapping, default={}
        Options per annotator, from ``[annotate.<name>]`` tables in ``framing.toml``; each
        annotator documents and checks its own (``framing.annotate.Annotator.options``).
    """

    skip: tuple[str, ...] = ()
    settings: Mapping[str, Mapping[str, object]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check(
            self, "skip", all(isinstance(n, str) for n in self.skip), "a list of annotator names"
        )
        _check(
            self,
            "settings",
            isinstance(self.settings, Mapping)
            and all(isinstance(v, Mapping) for v in self.settings.values()),
            "a table of option tables, one per annotator",
        )


@dataclass(frozen=True)
class ReportOptions:
    """What the Markdown report shows.

    Parameters
    ----------
    top_terms : int, default=10
        Distinctive terms listed per outlet (each way: over- and under-used).
    examples : int, default=2
        Example sentences (keyword in context) quoted per listed finding.
    max_outlets_in_text : int, default=30
        Above this many outlets, per-outlet sections list only the largest outlets in the text;
        the data tables always hold every outlet.
    """

    top_terms: int = 10
    examples: int = 2
    max_outlets_in_text: int = 30

    def __post_init__(self) -> None:
        for name in ("top_terms", "examples", "max_outlets_in_text"):
            value = getattr(self, name)
            _check(self, name, is_int(value) and value >= 1, "an int >= 1")


@dataclass(frozen=True)
class Config:
    """All options of a run, one field per stage, plus the corpus's name and title.

    Parameters
    ----------
    name : str, default=None
        Short name of the corpus, used for the default output folder ``reports/<name>/``;
        defaults to the corpus folder's or file's name.
    title : str, default=None
        Title of the report; defaults to the name.
    """

    name: str | None = None
    title: str | None = None
    ingest: IngestOptions = field(default_factory=IngestOptions)
    prepare: PrepareOptions = field(default_factory=PrepareOptions)
    annotate: AnnotateOptions = field(default_factory=AnnotateOptions)
    compare: CompareOptions = field(default_factory=CompareOptions)
    report: ReportOptions = field(default_factory=ReportOptions)

    def as_dict(self) -> dict[str, Any]:
        """Plain nested dict (for the report's reproducibility section)."""
        return dataclasses.asdict(self)

    def to_toml(self) -> str:
        """The configuration as ``framing.toml`` text that :func:`load_config` reads back (an
        option left at ``None``, which TOML lacks, is a comment)."""
        lines: list[str] = []
        tables: list[tuple[str, dict[str, Any]]] = []
        for key, value in self.as_dict().items():
            if isinstance(value, dict):
                tables.append((key, value))
            else:
                lines.append(_toml_line(key, value))
        for name, table in tables:
            settings = table.pop("settings", {}) if name == "annotate" else {}
            lines.append(f"\n[{name}]")
            lines.extend(_toml_line(k, v) for k, v in table.items())
            for annotator, values in settings.items():  # [annotate.<annotator>] tables
                lines.append(f"\n[{name}.{annotator}]")
                lines.extend(_toml_line(k, v) for k, v in values.items())
        return "\n".join(lines).strip() + "\n"


def _toml_line(key: str, value: object) -> str:
    """One ``key = value`` line of TOML (None, which TOML lacks, as a comment)."""
    if value is None:
        return f"# {key} = (default)"
    return f"{key} = {_toml_value(value)}"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):  # an inline table: {"freedom-daily" = "Freedom Daily"}
        pairs = (f"{_toml_value(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    return json.dumps(str(value), ensure_ascii=False)


_SECTIONS = {
    "ingest": IngestOptions,
    "prepare": PrepareOptions,
    "annotate": AnnotateOptions,
    "compare": CompareOptions,
    "report": ReportOptions,
}


def load_config(corpus_path: str | Path, **overrides: Any) -> Config:
    """The configuration for a corpus: defaults, then its ``framing.toml``, then ``overrides``.

    ``framing.toml`` sits in the corpus folder (or beside a table file, named
    ``<table>.framing.toml``) and may set ``name``, ``title`` and one table per stage::

        name = "false-flag-2022"
        title = "False-flag allegations, 2022"
        [compare]
        ngram_range = [1, 2]

    ``overrides`` are top-level fields (``name=...``) or stage objects
    (``compare=CompareOptions()``).
    """
    path = Path(corpus_path)
    file = _config_file(path)
    data = _read_toml(file)
    try:
        values = _settings(data)
    except ConfigError as error:  # the file, the table and the key, then what is wrong
        raise ConfigError(f"{file} {error}") from None
    values.update({k: v for k, v in overrides.items() if v is not None})
    if not values["name"]:
        values["name"] = _default_name(path)
    return Config(**values)


def _config_file(path: Path) -> Path:
    return path / CORPUS_CONFIG if path.is_dir() else path.with_name(f"{path.name}.{CORPUS_CONFIG}")


def _read_toml(file: Path) -> dict[str, Any]:
    """The settings in ``file``, or none when there is no such file. Anything by that name must
    be a UTF-8 TOML file inside the folder it sits in (the corpus folder, or the table file's
    folder): a link out of it, a folder, a named pipe, a binary or oversized file is a
    ``ConfigError`` naming the file and the fix (:func:`framing.safe_read.settings_text`)."""
    if not os.path.lexists(file):
        return {}
    text = settings_text(file.parent, file.name, without="without it the defaults apply")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{file}: not valid TOML ({error})") from None


def _settings(data: dict[str, Any]) -> dict[str, Any]:
    """The ``Config`` fields a ``framing.toml``'s contents give; a ``ConfigError`` whose message
    starts with the table (``[compare]: ...``) when a value is wrong."""
    values: dict[str, Any] = {}
    for key in ("name", "title"):
        value = data.pop(key, None)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"(top level): '{key}' must be a string; got {value!r} instead.")
        values[key] = value
    for section, cls in _SECTIONS.items():
        table = data.pop(section, {})
        if not isinstance(table, dict):
            raise ConfigError(
                f"(top level): '{section}' must be a table (a [{section}] line, then its "
                f"settings); got {table!r} instead."
            )
        try:
            values[section] = _section(cls, table)
        except ConfigError as error:
            raise ConfigError(f"[{section}]: {error}") from None
    if data:
        raise ConfigError(f"(top level): unknown setting(s) {', '.join(sorted(data))}")
    return values


def _section(cls: type, table: dict[str, Any]) -> Any:
    if cls is AnnotateOptions:  # [annotate] skip = [...]; [annotate.<annotator>] options
        table = dict(table)
        skip = table.pop("skip", ())
        if not isinstance(skip, list | tuple):
            raise ConfigError(f"skip must be a list of names; got {skip!r} instead.")
        return AnnotateOptions(skip=tuple(skip), settings=table)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = set(table) - known
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(sorted(unknown))}")
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}
    try:
        return cls(**values)
    except TypeError as error:  # a check that did not expect the type it got
        raise ConfigError(str(error)) from None


def _default_name(path: Path) -> str:
    name = path.resolve().name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json", ".csv", ".parquet"):
        name = name.removesuffix(suffix)
    return name or "corpus"
