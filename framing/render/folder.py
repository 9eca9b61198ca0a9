"""The report folder on disk: opened once, never through a link, one writer at a time, and a swap
of the previous report for the new one that a crash or a second Ctrl-C cannot leave half done.

Why file descriptors: a previous report may hold symbolic links (a folder handed over by someone
else, or a shortcut): with ``data -> /elsewhere``, every path through ``data/`` lands elsewhere.
Every folder here is opened with ``O_NOFOLLOW`` and every file is made, renamed or removed relative
to an open folder, one name at a time, so a link is refused where it stands, and a link swapped in
after a check cannot redirect a write: nothing outside the report folder is written or removed.

Why a journal: the previous report is replaced by moving its files aside and the new ones in, one
rename each. Before the first move, the moves (with each file's inode) are written to
``.framing-journal``; the moves run with SIGINT, SIGTERM and SIGHUP deferred; removing the journal
is the moment the new report counts. A run that dies before that (SIGKILL, power loss) leaves the
journal, and the next run puts back exactly the files it names, recognised by inode (so a journal
cannot make framing move a file it did not move itself), then goes on.

Why a lock: two runs writing one folder at once would interleave their moves. ``.framing-lock`` is
held with ``flock`` while a run writes; the kernel releases it when the process dies, so a crashed
run never blocks later ones, and it names the writer's process id for the message.

POSIX only (Linux, macOS): ``dir_fd``, ``O_NOFOLLOW`` and ``flock``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import OutputError
from ..parallel import signals_deferred

try:
    import fcntl
except ImportError:  # Windows: framing still loads and validates; writing a report is refused
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "MARKER",
    "JOURNAL",
    "LOCK",
    "STAGING_PREFIX",
    "RETIRED_PREFIX",
    "MAX_LIST_BYTES",
    "Folder",
    "Journal",
    "busy_error",
    "is_housekeeping",
    "require_support",
    "inside",
    "locked",
    "writer",
    "read_journal",
    "recover",
    "swap",
]

MARKER = ".framing-report"
"""Marker file of a framing report folder: JSON naming the framing version and the files written."""
STAGING_PREFIX = ".framing-staging-"
RETIRED_PREFIX = ".framing-retired-"
JOURNAL = ".framing-journal"
LOCK = ".framing-lock"
MAX_LIST_BYTES = 1_000_000
"""A marker or journal larger than this is damaged (framing's own are a few kilobytes)."""
_JOURNAL_NEW = ".framing-journal-new"
_LOCK_WAIT = 0.5  # seconds a writer waits for a lock held for a moment (check_output's probe)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC
_PASS = (_DIR & ~os.O_RDONLY) | os.O_PATH if hasattr(os, "O_PATH") else _DIR
"""A folder passed through on the way down: ``O_PATH`` needs search permission only, as a path
walked by the kernel does (a report under a folder of mode 0711 stays writable)."""
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
_SUPPORTED = fcntl is not None and _NOFOLLOW != 0 and os.open in os.supports_dir_fd
_LINK_HINT = "framing never follows links inside a report folder: remove it, or give a new folder"


def require_support(label: str) -> None:
    """Refuse, before any work, where links cannot be refused without following them (Windows)."""
    if not _SUPPORTED:
        raise OutputError(f"{label}: writing a report needs Linux, macOS or another POSIX system")


def is_housekeeping(name: str) -> bool:
    """Whether ``name`` (an entry of the report folder) is framing's own bookkeeping of a run:
    the lock, the journal, staging and retired folders (not the marker)."""
    prefixes = (STAGING_PREFIX, RETIRED_PREFIX)
    return name in (LOCK, JOURNAL, _JOURNAL_NEW) or name.startswith(prefixes)


def inside(name: object) -> bool:
    """Whether ``name`` (from a marker or a journal) is a path inside the folder framing may own:
    relative, no ``..``, ``.`` or empty part, not the marker or the bookkeeping.

    >>> [inside(n) for n in ["data/a.csv", "figures/../../x", "/etc/passwd", ".framing-lock"]]
    [True, False, False, False]
    """
    if not isinstance(name, str) or not name or "\0" in name:
        return False
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return False
    return parts[0] != MARKER and not is_housekeeping(parts[0])


def _parent(name: str) -> str:
    return name.rpartition("/")[0]


def _rename(source_fd: int, source: str, target_fd: int, target: str) -> None:
    """One rename between open folders (never follows a link; the one place files move)."""
    os.rename(source, target, src_dir_fd=source_fd, dst_dir_fd=target_fd)


class Folder:
    """An open folder and the folders under it, each opened once without following a link.

    ``label`` names the report folder in messages (the ``--out`` the user gave); ``where`` is this
    folder's place inside it ('' for the report folder itself).
    """

    def __init__(self, fd: int, label: str, where: str = "") -> None:
        self.fd = fd
        self.label = label
        self._where = where
        self._folders: dict[str, int] = {"": fd}

    @classmethod
    def open_path(cls, path: Path, label: str, *, create: bool = False) -> Folder | None:
        """Open the link-free absolute ``path`` one part at a time from the root, without
        following a link (one swapped in since ``path`` was resolved is refused); make missing
        parts when ``create``; None when it does not exist and ``create`` is false."""
        require_support(label)
        last = len(path.parts)
        fd: int | None = os.open(path.anchor or "/", _PASS if last > 1 else _DIR)
        for done, name in enumerate(path.parts[1:], start=2):
            parent = fd
            try:  # the folders above are only passed through: no read permission needed there
                fd = _open_child(parent, name, create=create, flags=_DIR if done == last else _PASS)
            except OSError as error:
                if _is_link(parent, name):
                    reached = Path(*path.parts[:done])
                    raise OutputError(
                        f"{label}: {reached} became a symbolic link after it was checked; run again"
                    ) from None
                raise error
            finally:
                os.close(parent)
            if fd is None:
                return None
        return cls(fd, label)

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for fd in self._folders.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self._folders.clear()

    def folder(self, rel: str, *, create: bool = False) -> int | None:
        """The open folder ``rel`` ('' for this one, 'figures', 'a/b'), None when missing; a link
        or a file in its place is refused, naming it."""
        if rel in self._folders:
            return self._folders[rel]
        parent = self.folder(_parent(rel), create=create)
        if parent is None:
            return None
        name = rel.rpartition("/")[2]
        try:
            fd = _open_child(parent, name, create=create)
        except OSError as error:
            raise self._refusal(parent, name, rel) or error from None
        if fd is not None:
            self._folders[rel] = fd
        return fd

    def _refusal(self, parent: int, name: str, rel: str) -> OutputError | None:
        shown = f"{self._where}/{rel}" if self._where else rel
        try:
            mode = os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode
        except OSError:
            return None
        if stat.S_ISLNK(mode):
            target = os.readlink(name, dir_fd=parent)
            return OutputError(
                f"{self.label}: {shown} is a symbolic link (to {target!r}); {_LINK_HINT}"
            )
        if not stat.S_ISDIR(mode):
            return OutputError(
                f"{self.label}: {shown} is a file where framing needs a folder; move it away, "
                "or give a new folder"
            )
        return None

    def locate(self, rel: str, *, create: bool = False) -> tuple[int, str] | None:
        """The open folder holding ``rel`` and the last part of its name (None: folder missing)."""
        fd = self.folder(_parent(rel), create=create)
        return None if fd is None else (fd, rel.rpartition("/")[2])

    def lstat(self, rel: str) -> os.stat_result | None:
        """The entry ``rel`` itself (a link is not followed), None when missing."""
        place = self.locate(rel)
        if place is None:
            return None
        try:
            return os.stat(place[1], dir_fd=place[0], follow_symlinks=False)
        except FileNotFoundError:
            return None

    def names(self, rel: str = "") -> list[str]:
        """The entries of folder ``rel``, sorted ([] when it is missing)."""
        fd = self.folder(rel)
        return [] if fd is None else sorted(os.listdir(fd))

    def read(self, rel: str, limit: int) -> bytes | None:
        """Up to ``limit`` + 1 bytes of the regular file ``rel`` (None when missing); a link, a
        FIFO or a device is refused, naming it, and never opened for long (``O_NONBLOCK``)."""
        with self.reading(rel) as handle:
            return None if handle is None else handle.read(limit + 1)

    @contextlib.contextmanager
    def reading(self, rel: str) -> Iterator[IO[bytes] | None]:
        """The regular file ``rel`` open for reading (None when missing), refused as
        :meth:`read` refuses."""
        place = self.locate(rel)
        if place is None:
            yield None
            return
        try:
            fd = os.open(place[1], _READ, dir_fd=place[0])
        except FileNotFoundError:
            yield None
            return
        except OSError as error:
            raise self._refusal(place[0], place[1], rel) or error from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OutputError(
                    f"{self.label}: {rel} is not a regular file (a folder, FIFO or device); "
                    "remove it, or give a new folder"
                )
        except BaseException:
            os.close(fd)
            raise
        with open(fd, "rb") as handle:
            yield handle

    @contextlib.contextmanager
    def create(self, rel: str, mode: str = "wb", **options: Any) -> Iterator[IO[Any]]:
        """A new file ``rel`` (its folders made as needed), never one that exists or a link;
        flushed to disk when closed, so that a swap never publishes a file still in the cache."""
        place = self.locate(rel, create=True)
        assert place is not None  # made by create=True
        descriptor = os.open(place[1], _NEW, 0o666, dir_fd=place[0])
        try:
            handle = open(descriptor, mode, **options)  # noqa: SIM115 - closed by the with below
        except BaseException:
            os.close(descriptor)
            raise
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())

    def make_private(self, prefix: str) -> str:
        """A new folder with a random name starting with ``prefix``, readable by the owner only."""
        while True:
            name = f"{prefix}{secrets.token_hex(4)}"
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, 0o700, dir_fd=self.fd)
                return name

    def child(self, name: str, *, create: bool = False) -> Folder | None:
        """The folder ``name`` as a Folder of its own (None when missing)."""
        fd = self.folder(name, create=create)
        return None if fd is None else Folder(os.dup(fd), self.label, name)

    def move(self, rel: str, to: Folder, to_rel: str) -> None:
        """Rename ``rel`` to ``to_rel`` in ``to`` (its folders made as needed)."""
        source = self.locate(rel)
        if source is None:
            raise FileNotFoundError(rel)
        target = to.locate(to_rel, create=True)
        assert target is not None  # made by create=True
        _rename(source[0], source[1], target[0], target[1])

    def remove_tree(self, name: str) -> None:
        """Remove ``name`` and, if it is a folder, all it holds; a link is removed, not followed."""
        try:
            mode = os.stat(name, dir_fd=self.fd, follow_symlinks=False).st_mode
        except FileNotFoundError:
            return
        if not stat.S_ISDIR(mode):
            os.unlink(name, dir_fd=self.fd)
            return
        for rel in [r for r in self._folders if r == name or r.startswith(name + "/")]:
            os.close(self._folders.pop(rel))
        fd = os.open(name, _DIR, dir_fd=self.fd)
        try:
            _empty(fd)
        finally:
            os.close(fd)
        os.rmdir(name, dir_fd=self.fd)

    def remove_empty(self, rel: str) -> None:
        """Remove the folder ``rel`` if it is empty (else, or when missing, leave it)."""
        place = self.locate(rel) if rel else None
        if place is None:
            return
        with contextlib.suppress(OSError):
            os.rmdir(place[1], dir_fd=place[0])
            if rel in self._folders:
                os.close(self._folders.pop(rel))

    def sync(self) -> None:
        """Flush every open folder's entries to disk (renames survive a power loss)."""
        for fd in self._folders.values():
            os.fsync(fd)


def _open_child(parent: int, name: str, *, create: bool, flags: int = _DIR) -> int | None:
    try:
        return os.open(name, flags, dir_fd=parent)
    except FileNotFoundError:
        if not create:
            return None
    with contextlib.suppress(FileExistsError):  # made meanwhile by someone else: open it
        os.mkdir(name, 0o777, dir_fd=parent)
    return os.open(name, flags, dir_fd=parent)


def _is_link(parent: int, name: str) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _empty(fd: int) -> None:
    """Remove everything in the open folder ``fd``, never following a link.

    Without recursion and with one folder open below ``fd`` at a time: a subfolder's entries are
    moved up into ``fd`` (under unused names), then the emptied subfolder is removed, until
    nothing is left. A leftover folder nested thousands of levels deep would otherwise end the
    run, and every later one, with a RecursionError or too many open files.
    """
    while (folder := _first_subfolder(fd)) is not None:
        below = os.open(folder, _DIR, dir_fd=fd)
        try:
            with os.scandir(below) as entries:
                names = [entry.name for entry in entries]
            for name in names:
                hoisted = f".framing-remove-{secrets.token_hex(8)}"
                os.rename(name, hoisted, src_dir_fd=below, dst_dir_fd=fd)
        finally:
            os.close(below)
        os.rmdir(folder, dir_fd=fd)


def _first_subfolder(fd: int) -> str | None:
    """Unlink every non-folder entry of ``fd`` (links included, never followed); the name of a
    folder still in it, or None when it is now empty."""
    with os.scandir(fd) as entries:
        found = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
    folder = None
    for name, is_folder in found:
        if is_folder:
            folder = folder or name
        else:
            os.unlink(name, dir_fd=fd)
    return folder


# ---------------------------------------------------------------------------------------------
# one writer at a time


@contextlib.contextmanager
def locked(folder: Folder) -> Iterator[None]:
    """Hold the folder's lock while the block runs; refuse when another run holds it."""
    fd = _take_lock(folder)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(LOCK, dir_fd=folder.fd)  # while still held: the next run makes a new one
        os.close(fd)


def _take_lock(folder: Folder) -> int:
    deadline = time.monotonic() + _LOCK_WAIT
    while True:
        fd = _open_lock(folder, os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _lock_pid(fd)
            os.close(fd)
            if time.monotonic() > deadline:
                raise busy_error(folder.label, pid) from None
            time.sleep(0.02)
            continue
        try:
            current = os.stat(LOCK, dir_fd=folder.fd, follow_symlinks=False)
        except FileNotFoundError:
            current = None
        if current is not None and os.path.samestat(current, os.fstat(fd)):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            return fd
        os.close(fd)  # its holder removed it as we took it: lock the file now in its place


def writer(folder: Folder) -> int | None:
    """The process id of the framing run writing ``folder`` now (0 if it cannot be read), None
    when no run is (a lock file left by a run that died is free: the kernel released it)."""
    try:
        fd = _open_lock(folder, 0)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _lock_pid(fd)
    finally:
        os.close(fd)  # also releases the shared lock just taken
    return None


def _open_lock(folder: Folder, flags: int) -> int:
    try:
        fd = os.open(LOCK, flags | _READ, 0o644, dir_fd=folder.fd)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise folder._refusal(folder.fd, LOCK, LOCK) or error from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError(f"{folder.label}: {LOCK} is not a regular file; remove it")
    return fd


def _lock_pid(fd: int) -> int:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else 0


def busy_error(label: str, pid: int) -> OutputError:
    """The refusal when the run with process id ``pid`` (0: unknown) is writing ``label``."""
    who = f"pid {pid}" if pid else "pid unknown"
    return OutputError(
        f"{label}: another framing run is writing this report ({who}); "
        "wait for it to finish, or give another folder"
    )


# ---------------------------------------------------------------------------------------------
# the swap and its journal


@dataclass
class Journal:
    """What a swap is about to do, written before the first move."""

    pid: int
    staging: str
    retired: str
    new: list[tuple[str, int]]
    """Each new file (path, inode), moved from ``staging`` into the report folder."""
    old: list[tuple[str, int]]
    """Each previous report's file (path, inode), moved from the report folder to ``retired``."""
    made: list[str]
    """Folders the new files need that the report folder lacks, made by the swap (shallow first)."""


def read_journal(folder: Folder) -> Journal | None:
    """The journal an interrupted swap left in ``folder`` (None when there is none)."""
    data = folder.read(JOURNAL, MAX_LIST_BYTES)
    if data is None:
        return None
    try:
        journal = _parse_journal(data)
    except (ValueError, TypeError, KeyError, RecursionError):  # nested a million levels deep
        journal = None
    if journal is None:
        raise OutputError(
            f"{folder.label}: its {JOURNAL} (left by an interrupted framing run) is damaged; "
            f"remove it and the {STAGING_PREFIX}*/{RETIRED_PREFIX}* folders, then check the report"
        )
    return journal


def _parse_journal(data: bytes) -> Journal | None:
    if len(data) > MAX_LIST_BYTES:
        return None
    raw = json.loads(data.decode("utf-8"))
    journal = Journal(
        pid=int(raw["pid"]),
        staging=str(raw["staging"]),
        retired=str(raw["retired"]),
        new=[(str(name), int(inode)) for name, inode in raw["new"]],
        old=[(str(name), int(inode)) for name, inode in raw["old"]],
        made=[str(name) for name in raw["made"]],
    )
    folders_ok = journal.staging.startswith(STAGING_PREFIX) and journal.retired.startswith(
        RETIRED_PREFIX
    )
    names = [n for n, _ in journal.new + journal.old] + journal.made
    no_slash = "/" not in journal.staging + journal.retired
    names_ok = all(inside(name) or name == MARKER for name in names)
    return journal if folders_ok and no_slash and names_ok else None


def _write_journal(folder: Folder, journal: Journal) -> None:
    """Write the journal so that it is either whole on disk or absent (a new file renamed)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(_JOURNAL_NEW, dir_fd=folder.fd)
    with folder.create(_JOURNAL_NEW) as handle:
        handle.write(json.dumps(asdict(journal)).encode("utf-8"))
    _rename(folder.fd, _JOURNAL_NEW, folder.fd, JOURNAL)
    os.fsync(folder.fd)


def swap(folder: Folder, staged: Folder, new: list[str], old: list[str]) -> None:
    """Replace the files ``old`` of ``folder`` by the files ``new`` of ``staged`` (a staging
    folder inside it): all of them or none, whether the run fails, is interrupted (any number of
    times: the signals wait) or dies (the next run's :func:`recover` undoes the moves)."""
    keep = set(old)
    in_the_way = [name for name in new if name not in keep and folder.lstat(name) is not None]
    if in_the_way:
        raise OutputError(
            f"{folder.label}: {in_the_way[0]} is in the way: framing writes it, but the previous "
            "report does not list it as its own; move it away"
        )
    needed = sorted({p for n in new for p in _ancestors(n)}, key=lambda p: p.count("/"))
    journal = Journal(
        pid=os.getpid(),
        staging=staged._where,
        retired=folder.make_private(RETIRED_PREFIX),
        new=[(name, _inode(staged, name)) for name in new],
        old=[(name, _inode(folder, name)) for name in old],
        made=[p for p in needed if folder.folder(p) is None],
    )
    _write_journal(folder, journal)
    with signals_deferred() as caught:
        if not _moved(folder, staged, journal, caught):
            roll_back(folder, journal)
            return  # the signal is acted on as the block ends, with the old report in place
        os.unlink(JOURNAL, dir_fd=folder.fd)  # the new report counts from here
        os.fsync(folder.fd)
        with contextlib.suppress(OSError):  # leftovers are removed by the next run
            folder.remove_tree(journal.retired)
            for name in sorted({_parent(n) for n, _ in journal.old}, key=lambda p: -p.count("/")):
                folder.remove_empty(name)


def _moved(folder: Folder, staged: Folder, journal: Journal, caught: list[int]) -> bool:
    """Do the journal's moves; False when a signal came first (nothing committed). A failed move
    is undone before its error is raised."""
    retired = folder.child(journal.retired)
    assert retired is not None  # made by swap
    try:
        for name in journal.made:
            folder.folder(name, create=True)
        for name, _ in journal.old:
            if caught:
                return False
            folder.move(name, retired, name)
        for name, _ in journal.new:
            if caught:
                return False
            staged.move(name, folder, name)
        for place in (folder, staged, retired):
            place.sync()
        return not caught
    except BaseException:
        roll_back(folder, journal)
        raise
    finally:
        retired.close()


def _ancestors(name: str) -> list[str]:
    parts = name.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _inode(folder: Folder, name: str) -> int:
    found = folder.lstat(name)
    if found is None:
        raise FileNotFoundError(name)
    return found.st_ino


def _is(folder: Folder | None, name: str, inode: int) -> bool:
    found = None if folder is None else folder.lstat(name)
    return found is not None and found.st_ino == inode


def roll_back(folder: Folder, journal: Journal) -> int:
    """Undo the journal's moves, whichever were done; return how many files of the previous
    report were put back. Files are recognised by inode: nothing framing did not move is moved.
    The journal is removed only once everything is back (so an error here leaves it for the
    next run)."""
    staged = folder.child(journal.staging, create=True)
    retired = folder.child(journal.retired)
    assert staged is not None
    try:
        for name, inode in reversed(journal.new):
            if _is(folder, name, inode):
                folder.move(name, staged, name)
        restored = 0
        for name, inode in reversed(journal.old):
            if _is(retired, name, inode):
                retired.move(name, folder, name)  # type: ignore[union-attr] - _is checked it
                restored += 1
        for name in reversed(journal.made):
            folder.remove_empty(name)
        for place in (folder, staged, retired):
            if place is not None:
                place.sync()
    finally:
        staged.close()
        if retired is not None:
            retired.close()
    os.unlink(JOURNAL, dir_fd=folder.fd)
    os.fsync(folder.fd)
    for name in (journal.staging, journal.retired):
        with contextlib.suppress(OSError):
            folder.remove_tree(name)
    return restored


def recover(folder: Folder) -> str | None:
    """Finish what an interrupted run left in ``folder`` (its lock held): undo a half-done swap,
    remove staging and retired folders. Returns one line saying what was done, or None."""
    notes = []
    journal = read_journal(folder)
    if journal is not None:
        with signals_deferred():
            restored = roll_back(folder, journal)
        notes.append(
            f"a framing run (pid {journal.pid}) stopped halfway through replacing the report; "
            f"undone, the previous report is back ({restored} files)"
        )
    left = [name for name in folder.names() if is_housekeeping(name) and name != LOCK]
    for name in left:
        folder.remove_tree(name)
    if left:
        shown = ", ".join(left[:2]) + (", ..." if len(left) > 2 else "")
        notes.append(f"removed what a stopped framing run left behind ({shown})")
    return f"{folder.label}: {'; '.join(notes)}" if notes else None
