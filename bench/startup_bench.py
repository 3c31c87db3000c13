"""Fresh-process timings of the command line on a small file (issue 14, point 7).

A new team's first contact with sicxl is `sicxl --help` and a job on a few dozen
rows: each starts a new process, so what counts is the start-up (imports, the
commune index), not the throughput. Measured here, each command in a new process,
interleaved with the baseline `python -c pass` so that both see the same load
(the machine is shared: only ratios in one run mean something), `--repeat` times;
the medians and their ratios to the baseline are printed, with the CPU time of each
process (user + system), which the machine's load inflates much less than the wall
time. Targets of the issue: `--help` under 0.5 s, a job on 30 rows under 1 s of wall
time.

    python -m bench.startup_bench [--repeat 7] [--rows 30]   (from the repository root)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

from bench.command import compile_bytecode, sicxl_command, timed_run
from bench.generate import CACHE, prospect_workbook

JOBS = ("fill", "validate", "score", "qualify")


def commands(workbook: Path, out: Path) -> dict[str, list[str]]:
    sicxl = sicxl_command()
    found = {"python -c pass": [sys.executable, "-c", "pass"], "sicxl --help": [*sicxl, "--help"],
             "sicxl qualify --help": [*sicxl, "qualify", "--help"]}
    for job in JOBS:
        found[f"sicxl {job} ({workbook.stem})"] = [*sicxl, job, str(workbook), "--out", str(out),
                                                   "--today", "02/11/2026"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rows", type=int, default=30)
    args = parser.parse_args()
    workbook = CACHE / f"startup-{args.rows}.xlsx"
    shutil.copy(prospect_workbook(args.rows), workbook)
    out = CACHE / f"startup-{args.rows}-out.xlsx"
    runs = commands(workbook, out)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    compile_bytecode()
    for _ in range(args.repeat):
        for name, command in runs.items():  # interleaved: each round sees the same load
            times[name].append(timed_run(command))
    base = [statistics.median(t[i] for t in times["python -c pass"]) for i in (0, 1)]
    print(f"medians of {args.repeat} fresh processes each ({args.rows} rows)        wall            cpu")
    for name, measured in times.items():
        wall, cpu = (statistics.median(t[i] for t in measured) for i in (0, 1))
        print(f"{name:34s} {wall:6.3f} s  x{wall / base[0]:5.1f}   {cpu:6.3f} s  x{cpu / base[1]:5.1f}")
    print("(x: ratio to python -c pass, measured interleaved in this run)")


if __name__ == "__main__":
    main()
