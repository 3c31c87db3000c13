"""Saving without ever losing a user's workbook.

The new file is written beside the old one under a temporary name, checked,
flushed to disk, then swapped in with one atomic rename: a crash or a kill
leaves either the old workbook or the new one, never half of one. A workbook
that Excel holds open (its `~$` owner file exists) is not written, since Excel
would overwrite our results on its next save, or refuse to let us replace it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from sicxl.messages import workbook as msg
from sicxl.workbook.errors import WorkbookError


def owner_files(path: Path) -> list[Path]:
    """Where Excel puts its owner ("lock") file for `path`.

    Excel names it "~$" + the file name; for names of 8 characters or more
    before the extension it replaces the first two characters instead
    ("prospects.xlsx" -> "~$ospects.xlsx"). Both are checked.
    """
    name = path.name
    candidates = {path.with_name("~$" + name)}
    if len(name) > 2:
        candidates.add(path.with_name("~$" + name[2:]))
    return sorted(candidates)


def lock_owner(lock: Path) -> str | None:
    """The user name Excel wrote in its owner file (first byte: length), if readable."""
    try:
        data = lock.read_bytes()[:112]
    except OSError:
        return None
    if not data:
        return None
    length = data[0]
    name = data[1 : 1 + length].decode("latin-1", errors="ignore").strip("\x00 ").strip()
    return name or None


def check_not_open(path: Path) -> None:
    for lock in owner_files(path):
        if lock.exists():
            raise WorkbookError(msg.locked(path, lock_owner(lock)))


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def temporary_sibling(target: Path) -> Iterator[Path]:
    """A temporary path in the target's folder (same file system, so the final
    rename is atomic), removed if anything goes wrong before the swap."""
    handle, name = tempfile.mkstemp(prefix=".~sicxl-", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _default_mode() -> int:
    """The mode a new file gets under the current umask (mkstemp's 0600 is too strict
    for a workbook that colleagues open on the file server)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(target: Path, produce: Callable[[Path], None]) -> None:
    """Have `produce` write a temporary file, then replace `target` with it atomically."""
    target = Path(target)
    try:
        with temporary_sibling(target) as temporary:
            produce(temporary)
            with open(temporary, "rb+") as handle:
                os.fsync(handle.fileno())
            os.chmod(temporary, target.stat().st_mode & 0o7777 if target.exists() else _default_mode())
            os.replace(temporary, target)
    except WorkbookError:
        raise
    except OSError as error:
        raise WorkbookError(msg.cannot_write(target, error.strerror or str(error))) from None
    _fsync_folder(target.parent)


def atomic_write_bytes(target: Path, content: bytes) -> None:
    atomic_write(target, lambda temporary: temporary.write_bytes(content))
