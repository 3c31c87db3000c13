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
from typing import Any, Callable, TypeVar

import numpy as np

from sicxl.jobs.base import Source, find_sheet
from sicxl.messages import paths as msg
from sicxl.portfolio.roles import Portfolio, Role
from sicxl.portfolio.snapshot import FORMAT_VERSION, Snapshot, meta_of
from sicxl.schema.portfolio import SNAPSHOT, SNAPSHOT_TOKEN, SNAPSHOT_VERSION
from sicxl.settings import Settings, SettingsError, load_settings, state_subfolder
from sicxl.values import is_blank, text_of

FOLDER = "copies"
SUFFIX = ".npz"
RETENTION_DAYS = 400  # a copy left a year unmerged can still come back
_TOKEN = re.compile(r"[0-9a-f]{32}")
T = TypeVar("T")


def new_token() -> str:
    return secrets.token_hex(16)


def _folder(settings: Settings) -> Path:
    return state_subfolder(settings, FOLDER)


def save_record(settings: Settings, token: str, snapshot: Snapshot) -> Path:
    """Keep a copy's record (atomically, readable by this account only)."""
    folder = _folder(settings)
    target = folder / f"{token}{SUFFIX}"
    try:
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
    except OSError as error:  # the state folder's disk full...: no copy without its record
        raise SettingsError(msg.state_folder_unusable(settings.state_folder, msg.system_reason(error))) from None
    return target


def copy_items(source: Source) -> dict[str, str] | None:
    """The lines of a copy's hidden sheet (item -> value); None for a workbook that
    is not a split copy."""
    sheet = find_sheet(source, SNAPSHOT)
    if sheet is None:
        return None
    return {text_of(line[0]).strip(): text_of(line[1]).strip() if len(line) > 1 else ""
            for line in source.grid(sheet).values if line and not is_blank(line[0])}


def copy_token(items: dict[str, str]) -> str | None:
    """The token of a copy made by this version of split (None otherwise)."""
    if items.get(SNAPSHOT_VERSION) != FORMAT_VERSION:
        return None
    return items.get(SNAPSHOT_TOKEN) or None


def _path(settings: Settings, token: str) -> Path | None:
    """The record a token names; None when the text is not a token (a copy's holder
    must not name a file of his choosing)."""
    return _folder(settings) / f"{token}{SUFFIX}" if _TOKEN.fullmatch(token) else None


def load_record(settings: Settings, token: str) -> Snapshot | None:
    """The record a copy's token names; None when there is none."""
    return _read(settings, token, Snapshot.from_arrays)


def _read(settings: Settings, token: str, read: Callable[[Any], T]) -> T | None:
    path = _path(settings, token)
    if path is None:
        return None
    try:
        with np.load(path, allow_pickle=False) as arrays:
            return read(arrays)
    except (FileNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def copy_portfolio(source: Source) -> Portfolio | None:
    """The portfolio of a split copy, from the server's record of it (never from the
    copy): None for a workbook that is no copy, or a copy the server cannot vouch for."""
    items = copy_items(source)
    token = copy_token(items) if items is not None else None
    if token is None:
        return None
    try:
        meta = _read(load_settings(), token, meta_of)
    except SettingsError:
        return None
    return Portfolio(Role(meta["role"]), meta["name"]) if meta is not None else None


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
