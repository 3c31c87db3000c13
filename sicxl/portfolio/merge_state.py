"""What the merge of portfolio copies works on (issues 8, 13, 17): the master's
sheets as merging goes on, what a copy changes, adds and leaves to examine.
The rules are in merge.py (changed rows) and new_rows.py (added rows)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping, Sequence

import pandas as pd

from sicxl.portfolio.ownership import Attribution, ProspectIndex, row_key
from sicxl.portfolio.roles import Portfolio
from sicxl.prospects.place import records
from sicxl.prospects.new_ids import IdPattern, id_pattern
from sicxl.schema.portfolio import SplitSheet
from sicxl.values import format_value, is_blank


class Reason(Enum):
    BOTH_CHANGED = "both_changed"  # the master changed the same cell since the split
    NOT_OWNED = "not_owned"  # the row does not belong to the copy's portfolio in the master
    LEAVES_PORTFOLIO = "leaves_portfolio"  # the change would take the row out of the copy's portfolio
    DELETED_IN_MASTER = "deleted_in_master"
    LINE_CHANGED_IN_MASTER = "line_changed_in_master"  # a log line changed in the copy no longer in the master
    LINE_CHANGED = "line_changed"  # a line changed in a copy, on a sheet the management keeps
    DELETED_IN_COPY = "deleted_in_copy"
    NEW_ROW = "new_row"  # a row added to a sheet the merge does not add to
    NEW_NOT_OWNED = "new_not_owned"  # a row added for another portfolio
    ALREADY_IN_MASTER = "already_in_master"  # a new prospect the master already holds
    ID_TAKEN = "id_taken"  # a new row whose reference (not sicxl's numbering) the master already has
    NO_KEY = "no_key"  # a new row without its reference
    NO_ROOM = "no_room"  # the master's table cannot grow (see the merge shell)
    NO_SNAPSHOT = "no_snapshot"  # a column absent at split time that differs
    DUPLICATE_ID = "duplicate_id"  # an ID present twice in the copy or the master
    COLUMN_MISSING = "column_missing"  # a new row's column the master does not have
    SHEET_MISSING = "sheet_missing"  # a split sheet the copy or the master no longer has


@dataclass(frozen=True)
class CellChange:
    """A user cell of the master to overwrite with the copy's value."""

    sheet: str
    key: str  # a SheetState key
    column: str
    value: Any


@dataclass(frozen=True)
class Conflict:
    """Something the merge did not carry over, and why (one line of `Conflits`)."""

    sheet: str
    key: str
    column: str
    master: Any
    copy: Any
    reason: Reason


@dataclass(frozen=True)
class NewRow:
    """A row of a copy appended to the master."""

    sheet: str
    values: dict[str, Any]  # the master's user columns
    key: str = ""  # its ID in the master ("" for a log line)
    numbered: bool = False  # the master gave it its ID: the copy's was missing or taken
    copy_key: str = ""  # the ID it had in the copy, when the master gave it another
    owner_filled: bool = False  # `Commercial` was empty: the copy's salesperson


@dataclass
class MergeOutcome:
    changes: list[CellChange] = field(default_factory=list)
    added: list[NewRow] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def extend(self, other: "MergeOutcome") -> None:
        self.changes += other.changes
        self.added += other.added
        self.conflicts += other.conflicts
        self.counts.update(other.counts)


@dataclass
class SheetState:
    """A master sheet as merging goes on: its user cells by row key (a log's lines
    by "#<row>"), each row's worksheet row and attribution. Changes and rows of a
    first copy are seen by the next one."""

    rule: SplitSheet
    columns: list[str]
    cells: dict[str, dict[str, Any]]
    rows: dict[str, int]
    owners: dict[str, Attribution]
    duplicates: set[str] = field(default_factory=set)
    frame: pd.DataFrame | None = None  # the master's rows as read (duplicate search)
    room: bool = True  # whether rows can be appended under the master's table
    added: list[NewRow] = field(default_factory=list)
    _ids: IdPattern | None = None
    _next: int = 0

    def next_id(self) -> str:
        """The next ID of the master's own pattern no row of the sheet has (the rows
        added by this merge included)."""
        assert self.rule.key is not None and self.rule.numbering is not None
        if self._ids is None:
            self._ids = id_pattern((v.get(self.rule.key) for v in self.cells.values()), IdPattern(*self.rule.numbering))
            self._next = self._ids.start
        while True:
            candidate = self._ids.format(self._next)
            self._next += 1
            if row_key(candidate) not in self.cells:
                return candidate


def keyed_cells(frame: pd.DataFrame, key: str, columns: list[str]) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """User cells by row key; keys found more than once are returned apart (not merged)."""
    cells: dict[str, dict[str, Any]] = {}
    seen: Counter[str] = Counter()
    for _, record in records(frame, [key, *columns]):
        k = row_key(record.get(key))
        if not k:
            continue
        seen[k] += 1
        cells[k] = {c: record.get(c) for c in columns}
    duplicates = {k for k, n in seen.items() if n > 1}
    return {k: v for k, v in cells.items() if k not in duplicates}, duplicates


def sheet_state(frame: pd.DataFrame, rule: SplitSheet, columns: list[str], index: ProspectIndex,
                found: Sequence[Attribution], room: bool = True) -> SheetState:
    """A master sheet's state; `found` holds each row's attribution, in frame order."""
    if rule.key is None:
        keys = [f"#{row}" for row in frame.index]
        cells = {k: {c: r.get(c) for c in columns} for k, (_, r) in zip(keys, records(frame, columns))}
        return SheetState(rule, columns, cells, {k: int(r) for k, r in zip(keys, frame.index)},
                          dict(zip(keys, found)), frame=frame, room=room)
    cells, duplicates = keyed_cells(frame, rule.key, columns)
    keys = [row_key(v) for v in frame.get(rule.key, pd.Series(index=frame.index, dtype=object))]
    return SheetState(rule, columns, cells, {k: int(r) for k, r in zip(keys, frame.index) if k},
                      {k: a for k, a in zip(keys, found) if k}, duplicates, frame, room)


@dataclass
class CopyMerge:
    """What one copy's merge carries from sheet to sheet: its portfolio, the master's
    prospects (for attributions), and the copy's prospect IDs the master changed."""

    portfolio: Portfolio
    index: ProspectIndex
    renamed: dict[str, str] = field(default_factory=dict)  # copy's prospect key -> master's


def describe_line(values: Mapping[str, Any], rule: SplitSheet) -> str:
    """A log line in words: its anchor's values ("03/11/2026 P0012")."""
    return " ".join(format_value(values[c]) for c in rule.anchor if not is_blank(values.get(c)))
