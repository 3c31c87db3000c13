"""Bringing a portfolio copy back into the master, row by row by ID (issue 8).

For each user cell of a row the copy shares with the master, three values are
compared through their fingerprints (see snapshot.py): S at split time (kept in
the copy), C in the copy now, M in the master now.

| C = S | M = S | C = M | outcome |
|---|---|---|---|
| yes | - | - | the salesperson left it: the master keeps M |
| no | yes | - | only the salesperson changed it: C is written into the master |
| no | no | yes | both made the same change: nothing to do |
| no | no | no | both changed it differently: conflict, listed, the master keeps M |

This is the three-way merge of version control applied cell by cell, which is
what lets a change never be lost silently on either side. Only the rows the
portfolio owns *in the master now* are written (a row reassigned since the split
is listed, not merged); computed columns are never compared, they are recomputed.
New rows, rows deleted on either side and new lines of the logs are listed for
a person to decide: the merge never adds nor deletes a row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping

import pandas as pd

from sicxl.portfolio.ownership import Attribution, belongs, row_key
from sicxl.portfolio.roles import Portfolio
from sicxl.portfolio.snapshot import Snapshot, fingerprint, row_fingerprint
from sicxl.schema.portfolio import SplitSheet


class Reason(Enum):
    BOTH_CHANGED = "both_changed"  # the master changed the same cell since the split
    NOT_OWNED = "not_owned"  # the row no longer belongs to the copy's portfolio
    DELETED_IN_MASTER = "deleted_in_master"
    DELETED_IN_COPY = "deleted_in_copy"
    NEW_ROW = "new_row"  # a row added in the copy: the merge adds no row
    ID_TAKEN = "id_taken"  # a row added in the copy with an ID the master already has
    NO_SNAPSHOT = "no_snapshot"  # a column absent at split time that differs
    DUPLICATE_ID = "duplicate_id"  # an ID present twice in the copy or the master


@dataclass(frozen=True)
class CellChange:
    """A user cell of the master to overwrite with the copy's value."""

    sheet: str
    key: str
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


@dataclass
class MergeOutcome:
    changes: list[CellChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


@dataclass
class SheetState:
    """A sheet's user cells by row key, and each row's attribution, as merging goes
    on: changes of a first copy are seen by the next one."""

    rule: SplitSheet
    columns: list[str]
    cells: dict[str, dict[str, Any]]
    owners: dict[str, Attribution]
    duplicates: set[str] = field(default_factory=set)


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


def merge_keyed(state: SheetState, copy: pd.DataFrame, snapshot: Snapshot, portfolio: Portfolio) -> MergeOutcome:
    """Merge one keyed sheet of a copy into the master state (rule in the module docstring)."""
    rule, outcome = state.rule, MergeOutcome()
    sheet = rule.schema.name
    assert rule.key is not None
    columns = [c for c in state.columns if c in copy.columns]
    copied, duplicates = keyed_cells(copy, rule.key, columns)
    known = snapshot.keys(sheet)
    for key in sorted(duplicates | (state.duplicates & set(copied))):
        outcome.conflicts.append(Conflict(sheet, key, "", None, None, Reason.DUPLICATE_ID))
        copied.pop(key, None)
    for key, values in copied.items():
        if key not in known:
            reason = Reason.ID_TAKEN if key in state.cells else Reason.NEW_ROW
            outcome.conflicts.append(Conflict(sheet, key, "", None, None, reason))
            continue
        _merge_row(state, key, values, snapshot, portfolio, outcome)
    for key in sorted(known - set(copied) - duplicates):
        outcome.conflicts.append(Conflict(sheet, key, "", None, None, Reason.DELETED_IN_COPY))
    return outcome


def _merge_row(state: SheetState, key: str, values: Mapping[str, Any], snapshot: Snapshot,
               portfolio: Portfolio, outcome: MergeOutcome) -> None:
    sheet = state.rule.schema.name
    master = state.cells.get(key)
    if master is None:
        outcome.conflicts.append(Conflict(sheet, key, "", None, None, Reason.DELETED_IN_MASTER))
        return
    changed = {c: v for c, v in values.items()
               if fingerprint(v) != snapshot.cells.get((sheet, key, c), fingerprint(master.get(c)))}
    if not changed:
        outcome.counts["rows_unchanged"] += 1
        return
    if not belongs(state.owners.get(key, Attribution()), portfolio):
        outcome.conflicts.append(Conflict(sheet, key, "", None, None, Reason.NOT_OWNED))
        return
    for column, value in changed.items():
        split = snapshot.cells.get((sheet, key, column))
        current = fingerprint(master.get(column))
        if current == fingerprint(value):
            outcome.counts["cells_same_change"] += 1
        elif split is None:
            outcome.conflicts.append(Conflict(sheet, key, column, master.get(column), value, Reason.NO_SNAPSHOT))
        elif current == split:
            outcome.changes.append(CellChange(sheet, key, column, value))
            master[column] = value
        else:
            outcome.conflicts.append(Conflict(sheet, key, column, master.get(column), value, Reason.BOTH_CHANGED))
    outcome.counts["rows_merged"] += 1


def merge_log(sheet: str, copy: pd.DataFrame, columns: list[str], snapshot: Snapshot) -> MergeOutcome:
    """A log without identifier (calls, visit reports): lines added in the copy are
    listed, to be copied by hand; nothing is written."""
    outcome = MergeOutcome()
    remaining = Counter(snapshot.rows.get(sheet, Counter()))
    for record in copy.to_dict("records"):
        fp = row_fingerprint(record.get(c) for c in columns)
        if remaining[fp] > 0:
            remaining[fp] -= 1
            continue
        first = next((record.get(c) for c in columns if record.get(c) is not None), None)
        outcome.conflicts.append(Conflict(sheet, "", "", None, first, Reason.NEW_ROW))
    return outcome
