"""The executors: the Dask engine gives every table the local engine gives; its workers' warnings
and errors reach the caller as worker processes' do; the cluster a run starts is said and
stopped."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import warnings
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import framing
import framing.executor
from framing.config import RunOptions
from framing.errors import WorkerError
from framing.executor import Dask, Serial, executor_for
from tests.conftest import ALLSIDES_SLICE, alive, child_pids, slice_rows, write_rows

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler() -> str:
    """A 2-worker Dask cluster of processes, as ``framing analyze --engine dask`` starts."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


def test_the_dask_engine_gives_every_table_of_the_local_engine(scheduler, monkeypatch, tmp_path):
    corpus = tmp_path / "corpus"  # 12 outlets x 8 articles of the AllSides slice
    corpus.mkdir()
    write_rows(corpus / "articles.jsonl", slice_rows(12))
    config = framing.load_config(corpus)
    # fewer bootstrap resamples (the default's 1,000 take seconds): the same tables either way
    config = replace(config, compare=replace(config.compare, n_boot=100))
    local = replace(config, run=replace(config.run, jobs=1, cache=False))
    on_dask = replace(local, run=replace(local.run, engine="dask", scheduler=scheduler))
    shipped = []
    on_cluster = Dask._on_cluster

    def counted(self, function, batches, sizes, bar):
        shipped.append(sum(sizes))
        return on_cluster(self, function, batches, sizes, bar)

    monkeypatch.setattr(Dask, "_on_cluster", counted)
    expected = framing.analyze(corpus, config=local)
    assert shipped == []
    got = framing.analyze(corpus, config=on_dask)
    assert shipped == [96, 96]  # prepare's and annotate's work all went to the cluster
    assert sorted(got.tables) == sorted(expected.tables) and len(expected.tables) > 20
    for name, table in expected.tables.items():
        pd.testing.assert_frame_equal(got.tables[name], table, check_exact=True, obj=name)
    assert got.notes == expected.notes


def _noisy_sum(batch):
    warnings.warn(f"a library's notice from {os.getpid()}", FutureWarning, stacklevel=1)
    return sum(batch)


def _fail_on_seven(batch):
    if 7 in batch:
        raise ValueError("seven is not allowed")
    return list(batch)


def test_a_dask_worker_error_is_raised_here(scheduler):
    with Dask(scheduler) as executor, pytest.raises(ValueError, match="seven is not allowed"):
        executor.map_batches(_fail_on_seven, list(range(20)), batch_size=2)


def _die_on_seven(batch):
    if 7 in batch:
        os._exit(3)
    return list(batch)


def test_a_batch_that_kills_its_workers_ends_the_run_with_an_error():
    """Dask retries a batch whose worker died on another one (``allowed-failures``, 3 by
    default: 0 here, to be quick); when it has killed them all, the run stops saying why."""
    import dask
    from distributed import LocalCluster

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=1, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.CRITICAL
        ) as cluster,
        Dask(cluster.scheduler_address) as executor,
        pytest.raises(WorkerError) as raised,
    ):
        executor.map_batches(_die_on_seven, list(range(10)), batch_size=2)
    assert str(raised.value) == (
        "a Dask worker died running a batch of articles, on every worker it was tried on "
        "(past its memory limit?); give the workers more memory, or run with --engine local"
    )


def test_a_local_cluster_is_said_keeps_order_reissues_warnings_and_is_stopped(capfd):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with Dask(jobs=2) as executor:
            out = executor.run_batches(_noisy_sum, list(range(10)), batch_size=2)
            cluster = executor._cluster
            workers = set(executor.client.run(os.getpid).values())
    assert out == [1, 5, 9, 13, 17] == Serial().run_batches(sum, list(range(10)), batch_size=2)
    notices = [str(w.message) for w in caught if w.category is FutureWarning]
    assert len(notices) == 5 and str(os.getpid()) not in " ".join(notices)  # made on workers
    assert capfd.readouterr().err == (
        f"framing: started a local Dask cluster (2 worker processes, 4GB each) at "
        f"{cluster.scheduler_address}; it stops when the run ends\n"
    )
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2 and not [w for w in workers if alive(w)]  # no worker outlives the run


def test_an_unreachable_scheduler_is_a_configuration_error():
    import dask

    from framing.errors import ConfigError

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        executor = Dask("tcp://127.0.0.1:9")  # the discard port: nobody listens
        with pytest.raises(ConfigError) as raised:
            executor.map_batches(_fail_on_seven, [1, 2])
    message = str(raised.value)
    assert message.startswith("cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")
    assert message.endswith(
        "): check the address (--scheduler, [run] scheduler) and that the cluster runs"
    )


def test_the_run_options_choose_the_executor():
    assert isinstance(executor_for(RunOptions(jobs=1)), Serial)
    assert repr(executor_for(RunOptions(jobs=2))) == "Processes(jobs=2, min_parallel=2000)"
    dask = executor_for(RunOptions(engine="dask", scheduler="tcp://h:1"))
    assert repr(dask) == "Dask(tcp://h:1)" and dask._client is None  # connects on first use


@pytest.mark.hostile
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_ctrl_c_stops_the_local_cluster_quietly(tmp_path):
    """Ctrl-C in a terminal reaches every process of the group: the client stops the cluster it
    started and says so in one line; the workers neither act on it nor print a traceback."""
    command = [sys.executable, "-m", "framing.cli", "analyze", "-q", "--no-cache"]
    command += ["--engine", "dask", "-j", "2", str(ALLSIDES_SLICE), "--out", str(tmp_path / "r")]
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, start_new_session=True, cwd=tmp_path
    )
    started = process.stderr.readline()
    assert started.startswith("framing: started a local Dask cluster (2 worker processes")
    workers = child_pids(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr.strip()) == (  # as with the local engine
        130,
        "Interrupted: stopped; a previous report, if any, is unchanged",
    ), stderr
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) >= 2 and not [w for w in workers if alive(w)]
    assert not (tmp_path / "r").exists()
