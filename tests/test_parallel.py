"""The second-core runner: a child computes, and any failure falls back to here."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

import pytest

from sicxl.parallel import Aside, can_fork

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
