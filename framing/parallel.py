"""One way to run per-article work: batches of articles mapped serially or on a process pool.

Why one function: cleaning, splitting and annotating are pure functions of one article, so the
same map serves them all; keeping it in one place means one set of rules for order (always the
input's), progress bars, and what happens on Ctrl-C or SIGTERM (workers are terminated, never
left behind; they ignore SIGINT so that only the main process decides).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

from tqdm import tqdm

from .errors import ConfigError

__all__ = ["map_batches", "resolve_jobs", "BATCH_SIZE", "PARALLEL_MIN_ITEMS"]

T = TypeVar("T")
R = TypeVar("R")

BATCH_SIZE = 250
"""Articles per batch handed to a worker: large enough to amortise the hand-over, small enough
for a smooth progress bar."""
PARALLEL_MIN_ITEMS = 2000
"""Below this many articles the work runs in-process: starting workers costs more than it saves."""


def resolve_jobs(jobs: int) -> int:
    """Worker processes for ``jobs``: 0 means one per CPU core.

    >>> resolve_jobs(3)
    3
    """
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0:
        raise ConfigError(
            f"The 'jobs' parameter must be an int >= 0 (0: one per CPU core); got {jobs!r} instead."
        )
    return jobs or os.cpu_count() or 1


def map_batches(
    function: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    *,
    jobs: int = 0,
    batch_size: int = BATCH_SIZE,
    min_parallel: int = PARALLEL_MIN_ITEMS,
    progress: bool = False,
    desc: str = "working",
    unit: str = "article",
) -> list[R]:
    """``function`` applied to consecutive batches of ``items``; results concatenated in order.

    Parameters
    ----------
    function : callable
        ``function(batch) -> list`` with one result per item; must be a module-level function
        (or a ``functools.partial`` of one) so that workers can receive it.
    items : sequence
        The work items (articles, or whatever ``function`` takes).
    jobs : int, default=0
        Worker processes; 0 means one per CPU core, 1 runs in this process.
    batch_size : int, default=BATCH_SIZE
        Items per batch.
    min_parallel : int, default=PARALLEL_MIN_ITEMS
        Fewer items than this run in this process whatever ``jobs`` says.
    progress : bool, default=False
        Show a progress bar (``desc``, ``unit``).

    Returns
    -------
    list
        One result per item, in the order of ``items``, whatever the number of jobs.

    Examples
    --------
    >>> map_batches(lambda batch: [x * 2 for x in batch], [1, 2, 3], jobs=1, batch_size=2)
    [2, 4, 6]
    """
    workers = resolve_jobs(jobs)
    batches = [items[i : i + batch_size] for i in range(0, len(items), batch_size)]
    results: list[R] = []
    with tqdm(total=len(items), desc=desc, unit=unit, disable=not progress) as bar:
        if workers == 1 or len(items) < min_parallel or len(batches) < 2:
            for batch in batches:
                results.extend(function(batch))
                bar.update(len(batch))
            return results
        pool = _context().Pool(processes=min(workers, len(batches)), initializer=_worker_setup)
        try:
            for batch_results in pool.imap(function, batches, chunksize=1):
                results.extend(batch_results)
                bar.update(len(batch_results))
        except BaseException:
            pool.terminate()  # Ctrl-C, SIGTERM or an error: stop every worker now
            pool.join()
            raise
        pool.close()
        pool.join()
    return results


def _context() -> multiprocessing.context.BaseContext:
    # fork where available: workers start at once and work from any calling script (spawn
    # re-imports the caller's __main__, which fails for stdin scripts); they only read the
    # parent's memory, so copy-on-write shares it
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _worker_setup() -> None:
    """Workers leave SIGINT to the main process (which terminates them) and die on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
