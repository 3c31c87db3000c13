"""The second-core runner: a child computes, and any failure falls back to here."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sicxl.parallel import Aside, Handoff, can_fork, isolated

pytestmark = pytest.mark.skipif(not can_fork(), reason="no fork start method or a single CPU here")


def test_the_result_is_computed_in_a_child_process():
    with Aside(os.getpid) as aside:
        assert aside.forked, f"threads left running: {threading.enumerate()}"
        assert aside.result() != os.getpid()
    assert not multiprocessing.active_children()


def test_a_child_that_dies_leaves_the_computation_to_the_parent():
    parent = os.getpid()

    def compute() -> str:
        if os.getpid() != parent:
            os._exit(9)  # killed, out of memory...
        return "calculé ici"

    with Aside(compute) as aside:
        assert aside.forked
        assert aside.result() == "calculé ici"


def test_a_value_given_after_the_fork_reaches_the_child():
    """The search starts before `fill` and takes the cells it completed when it
    needs them: in the child, through a pipe, however large (more than a pipe holds)."""
    cells = {"insee": {row: f"{row % 97:05d}" for row in range(200_000)}}
    with Handoff() as given, Aside(lambda: (os.getpid(), given.take())) as aside:
        given.give(cells)
        pid, taken = aside.result()
    assert pid != os.getpid() and taken == cells


def test_a_value_given_is_taken_here_when_nothing_forked():
    with Handoff() as given, Aside(lambda: given.take(), worth_it=False) as aside:
        assert not aside.forked
        given.give({"postal_code": {2: "78100"}})
        assert aside.result() == {"postal_code": {2: "78100"}}
    with Handoff() as given, pytest.raises(RuntimeError):
        given.take()


def test_giving_to_a_child_that_died_neither_waits_nor_fails():
    parent = os.getpid()

    def compute() -> str:
        if os.getpid() != parent:
            os._exit(9)  # died before taking
        return "calculé ici"

    with Handoff() as given, Aside(compute) as aside:
        time.sleep(0.2)
        started = time.perf_counter()
        given.give(b"x" * (8 << 20))  # more than any pipe holds
        assert time.perf_counter() - started < 5
        assert aside.result() == "calculé ici"


def test_an_exception_is_raised_here_with_its_traceback():
    def compute() -> None:
        raise ValueError("code INSEE introuvable")

    with Aside(compute) as aside, pytest.raises(ValueError, match="INSEE"):
        aside.result()


def test_a_result_that_cannot_travel_is_computed_here():
    parent = os.getpid()
    with Aside(lambda: (os.getpid(), lambda: None)) as aside:  # a lambda does not pickle
        computed_in, _ = aside.result()
    assert computed_in == parent


def test_small_work_and_threaded_processes_do_not_fork():
    with Aside(os.getpid, worth_it=False) as aside:
        assert not aside.forked and aside.result() == os.getpid()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with Aside(os.getpid) as aside:
            assert not aside.forked and aside.result() == os.getpid()
    finally:
        stop.set()
        other.join()


def test_leaving_the_block_stops_a_child_never_asked_for_its_result():
    with pytest.raises(RuntimeError), Aside(lambda: time.sleep(60)) as aside:
        assert aside.forked
        raise RuntimeError("the job failed meanwhile")
    assert not multiprocessing.active_children()


def test_progress_bars_leave_no_thread_that_would_forbid_forking(tmp_path):
    """tqdm starts a monitor thread by default; regenerate runs many jobs after its bar."""
    from sicxl.server.regenerate import _progress

    assert list(_progress([tmp_path / "a.xlsx", tmp_path / "b.xlsx"])) == [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    assert threading.active_count() == 1


_ORPHAN_MAKER = """
import sys, time
from sicxl.parallel import Aside
from sicxl.workbook.xmlscan import ProcessScan

with Aside(lambda: time.sleep(120) or bytes(50_000_000)) as aside:  # forks before any thread runs
    scan = ProcessScan()
    scan.write(b"<feuille>")
    print(scan._child.pid, aside._process.pid, flush=True)
    time.sleep(120)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_children_die_with_their_parent_killed_by_sigkill() -> None:
    """Issue case 6: after `kill -9`, 21 of 46 runs left a child behind (one held 260 MB
    and the workbook for over a minute)."""
    if not can_fork():
        pytest.skip("this machine gives one CPU: no child is forked")
    parent = subprocess.Popen([sys.executable, "-c", _ORPHAN_MAKER], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[1])
    children = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(children) == 2
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.05)
    assert not [pid for pid in children if _alive(pid)]


def _alive(pid: int) -> bool:
    """Running (a zombie awaiting its new parent's wait is dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_isolated_reports_a_native_crash_and_a_memory_blow_up() -> None:
    import ctypes

    assert isolated(lambda: 6 * 7, 4 << 30, 60).value == 42
    assert isolated(lambda: ctypes.string_at(0), 4 << 30, 60).failure == "crashed"
    assert isolated(lambda: bytearray(8 << 30), 2 << 30, 60).failure == "crashed"
    assert isolated(lambda: time.sleep(30), 4 << 30, 0.5).failure == "timeout"
