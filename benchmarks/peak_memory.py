"""Run a command and report its peak memory: the largest process, and the whole process tree.

Usage: ``python benchmarks/peak_memory.py REPORT COMMAND...``; writes ``tree_kb largest_kb
exit_code`` to REPORT. The tree's memory is sampled every 50 ms from ``/proc`` as the sum of
each process's proportional set size (PSS: a page shared by a parent and its forked workers
counts once in all), so a run's workers are counted with it; the largest single process is the
kernel's own high-water mark (``ru_maxrss``). Without ``/proc`` (not Linux) the tree's figure
is the largest process's.

Why a process of its own: measured from a benchmark script, a child's high-water mark would
include the script's memory, since a child starts as a copy of its parent.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

INTERVAL = 0.05


def tree_pss_kb(root: int) -> int:
    """Sum of the PSS of ``root`` and every process below it, in KB (0 without /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    return sum(_pss_kb(pid) for pid in tree)


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def main() -> None:
    report, command = Path(sys.argv[1]), sys.argv[2:]
    process = subprocess.Popen(command)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss_kb(process.pid))
            time.sleep(INTERVAL)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    done.set()
    sampler.join()
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report.write_text(f"{max(peak, largest)} {largest} {code}")


if __name__ == "__main__":
    main()
