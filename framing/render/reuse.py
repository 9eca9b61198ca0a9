"""Files of the previous report in the same folder, reused when what they are made from is the same.

Why: a re-run into the same folder after nothing changed (or only something no table reads)
would write the same hundreds of megabytes of CSV and draw the same figures again, a quarter of
a re-run's time on a large corpus. The report's marker lists, for each file it wrote, the key of
what the file was made from and the sha256 of its bytes:

- a data file's key is its table's digest (names, dtypes and values of every column:
  :func:`framing.cache.frame_digest`), framing's code and packaged data, and the versions of the
  libraries that write it;
- the figures' key is the digest of every table of the run (from which the extras the figures
  also read are computed), the configuration without its ``[run]`` table, framing's code and
  matplotlib's version.

A file is reused only when its key is the new one's *and* its bytes still hash to what was
written: a file edited since (a CSV opened and saved in a spreadsheet) is written anew. The
report itself (``report.md``) is always written anew: it carries the run's time and cache
counts. Reused files are copied into the new report, which then replaces the old as always.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from ..cache import digest, frame_digest, library_versions, source_digest
from ..errors import OutputError
from .folder import MARKER, MAX_LIST_BYTES, Folder

if TYPE_CHECKING:
    from ..config import Config

__all__ = [
    "DIGESTS",
    "table_key",
    "figures_key",
    "previous_digests",
    "sha256_of",
    "read_verified",
    "copy_file",
]

DIGESTS = "digests"
"""The marker's field: file -> {"key", "sha256"} (and "name" for a figure)."""
_BLOCK = 1 << 20


def table_key(file: str, frame: pd.DataFrame, memo: dict[tuple[str, str], bytes]) -> str:
    """The key of a data file written from ``frame`` (``memo``: column digests by table stem, so
    that a table's CSV and its Parquet copy are hashed once)."""
    stem = file.rsplit(".", 1)[0]
    writers = library_versions(("pandas", "pyarrow", "numpy"))
    return digest("data", file, frame_digest({stem: frame}, memo), source_digest(), writers)


def figures_key(
    tables: Mapping[str, pd.DataFrame], config: Config, memo: dict[tuple[str, str], bytes]
) -> str:
    """The key of the report's figures: every table of the run, the configuration (without
    ``[run]``, which never changes a result) and the code and library that draw them."""
    return digest(
        "figures",
        frame_digest(tables, memo),
        repr(replace(config, run=None)),
        source_digest(),
        library_versions(("matplotlib", "pandas", "numpy")),
    )


def previous_digests(folder: Folder) -> dict[str, dict[str, str]]:
    """What the previous report's marker says of each file it wrote ({} for none, a marker
    without digests or a damaged one: nothing is reused then)."""
    data = folder.read(MARKER, MAX_LIST_BYTES)
    if data is None or len(data) > MAX_LIST_BYTES:
        return {}
    try:
        found = json.loads(data.decode("utf-8")).get(DIGESTS, {})
    except (ValueError, AttributeError, RecursionError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        str(rel): entry
        for rel, entry in found.items()
        if isinstance(entry, dict) and all(isinstance(v, str) for v in entry.values())
    }


def sha256_of(folder: Folder, rel: str) -> str | None:
    """The sha256 of the regular file ``rel`` of ``folder``; None when it is missing or not a
    regular file (a link put there is replaced, never read)."""
    try:
        with folder.reading(rel) as handle:
            if handle is None:
                return None
            hasher = hashlib.sha256()
            while block := handle.read(_BLOCK):
                hasher.update(block)
            return hasher.hexdigest()
    except (OutputError, OSError):
        return None


def read_verified(folder: Folder, rel: str, expected: str, limit: int) -> bytes | None:
    """The bytes of the regular file ``rel`` when they hash to ``expected``, else None."""
    try:
        data = folder.read(rel, limit)
    except (OutputError, OSError):
        return None
    if data is None or len(data) > limit or hashlib.sha256(data).hexdigest() != expected:
        return None
    return data


def copy_file(source: Folder, rel: str, target: Folder, expected: str) -> bool:
    """Copy ``rel`` of ``source`` to a new file ``rel`` of ``target`` when its bytes hash to
    ``expected``; False (nothing written) when they do not, or it is gone or not a regular
    file. The previous report is locked against other framing runs while this one is written."""
    if sha256_of(source, rel) != expected:
        return False
    with source.reading(rel) as handle:
        if handle is None:
            return False
        with target.create(rel) as out:
            while block := handle.read(_BLOCK):
                out.write(block)
    return True
