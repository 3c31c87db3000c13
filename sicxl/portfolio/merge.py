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

New rows (issue 17): new_rows.py. Rows deleted in a copy are listed, never
deleted in the master.
"""

from __future__ import annotations

from collections import Counter, deque
from typing import Any, Mapping

import numpy as np
import pandas as pd

from sicxl.portfolio.merge_state import (
    CellChange,
    Conflict,
    CopyMerge,
    MergeOutcome,
    Reason,
    SheetState,
    describe_line,
)
from sicxl.portfolio.new_rows import add_rows
from sicxl.portfolio.ownership import NOBODY, attribution, belongs, row_key
from sicxl.portfolio.snapshot import SheetPrint, fingerprint, line_keys, print_matrix
from sicxl.prospects.place import records as rows_of
from sicxl.schema.portfolio import SplitSheet


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
    records = [record for _, record in rows_of(copy)]
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
    records = [record for _, record in rows_of(copy)]
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
