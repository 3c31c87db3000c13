"""Benchmark of `sicxl qualify` on a large prospect workbook (issues 2 and 9).

Generates (once, cached in the temp folder) a prospect workbook of N rows over
every French commune, then measures in this same process (machines are noisy,
so only ratios against a baseline run beside them mean something):
  - baseline: openpyxl's own load + save of the file;
  - qualify: the whole job as the command line runs it (read with python-calamine,
    fill, validate, dedupe, score, lossless write, check, atomic replace);
  - rerun: qualify again on its own output (computed cells now overwritten);
  - dedupe alone, on the rows already read;
  - the command line: `sicxl qualify` in a fresh process, as a user runs it
    (imports and the commune list included), its wall time against the
    baseline, its CPU and the cores it keeps busy on average (CPU / wall).
Prints each time and the ratios qualify / baseline (issue 2: <= 1.5, issue 9:
<= 0.25, stretch 0.1). `--repeat N` runs each measure N times, in rounds (the
baseline, qualify, the rerun, the command line; the machine's load drifts, each
round sees the same), and prints the medians, the ratios taken against the
baseline's median. Each measure starts after a full garbage collection,
so that none pays for what the previous one left (openpyxl leaves ~1 GB of cyclic
garbage). The peak memory of the process is set by openpyxl; qualify's own peak is
measured apart, in a fresh process running only it, as the command line does.

    python -m bench.qualify_bench [--rows 100000] [--repeat 1]   (from the repository root)
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.command import compile_bytecode, sicxl_command, timed_run
from bench.generate import CACHE, prospect_workbook

TODAY = dt.date(2026, 11, 2)


def _timed(action) -> float:
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def baseline(path: Path) -> float:
    import openpyxl

    out = path.with_name("baseline-out.xlsx")
    return _timed(lambda: openpyxl.load_workbook(path).save(out))


def qualify(path: Path) -> float:
    from sicxl.runner import run_job
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


def print_runs(label: str, times: list[float], base: float, digits: int = 3) -> None:
    """Each run's time and its ratio to the baseline, and their median when several."""
    runs = "  ".join(f"{t:.2f} s ({t / base:.{digits}f})" for t in times)
    print(f"{label:28s} {runs}")
    if len(times) > 1:
        median = statistics.median(times)
        print(f"{'  median:':28s} {median:.2f} s   ratio {median / base:.{digits}f}")


def command_line(path: Path) -> tuple[float, float]:
    """Wall time and CPU (the command and the child it forks) of `sicxl qualify` run as a user runs it."""
    return timed_run([*sicxl_command(), "qualify", str(path)])


def _peak_mb() -> float:
    """The process's peak resident memory. Linux's VmHWM, because getrusage's
    maxrss of a child starts at its parent's peak (copied at fork)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def qualify_peak(path: Path) -> float:
    """Peak memory of a fresh process that runs only qualify on `path`."""
    out = subprocess.run([sys.executable, "-m", "bench.qualify_bench", "--peak-of", str(path)], check=True,
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1]).stdout
    return float(out.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--peak-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak_of:
        qualify(args.peak_of)
        print(f"{_peak_mb():.0f}")
        return
    source = prospect_workbook(args.rows)
    work = CACHE / f"qualify-{args.rows}.xlsx"
    from sicxl.reference.communes import communes

    reference = _timed(communes)  # once per process, before any job; printed, not in the ratios
    compile_bytecode()
    bases, firsts, reruns, cli = [], [], [], []
    for _ in range(args.repeat):  # in rounds (module docstring)
        shutil.copy(source, work)
        bases.append(baseline(work))
        shutil.copy(source, work)
        firsts.append(qualify(work))
        reruns.append(qualify(work))
        shutil.copy(source, work)
        cli.append(command_line(work))
    base = statistics.median(bases)
    dedupe = dedupe_alone(work)
    peak = _peak_mb()
    shutil.copy(source, work)
    own_peak = qualify_peak(work)
    print(f"rows: {args.rows:,}  file: {source.stat().st_size / 1e6:.1f} MB")
    print(f"reference communes loaded:   {reference:7.2f} s (once per process)")
    print_runs("baseline openpyxl load+save:", bases, base)
    for label, times in (("qualify (first run):", firsts), ("qualify (rerun):", reruns)):
        print_runs(label, times, base)
    print(f"dedupe alone:                {dedupe:7.2f} s")
    print_runs("command line (sicxl qualify):", [wall for wall, _ in cli], base)
    if args.repeat > 1:
        rounds = statistics.median(wall / b for (wall, _), b in zip(cli, bases))
        print(f"{'  each against its round:':28s} ratio {rounds:.3f} (median of the rounds' own ratios)")
    cpu = statistics.median(cpu for _, cpu in cli)
    print(f"{'  CPU:':28s} {cpu:.2f} s, {cpu / statistics.median(wall for wall, _ in cli):.2f} cores busy on average")
    print(f"peak memory, this process:   {peak:7.0f} MB (set by openpyxl)")
    print(f"peak memory, qualify alone:  {own_peak:7.0f} MB (a fresh process running only qualify)")


if __name__ == "__main__":
    main()
