"""The ``framing`` command's entry point: loads the command line, or says in one line why not.

Why a module of its own: a command that runs the stages loads pandas, scikit-learn and
matplotlib, which need about 700 MB of address space. Under a smaller memory limit (a container,
``ulimit -v``) their import fails with ``MemoryError`` or "failed to map segment"; here (and
wherever the command line loads them, :func:`loading_libraries`) that failure is one line and
exit status 2, as the README's exit status table promises. The command line itself loads only
click, so help, ``--version`` and option errors answer in a fraction of a second.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import first_line, out_of_memory

__all__ = ["loading_libraries", "main"]

EXIT_FAILED = 2
MIN_ADDRESS_SPACE = 640 * 2**20
"""Smallest address-space limit (``ulimit -v``) under which framing tries to start. Measured on
Linux x86-64: the libraries load under 700 MB and fail under 600 MB, with a "failed to map
segment" error or, under 350 MB, a hang inside OpenBLAS; so a smaller limit is refused at
once."""


def main() -> None:
    """Run ``framing`` (see :mod:`framing.cli`)."""
    if _address_space_limit() < MIN_ADDRESS_SPACE:
        _fail(_memory_message())
    with loading_libraries():
        from .cli import main as command
    command()


@contextmanager
def loading_libraries() -> Iterator[None]:
    """Import framing's libraries inside this block: a failure (too little memory, a library
    missing) ends the process with one line and exit status 2 instead of a traceback."""
    try:
        yield
    except (MemoryError, ImportError) as error:
        if out_of_memory(error):
            _fail(_memory_message())
        _fail(
            f"Error: cannot load a library framing needs ({first_line(error)}); reinstall "
            "framing with its dependencies (pip install framing)"
        )


def _address_space_limit() -> float:
    """The process's address-space limit in bytes (infinite where there is none or the
    platform cannot tell)."""
    try:
        import resource
    except ImportError:  # not on Unix
        return float("inf")
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return float("inf") if soft == resource.RLIM_INFINITY else soft


def _memory_message() -> str:
    return (
        "Error: out of memory while loading framing's libraries (pandas, scikit-learn, "
        "matplotlib need about 700 MB of address space); raise the memory limit"
    )


def _fail(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(EXIT_FAILED)
