"""A table of a sheet, found by its headers, as jobs see it.

Both shells hand the core a grid of cell values (from a file or from the open
workbook); this module finds the header row and the columns the schema knows,
whatever their order, and keeps where each value came from so that messages can
name the cell ("J14") and writes can land in the right column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Sequence

import numpy as np
import pandas as pd

from sicxl.schema.base import Column, SheetSchema, normalize_header
from sicxl.values import is_blank

HEADER_SCAN_ROWS = 30


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


@dataclass
class Grid:
    """Cell values of a sheet's used area; `top`/`left` are 1-based."""

    values: Sequence[Sequence[Any]]
    top: int = 1
    left: int = 1

    def get(self, row: int, col: int) -> Any:
        r, c = row - self.top, col - self.left
        if 0 <= r < len(self.values):
            line = self.values[r]
            if 0 <= c < len(line):
                return line[c]
        return None

    @property
    def bottom(self) -> int:
        return self.top + len(self.values) - 1

    @cached_property
    def right(self) -> int:
        return self.left + max((len(r) for r in self.values), default=0) - 1


@dataclass(frozen=True)
class TableRef:
    """An Excel table (ListObject) as declared in the file: name and A1 range."""

    name: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int


@dataclass
class Table:
    schema: SheetSchema
    sheet: str
    header_row: int
    columns: dict[str, int]  # key -> worksheet column (1-based)
    frame: pd.DataFrame  # index: worksheet rows; columns: keys present; raw values
    last_col: int
    excel_table: str | None = None
    extra_headers: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[int]:
        return list(self.frame.index)

    def has(self, key: str) -> bool:
        return key in self.columns

    def cell(self, key: str, row: int) -> str:
        return cell_ref(row, self.columns[key])

    def column_of(self, key: str) -> int:
        """The column of `key`, allocated after the last used column when missing.

        Computed columns are created when missing, placed after the user columns,
        in the schema's order of first use.
        """
        if key not in self.columns:
            self.last_col += 1
            self.columns[key] = self.last_col
        return self.columns[key]

    def missing(self, columns: Sequence[Column]) -> list[Column]:
        return [c for c in columns if c.key not in self.columns]


def _header_index(schema: SheetSchema) -> dict[str, str]:
    index: dict[str, str] = {}
    for column in schema.columns:
        for name in column.names():
            index.setdefault(normalize_header(name), column.key)
    return index


def match_headers(schema: SheetSchema, headers: dict[int, Any]) -> tuple[dict[str, int], dict[int, str], list[str]]:
    """Map schema keys to columns by header text; return (found, extra, notes)."""
    index = _header_index(schema)
    found: dict[str, int] = {}
    extra: dict[int, str] = {}
    notes: list[str] = []
    for col, text in sorted(headers.items()):
        if is_blank(text):
            continue
        key = index.get(normalize_header(text))
        if key is None:
            extra[col] = str(text)
        elif key in found:
            notes.append(
                f"La colonne « {text} » ({column_letter(col)}) répète la colonne "
                f"{column_letter(found[key])} : seule la première est lue."
            )
        else:
            found[key] = col
    return found, extra, notes


def find_header_row(grid: Grid, schema: SheetSchema) -> int | None:
    """The row among the first ones whose cells match the most schema headers.

    Real files have titles, logos or notes above the table: the header row is
    the one that names at least two known columns, the best such row winning.
    """
    best_row, best_count = None, 1
    for row in range(grid.top, min(grid.bottom, grid.top + HEADER_SCAN_ROWS - 1) + 1):
        headers = {col: grid.get(row, col) for col in range(grid.left, grid.right + 1)}
        count = len(match_headers(schema, headers)[0])
        if count > best_count:
            best_row, best_count = row, count
    return best_row


def _block(grid: Grid, first: int, last: int, left: int, right: int) -> np.ndarray:
    """Rows first..last, columns left..right of the grid as a 2-D object array,
    empty cells as None (whitespace-only text stays text: `is_blank` handles it).

    One numpy conversion instead of a Python loop per cell: a few tenths of a
    second on the 100,000-row files of the file server, instead of seconds."""
    start, stop = max(first, grid.top), min(last, grid.bottom)
    width = right - left + 1
    lines = list(grid.values[start - grid.top: stop - grid.top + 1]) if stop >= start else []
    block = np.empty((len(lines), width), dtype=object)
    shift, span = left - grid.left, grid.right - grid.left + 1
    if lines and shift >= 0 and all(len(line) == span for line in lines):
        block[:, :] = np.array(lines, dtype=object).reshape(len(lines), span)[:, shift: shift + width]
    else:
        for i, line in enumerate(lines):
            block[i, :] = [line[c] if 0 <= c < len(line) else None for c in range(shift, shift + width)]
    block[block == ""] = None
    return block


def _data_frame(grid: Grid, schema: SheetSchema, columns: dict[str, int], first: int, last: int) -> pd.DataFrame:
    """The values of the known columns; rows empty in every user column are skipped."""
    left = min(columns.values(), default=grid.left)
    right = max(columns.values(), default=grid.left)
    block = _block(grid, first, last, left, right)
    user = [col - left for key, col in columns.items() if not schema.keys[key].computed]
    keep = np.flatnonzero((block[:, user] != None).any(axis=1))  # noqa: E711  (elementwise)
    rows = pd.Index(keep + max(first, grid.top), name="row")
    kept = block[keep]
    return pd.DataFrame({key: kept[:, col - left] for key, col in columns.items()}, index=rows,
                        columns=list(columns), dtype=object)


def read_table(grid: Grid, schema: SheetSchema, sheet: str, excel_table: TableRef | None = None) -> Table | None:
    """The schema's table in `grid`, or None when no header row is recognised."""
    if excel_table is not None:
        header_row, last_row = excel_table.first_row, excel_table.last_row
        first_col, last_col = excel_table.first_col, excel_table.last_col
    else:
        found_row = find_header_row(grid, schema)
        if found_row is None:
            return None
        header_row, last_row = found_row, grid.bottom
        first_col, last_col = grid.left, grid.right
    headers = {col: grid.get(header_row, col) for col in range(first_col, last_col + 1)}
    columns, extra, notes = match_headers(schema, headers)
    used = [c for c, v in headers.items() if not is_blank(v)]
    last_used = max(used, default=first_col - 1)
    if excel_table is not None:
        last_used = max(last_used, last_col)
    frame = _data_frame(grid, schema, columns, header_row + 1, last_row)
    return Table(
        schema=schema,
        sheet=sheet,
        header_row=header_row,
        columns=columns,
        frame=frame,
        last_col=last_used,
        excel_table=excel_table.name if excel_table else None,
        extra_headers=extra,
        notes=notes,
    )
