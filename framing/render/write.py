"""Write a result to disk: ``report.md``, ``figures/*.png``, ``data/*`` — safely and atomically.

Why so careful: users point ``--out`` at folders that hold their own work. A report is written
only into a folder that is new, empty, or a previous framing report (recognised by the marker file
``.framing-report`` that lists the files framing wrote there); anything else is refused before any
work starts. Inside a previous report, only the files its marker lists are replaced, so notes a
user added beside them survive.

Why atomic: a reader (or a notebook) may be looking at the previous report while a run is in
progress, and an interrupted run must never leave half a report. Everything is written into a
hidden staging folder inside the target, then moved into place file by file with renames (atomic
on one file system); if anything fails or the run is interrupted, the moves are undone and the
previous report is left as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import unicodedata
import warnings
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from ..errors import OutputError
from ..progress import progress_bar
from ..schema import table_specs
from .report import FIGURE_DIR, render_report
from .sections import ReportSource

__all__ = [
    "write_result",
    "data_tables",
    "check_output",
    "safe_filename",
    "default_output",
    "MARKER",
]

MARKER = ".framing-report"
"""Marker file of a framing report folder: JSON naming the framing version and the files written."""
DATA_DIR = "data"
_FLOAT_FORMAT = "%.6g"
_STAGING_PREFIX = ".framing-staging-"
_RETIRED_PREFIX = ".framing-retired-"
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
    files, the corpus folder, a folder inside the corpus or holding it, an unwritable place.
    Returns ``out`` as an absolute path.
    """
    target = Path(os.path.abspath(out))
    if target.exists() and not target.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; give a folder for the report")
    if corpus is not None:
        _check_apart_from_corpus(out, target, Path(os.path.abspath(corpus)))
    if target.is_dir():
        _check_folder_content(out, target)
        if not os.access(target, os.W_OK | os.X_OK):
            raise OutputError(f"{out}: cannot write the report here (permission denied)")
        return target
    ancestor = next(p for p in target.parents if p.exists())
    if not ancestor.is_dir():
        raise OutputError(f"{out}: cannot write the report here ({ancestor} is a file)")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: cannot write the report here (permission denied in {ancestor})")
    return target


def _check_apart_from_corpus(out: str | Path, target: Path, corpus: Path) -> None:
    real_target, real_corpus = target.resolve(), corpus.resolve()
    if real_target == real_corpus or real_corpus in real_target.parents:
        raise OutputError(
            f"{out}: is the corpus folder or inside it; write the report elsewhere "
            "(the corpus is never written to)"
        )
    if real_target in real_corpus.parents and real_target.is_dir() and _is_report(real_target):
        raise OutputError(f"{out}: holds the corpus; write the report elsewhere")


def _check_folder_content(out: str | Path, target: Path) -> None:
    entries = [e.name for e in target.iterdir() if not e.name.startswith(_STAGING_PREFIX)]
    if not entries or _marker_files(target) is not None:
        return
    if MARKER in entries:
        raise OutputError(f"{out}: its {MARKER} marker is damaged; give a new or empty folder")
    shown = ", ".join(sorted(entries)[:3]) + (", ..." if len(entries) > 3 else "")
    raise OutputError(
        f"{out}: holds other files ({shown}) and is not a framing report; "
        "give a new or empty folder"
    )


def _is_report(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def _marker_files(folder: Path) -> list[str] | None:
    """The files a previous framing report lists (None when the marker is missing or damaged).

    A report written before markers existed (framing 0.1: only ``report.md``, ``figures/`` and
    ``data/``, with framing's generated line) counts as one, listing what those hold.
    """
    if not (folder / MARKER).is_file():
        return _legacy_report_files(folder)
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return [f for f in files if _inside(folder, f)]


def _legacy_report_files(folder: Path) -> list[str] | None:
    names = {e.name for e in folder.iterdir()}
    report = folder / "report.md"
    if "report.md" not in names or not names <= {"report.md", FIGURE_DIR, DATA_DIR}:
        return None
    try:
        head = report.read_text(encoding="utf-8")[:2000]
    except (OSError, UnicodeDecodeError):
        return None
    if "\n_Generated " not in head or " by framing " not in head:
        return None
    files = ["report.md"]
    for sub in (FIGURE_DIR, DATA_DIR):
        if (folder / sub).is_dir():
            files += [f"{sub}/{p.name}" for p in sorted((folder / sub).iterdir()) if p.is_file()]
    return files


def _inside(folder: Path, relative: str) -> bool:
    path = Path(relative)
    return not path.is_absolute() and ".." not in path.parts and path.parts[:1] != (MARKER,)


def data_tables(result: ReportSource) -> dict[str, pd.DataFrame]:
    """The tables written under ``data/``, by file name: every table of the run, each under the
    file its schema names (``framing.schema.table_specs``). A table without a schema, or whose
    columns do not start with its schema's, is an error: nothing undocumented is written."""
    specs = table_specs(result.annotated.annotators)
    tables = {}
    for name, frame in result.tables.items():
        if name not in specs:
            raise ValueError(f"table {name!r} has no schema in framing.schema; not written")
        expected = [c.name for c in specs[name].columns]
        if list(frame.columns[: len(expected)]) != expected:
            raise ValueError(f"table {name!r}: columns {list(frame.columns)} != {expected}")
        tables[specs[name].file] = frame
    return tables


def write_result(
    result: ReportSource, out: Path, *, timestamp: str | None = None, progress: bool = False
) -> Path:
    """Write the report folder at ``out`` and return ``out``.

    ``out`` must be new, empty or a previous framing report (see :func:`check_output`); only
    framing's own files are replaced, and only once the new report is complete.
    """
    out = Path(out)
    target = check_output(out, corpus=result.corpus.path)
    try:
        target.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=target))
    except OSError as error:
        raise OutputError(f"{out}: cannot write the report here ({error.strerror})") from None
    try:
        files = _write_all(result, staging, timestamp, progress)
        _swap_in(staging, target, files)
    except OSError as error:
        raise OutputError(f"{out}: writing the report failed ({error.strerror or error})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


def _write_all(
    result: ReportSource, folder: Path, timestamp: str | None, progress: bool
) -> list[str]:
    """Write every file under ``folder``; return their paths relative to it, marker last."""
    (folder / FIGURE_DIR).mkdir()
    (folder / DATA_DIR).mkdir()
    files = []
    figures = result.figures
    with progress_bar(total=3, desc="rendering", unit="step", enabled=progress) as bar:
        for name, figure in figures.items():
            files.append(f"{FIGURE_DIR}/{safe_filename(name)}.png")
            _save_figure(figure, folder / files[-1])
        bar.update()
        for name, frame in data_tables(result).items():
            files.append(f"{DATA_DIR}/{name}")
            if name.endswith(".parquet"):
                frame.to_parquet(folder / files[-1], index=False)
            else:
                frame.to_csv(
                    folder / files[-1],
                    index=False,
                    float_format=_FLOAT_FORMAT,
                    date_format="%Y-%m-%d",
                )
        bar.update()
        report = render_report(result, figures=figures, timestamp=timestamp)
        (folder / "report.md").write_text(report, encoding="utf-8")
        files.append("report.md")
        bar.update()
    from .. import __version__

    marker = {"framing": __version__, "files": files}
    (folder / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
    return [*files, MARKER]


def _save_figure(figure: Figure, path: Path) -> None:
    # no timestamp or software tag in the PNG, so identical runs give identical files; an outlet
    # name in a script the font lacks shows as boxes, which needs no warning per character
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(path, dpi=150, metadata={"Software": None}, facecolor="white")


def _swap_in(staging: Path, out: Path, files: list[str]) -> None:
    """Move the previous report's files aside, the new ones in, then drop the old ones; undo
    every move if anything fails or the run is interrupted half-way."""
    old = [f for f in (_marker_files(out) or []) if (out / f).is_file()]
    if (out / MARKER).is_file():
        old.append(MARKER)
    retired = Path(tempfile.mkdtemp(prefix=_RETIRED_PREFIX, dir=out))
    moved_old: list[str] = []
    moved_new: list[str] = []
    try:
        for name in old:
            _move(out / name, retired / name)
            moved_old.append(name)
        for name in files:
            _move(staging / name, out / name)
            moved_new.append(name)
    except BaseException:
        for name in reversed(moved_new):
            _move(out / name, staging / name)
        for name in reversed(moved_old):
            _move(retired / name, out / name)
        raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)
    _remove_empty_folders(out, old)


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


def _remove_empty_folders(out: Path, names: list[str]) -> None:
    """Folders that only held the previous report's files and are now empty."""
    for folder in sorted({(out / n).parent for n in names} - {out}, key=lambda p: -len(p.parts)):
        with contextlib.suppress(OSError):  # not empty: the new report or the user's files
            folder.rmdir()
