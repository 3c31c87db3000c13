"""Locks that keep two sicxl processes from writing the same workbook at once.

Two locks, both operating-system locks, released by the system when the process
dies (even by SIGKILL, or a power cut of the client), so that no stale lock can
block the next night's run:

- the run lock: one `sicxl regenerate` per folder at a time; a second run waits
  for the first (up to `--wait` seconds) and then does its own pass, so each run
  writes each workbook at most once;
- the workbook lock, held while a workbook is saved (apply.apply_writes), and by
  `regenerate` and `merge` from its reading to its saving: a merge started by
  hand during the nightly run waits for its workbook.

On Linux and macOS they are `flock` locks taken on the workbook itself and on the
folder itself: nothing is created, so nothing is left in users' shared folders,
even after a kill. A save replaces the workbook by a rename, so a process that
was waiting on the old file checks, once it has the lock, that the path still
names the file it locked, and starts again on the new one otherwise. A workbook
about to be created (`--out`) has nothing to protect and takes no lock. On NFS, flock is a
byte-range lock seen by every client; a Linux client of an SMB share should mount
it with byte-range locks on (CIFS: not `nobrl`).

On Windows (where a folder cannot be locked, nor an open file renamed over), they
are byte-range locks on small lock files (`.sicxl-regenerate.lock`,
`.~sicxl-<name>.lock`) through the `filelock` library, enforced by the file
server for every client of a share and removed on release.

Holding the same lock again in the same process (regenerate's hold, then the
save's) only counts. Excel's and LibreOffice's owner files are not locks sicxl
can take: a workbook open in either is skipped (saving.check_not_open), never
waited for.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from pathlib import Path
from typing import Iterator

RUN_LOCK = ".sicxl-regenerate.lock"
_POLL = 0.05
_held_here: Counter[str] = Counter()


class Busy(Exception):
    """The lock is held by another process for longer than we agreed to wait."""


@contextlib.contextmanager
def _reentrant(key: str, take: contextlib.AbstractContextManager[None]) -> Iterator[None]:
    if _held_here[key]:
        _held_here[key] += 1
        try:
            yield
        finally:
            _held_here[key] -= 1
        return
    with take:
        _held_here[key] += 1
        try:
            yield
        finally:
            _held_here[key] -= 1


def _open_locked(path: Path, deadline: float) -> int:
    """A descriptor of `path` holding its flock, once the path still names the
    file locked; Busy past the deadline."""
    import fcntl

    while True:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            if time.monotonic() >= deadline:
                raise Busy(str(path)) from None
            time.sleep(_POLL)
            continue
        try:
            if os.path.samestat(os.fstat(descriptor), os.stat(path)):
                return descriptor
        except FileNotFoundError:
            pass
        os.close(descriptor)  # replaced (or removed) while we waited: lock what is there now


@contextlib.contextmanager
def _flocked(path: Path, timeout: float) -> Iterator[None]:
    descriptor = _open_locked(path, time.monotonic() + timeout)
    try:
        yield
    finally:
        os.close(descriptor)  # closing the last descriptor releases the flock


@contextlib.contextmanager
def _lock_file(path: Path, timeout: float) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(path, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise Busy(str(path)) from None
    try:
        yield
    finally:
        lock.release()


def workbook_lock(workbook: Path, timeout: float = 60.0) -> contextlib.AbstractContextManager[None]:
    """Hold the lock of one workbook; raises Busy after `timeout` seconds."""
    workbook = Path(os.path.realpath(workbook))  # one key however the file is named (a link, a linked folder)
    if os.name == "nt":
        return _reentrant(str(workbook), _lock_file(workbook.with_name(f".~sicxl-{workbook.name}.lock"), timeout))
    if not workbook.exists():  # nothing was read from it: nothing to protect
        return contextlib.nullcontext()
    return _reentrant(str(workbook), _flocked(workbook, timeout))


def run_lock(folder: Path, timeout: float = 600.0) -> contextlib.AbstractContextManager[None]:
    """Hold the lock of a folder's regeneration; raises Busy after `timeout` seconds."""
    folder = Path(os.path.abspath(folder))
    if os.name == "nt":
        return _reentrant(str(folder / RUN_LOCK), _lock_file(folder / RUN_LOCK, timeout))
    return _reentrant(str(folder) + os.sep + RUN_LOCK, _flocked(folder, timeout))
