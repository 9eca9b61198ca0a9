"""Benchmark: each output table as CSV (as ``framing analyze`` writes it) and as Parquet.

Prints, per table of one analysis: rows, size and write seconds of the CSV and of the Parquet
file (snappy, as written under ``data/``), and seconds to read each back (medians of 3). The
figures behind ``PARQUET_COPY_ROWS`` (``framing/render/write.py``) and the README's "Output
tables".

Usage::

    python benchmarks/bench_tables.py [PATH] [--limit 2000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bench_analyze import DEFAULT, read_rows, write_corpus


def median_seconds(work: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        mark = time.perf_counter()
        work()
        times.append(time.perf_counter() - mark)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=2000, help="the first N articles only")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-tables-"))
    corpus = write_corpus(work / "corpus", read_rows(args.path, args.limit))

    import pandas as pd

    import framing
    from framing.config import load_config
    from framing.render.write import _FLOAT_FORMAT, data_tables

    config = load_config(corpus)
    config = replace(config, run=replace(config.run, cache=False))
    result = framing.analyze(corpus, config=config)
    columns = ["CSV MB", "write s", "read s", "Parquet MB", "write s", "read s"]
    print(f"{'table':<20}{'rows':>9}" + "".join(f"{c:>11}" for c in columns))
    totals = [0.0] * len(columns)
    tables = {n.rsplit(".", 1)[0]: f for n, f in data_tables(result).items()}
    for name, frame in sorted(tables.items(), key=lambda item: -len(item[1])):
        csv, parquet = work / f"{name}.csv", work / f"{name}.parquet"

        def write_csv(frame: pd.DataFrame = frame, csv: Path = csv) -> None:
            with open(csv, "w", encoding="utf-8", newline="") as handle:
                frame.to_csv(
                    handle, index=False, float_format=_FLOAT_FORMAT, date_format="%Y-%m-%d"
                )

        csv_write = median_seconds(write_csv)
        csv_read = median_seconds(lambda csv=csv: pd.read_csv(csv))
        pq_write = median_seconds(lambda f=frame, p=parquet: f.to_parquet(p, index=False))
        pq_read = median_seconds(lambda parquet=parquet: pd.read_parquet(parquet))
        row = [csv.stat().st_size / 1e6, csv_write, csv_read]
        row += [parquet.stat().st_size / 1e6, pq_write, pq_read]
        totals = [t + v for t, v in zip(totals, row, strict=True)]
        print(f"{name:<20}{len(frame):>9,}" + "".join(f"{v:>11.3f}" for v in row))
    print(f"{'all':<20}{'':>9}" + "".join(f"{v:>11.3f}" for v in totals))


if __name__ == "__main__":
    main()
