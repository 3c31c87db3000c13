"""A workbook seen through the writes of the jobs already run on it.

`regenerate` runs several jobs on one workbook and saves once (one atomic
replace: a kill leaves the old version or the new one, never a version with
half of the jobs). Each job must still see what the previous ones wrote (the
call log's temperatures before the score, for instance): this Source lays the
writes over the file's grids in memory, and counts which cells really change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from sicxl.jobs.base import Source
from sicxl.portfolio.snapshot import canonical
from sicxl.table import Grid, TableRef
from sicxl.writes import ColumnWrite, Formula, SheetWrite, Writes

FORMULAS = "(formules)"  # suffix of the sheet keys that count formula cells


def _plain(value: Any) -> Any:
    """What a reader would see in the cell: a formula's value is unknown until Excel
    computes it, so it reads as empty."""
    return None if isinstance(value, Formula) else value


class OverlaySource:
    """`base` plus the writes applied so far (see module docstring)."""

    def __init__(self, base: Source) -> None:
        self.base = base
        self._grids: dict[str, list[list[Any]]] = {}
        self._tables: dict[str, list[TableRef]] = {}
        self._added: list[str] = []

    @property
    def path(self) -> Path | None:
        return self.base.path

    @property
    def read_only(self) -> bool:
        return bool(getattr(self.base, "read_only", False))

    def sheet_names(self) -> list[str]:
        return [*self.base.sheet_names(), *self._added]

    def grid(self, sheet: str) -> Grid:
        return Grid(self._rows(sheet))

    def excel_tables(self, sheet: str) -> list[TableRef]:
        if sheet in self._tables:
            return self._tables[sheet]
        return self.base.excel_tables(sheet) if sheet in self.base.sheet_names() else []

    def _rows(self, sheet: str) -> list[list[Any]]:
        """The sheet's cells from A1, copied once from the base on first use."""
        if sheet not in self._grids:
            rows: list[list[Any]] = []
            if sheet in self.base.sheet_names():
                grid = self.base.grid(sheet)
                rows = [[] for _ in range(grid.top - 1)]
                rows += [[None] * (grid.left - 1) + list(line) for line in grid.values]
            self._grids[sheet] = rows
        return self._grids[sheet]

    def _set(self, sheet: str, row: int, col: int, value: Any) -> bool:
        """Put a value; True when the cell's content changes."""
        rows = self._rows(sheet)
        while len(rows) < row:
            rows.append([])
        line = rows[row - 1]
        if len(line) < col:
            line.extend([None] * (col - len(line)))
        changed = isinstance(value, Formula) or canonical(line[col - 1]) != canonical(value)
        line[col - 1] = _plain(value)
        return changed

    def _existing(self, sheet: str) -> str | None:
        folded = sheet.casefold()
        return next((s for s in self.sheet_names() if s.casefold() == folded), None)

    def apply(self, writes: Writes) -> Counter[str]:
        """Lay `writes` over the workbook; returns changed cells per sheet. Formula
        cells count apart (key "<sheet> (formules)", see FORMULAS): their value is not known here."""
        changed: Counter[str] = Counter()
        for column in writes.columns:
            self._apply_column(column, changed)
        for sheet in writes.sheets:
            self._apply_sheet(sheet, changed)
        return changed

    def _apply_column(self, write: ColumnWrite, changed: Counter[str]) -> None:
        sheet = self._existing(write.sheet) or write.sheet
        if write.header is not None and write.header_row:
            changed[sheet] += self._set(sheet, write.header_row, write.col, write.header)
        for row, value in zip(write.rows, write.values):
            counted = f"{sheet} {FORMULAS}" if isinstance(value, Formula) else sheet
            changed[counted] += self._set(sheet, int(row), write.col, value)
        if write.table:  # the table takes in the column and the rows written in it (writes.ColumnWrite)
            last_row = max((int(r) for r in write.rows), default=0)
            self._tables[sheet] = [replace(t, last_col=max(t.last_col, write.col),
                                           last_row=max(t.last_row, last_row) if not t.totals_rows else t.last_row)
                                   if t.name == write.table else t for t in self.excel_tables(sheet)]

    def _apply_sheet(self, write: SheetWrite, changed: Counter[str]) -> None:
        existing = self._existing(write.name)
        name = existing or write.name
        old = self._rows(name) if existing else []
        if existing is None:
            self._added.append(name)
            changed[name] += 1  # a new sheet is a change, even an empty one
        new = [[_plain(v) for v in line] for line in write.rows]
        height = max(len(old), len(new))
        for r in range(height):
            before = old[r] if r < len(old) else []
            after = write.rows[r] if r < len(write.rows) else []
            for c in range(max(len(before), len(after))):
                value = after[c] if c < len(after) else None
                if isinstance(value, Formula):
                    changed[f"{name} {FORMULAS}"] += 1
                elif canonical(before[c] if c < len(before) else None) != canonical(value):
                    changed[name] += 1
        self._grids[name] = new
        self._tables[name] = []
