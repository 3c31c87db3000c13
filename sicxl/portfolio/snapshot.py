"""What `split` records of each copy, so that `merge` can tell who changed a cell
since: the salesperson, the master's owner, or both (issue 8).

The record holds, for each split sheet, one fingerprint per user cell of each
row the copy received, in the copy's row order, with each row's key where the
sheet has one, and a few facts: the portfolio (role and name), the master
file, the date. It stays on the server (sicxl.server.registry): the copy only
holds a random token naming it, so its holder can change neither the portfolio
the merge grants him nor the fingerprints it compares with (issue 13).

A fingerprint is the first 64 bits of the BLAKE2b hash of a cell's canonical
text, so that 12, 12.0 and "12" typed as a number compare equal, and a date
compares equal whether Excel stores it with a time or not. Fingerprints rather
than values: the record then holds nothing of the rows, not even a value a
salesperson erased in his copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from sicxl.portfolio.roles import Portfolio, Role
from sicxl.values import is_blank

FORMAT_VERSION = "2"
"""Version 1 kept the fingerprints in the copy's hidden sheet, where its holder
could rewrite them: such copies are refused."""


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


def fingerprint(value: Any) -> int:
    digest = hashlib.blake2b(canonical(value).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


BLANK = fingerprint(None)


def fingerprints(values: Iterable[Any]) -> np.ndarray:
    """The fingerprints of a column's values, each distinct value hashed once (a
    column of 100,000 cells holds a few thousand distinct values)."""
    seen: dict[tuple[type, Any], int] = {}

    def one(value: Any) -> int:
        key = (value.__class__, value)
        found = seen.get(key)
        if found is None:
            found = seen[key] = fingerprint(value)
        return found

    return np.fromiter(map(one, values), dtype=np.uint64)


def print_matrix(columns: Mapping[str, Sequence[Any]], names: Sequence[str], length: int) -> np.ndarray:
    """One line of fingerprints per row, one column per name in `names` (a name
    missing from `columns` fingerprints as blank cells)."""
    matrix = np.full((length, len(names)), BLANK, dtype=np.uint64)
    for position, name in enumerate(names):
        if name in columns:
            matrix[:, position] = fingerprints(columns[name])
    return matrix


def line_keys(matrix: np.ndarray) -> list[bytes]:
    """Each line of a fingerprint matrix as one comparable value."""
    return [line.tobytes() for line in np.ascontiguousarray(matrix)]


@dataclass
class SheetPrint:
    """A split sheet as the copy received it: its user columns, one line of cell
    fingerprints per row in the copy's order, and each row's key (keyed sheets)."""

    columns: tuple[str, ...]
    cells: np.ndarray  # uint64, (rows, columns)
    keys: tuple[str, ...] | None = None

    @cached_property
    def position(self) -> dict[str, int]:
        """Row key -> line (rows that had no key are not there)."""
        return {key: line for line, key in enumerate(self.keys or ()) if key}

    def unkeyed(self, positions: Sequence[int]) -> Counter[bytes]:
        """The lines of the rows that had no key, over the columns at `positions`."""
        lines = [line for line, key in enumerate(self.keys or ()) if not key]
        return Counter(line_keys(self.cells[lines][:, list(positions)]))

    def line(self, position: int) -> dict[str, int]:
        """Column -> fingerprint, of one line."""
        return dict(zip(self.columns, (int(v) for v in self.cells[position])))


@dataclass
class Snapshot:
    """A copy's record: facts about its split and its sheets' fingerprints."""

    meta: dict[str, str] = field(default_factory=dict)
    sheets: dict[str, SheetPrint] = field(default_factory=dict)

    @property
    def portfolio(self) -> Portfolio:
        return Portfolio(Role(self.meta["role"]), self.meta["name"])

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The record as plain arrays: the facts and the layout as JSON, the
        fingerprints as numbers (read back without unpickling anything; the facts
        alone without reading the rest)."""
        layout = [{"name": sheet, "columns": list(found.columns), "keys": None if found.keys is None else list(found.keys)}
                  for sheet, found in self.sheets.items()]
        arrays = {"meta": np.array(json.dumps(self.meta, ensure_ascii=True)),
                  "layout": np.array(json.dumps(layout, ensure_ascii=True))}
        arrays.update({f"cells{number}": found.cells for number, found in enumerate(self.sheets.values())})
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> "Snapshot":
        snapshot = cls(meta_of(arrays))
        for number, sheet in enumerate(json.loads(str(arrays["layout"]))):
            keys = sheet["keys"]
            snapshot.sheets[sheet["name"]] = SheetPrint(tuple(sheet["columns"]),
                                                        np.asarray(arrays[f"cells{number}"], dtype=np.uint64),
                                                        None if keys is None else tuple(keys))
        return snapshot


def meta_of(arrays: Mapping[str, np.ndarray]) -> dict[str, str]:
    """The facts of a record (portfolio, master, date)."""
    return json.loads(str(arrays["meta"]))
