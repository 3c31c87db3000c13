"""Files named in a workbook's cells stay inside the workbook's folder (issue 13, point 1).

A workbook is untrusted input (DESIGN.md, trust boundaries), and the file
server's account reads more than any user may: a cell saying `/etc/passwd`,
`..\\Direction\\prospects.xlsx`, or naming a symbolic link planted in the folder,
must not make the server read for someone a file he could not read himself.
The rule, for every path a job reads from a cell (« Fichier ordre du jour »,
« Fichier prospects », « Modèle de lettre »...):

1. The text is a path relative to the workbook's folder, `\\` separating
   folders as it does for the Windows users who type it. An absolute path is
   accepted only inside a folder the administrator allows (sicxl.settings).
2. Refused outright, with a French sentence: a drive letter (`C:\\…`, `C:x`) or a
   network path (`\\\\server\\share\\…`) on a server that is not Windows (there they
   name nothing; on Windows they are checked as any absolute path, except a
   drive-relative `C:x` and the device forms `\\\\?\\…`, `\\\\.\\…`); a colon, a line
   break or a control character (no shared file has one, and on Windows a colon
   names a hidden stream of a file).
3. The path is resolved, symbolic links followed, and must then lie inside the
   workbook's folder (its sub-folders included) or inside an allowed folder,
   themselves resolved.
4. Reading opens the resolved path without following a link at its last step,
   and wants a regular file (not a folder, a device, nor a pipe that would hang
   the night run) of at most MAX_FILE_BYTES; on Linux, where the opened file
   really lies is checked again, in case a folder was swapped for a link between
   the check and the opening.

Options typed on the command line (`--prospects`) are not concerned: a person
typing a path at the server's prompt is not the threat, a cell is.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Callable, Sequence

from sicxl.messages import paths as msg
from sicxl.settings import SettingsError, load_settings

MAX_FILE_BYTES = 25_000_000
"""The usual limit of an e-mail attachment (the agenda is attached to every draft)."""
_WINDOWS = os.name == "nt"
_PROC_FD = Path("/proc/self/fd")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class Refused(Exception):
    """A path a cell names that sicxl will not read (the message is French)."""


def _allowed_by_settings() -> Sequence[Path]:
    return load_settings().allowed_folders


def _parsed(text: str) -> PurePath:
    """The path a cell's text names, in the server's own path syntax (rules 1 and 2)."""
    if any(ord(ch) < 32 or ch == "\x7f" for ch in text):
        raise Refused(msg.bad_characters(text))
    windows = PureWindowsPath(text)
    if text.startswith(("\\\\", "//")):
        if not _WINDOWS or text[2:3] in ("?", "."):
            raise Refused(msg.network_path(text))
        return windows
    if windows.drive:
        if not _WINDOWS or not windows.root:
            raise Refused(msg.windows_drive(text))
        if ":" in text[len(windows.drive):]:
            raise Refused(msg.bad_characters(text))
        return windows
    if ":" in text:
        raise Refused(msg.bad_characters(text))
    return windows if _WINDOWS else PurePosixPath(text.replace("\\", "/"))


def _real(path: Path | str) -> Path:
    return Path(os.path.normcase(os.path.realpath(path)))


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


@dataclass
class Confinement:
    """Where the files named in one workbook's cells may be read from."""

    folder: Path  # the workbook's folder
    allowed: Callable[[], Sequence[Path]] = field(default=_allowed_by_settings)

    @classmethod
    def of(cls, workbook: Path) -> "Confinement":
        return cls(Path(workbook).parent)

    def _allows(self, path: Path) -> bool:
        """Whether a resolved path lies in the workbook's folder or an allowed one (the
        settings are read only for a path outside the workbook's folder)."""
        if _inside(path, [_real(self.folder)]):
            return True
        try:
            return _inside(path, [_real(folder) for folder in self.allowed()])
        except SettingsError as error:
            raise Refused(str(error)) from None

    def resolve(self, text: str) -> Path:
        """The file a cell names, symbolic links resolved; raises Refused when it
        lies outside the workbook's folder and the allowed folders."""
        name = text.strip().strip('"').strip()
        parsed = _parsed(name)
        candidate = Path(parsed) if parsed.is_absolute() else self.folder / Path(parsed)
        resolved = _real(candidate)
        if self._allows(resolved):
            return resolved
        raise Refused(msg.outside(name, self.folder))

    def read(self, text: str) -> bytes | None:
        """The bytes of the file a cell names, None when it does not exist; raises
        Refused for a path outside (see resolve) or a file that is not one to read."""
        path = self.resolve(text)
        try:
            descriptor = os.open(path, _OPEN_FLAGS)
        except FileNotFoundError:
            return None
        except OSError as error:
            if error.errno == errno.ELOOP:  # the last step became a link after the check
                raise Refused(msg.moved_while_read(text)) from None
            raise Refused(msg.not_a_file(text) if error.errno == errno.EISDIR else
                          msg.unreadable(text, msg.system_reason(error))) from None
        try:
            return self._read_open(descriptor, text)
        finally:
            os.close(descriptor)

    def _read_open(self, descriptor: int, text: str) -> bytes:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(msg.not_a_file(text))
        if info.st_size > MAX_FILE_BYTES:
            raise Refused(msg.too_big(text, info.st_size, MAX_FILE_BYTES))
        if _PROC_FD.is_dir() and not self._allows(_real(os.readlink(_PROC_FD / str(descriptor)))):
            raise Refused(msg.moved_while_read(text))
        chunks, size = [], 0
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise Refused(msg.too_big(text, size, MAX_FILE_BYTES))
        return b"".join(chunks)

    def workbook(self, text: str) -> Path:
        """The path of another workbook a cell names, checked like `read` but opened
        by the caller (the workbook reader opens files by path)."""
        path = self.resolve(text)
        if path.exists() and not path.is_file():
            raise Refused(msg.not_a_file(text))
        return path
