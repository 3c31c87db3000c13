"""Benchmark of `sicxl qualify` on a large prospect workbook (issues 2 and 9).

Generates (once, cached in the temp folder) a prospect workbook of N rows over
every French commune, then measures in this same process (machines are noisy,
so only ratios against a baseline run beside them mean something):
  - baseline: openpyxl's own load + save of the file;
  - qualify: the whole job as the command line runs it (read with python-calamine,
    fill, validate, dedupe, score, lossless write, check, atomic replace);
  - rerun: qualify again on its own output (computed cells now overwritten);
  - dedupe alone, on the rows already read.
Prints each time and the ratios qualify / baseline (issue 2: <= 1.5, issue 9:
<= 0.25, stretch 0.1), and the peak memory of the process.

    python -m bench.qualify_bench [--rows 100000]      (from the repository root)
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import time
from pathlib import Path

from bench.generate import CACHE, prospect_workbook

TODAY = dt.date(2026, 11, 2)


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def baseline(path: Path) -> float:
    import openpyxl

    out = path.with_name("baseline-out.xlsx")
    return _timed(lambda: openpyxl.load_workbook(path).save(out))


def qualify(path: Path) -> float:
    from sicxl.cli import run_job
    from sicxl.jobs import load_jobs

    job = load_jobs()["qualify"]
    return _timed(lambda: run_job(job, path, today=TODAY))


def dedupe_alone(path: Path) -> float:
    from sicxl.jobs.base import load_table
    from sicxl.prospects.dedupe import find_duplicates
    from sicxl.prospects.reading import Anomalies, read_rows
    from sicxl.schema.prospects import PROSPECTS
    from sicxl.workbook import open_workbook

    with open_workbook(path) as book:
        table = load_table(book, PROSPECTS)
    clean = read_rows(table, Anomalies())
    return _timed(lambda: find_duplicates(clean))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    source = prospect_workbook(args.rows)
    work = CACHE / f"qualify-{args.rows}.xlsx"
    shutil.copy(source, work)
    from sicxl.reference.communes import communes

    communes()  # loaded once per process in real runs too; not part of the measure
    base = baseline(work)
    first = qualify(work)
    rerun = qualify(work)
    dedupe = dedupe_alone(work)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows: {args.rows:,}  file: {source.stat().st_size / 1e6:.1f} MB")
    print(f"baseline openpyxl load+save: {base:7.2f} s")
    print(f"qualify (first run):         {first:7.2f} s   ratio {first / base:.3f}")
    print(f"qualify (rerun):             {rerun:7.2f} s   ratio {rerun / base:.3f}")
    print(f"dedupe alone:                {dedupe:7.2f} s")
    print(f"peak memory of the process:  {peak:7.0f} MB")


if __name__ == "__main__":
    main()
