"""A content-addressed cache of per-article work, shared by runs and by corpora.

Why: users re-run framing every time they add outlets or articles. Cleaning, splitting and every
annotator are pure functions of one article (the contract tests check it), so their output for
an article can be kept under a key made of *what the article is* (a digest of everything the
stage reads of it) and *what the stage is* (its name, version, options, the contents of the data
files it reads, the keys of the stages it requires). A re-run then computes only the articles,
or the stages, whose key is new; an edited lexicon changes the key of the stages that read it and
of those that require them, and no other.

Storage: one SQLite file (``framing-cache.sqlite``) in the cache folder. Each *chunk* is the
output of one batch of articles for one stage, stored as Arrow IPC blobs (one per table) with
their sha256; an *entry* maps (stage key, article digest) to its chunk and its position there.
SQLite gives what a cache shared by concurrent runs needs without locks of our own: every write
is one transaction (a run killed halfway leaves no half entry), readers never block writers
(write-ahead log), and two runs writing the same entry both succeed (the later one wins, with
the same content). Arrow rather than pickle: loading a cache never runs code, even when someone
else could write to the folder.

Never trusted: a blob whose digest differs (a damaged disk, an edit) or that does not decode is
dropped and its articles computed again; an entry written by another version of framing has
another key (the version is part of every key), so it is never read, and is evicted in time. The
size is bounded (``RunOptions.cache_mb``): after a run, least recently used chunks are evicted
until the cache fits, and the run reports it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CacheWarning, ConfigError

if TYPE_CHECKING:  # imported where used: ``framing cache info`` and ``clear`` need no pandas
    import pandas as pd

__all__ = [
    "CACHE_FILE",
    "CACHE_FORMAT",
    "Cache",
    "CacheStats",
    "Loaded",
    "digest",
    "default_cache_dir",
    "frame_digest",
    "library_versions",
    "source_digest",
    "open_cache",
    "remove_cache_files",
    "stage_key",
]

CACHE_FILE = "framing-cache.sqlite"
"""The cache's one file (and SQLite's ``-wal``/``-shm`` beside it while it is open)."""
CACHE_FORMAT = 1
"""The layout of the file and of the blobs; part of every key, so a new layout never reads old
entries."""
POSITION = "_cache_position"
"""The column that ties each stored row to its article's position in the chunk."""
BUSY_SECONDS = 120.0
"""How long a run waits for another run's write transaction before giving up."""


def default_cache_dir() -> Path:
    """The user's cache folder for framing (``~/.cache/framing`` on Linux), or the folder in the
    ``FRAMING_CACHE_DIR`` environment variable (for tests and shared machines)."""
    given = os.environ.get("FRAMING_CACHE_DIR")
    if given:
        return Path(given)
    import platformdirs  # only when the default is used

    return Path(platformdirs.user_cache_dir("framing", appauthor=False))


def digest(*parts: object) -> str:
    """sha256 of the parts (strings, bytes, numbers, lists of them), unambiguous: each part is
    framed by its length, so ``("ab", "c")`` and ``("a", "bc")`` differ.

    >>> digest("ab", "c") == digest("a", "bc")
    False
    """
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, default=repr).encode()
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def stage_key(name: str, record: Mapping[str, object]) -> str:
    """A stage's key: its name and ``record`` (version, options, data digests, the keys of what
    it requires), framing's version, the cache format and the versions of the libraries whose
    data or behaviour shape the outputs (a new wordfreq list, a new pandas)."""
    from . import __version__

    payload = {
        "stage": name,
        "framing": __version__,
        "format": CACHE_FORMAT,
        "libraries": _library_versions(),
        **record,
    }
    return digest(json.dumps(payload, sort_keys=True, default=repr))


def frame_digest(
    frames: Mapping[str, pd.DataFrame], memo: dict[tuple[str, str], bytes] | None = None
) -> str:
    """sha256 over named tables' names, columns, dtypes, lengths and values: the key of
    corpus-level work that reads whole tables. Each column is hashed on its own (pandas' 64-bit
    hash of each value, in order, then sha256); ``memo`` keeps those column digests by (table
    name, column), for a caller that digests several projections of the same tables. About
    0.2 s for the tables of 2,000 articles."""

    hasher = hashlib.sha256()
    for name, frame in frames.items():
        header = [name, [str(c) for c in frame.columns], [str(t) for t in frame.dtypes]]
        hasher.update(json.dumps(header).encode())
        hasher.update(len(frame).to_bytes(8, "little"))
        for column in frame.columns:
            known = memo.get((name, str(column))) if memo is not None else None
            if known is None:
                known = _column_digest(frame[column])
                if memo is not None:
                    memo[(name, str(column))] = known
            hasher.update(known)
    return hasher.hexdigest()


DIGEST_ROWS = 200_000
"""Rows of a column hashed at a time by :func:`frame_digest`: pandas hashes text through one
Python string per distinct value, and a whole column of a large corpus's sentences at once was
where a warm run's report reached its peak memory."""


def _column_digest(column: pd.Series) -> bytes:
    """sha256 of pandas' 64-bit hash of each value, in order (a chunk of rows at a time: the
    same digest as of the whole column at once, as sha256 reads its input as a stream)."""
    import pandas as pd

    hasher = hashlib.sha256()
    for start in range(0, len(column), DIGEST_ROWS):
        part = column.iloc[start : start + DIGEST_ROWS]
        hasher.update(pd.util.hash_pandas_object(part, index=False).to_numpy().tobytes())
    return hasher.digest()


@functools.lru_cache(maxsize=1)
def source_digest() -> str:
    """sha256 over framing's own code and packaged data files: part of the key of corpus-level
    work (the comparisons), which has no version number of its own to bump, so that any change
    to the code makes it run again rather than serve a result the new code would not make."""
    root = Path(__file__).resolve().parent
    hasher = hashlib.sha256()
    for path in sorted([*root.rglob("*.py"), *(root / "data").iterdir()]):
        if path.is_file():
            hasher.update(path.relative_to(root).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


LIBRARIES = ("numpy", "pandas", "pyarrow", "wordfreq", "vaderSentiment", "google-re2")
"""Libraries whose version is part of every key: their data or behaviour shapes the outputs."""


@functools.lru_cache(maxsize=1)
def _library_versions() -> dict[str, str]:
    return library_versions(LIBRARIES)


def library_versions(names: Iterable[str]) -> dict[str, str]:
    """Each named distribution's installed version ("absent" when it is not installed)."""
    from importlib import metadata

    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


@contextlib.contextmanager
def open_cache(
    folder: Path | None, *, max_mb: float, corpus: Path | None = None
) -> Iterator[Cache | None]:
    """The cache in ``folder`` for the length of a run (None: no cache), refused inside the
    corpus; when the run ends, evicted down to its bound and its hits recorded."""
    if folder is None:
        yield None
        return
    if corpus is not None and _inside(folder, corpus):
        raise ConfigError(
            f"{folder}: the cache folder is inside the corpus {corpus}; framing never writes "
            "into a corpus: give a folder outside it (--cache DIR) or --no-cache"
        )
    cache = Cache(folder, max_mb=max_mb)
    try:
        yield cache
        cache.evict()
        cache.record_run()
    finally:
        cache.close()


def _inside(folder: Path, corpus: Path) -> bool:
    """Whether ``folder`` is a corpus folder or lies in one (a table file's folder may hold
    anything, so only a corpus folder is guarded)."""
    if not corpus.is_dir():
        return False
    root, target = corpus.resolve(), folder.resolve()
    return target == root or root in target.parents


@dataclass
class CacheStats:
    """What one run found and did in the cache, per stage (in the order stages asked)."""

    hits: dict[str, int] = field(default_factory=dict)
    misses: dict[str, int] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    rebuilt: int = 0
    evicted_chunks: int = 0
    evicted_bytes: int = 0

    def count(self, stage: str, key: str, hits: int, misses: int, version: str = "") -> None:
        self.keys[stage] = key
        self.versions[stage] = version
        self.hits[stage] = self.hits.get(stage, 0) + hits
        self.misses[stage] = self.misses.get(stage, 0) + misses

    def table(self) -> pd.DataFrame:
        """Per stage: its version and key, articles found in the cache and articles computed."""
        import pandas as pd

        return pd.DataFrame(
            {
                "stage": list(self.keys),
                "version": [self.versions[s] for s in self.keys],
                "key": [self.keys[s][:16] for s in self.keys],
                "hits": [self.hits[s] for s in self.keys],
                "misses": [self.misses[s] for s in self.keys],
            },
            columns=["stage", "version", "key", "hits", "misses"],
        )


@dataclass(frozen=True)
class Loaded:
    """Stored output of one stage for some articles: each table with a ``position`` column (the
    article's place in the list that was asked for); and the articles not found."""

    tables: dict[str, pd.DataFrame]
    missing: list[int]


class Cache:
    """The cache in ``folder``; created (mode 0700) when missing.

    Parameters
    ----------
    folder : Path
        The cache folder: new, empty, or one framing made (it holds ``framing-cache.sqlite``).
        Any other non-empty folder is refused: the cache never writes among a user's files.
    max_mb : float
        Size bound; least recently used chunks are evicted past it (:meth:`evict`).
    """

    def __init__(self, folder: Path, *, max_mb: float = 10_000.0) -> None:
        self.folder = Path(folder)
        self.max_bytes = int(max_mb * 1e6)
        self.stats = CacheStats()
        self.writable = True
        self._started = time.time()
        _check_folder(self.folder)
        self._db = _connect(self.folder / CACHE_FILE)

    @property
    def path(self) -> Path:
        return self.folder / CACHE_FILE

    def close(self) -> None:
        self._db.close()

    def reopened(self) -> Cache | None:
        """A new connection to this cache, for another process (a forked worker must never use
        its parent's SQLite connection); None when this one could not be written (its entries
        then live in this process's memory only)."""
        if not self.writable:
            return None
        return Cache(self.folder, max_mb=self.max_bytes / 1e6)

    def add_stats(self, other: CacheStats) -> None:
        """Count what another connection (a worker's) found and computed in this run's stats."""
        for stage, key in other.keys.items():
            self.stats.count(
                stage, key, other.hits[stage], other.misses[stage], other.versions[stage]
            )
        self.stats.rebuilt += other.rebuilt

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------

    def load(self, stage: str, key: str, items: Sequence[str], *, version: object = "") -> Loaded:
        """The stored tables of ``stage`` (under ``key``) for ``items`` (article digests). Rows of
        an article come in its stored order; articles are in the order of ``items``. ``version``
        is the stage's, for the run's statistics."""
        import pandas as pd

        wanted = {item: position for position, item in enumerate(items)}
        try:
            located = self._locate(key, wanted)
        except sqlite3.Error as error:  # unreadable now (locked too long): computed anew
            self._unwritable(error)
            located = {}
        frames: dict[str, list[pd.DataFrame]] = {}
        found: set[int] = set()
        for chunk, members in located.items():
            tables = self._read_chunk(chunk)
            if tables is None:
                continue
            lookup = pd.Series({stored: asked for stored, asked in members})
            for name, table in tables.items():
                wanted_rows = table[POSITION].isin(lookup.index)
                kept = table if wanted_rows.all() else table[wanted_rows]  # no copy when whole
                kept = kept.assign(**{POSITION: lookup.loc[kept[POSITION]].to_numpy()})
                frames.setdefault(name, []).append(kept)
            found.update(asked for _, asked in members)
        self._touch(list(located))
        merged = {
            name: _in_order(pd.concat(parts, ignore_index=True)) for name, parts in frames.items()
        }
        del frames
        missing = [p for p in range(len(items)) if p not in found]
        self.stats.count(stage, key, len(items) - len(missing), len(missing), str(version))
        return Loaded(merged, missing)

    def _locate(self, key: str, wanted: Mapping[str, int]) -> dict[int, list[tuple[int, int]]]:
        """Chunk → [(position in the chunk, position asked)] for the wanted items stored."""
        located: dict[int, list[tuple[int, int]]] = {}
        rows = self._db.execute("SELECT item, chunk, position FROM entries WHERE stage = ?", (key,))
        for item, chunk, position in rows:
            asked = wanted.get(item)
            if asked is not None:
                located.setdefault(chunk, []).append((position, asked))
        return located

    def _read_chunk(self, chunk: int) -> dict[str, pd.DataFrame] | None:
        """A chunk's tables, or None (and the chunk dropped) when a blob is damaged."""
        try:
            rows = self._db.execute(
                "SELECT name, data, sha256 FROM blobs WHERE chunk = ?", (chunk,)
            ).fetchall()
        except sqlite3.DatabaseError:  # a value SQLite itself cannot read back
            rows = [(None, b"", None)]
        tables: dict[str, pd.DataFrame] = {}
        for name, data, checksum in rows:
            sound = isinstance(data, bytes) and hashlib.sha256(data).hexdigest() == checksum
            table = _decode(data) if sound else None
            if table is None or POSITION not in table:
                self.stats.rebuilt += 1
                self._drop([chunk])
                return None
            tables[name] = table
        return tables if rows else None

    def _touch(self, chunks: list[int]) -> None:
        if chunks and self.writable:
            with self._write() as db:
                db.executemany(
                    "UPDATE chunks SET used = ? WHERE id = ?", [(time.time(), c) for c in chunks]
                )

    # -- writing -----------------------------------------------------------------------------

    def store(self, stage: str, key: str, items: Sequence[str], tables: Mapping[str, pd.DataFrame]):
        """Keep ``tables`` (each with a ``position`` column: the index into ``items`` of the
        article each row belongs to) as one chunk, and an entry per item. One transaction."""
        if not items or not self.writable:
            return
        blobs = []
        for name, table in tables.items():
            data = _encode(table.rename(columns={"position": POSITION}))
            blobs.append((name, data, hashlib.sha256(data).hexdigest()))
        size = sum(len(b[1]) for b in blobs)
        with self._write() as db:
            now = time.time()
            chunk = db.execute(
                "INSERT INTO chunks (stage, bytes, created, used) VALUES (?, ?, ?, ?)",
                (stage, size, now, now),
            ).lastrowid
            db.executemany(
                "INSERT INTO blobs (chunk, name, data, sha256) VALUES (?, ?, ?, ?)",
                [(chunk, name, data, checksum) for name, data, checksum in blobs],
            )
            db.executemany(
                "INSERT OR REPLACE INTO entries (stage, item, chunk, position) VALUES (?, ?, ?, ?)",
                [(key, item, chunk, position) for position, item in enumerate(items)],
            )

    # -- housekeeping ------------------------------------------------------------------------

    def evict(self) -> tuple[int, int]:
        """Drop chunks no entry points to any more, then least recently used chunks until the
        cache is within its bound; return (chunks, bytes) evicted by the bound."""
        with self._write() as db:
            db.execute(
                "DELETE FROM blobs WHERE chunk IN (SELECT id FROM chunks WHERE id NOT IN "
                "(SELECT DISTINCT chunk FROM entries))"
            )
            db.execute("DELETE FROM chunks WHERE id NOT IN (SELECT DISTINCT chunk FROM entries)")
        total = self.size()
        evicted: list[int] = []
        freed = 0
        if total > self.max_bytes:
            rows = self._db.execute("SELECT id, bytes FROM chunks ORDER BY used, id")
            for chunk, size in rows.fetchall():
                if total - freed <= self.max_bytes:
                    break
                evicted.append(chunk)
                freed += size
            self._drop(evicted)
        with contextlib.suppress(sqlite3.Error):  # space given back to the disk, when it can be
            self._db.execute("PRAGMA incremental_vacuum")
        self.stats.evicted_chunks += len(evicted)
        self.stats.evicted_bytes += freed
        return len(evicted), freed

    def _drop(self, chunks: Iterable[int]) -> None:
        chunks = [(c,) for c in chunks]
        with self._write() as db:
            db.executemany("DELETE FROM entries WHERE chunk = ?", chunks)
            db.executemany("DELETE FROM blobs WHERE chunk = ?", chunks)
            db.executemany("DELETE FROM chunks WHERE id = ?", chunks)

    def size(self) -> int:
        """Bytes of stored blobs."""
        return int(self._db.execute("SELECT COALESCE(SUM(bytes), 0) FROM chunks").fetchone()[0])

    def info(self) -> dict[str, object]:
        """Folder, size on disk, chunks and entries per stage, and what the last run found."""
        rows = self._db.execute(
            "SELECT c.stage, COUNT(DISTINCT c.id), COALESCE(SUM(c.bytes), 0) FROM chunks c "
            "GROUP BY c.stage ORDER BY c.stage"
        ).fetchall()
        entries = dict(
            self._db.execute(
                "SELECT c.stage, COUNT(*) FROM entries e JOIN chunks c ON e.chunk = c.id "
                "GROUP BY c.stage"
            ).fetchall()
        )
        last = self._db.execute("SELECT value FROM meta WHERE key = 'last_run'").fetchone()
        return {
            "folder": str(self.folder),
            "bytes_on_disk": _disk_size(self.folder),
            "bytes": self.size(),
            "max_bytes": self.max_bytes,
            "stages": [
                {"stage": s, "chunks": c, "entries": entries.get(s, 0), "bytes": b}
                for s, c, b in rows
            ],
            "last_run": json.loads(last[0]) if last else None,
        }

    def record_run(self) -> None:
        """Keep this run's hits and misses for ``framing cache info``."""
        stats = self.stats
        summary = {
            "time": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self._started)),
            "stages": stats.table().drop(columns=["key", "version"]).to_dict("records"),
            "rebuilt": stats.rebuilt,
            "evicted_chunks": stats.evicted_chunks,
            "evicted_bytes": stats.evicted_bytes,
        }
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_run', ?)",
                (json.dumps(summary, default=int),),
            )

    def clear(self) -> int:
        """Remove every entry; return the bytes freed."""
        size = self.size()
        with self._write() as db:
            db.execute("DELETE FROM entries")
            db.execute("DELETE FROM blobs")
            db.execute("DELETE FROM chunks")
        if not self.writable:
            raise ConfigError(f"{self.path}: the cache cannot be written, so it was not cleared")
        self._db.execute("VACUUM")
        return size

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (taken at once, so that two runs queue rather than deadlock).

        A write the disk or SQLite refuses (disk full, a read-only folder, another run holding
        the file past ``BUSY_SECONDS``) is undone and reported once as a warning; the run goes
        on without writing to the cache (later writes go to a scratch database in memory that
        is thrown away): the cache saves time, it must never cost a result."""
        if self.writable:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                self._unwritable(error)
        if not self.writable:
            yield _scratch()
            return
        try:
            yield self._db
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            self._unwritable(error)
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _unwritable(self, error: sqlite3.Error) -> None:
        if self.writable:
            warnings.warn(
                f"{self.path}: the cache could not be written ({error}); this run goes on "
                "without keeping its work (results are not affected)",
                CacheWarning,
                stacklevel=4,
            )
        self.writable = False


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, stage TEXT NOT NULL, bytes INTEGER NOT NULL,
    created REAL NOT NULL, used REAL NOT NULL);
CREATE TABLE IF NOT EXISTS blobs (
    chunk INTEGER NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL, sha256 TEXT NOT NULL,
    PRIMARY KEY (chunk, name));
CREATE TABLE IF NOT EXISTS entries (
    stage TEXT NOT NULL, item TEXT NOT NULL, chunk INTEGER NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (stage, item));
CREATE INDEX IF NOT EXISTS entries_chunk ON entries (chunk);
CREATE INDEX IF NOT EXISTS chunks_used ON chunks (used);
"""


def _check_folder(folder: Path) -> None:
    """Create the folder, or accept it when it is empty or framing's cache; refuse otherwise."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise ConfigError(f"{folder}: the cache folder must be a folder (not a file or a link)")
    if folder.is_dir():
        names = set(os.listdir(folder))
        ours = {CACHE_FILE, f"{CACHE_FILE}-wal", f"{CACHE_FILE}-shm", f"{CACHE_FILE}-journal"}
        if names and CACHE_FILE not in names:
            raise ConfigError(
                f"{folder}: not a framing cache (it holds other files); give a new or empty "
                "folder, or --no-cache"
            )
        if names - ours:
            raise ConfigError(
                f"{folder}: a framing cache with other files in it "
                f"({', '.join(sorted(names - ours)[:3])}); move them out or give another folder"
            )
        return
    try:
        folder.mkdir(parents=True, mode=0o700)
    except FileExistsError:  # another run made it a moment ago: judge it as found
        _check_folder(folder)
    except OSError as error:
        raise ConfigError(f"{folder}: cannot create the cache folder ({error.strerror})") from None


def _connect(path: Path) -> sqlite3.Connection:
    """Open (or create) the cache file; one that is not a framing cache is refused."""
    try:
        db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        db.execute("PRAGMA auto_vacuum = INCREMENTAL")  # only takes effect on a new file
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.executescript(_SCHEMA)
        row = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if row is None:
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('format', ?)", (str(CACHE_FORMAT),)
            )
        elif row[0] != str(CACHE_FORMAT):  # a later framing's layout: start over
            db.executescript("DELETE FROM entries; DELETE FROM blobs; DELETE FROM chunks;")
            db.execute("UPDATE meta SET value = ? WHERE key = 'format'", (str(CACHE_FORMAT),))
    except sqlite3.DatabaseError as error:
        raise ConfigError(
            f"{path}: not a usable framing cache ({error}); `framing cache clear` removes it, "
            "or give another folder with --cache"
        ) from None
    return db


def _scratch() -> sqlite3.Connection:
    """An empty database of the cache's shape in memory: where writes go once the cache file
    refused one (they are thrown away)."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(_SCHEMA)
    return db


def remove_cache_files(folder: Path) -> bool:
    """Delete the cache's own files in ``folder`` (a damaged cache, by ``framing cache
    clear``), nothing else; True when there was one."""
    found = False
    for name in (CACHE_FILE, f"{CACHE_FILE}-wal", f"{CACHE_FILE}-shm", f"{CACHE_FILE}-journal"):
        path = folder / name
        if path.is_file() and not path.is_symlink():
            path.unlink()
            found = True
    return found


def _in_order(table: pd.DataFrame) -> pd.DataFrame:
    """Rows by the position asked (stable), sorted only when not already: a sorted copy of a
    whole corpus's cached rows is one more copy of them in memory at once."""
    if not table[POSITION].is_monotonic_increasing:
        table = table.sort_values(POSITION, kind="stable", ignore_index=True)
    return table.rename(columns={POSITION: "position"})


_OBJECT_CATEGORIES = b"framing.object_categories"
"""Schema metadata naming the categorical columns whose categories are Python objects: Arrow
gives categories of strings back as pandas' ``str`` dtype, and a table must come back exactly."""


def _encode(table: pd.DataFrame) -> bytes:
    import pandas as pd
    import pyarrow as pa

    arrow = pa.Table.from_pandas(table, preserve_index=False)
    objects = [
        str(name)
        for name, dtype in table.dtypes.items()
        if isinstance(dtype, pd.CategoricalDtype) and dtype.categories.dtype == object
    ]
    if objects:
        metadata = {**(arrow.schema.metadata or {}), _OBJECT_CATEGORIES: json.dumps(objects)}
        arrow = arrow.replace_schema_metadata(metadata)
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="lz4")
    with pa.ipc.new_stream(sink, arrow.schema, options=options) as writer:
        writer.write_table(arrow)
    return sink.getvalue().to_pybytes()


def _decode(data: bytes) -> pd.DataFrame | None:
    import pyarrow as pa

    try:
        with pa.ipc.open_stream(data) as reader:
            arrow = reader.read_all()
        table = arrow.to_pandas()
        for name in json.loads((arrow.schema.metadata or {}).get(_OBJECT_CATEGORIES, b"[]")):
            column = table[name]
            categories = column.cat.categories.astype(object)
            table[name] = column.cat.rename_categories(categories)
        return table
    except (pa.ArrowException, ValueError, OSError, KeyError):
        return None


def _disk_size(folder: Path) -> int:
    total = 0
    for name in (CACHE_FILE, f"{CACHE_FILE}-wal"):
        with contextlib.suppress(OSError):
            total += (folder / name).stat().st_size
    return total
