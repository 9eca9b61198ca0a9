"""Benchmark: ``framing analyze --engine dask`` on an N× AllSides corpus, within a memory limit
per worker.

Makes a corpus of ``--copies`` copies (default 10) of the AllSides file (or its first
``--limit`` articles), each article of each copy with a new id and one sentence of its own
(``Copy <letters> of this article.``: otherwise every copy would be an exact duplicate, kept
once), written under ``--work`` (default: a new temporary folder; never inside the repository).
Then analyses it, as ``framing analyze CORPUS --engine dask --no-cache`` does, in a process of
its own whose whole process tree is measured (``benchmarks/peak_memory.py``), and prints:

- the seconds of each stage (ingest + prepare, annotate, compare, render);
- the peak memory of the client (this process: ingest, compare and render run here, and the
  local cluster's scheduler), of each Dask worker (its kernel high-water mark, asked of the
  worker at the end) and of the whole process tree;
- with ``--local``, the same for the local engine (``--jobs`` worker processes) on the same
  corpus, and the ratio.

Without ``--scheduler`` the run starts a ``LocalCluster`` of ``--jobs`` single-threaded workers
with ``--memory-limit`` (4 GB) each, as ``framing analyze --engine dask`` does.

Usage::

    python benchmarks/bench_dask.py [--source PATH] [--copies 10] [--limit N] [--work DIR]
        [--jobs 2] [--memory-limit 4GB] [--scheduler ADDRESS] [--local]

The full benchmark (10× the whole file, 375,540 articles) takes hours on a 2-core machine;
``--limit 2000 --copies 2 --local`` takes minutes.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_analyze import DEFAULT, ROOT, read_rows  # noqa: E402


def letters(number: int) -> str:
    """A number in letters (``12`` -> ``bc``): cleaning keeps words, and boilerplate learning
    matches lines whatever their digits, so the copy mark must be words."""
    return "".join(chr(97 + int(d)) for d in str(number))


def write_copies(rows: list[dict], copies: int, folder: Path) -> Path:
    """``copies`` copies of ``rows`` as one JSON-lines table in ``folder`` (a corpus folder)."""
    folder.mkdir(parents=True, exist_ok=False)
    path = folder / "articles.jsonl"
    number = 0
    with path.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            for row in rows:
                text = f"{row['text']}\nCopy {letters(number)} of this article."
                record = {**row, "id": f"copy{copy}-{row['id']}", "text": text}
                handle.write(json.dumps(record) + "\n")
                number += 1
    return folder


def run_child(corpus: Path, work: Path, name: str, args: argparse.Namespace) -> dict:
    """One analysis in its own process tree, timed by stage, with its peak memory."""
    report, memory = work / f"{name}.json", work / f"{name}.memory"
    command = [sys.executable, __file__, "--child", str(corpus), "--report", str(report)]
    command += ["--out", str(work / f"{name}-report"), "--jobs", str(args.jobs)]
    command += ["--engine", name, "--memory-limit", args.memory_limit]
    if args.scheduler:
        command += ["--scheduler", args.scheduler]
    monitor = [sys.executable, str(ROOT / "benchmarks" / "peak_memory.py"), str(memory)]
    subprocess.run(monitor + command, check=True)
    tree_kb, _, code = memory.read_text().split()
    if code != "0":
        raise SystemExit(f"{name}: the analysis failed (exit status {code})")
    result = json.loads(report.read_text())
    result["tree_mb"] = int(tree_kb) / 1024
    return result


def child(args: argparse.Namespace) -> None:
    """Time each stage of one analysis in this process (the client)."""
    wall = time.perf_counter()
    from dataclasses import replace

    import framing
    from framing.api import annotate_corpus, assemble, compare_corpus
    from framing.config import load_config
    from framing.executor import Dask, Processes

    config = load_config(args.child)
    run = replace(config.run, jobs=args.jobs, cache=False, engine=args.engine)
    config = replace(config, run=replace(run, scheduler=args.scheduler))
    if args.engine == "dask":
        executor = Dask(args.scheduler, jobs=args.jobs, memory_limit=args.memory_limit)
    else:
        executor = Processes(args.jobs)
    timings: dict[str, float] = {"import": time.perf_counter() - wall}
    with executor:
        mark = time.perf_counter()
        corpus = framing.load_corpus(args.child, config=config, cache=False, executor=executor)
        timings["ingest + prepare"] = time.perf_counter() - mark
        mark = time.perf_counter()
        annotated = annotate_corpus(corpus, config, executor=executor)
        timings["annotate"] = time.perf_counter() - mark
        workers = _worker_peaks(executor)
    mark = time.perf_counter()
    compared = compare_corpus(corpus, annotated, config)
    timings["compare"] = time.perf_counter() - mark
    mark = time.perf_counter()
    assemble(corpus, annotated, compared, config, "bench_dask.py").write(args.out)
    timings["render (figures, report, tables)"] = time.perf_counter() - mark
    args.report.write_text(
        json.dumps(
            {
                "articles": len(corpus.articles),
                "timings": timings,
                "total": time.perf_counter() - wall,
                "client_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "workers_mb": workers,
            }
        )
    )


def _worker_peaks(executor: object) -> list[float]:
    """Each Dask worker's peak resident memory in MB (its kernel high-water mark); for worker
    processes of the local engine, their peak together (``RUSAGE_CHILDREN``: the largest)."""
    from framing.executor import Dask

    if isinstance(executor, Dask):
        peaks = executor.client.run(_own_peak_kb)
        return [kb / 1024 for _, kb in sorted(peaks.items())]
    return [resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]


def _own_peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def print_table(runs: dict[str, dict]) -> None:
    stages = list(next(iter(runs.values()))["timings"])
    names = list(runs)
    print(f"{'':<36}" + "".join(f"{n:>14}" for n in names))
    for stage in stages:
        print(f"{stage:<36}" + "".join(f"{runs[n]['timings'][stage]:>13.1f}s" for n in names))
    print(f"{'total':<36}" + "".join(f"{runs[n]['total']:>13.1f}s" for n in names))
    print(
        f"{'peak memory, client (MB)':<36}"
        + "".join(f"{runs[n]['client_mb']:>14,.0f}" for n in names)
    )
    for n in names:
        workers = ", ".join(f"{mb:,.0f}" for mb in runs[n]["workers_mb"])
        label = "each worker" if n == "dask" else "largest worker process"
        print(f"peak memory, {label} (MB), {n}: {workers}")
    print(
        f"{'peak memory, process tree (MB)':<36}"
        + "".join(f"{runs[n]['tree_mb']:>14,.0f}" for n in names)
    )
    if "local" in runs:
        print(f"dask / local, total: {runs['dask']['total'] / runs['local']['total']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT, help="the AllSides file")
    parser.add_argument("--copies", type=int, default=10, help="copies of the source (10)")
    parser.add_argument("--limit", type=int, default=None, help="the first N articles only")
    parser.add_argument("--work", type=Path, default=None, help="where the corpus is written")
    parser.add_argument("--jobs", type=int, default=2, help="workers (local cluster, processes)")
    parser.add_argument("--memory-limit", default="4GB", help="memory of each Dask worker")
    parser.add_argument("--scheduler", default=None, help="a running cluster's address")
    parser.add_argument("--local", action="store_true", help="also the local engine, for the ratio")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="dask", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    if not args.source.exists():
        sys.exit(f"Error: {args.source}: no such file (give the AllSides file with --source)")
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-dask-"))
    if work.resolve().is_relative_to(ROOT):
        sys.exit(f"Error: {work}: inside the repository; give a folder outside it (--work)")
    rows = read_rows(args.source, args.limit)
    mark = time.perf_counter()
    corpus = write_copies(rows, args.copies, work / "corpus")
    print(
        f"{corpus}: {len(rows) * args.copies:,} articles ({args.copies} copies of {len(rows):,}),"
        f" written in {time.perf_counter() - mark:.0f} s",
        flush=True,
    )
    runs = {"dask": run_child(corpus, work, "dask", args)}
    if args.local:
        runs["local"] = run_child(corpus, work, "local", args)
    print_table(runs)


if __name__ == "__main__":
    main()
