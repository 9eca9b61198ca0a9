"""The one per-article map: same results in any number of processes; errors and dead workers
end the run instead of hanging it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from framing.errors import ConfigError, WorkerError
from framing.parallel import map_batches, resolve_jobs, run_batches
from tests.conftest import ROOT, alive, child_pids


def square_with_pid(batch):
    return [(x * x, os.getpid()) for x in batch]


def fail_on_seven(batch):
    if 7 in batch:
        raise ValueError("seven is not allowed")
    return list(batch)


def die_on_seven(batch):
    if 7 in batch:
        os._exit(3)
    return list(batch)


def test_order_and_values_do_not_depend_on_jobs():
    items = list(range(103))
    serial = map_batches(square_with_pid, items, jobs=1, batch_size=10, min_parallel=0)
    parallel = map_batches(square_with_pid, items, jobs=2, batch_size=10, min_parallel=0)
    assert [v for v, _ in serial] == [v for v, _ in parallel] == [x * x for x in items]
    assert {pid for _, pid in serial} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in parallel}  # really ran in workers


def test_small_inputs_stay_in_process():
    result = map_batches(square_with_pid, [1, 2, 3], jobs=2, batch_size=1, min_parallel=10)
    assert {pid for _, pid in result} == {os.getpid()}


def test_a_worker_error_is_raised_in_the_main_process():
    with pytest.raises(ValueError, match="seven is not allowed"):
        map_batches(fail_on_seven, list(range(20)), jobs=2, batch_size=2, min_parallel=0)


def test_a_dead_worker_ends_the_run_with_an_error():
    with pytest.raises(WorkerError, match=r"^a worker process ended with exit status 3; run again"):
        map_batches(die_on_seven, list(range(20)), jobs=2, batch_size=2, min_parallel=0)


def kill_on_seven(batch):
    if 7 in batch:
        os.kill(os.getpid(), signal.SIGKILL)
    return batch


@pytest.mark.hostile
def test_a_killed_worker_is_named_with_its_signal_and_what_to_do():
    expected = (
        "a worker process was killed (SIGKILL, as the out-of-memory killer does); run again "
        "with --jobs 1 (one process holds less memory), or give the machine more memory"
    )
    with pytest.raises(WorkerError) as raised:
        map_batches(kill_on_seven, list(range(20)), jobs=2, batch_size=2, min_parallel=0)
    assert str(raised.value) == expected


def test_jobs_must_be_a_count():
    assert resolve_jobs(0) == (os.cpu_count() or 1)
    with pytest.raises(ConfigError, match="The 'jobs' parameter of RunOptions must be an int >= 0"):
        resolve_jobs(-3)


def _noisy_sum(batch):
    import warnings

    warnings.warn("a library's notice", FutureWarning, stacklevel=1)
    return sum(batch)


def test_warnings_raised_in_workers_reach_the_main_process():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = run_batches(_noisy_sum, list(range(10)), jobs=2, batch_size=2, min_parallel=1)
    assert out == [1, 5, 9, 13, 17]
    assert [(w.category, str(w.message)) for w in caught] == [
        (FutureWarning, "a library's notice")
    ] * 5


@pytest.mark.hostile
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_end_when_the_main_process_is_killed():
    """SIGKILL (what the out-of-memory killer and CI timeouts send) gives the main process no
    chance to stop its workers: they must notice and end by themselves."""
    script = textwrap.dedent(
        """
        import time
        from framing.parallel import map_batches

        def slow(batch):
            time.sleep(60)
            return list(batch)

        map_batches(slow, list(range(4)), jobs=2, batch_size=1, min_parallel=0)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = child_pids(process.pid)
    assert len(workers) == 2, "the script never started its two workers"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if alive(w)], "workers outlived the killed main process"
