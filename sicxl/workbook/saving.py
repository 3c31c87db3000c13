"""Saving without ever losing a user's workbook, nor anyone else's work.

The new file is written beside the old one under no name at all where the system
allows it (Linux's O_TMPFILE: a kill leaves nothing behind), else under a hidden
temporary name removed on failure; it is checked, flushed to disk, given the old
file's owner, group and mode, then swapped in with one atomic rename: a crash or
a kill leaves either the old workbook or the new one, never half of one.

Refused rather than overwritten, each with one French sentence:
- a workbook open in Excel (its `~$` owner file) or LibreOffice (its
  `.~lock.NAME#` file): their next save would overwrite our results;
- a read-only file (no write right for this account, or the read-only attribute):
  replacing it would need only the folder's right, and would defeat the owner's
  choice;
- a workbook that changed on disk since it was read (`FileStamp`): our results
  were computed from the old one and would be written over a colleague's save.

A symbolic link is written through: the file it points to is replaced, the link
stays.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from sicxl.messages import workbook as msg
from sicxl.messages.paths import system_reason
from sicxl.workbook.errors import WorkbookError

TEMPORARY_PREFIX = ".~sicxl-"
_HASH_BLOCK = 1 << 20


def owner_files(path: Path) -> list[Path]:
    """Where Excel and LibreOffice put their owner ("lock") file for `path`.

    Excel names it "~$" + the file name; for names of 8 characters or more
    before the extension it replaces the first two characters instead
    ("prospects.xlsx" -> "~$ospects.xlsx"). Both are checked. LibreOffice
    names it ".~lock." + the file name + "#".
    """
    name = path.name
    candidates = {path.with_name("~$" + name), path.with_name(f".~lock.{name}#")}
    if len(name) > 2:
        candidates.add(path.with_name("~$" + name[2:]))
    return sorted(candidates)


def lock_owner(lock: Path) -> str | None:
    """The user name written in an owner file, if readable: Excel's first byte is
    its length; LibreOffice's is a line "Full name,host,user,date,folder;"."""
    try:
        data = lock.read_bytes()[:512]
    except OSError:
        return None
    if not data:
        return None
    if is_libreoffice_lock(lock):
        fields = data.decode("utf-8", errors="ignore").split(",")
        name = fields[0].strip() or (fields[2].strip() if len(fields) > 2 else "")
        return name or None
    length = data[0]
    name = data[1 : 1 + length].decode("latin-1", errors="ignore").strip("\x00 ").strip()
    return name or None


def is_libreoffice_lock(lock: Path) -> bool:
    return lock.name.startswith(".~lock.")


def open_by(path: Path) -> Path | None:
    """The owner file of the first program that holds `path` (or what it links to) open."""
    paths = {Path(path), written_path(Path(path))}
    return next((lock for p in sorted(paths) for lock in owner_files(p) if lock.exists()), None)


def check_not_open(path: Path) -> None:
    lock = open_by(path)
    if lock is not None:
        raise WorkbookError(msg.locked(path, lock_owner(lock), is_libreoffice_lock(lock)))


@dataclass(frozen=True)
class FileStamp:
    """What was read: which file (device, inode), its size, time and content hash."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, handle: BinaryIO) -> FileStamp:
        """The stamp of an open file, read through that opening."""
        info = os.fstat(handle.fileno())
        handle.seek(0)
        digest = hashlib.sha256()
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
        handle.seek(0)
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, digest.hexdigest())

    def change(self, path: Path) -> str | None:
        """Why the file at `path` is no longer the one stamped (French), or None."""
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return msg.CHANGE_REMOVED
        if (info.st_dev, info.st_ino) != (self.device, self.inode):
            return msg.CHANGE_REPLACED
        if (info.st_size, info.st_mtime_ns) != (self.size, self.mtime_ns):
            return msg.CHANGE_MODIFIED
        with open(path, "rb") as handle:
            if FileStamp.of(handle).sha256 != self.sha256:
                return msg.CHANGE_MODIFIED
        return None


def check_unchanged(path: Path, stamp: FileStamp) -> None:
    cause = stamp.change(path)
    if cause is not None:
        raise WorkbookError(msg.changed_since_read(path, cause))


def written_path(target: Path) -> Path:
    """The file a save replaces: `target`, or the file its symbolic links lead to."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def check_writable(target: Path) -> None:
    """Refuse a read-only file, and a folder where nothing can be created."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not info.st_mode & stat.S_IWUSR:
        raise WorkbookError(msg.read_only_file(target))
    if info is not None and not os.access(target, os.W_OK):
        raise WorkbookError(msg.no_write_right(target))
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise WorkbookError(msg.folder_read_only(target.parent))


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


class _Temporary:
    """A new file in a folder: nameless (O_TMPFILE) where the system allows it,
    reached through its /proc entry until `place` gives it its final name."""

    def __init__(self, folder: Path, suffix: str) -> None:
        self.folder, self.suffix = folder, suffix
        self.descriptor: int | None = None
        self.name: Path | None = None
        flag = getattr(os, "O_TMPFILE", 0)
        if flag and os.path.isdir("/proc/self/fd"):
            with contextlib.suppress(OSError):
                self.descriptor = os.open(folder, flag | os.O_RDWR, 0o600)
        if self.descriptor is None:
            handle, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=suffix, dir=folder)
            self.descriptor, self.name = handle, Path(name)

    @property
    def path(self) -> Path:
        return self.name if self.name is not None else Path(f"/proc/self/fd/{self.descriptor}")

    def place(self, target: Path) -> None:
        """Atomically replace `target` with this file."""
        if self.name is None:  # give the nameless file a hidden name, then rename it at once
            fd, hidden = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=self.suffix, dir=self.folder)
            os.close(fd)
            os.unlink(hidden)
            folder = os.open(self.folder, os.O_RDONLY)
            try:  # a directory fd makes os.link call linkat(AT_SYMLINK_FOLLOW), which names the open file
                os.link(self.path, hidden, src_dir_fd=folder, follow_symlinks=True)
            finally:
                os.close(folder)
            self.name = Path(hidden)
        os.replace(self.name, target)
        self.name = None

    def close(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None
        if self.name is not None:
            with contextlib.suppress(FileNotFoundError):
                self.name.unlink()
            self.name = None


@contextlib.contextmanager
def temporary_sibling(target: Path) -> Iterator[Path]:
    """A path for a new file in the target's folder (same file system, so the
    final rename is atomic); nothing of it stays if anything goes wrong."""
    temporary = _Temporary(target.parent, target.suffix)
    try:
        yield temporary.path
    finally:
        temporary.close()


def _default_mode() -> int:
    """The mode a new file gets under the current umask (a temporary's 0600 is too strict
    for a workbook that colleagues open on the file server)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _take_owner_and_mode(temporary: Path, target: Path) -> None:
    """The replaced file's owner, group and mode (a new file: this account's, the
    umask's mode). Giving a file away takes root; a group this account belongs
    to is kept without. (`temporary` may be a /proc entry: both follow it.)"""
    try:
        old = os.stat(target)
    except FileNotFoundError:
        os.chmod(temporary, _default_mode())
        return
    if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.chown(temporary, old.st_uid, old.st_gid)
        except PermissionError:
            with contextlib.suppress(PermissionError):
                os.chown(temporary, -1, old.st_gid)
    os.chmod(temporary, stat.S_IMODE(old.st_mode))


def atomic_write(target: Path, produce: Callable[[Path], None], expected: FileStamp | None = None) -> None:
    """Have `produce` write a new file, then replace `target` with it atomically;
    with `expected`, only if the target is still the file that was read."""
    target = written_path(Path(target))
    check_writable(target)
    try:
        if expected is not None:
            check_unchanged(target, expected)
        temporary = _Temporary(target.parent, target.suffix)
        try:
            try:
                produce(temporary.path)
            except Exception:
                if expected is not None:  # a file changed under the writer explains its failure
                    check_unchanged(target, expected)
                raise
            assert temporary.descriptor is not None
            os.fsync(temporary.descriptor)
            _take_owner_and_mode(temporary.path, target)
            if expected is not None:
                check_unchanged(target, expected)
            temporary.place(target)
        finally:
            temporary.close()
    except WorkbookError:
        raise
    except OSError as error:
        raise WorkbookError(cannot_write(target, error)) from None
    _fsync_folder(target.parent)


def cannot_write(target: Path, error: OSError) -> str:
    """The French sentence for a failed write, precise where the cause is known."""
    if error.errno == errno.ENOSPC or error.errno == getattr(errno, "EDQUOT", None):
        return msg.disk_full(target)
    if error.errno == errno.EROFS:
        return msg.folder_read_only(target.parent)
    if error.errno in (errno.EACCES, errno.EPERM):
        return msg.no_write_right(target)
    return msg.cannot_write(target, system_reason(error))


def atomic_write_bytes(target: Path, content: bytes) -> None:
    def write(temporary: Path) -> None:
        with open(temporary, "wb") as handle:
            handle.write(content)

    atomic_write(target, write)
