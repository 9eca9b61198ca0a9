"""Hand memory a finished stage freed back to the operating system.

Why: Python, pandas and Arrow free a stage's temporaries into their allocators' free lists, and
on Linux glibc keeps most of them (a heap is only shrunk from its top, and every thread has an
arena of its own). On the whole AllSides file the main process held 2.3 GB after prepare of
which 1.3 GB was free memory kept this way; the next stage then grows on top of it, since the
large arrays it makes (``mmap``-ed, above glibc's threshold) cannot reuse those small pieces.
Released between stages, the lexical comparison's peak fell by 0.4 GB (``benchmarks/RESULTS.md``).
It never changes a result, and costs well under a second.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
from functools import lru_cache

__all__ = ["release_memory", "resident_mb"]


LARGE_STAGE = 200_000
"""Sentences (about 4,500 articles) from which a stage's work is worth releasing: below, there
is little to give back, and a full garbage collection (about 0.1 s with framing's libraries
loaded) would cost small runs, and the test suite's hundreds of them, more than it saves."""


def release_memory(sentences: int) -> None:
    """After a stage (or comparison) that worked on ``sentences`` sentences: collect garbage,
    return Arrow's unused memory and trim glibc's heaps (where they exist); nothing below
    ``LARGE_STAGE`` sentences."""
    if sentences < LARGE_STAGE:
        return
    gc.collect()
    arrow = sys.modules.get("pyarrow")  # loaded by whatever made Arrow memory: never imported here
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def resident_mb() -> float:
    """This process's resident memory in MB, from ``/proc`` (0 where there is none)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@lru_cache(maxsize=1)
def _malloc_trim():  # -> the C function or None
    """glibc's ``malloc_trim``, or None (macOS, Windows, musl: their allocators differ)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):  # not glibc
        return None
