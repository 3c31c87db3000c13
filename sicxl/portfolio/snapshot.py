"""What a copy remembers of its rows at split time, so that the merge can tell
who changed a cell since: the salesperson, the master's owner, or both.

A copy keeps, in a very hidden sheet, one fingerprint per user cell of each row
that has an identifier (and one per row of the logs, which have none), plus a few
facts about the split (portfolio, master file, date). Fingerprints rather than
values: the hidden sheet then holds nothing a user could read back, not even a
value he erased in his copy. A fingerprint is a 64-bit BLAKE2b hash of the
cell's canonical text, so that 12, 12.0 and "12" typed as a number compare
equal, and a date compares equal whether Excel stores it with a time or not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from sicxl.values import is_blank, text_of

KIND_META = "meta"
KIND_CELL = "cell"
KIND_ROW = "row"
FORMAT_VERSION = "1"


def canonical(value: Any) -> str:
    """The text a cell's value is compared by (see module docstring)."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isfinite(number) and number.is_integer():
            return str(int(number))
        return repr(number)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def fingerprint(value: Any) -> str:
    return hashlib.blake2b(canonical(value).encode("utf-8"), digest_size=8).hexdigest()


def row_fingerprint(values: Iterable[Any]) -> str:
    """One fingerprint for a whole row of a log (calls, visit reports)."""
    return fingerprint("\x1f".join(canonical(v) for v in values))


@dataclass
class Snapshot:
    """A copy's memory of its split: facts, cell fingerprints, log rows."""

    meta: dict[str, str] = field(default_factory=dict)
    cells: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (sheet, key, column) -> fp
    rows: dict[str, Counter[str]] = field(default_factory=dict)  # sheet -> row fingerprints

    def keys(self, sheet: str) -> set[str]:
        return {key for (s, key, _) in self.cells if s == sheet}

    def add_cells(self, sheet: str, key: str, values: Mapping[str, Any]) -> None:
        for column, value in values.items():
            self.cells[(sheet, key, column)] = fingerprint(value)

    def add_row(self, sheet: str, values: Sequence[Any]) -> None:
        self.rows.setdefault(sheet, Counter())[row_fingerprint(values)] += 1

    def to_rows(self, header: Sequence[str]) -> list[list[str]]:
        """The hidden sheet's content: a header, then one line per fact."""
        lines = [list(header)]
        lines += [[KIND_META, "", name, "", value] for name, value in self.meta.items()]
        lines += [[KIND_CELL, s, k, c, fp] for (s, k, c), fp in self.cells.items()]
        for sheet, counts in self.rows.items():
            for fp, count in counts.items():
                lines += [[KIND_ROW, sheet, "", "", fp]] * count
        return lines

    @classmethod
    def from_rows(cls, lines: Iterable[Sequence[Any]]) -> "Snapshot":
        """Read back `to_rows` (header line included); unknown lines are ignored."""
        snapshot = cls()
        for line in lines:
            kind, sheet, key, column, value = (text_of(v) for v in [*line, "", "", "", "", ""][:5])
            if kind == KIND_META:
                snapshot.meta[key] = value
            elif kind == KIND_CELL:
                snapshot.cells[(sheet, key, column)] = value
            elif kind == KIND_ROW:
                snapshot.rows.setdefault(sheet, Counter())[value] += 1
        return snapshot
