"""The ``framing`` command's entry point: loads the command line, or says in one line why not.

Why a module of its own: a command that runs the stages loads pandas, scikit-learn and
matplotlib, which need about 700 MB of address space. Under a smaller memory limit (a container,
``ulimit -v``) their import fails with ``MemoryError`` or "failed to map segment"; here (and
wherever the command line loads them: :func:`framing.loading.loading_libraries`) that failure
is one line and exit status 2, as the README's exit status table promises. The command line
itself loads only click, so help, ``--version`` and option errors answer in a fraction of a
second.
"""

from __future__ import annotations

from .loading import fail, loading_libraries, memory_message

__all__ = ["main"]

MIN_ADDRESS_SPACE = 640 * 2**20
"""Smallest address-space limit (``ulimit -v``) under which framing tries to start. Measured on
Linux x86-64: the libraries load under 700 MB and fail under 600 MB, with a "failed to map
segment" error or, under 350 MB, a hang inside OpenBLAS; so a smaller limit is refused at
once."""


def main() -> None:
    """Run ``framing`` (see :mod:`framing.cli`)."""
    if _address_space_limit() < MIN_ADDRESS_SPACE:
        fail(memory_message())
    with loading_libraries():
        from .cli import main as command
    command()


def _address_space_limit() -> float:
    """The process's address-space limit in bytes (infinite where there is none or the
    platform cannot tell)."""
    try:
        import resource
    except ImportError:  # not on Unix
        return float("inf")
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return float("inf") if soft == resource.RLIM_INFINITY else soft
