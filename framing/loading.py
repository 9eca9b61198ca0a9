"""Loading framing's libraries, or saying in one line why they cannot load.

A command that runs the stages loads pandas, scikit-learn and matplotlib, which need about
700 MB of address space; under a smaller memory limit their import fails with ``MemoryError`` or
"failed to map segment", and a library may be missing from a broken install. Both the entry point
(``framing._launch``) and the command line (``framing.cli``) load them inside
:func:`loading_libraries`, so that the failure is one line and exit status 2. A module of its
own so that neither imports the other for it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import first_line, out_of_memory

__all__ = ["loading_libraries", "memory_message", "fail", "EXIT_FAILED"]

EXIT_FAILED = 2


@contextmanager
def loading_libraries() -> Iterator[None]:
    """Import framing's libraries inside this block: a failure (too little memory, a library
    missing) ends the process with one line and exit status 2 instead of a traceback."""
    try:
        yield
    except (MemoryError, ImportError) as error:
        if out_of_memory(error):
            fail(memory_message())
        fail(
            f"Error: cannot load a library framing needs ({first_line(error)}); reinstall "
            "framing with its dependencies (pip install framing)"
        )


def memory_message() -> str:
    return (
        "Error: out of memory while loading framing's libraries (pandas, scikit-learn, "
        "matplotlib need about 700 MB of address space); raise the memory limit"
    )


def fail(message: str) -> None:
    """Print the one-line message and exit with status 2."""
    print(message, file=sys.stderr)
    sys.exit(EXIT_FAILED)
