"""The crash log: the technical detail of an unexpected error, for the sicxl team.

One file per crash, in the user's own state folder (sicxl.settings.account_state_folder:
XDG_STATE_HOME or ~/.local/state/sicxl on Linux, %LOCALAPPDATA%\\sicxl on Windows): never a
shared file in the system's temporary folder, which another account could own
(every run would then fail twice) or replace with a symbolic link to a file of
ours. The file is created new (O_EXCL) and without following a symbolic link
(O_NOFOLLOW); a log that cannot be written is given up silently: it must never
turn one error into two.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path


def log_name() -> str:
    """A new name for each crash: time, process and a random part (two crashes in
    one second, a name planted in advance)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"erreur-{stamp}-{os.getpid()}-{os.urandom(4).hex()}.log"


def write_crash_log(detail: str | None = None) -> Path | None:
    """Write the current exception's traceback (or `detail`) to a new file; its
    path, or None when it could not be written."""
    text = detail if detail is not None else traceback.format_exc()
    try:
        from sicxl.settings import account_state_folder  # the server's settings import the workbook package: only on a crash

        folder = account_state_folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / log_name()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path
    except Exception:  # noqa: BLE001 - a log that cannot be written must not raise a second error
        return None
