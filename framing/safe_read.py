"""Open a corpus's files without ever leaving the corpus folder.

Why a module of its own: a corpus is a folder someone else may have built (a scrape, a shared
archive), and a link inside it (``x.jsonl -> /home/me/private.jsonl``, ``hedges.txt ->
/etc/passwd``) must not make framing read, and publish in a report, a file outside it. Ingest
(articles, tables, the manifest), the settings (``framing.toml``) and the lexicon overrides all
open their files through here, so one rule holds for all of them:

- a path is read only when its real path (every link followed) lies inside the corpus folder;
  a link pointing outside is refused, whatever its depth;
- only regular files are opened: a named pipe, a device or a socket is refused from its
  ``stat`` and never opened (opening a pipe blocks until someone writes to it);
- the file is opened one folder at a time from the corpus folder, each step with
  ``O_NOFOLLOW`` (relative to the folder before it): a folder or file swapped for a link between
  the check and the open is refused, not followed;
- what is read is bounded: a file larger than the caller's limit is refused unread.

A refusal is a :class:`Refused` with a reason code (for the log) and a one-line detail; ingest
turns it into a log row, the settings and lexicon readers into a ``ConfigError``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import ConfigError

__all__ = [
    "Refused",
    "OUTSIDE",
    "real_folder",
    "inside",
    "file_kind",
    "open_inside",
    "read_inside",
    "too_large",
    "MAX_SETTINGS_MB",
    "settings_text",
    "refusal_message",
]

MAX_SETTINGS_MB = 10
"""Largest settings file read (``framing.toml``, a lexicon override, the alias map), in MB: the
largest packaged lexicon is 0.1 MB; a settings file ten times the whole seed corpus is a mistake
(or an attack), refused unread."""

OUTSIDE = "link points outside the corpus folder"
"""The detail of every ``outside_corpus`` refusal."""

_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_FILE_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a pipe swapped in after the check must not block the run
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_BENEATH = os.open in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW")


class Refused(Exception):
    """A file that must not (or cannot) be read.

    Parameters
    ----------
    reason : str
        The log's reason code: ``outside_corpus``, ``not_a_file``, ``too_large``, ``unreadable``,
        ``missing_file``.
    detail : str
        One line for people, without the file's name (the caller names it).
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def real_folder(folder: str | Path) -> Path:
    """The corpus folder's real path, resolved once: the boundary every file must lie under."""
    return Path(os.path.realpath(folder))


def inside(root: Path, path: str | Path) -> Path:
    """The real path of ``path``, which must lie under ``root`` (a :func:`real_folder`).

    Raises
    ------
    Refused
        ``outside_corpus`` when the path, or a link on it, leads outside ``root``;
        ``missing_file`` when it leads nowhere (a broken link).
    """
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(root):
        raise Refused("outside_corpus", OUTSIDE)
    if not os.path.lexists(real):
        raise Refused("missing_file", "broken link: points to nothing")
    return real


def file_kind(mode: int) -> str:
    """What a ``stat`` mode says a file is, in words: ``a folder``, ``a named pipe``, ``a
    file``."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a file" if stat.S_ISREG(mode) else "not a regular file"


def too_large(size: int, limit: int, of: str = "") -> Refused:
    """The refusal of a file of ``size`` bytes over ``limit`` (``of``: what the limit is for,
    ``a settings file``)."""
    named = f" for {of}" if of else ""
    return Refused(
        "too_large", f"file too large: {size / 1e6:,.1f} MB (limit {limit / 1e6:,g} MB{named})"
    )


@contextmanager
def open_inside(
    root: Path, relative: str | Path, limit: int | None = None, of: str = ""
) -> Iterator[BinaryIO]:
    """Open ``root / relative`` for reading when it is a regular file inside ``root`` (a
    :func:`real_folder`), no larger than ``limit`` bytes (``of``: what the limit is for).

    The file is opened from ``root`` one folder at a time, each with ``O_NOFOLLOW``, its final
    name checked with ``lstat`` before it is opened (a pipe or a device is never opened) and the
    opened file compared with the one checked: what is opened is what was checked, and nothing
    on the way is a link. A path with links on it (a link inside the corpus) is resolved first;
    its real path must lie inside ``root`` and is then opened the same way, so a folder swapped
    for a link after the check is refused, not followed.

    Raises
    ------
    Refused
        The reason: outside the corpus, not a regular file, too large, or unreadable.
    """
    parts = Path(relative).parts
    if not parts:
        raise Refused("not_a_file", "a folder, not a regular file")
    if not _BENEATH:
        descriptor = _open_checked(inside(root, root.joinpath(*parts)), limit, of)
    else:
        try:
            if Path(relative).is_absolute() or any(p in ("", ".", "..") for p in parts):
                raise _Link  # resolve first: never walk up from the corpus
            descriptor = _open_beneath(root, parts, limit, of)
        except _Link:
            real = inside(root, root.joinpath(*parts)).relative_to(root).parts
            if not real:  # a link to the corpus folder itself ("framing.toml -> .")
                raise Refused(
                    "not_a_file", "a link to the corpus folder, not a regular file"
                ) from None
            try:
                descriptor = _open_beneath(root, real, limit, of)
            except _Link:
                detail = "changed into a link (or a folder on its path did) while being opened"
                raise Refused("unreadable", f"{detail}: not followed") from None
    try:
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        yield handle


def read_inside(root: Path, relative: str | Path, limit: int, of: str = "") -> bytes:
    """The bytes of ``root / relative`` (see :func:`open_inside`), at most ``limit`` of them:
    a file that grows past the limit while it is read is refused too."""
    with open_inside(root, relative, limit, of) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise _unreadable(error) from None
    if len(data) > limit:
        raise too_large(len(data), limit, of)
    return data


class _Link(Exception):
    """A link met on the way down from the corpus folder: resolve the path first."""


def _open_beneath(root: Path, parts: tuple[str, ...], limit: int | None, of: str) -> int:
    """A descriptor of ``root/parts...``, opened folder by folder without following links
    (:class:`_Link` when one is met), only when it is a regular file within ``limit``."""
    try:
        folder = os.open(root, _FOLDER_FLAGS)
    except OSError as error:
        raise _unreadable(error) from None
    try:
        for part in parts[:-1]:
            below = _open_folder(part, folder)
            os.close(folder)
            folder = below
        try:
            found = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
        except OSError as error:
            raise _unreadable(error) from None
        if stat.S_ISLNK(found.st_mode):
            raise _Link
        _check(found, limit, of)
        try:
            descriptor = os.open(parts[-1], _FILE_FLAGS, dir_fd=folder)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise _Link from None
            raise _unreadable(error) from None
        return _same(descriptor, found)
    finally:
        os.close(folder)


def _open_folder(name: str, parent: int) -> int:
    try:
        return os.open(name, _FOLDER_FLAGS | os.O_NOFOLLOW, dir_fd=parent)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR) and _is_link(name, parent):
            raise _Link from None
        raise _unreadable(error) from None


def _is_link(name: str, parent: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _open_checked(real: Path, limit: int | None, of: str) -> int:
    """Where the OS lacks ``dir_fd`` (Windows): the real path, checked, opened and compared."""
    try:
        found = os.stat(real)
    except OSError as error:
        raise _unreadable(error) from None
    _check(found, limit, of)
    try:
        descriptor = os.open(real, _FILE_FLAGS)
    except OSError as error:
        raise _unreadable(error) from None
    return _same(descriptor, found)


def _check(found: os.stat_result, limit: int | None, of: str) -> None:
    """Refuse, before opening it, what is not a regular file or is over ``limit``."""
    if not stat.S_ISREG(found.st_mode):
        raise Refused("not_a_file", f"{file_kind(found.st_mode)}, not a regular file")
    if limit is not None and found.st_size > limit:
        raise too_large(found.st_size, limit, of)


def _same(descriptor: int, checked: os.stat_result) -> int:
    """``descriptor`` when it is the file checked (same device and inode), else closed and
    refused: the name was given to another file in between."""
    opened = os.fstat(descriptor)
    if (opened.st_dev, opened.st_ino) != (checked.st_dev, checked.st_ino):
        os.close(descriptor)
        raise Refused("unreadable", "the file changed while it was being opened")
    return descriptor


def _unreadable(error: OSError) -> Refused:
    if isinstance(error, FileNotFoundError):
        return Refused("missing_file", "no such file (it vanished while being read)")
    return Refused("unreadable", f"cannot read: {error.strerror or error}")


_FIXES = {
    "outside_corpus": "copy the file into the corpus instead of linking to it "
    "(nothing outside the corpus folder is read)",
    "not_a_file": "replace it with a text file, or remove it",
    "missing_file": "fix the link, or remove it",
    "unreadable": "make it readable, or remove it",
    "too_large": "shorten it, or split it",
}


def refusal_message(file: Path, refused: Refused, without: str) -> str:
    """The one-line error for a settings file that cannot be read: the file, why, and the fix
    (``without``: what applies once the file is removed)."""
    fix = _FIXES.get(refused.reason, "replace it, or remove it")
    if "remove it" in fix:
        fix += f" ({without})"
    return f"{file}: {refused.detail}: {fix}"


def settings_text(folder: Path, relative: str | Path, *, without: str) -> str:
    """The UTF-8 text of a settings file (``framing.toml``, a lexicon override) inside the
    corpus ``folder``: a byte-order mark is dropped, the size is at most
    :data:`MAX_SETTINGS_MB`.

    Parameters
    ----------
    folder : Path
        The corpus folder (for a table file given as the corpus, the table's folder), as the
        user named it.
    relative : str or Path
        The file, relative to ``folder`` (``framing.toml``, ``lexicons/hedges.txt``).
    without : str
        What applies when the file is removed (``without it the packaged file is used``), for
        the messages that suggest removing it.

    Raises
    ------
    ConfigError
        Naming the file (and line), the reason and the fix: outside the corpus, not a regular
        file (a folder, a named pipe), unreadable, too large, binary, or not UTF-8.
    """
    limit = MAX_SETTINGS_MB * 1_000_000
    file = folder / relative
    try:
        data = read_inside(real_folder(folder), relative, limit, of="a settings file")
    except Refused as refused:
        raise ConfigError(refusal_message(file, refused, without)) from None
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise ConfigError(
            f"{file}: line {line}: binary content (NUL bytes), not text: replace it with a "
            f"UTF-8 text file, or remove it ({without})"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        raise ConfigError(
            f"{file}: line {line}: not UTF-8 text (byte 0x{byte}): save it as UTF-8"
        ) from None
