"""Options for each stage, as frozen dataclasses with documented defaults.

Why frozen dataclasses: a run's configuration is part of its result (the report prints it and the
cache will key on it), so it must be immutable, comparable and printable.

Precedence: defaults < the corpus's ``framing.toml`` < options given in code or on the command line.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import math
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    "CompareOptions",
    "RunOptions",
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
        from .schema import MAPPABLE_FIELDS  # pandas: only once options are made

        _check(
            self,
            "columns",
            isinstance(self.columns, tuple)
            and all(
                isinstance(item, str)
                and "=" in item
                and item.split("=", 1)[0].strip() in MAPPABLE_FIELDS
                and item.split("=", 1)[1].strip()
                for item in self.columns
            ),
            f"a list of field=column (fields: {', '.join(MAPPABLE_FIELDS)})",
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
    boilerplate_min_articles : int, default=3
        A line of at most 60 words that recurs in this many different stories of one outlet is
        that outlet's boilerplate (a sign-up box, a gallery label, a byline) and is removed from
        all its articles, each removal logged (``framing.prepare.boilerplate``). Three: a
        reporter rarely writes the same paragraph into three different stories, while a site
        prints its furniture into all of them. 0 switches the rule off.
    """

    repair_glued_words: bool = True
    near_duplicate_threshold: float = 0.5
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


SMALL_CORPUS = 1000
"""Corpora with fewer articles keep terms seen in one article (see ``CompareOptions.min_df``)."""
LARGE_CORPUS = 10_000
"""Corpora with at least this many articles keep terms seen in 5 or more articles."""
_PRIORS = ("corpus", "english")
_STOPWORDS = ("drop", "keep")
_REPRINTS = ("count", "exclude")


@dataclass(frozen=True)
class CompareOptions:
    """How terms are counted, tested and summarised across outlets.

    Parameters
    ----------
    ngram_range : tuple of (int, int), default=(1, 2)
        Smallest and largest n-gram counted as a term (unigrams and bigrams by default: bigrams
        catch names and phrases such as ``false flag``, ``border wall``).
    min_df : int, optional
        A term must occur in at least this many articles to enter the vocabulary. Default: 1 for
        corpora under ``SMALL_CORPUS`` (1,000) articles, 2 under ``LARGE_CORPUS`` (10,000),
        else 5 (as scikit-learn users commonly choose; rarer n-grams of a 10,000-article corpus
        number in the millions and cost gigabytes without changing any outlet's top terms).
        In a small corpus an outlet may have one article, and that article's choice of *Kiev*
        over *Kyiv* is exactly what a reader wants to see (flagged ``single_article``, not
        hidden); in a large corpus terms
        seen in one article are idiosyncrasies, and pruning them saves memory and shrinks the
        multiple-testing penalty.
    stopwords : {"drop", "keep"}, default="drop"
        ``"drop"`` removes terms made only of English function words (scikit-learn's list, e.g.
        ``the``, ``of the``) from the *tested* vocabulary; bigrams with one content word
        (``the border``) stay. Monroe et al. (2008) keep them and let the prior damp them, but
        their z-scores grow with frequency, so they crowd the top of a list without telling a
        reader anything about framing. Word counts (rate denominators) always include them.
    english_only : bool, default=True
        Use only articles with ``is_english`` true when that column exists.
    reprints : {"count", "exclude"}, default="count"
        How an article whose exact text also appears in another outlet (``reprint_of``: a wire
        story several outlets printed) enters keyness, similarity and diversity. ``"count"``: each
        outlet's copy counts for that outlet, because each outlet chose to publish it and its
        readers read it; outlets that share wire copy then look alike, which is true of what
        they publish. ``"exclude"``: every copy is left out, to compare only the text each outlet
        did not share verbatim. Near-duplicates (reprints with edits) always count.
    prior : {"corpus", "english"}, default="corpus"
        Where the informative Dirichlet prior comes from: term frequencies of the whole corpus
        being compared, or general English (``wordfreq``; bigrams estimated from their words).
    alpha0 : float, default=1000.0
        Prior strength in pseudo-terms (the sum of the Dirichlet parameters). 1,000 is about one
        article: negligible for an outlet with many articles, but enough to pull a one-article
        outlet's estimates toward the corpus.
    significance : float, default=0.05
        Family-wise error rate for keyness. A term is significant when its two-sided p-value from
        z is below ``significance / m`` (Bonferroni), m the number of terms tested for that group.
    n_boot : int, default=1000
        Bootstrap resamples (over articles) for confidence intervals.
    confidence : float, default=0.95
        Level of the percentile bootstrap intervals.
    seed : int, default=0
        Seed of the numpy Generator used for bootstrapping, so reruns give identical intervals.
    mattr_window : int, default=50
        Window (tokens) of the moving-average type-token ratio.
    keep_terms : int or None, default=1000
        Rows kept per outlet in the keyness table of a full analysis: its ``keep_terms`` most
        over-used and most under-used terms. Bounds the table (all informative rows for 491
        outlets would be ten million rows); None keeps every informative row. Terms beyond the
        first thousand each way are never the ones a report or a reader looks at.
    headlines : bool, default=True
        Count the articles' headlines (their own rows in the sentence table, ``is_headline``)
        with their bodies in keyness and similarity: a headline is where an outlet's choice of
        words is sharpest, and one that is left out hides it. ``False`` compares bodies only.
        Lexical diversity and readability always measure the body.
    """

    ngram_range: tuple[int, int] = (1, 2)
    min_df: int | None = None
    stopwords: str = "drop"
    english_only: bool = True
    reprints: str = "count"
    prior: str = "corpus"
    alpha0: float = 1000.0
    significance: float = 0.05
    n_boot: int = 1000
    confidence: float = 0.95
    seed: int = 0
    mattr_window: int = 50
    keep_terms: int | None = 1000
    headlines: bool = True

    def min_df_for(self, n_articles: int) -> int:
        """The ``min_df`` used for a corpus of ``n_articles`` articles."""
        if self.min_df is not None:
            return self.min_df
        if n_articles < SMALL_CORPUS:
            return 1
        return 2 if n_articles < LARGE_CORPUS else 5

    def __post_init__(self) -> None:
        pair = self.ngram_range
        if not (
            isinstance(pair, tuple | list)
            and len(pair) == 2
            and all(is_int(n) for n in pair)
            and 1 <= pair[0] <= pair[1]
        ):
            _bad("ngram_range", "a pair of ints (lo, hi) with 1 <= lo <= hi", self.ngram_range)
        for name in ("alpha0", "significance", "confidence"):
            if not is_number(getattr(self, name)):
                _bad(name, "a number", getattr(self, name))
        if not is_int(self.seed):
            _bad("seed", "an int", self.seed)
        if self.min_df is not None and not (is_int(self.min_df) and self.min_df >= 1):
            _bad("min_df", "None or an int >= 1", self.min_df)
        if self.stopwords not in _STOPWORDS:
            _bad("stopwords", f"one of {_STOPWORDS}", self.stopwords)
        if self.reprints not in _REPRINTS:
            _bad("reprints", f"one of {_REPRINTS}", self.reprints)
        if self.prior not in _PRIORS:
            _bad("prior", f"one of {_PRIORS}", self.prior)
        if not self.alpha0 > 0:
            _bad("alpha0", "a number > 0", self.alpha0)
        if not 0 < self.significance < 1:
            _bad("significance", "a number in (0, 1)", self.significance)
        if not 0 < self.confidence < 1:
            _bad("confidence", "a number in (0, 1)", self.confidence)
        if not (is_int(self.n_boot) and self.n_boot >= 1):
            _bad("n_boot", "an int >= 1", self.n_boot)
        if self.keep_terms is not None and not (is_int(self.keep_terms) and self.keep_terms >= 1):
            _bad("keep_terms", "None or an int >= 1", self.keep_terms)
        if not isinstance(self.headlines, bool):
            _bad("headlines", "true or false", self.headlines)
        if not (is_int(self.mattr_window) and self.mattr_window >= 2):
            _bad("mattr_window", "an int >= 2", self.mattr_window)


def is_int(value: object) -> bool:
    """An int that is not a bool (TOML's ``true`` is a mistake for 1, not 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    """A finite int or float that is not a bool (``inf`` as a limit is no limit)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _bad(name: str, expected: str, got: object) -> None:
    raise ConfigError(
        f"The '{name}' parameter of CompareOptions must be {expected}; got {got!r} instead."
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


_ENGINES = ("local", "dask")


@dataclass(frozen=True)
class RunOptions:
    """How a run is carried out: worker processes or a Dask cluster, and the cache. They never
    change a table: results are identical whatever they are (the tests check it).

    Parameters
    ----------
    jobs : int, default=0
        Worker processes for per-article work (cleaning, annotating), for comparisons that do
        not depend on each other and for the report's figures (one section each); 0 means one
        per CPU core. Corpora under ``framing.parallel.PARALLEL_MIN_ITEMS`` articles run
        in-process (starting workers costs more than it saves). With ``engine = "dask"`` and
        no ``scheduler``: the workers of the local Dask cluster the run starts.
    engine : {"local", "dask"}, default="local"
        Where per-article work runs (``framing.executor``): ``"local"``, this machine's worker
        processes; ``"dask"``, the workers of a Dask cluster (``pip install 'framing[dask]'``),
        in chunks of articles, never the whole corpus. Ingest and compare run in this process.
    scheduler : str, optional
        With ``engine = "dask"``: the address of a running cluster's scheduler
        (``"tcp://host:8786"``). Unset, the run starts a ``distributed.LocalCluster`` of
        ``jobs`` single-threaded worker processes with 4 GB each, says so, and stops it at the
        end.
    cache : bool or str, default=True
        Keep per-article work (cleaning, sentences, every annotator's output) for later runs
        (:mod:`framing.cache`): True uses the user's cache folder (``~/.cache/framing`` on
        Linux, or ``$FRAMING_CACHE_DIR``), a string names the folder, False runs without.
        A re-run computes only new articles and stages whose inputs changed. The folder must be
        new, empty or a framing cache, and outside the corpus.
    cache_mb : float, default=10000
        Size bound of the cache in MB (10 GB; 5,000 AllSides articles take 76 MB, so the whole
        file, 37,554 articles, takes about 0.6 GB). Past it, least recently used entries are
        evicted after a run, and the run says so.
    """

    jobs: int = 0
    engine: str = "local"
    scheduler: str | None = None
    cache: bool | str = True
    cache_mb: float = 10_000.0

    def __post_init__(self) -> None:
        _check(
            self, "jobs", is_int(self.jobs) and self.jobs >= 0, "an int >= 0 (0: one per CPU core)"
        )
        _check(self, "engine", self.engine in _ENGINES, f"one of {_ENGINES}")
        _check(
            self,
            "scheduler",
            self.scheduler is None or (isinstance(self.scheduler, str) and self.scheduler.strip()),
            'unset or a scheduler address such as "tcp://host:8786"',
        )
        if self.scheduler is not None and self.engine != "dask":
            raise ConfigError(
                f"The 'scheduler' parameter of RunOptions ({self.scheduler!r}) is an address of "
                'a Dask cluster: use it with engine "dask" (--engine dask), or leave it unset.'
            )
        if self.engine == "dask" and importlib.util.find_spec("distributed") is None:
            raise ConfigError(
                "The 'engine' parameter of RunOptions is \"dask\", but Dask is not installed: "
                "pip install 'framing[dask]' (or use engine \"local\")."
            )
        _check(
            self,
            "cache",
            isinstance(self.cache, bool) or (isinstance(self.cache, str) and self.cache.strip()),
            "true, false or a folder",
        )
        _check(self, "cache_mb", is_number(self.cache_mb) and self.cache_mb > 0, "a number > 0")

    def cache_folder(self) -> Path | None:
        """The cache folder to use, or None when the cache is off."""
        if self.cache is False:
            return None
        if self.cache is True:
            from .cache import default_cache_dir

            return default_cache_dir()
        return Path(self.cache).expanduser()


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
    run: RunOptions = field(default_factory=RunOptions)

    def as_dict(self) -> dict[str, Any]:
        """Plain nested dict (for the report's reproducibility section)."""
        return dataclasses.asdict(self)

    def to_toml(self, *, run: bool = True) -> str:
        """The configuration as ``framing.toml`` text that :func:`load_config` reads back (an
        option left at ``None``, which TOML lacks, is a comment). ``run=False`` leaves out the
        ``[run]`` table (workers, cache folder): it never changes a result, and a report that
        is shared should not show a folder of the machine it was made on."""
        lines: list[str] = []
        tables: list[tuple[str, dict[str, Any]]] = []
        for key, value in self.as_dict().items():
            if key == "run" and not run:
                continue
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
    "run": RunOptions,
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
    if cls is PrepareOptions and "jobs" in table:  # where it was before [run]
        raise ConfigError("'jobs' has moved to the [run] table: write it under [run]")
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
