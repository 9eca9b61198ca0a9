"""One executor interface for per-article work: in this process, on worker processes, or on a
Dask cluster.

Why one interface: prepare and annotate hand their work over as self-contained chunks (a batch
of articles with all its work needs: prepare's raw bodies, annotate's tasks of
``framing.annotate.tasks``), never the whole corpus, and get one result per chunk back in input
order. Where the chunks run is then a choice of the run (``RunOptions.engine``), not of a stage:

- :class:`Serial`: in this process;
- :class:`Processes`: on worker processes of this machine (``framing.parallel``: Ctrl-C, dead
  workers, warnings re-issued);
- :class:`Dask`: on the workers of a Dask cluster (``distributed``), one this run starts on
  this machine (a ``LocalCluster``) or one already running at a scheduler address.

Every engine gives identical results (the tests compare every table). A foundation module: it
imports no stage.
"""

from __future__ import annotations

import signal
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from . import parallel
from .config import RunOptions
from .errors import ConfigError, WorkerError, first_line
from .parallel import BATCH_SIZE, PARALLEL_MIN_ITEMS, signals_deferred
from .progress import progress_bar

__all__ = [
    "Executor",
    "Serial",
    "Processes",
    "Dask",
    "executor_for",
    "open_executor",
    "DASK_MEMORY_LIMIT",
    "DASK_IN_FLIGHT",
]

T = TypeVar("T")
R = TypeVar("R")

DASK_MEMORY_LIMIT = "4GB"
"""Memory of each worker of the Dask cluster a run starts itself: past it, Dask's nanny restarts
the worker, and the chunk is retried on another one (then ``WorkerError``). A 250-article chunk
takes well under 1 GB."""
DASK_IN_FLIGHT = 4
"""Chunks per Dask worker submitted at once: enough to keep every worker busy, few enough that
the client never holds the whole corpus twice (the chunks are copies on their way out)."""


class Executor:
    """Runs a function over consecutive chunks of items and returns the chunk results in order.

    Subclasses implement :meth:`run_batches`; :meth:`map_batches` and the context manager
    (which calls :meth:`close`) are shared.
    """

    name = "executor"

    def run_batches(
        self,
        function: Callable[[Sequence[T]], R],
        items: Sequence[T],
        *,
        batch_size: int = BATCH_SIZE,
        progress: bool = False,
        desc: str = "working",
        unit: str = "article",
        weight: Callable[[T], int] | None = None,
    ) -> list[R]:
        """``function`` applied to consecutive batches of ``items``: one result per batch, in
        order.

        Parameters
        ----------
        function : callable
            ``function(batch)``; a module-level function (or a ``functools.partial`` of one), so
            that it can be sent to another process or machine.
        items : sequence
            The work items; each batch is self-contained (all a worker gets).
        batch_size : int, default=BATCH_SIZE
            Items per batch.
        progress : bool, default=False
            Show a progress bar (``desc``, ``unit``).
        weight : callable, optional
            What an item counts for on the progress bar (and against the in-process threshold
            of :class:`Processes`); one by default.

        Returns
        -------
        list
            One result per batch, in the order of ``items``.
        """
        raise NotImplementedError

    def map_batches(
        self,
        function: Callable[[Sequence[T]], list[R]],
        items: Sequence[T],
        *,
        batch_size: int = BATCH_SIZE,
        progress: bool = False,
        desc: str = "working",
        unit: str = "article",
    ) -> list[R]:
        """Like :meth:`run_batches` for a ``function`` that returns one result per item; the
        results concatenated, one per item, in order.

        >>> Serial().map_batches(lambda batch: [x * 2 for x in batch], [1, 2, 3], batch_size=2)
        [2, 4, 6]
        """
        outputs = self.run_batches(
            function, items, batch_size=batch_size, progress=progress, desc=desc, unit=unit
        )
        return [result for output in outputs for result in output]

    def close(self) -> None:
        """Release what the executor started (nothing, for the local ones)."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Processes(Executor):
    """Worker processes of this machine (:func:`framing.parallel.run_batches`).

    Parameters
    ----------
    jobs : int, default=0
        Worker processes; 0 means one per CPU core, 1 runs in this process.
    min_parallel : int, default=PARALLEL_MIN_ITEMS
        Fewer items (by weight) than this run in this process: starting workers would cost more
        than it saves.
    """

    name = "local"

    def __init__(self, jobs: int = 0, *, min_parallel: int = PARALLEL_MIN_ITEMS) -> None:
        self.jobs = parallel.resolve_jobs(jobs)
        self.min_parallel = min_parallel

    def run_batches(
        self,
        function: Callable[[Sequence[T]], R],
        items: Sequence[T],
        *,
        batch_size: int = BATCH_SIZE,
        progress: bool = False,
        desc: str = "working",
        unit: str = "article",
        weight: Callable[[T], int] | None = None,
    ) -> list[R]:
        return parallel.run_batches(
            function,
            items,
            jobs=self.jobs,
            batch_size=batch_size,
            min_parallel=self.min_parallel,
            progress=progress,
            desc=desc,
            unit=unit,
            weight=weight,
        )

    def __repr__(self) -> str:
        return f"Processes(jobs={self.jobs}, min_parallel={self.min_parallel})"


class Serial(Processes):
    """Everything in this process, in order: what ``--jobs 1`` runs."""

    def __init__(self) -> None:
        super().__init__(1)

    def __repr__(self) -> str:
        return "Serial()"


class Dask(Executor):
    """The workers of a Dask cluster (``pip install 'framing[dask]'``).

    The client (this process) keeps the corpus, the cache and the corpus-wide steps; each batch
    is shipped to a worker on its own, at most ``DASK_IN_FLIGHT`` per worker at a time, and its
    result comes back; a worker's warnings are issued again here and its errors raised here, as
    with worker processes. The cluster is only contacted (or started) when the first batch is
    shipped, and is closed by :meth:`close` (on any error or Ctrl-C too).

    Parameters
    ----------
    scheduler : str, optional
        Address of a running cluster's scheduler (``tcp://host:8786``). None starts a
        ``distributed.LocalCluster`` on this machine for the run (and says so on stderr).
    jobs : int, default=0
        Workers of the local cluster (0: one per CPU core), each a single-threaded process with
        ``memory_limit``. Not used with ``scheduler``.
    memory_limit : str, default=DASK_MEMORY_LIMIT
        Memory of each local worker.
    """

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        jobs: int = 0,
        memory_limit: str = DASK_MEMORY_LIMIT,
    ) -> None:
        RunOptions(engine="dask", scheduler=scheduler, jobs=jobs)  # the one check of them
        self.scheduler = scheduler
        self.workers = parallel.resolve_jobs(jobs)
        self.memory_limit = memory_limit
        self._client: Any = None
        self._cluster: Any = None

    @property
    def client(self) -> Any:
        """The ``distributed.Client``, connected (and the local cluster started) on first use."""
        if self._client is None:
            self._connect()
        return self._client

    def _connect(self) -> None:
        import logging

        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            try:
                self._client = Client(self.scheduler)
            except (OSError, TimeoutError) as error:  # no such host, nobody listening, timeout
                raise ConfigError(
                    f"cannot reach the Dask scheduler at {self.scheduler} ({first_line(error)}): "
                    "check the address (--scheduler, [run] scheduler) and that the cluster runs"
                ) from None
            return
        with signals_deferred():  # a Ctrl-C while workers start: acted on once they are recorded
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                memory_limit=self.memory_limit,
                dashboard_address=":0",  # any free port: never "8787 is already in use"
                silence_logs=logging.CRITICAL,  # what matters reaches the client as errors
                preload=[__name__],  # dask_setup below: Ctrl-C is the client's to act on
            )
            self._client = Client(self._cluster)
        print(
            f"framing: started a local Dask cluster ({self.workers} worker processes, "
            f"{self.memory_limit} each) at {self._cluster.scheduler_address}; it stops when the "
            "run ends",
            file=sys.stderr,
        )

    def n_workers(self) -> int:
        """Workers the cluster has now (at least one: work waits for a worker to join)."""
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def run_batches(
        self,
        function: Callable[[Sequence[T]], R],
        items: Sequence[T],
        *,
        batch_size: int = BATCH_SIZE,
        progress: bool = False,
        desc: str = "working",
        unit: str = "article",
        weight: Callable[[T], int] | None = None,
    ) -> list[R]:
        batches = [items[i : i + batch_size] for i in range(0, len(items), batch_size)]
        sizes = [sum(map(weight, b)) if weight else len(b) for b in batches]
        with progress_bar(total=sum(sizes), desc=desc, unit=unit, enabled=progress) as bar:
            if not batches:
                return []
            return self._on_cluster(function, batches, sizes, bar)

    def _on_cluster(
        self, function: Callable[[Sequence[T]], R], batches: list, sizes: list[int], bar: Any
    ) -> list[R]:
        from distributed import as_completed

        client = self.client
        window = DASK_IN_FLIGHT * self.n_workers()
        pending = iter(range(len(batches)))
        number_of: dict[str, int] = {}
        done: dict[int, R] = {}

        def submit() -> Any:
            number = next(pending, None)
            if number is None:
                return None
            future = client.submit(_capturing, function, batches[number], pure=False)
            number_of[future.key] = number
            return future

        first = [f for f in (submit() for _ in range(window)) if f is not None]
        running = as_completed(first)
        try:
            for future in running:
                number = number_of[future.key]
                output, error, caught = _result(future)
                parallel._reissue(caught)
                if error is not None:
                    raise error
                done[number] = output
                bar.update(sizes[number])
                following = submit()
                if following is not None:
                    running.add(following)
        finally:
            client.cancel([f for f in running.futures], force=True)
        return [done[number] for number in range(len(batches))]

    def close(self) -> None:
        """Disconnect; stop the local cluster if this run started it."""
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        with signals_deferred():  # stopped whole, whatever arrives meanwhile
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()

    def __repr__(self) -> str:
        where = self.scheduler or f"local cluster of {self.workers}"
        return f"Dask({where})"


def dask_setup(worker: object) -> None:
    """Run by each worker of a local cluster as it starts (a Dask preload): ignore SIGINT, as
    worker processes do. Ctrl-C in a terminal reaches every process of the group; the client
    acts on it and stops the cluster, and a worker that acted too would only print a traceback.
    SIGTERM and the client's death still end a worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _capturing(function: Callable[[Sequence[T]], R], batch: Sequence[T]) -> tuple:
    """Run on a Dask worker: the batch's result, or the error it raised, and the warnings it
    issued (as plain values), for the client to raise and issue again: as with worker processes,
    and whatever the worker's own warning filters are."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            output, error = function(batch), None
        except Exception as raised:  # noqa: BLE001 - raised again by the client
            output, error = None, parallel._picklable(raised)
    return output, error, [parallel._warning(w) for w in caught]


def _result(future: Any) -> tuple:
    """A finished batch's (output, error, warnings); a worker that died running it (again on
    each worker Dask retried it on: out of memory?) is a ``WorkerError`` saying what to do."""
    from distributed.scheduler import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        raise WorkerError(
            "a Dask worker died running a batch of articles, on every worker it was tried on "
            "(past its memory limit?); give the workers more memory, or run with --engine local"
        ) from None


def executor_for(run: RunOptions) -> Executor:
    """The executor ``run`` asks for: ``engine`` "local" runs on ``jobs`` worker processes (one:
    in this process), "dask" on a Dask cluster (``scheduler``, or a local one of ``jobs``
    workers)."""
    if run.engine == "dask":
        return Dask(run.scheduler, jobs=run.jobs)
    return Serial() if run.jobs == 1 else Processes(run.jobs)


@contextmanager
def open_executor(run: RunOptions) -> Iterator[Executor]:
    """:func:`executor_for` for the length of a ``with`` block, closed at its end however it
    ends (a Dask cluster the run started is stopped). A running cluster's scheduler is contacted
    at once (a wrong address fails before any work); a local cluster is started only when the
    first batch is shipped (a run the cache serves whole starts none)."""
    executor = executor_for(run)
    try:
        if isinstance(executor, Dask) and executor.scheduler is not None:
            executor.client  # noqa: B018 - a wrong address fails now, not after ingest
        yield executor
    finally:
        executor.close()
