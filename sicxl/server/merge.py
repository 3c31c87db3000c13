"""`sicxl merge MASTER COPY...`: the salespeople's copies come back into the master.

The rules are in sicxl.portfolio.merge. This shell reads the master and each
copy, checks that the copy was split from this master (its hidden sheet says
so), merges the copies one after the other (so that two copies changing the
same cell make a conflict, not a silent overwrite), and writes the master once,
atomically, under its workbook lock: the changed user cells, and a `Conflits`
sheet listing everything that was not carried over, and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sicxl.jobs.base import find_sheet
from sicxl.messages import portfolio as msg
from sicxl.portfolio.merge import (
    CellChange,
    Conflict,
    MergeOutcome,
    SheetState,
    keyed_cells,
    merge_keyed,
    merge_log,
)
from sicxl.portfolio.ownership import ProspectIndex, attributions, row_key
from sicxl.portfolio.roles import Portfolio, Role
from sicxl.portfolio.snapshot import Snapshot
from sicxl.schema.portfolio import CONFLICTS, SNAPSHOT, SPLIT_SHEETS
from sicxl.schema.prospects import PROSPECTS
from sicxl.workbook.locks import workbook_lock
from sicxl.server.sheets import Located, locate
from sicxl.values import format_value, is_blank
from sicxl.workbook import WorkbookError, WorkbookFile, open_workbook
from sicxl.workbook.apply import apply_writes
from sicxl.writes import ColumnWrite, SheetWrite, Style, Writes

RULES = {rule.schema.name: rule for rule in SPLIT_SHEETS}
HEADER_STYLE = Style(bold=True, fill="1F4E78", font_color="FFFFFF")


@dataclass
class CopyOutcome:
    path: Path
    merged: bool
    reason: str | None = None  # French, when the copy was not merged
    cells: int = 0
    rows: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class MergeReport:
    master: Path
    copies: list[CopyOutcome] = field(default_factory=list)
    written: Path | None = None

    @property
    def conflicts(self) -> list[tuple[Path, Conflict]]:
        return [(c.path, conflict) for c in self.copies for conflict in c.conflicts]

    def lines(self) -> list[str]:
        out = []
        for copy in self.copies:
            out.append(copy.reason if not copy.merged else
                       msg.copy_merged(copy.path, copy.cells, copy.rows, len(copy.conflicts)))
        out.append(msg.conflicts_listed(len(self.conflicts), CONFLICTS.name))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "master": str(self.master),
            "written": str(self.written) if self.written else None,
            "copies": [{"path": str(c.path), "merged": c.merged, "reason": c.reason, "cells": c.cells,
                        "rows": c.rows} for c in self.copies],
            "conflicts": [{"copy": str(path), "sheet": c.sheet, "key": c.key, "column": c.column,
                           "master": _shown(c.master), "copy_value": _shown(c.copy), "reason": c.reason.value,
                           "message": msg.REASONS[c.reason.value]} for path, c in self.conflicts],
        }


def _shown(value: Any) -> str | None:
    return None if is_blank(value) else format_value(value)


def _states(located: dict[str, Located]) -> dict[str, tuple[Located, SheetState | None]]:
    """The master's split sheets by schema name, with their state (keyed sheets)."""
    prospects = next((loc.table.frame for loc in located.values() if loc.schema is PROSPECTS), None)
    index = ProspectIndex.from_frame(prospects)
    states: dict[str, tuple[Located, SheetState | None]] = {}
    for loc in located.values():
        rule = RULES[loc.schema.name]
        if rule.key is None:
            states[loc.schema.name] = (loc, None)
            continue
        columns = [c.key for c in loc.schema.user_columns if c.key in loc.table.columns]
        cells, duplicates = keyed_cells(loc.table.frame, rule.key, columns)
        found = attributions(loc.table.frame, rule, index)
        owners = {row_key(k): a for k, a in zip(loc.table.frame.get(rule.key, []), found)}
        states[loc.schema.name] = (loc, SheetState(rule, columns, cells, owners, duplicates))
    return states


def read_snapshot(source: WorkbookFile) -> Snapshot | None:
    sheet = find_sheet(source, SNAPSHOT)
    if sheet is None:
        return None
    return Snapshot.from_rows(source.grid(sheet).values)


def merge_copy(path: Path, master: Path, states: dict[str, tuple[Located, SheetState | None]]) -> tuple[CopyOutcome, list[CellChange]]:
    """Merge one copy into the master's states; returns its outcome and the cells to write."""
    with open_workbook(path) as source:
        snapshot = read_snapshot(source)
        if snapshot is None or snapshot.meta.get("role") not in {role.value for role in Role}:
            return CopyOutcome(path, False, msg.not_a_copy(path)), []
        if snapshot.meta.get("master", "").casefold() != master.name.casefold():
            return CopyOutcome(path, False, msg.other_master(path, snapshot.meta.get("master", ""))), []
        portfolio = Portfolio(Role(snapshot.meta["role"]), snapshot.meta.get("name", ""))
        total = MergeOutcome()
        for loc in locate(source, [rule.schema for rule in SPLIT_SHEETS]).values():
            if loc.schema.name not in states:
                continue
            state = states[loc.schema.name][1]
            if state is None:
                columns = [c.key for c in loc.schema.user_columns if c.key in loc.table.columns]
                part = merge_log(loc.schema.name, loc.table.frame, columns, snapshot)
            else:
                part = merge_keyed(state, loc.table.frame, snapshot, portfolio)
            total.changes += part.changes
            total.conflicts += part.conflicts
            total.counts.update(part.counts)
    outcome = CopyOutcome(path, True, cells=len(total.changes), rows=total.counts["rows_merged"],
                          conflicts=total.conflicts)
    return outcome, total.changes


def _column_writes(changes: list[CellChange], states: dict[str, tuple[Located, SheetState | None]]) -> list[ColumnWrite]:
    """The changed cells as column writes on the master's worksheet rows."""
    by_column: dict[tuple[str, str], dict[int, Any]] = {}
    for change in changes:
        loc, state = states[change.sheet]
        assert state is not None and state.rule.key is not None
        rows = {row_key(v): r for r, v in loc.table.frame[state.rule.key].items()}
        by_column.setdefault((change.sheet, change.column), {})[rows[change.key]] = change.value
    writes = []
    for (sheet, column), cells in by_column.items():
        loc, _ = states[sheet]
        rows = sorted(cells)
        writes.append(ColumnWrite(loc.sheet, loc.table.columns[column], rows, [cells[r] for r in rows]))
    return writes


def conflicts_sheet(report: MergeReport, states: dict[str, tuple[Located, SheetState | None]]) -> SheetWrite:
    """The `Conflits` sheet: one line per point to examine (replaced at each merge)."""
    rows: list[list[Any]] = [[c.header for c in CONFLICTS.columns]]
    for path, conflict in report.conflicts:
        loc = states[conflict.sheet][0]
        column = loc.schema.column(conflict.column).header if conflict.column else ""
        rows.append([path.name, loc.sheet, conflict.key, column, _shown(conflict.master), _shown(conflict.copy),
                     msg.REASONS[conflict.reason.value]])
    if len(rows) == 1:
        rows.append([msg.NO_CONFLICT])
    styles = {(1, col): HEADER_STYLE for col in range(1, len(CONFLICTS.columns) + 1)}
    widths = {i: c.width for i, c in enumerate(CONFLICTS.columns, start=1)}
    return SheetWrite(CONFLICTS.name, rows, styles=styles, widths=widths, freeze="A2")


def merge(master: Path, copies: list[Path], lock_timeout: float = 60.0) -> MergeReport:
    """Merge `copies` into `master` and write it (rules: sicxl.portfolio.merge)."""
    report = MergeReport(master)
    with workbook_lock(master, lock_timeout), open_workbook(master) as source:
        if source.read_only:
            raise WorkbookError(msg.cannot_split_xlsb(master))
        states = _states(locate(source, [rule.schema for rule in SPLIT_SHEETS]))
        changes: list[CellChange] = []
        for path in copies:
            outcome, cells = merge_copy(Path(path), master, states)
            report.copies.append(outcome)
            changes += cells
        writes = Writes(columns=_column_writes(changes, states), sheets=[conflicts_sheet(report, states)])
        report.written = apply_writes(source, writes)
    return report

