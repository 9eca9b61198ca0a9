"""One way to run per-article work: batches of articles mapped serially or on a process pool.

Why one function: cleaning, splitting and annotating are pure functions of one article, so the
same map serves them all; keeping it in one place means one set of rules for order (always the
input's), progress bars, and what happens on Ctrl-C or SIGTERM (workers are terminated, never
left behind; they ignore SIGINT so that only the main process decides). A worker that dies
(the kernel's out-of-memory killer) ends the run with an error instead of a hang.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.queues
import os
import pickle
import queue
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from tqdm import tqdm

from .config import RunOptions
from .errors import WorkerError
from .progress import progress_bar

__all__ = [
    "map_batches",
    "run_batches",
    "resolve_jobs",
    "signals_deferred",
    "DEFERRED_SIGNALS",
    "BATCH_SIZE",
    "PARALLEL_MIN_ITEMS",
]

T = TypeVar("T")
R = TypeVar("R")

BATCH_SIZE = 250
"""Articles per batch handed to a worker: large enough to amortise the hand-over, small enough
for a smooth progress bar."""
PARALLEL_MIN_ITEMS = 2000
"""Below this many articles the work runs in-process: starting workers costs more than it saves."""


def resolve_jobs(jobs: int) -> int:
    """Worker processes for ``jobs``: 0 means one per CPU core. Checked by the one rule for it,
    ``RunOptions``'s (a ``ConfigError`` otherwise).

    >>> resolve_jobs(3)
    3
    """
    return RunOptions(jobs=jobs).jobs or os.cpu_count() or 1


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
        ``function(batch) -> list`` with one result per item; a module-level function (or a
        ``functools.partial`` of one), so that it also works where workers are spawned.
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
    outputs = run_batches(
        function,
        items,
        jobs=jobs,
        batch_size=batch_size,
        min_parallel=min_parallel,
        progress=progress,
        desc=desc,
        unit=unit,
    )
    return [result for output in outputs for result in output]


def run_batches(
    function: Callable[[Sequence[T]], R],
    items: Sequence[T],
    *,
    jobs: int = 0,
    batch_size: int = BATCH_SIZE,
    min_parallel: int = PARALLEL_MIN_ITEMS,
    progress: bool = False,
    desc: str = "working",
    unit: str = "article",
    weight: Callable[[T], int] | None = None,
) -> list[R]:
    """Like :func:`map_batches`, but ``function`` returns one result per *batch* (a table for
    the batch, say) and the batch results come back in order, one per batch. ``weight``: what
    an item counts for, on the progress bar and against ``min_parallel`` (a task of 250
    articles, 250); one by default.

    >>> run_batches(sum, [1, 2, 3, 4, 5], jobs=1, batch_size=2)
    [3, 7, 5]
    """
    workers = resolve_jobs(jobs)
    batches = [items[i : i + batch_size] for i in range(0, len(items), batch_size)]
    sizes = [sum(map(weight, b)) if weight else len(b) for b in batches]
    with progress_bar(total=sum(sizes), desc=desc, unit=unit, enabled=progress) as bar:
        if workers == 1 or sum(sizes) < min_parallel or len(batches) < 2:
            outputs = []
            for batch, size in zip(batches, sizes, strict=True):
                outputs.append(function(batch))
                bar.update(size)
            return outputs
        return _on_workers(function, batches, sizes, min(workers, len(batches)), bar)


def _on_workers(
    function: Callable[[Sequence[T]], R],
    batches: list[Sequence[T]],
    sizes: list[int],
    workers: int,
    bar: tqdm,
) -> list[R]:
    """Run the batches on ``workers`` processes started here and stopped here.

    Plain processes rather than ``multiprocessing.Pool``: a pool's helper thread restarts workers
    on its own, and one it forks while the pool is being terminated (after Ctrl-C) outlives
    the run. These workers take batch numbers from a queue (with fork they already hold the
    batches), send back results, and are terminated on any error or signal.
    """
    context = _context()
    tasks, results = context.SimpleQueue(), context.Queue()
    processes = []
    try:
        with signals_deferred():
            for _ in range(workers):
                process = context.Process(
                    target=_work,
                    args=(function, batches, tasks, results, os.getpid()),
                    daemon=True,
                )
                process.start()
                processes.append(process)
        for number in range(len(batches)):
            tasks.put(number)
        for _ in processes:
            tasks.put(None)
        done: dict[int, R] = {}
        while len(done) < len(batches):
            number, output, error, caught = _next_result(results, processes)
            _reissue(caught)
            if error is not None:
                raise error
            done[number] = output
            bar.update(sizes[number])
    finally:
        _stop(processes)
    return [done[number] for number in range(len(batches))]


def _work(
    function: Callable[[Sequence[T]], list[R]],
    batches: list[Sequence[T]],
    tasks: multiprocessing.queues.SimpleQueue,
    results: multiprocessing.queues.Queue,
    parent: int,
) -> None:
    """A worker: leaves SIGINT and SIGHUP to the main process, dies on SIGTERM and when the main
    process dies, runs batches until told."""
    for signum in DEFERRED_SIGNALS:  # the main process decides, and stops the workers
        signal.signal(signum, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    for number in iter(tasks.get, None):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                output, error = function(batches[number]), None
            except Exception as raised:  # noqa: BLE001 - handed to the main process to raise
                output, error = None, _picklable(raised)
        results.put((number, output, error, [_warning(w) for w in caught]))


DEFERRED_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""The signals that stop a run (Ctrl-C, ``kill``, a closed terminal)."""
WATCH_SECONDS = 0.5
"""How often a worker checks that the main process is alive, where the kernel cannot tell it."""


def _die_with(parent: int) -> None:
    """End this worker when the main process ends, however it ends: killed (SIGKILL, the
    out-of-memory killer, a CI timeout) it cannot stop its workers, which would otherwise live
    on holding their memory. On Linux the kernel sends SIGTERM the moment the parent dies
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread checks every ``WATCH_SECONDS``."""
    if not _kernel_watch():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the watch began
        os._exit(1)


def _kernel_watch() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


_PR_SET_PDEATHSIG = 1


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


_Warning = tuple[str, type, str, int]


def _warning(record: warnings.WarningMessage) -> _Warning:
    """A worker's warning as plain values: the main process issues it again, so that it is
    shown (or summarised by the CLI) as if the work had run there."""
    category = record.category
    try:
        pickle.dumps(category)
    except Exception:  # noqa: BLE001 - a class defined where the main process cannot import it
        category = UserWarning
    return (str(record.message), category, record.filename, record.lineno)


def _reissue(caught: list[_Warning]) -> None:
    for message, category, filename, lineno in caught:
        warnings.warn_explicit(message, category, filename, lineno)


def _picklable(error: Exception) -> Exception:
    try:
        pickle.dumps(error)
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _next_result(
    results: multiprocessing.queues.Queue, processes: list
) -> tuple[int, list, Exception | None, list[_Warning]]:
    """The next finished batch; a worker that died without reporting (killed: out of memory?)
    is an error rather than a wait forever."""
    while True:
        try:
            return results.get(timeout=0.5)
        except queue.Empty:
            dead = [p for p in processes if p.exitcode not in (None, 0)]
            if dead:
                raise WorkerError(_death(dead[0].exitcode)) from None


def _death(exitcode: int) -> str:
    """Why a worker ended, and what to do: killed by a signal (SIGKILL is what the kernel's
    out-of-memory killer sends) or exited with a status.

    >>> _death(-9).split(";")[0]
    'a worker process was killed (SIGKILL, as the out-of-memory killer does)'
    """
    if exitcode < 0:
        try:
            how = f"was killed ({signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"was killed (signal {-exitcode}"
        how += ", as the out-of-memory killer does)" if exitcode == -signal.SIGKILL else ")"
    else:
        how = f"ended with exit status {exitcode}"
    return (
        f"a worker process {how}; run again with --jobs 1 (one process holds less "
        "memory), or give the machine more memory"
    )


def _stop(processes: list) -> None:
    """Terminate every worker that is still running, and wait for it."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()


def _context() -> multiprocessing.context.BaseContext:
    # fork where available: workers start at once and work from any calling script (spawn
    # re-imports the caller's __main__, which fails for stdin scripts); they only read the
    # parent's memory, so copy-on-write shares it
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


@contextlib.contextmanager
def signals_deferred() -> Iterator[list[int]]:
    """While the block runs, SIGINT, SIGTERM and SIGHUP are only noted (in the list it yields,
    so that the block can stop early at a safe point); the first one is acted on when it ends.

    Two places need it: forking workers (a KeyboardInterrupt raised inside Python's after-fork
    hooks is printed and lost, and one raised between a worker's start and its being recorded
    leaves that worker behind) and swapping a report in (one raised between two renames, or
    while undoing them, leaves a report half old, half new). Blocking the signals with
    ``pthread_sigmask`` is not enough: any other thread (numpy's BLAS pool) may take the signal,
    and Python then runs the handler in the main thread anyway.
    """
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught  # handlers can only be set from the main thread
        return
    previous = {  # a signal the user ignores (nohup ignores SIGHUP) stays ignored
        signum: signal.signal(signum, lambda number, frame: caught.append(number))
        for signum in DEFERRED_SIGNALS
        if signal.getsignal(signum) is not signal.SIG_IGN
    }
    try:
        yield caught
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if caught:
            _act_on(caught[0], previous[caught[0]])


def _act_on(signum: int, handler: object) -> None:
    """Do what the handler in place would have done with the signal."""
    if callable(handler):
        handler(signum, None)  # KeyboardInterrupt for SIGINT, the CLI's Terminated otherwise
    elif handler == signal.SIG_DFL:
        os.kill(os.getpid(), signum)
