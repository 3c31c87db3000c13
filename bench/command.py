"""The `sicxl` command run as a user runs it, for the benches that time a fresh process."""

from __future__ import annotations

import compileall
import gc
import resource
import subprocess
import sys
import time
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sicxl"


def sicxl_command() -> list[str]:
    """The installed command, as users run it; else the module."""
    script = Path(sys.executable).with_name("sicxl")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sicxl.cli"]


def compile_bytecode() -> None:
    """An installed package has its bytecode compiled (pip does it at install, an
    editable checkout at its first run). A checkout run with PYTHONDONTWRITEBYTECODE,
    as some development shells set it, would compile every module of sicxl at every
    start (0.1 s of a qualify): a cost no user pays, so it is paid here, once."""
    compileall.compile_dir(PACKAGE, quiet=1)


def timed_run(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the command and every child it
    starts) of `command` in a new process; its output is discarded."""
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
