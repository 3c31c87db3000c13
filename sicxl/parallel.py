"""Running one pure computation on the second core while this process goes on.

A job is mostly Python holding the GIL, so on the file server's two cores one
idles. A computation that only reads data already in memory (the duplicate search
reads the clean prospect frame) can run in a forked child: the child sees that data
without it being copied or pickled, and sends back only its result.

Forking is used only where it is safe and worth it: on Linux (macOS offers "fork"
but its system libraries are not fork-safe, which is why Python spawns there; Windows
cannot fork), when this process may use more than one CPU, when no other thread runs
in it (a fork copies the locks other threads may hold: the add-in server's thread
pool), and when the caller says the work is large enough to pay for a fork. Otherwise, and whenever
the child fails in any way (killed, out of memory, an exception), the computation
simply runs here when its result is asked for: the same result, only later, and a
real exception then surfaces here with its traceback, for the log.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from multiprocessing.connection import Connection
from types import TracebackType
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the system kill this process when its parent dies, even by SIGKILL
    (Linux's PR_SET_PDEATHSIG), so that no child is left behind holding memory,
    a pipe or a workbook; a parent already gone ends this one at once."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def can_fork() -> bool:
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and len(os.sched_getaffinity(0)) > 1
        and threading.active_count() == 1
    )


class Aside(Generic[T]):
    """`compute()` started in a child process when possible; `result()` waits for it.

    Use as a context manager: leaving the block stops a child whose result was
    never asked for (the caller failed meanwhile), so no process is left behind.
    """

    def __init__(self, compute: Callable[[], T], *, worth_it: bool = True) -> None:
        self._compute = compute
        self._process: multiprocessing.process.BaseProcess | None = None
        self._receiver: Connection | None = None
        if worth_it and can_fork():
            self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(self._compute, sender, receiver, os.getpid()),
                                  daemon=True, name="sicxl-aside")
        try:
            process.start()
        except OSError:  # no memory or process slot for a fork: run here instead
            receiver.close()
            return
        finally:
            sender.close()
        self._process, self._receiver = process, receiver

    @property
    def forked(self) -> bool:
        return self._process is not None

    def result(self) -> T:
        if self._receiver is None:
            return self._compute()
        try:
            succeeded, value = self._receiver.recv()
        except (EOFError, OSError):  # the child died before answering
            succeeded, value = False, None
        finally:
            self._stop()
        return value if succeeded else self._compute()

    def _stop(self) -> None:
        if self._receiver is not None:
            self._receiver.close()
            self._receiver = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None

    def __enter__(self) -> Aside[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop()


class Handoff(Generic[T]):
    """A value this process gives, after an `Aside` computation has started, to
    that computation: the part of its inputs known only later (the cells `fill`
    completes, for the duplicate search started before them). The computation
    `take`s it where it needs it: run here, it gets the value kept; in a child,
    it reads it from a pipe. Use as a context manager, one Aside at a time."""

    _PIPE_SIZE = 1 << 20  # bytes a pipe may hold (Linux): `give` seldom waits for the child

    def __init__(self) -> None:
        self._owner = os.getpid()
        self._read: int | None
        self._write: int | None
        self._read, self._write = os.pipe()
        with contextlib.suppress(AttributeError, OSError):  # Linux only, within the system's maximum
            import fcntl

            fcntl.fcntl(self._write, fcntl.F_SETPIPE_SZ, self._PIPE_SIZE)
        self._value: T | None = None
        self._given = False

    def give(self, value: T) -> None:
        """Keep `value`, and send it to a child that may be waiting for it. This
        end of the pipe's reading side is closed first: with no child to read,
        the sending fails at once instead of waiting forever."""
        self._value, self._given = value, True
        self._close_read()
        if self._write is None:
            return
        descriptor, self._write = self._write, None
        with contextlib.suppress(OSError), open(descriptor, "wb") as pipe:  # OSError: no child reads
            pickle.dump(value, pipe, protocol=pickle.HIGHEST_PROTOCOL)

    def take(self) -> T:
        """The value given: kept when taken here, read from the pipe in the child."""
        if os.getpid() == self._owner:
            if not self._given:
                raise RuntimeError("Handoff.take before give, in the same process")
            return self._value  # type: ignore[return-value]
        assert self._read is not None and self._write is not None
        os.close(self._write)  # the child's copy: only the parent's end may stay open
        with open(self._read, "rb") as pipe:
            return pickle.load(pipe)

    def _close_read(self) -> None:
        if self._read is not None:
            os.close(self._read)
            self._read = None

    def __enter__(self) -> Handoff[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._close_read()
        if self._write is not None:
            os.close(self._write)
            self._write = None


def _child(compute: Callable[[], object], sender: Connection, receiver: Connection, parent: int) -> None:
    """In the child: the result, or a failure flag (the parent then computes it).
    The child closes its copy of the reading end: were the parent killed, the
    sending of a large result would otherwise wait forever on a pipe only the
    child itself could read."""
    receiver.close()
    die_with_parent(parent)
    try:
        outcome = (True, compute())
    except BaseException:  # the parent's own run will raise it, with its traceback
        outcome = (False, None)
    try:
        sender.send(outcome)
    except Exception:  # an unpicklable result: the parent computes it
        sender.send((False, None))
    finally:
        sender.close()


@dataclass
class Isolated(Generic[T]):
    """What `isolated` gave: the value, or why there is none ("crashed": the child
    died, by a signal, an abort in native code or the memory limit; "timeout")."""

    value: T | None = None
    failure: str | None = None


def isolated(compute: Callable[[], T], memory: int, timeout: float) -> Isolated[T]:
    """`compute()` in a forked child that may use at most `memory` bytes of address
    space and `timeout` seconds, and dies with this process: a native crash or a
    memory blow-up in it (a hostile file read by a library in C or Rust aborts
    the process, no exception to catch) ends the child only. Where forking is not
    possible (not Linux, other threads running), runs here."""
    if not (sys.platform.startswith("linux") and threading.active_count() == 1):
        return Isolated(compute())
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_isolated_child, args=(compute, sender, receiver, os.getpid(), memory),
                              daemon=True, name="sicxl-isolated")
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            return Isolated(failure="timeout")
        return Isolated(receiver.recv())
    except (EOFError, OSError):
        return Isolated(failure="crashed")
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()


def _quiet_native_crashes() -> None:
    """What native code prints as it aborts (a Rust panic, a failed allocation) is
    for developers: the parent says, in French, that the work stopped."""
    faulthandler.disable()
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)


def _isolated_child(compute: Callable[[], object], sender: Connection, receiver: Connection,
                    parent: int, memory: int) -> None:
    receiver.close()
    die_with_parent(parent)
    _quiet_native_crashes()
    try:
        import resource  # POSIX only: isolated() forks on Linux alone

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        sender.send(compute())
        sender.close()
    except BaseException:  # noqa: BLE001 - the parent reports a child that gave no value
        os._exit(1)
