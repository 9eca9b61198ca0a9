"""``release_memory`` gives freed memory back to the operating system between stages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from framing import memory

# in a process of its own: a test process's heap, with its history of frees, can place the
# kept pieces anywhere
FRAGMENTED_THEN_RELEASED = """
import json, numpy as np
from framing import memory
before = memory.resident_mb()
pieces, keep = [], []
for number in range(4_000):  # 96 KB each, on glibc's heap (not mmap-ed) ...
    pieces.append(np.ones(12_000))
    keep.append(bytes(600) + number.to_bytes(4))  # ... each followed by one kept
grown = memory.resident_mb()
del pieces  # holes the heap cannot shrink over
held = memory.resident_mb()
memory.release_memory(memory.LARGE_STAGE)
print(json.dumps([before, grown, held, memory.resident_mb(), len(keep)]))
"""


@pytest.mark.skipif(memory._malloc_trim() is None, reason="glibc's malloc_trim is not here")
def test_memory_freed_in_small_pieces_is_given_back():
    run = subprocess.run(
        [sys.executable, "-c", FRAGMENTED_THEN_RELEASED], capture_output=True, text=True, check=True
    )
    before, grown, held, after, kept = json.loads(run.stdout)
    assert grown - before > 300 and kept == 4_000  # 384 MB made
    assert held - after > 300, (before, grown, held, after)


def test_small_stages_are_left_alone(monkeypatch):
    collected = []
    monkeypatch.setattr(memory.gc, "collect", lambda: collected.append(1))
    memory.release_memory(memory.LARGE_STAGE - 1)
    assert collected == []
    memory.release_memory(memory.LARGE_STAGE)
    assert collected == [1]
