"""The server's records of the split copies (issue 13, point 2).

`merge` used to trust what a copy said of itself (its portfolio, its split-time
fingerprints, in a hidden sheet): a salesperson who wrote "director" there and
a matching snapshot took over a colleague's prospects. Now `split` keeps that
record here, in the server account's state folder (sicxl.settings: created
0700, refused when another account could write it), one file per copy named by
a random 128-bit token; the copy holds only the token. A copy whose token names
no record (rewritten, guessed, made by an earlier version) is refused. The token
is a bearer proof, like a key: whoever holds a copy may bring it back as what it
is, never as more, which is why each copy belongs in a folder only its reader
can open (docs/server.md).

Records are plain arrays (numpy's .npz, read back without unpickling), written
atomically, and removed RETENTION_DAYS after their split.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from sicxl.portfolio.snapshot import Snapshot
from sicxl.settings import Settings, state_subfolder

FOLDER = "copies"
SUFFIX = ".npz"
RETENTION_DAYS = 400  # a copy left a year unmerged can still come back
_TOKEN = re.compile(r"[0-9a-f]{32}")


def new_token() -> str:
    return secrets.token_hex(16)


def _folder(settings: Settings) -> Path:
    return state_subfolder(settings, FOLDER)


def save_record(settings: Settings, token: str, snapshot: Snapshot) -> Path:
    """Keep a copy's record (atomically, readable by this account only)."""
    folder = _folder(settings)
    target = folder / f"{token}{SUFFIX}"
    handle, name = tempfile.mkstemp(prefix=".~", suffix=SUFFIX, dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(out, **snapshot.to_arrays())
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
    return target


def load_record(settings: Settings, token: str) -> Snapshot | None:
    """The record a copy's token names; None when there is none (or the token is not
    one: a copy's holder must not name a file of his choosing)."""
    if not _TOKEN.fullmatch(token):
        return None
    path = _folder(settings) / f"{token}{SUFFIX}"
    try:
        with np.load(path, allow_pickle=False) as arrays:
            return Snapshot.from_arrays({name: arrays[name] for name in arrays.files})
    except (FileNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def prune(settings: Settings, now: dt.datetime, days: int = RETENTION_DAYS) -> int:
    """Remove the records older than `days`; returns how many."""
    limit = (now - dt.timedelta(days=days)).timestamp()
    removed = 0
    for path in _folder(settings).glob(f"*{SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
    return removed
