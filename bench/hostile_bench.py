"""Bounded reading (issue 13): what the checks cost, and what hostile files cost.

1. The pre-parse checks on the 100,000-row bench file (bench/generate.py), in this
   process, against the read they guard: hashing what is read (FileStamp), the
   zip's central directory (limits.check_archive), the sheet inflated and measured
   (used_range.QuickScan, text lengths); the read is python-calamine's parse of the
   sheet and its conversion to Python. Medians of `--repeat` runs, and their ratio.
2. The hostile files of the issue, made by tests/workbook/hostile.py at the sizes
   reported (one cell at XFD1048576, one on row 1,048,576, a 1 GB shared string, a
   sheet inflating to 2 GB): wall time, peak memory and outcome of
   `sicxl validate FILE` in a child process, for this checkout and, with `--before
   DIR`, for another one (e.g. `git archive main | tar -x -C DIR`), each capped at
   16 GB of address space and 300 s.

    python -m bench.hostile_bench [--repeat 5] [--before DIR] [--no-hostile]   (from the repository root)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import CACHE, prospect_workbook

ROOT = Path(__file__).resolve().parents[1]
CAP_BYTES, CAP_SECONDS = 16 << 30, 300


def checks_against_read(path: Path, repeat: int) -> None:
    import python_calamine

    from sicxl.workbook import open_workbook
    from sicxl.workbook.reader import file_kind
    from sicxl.workbook.saving import FileStamp

    checks, reads = [], []
    for _ in range(repeat):
        with open_workbook(path) as book:
            sheet = book.sheet_names()[0]
            part = book.package.sheet(sheet).part
            started = time.perf_counter()
            FileStamp.of(book.handle)
            file_kind(book.path, book.handle)
            book._measured(sheet, part)
            checks.append(time.perf_counter() - started)
            started = time.perf_counter()
            with python_calamine.CalamineWorkbook.from_path(str(path)) as reader:
                reader.get_sheet_by_name(sheet).to_python(skip_empty_area=True)
            reads.append(time.perf_counter() - started)
    check, read = statistics.median(checks), statistics.median(reads)
    print(f"pre-parse checks: {check:.3f} s   read they guard: {read:.3f} s   ratio {check / read:.3f}"
          f"   (medians of {repeat}; {path.stat().st_size / 1e6:.1f} MB file)")


def hostile_files() -> dict[str, Path]:
    from sicxl.samples.prospects import build_prospects
    from tests.workbook import hostile

    folder = CACHE / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    sample = folder / "sample.xlsx"
    if not sample.exists():
        build_prospects(sample, sample=True)
    makers = {
        "one cell at XFD1048576": lambda p: hostile.with_cells(sample, p, {"XFD1048576": "x"}),
        "one cell on row 1,048,576": lambda p: hostile.with_cells(sample, p, {"A1048576": "x"}),
        "a 1 GB shared string": lambda p: hostile.huge_shared_string(sample, p, 1 << 30),
        "a sheet inflating to 2 GB": lambda p: hostile.inflating_sheet(sample, p, 2 << 30),
    }
    files = {}
    for number, (label, make) in enumerate(makers.items()):
        path = folder / f"hostile-{number}.xlsx"
        if not path.exists():
            make(path)
        files[label] = path
    return files


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))


def run_validate(tree: Path, path: Path) -> str:
    """Wall time, peak memory (this child's own: wait4) and outcome of one run."""
    err_path = path.with_suffix(".err")
    started = time.monotonic()
    with open(err_path, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "sicxl.cli", "validate", str(path), "--out",
                                    str(path.with_suffix(".out.xlsx"))], cwd=tree, stdout=subprocess.DEVNULL,
                                   stderr=err, preexec_fn=_capped, env={**os.environ, "PYTHONPATH": str(tree)})
    outcome = ""
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            outcome = f"exit {code}" if code >= 0 else f"killed by signal {-code}"
            break
        if time.monotonic() - started > CAP_SECONDS:
            process.kill()
            _, _, usage = os.wait4(process.pid, 0)
            outcome = f"stopped after {CAP_SECONDS} s"
            break
        time.sleep(0.05)
    process.returncode = 0  # reaped above
    seconds = time.monotonic() - started
    said = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return f"{seconds:7.1f} s  peak {usage.ru_maxrss / 1024:7.0f} MB  {outcome}: {(said[-1] if said else '')[:120]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout to measure the hostile files with")
    parser.add_argument("--no-hostile", action="store_true")
    args = parser.parse_args()
    checks_against_read(prospect_workbook(100_000), args.repeat)
    if args.no_hostile:
        return
    for label, path in hostile_files().items():
        size = path.stat().st_size / 1e6
        for name, tree in (("before", args.before), ("after", ROOT)):
            if tree is not None:
                print(f"{label} ({size:.1f} MB), {name}: {run_validate(tree, path)}")


if __name__ == "__main__":
    main()
