"""Read a corpus folder or table file into one validated article table plus a log.

The only place that knows the input contract's forms (see README "Input"). A bad input becomes a
log row naming the file (and row or field) and the reason; the rest of the corpus still loads.
Input files are only ever opened for reading, and only inside the corpus folder: every file is
opened through :mod:`framing.safe_read` (its real path, links followed, must lie inside the corpus;
only regular files are opened; a link out is refused and logged, a link to a folder is not
followed), and a file reached under two names (a link, a hard link) is read once.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from ..config import IngestOptions
from ..errors import InputError
from ..lexicons import override_dir, read_override
from ..progress import progress_bar
from ..safe_read import OUTSIDE, Refused, file_kind, open_inside, read_inside, real_folder
from ..tokens import CONTROL_CHARACTERS, ZERO_WIDTH_CHARACTERS, count_words, one_line
from .dates import parse_dates
from .decode import decode_bytes
from .files import FILE_SUFFIXES, RawArticle, parse_article_text
from .layout import check_corpus_folder, not_a_corpus_folder
from .log import LogEntry
from .outlets import ALIAS_FILE, OutletAliases, read_aliases, resolve_outlets
from .tableio import gzipped
from .tables import (
    TableError,
    TableLimits,
    bad_fields,
    is_table_file,
    iter_table_rows,
    normalise_record,
)

__all__ = ["read_corpus", "check_corpus_path", "MANIFEST_NAMES", "DOC_NAMES", "SETTINGS_NAMES"]

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
DOC_NAMES = ("readme", "license", "licence")
SETTINGS_NAMES = ("framing.toml", "lexicons")
_BASE_FIELDS = ("article_id", "outlet", "title", "date", "date_exact", "url", "source_path", "body")
_UNPRINTABLE = re.compile(
    f"[\x00-\x1f\ud800-\udfff]|{CONTROL_CHARACTERS.pattern}|{ZERO_WIDTH_CHARACTERS.pattern}"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Collector:
    """Accumulates accepted articles and log entries; enforces the per-article checks."""

    def __init__(self, options: IngestOptions) -> None:
        self.options = options
        self.records: list[dict[str, object]] = []
        self.log: list[LogEntry] = []
        self.ids: dict[str, str] = {}
        self.file_digests: dict[str, str] = {}
        self.outlet_folders: dict[str, str] = {}
        """``article_id`` → folder, for articles whose outlet is only their folder's name."""
        self.aliases = OutletAliases()

    def digest(
        self, source: str, data: bytes | None = None, handle: BinaryIO | None = None
    ) -> None:
        """Remember a digest of every input file read (its bytes, or what is left to read of
        an open file), for the run's input hash."""
        hasher = hashlib.sha256()
        if data is not None:
            hasher.update(data)
        elif handle is not None:
            for block in iter(lambda: handle.read(1 << 20), b""):
                hasher.update(block)
        self.file_digests[source] = hasher.hexdigest()

    def input_hash(self) -> str:
        """One sha256 over every file read (name and content), independent of reading order."""
        hasher = hashlib.sha256()
        for source in sorted(self.file_digests):
            hasher.update(f"{source}\0{self.file_digests[source]}\n".encode())
        return hasher.hexdigest()

    def reject(self, source: str, reason: str, detail: str) -> None:
        self.log.append(LogEntry(source, None, "ingest", "rejected", reason, detail))

    def add(self, source: str, article: RawArticle, default_id: str) -> str | None:
        """Accept ``article`` (and return its id) or log why not (and return None)."""
        if not isinstance(article.body, str) or not article.body.strip():
            self.reject(source, "no_text", "no article text")
            return None
        article = self._valid_unicode(source, article)
        outlet = _clean_str(article.outlet)
        if not outlet:
            self.reject(
                source, "no_outlet", "no outlet (give an outlet column, folder or manifest)"
            )
            return None
        article_id = _clean_str(article.article_id) or default_id
        if article_id in self.ids:
            first = self.ids[article_id]
            self.reject(
                source, "duplicate_id", f"duplicate article_id {article_id!r} (first in {first})"
            )
            return None
        if not _has_min_words(article.body, self.options.min_words):
            words = _words(article.body)
            self.reject(
                source, "too_short", f"too short: {words} words (minimum {self.options.min_words})"
            )
            return None
        self.ids[article_id] = source
        record = {
            "article_id": article_id,
            "outlet": outlet,
            "title": _clean_str(article.title),
            "date": article.date,
            "date_exact": article.extra.pop("date_exact", None),
            "url": _clean_str(article.url),
            "source_path": source,
            "body": article.body,
        }
        record.update({k: _visible(v) for k, v in article.extra.items() if k not in record})
        self.records.append(record)
        return article_id

    def _valid_unicode(self, source: str, article: RawArticle) -> RawArticle:
        """Lone surrogates (``"\\ud800"`` in JSON) are not text: no output could hold them.
        Each becomes U+FFFD, and the repair is logged."""
        repaired = 0

        def repair(value: object) -> object:
            nonlocal repaired
            if not isinstance(value, str) or not _SURROGATE.search(value):
                return value
            value, n = _SURROGATE.subn("\ufffd", value)
            repaired += n
            return value

        fields = {n: repair(getattr(article, n)) for n in ("body", "title", "url", "outlet")}
        fixed = RawArticle(
            **fields,
            date=repair(article.date),
            article_id=repair(article.article_id),
            extra={key: repair(value) for key, value in article.extra.items()},
        )
        if not repaired:
            return article
        self.log.append(
            LogEntry(
                source,
                None,
                "ingest",
                "repaired",
                "invalid_unicode",
                f"{repaired} lone surrogate(s) (invalid Unicode escapes) replaced by U+FFFD",
            )
        )
        return fixed


def read_corpus(
    path: str | Path, *, options: IngestOptions | None = None, progress: bool = False
) -> tuple[pd.DataFrame, list[LogEntry], str]:
    """Read every article under ``path``.

    Parameters
    ----------
    path : str or Path
        A corpus folder (one sub-folder per outlet, optional ``manifest.csv``) or one table file.
    options : IngestOptions, default=None
        Limits such as the minimum article length, and outlet aliases; defaults apply when None.
    progress : bool, default=False
        Show a progress bar while reading files.

    Returns
    -------
    articles : DataFrame
        One row per accepted article: ``article_id, outlet, title, date, date_exact, url,
        source_path, body`` and any extra metadata columns of the input.
    log : list of LogEntry
        Every rejected input and every flagged field, with its reason, and every outlet name
        changed (:mod:`framing.ingest.outlets`).
    input_hash : str
        sha256 over the names and contents of every file read (manifest and alias map
        included).

    Raises
    ------
    InputError
        When ``path`` does not exist, is neither a folder nor a table file, or is a folder that
        looks like a code project rather than a corpus (:mod:`framing.ingest.layout`).
    ConfigError
        When the corpus's ``lexicons/`` folder or its alias map (``lexicons/outlets.csv``)
        cannot be used.

    Notes
    -----
    Nothing outside the corpus is read: in a folder, every file (tables, articles, the
    manifest, the alias map) must resolve inside it, at any depth. ``path`` itself is what
    the user named: a link given as the corpus (a folder or a table file) is followed.
    """
    root = Path(path)
    collector = _Collector(options or IngestOptions())
    lexicons = override_dir(root) if root.is_dir() else None
    collector.aliases = read_aliases(collector.options.outlets, lexicons)
    aliases = read_override(ALIAS_FILE, lexicons)
    if lexicons is not None and aliases is not None:
        collector.digest(f"{lexicons.name}/{ALIAS_FILE}", aliases.encode("utf-8"))
    if root.is_dir():
        _read_folder(root, collector, progress)
    elif root.is_file() and is_table_file(root):
        real = Path(os.path.realpath(root))  # the user named this file: read it, link or not
        _read_table(real.parent, Path(real.name), root.name, collector, progress)
    elif root.exists():
        raise InputError(
            f"{root}: not a corpus (expected a folder or a .jsonl/.json/.csv/.parquet table)"
        )
    else:
        raise InputError(f"{root}: no such file or folder")
    return _to_frame(collector), collector.log, collector.input_hash()


def check_corpus_path(path: str | Path) -> None:
    """Refuse, before any work, a folder that looks like a code project rather than a corpus
    (:func:`framing.ingest.layout.check_corpus_folder`): lists the files, reads none. What
    :func:`read_corpus` would refuse anyway, said before a report folder is chosen.

    Raises
    ------
    InputError
        When ``path`` is a folder that looks like a code project.
    """
    root = Path(path)
    if root.is_dir():
        collector = _Collector(IngestOptions())
        check_corpus_folder(root, sorted(_outlet_files(root, real_folder(root), collector)), [])


def _read_folder(root: Path, collector: _Collector, progress: bool) -> None:
    real_root = real_folder(root)
    files = sorted(_outlet_files(root, real_root, collector))
    check_corpus_folder(root, files, collector.log)
    manifest = _read_manifest(root, real_root, collector)
    files = _once(root, real_root, sorted(set(files) | set(manifest)), collector)
    for file in progress_bar(files, desc="reading files", unit="file", enabled=progress):
        source = _display(file.relative_to(root).as_posix())
        try:
            if _top_level_table(file, root):
                _read_table(real_root, file.relative_to(root), source, collector, progress)
            else:
                _read_article_file(real_root, root, file, source, manifest.get(file, {}), collector)
        except OSError as error:  # vanished, unreadable, a path the OS refuses
            collector.reject(source, "unreadable", f"cannot read: {error.strerror or error}")


def _top_level_table(file: Path, root: Path) -> bool:
    return file.parent == root and is_table_file(file)


def _outlet_files(root: Path, real_root: Path, collector: _Collector) -> Iterator[Path]:
    """Every file that may hold articles; everything else under the folder is logged as skipped
    with the reason, so that every input is accounted for. A top-level entry is judged like any
    other (:func:`_entry_kind`): a link out of the corpus is refused, a link to a folder (``self
    -> .``) is not followed."""
    for entry in sorted(root.iterdir()):
        name = entry.name
        if name.lower() in MANIFEST_NAMES:
            continue
        if name.startswith("."):
            _skip(collector, entry, root, "hidden", "hidden file or folder skipped")
        elif _named(name, DOC_NAMES):
            _skip(collector, entry, root, "documentation", "documentation, not an article")
        elif _named(name, SETTINGS_NAMES):
            _skip(collector, entry, root, "settings", "the corpus's settings, not an article")
        elif (kind := _entry_kind(entry, root, real_root, collector)) is None:
            continue
        elif kind == "folder" and (holds := not_a_corpus_folder(entry)):
            _skip(collector, entry, root, "not_articles", f"{holds}, not articles: skipped")
        elif kind == "folder":
            yield from _walk(entry, root, real_root, collector)
        elif is_table_file(entry):
            yield entry
        else:
            _skip(
                collector,
                entry,
                root,
                "not_an_article",
                "top-level file skipped: articles go in one sub-folder per outlet",
            )


def _walk(folder: Path, root: Path, real_root: Path, collector: _Collector) -> Iterator[Path]:
    """Files under an outlet folder, depth first, in name order; links to folders are not
    followed (a link loop must not hang the run), links out of the corpus are refused and
    hidden entries are logged, not read."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        _skip(collector, folder, root, "unreadable", f"folder unreadable: {error.strerror}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            _skip(collector, entry, root, "hidden", "hidden file or folder skipped")
        elif (kind := _entry_kind(entry, root, real_root, collector)) is None:
            continue
        elif kind == "folder" and (holds := not_a_corpus_folder(entry)):
            _skip(collector, entry, root, "not_articles", f"{holds}, not articles: skipped")
        elif kind == "folder":
            yield from _walk(entry, root, real_root, collector)
        else:
            yield entry


def _entry_kind(entry: Path, root: Path, real_root: Path, collector: _Collector) -> str | None:
    """``"folder"`` or ``"file"`` for an entry to walk or read, else None once the log says
    why not: a link out of the corpus (rejected, ``outside_corpus``), a link to a folder, a
    broken link, a named pipe, a device or a socket (skipped, ``not_a_file``). Judged from
    ``lstat`` and the link's real path: nothing is opened."""
    try:
        mode = entry.lstat().st_mode
        if stat.S_ISLNK(mode):
            target = Path(os.path.realpath(entry))
            if not target.is_relative_to(real_root):
                collector.reject(_source(entry, root), "outside_corpus", OUTSIDE)
                return None
            if not os.path.lexists(target):
                _skip(collector, entry, root, "not_a_file", "broken link: points to nothing")
                return None
            mode = os.stat(target).st_mode
            if stat.S_ISDIR(mode):
                _skip(collector, entry, root, "not_a_file", "link to a folder: not followed")
                return None
    except OSError as error:  # vanished, a link loop, no permission
        _skip(collector, entry, root, "unreadable", f"cannot read: {error.strerror or error}")
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    _skip(collector, entry, root, "not_a_file", f"{file_kind(mode)}, not a regular file")
    return None


def _once(root: Path, real_root: Path, files: list[Path], collector: _Collector) -> list[Path]:
    """``files`` with each file once: names of one file (a link to a file inside the corpus, a
    hard link) are read under one name and the others logged (``same_file``). The name kept is
    a top-level table's (only there is a table read as one), else a name without a link on its
    path, else the first in name order."""
    names: dict[tuple[int, int], list[Path]] = {}
    kept = []
    for file in files:
        try:
            found = os.stat(file)
        except OSError:
            kept.append(file)  # reading it says why it cannot be read
            continue
        names.setdefault((found.st_dev, found.st_ino), []).append(file)
    for group in names.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        first = min(
            group,
            key=lambda f: (
                not _top_level_table(f, root),
                Path(os.path.realpath(f)) != real_root / f.relative_to(root),
                f,
            ),
        )
        kept.append(first)
        shown = _source(first, root)
        for other in sorted(set(group) - {first}):
            _skip(collector, other, root, "same_file", f"the same file as {shown}: read once")
    return sorted(kept)


def _named(name: str, names: tuple[str, ...]) -> bool:
    lowered = name.lower()
    return any(lowered == n or lowered.startswith(n + ".") for n in names)


def _source(entry: Path, root: Path) -> str:
    """The entry's name in the log: relative to the corpus, a real folder with a final ``/``."""
    folder = entry.is_dir() and not entry.is_symlink()
    return _display(entry.relative_to(root).as_posix()) + ("/" if folder else "")


def _skip(collector: _Collector, entry: Path, root: Path, reason: str, detail: str) -> None:
    source = _source(entry, root)
    collector.log.append(LogEntry(source, None, "ingest", "skipped", reason, detail))


def _display(name: str) -> str:
    """A file name as text that every output can hold: undecodable bytes (kept by the OS as
    surrogates) become U+FFFD, control, direction-override and zero-width characters (a newline
    in a name, a U+202E that shows ``gnp.exe`` as ``exe.png``) become ``?``."""
    if _UNPRINTABLE.search(name):
        name = _UNPRINTABLE.sub(
            lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "?", name
        )
    return name


def _read_manifest(
    root: Path, real_root: Path, collector: _Collector
) -> dict[Path, dict[str, object]]:
    """Manifest rows by file path (the path each row names, links resolved); bad rows are
    logged and left out. The manifest is read like any file of the corpus (inside it, a regular
    file) and no larger than a table (``max_table_mb``); a second manifest is logged unread."""
    found = _manifests(root)
    if not found:
        return {}
    manifest_path = found[0]
    for other in found[1:]:
        detail = f"a second manifest: only {manifest_path.name} is read"
        _skip(collector, other, root, "settings", detail)
    limits = _limits(collector.options)
    try:
        with open_inside(
            real_root, manifest_path.name, limits.max_bytes, of="a manifest; raise max_table_mb"
        ) as handle:
            collector.digest(manifest_path.name, handle=handle)
            real = Path(os.path.realpath(manifest_path))
            rows = _manifest_rows_without_text(real, manifest_path.name, collector)
    except Refused as refused:
        collector.reject(manifest_path.name, refused.reason, refused.detail)
        return {}
    out: dict[Path, dict[str, object]] = {}
    for number, record in rows:
        source = f"{manifest_path.name}:row {number}"
        if isinstance(record, str):
            collector.reject(source, "bad_manifest_row", record)
            continue
        target = _manifest_target(root, real_root, record, source, collector)
        if target is not None:
            out[target] = normalise_record(
                {k: v for k, v in record.items() if k not in ("path", "file")}
            )
    return out


def _manifests(root: Path) -> list[Path]:
    """The folder's manifests (``manifest.csv`` before ``manifest.jsonl``, whatever the case of
    their names, as the folder walk leaves them out)."""
    try:
        entries = [e for e in root.iterdir() if e.name.lower() in MANIFEST_NAMES]
    except OSError:
        return []
    return sorted(entries, key=lambda e: (MANIFEST_NAMES.index(e.name.lower()), e.name))


def _limits(options: IngestOptions) -> TableLimits:
    """The table reader's limits: a whole table (``max_table_mb``), one row (``max_file_mb``)."""
    return TableLimits(
        max_bytes=int(options.max_table_mb * 1_000_000),
        max_row_bytes=int(options.max_file_mb * 1_000_000),
    )


def _manifest_rows_without_text(
    path: Path, label: str, collector: _Collector
) -> list[tuple[int, object]]:
    """A manifest has no text column by design; read it as a plain table (a row with the wrong
    number of fields is rejected on its own, never shifted); metadata of a wrong type (a title
    that is a list) is left out with a flag. ``path`` is the manifest's real path, checked to
    lie inside the corpus; ``label`` the name the log gives it."""
    try:
        rows = list(iter_table_rows(path, require_text=False, limits=_limits(collector.options)))
    except TableError as error:
        collector.reject(label, "bad_manifest", f"manifest unreadable: {error}")
        return []
    checked: list[tuple[int, object]] = []
    for number, record in rows:
        if isinstance(record, dict):
            record = normalise_record(record)
            for name, problem in bad_fields(record).items():
                del record[name]
                collector.log.append(
                    LogEntry(
                        f"{label}:row {number}",
                        None,
                        "ingest",
                        "flagged",
                        "bad_field",
                        f"{problem}: left out",
                    )
                )
        checked.append((number, record))
    return checked


def _manifest_target(
    root: Path, real_root: Path, record: dict, source: str, collector: _Collector
) -> Path | None:
    name = _clean_str(record.get("path") or record.get("file"))
    if not name:
        collector.reject(source, "bad_manifest_row", "manifest row has no path")
        return None
    target = Path(os.path.realpath(root / name))
    if Path(name).is_absolute() or not target.is_relative_to(real_root):
        collector.reject(source, "outside_corpus", f"path {name!r} is outside the corpus folder")
        return None
    if not target.exists():
        collector.reject(source, "missing_file", f"file {name!r} does not exist")
        return None
    if not target.is_file():
        collector.reject(source, "not_a_file", f"{name!r} is not a file")
        return None
    return root / target.relative_to(real_root)


def _read_article_file(
    real_root: Path,
    root: Path,
    file: Path,
    source: str,
    meta: dict[str, object],
    collector: _Collector,
) -> None:
    suffix = file.suffix.lower()
    if suffix not in FILE_SUFFIXES:
        collector.reject(
            source, "unsupported_type", f"unsupported file type {suffix or '(none)'!r}"
        )
        return
    try:
        limit = int(collector.options.max_file_mb * 1_000_000)
        data = read_inside(real_root, file.relative_to(root), limit)
    except Refused as refused:  # outside the corpus, not a regular file, too large, unreadable
        collector.reject(source, refused.reason, refused.detail)
        return
    collector.digest(source, data)
    decoded = decode_bytes(data)
    if decoded.text is None:
        collector.reject(source, _reason_code(decoded.problem), decoded.problem or "unreadable")
        return
    try:
        article = parse_article_text(
            decoded.text, suffix, known_title=_clean_str(meta.get("title"))
        )
    except ValueError as error:
        collector.reject(source, "unreadable", str(error))
        return
    if decoded.encoding not in ("utf-8", "utf-8-sig"):
        collector.log.append(
            LogEntry(
                source,
                None,
                "ingest",
                "decoded",
                "encoding",
                f"decoded as {decoded.encoding} (not UTF-8)",
            )
        )
    folder = _outlet_folder(root, file)
    named_by_folder = _apply_meta(article, meta, outlet_folder=folder)
    article_id = collector.add(source, article, default_id=Path(source).with_suffix("").as_posix())
    if article_id is not None and named_by_folder and folder is not None:
        collector.outlet_folders[article_id] = folder
    _attach_ids(collector, source)


def _reason_code(problem: str | None) -> str:
    if problem == "empty file":
        return "empty_file"
    if problem and problem.startswith("binary"):
        return "binary"
    return "undecodable"


def _outlet_folder(root: Path, file: Path) -> str | None:
    parts = file.relative_to(root).parts
    return parts[0] if len(parts) > 1 else None


def _apply_meta(article: RawArticle, meta: dict[str, object], *, outlet_folder: str | None) -> bool:
    """Manifest metadata wins over what the file itself says; the folder's name is the outlet
    when neither names one (and then True is returned)."""
    for name in ("title", "date", "url", "outlet", "article_id"):
        value = meta.get(name)
        if _clean_str(value):
            setattr(article, name, value)
    named_by_folder = _clean_str(article.outlet) is None
    article.outlet = _clean_str(article.outlet) or outlet_folder
    extra = {
        k: v
        for k, v in meta.items()
        if k not in ("title", "date", "url", "outlet", "article_id", "text")
    }
    article.extra.update(extra)
    return named_by_folder


def _attach_ids(collector: _Collector, source: str) -> None:
    """Give log entries written before the article got its id that id."""
    if not collector.records or collector.records[-1]["source_path"] != source:
        return
    article_id = collector.records[-1]["article_id"]
    for index, entry in enumerate(collector.log):
        if entry.source == source and entry.article_id is None and entry.action == "decoded":
            collector.log[index] = entry._replace(article_id=article_id)


def _read_table(
    real_root: Path, relative: Path, source: str, collector: _Collector, progress: bool
) -> None:
    """Read the table file ``relative`` inside ``real_root``. The table reader opens it by its
    real path (a link's target), checked a moment before; the digest is of the file opened
    inside."""
    limits = _limits(collector.options)
    try:
        with open_inside(real_root, relative) as handle:
            real = Path(os.path.realpath(real_root / relative))
            if not is_table_file(real):
                detail = f"a link to {_display(real.name)!r}, which is not a table file"
                collector.reject(source, "unsupported_type", detail)
                return
            if gzipped(real) or os.fstat(handle.fileno()).st_size <= limits.max_bytes:
                collector.digest(source, handle=handle)  # over the limit: refused unread
            _table_rows(real, source, collector, limits, progress)
    except Refused as refused:
        collector.reject(source, refused.reason, refused.detail)


def _table_rows(
    file: Path, source: str, collector: _Collector, limits: TableLimits, progress: bool
) -> None:
    options = collector.options
    mark = _Mark(collector)
    try:
        notes: list[tuple[str, str, str]] = []
        mapping = options.column_map()
        rows: Iterable = iter_table_rows(file, notes, limits, mapping)
        for number, record in progress_bar(
            rows, desc=f"reading {file.name}", unit="row", enabled=progress
        ):
            row_source = f"{source}:row {number}"
            if isinstance(record, str):
                collector.reject(row_source, "bad_row", record)
                continue
            article, flags = _record_to_article(record, mapping)
            if isinstance(article, str):
                collector.reject(row_source, "bad_row", article)
                continue
            article_id = collector.add(row_source, article, default_id=row_source)
            for detail in flags:
                collector.log.append(
                    LogEntry(row_source, article_id, "ingest", "flagged", "bad_field", detail)
                )
    except TableError as error:
        mark.rewind(collector)
        collector.reject(source, "bad_table", str(error))
    for action, reason, detail in notes:
        collector.log.append(LogEntry(source, None, "ingest", action, reason, detail))


class _Mark:
    """How far the collector was before a table, to drop the rows of a table refused late."""

    def __init__(self, collector: _Collector) -> None:
        self.records = len(collector.records)
        self.log = len(collector.log)
        self.ids = len(collector.ids)

    def rewind(self, collector: _Collector) -> None:
        del collector.records[self.records :]
        del collector.log[self.log :]
        for article_id in list(collector.ids)[self.ids :]:
            del collector.ids[article_id]


def _record_to_article(
    record: dict[str, object], columns: dict[str, str] | None = None
) -> tuple[RawArticle | str, list[str]]:
    """The row as an article and the flags for metadata left out (a title that is a list), or
    the reason the row is rejected (a text that is not text)."""
    record = normalise_record(record, columns)
    problems = bad_fields(record)
    if "text" in problems:
        return problems["text"], []
    for name in problems:
        del record[name]
    body = record.pop("text", None)
    known = {k: record.pop(k, None) for k in ("title", "date", "url", "outlet", "article_id")}
    article = RawArticle(body=body if isinstance(body, str) else "", **known, extra=record)
    return article, [f"{problem}: left out" for problem in problems.values()]


def _to_frame(collector: _Collector) -> pd.DataFrame:
    frame = pd.DataFrame(collector.records)
    if frame.empty:
        frame = pd.DataFrame(columns=list(_BASE_FIELDS))
    else:
        frame["outlet"], renamed = resolve_outlets(
            frame,
            collector.outlet_folders,
            collector.aliases,
            merge=collector.options.merge_outlets,
        )
        collector.log.extend(renamed)
    files = frame["source_path"].astype("string").str.replace(r":row \d+$", "", regex=True)
    dates, problems, ambiguous = parse_dates(frame["date"], files, collector.options.dayfirst)
    for index in problems[problems.notna()].index:
        row = frame.loc[index]
        collector.log.append(
            LogEntry(
                row["source_path"],
                row["article_id"],
                "ingest",
                "flagged",
                "ambiguous_date" if ambiguous[index] else "bad_date",
                problems[index],
            )
        )
    frame["date"] = dates
    frame["date_exact"] = _exactness(frame["date_exact"], dates)
    frame.loc[ambiguous[ambiguous].index, "date_exact"] = False
    return frame


def _exactness(declared: pd.Series, dates: pd.Series) -> pd.Series:
    """``date_exact``: the manifest's word when given, True for any other parsed date."""
    lowered = declared.astype("string").str.strip().str.lower()
    exact = pd.Series(pd.NA, index=declared.index, dtype="boolean")
    exact[dates.notna()] = True
    exact[lowered.isin(["false", "0", "no", "approximate", "approx"]).fillna(False)] = False
    exact[dates.isna()] = pd.NA
    return exact


def _has_min_words(body: str, minimum: int) -> bool:
    if body.count(" ") > 3 * minimum:
        return True
    return _words(body) >= minimum


_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _words(body: str) -> int:
    """Tokens, counting Chinese and Japanese text (written without spaces) as about one word
    per two characters, so that an article in those languages is not "too short"."""
    return count_words(body) + len(_CJK.findall(body)) // 2


def _visible(value: object) -> object:
    """An extra metadata value (a topic, a byline) with control, direction-override and
    zero-width characters removed, like every text; line breaks stay. Other types unchanged."""
    if not isinstance(value, str):
        return value
    return ZERO_WIDTH_CHARACTERS.sub("", CONTROL_CHARACTERS.sub("", value))


def _clean_str(value: object) -> str | None:
    """A metadata value as one visible line, cleaned like article text (control, direction
    override and zero-width characters removed: :func:`framing.tokens.one_line`), or None when
    missing or blank."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = one_line(str(value))
    return text or None
