"""The collector pause around a job: nestable, and the collector's state restored."""

from __future__ import annotations

import gc
import threading

import pytest

from sicxl.memory import gc_paused


@pytest.fixture(autouse=True)
def _collector_restored():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_paused_inside_and_resumed_after_even_on_error():
    gc.enable()
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
        raise ValueError
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_blocks_in_threads_resume_when_the_last_one_ends():
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def job() -> None:
        with gc_paused():
            inside.set()
            release.wait()

    other = threading.Thread(target=job)
    other.start()
    inside.wait()
    with gc_paused():
        pass
    assert not gc.isenabled()  # the other thread's job is still running
    release.set()
    other.join()
    assert gc.isenabled()


def test_a_job_leaves_no_cyclic_garbage(sample_prospects):
    """Why the command line may keep the collector off to its end (cli.run): what a
    job allocates is freed by reference counting, nothing waits for the collector.
    Run twice, so that what the first run imports is not counted."""
    import datetime as dt

    from sicxl.jobs import load_jobs
    from sicxl.runner import run_job

    job = load_jobs()["qualify"]
    run_job(job, sample_prospects, today=dt.date(2026, 11, 2))
    gc.collect()
    gc.disable()
    run = run_job(job, sample_prospects, today=dt.date(2026, 11, 2))
    del run
    assert gc.collect() == 0
