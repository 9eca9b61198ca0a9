"""Write a result to disk: ``report.md``, ``figures/*.png``, ``data/*`` — safely and atomically.

Why so careful: users point ``--out`` at folders that hold their own work. A report is written
only into a folder that is new, empty, or a previous framing report (recognised by the marker file
``.framing-report`` that lists the files framing wrote there); anything else is refused before any
work starts. Inside a previous report, only the files its marker lists are replaced, so notes a
user added beside them survive. ``--out`` is resolved once; inside it no symbolic link is ever
followed, so nothing outside it is written or removed (:mod:`framing.render.folder`).

Why atomic: a reader (or a notebook) may be looking at the previous report while a run is in
progress, and an interrupted run must never leave half a report. Everything is written into a
hidden staging folder inside the target, then swapped in with renames under a journal: a failure,
a Ctrl-C (even a second one) or a crash leaves the previous report as it was, or lets the next run
put it back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..errors import OutputError
from ..memory import release_memory
from ..progress import progress_bar
from ..schema import table_specs
from .draw import draw_figures
from .folder import (
    JOURNAL,
    MARKER,
    MAX_LIST_BYTES,
    STAGING_PREFIX,
    Folder,
    busy_error,
    inside,
    is_housekeeping,
    locked,
    read_journal,
    recover,
    require_support,
    swap,
    writer,
)
from .report import FIGURE_DIR, render_report
from .reuse import (
    DIGESTS,
    copy_file,
    figures_key,
    previous_digests,
    read_verified,
    sha256_of,
    table_key,
)
from .sections import ReportSource

__all__ = [
    "write_result",
    "data_tables",
    "check_output",
    "recover_output",
    "safe_filename",
    "default_output",
    "MARKER",
]

DATA_DIR = "data"
PARQUET_COPY_ROWS = 10_000
"""A table of this many rows or more is written as Parquet beside its CSV (``keyness.csv`` and
``keyness.parquet``: the same table). Why: such tables grow with the corpus's text (keyness: a row
per group and term; the span tables: a row per quotation or mention) and are most of ``data/``;
on 2,000 AllSides articles keyness is 200,000 rows, 28 MB of CSV written in 3 s. The CSV stays, for
spreadsheets and the scripts that read it; the Parquet copy is for code: exact values (the CSV
rounds floats to 6 significant digits) and dtypes, 4 to 10 times smaller, written in a tenth of
the CSV's time. Below this size a CSV is small and quick, and a second file would only clutter
the folder. ``framing.read_table`` reads either."""
_FLOAT_FORMAT = "%.6g"
_MAX_NAME = 80
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$", re.IGNORECASE)
_UNSAFE = re.compile(r"[^\w.-]+")


def safe_filename(name: str, *, fallback: str = "corpus") -> str:
    r"""A file or folder name made from ``name`` (an outlet, a title, a corpus name) that cannot
    leave its folder or trip an operating system: no separators, no leading dots, no reserved
    Windows names, at most 80 characters (a short hash keeps shortened names apart).

    >>> [safe_filename(n) for n in ["False flag 2022", "../../x", "con.txt", "🦆", "a/b\\c"]]
    ['False-flag-2022', 'x', 'con_.txt', 'corpus-d7a5c5e0', 'a-b-c']
    """
    text = unicodedata.normalize("NFKC", str(name))
    cleaned = _UNSAFE.sub("-", text).strip(".-_ ")
    cleaned = re.sub(r"-{2,}", "-", cleaned)
    if _RESERVED.match(cleaned):  # CON, con.txt: device names on Windows, whatever the suffix
        stem, dot, rest = cleaned.partition(".")
        cleaned = f"{stem}_{dot}{rest}"
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if not cleaned:
        return f"{fallback}-{digest}"
    if len(cleaned) > _MAX_NAME:
        return f"{cleaned[: _MAX_NAME - 9].rstrip('.-_')}-{digest}"
    return cleaned


def default_output(name: str | None) -> Path:
    """``reports/<name>``, with the corpus name made safe as a folder name."""
    return Path("reports") / safe_filename(name or "corpus")


def check_output(out: str | Path, *, corpus: str | Path | None = None) -> Path:
    """Raise :class:`~framing.errors.OutputError` unless a report may be written at ``out``.

    Allowed: a folder that does not exist yet (its parent writable), an empty folder, or a
    previous framing report. Refused, with a one-line reason: a file, a folder holding other
    files, the corpus folder, a folder inside the corpus or holding it, an unwritable place, a
    symbolic link that leads nowhere, a previous report with a link where framing writes, a folder
    another framing run is writing now. Reads only: nothing is written.

    Returns
    -------
    Path
        ``out`` resolved once: absolute, every symbolic link on its way followed (a link given as
        ``out`` means the folder it points to, checked like any other).
    """
    require_support(str(out))
    target = _resolve(out)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; give a folder for the report")
    if corpus is not None:
        _check_apart_from_corpus(out, target, Path(os.path.abspath(corpus)))
    if target.is_dir():
        with _opened(out, target) as folder:
            pid = writer(folder)
            if pid is not None:
                raise busy_error(str(out), pid)
            if read_journal(folder) is None:  # a half-done swap is undone first, then judged
                _previous_report(folder)
        if not os.access(target, os.W_OK | os.X_OK):
            raise OutputError(f"{out}: cannot write the report here (permission denied)")
        return target
    ancestor = next(p for p in target.parents if p.exists())
    if not ancestor.is_dir():
        raise OutputError(f"{out}: cannot write the report here ({ancestor} is a file)")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: cannot write the report here (permission denied in {ancestor})")
    return target


def recover_output(out: str | Path) -> str | None:
    """Undo what an interrupted run left in the report folder ``out``: a half-done swap of the
    previous report for a new one (put back as it was), staging folders.

    Call it after :func:`check_output`; :func:`write_result` does the same before writing.

    Returns
    -------
    str or None
        One line saying what was recovered, naming the folder; None when there was nothing to do.
    """
    target = _resolve(out)
    if not target.is_dir():
        return None
    try:
        with _opened(out, target) as folder, locked(folder):
            note = recover(folder)
            if note is not None:
                _previous_report(folder)  # what the interrupted run left is judged like any folder
            return note
    except OSError as error:  # a leftover the user must look at: say which, never "a bug"
        if isinstance(error, OutputError):
            raise
        raise OutputError(
            f"{out}: cannot undo what an interrupted run left here ({error.strerror or error}); "
            "remove its .framing-* entries by hand"
        ) from None


def _resolve(out: str | Path) -> Path:
    """``out`` as an absolute path without links: a link given as ``out`` (or on its way) is
    followed here, once; one that leads nowhere is refused rather than followed to make it."""
    path = Path(os.path.abspath(out))
    missing: list[str] = []
    while not os.path.lexists(path):
        missing.append(path.name)
        path = path.parent
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a link to a missing place, or a loop of links
        what = "is" if not missing else f"has {path}, which is"
        raise OutputError(
            f"{out}: {what} a symbolic link to {os.readlink(path)!r}, which leads nowhere "
            "(missing, or a loop); give an existing folder or a new path"
        ) from None
    return real.joinpath(*reversed(missing))


@contextlib.contextmanager
def _opened(out: str | Path, target: Path, *, create: bool = False) -> Iterator[Folder]:
    try:
        folder = Folder.open_path(target, str(out), create=create)
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(f"{out}: cannot write the report here ({error.strerror})") from None
    if folder is None:
        raise OutputError(f"{out}: cannot write the report here (it disappeared)")
    with folder:
        yield folder


def _check_apart_from_corpus(out: str | Path, target: Path, corpus: Path) -> None:
    real_target, real_corpus = target.resolve(), corpus.resolve()
    if real_target == real_corpus or real_corpus in real_target.parents:
        raise OutputError(
            f"{out}: is the corpus folder or inside it; write the report elsewhere "
            "(the corpus is never written to)"
        )
    if real_target in real_corpus.parents and os.path.lexists(real_target / MARKER):
        raise OutputError(f"{out}: holds the corpus; write the report elsewhere")


def _previous_report(folder: Folder) -> list[str]:
    """The files of the previous report in ``folder`` that a new one replaces ([] for a new or
    empty folder), each a regular file or a link (replaced, never followed). Refused: a folder
    holding other files, a damaged marker, a link or a file where framing needs a folder."""
    entries = [name for name in folder.names() if not is_housekeeping(name)]
    if not entries:
        return []
    if MARKER in entries:
        listed = _marker_files(folder)
        if listed is None:
            raise OutputError(
                f"{folder.label}: its {MARKER} marker is damaged; give a new or empty folder"
            )
    else:
        listed = _legacy_report_files(folder, entries)
    if listed is None:
        shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise OutputError(
            f"{folder.label}: holds other files ({shown}) and is not a framing report; "
            "give a new or empty folder"
        )
    for sub in (FIGURE_DIR, DATA_DIR):
        folder.folder(sub)  # a link or a file where framing writes is refused now, naming it
    files = [name for name in dict.fromkeys(listed) if _file_or_link(folder.lstat(name))]
    return [*files, MARKER] if MARKER in entries else files


def _file_or_link(found: os.stat_result | None) -> bool:
    return found is not None and (stat.S_ISREG(found.st_mode) or stat.S_ISLNK(found.st_mode))


def _marker_files(folder: Folder) -> list[str] | None:
    """The files a previous framing report lists (None when the marker is damaged); entries that
    could leave the folder (``..``, absolute) are dropped."""
    data = folder.read(MARKER, MAX_LIST_BYTES)
    if data is None or len(data) > MAX_LIST_BYTES:
        return None
    try:
        files = json.loads(data.decode("utf-8"))["files"]
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: '[' * 100000
        return None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return [f for f in files if inside(f)]


def _legacy_report_files(folder: Folder, entries: list[str]) -> list[str] | None:
    """A report written before markers existed (framing 0.1: only ``report.md``, ``figures/``
    and ``data/``, with framing's generated line) counts as one, listing what those hold."""
    if "report.md" not in entries or not set(entries) <= {"report.md", FIGURE_DIR, DATA_DIR}:
        return None
    head = (folder.read("report.md", 8000) or b"").decode("utf-8", "replace")
    if "\n_Generated " not in head or " by framing " not in head:
        return None
    files = ["report.md"]
    for sub in (FIGURE_DIR, DATA_DIR):
        for name in folder.names(sub):
            found = folder.lstat(f"{sub}/{name}")
            if found is not None and stat.S_ISREG(found.st_mode):
                files.append(f"{sub}/{name}")
    return files


def data_tables(result: ReportSource) -> dict[str, pd.DataFrame]:
    """The tables written under ``data/``, by file name: every table of the run, each under the
    file its schema names (``framing.schema.table_specs``), and a CSV table of
    ``PARQUET_COPY_ROWS`` rows or more also as Parquet (the same frame). A table without a
    schema, or whose columns do not start with its schema's, is an error: nothing undocumented
    is written."""
    specs = table_specs(result.annotated.annotators)
    tables = {}
    for name, frame in result.tables.items():
        if name not in specs:
            raise ValueError(f"table {name!r} has no schema in framing.schema; not written")
        expected = [c.name for c in specs[name].columns]
        if list(frame.columns[: len(expected)]) != expected:
            raise ValueError(f"table {name!r}: columns {list(frame.columns)} != {expected}")
        file = specs[name].file
        tables[file] = frame
        if file.endswith(".csv") and len(frame) >= PARQUET_COPY_ROWS:
            tables[f"{file.removesuffix('.csv')}.parquet"] = frame
    return tables


def write_result(
    result: ReportSource, out: Path, *, timestamp: str | None = None, progress: bool = False
) -> Path:
    """Write the report folder at ``out`` and return ``out``.

    ``out`` must be new, empty or a previous framing report (see :func:`check_output`); only
    framing's own files are replaced, and only once the new report is complete. Every file is
    written inside the folder ``out`` resolves to, never through a link (see
    :mod:`framing.render.folder`); what an interrupted run left there is undone first (with a
    warning saying so).
    """
    out = Path(out)
    target = check_output(out, corpus=result.corpus.path)
    with _opened(out, target, create=True) as folder:
        try:
            with locked(folder):
                note = recover(folder)
                if note is not None:
                    warnings.warn(note, UserWarning, stacklevel=2)
                old = _previous_report(folder)
                _write_and_swap(result, folder, old, timestamp, progress)
        except OutputError:
            raise
        except OSError as error:
            kept = " (the next run puts the previous report back)" if _journal_left(folder) else ""
            raise OutputError(
                f"{out}: writing the report failed ({error.strerror or error}){kept}"
            ) from None
    return out


def _write_and_swap(
    result: ReportSource, folder: Folder, old: list[str], timestamp: str | None, progress: bool
) -> None:
    staging = folder.make_private(STAGING_PREFIX)
    try:
        with folder.child(staging) as staged:  # type: ignore[union-attr] - just made
            files = _write_all(result, staged, timestamp, progress, previous=folder)
            swap(folder, staged, files, old)
    finally:
        if not _journal_left(folder):  # else the next run needs it to put things back
            with contextlib.suppress(OSError):
                folder.remove_tree(staging)


def _journal_left(folder: Folder) -> bool:
    try:
        return folder.lstat(JOURNAL) is not None
    except OSError:
        return True


def _write_all(
    result: ReportSource,
    folder: Folder,
    timestamp: str | None,
    progress: bool,
    previous: Folder | None = None,
) -> list[str]:
    """Write every file under ``folder`` (new files only, never through a link); return their
    paths relative to it, marker last. A file the report in ``previous`` wrote from the same
    input is copied from there (:mod:`framing.render.reuse`) instead of made again."""
    old = previous_digests(previous) if previous is not None else {}
    tables = data_tables(result)
    memo: dict[tuple[str, str], bytes] = {}
    keys = {f"{DATA_DIR}/{name}": table_key(name, frame, memo) for name, frame in tables.items()}
    drawn = figures_key(result.tables, result.config, memo)
    digests: dict[str, dict[str, str]] = {}
    files = []
    figures = _reused_figures(previous, old, drawn) if previous is not None else None
    if figures is None:
        figures = _figure_files(result, progress)
    with progress_bar(total=3, desc="rendering", unit="step", enabled=progress) as bar:
        for name, png in figures.items():
            files.append(f"{FIGURE_DIR}/{safe_filename(name)}.png")
            with folder.create(files[-1]) as handle:
                handle.write(png)
            sha = hashlib.sha256(png).hexdigest()
            digests[files[-1]] = {"key": drawn, "sha256": sha, "name": name}
        bar.update()
        for name, frame in tables.items():
            rel = f"{DATA_DIR}/{name}"
            files.append(rel)
            before = old.get(rel, {})
            reused = (
                previous is not None
                and before.get("key") == keys[rel]
                and copy_file(previous, rel, folder, before.get("sha256", ""))
            )
            if reused:
                sha = before["sha256"]
            else:
                _write_table(folder, rel, frame)
                sha = sha256_of(folder, rel) or ""
            digests[rel] = {"key": keys[rel], "sha256": sha}
        bar.update()
        report = render_report(result, figures=figures, timestamp=timestamp)
        with folder.create("report.md", "w", encoding="utf-8") as handle:
            handle.write(report)
        files.append("report.md")
        bar.update()
    from .. import __version__

    marker = {"framing": __version__, "files": files, DIGESTS: digests}
    with folder.create(MARKER, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(marker, indent=1) + "\n")
    return [*files, MARKER]


MAX_FIGURE_BYTES = 64_000_000
"""A previous report's figure larger than this is not read back (framing's are under 1 MB)."""


def _write_table(folder: Folder, rel: str, frame: pd.DataFrame) -> None:
    if rel.endswith(".parquet"):
        with folder.create(rel) as handle:
            frame.to_parquet(handle, index=False)
        return
    with folder.create(rel, "w", encoding="utf-8", newline="") as handle:
        frame.to_csv(handle, index=False, float_format=_FLOAT_FORMAT, date_format="%Y-%m-%d")


def _reused_figures(
    previous: Folder, old: dict[str, dict[str, str]], key: str
) -> dict[str, bytes] | None:
    """The previous report's figures by name, when it drew them from the same input and none
    was changed since; else None (all are drawn anew: a report's figures are one drawing)."""
    entries = [(rel, e) for rel, e in old.items() if rel.startswith(f"{FIGURE_DIR}/")]
    if not entries or any(e.get("key") != key or "name" not in e for _, e in entries):
        return None
    figures = {}
    for rel, entry in entries:
        png = read_verified(previous, rel, entry.get("sha256", ""), MAX_FIGURE_BYTES)
        if png is None:
            return None
        figures[entry["name"]] = png
    return figures


def _figure_files(result: ReportSource, progress: bool) -> dict[str, bytes]:
    """Each figure's PNG bytes by stem, drawn anew (on worker processes for a large corpus:
    :func:`framing.render.draw.draw_figures`), even when a notebook already built
    ``Result.figures``: a figure drawn twice can lay out differently, and a report must be the
    same files however it was reached."""
    # workers drawing figures start as copies of this process
    release_memory(len(result.tables.get("sentences", ())))
    return draw_figures(result, jobs=result.config.run.jobs, progress=progress)
