"""`sicxl merge MASTER COPY...`: the salespeople's copies come back into the master.

The rules are in sicxl.portfolio.merge. This shell:
1. checks each copy against the record `split` kept of it on the server
   (registry.py): a copy whose token names no record (its hidden sheet rewritten,
   or made by an earlier version, which kept its fingerprints in the copy) is
   refused with a French sentence, and the rest of the merge goes on; what a copy
   may change is decided by the record's portfolio, never by the copy;
2. reads the master's split sheets, in the order of SPLIT_SHEETS (prospects first,
   so that calls and deals on a new prospect follow its ID), and finds for each
   whether rows can be appended under its table: not when the table ends with a
   total row, nor when cells lie under it (jobs.base.rows_below: they would be
   taken into the table);
3. merges the copies one after the other (two copies changing the same cell make
   a conflict, not a silent overwrite);
4. writes the master once, atomically, under its workbook lock: the changed user
   cells, the new rows under their tables (the tables widened to take them in),
   and the `Conflits` sheet: this merge's points to examine, dated and naming
   their copy, appended under those of earlier merges.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sicxl.jobs.base import NoRoomBelow, find_sheet, row_writes, rows_below
from sicxl.messages import portfolio as msg
from sicxl.portfolio.merge import merge_keyed, merge_log
from sicxl.portfolio.merge_state import (
    CellChange,
    Conflict,
    CopyMerge,
    MergeOutcome,
    NewRow,
    Reason,
    SheetState,
    describe_line,
    sheet_state,
)
from sicxl.portfolio.ownership import ProspectIndex, attributions
from sicxl.portfolio.roles import Portfolio
from sicxl.portfolio.snapshot import Snapshot
from sicxl.schema.portfolio import CONFLICTS, SNAPSHOT, SPLIT_SHEETS
from sicxl.server.registry import copy_items, copy_token, load_record
from sicxl.workbook.locks import workbook_lock
from sicxl.server.sheets import Located, locate
from sicxl.settings import Settings, load_settings
from sicxl.table import find_header_row, match_headers
from sicxl.values import format_value, is_blank, text_of
from sicxl.workbook import WorkbookError, WorkbookFile, open_workbook
from sicxl.workbook.apply import apply_writes
from sicxl.workbook.package import parse_xml
from sicxl.workbook.tables import has_totals_row
from sicxl.writes import ColumnWrite, SheetWrite, Style, Writes

RULES = {rule.schema.name: rule for rule in SPLIT_SHEETS}
SCHEMAS = [rule.schema for rule in SPLIT_SHEETS]
HEADER_STYLE = Style(bold=True, fill="1F4E78", font_color="FFFFFF")
DATE_STYLE = Style(number_format=CONFLICTS.column("date").number_format)


@dataclass
class CopyOutcome:
    path: Path
    merged: bool
    reason: str | None = None  # French, when the copy was not merged
    portfolio: Portfolio | None = None
    outcome: MergeOutcome = field(default_factory=MergeOutcome)

    @property
    def cells(self) -> int:
        return len(self.outcome.changes)

    @property
    def rows(self) -> int:
        return self.outcome.counts["rows_merged"]

    @property
    def conflicts(self) -> list[Conflict]:
        return self.outcome.conflicts


@dataclass
class MergeReport:
    master: Path
    at: dt.datetime
    sheets: dict[str, str] = field(default_factory=dict)  # schema name -> the master's sheet name
    copies: list[CopyOutcome] = field(default_factory=list)
    written: Path | None = None

    @property
    def conflicts(self) -> list[tuple[Path, Conflict]]:
        return [(c.path, conflict) for c in self.copies for conflict in c.conflicts]

    @property
    def refused(self) -> list[CopyOutcome]:
        return [c for c in self.copies if not c.merged]

    def sheet(self, name: str) -> str:
        return self.sheets.get(name, name)

    def lines(self) -> list[str]:
        out = []
        for copy in self.copies:
            if not copy.merged:
                out.append(copy.reason or "")
                continue
            out.append(msg.copy_merged(copy.path, copy.cells, copy.rows, len(copy.outcome.added), len(copy.conflicts)))
            out += [msg.row_added(self.sheet(row.sheet), _row_label(row), row.numbered, row.copy_key, row.owner_filled)
                    for row in copy.outcome.added]
        out.append(msg.conflicts_listed(len(self.conflicts) + len(self.refused), CONFLICTS.name))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "master": str(self.master),
            "at": self.at.isoformat(timespec="seconds"),
            "written": str(self.written) if self.written else None,
            "copies": [{"path": str(c.path), "merged": c.merged, "reason": c.reason,
                        "role": c.portfolio.role.value if c.portfolio else None,
                        "portfolio": c.portfolio.name if c.portfolio else None,
                        "cells": c.cells, "rows": c.rows, "added": len(c.outcome.added)} for c in self.copies],
            "added": [{"copy": str(c.path), "sheet": self.sheet(row.sheet), "key": row.key or None,
                       "copy_key": row.copy_key or None, "numbered": row.numbered,
                       "owner_filled": row.owner_filled, "label": _row_label(row)}
                      for c in self.copies for row in c.outcome.added],
            "conflicts": [{"copy": str(path), "sheet": self.sheet(c.sheet), "key": c.key, "column": c.column,
                           "master": _shown(c.master), "copy_value": _shown(c.copy), "reason": c.reason.value,
                           "message": msg.REASONS[c.reason.value]} for path, c in self.conflicts],
        }


def _cell(value: Any) -> Any:
    return None if is_blank(value) else value


def _shown(value: Any) -> str | None:
    return None if is_blank(value) else format_value(value)


def _row_label(row: NewRow) -> str:
    """A new row in words: its ID and name, or a log line's anchor."""
    if row.key:
        name = row.values.get("name")
        return f"{text_of(row.key).strip()} « {format_value(name)} »" if not is_blank(name) else text_of(row.key).strip()
    return describe_line(row.values, RULES[row.sheet])


# -- the master ----------------------------------------------------------------------------


def _located(source: WorkbookFile) -> dict[str, Located]:
    """The split sheets of a workbook by schema name, in SPLIT_SHEETS' order."""
    found = {loc.schema.name: loc for loc in locate(source, SCHEMAS).values() if loc.sheet != SNAPSHOT.name}
    return {rule.schema.name: found[rule.schema.name] for rule in SPLIT_SHEETS if rule.schema.name in found}


def has_room(source: WorkbookFile, loc: Located) -> bool:
    """Whether rows can be appended under a table, as many as there may be: no total
    row closing it, no cell under it in its columns (jobs.base.rows_below)."""
    ref = next((r for r in source.excel_tables(loc.sheet) if r.name == loc.table.excel_table), None)
    if ref is not None and source.package is not None:
        part = source.package.sheet(loc.sheet).table_parts.get(ref.name)
        if part is not None and has_totals_row(parse_xml(source.package.read(part))):
            return False
    try:
        rows_below(source, loc.table, max(1, source.grid(loc.sheet).bottom - loc.table.header_row))
    except NoRoomBelow:
        return False
    return True


def master_states(source: WorkbookFile, located: dict[str, Located]) -> tuple[dict[str, SheetState], ProspectIndex]:
    """The master's split sheets as the merge keeps them up to date, and its prospects."""
    prospects = next((loc.table.frame for loc in located.values() if RULES[loc.schema.name].is_prospects), None)
    index = ProspectIndex.from_frame(prospects)
    states = {}
    for name, loc in located.items():
        rule = RULES[name]
        columns = [c.key for c in loc.schema.user_columns if c.key in loc.table.columns]
        found = attributions(loc.table.frame, rule, index)
        states[name] = sheet_state(loc.table.frame, rule, columns, index, list(found), has_room(source, loc))
    return states, index


# -- a copy ------------------------------------------------------------------------------


def copy_record(source: WorkbookFile, path: Path, master: Path, settings: Settings) -> Snapshot | str:
    """The server's record of a copy, or the French reason it is refused."""
    items = copy_items(source)
    if items is None:
        return msg.not_a_copy(path)
    token = copy_token(items)
    if token is None:
        return msg.old_copy(path) if "meta" in items else msg.unknown_copy(path)
    record = load_record(settings, token)
    if record is None:
        return msg.unknown_copy(path)
    if record.meta.get("master", "").casefold() != master.name.casefold():
        return msg.other_master(path, record.meta.get("master", ""))
    return record


def merge_copy(path: Path, master: Path, states: dict[str, SheetState], index: ProspectIndex,
               settings: Settings) -> CopyOutcome:
    """Merge one copy into the master's states (which it updates)."""
    try:
        with open_workbook(path) as source:
            record = copy_record(source, path, master, settings)
            if isinstance(record, str):
                return CopyOutcome(path, False, record)
            merging = CopyMerge(record.portfolio, index)
            total = MergeOutcome()
            located = _located(source)
            for name in [rule.schema.name for rule in SPLIT_SHEETS if rule.schema.name in record.sheets]:
                printed = record.sheets[name]
                if name not in states or name not in located:
                    total.conflicts.append(Conflict(name, "", "", None, None, Reason.SHEET_MISSING))
                    continue
                merged = merge_keyed if RULES[name].key is not None else merge_log
                total.extend(merged(states[name], located[name].table.frame, printed, merging))
    except WorkbookError as error:
        return CopyOutcome(path, False, str(error))
    return CopyOutcome(path, True, None, record.portfolio, total)


# -- writing the master ---------------------------------------------------------------------


def _changed_cells(changes: list[CellChange], located: dict[str, Located],
                   states: dict[str, SheetState]) -> list[ColumnWrite]:
    """The changed cells as column writes on the master's worksheet rows."""
    by_column: dict[tuple[str, str], dict[int, Any]] = {}
    for change in changes:
        by_column.setdefault((change.sheet, change.column), {})[states[change.sheet].rows[change.key]] = change.value
    writes = []
    for (name, column), cells in by_column.items():
        loc = located[name]
        rows = sorted(cells)
        writes.append(ColumnWrite(loc.sheet, loc.table.columns[column], rows, [cells[r] for r in rows]))
    return writes


def _new_rows(source: WorkbookFile, located: dict[str, Located], states: dict[str, SheetState]) -> list[ColumnWrite]:
    """The rows the copies added, under each table, which lengthens to take them in."""
    writes = []
    for name, state in states.items():
        if state.added:
            table = located[name].table
            writes += row_writes(table, rows_below(source, table, len(state.added)), [row.values for row in state.added])
    return writes


def earlier_conflicts(source: WorkbookFile) -> tuple[list[str], list[list[Any]]]:
    """The lines earlier merges left in `Conflits`, in its columns' order, then the
    columns a person added there (a « Traité » column...), whose headers are
    returned first. A sheet of an earlier layout (without the date) is read by its
    headers."""
    sheet = find_sheet(source, CONFLICTS)
    if sheet is None:
        return [], []
    grid = source.grid(sheet)
    header = find_header_row(grid, CONFLICTS)
    if header is None:
        return [], []
    match = match_headers(CONFLICTS, {col: grid.get(header, col) for col in range(grid.left, grid.right + 1)})
    columns, extra = match.found, match.extra
    order = [columns.get(c.key) for c in CONFLICTS.columns] + sorted(extra)
    lines = [[_cell(grid.get(row, col)) if col else None for col in order] for row in range(header + 1, grid.bottom + 1)]
    return [extra[col] for col in sorted(extra)], [line for line in lines if any(not is_blank(v) for v in line)]


def conflicts_sheet(report: MergeReport, located: dict[str, Located], earlier: tuple[list[str], list[list[Any]]]
                    ) -> SheetWrite:
    """The `Conflits` sheet: the earlier lines (with the columns people added), then
    one line per point this merge leaves to examine, or per copy when it leaves
    none (so that each merge is dated there)."""
    added_headers, earlier_lines = earlier
    rows: list[list[Any]] = [[c.header for c in CONFLICTS.columns] + added_headers, *earlier_lines]
    for copy in report.copies:
        if not copy.merged or not copy.conflicts:
            rows.append([report.at, copy.path.name, None, None, None, None, None, copy.reason or msg.NO_CONFLICT])
        for conflict in copy.conflicts:
            loc = located.get(conflict.sheet)
            column = loc.schema.column(conflict.column).header if loc and conflict.column else None
            rows.append([report.at, copy.path.name, report.sheet(conflict.sheet), conflict.key or None, column,
                         _shown(conflict.master), _shown(conflict.copy), msg.REASONS[conflict.reason.value]])
    styles = {(1, col): HEADER_STYLE for col in range(1, len(rows[0]) + 1)}
    styles.update({(row, 1): DATE_STYLE for row in range(2, len(rows) + 1)})
    widths = {i: c.width for i, c in enumerate(CONFLICTS.columns, start=1)}
    return SheetWrite(CONFLICTS.name, rows, styles=styles, widths=widths, freeze="A2")


def merge(master: Path, copies: list[Path], lock_timeout: float = 60.0, now: dt.datetime | None = None,
          settings: Settings | None = None) -> MergeReport:
    """Merge `copies` into `master` and write it (rules: sicxl.portfolio.merge)."""
    settings = settings or load_settings()
    report = MergeReport(master, (now or dt.datetime.now()).replace(microsecond=0))
    with workbook_lock(master, lock_timeout), open_workbook(master) as source:
        if source.read_only:
            raise WorkbookError(msg.cannot_merge_xlsb(master))
        located = _located(source)
        report.sheets = {name: loc.sheet for name, loc in located.items()}
        states, index = master_states(source, located)
        for path in copies:
            report.copies.append(merge_copy(Path(path), master, states, index, settings))
        changes = [change for copy in report.copies for change in copy.outcome.changes]
        writes = Writes(columns=_changed_cells(changes, located, states) + _new_rows(source, located, states),
                        sheets=[conflicts_sheet(report, located, earlier_conflicts(source))])
        report.written = apply_writes(source, writes)
    return report
