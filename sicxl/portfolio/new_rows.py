"""New rows of a portfolio copy, appended to the master (issue 17, point 5).

Rows a copy adds to prospects, calls, visit reports, deals and tenders are
appended to the master when they belong to the copy's portfolio (a
salesperson's new prospect without `Commercial` is his, and says so), each
listed in the report:
- a new prospect the master already holds (the duplicate search of
  sicxl.prospects.dedupe, against the master's rows, those previous copies
  added, and the copy's own new rows before it) is not added twice: it is
  listed, and the copy's calls and deals on it go to the master's row;
- a prospect or deal whose ID is missing, or already another row's in the
  master, gets the next ID of the master's own pattern (sicxl.prospects.new_ids), and
  the copy's rows that name it follow; a tender's or contract's reference is
  someone else's, never invented: a missing or taken one is listed;
- rows added to objectives, actuals and contracts, which the management keeps,
  are listed for a person to copy; so are rows for another portfolio, and rows
  the master's table cannot take (the shell says when: a total row under it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from sicxl.portfolio.merge_state import Conflict, CopyMerge, MergeOutcome, NewRow, Reason, SheetState, describe_line
from sicxl.portfolio.ownership import attribution, belongs, row_key
from sicxl.portfolio.roles import Portfolio, Role
from sicxl.prospects.dedupe import DuplicateMatch, describe, find_duplicates
from sicxl.schema.portfolio import SplitSheet
from sicxl.values import format_value, is_blank, text_of


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
    if rule.numbering is not None:
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
