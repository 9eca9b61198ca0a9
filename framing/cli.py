"""The ``framing`` command line: a thin layer that parses options, calls the library, prints.

Exit status of every command (one table, here and in the README):

- 0: done, every input loaded;
- 1: done, but some inputs were rejected (each listed with its reason; the rest loaded);
- 2: failed: bad options or settings, no corpus, nothing loadable, an output folder that must
  not be written to, out of memory, a killed worker (each one line naming the cause), or an
  unexpected error (one line, with a hint to report it);
- 130: interrupted by Ctrl-C (SIGINT); 143: terminated (SIGTERM); 129: hung up (SIGHUP),
  treated like SIGTERM. Worker processes are stopped and a previous report is left as it was.
"""

from __future__ import annotations

import os
import signal
import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .config import Config, RunOptions, load_config
from .errors import CacheWarning, FramingError, SmallSampleWarning, first_line, out_of_memory
from .loading import loading_libraries

if TYPE_CHECKING:
    import pandas as pd

    from .corpus import Corpus
    from .result import Result

__all__ = ["main"]

# Arrow's allocator (mimalloc) reserves address space 1 GiB at a time. Under a memory limit
# (``ulimit -v``, the 1.5 GB of the hostile-input tests) that reservation leaves too little for
# the rest of a run; 64 MiB at a time is no slower (writing and reading the Parquet tables of
# 2,000 articles: within noise). Set before pyarrow loads (the stages load it on first use), and
# only where the user has not chosen a value.
os.environ.setdefault("MIMALLOC_ARENA_RESERVE", "64MiB")

COLUMNS_HELP = (
    "Which table column holds which field, e.g. title=headline,date=published "
    "(fields: text, outlet, title, date, url, article_id; overrides framing.toml)."
)

DAYFIRST_HELP = (
    "Read numeric dates such as 03/02/2022 day first (or month first) where neither the date "
    "nor its file settles the order; unset, such dates are flagged ambiguous."
)

CACHE_HELP = (
    "Cache folder for per-article work (default: the user's cache folder, or [run] cache in "
    "framing.toml); re-runs compute only what changed."
)
NO_CACHE_HELP = "Run without the cache: prepare and annotate every article anew."
JOBS_HELP = "Worker processes (default 0: one per CPU core)."
ENGINE_HELP = (
    "Where per-article work runs: local (this machine's worker processes, the default) or dask "
    "(a Dask cluster: pip install 'framing[dask]'; overrides [run] engine)."
)
SCHEDULER_HELP = (
    "With --engine dask: the address of a running cluster's scheduler (e.g. tcp://host:8786); "
    "unset, a local cluster of --jobs workers is started for the run."
)

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_FAILED = 2
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_HUNG_UP = 129
REPORT_HINT = "this is a bug in framing: please report it with the command you ran"


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised in the main thread so that cleanup (workers, staging folders)
    runs: a closed terminal stops a run as cleanly as ``kill`` does."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(signum)
        self.signum = signum


_STOPPING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class _Command(click.Group):
    """Turns every way a run can end into one line and an honest exit status."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        previous = {  # a signal ignored by the user (nohup ignores SIGHUP) stays ignored
            n: signal.signal(n, _raise_terminated)
            for n in _STOPPING_SIGNALS
            if signal.getsignal(n) is not signal.SIG_IGN
        }
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except (click.exceptions.Abort, KeyboardInterrupt):
            _fail("Interrupted: stopped; a previous report, if any, is unchanged", EXIT_INTERRUPTED)
        except Terminated as stop:
            hung_up = stop.signum == getattr(signal, "SIGHUP", None)
            _fail(
                f"{'Hung up' if hung_up else 'Terminated'}: stopped; a previous report, if any, "
                "is unchanged",
                EXIT_HUNG_UP if hung_up else EXIT_TERMINATED,
            )
        except click.ClickException as error:
            error.show()
            sys.exit(EXIT_FAILED if error.exit_code else EXIT_OK)
        except FramingError as error:
            _fail(f"Error: {first_line(error)}", EXIT_FAILED)
        except Exception as error:  # noqa: BLE001 - the last resort: one line, not a traceback
            if out_of_memory(error):  # also a library loaded mid-run under a memory limit
                _fail(_OUT_OF_MEMORY_MESSAGE, EXIT_FAILED)
            _fail(
                f"Error: {type(error).__name__}: {first_line(error)} ({REPORT_HINT})", EXIT_FAILED
            )
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


_OUT_OF_MEMORY_MESSAGE = (
    "Error: out of memory; try fewer worker processes (--jobs 1) or a smaller corpus"
)


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


def _fail(message: str, code: int) -> None:
    click.echo(message, err=True)
    sys.exit(code)


@click.group(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="framing")
def main() -> None:
    """Compare how different news outlets tell the same story.

    Exit status: 0 done; 1 done, some inputs rejected; 2 failed; 130 interrupted (Ctrl-C);
    143 terminated.
    """


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("corpus"))
@click.option(
    "--all-changes", is_flag=True, help="Also list every cleaning change, not only counts."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.option("--columns", default=None, help=COLUMNS_HELP)
@click.option("--dayfirst/--monthfirst", default=None, help=DAYFIRST_HELP)
@click.option("--cache", type=click.Path(path_type=Path), default=None, help=CACHE_HELP)
@click.option("--no-cache", is_flag=True, help=NO_CACHE_HELP)
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None, help=JOBS_HELP)
@click.option("--engine", type=click.Choice(["local", "dask"]), default=None, help=ENGINE_HELP)
@click.option("--scheduler", metavar="ADDRESS", default=None, help=SCHEDULER_HELP)
def validate(
    path: Path,
    all_changes: bool,
    quiet: bool,
    columns: str | None,
    dayfirst: bool | None,
    cache: Path | None,
    no_cache: bool,
    jobs: int | None,
    engine: str | None,
    scheduler: str | None,
) -> None:
    """Load the corpus at PATH (default: corpus/) and report what loaded and what did not.

    Prints, per outlet, articles, words, sentences and date range; then every rejected or flagged
    input with its reason. Exit status: 0 all loaded, 1 some inputs rejected, 2 failed.
    """
    load_libraries()
    config = _with_run(
        _with_ingest(load_config(path), columns, dayfirst),
        jobs=jobs,
        cache=cache,
        no_cache=no_cache,
        engine=engine,
        scheduler=scheduler,
    )
    with library_warnings(quiet):
        corpus = load_corpus(path, config=config, progress=not quiet)
    click.echo(_validation_report(corpus, all_changes=all_changes))
    sys.exit(EXIT_REJECTED if len(corpus.rejected) else EXIT_OK)


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("corpus"))
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="Report folder (default: reports/<corpus name>/).",
)
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None, help=JOBS_HELP)
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.option("--columns", default=None, help=COLUMNS_HELP)
@click.option("--dayfirst/--monthfirst", default=None, help=DAYFIRST_HELP)
@click.option("--cache", type=click.Path(path_type=Path), default=None, help=CACHE_HELP)
@click.option("--no-cache", is_flag=True, help=NO_CACHE_HELP)
@click.option("--engine", type=click.Choice(["local", "dask"]), default=None, help=ENGINE_HELP)
@click.option("--scheduler", metavar="ADDRESS", default=None, help=SCHEDULER_HELP)
def analyze(
    path: Path,
    out: Path | None,
    jobs: int | None,
    quiet: bool,
    columns: str | None,
    dayfirst: bool | None,
    cache: Path | None,
    no_cache: bool,
    engine: str | None,
    scheduler: str | None,
) -> None:
    """Analyse the corpus at PATH (default: corpus/) and write the report.

    Writes OUT/report.md, OUT/figures/*.png and OUT/data/* (tables). OUT must be a new or empty
    folder or a previous framing report; only framing's own files there are replaced, once the
    new report is complete. Exit status: 0 done, 1 done but some inputs were rejected (listed in
    the report), 2 failed, 130 interrupted.
    """
    load_libraries()
    config = _with_run(
        _with_ingest(load_config(path), columns, dayfirst),
        jobs=jobs,
        cache=cache,
        no_cache=no_cache,
        engine=engine,
        scheduler=scheduler,
    )
    with loading_libraries():
        from .ingest.corpus import check_corpus_path
        from .render.write import check_output, default_output, recover_output
    out = out or default_output(config.name)
    check_corpus_path(path)  # a code project given as corpus: say so, not "write elsewhere"
    check_output(out, corpus=path)  # before any work: a refused folder costs nothing
    recovered = recover_output(out)  # what a crashed run left: put back as it was, and said
    if recovered:
        click.echo(f"Recovered {recovered}", err=True)
    command = (
        " ".join(["framing", "analyze", *sys.argv[2:]]) if sys.argv[1:2] == ["analyze"] else None
    )
    with library_warnings(quiet):
        result = run_analysis(
            path, config=config, progress=not quiet, command=command or f"framing analyze {path}"
        )
        written = result.write(out, progress=not quiet)
    corpus = result.corpus
    click.echo(
        f"{written / 'report.md'}: {len(corpus.articles):,} articles from "
        f"{corpus.articles['outlet'].nunique():,} outlets; "
        f"{len(corpus.rejected):,} input(s) rejected"
    )
    sys.exit(EXIT_REJECTED if len(corpus.rejected) else EXIT_OK)


def load_libraries() -> None:
    """Import pandas, which a command that reads a corpus needs from its first step (the
    options are checked with it): here, not with the command line, so that help, ``--version``
    and option errors answer at once; a failure is one line
    (``framing.loading.loading_libraries``)."""
    with loading_libraries():
        import pandas  # noqa: F401


def load_corpus(path: Path, **options: Any) -> Corpus:
    """:func:`framing.load_corpus`, imported on the first call: pandas and the stages load only
    for a command that runs them, so help, ``--version`` and option errors answer at once."""
    with loading_libraries():
        from .corpus import load_corpus as load
    return load(path, **options)


def run_analysis(path: Path, **options: Any) -> Result:
    """:func:`framing.analyze`, imported on the first call (see :func:`load_corpus`)."""
    with loading_libraries():
        from .api import analyze
    return analyze(path, **options)


@contextmanager
def library_warnings(quiet: bool) -> Iterator[None]:
    """Collect the warnings libraries raise during a run: none shown under ``--quiet``, else one
    line per kind at the end. A library's notice about its own future versions, repeated per
    article, would bury framing's output; hiding warnings altogether could hide real trouble.
    framing's own warnings about the corpus (``SmallSampleWarning`` and its kind, such as a
    mis-mapped outlet column) and the cache (``CacheWarning``: it could not be written) are
    shown as ``Warning: ...`` lines, under ``--quiet`` too."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    own = [w for w in caught if issubclass(w.category, (SmallSampleWarning, CacheWarning))]
    for message in dict.fromkeys(str(w.message) for w in own):  # framing's own: always shown
        click.echo(f"Warning: {message}", err=True)
    caught = [w for w in caught if w not in own]
    if quiet or not caught:
        return
    kinds = Counter((w.category.__name__, str(w.message).split("\n")[0][:160]) for w in caught)
    click.echo(f"{len(caught):,} warning(s) from libraries during the run:", err=True)
    for (category, message), n in kinds.most_common(5):
        click.echo(f"  {n:,}x {category}: {message}", err=True)
    if len(kinds) > 5:
        click.echo(f"  ... and {len(kinds) - 5} other kind(s)", err=True)


def _with_run(
    config: Config,
    *,
    jobs: int | None,
    cache: Path | None,
    no_cache: bool,
    engine: str | None,
    scheduler: str | None,
) -> Config:
    """The configuration with the command line's run options over framing.toml's (checked by
    ``RunOptions``: ``--scheduler`` without the Dask engine, or the Dask engine without Dask
    installed, is a ``ConfigError`` saying what to do)."""
    if cache is not None and no_cache:
        raise click.UsageError("give --cache DIR or --no-cache, not both")
    changes: dict[str, Any] = {}
    if jobs is not None:
        changes["jobs"] = jobs
    if engine is not None:
        changes["engine"] = engine
    if scheduler is not None:
        changes["scheduler"] = scheduler
    if cache is not None:
        changes["cache"] = str(cache)
    if no_cache:
        changes["cache"] = False
    return replace(config, run=replace(config.run, **changes)) if changes else config


@main.group(name="cache")
def cache_group() -> None:
    """Show or clear framing's cache of per-article work."""


@cache_group.command(name="info")
@click.option("--cache", type=click.Path(path_type=Path), default=None, help="The cache folder.")
def cache_info(cache: Path | None) -> None:
    """Size, entries per stage, and what the last run found in the cache."""
    from .cache import Cache

    folder = cache or RunOptions().cache_folder()
    with Cache(folder) as opened:
        click.echo(_cache_report(opened.info()))


@cache_group.command(name="clear")
@click.option("--cache", type=click.Path(path_type=Path), default=None, help="The cache folder.")
def cache_clear(cache: Path | None) -> None:
    """Remove every entry of the cache (the next run computes everything anew)."""
    from .cache import CACHE_FILE, Cache, remove_cache_files

    folder = cache or RunOptions().cache_folder()
    try:
        opened = Cache(folder)
    except FramingError:
        if not (folder / CACHE_FILE).is_file() or not remove_cache_files(folder):
            raise
        click.echo(f"{folder}: removed a damaged cache file; the next run starts afresh")
        return
    with opened:
        freed = opened.clear()
    click.echo(f"{folder}: cleared ({freed / 1e6:,.1f} MB)")


def _cache_report(info: dict[str, Any]) -> str:
    lines = [
        f"cache: {info['folder']}",
        f"size: {info['bytes'] / 1e6:,.1f} MB stored, {info['bytes_on_disk'] / 1e6:,.1f} MB on "
        f"disk (bound {info['max_bytes'] / 1e6:,.0f} MB)",
    ]
    stages = info["stages"]
    if stages:
        lines.append("stage                      entries   chunks          MB")
        lines += [
            f"{s['stage']:<24} {s['entries']:>9,} {s['chunks']:>8,} {s['bytes'] / 1e6:>11,.1f}"
            for s in stages
        ]
    else:
        lines.append("empty")
    last = info["last_run"]
    if last:
        hits = sum(s["hits"] for s in last["stages"])
        misses = sum(s["misses"] for s in last["stages"])
        lines.append(
            f"last run ({last['time']}): {hits:,} hits, {misses:,} misses over "
            f"{len(last['stages'])} stages; {last['rebuilt']:,} damaged entries rebuilt; "
            f"{last['evicted_chunks']:,} chunks evicted ({last['evicted_bytes'] / 1e6:,.1f} MB)"
        )
    return "\n".join(lines)


def _with_ingest(config: Config, columns: str | None, dayfirst: bool | None) -> Config:
    """The configuration with ``--columns`` and ``--dayfirst``/``--monthfirst`` applied
    (checked like every option)."""
    ingest = config.ingest
    if columns is not None:
        items = tuple(item.strip() for item in columns.split(",") if item.strip())
        ingest = replace(ingest, columns=items)
    if dayfirst is not None:
        ingest = replace(ingest, dayfirst=dayfirst)
    return replace(config, ingest=ingest)


def _validation_report(corpus: Corpus, *, all_changes: bool) -> str:
    from .ingest.outlets import OUTLET_REASONS

    articles = corpus.articles
    lines = [
        f"{corpus.path}: {len(articles):,} articles from {articles['outlet'].nunique():,} outlets, "
        f"{int(articles['n_words'].sum()):,} words, {int(articles['n_sentences'].sum()):,} "
        f"sentences",
        "",
        _outlet_table(corpus),
    ]
    log = corpus.log
    names = log["reason"].isin(OUTLET_REASONS)
    for title, rows in (
        ("Outlet names", log[names]),
        ("Rejected", log[log["action"].eq("rejected")]),
        ("Flagged", log[log["action"].isin(["flagged", "merged", "decoded"]) & ~names]),
        ("Skipped", log[log["action"].eq("skipped")]),
    ):
        lines += ["", f"{title} ({len(rows)}):"] + [
            f"  {r.source}: {r.detail}" for r in rows.itertuples()
        ]
    changes = log[log["action"].isin(["removed", "repaired", "changed"]) & ~names]
    lines += ["", f"Cleaning changes ({len(changes)}):"]
    if all_changes:
        lines += [f"  {r.source}: {r.detail}" for r in changes.itertuples()]
    else:
        counts = changes.groupby("reason").size()
        lines += [f"  {reason}: {count}" for reason, count in counts.items()]
        if len(changes):
            lines.append("  (--all-changes lists each one)")
    return "\n".join(lines)


def _outlet_table(corpus: Corpus) -> str:
    import pandas as pd

    summary = corpus.summary()
    table = pd.DataFrame(
        {
            "articles": summary["articles"],
            "words": summary["words"].map("{:,}".format),
            "sentences": summary["sentences"].map("{:,}".format),
            "dates": [
                _date_range(r.first_date, r.last_date, r.undated) for r in summary.itertuples()
            ],
        }
    )
    return table.to_string()


def _date_range(first: pd.Timestamp, last: pd.Timestamp, undated: int) -> str:
    import pandas as pd

    if pd.isna(first):
        return "no dates"
    text = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} – {last:%Y-%m-%d}"
    return text + (f" ({undated} undated)" if undated else "")


if __name__ == "__main__":  # pragma: no cover
    main()
