"""Locks that keep two sicxl processes from writing the same workbook at once.

Two locks, both operating-system locks taken on small lock files through the
`filelock` library (fcntl.flock on Linux and macOS, msvcrt.locking on Windows;
the OS releases them when the process dies, even by SIGKILL or a power cut of
the client, so no stale lock can block the next night's run):

- the run lock, `.sicxl-regenerate.lock` in the folder: one `sicxl regenerate`
  per folder at a time; a second run waits for the first (up to `--wait`
  seconds) and then does its own pass, so each run writes each workbook at most
  once;
- the workbook lock, `.~sicxl-<workbook name>.lock` beside each workbook, held
  while a workbook is saved (saving.atomic_write, through apply.apply_writes),
  and by `regenerate` and `merge` from its reading to its saving: a merge
  started by hand during the nightly run waits for its workbook.

A lock file is removed when its lock is released, so that users' shared folders
keep no trace of sicxl. That is safe because it is done while the lock is held
and filelock takes a lock only on a file that still has its name (it refuses an
inode unlinked while it waited, and opens the path anew). Holding the same lock
again in the same process (regenerate's hold, then the save's) only counts.

On a Windows file share (SMB), msvcrt.locking takes a byte-range lock that the
file server enforces for every client, so runs started from two machines exclude
each other. Linux clients of a share should mount it with byte-range locks on
(CIFS: not `nobrl`; NFS: with lockd). Where the file system has no lock at all,
filelock falls back to a lock file created with O_EXCL, removed on release; such
a lock survives a killed process, so the scheduled task should then run on one
machine only. Excel's and LibreOffice's owner files are not locks sicxl can take:
a workbook open in either is skipped (see saving.check_not_open), never waited for.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

RUN_LOCK = ".sicxl-regenerate.lock"
LOCK_PREFIX = ".~sicxl-"
LOCK_SUFFIX = ".lock"
_held_here: Counter[str] = Counter()


class Busy(Exception):
    """The lock is held by another process for longer than we agreed to wait."""


def workbook_lock_path(workbook: Path) -> Path:
    return workbook.with_name(f"{LOCK_PREFIX}{workbook.name}{LOCK_SUFFIX}")


@contextlib.contextmanager
def _held(path: Path, timeout: float) -> Iterator[None]:
    key = os.path.abspath(path)
    if _held_here[key]:
        _held_here[key] += 1
        try:
            yield
        finally:
            _held_here[key] -= 1
        return
    held: list[os.stat_result] = []
    lock = FileLock(path, timeout=timeout, on_acquired=lambda fd: held.append(os.fstat(fd)))
    try:
        lock.acquire()
    except Timeout:
        raise Busy(str(path)) from None
    _held_here[key] += 1
    try:
        yield
    finally:
        _held_here[key] -= 1
        _remove_own(path, held[-1] if held else None)
        lock.release()


def _remove_own(path: Path, own: os.stat_result | None) -> None:
    """Remove the lock file while its lock is still held, if it is still ours."""
    with contextlib.suppress(OSError):
        if own is not None and os.path.samestat(os.stat(path), own):
            os.unlink(path)


def workbook_lock(workbook: Path, timeout: float = 60.0) -> contextlib.AbstractContextManager[None]:
    """Hold the lock of one workbook; raises Busy after `timeout` seconds."""
    return _held(workbook_lock_path(Path(workbook)), timeout)


def run_lock(folder: Path, timeout: float = 600.0) -> contextlib.AbstractContextManager[None]:
    """Hold the lock of a folder's regeneration; raises Busy after `timeout` seconds."""
    return _held(Path(folder) / RUN_LOCK, timeout)
