"""Campaign cell functions: SIC_HEAT, SIC_FUNNEL, on the `Appels` and `Affaires` ranges."""

from __future__ import annotations

from typing import Any

from sicxl.campaigns.calls import latest_heat
from sicxl.campaigns.funnel import funnel_table
from sicxl.formulas.ranges import (
    Cells,
    as_rows,
    is_header_row,
    never_raises,
    range_table,
)
from sicxl.schema.campaigns import CALLS, DEALS
from sicxl.schema.prospects import PROSPECTS


def _columns(rows: Any, schema: Any, keys: tuple[str, ...]) -> list[list[Any]]:
    frame = range_table(rows, schema, [c.key for c in schema.columns]).table.frame
    return [frame[k].tolist() if k in frame else [None] * len(frame) for k in keys]


@never_raises
def heat(prospect_ids: Any, calls: Any) -> Cells:
    """The latest temperature stated in the calls for each prospect ID ("" if never called)."""
    ids = [row[0] if row else None for row in as_rows(prospect_ids)]
    call_ids, dates, heats = _columns(calls, CALLS, ("prospect_id", "date", "heat"))
    found = latest_heat(ids, call_ids, dates, heats)
    cells = [[value or ""] for value in found]
    if ids and is_header_row([ids[0]], PROSPECTS):  # the range starts with its "ID" header
        cells[0] = [PROSPECTS.header("heat")]
    return cells


@never_raises
def funnel(calls: Any, deals: Any = None) -> Cells:
    """The prospecting funnel of the calls (and deals) given: steps, revenue, rates."""
    prospects, results = _columns(calls, CALLS, ("prospect_id", "result"))
    deal_columns = _columns(deals, DEALS, ("prospect_id", "stage", "amount")) if deals else [[], [], []]
    return [["" if v is None else v for v in row] for row in funnel_table(prospects, results, *deal_columns)]
