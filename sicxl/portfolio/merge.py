"""Bringing a portfolio copy back into the master (issues 8, 13 and 17).

Changed cells. For each user cell of a row the copy shares with the master,
three values are compared through their fingerprints (snapshot.py): S at split
time (the server's record of the copy), C in the copy now, M in the master now.

| C = S | M = S | C = M | outcome |
|---|---|---|---|
| yes | - | - | the salesperson left it: the master keeps M |
| no | yes | - | only the salesperson changed it: C is written into the master |
| no | no | yes | both made the same change: nothing to do |
| no | no | no | both changed it differently: conflict, listed, the master keeps M |

This is the three-way merge of version control applied cell by cell, which is
what lets a change never be lost silently on either side. Computed columns are
never compared: they are recomputed. A line of a log (calls, visit reports) has
no ID: an unchanged line is found by its fingerprint; a changed one is paired
with the split-time line that has the same anchor (a call's date and prospect)
and merged the same way, cell by cell, into the master line that still holds
the split-time values (on the salespeople's sheets only: a line of objectives
changed in a copy is listed, a salesperson does not set his own objectives).

Whose rows (issue 13). A copy changes only rows its portfolio owns in the master
now, and only so that they stay in it: a salesperson cannot hand himself a
colleague's prospect, nor pass his own to someone else, by editing `Commercial`
(or a deal's `ID prospect`, or, for a market manager, a prospect's `Type`):
such a change is listed, not made. A reassignment is the master's business.

New rows (issue 17). Rows a copy adds to prospects, calls, visit reports, deals
and tenders are appended to the master when they belong to the copy's
portfolio (a salesperson's new prospect without `Commercial` is his, and says
so), each listed in the report:
- a new prospect the master already holds (the duplicate search of
  sicxl.prospects.dedupe, against the master's rows and those added before it)
  is not added twice: it is listed, and the copy's calls and deals on it go to
  the master's row;
- a prospect or deal whose ID is missing, or already another row's in the
  master, gets the next ID of the master's own pattern (sicxl.numbering), and
  the copy's rows that name it follow; a tender's or contract's reference is
  someone else's, never invented: a missing or taken one is listed;
- rows added to objectives, actuals and contracts, which the management keeps,
  are listed for a person to copy.
Rows deleted in a copy are listed, never deleted in the master.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from sicxl.numbering import IdSequence
from sicxl.portfolio.ownership import NOBODY, Attribution, ProspectIndex, attribution, belongs, row_key
from sicxl.portfolio.roles import Portfolio, Role
from sicxl.portfolio.snapshot import SheetPrint, fingerprint, line_keys, print_matrix
from sicxl.prospects.dedupe import DuplicateMatch, describe, find_duplicates
from sicxl.schema.portfolio import SplitSheet
from sicxl.values import format_value, is_blank, text_of


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
    _ids: IdSequence | None = None

    def next_id(self) -> str:
        assert self.rule.key is not None and self.rule.first_id is not None
        if self._ids is None:
            self._ids = IdSequence((v.get(self.rule.key) for v in self.cells.values()), self.rule.first_id)
        return self._ids.next(lambda candidate: row_key(candidate) in self.cells)


def keyed_cells(frame: pd.DataFrame, key: str, columns: list[str]) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """User cells by row key; keys found more than once are returned apart (not merged)."""
    cells: dict[str, dict[str, Any]] = {}
    seen: Counter[str] = Counter()
    for record in frame.to_dict("records"):
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
        records = frame.to_dict("records")
        cells = {k: {c: r.get(c) for c in columns} for k, r in zip(keys, records)}
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


# -- changed rows ------------------------------------------------------------------------------


def _keep_in_portfolio(state: SheetState, master: dict[str, Any], changed: dict[str, Any], key: str,
                       merging: CopyMerge, outcome: MergeOutcome) -> dict[str, Any]:
    """The changes, minus those of owning columns when together they would take the
    row out of the copy's portfolio (module docstring, "Whose rows")."""
    after = attribution({**master, **changed}, state.rule, merging.index)
    if belongs(after, merging.portfolio):
        return changed
    sheet = state.rule.schema.name
    for column in [c for c in state.rule.owning_columns if c in changed]:
        outcome.conflicts.append(Conflict(sheet, _shown_key(state, key), column, master.get(column),
                                          changed.pop(column), Reason.LEAVES_PORTFOLIO))
    return changed


def _shown_key(state: SheetState, key: str) -> str:
    """How a row is named in `Conflits`: its ID, or for a log line its anchor."""
    if not key.startswith("#"):
        return key
    return describe_line(state.cells.get(key, {}), state.rule)


def describe_line(values: Mapping[str, Any], rule: SplitSheet) -> str:
    """A log line in words: its anchor's values ("03/11/2026 P0012")."""
    return " ".join(format_value(values[c]) for c in rule.anchor if not is_blank(values.get(c)))


def _merge_row(state: SheetState, key: str, values: Mapping[str, Any], split: Mapping[str, int],
               merging: CopyMerge, outcome: MergeOutcome) -> None:
    sheet = state.rule.schema.name
    master = state.cells.get(key)
    if master is None:
        outcome.conflicts.append(Conflict(sheet, key, "", None, None, Reason.DELETED_IN_MASTER))
        return
    changed = {c: v for c, v in values.items() if fingerprint(v) != split.get(c, fingerprint(master.get(c)))}
    if not changed:
        outcome.counts["rows_unchanged"] += 1
        return
    if not belongs(state.owners.get(key, NOBODY), merging.portfolio):
        outcome.conflicts.append(Conflict(sheet, _shown_key(state, key), "", None, None, Reason.NOT_OWNED))
        return
    for column, value in _keep_in_portfolio(state, master, changed, key, merging, outcome).items():
        split_value = split.get(column)
        current = fingerprint(master.get(column))
        if current == fingerprint(value):
            outcome.counts["cells_same_change"] += 1
        elif split_value is None:
            outcome.conflicts.append(Conflict(sheet, _shown_key(state, key), column, master.get(column), value,
                                              Reason.NO_SNAPSHOT))
        elif current == split_value:
            outcome.changes.append(CellChange(sheet, key, column, value))
            master[column] = value
        else:
            outcome.conflicts.append(Conflict(sheet, _shown_key(state, key), column, master.get(column), value,
                                              Reason.BOTH_CHANGED))
    state.owners[key] = attribution(master, state.rule, merging.index)
    if state.rule.is_prospects:
        merging.index.add(master, replace=True)
    outcome.counts["rows_merged"] += 1


def _compared(copy: pd.DataFrame, printed: SheetPrint) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The split-time columns the copy still has, the copy's fingerprints over them
    and the record's (a column deleted from a copy is not a column emptied)."""
    present = [c for c in printed.columns if c in copy.columns]
    positions = [printed.columns.index(c) for c in present]
    matrix = print_matrix({c: copy[c].tolist() for c in present}, present, len(copy))
    return present, matrix, printed.cells[:, positions]


def merge_keyed(state: SheetState, copy: pd.DataFrame, printed: SheetPrint, merging: CopyMerge) -> MergeOutcome:
    """Merge one keyed sheet of a copy into the master state (rules in the module docstring)."""
    rule, outcome = state.rule, MergeOutcome()
    sheet = rule.schema.name
    assert rule.key is not None
    copy = copy.reset_index(drop=True)
    records = copy.to_dict("records")
    keys = [row_key(r.get(rule.key)) for r in records]
    seen = Counter(k for k in keys if k)
    duplicates = {k for k, n in seen.items() if n > 1}
    for key in sorted(duplicates | (state.duplicates & set(seen))):
        outcome.conflicts.append(Conflict(sheet, key, "", None, None, Reason.DUPLICATE_ID))
    present, matrix, split = _compared(copy, printed)
    compared = [c for c in state.columns if c in copy.columns]
    unsnapshotted = any(c not in printed.columns for c in compared)
    unkeyed = printed.unkeyed([printed.columns.index(c) for c in present])
    new: list[dict[str, Any]] = []
    for i, key in enumerate(keys):
        if key in duplicates or key in state.duplicates:
            continue
        line = printed.position.get(key) if key else None
        if line is None and not key and unkeyed[matrix[i].tobytes()] > 0:
            unkeyed[matrix[i].tobytes()] -= 1  # a row without ID, as the split gave it
            outcome.counts["rows_unchanged"] += 1
        elif line is None:
            new.append(records[i])
        elif unsnapshotted or (matrix[i] != split[line]).any():
            values = {c: records[i].get(c) for c in compared}
            _merge_row(state, key, values, printed.line(line), merging, outcome)
        else:
            outcome.counts["rows_unchanged"] += 1
    add_rows(state, new, merging, outcome)
    for key in sorted(set(printed.position) - set(keys)):
        outcome.conflicts.append(Conflict(sheet, key, "", None, None, Reason.DELETED_IN_COPY))
    return outcome


# -- logs ----------------------------------------------------------------------------------------


def _master_lines(state: SheetState, columns: list[str]) -> dict[bytes, deque[str]]:
    """The master's log lines by their fingerprints over `columns`, as they are now."""
    keys = list(state.cells)
    values = {c: [state.cells[k].get(c) for k in keys] for c in columns}
    lines: dict[bytes, deque[str]] = {}
    for key, line in zip(keys, line_keys(print_matrix(values, columns, len(keys)))):
        lines.setdefault(line, deque()).append(key)
    return lines


def merge_log(state: SheetState, copy: pd.DataFrame, printed: SheetPrint, merging: CopyMerge) -> MergeOutcome:
    """Merge one log (no ID) of a copy: unchanged lines found by fingerprint, changed
    ones paired by anchor and merged cell by cell, new ones added, deleted ones listed."""
    outcome = MergeOutcome()
    sheet = state.rule.schema.name
    copy = copy.reset_index(drop=True)
    records = copy.to_dict("records")
    present, matrix, split = _compared(copy, printed)
    remaining: dict[bytes, deque[int]] = {}
    for position, line in enumerate(line_keys(split)):
        remaining.setdefault(line, deque()).append(position)
    unmatched = []
    for i, line in enumerate(line_keys(matrix)):
        if remaining.get(line):
            remaining[line].popleft()
            outcome.counts["rows_unchanged"] += 1
        else:
            unmatched.append(i)
    vanished = sorted(p for positions in remaining.values() for p in positions)
    pairs, new = _paired(state.rule, present, matrix, split, unmatched, vanished)
    master = _master_lines(state, present) if vanished else {}
    compared = [c for c in state.columns if c in copy.columns]
    for i, position in pairs:
        values = {c: records[i].get(c) for c in compared}
        found = master.get(split[position].tobytes())
        if state.rule.fieldwork and found:
            _merge_row(state, found.popleft(), values, printed.line(position), merging, outcome)
        else:
            reason = Reason.LINE_CHANGED_IN_MASTER if state.rule.fieldwork else Reason.LINE_CHANGED
            outcome.conflicts.append(Conflict(sheet, describe_line(values, state.rule), "", None, None, reason))
    for position in sorted(set(vanished) - {p for _, p in pairs}):
        found = master.get(split[position].tobytes())
        shown = describe_line(state.cells[found[0]], state.rule) if found else ""
        outcome.conflicts.append(Conflict(sheet, shown, "", None, None, Reason.DELETED_IN_COPY))
    add_rows(state, [records[i] for i in new], merging, outcome)
    return outcome


def _paired(rule: SplitSheet, present: list[str], matrix: np.ndarray, split: np.ndarray, unmatched: list[int],
            vanished: list[int]) -> tuple[list[tuple[int, int]], list[int]]:
    """Changed copy lines paired with the split-time line of the same anchor (in
    order), and the copy lines left unpaired: new lines."""
    anchor = [present.index(c) for c in rule.anchor if c in present]
    if not anchor or not vanished:
        return [], unmatched
    free: dict[bytes, deque[int]] = {}
    for position in vanished:
        free.setdefault(split[position, anchor].tobytes(), deque()).append(position)
    pairs, new = [], []
    for i in unmatched:
        candidates = free.get(matrix[i, anchor].tobytes())
        if candidates:
            pairs.append((i, candidates.popleft()))
        else:
            new.append(i)
    return pairs, new


# -- new rows ----------------------------------------------------------------------------------


def _fill_owner(values: dict[str, Any], rule: SplitSheet, portfolio: Portfolio) -> bool:
    """A salesperson's new row without a salesperson is his (module docstring)."""
    if portfolio.role is not Role.SALESPERSON:
        return False
    empty = [c for c in rule.people if c in values and is_blank(values[c])]
    for column in empty:
        values[column] = portfolio.name
    return bool(empty)


def _renamed(values: dict[str, Any], rule: SplitSheet, merging: CopyMerge) -> None:
    """A new row naming a prospect the master knows under another ID follows it."""
    if rule.prospect and rule.prospect != rule.key:
        target = merging.renamed.get(row_key(values.get(rule.prospect)))
        if target is not None:
            values[rule.prospect] = target


@dataclass(frozen=True)
class _Twin:
    """What a new prospect duplicates: a master row (or one a previous copy added),
    or a new row before it in the same copy (`candidate`, its position)."""

    match: DuplicateMatch
    candidate: int | None = None


def _duplicates(state: SheetState, candidates: list[dict[str, Any]]) -> dict[int, _Twin]:
    """Candidate position -> what it duplicates, by the prospects' duplicate search
    over the master's rows, the rows previous copies added, and the candidates."""
    if not candidates:
        return {}
    master = state.frame if state.frame is not None else pd.DataFrame()
    earlier = [row.values for row in state.added]
    start = int(master.index.max()) + 1 if len(master) else 1
    others = pd.DataFrame(earlier + candidates, index=range(start, start + len(earlier) + len(candidates)))
    first = start + len(earlier)
    twins = {}
    for row, match in find_duplicates(pd.concat([master, others]) if len(master) else others).items():
        if row >= first:
            original = match.original_row - first
            twins[row - first] = _Twin(match, original if original >= 0 else None)
    return twins


def add_rows(state: SheetState, records: list[dict[str, Any]], merging: CopyMerge, outcome: MergeOutcome) -> None:
    """Append a copy's new rows to the master state (module docstring, "New rows")."""
    rule = state.rule
    sheet = rule.schema.name
    users = {c.key for c in rule.schema.user_columns}
    candidates: list[tuple[dict[str, Any], str, bool]] = []
    for record in records:
        values = {c: record.get(c) for c in state.columns if c in record}
        copy_key = row_key(record.get(rule.key)) if rule.key else ""
        shown = copy_key or describe_line(values, rule)
        if not rule.fieldwork:
            first = next((v for v in values.values() if not is_blank(v)), None)
            outcome.conflicts.append(Conflict(sheet, shown, "", None, first, Reason.NEW_ROW))
            continue
        for column in sorted(c for c in record if c in users and c not in state.columns and not is_blank(record[c])):
            outcome.conflicts.append(Conflict(sheet, shown, column, None, record[column], Reason.COLUMN_MISSING))
        _renamed(values, rule, merging)
        filled = _fill_owner(values, rule, merging.portfolio)
        if not belongs(attribution(values, rule, merging.index), merging.portfolio):
            owner = next((values[c] for c in rule.people if not is_blank(values.get(c))), None)
            outcome.conflicts.append(Conflict(sheet, shown, "", None, owner, Reason.NEW_NOT_OWNED))
        elif not state.room:
            outcome.conflicts.append(Conflict(sheet, shown, "", None, None, Reason.NO_ROOM))
        else:
            candidates.append((values, copy_key, filled))
    twins = _duplicates(state, [c[0] for c in candidates]) if rule.is_prospects else {}
    final: dict[int, str] = {}  # candidate position -> its key in the master
    for position, (values, copy_key, filled) in enumerate(candidates):
        twin = twins.get(position)
        if twin is not None:
            target = final.get(twin.candidate, "") if twin.candidate is not None else row_key(twin.match.original_id)
            _link(state, twin.match, target, values, copy_key, merging, outcome)
            final[position] = target
            continue
        key = _key_for(state, values, copy_key, outcome)
        if key is None:
            continue
        final[position] = key
        numbered = rule.key is not None and key != copy_key
        row = NewRow(sheet, values, text_of(values.get(rule.key)).strip() if rule.key else "", numbered,
                     copy_key if numbered else "", filled)
        _record(state, key, row, merging)
        outcome.added.append(row)


def _key_for(state: SheetState, values: dict[str, Any], copy_key: str, outcome: MergeOutcome) -> str | None:
    """The key a new row takes in the master, its key column set; None when it cannot
    be added (a reference missing or taken: listed)."""
    rule = state.rule
    if rule.key is None:
        return f"+{len(state.added) + 1}"
    if copy_key and copy_key not in state.cells:
        return copy_key
    if rule.first_id is not None:
        values[rule.key] = state.next_id()
        return row_key(values[rule.key])
    reason = Reason.ID_TAKEN if copy_key else Reason.NO_KEY
    outcome.conflicts.append(Conflict(rule.schema.name, copy_key or describe_line(values, rule), "", None,
                                      values.get(rule.key), reason))
    return None


def _record(state: SheetState, key: str, row: NewRow, merging: CopyMerge) -> None:
    """A new row joins the master state: later copies see it, the copy's rows follow it."""
    state.added.append(row)
    if state.rule.key is not None:
        state.cells[key] = row.values
        state.owners[key] = attribution(row.values, state.rule, merging.index)
    if state.rule.is_prospects:
        merging.index.add(row.values)
        if row.copy_key:
            merging.renamed[row.copy_key] = key


def _link(state: SheetState, match: DuplicateMatch, target: str, values: dict[str, Any], copy_key: str,
          merging: CopyMerge, outcome: MergeOutcome) -> None:
    """A new prospect already there (`target`, its key, "" when it has none): listed,
    not added, and the copy's rows on it go to that row."""
    if copy_key and target:
        merging.renamed[copy_key] = target
    outcome.conflicts.append(Conflict(state.rule.schema.name, copy_key or format_value(values.get("name")), "",
                                      describe(match), values.get("name"), Reason.ALREADY_IN_MASTER))
