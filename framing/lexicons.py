"""Load the project's data files (word lists, patterns, codebooks) with per-corpus overrides.

Why data files: lexicons are judgement calls that users must be able to read, cite and change
without touching code. The packaged files live in ``framing/data/``; a corpus may override any of
them by putting a file of the same name in ``<corpus>/lexicons/``.

An override is the corpus's own file: it (and the ``lexicons/`` folder) must resolve inside the
corpus folder, be a regular UTF-8 text file and hold at most ``MAX_SETTINGS_MB``
(:mod:`framing.safe_read`); anything else is a ``ConfigError`` naming the file and the fix,
never a silent fall-back to the packaged file.
"""

from __future__ import annotations

import csv
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import ConfigError
from .safe_read import Refused, file_kind, inside, real_folder, refusal_message, settings_text

__all__ = [
    "read_text",
    "read_lines",
    "read_records",
    "data_file_label",
    "read_override",
    "has_override",
    "override_dir",
    "data_digest",
    "english_frequencies",
]

OVERRIDE_FOLDER = "lexicons"
_WITHOUT = "without it the packaged file is used"


def override_dir(corpus_path: str | Path | None) -> Path | None:
    """The folder whose files override packaged data for this corpus, if it exists.

    Raises
    ------
    ConfigError
        When ``<corpus>/lexicons`` is there but unusable: a link out of the corpus, a broken
        link, or a file rather than a folder.
    """
    if corpus_path is None:
        return None
    folder = Path(corpus_path) / OVERRIDE_FOLDER
    if not os.path.lexists(folder):
        return None
    try:
        mode = os.stat(inside(real_folder(corpus_path), folder)).st_mode
    except Refused as refused:
        without = "without it the packaged files are used"
        raise ConfigError(refusal_message(folder, refused, without)) from None
    except OSError as error:
        raise ConfigError(f"{folder}: cannot read: {error.strerror or error}") from None
    if not stat.S_ISDIR(mode):
        raise ConfigError(
            f"{folder}: {file_kind(mode)}, not a folder: a corpus's lexicon overrides go in a "
            f"folder {OVERRIDE_FOLDER}/ (rename or remove this one)"
        )
    return folder


def has_override(name: str, overrides: Path | None) -> bool:
    """Whether the corpus has an override of ``name`` (anything by that name, usable or not:
    :func:`read_override` says what is wrong with an unusable one)."""
    return overrides is not None and os.path.lexists(Path(overrides) / name)


def read_override(name: str, overrides: Path | None, *, without: str = _WITHOUT) -> str | None:
    """Text of the corpus's own ``name`` in ``overrides`` (its ``lexicons/`` folder), or None
    when it has none. The file must resolve inside the corpus (the folder holding
    ``lexicons/``).

    Cached per process, keyed on the file's identity, modification time and size: a user who
    edits a lexicon between two runs in one notebook gets the edited file, not the first read.

    ``without`` ends the message about an unusable file: what happens without it (the
    packaged file is used, for a lexicon).

    Raises
    ------
    ConfigError
        When the file is there but unusable (:func:`framing.safe_read.settings_text`).
    """
    if not has_override(name, overrides):
        return None
    file = Path(overrides) / name
    try:
        found = os.stat(file)
        stamp = (found.st_dev, found.st_ino, found.st_mtime_ns, found.st_size)
    except OSError:
        stamp = None  # a broken link, a folder without permission: said when read
    return _override_text(str(overrides), name, stamp, without)


@lru_cache(maxsize=64)
def _override_text(overrides: str, name: str, stamp: tuple[int, ...] | None, without: str) -> str:
    """The override's text; the corpus is the folder that holds ``lexicons/``. ``without`` says
    what happens if the user removes a file that cannot be used."""
    folder = Path(overrides)
    return settings_text(folder.parent, Path(folder.name) / name, without=without)


def data_digest(names: Iterable[str], overrides: Path | None = None) -> str:
    """sha256 over each named data file's name and content as a run reads it: the corpus's
    override (when there is one) and the packaged file (layered files read both). A cache key
    made with it changes whenever one of the files does."""
    hasher = hashlib.sha256()
    for name in names:
        hasher.update(f"{name}\0{read_text(name, overrides)}\0".encode())
        hasher.update(f"{_packaged_text(name)}\0".encode())
    return hasher.hexdigest()


def read_text(name: str, overrides: Path | None = None) -> str:
    """Text of data file ``name``: the corpus override if present (:func:`read_override`),
    else the packaged file."""
    text = read_override(name, overrides)
    return text if text is not None else _packaged_text(name)


@lru_cache(maxsize=64)
def _packaged_text(name: str) -> str:
    resource = resources.files("framing") / "data" / name
    if not resource.is_file():
        raise ConfigError(f"Unknown data file {name!r}: not in framing/data/")
    return resource.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def english_frequencies() -> dict[str, float]:
    """General-English word frequencies from wordfreq (its "best" list), loaded once per
    process for every user: glued-word repair, apostrophe flags, the English keyness prior."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


def read_lines(name: str, overrides: Path | None = None) -> tuple[str, ...]:
    """Non-empty lines of a word-list file, without ``#`` comments."""
    lines = (line.split("#", 1)[0].strip() for line in read_text(name, overrides).splitlines())
    return tuple(line for line in lines if line)


def data_file_label(name: str, overrides: Path | None = None) -> str:
    """Where data file ``name`` is read from, as messages name it: the corpus's override
    (``corpus/lexicons/naming.csv``) or the packaged file (``framing/data/naming.csv``)."""
    if has_override(name, overrides):
        return str(Path(overrides) / name)
    return f"framing/data/{name}"


def read_records(name: str, overrides: Path | None = None) -> list[dict[str, str]]:
    """Rows of a CSV data file as dicts; lines starting with ``#`` are comments, blank lines are
    skipped.

    Raises
    ------
    ConfigError
        Naming the file and line of a row with more or fewer fields than the header (a comma
        that should have been quoted), or when the file has no header or no rows.
    """
    where = data_file_label(name, overrides)
    numbered = [
        (number, line)
        for number, line in enumerate(read_text(name, overrides).splitlines(), start=1)
        if not line.startswith("#")
    ]
    reader = csv.reader(line for _, line in numbered)
    try:
        rows = _rows(reader, where, lambda: numbered[reader.line_num - 1][0])
    except csv.Error as error:  # a field over the csv module's limit, a NUL byte
        line = numbered[max(reader.line_num, 1) - 1][0]
        raise ConfigError(f"{where}, line {line}: not a CSV row ({error})") from None
    if not rows:
        raise ConfigError(f"{where}: no rows under its header")
    return rows


def _rows(reader: Iterator[list[str]], where: str, line: Callable[[], int]) -> list[dict]:
    """The records under the header; ``line()`` is the file's line of the record just read."""
    header = next(reader, None)
    if not header:
        raise ConfigError(f"{where}: no header line (the first line that is not a # comment)")
    rows = []
    for fields in reader:
        if not fields:
            continue
        if len(fields) != len(header):
            raise ConfigError(
                f"{where}, line {line()}: {len(fields)} field(s) where the header has "
                f"{len(header)} ({','.join(header)}); quote a value that holds a comma"
            )
        rows.append(dict(zip(header, fields, strict=True)))
    return rows
