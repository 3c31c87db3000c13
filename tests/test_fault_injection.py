"""Fault injection (issue 13, "Done when"): `qualify` and `regenerate` killed with
SIGKILL at random moments on a workbook of a few thousand rows. After each kill:
the workbook is, part for part, fully the old or fully the new one; no process of
ours is left (the children die with their parent); no temporary nor lock file is
left visible in the folder. Prints its figures (run with -s to see them)."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from bench.generate import prospect_workbook

ROOT = Path(__file__).resolve().parents[1]
TODAY = "02/11/2026"
ROWS = 3_000
KILLS = 8

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find processes")]


@pytest.fixture(scope="module")
def workbook() -> Path:
    """The bench's realistic prospect file (bench/generate.py), cached between runs."""
    return prospect_workbook(ROWS)


def _content(path: Path) -> str:
    """The workbook's parts, inflated and hashed (zip timestamps aside); fails on a
    damaged zip."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode() + b"\0" + archive.read(name))
    return digest.hexdigest()


def _group(pgid: int) -> list[int]:
    """Live processes of a process group (zombies are dead)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def _visible_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith((".~sicxl", ".sicxl", "~$")))


def _start(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _inject(command: list[str], folder: Path, target: Path, tmp_path: Path, seed: int) -> dict[str, object]:
    """Run `command` once whole (the new version, its duration), then KILLS times
    killed at a random moment; returns the figures."""
    pristine = tmp_path / "original.xlsx"
    shutil.copyfile(target, pristine)
    old = _content(target)
    started = time.monotonic()
    assert _start(command).wait(timeout=600) == 0
    duration = time.monotonic() - started
    new = _content(target)
    assert new != old
    rng = random.Random(seed)
    outcomes, cleanup = [], []
    for attempt in range(KILLS):
        shutil.copyfile(pristine, target)
        process = _start(command)
        time.sleep(rng.uniform(0.3, duration))
        os.kill(process.pid, signal.SIGKILL)  # the parent only, as `kill -9 PID` does
        process.wait()
        deadline = time.monotonic() + 10
        while (left := _group(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.02)
        cleanup.append(10 - (deadline - time.monotonic()))
        assert not left, f"attempt {attempt}: processes left behind {left}"
        content = _content(target)
        assert content in (old, new), f"attempt {attempt}: half a workbook"
        outcomes.append("new" if content == new else "old")
        assert _visible_leftovers(folder) == [], f"attempt {attempt}"
    return {"duration": round(duration, 2), "kills": KILLS, "old": outcomes.count("old"),
            "new": outcomes.count("new"), "slowest_children_end": round(max(cleanup), 2)}


def test_qualify_killed_at_random_leaves_old_or_new_and_nothing_behind(workbook: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    folder.mkdir()
    target = Path(shutil.copy(workbook, folder / "prospects.xlsx"))
    command = [sys.executable, "-m", "sicxl.cli", "qualify", str(target), "--today", TODAY]
    figures = _inject(command, folder, target, tmp_path, seed=13)
    print(f"\nqualify, {ROWS} rows: {figures}")


def test_regenerate_killed_at_random_leaves_old_or_new_and_nothing_behind(workbook: Path, tmp_path: Path) -> None:
    folder = tmp_path / "serveur"
    folder.mkdir()
    target = Path(shutil.copy(workbook, folder / "prospects.xlsx"))
    command = [sys.executable, "-m", "sicxl.cli", "regenerate", str(folder), "--report",
               str(tmp_path / "rapport.json"), "--today", TODAY]
    figures = _inject(command, folder, target, tmp_path, seed=31)
    print(f"\nregenerate, {ROWS} rows: {figures}")
