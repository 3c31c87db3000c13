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
  while a workbook is read, computed and replaced, by `regenerate` and `merge`
  alike: a merge started by hand during the nightly run waits for its workbook.

On a Windows file share (SMB), msvcrt.locking takes a byte-range lock that the
file server enforces for every client, so runs started from two machines exclude
each other. Linux clients of a share should mount it with byte-range locks on
(CIFS: not `nobrl`; NFS: with lockd). Where the file system has no lock at all,
filelock falls back to a lock file created with O_EXCL, removed on release; such
a lock survives a killed process, so the scheduled task should then run on one
machine only. Lock files are a few bytes; they may stay in the folder.
Excel's own `~$` owner files are not locks sicxl can take: a workbook open in
Excel is skipped (see saving.check_not_open), never waited for.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

RUN_LOCK = ".sicxl-regenerate.lock"
LOCK_PREFIX = ".~sicxl-"
LOCK_SUFFIX = ".lock"


class Busy(Exception):
    """The lock is held by another process for longer than we agreed to wait."""


def workbook_lock_path(workbook: Path) -> Path:
    return workbook.with_name(f"{LOCK_PREFIX}{workbook.name}{LOCK_SUFFIX}")


@contextlib.contextmanager
def _held(path: Path, timeout: float) -> Iterator[None]:
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
    return _held(workbook_lock_path(Path(workbook)), timeout)


def run_lock(folder: Path, timeout: float = 600.0) -> contextlib.AbstractContextManager[None]:
    """Hold the lock of a folder's regeneration; raises Busy after `timeout` seconds."""
    return _held(Path(folder) / RUN_LOCK, timeout)
