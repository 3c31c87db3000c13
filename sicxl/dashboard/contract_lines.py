"""`Contrats des affaires`: the signed deals the dashboard took as contract lines, and
those it could not take (issue 17, point 2), laid out as a computed sheet.

The taken lines form a table the live formulas of `Tableau de bord`,
`Répartition`, `Seuil de rentabilité` and `Marchés et zones` read by bounded
ranges (InputRefs.rows): sicxl rewrites this sheet whole at each run, and the
block of deals left out below it must never be summed.
"""

from __future__ import annotations

import pandas as pd

from sicxl.campaigns.sheets import plain_value
from sicxl.dashboard.deals import DealLines
from sicxl.dashboard.sheets import BLOCK, TITLE, InputRefs, SheetGrid
from sicxl.messages import dashboard as msg
from sicxl.schema.base import SheetSchema
from sicxl.schema.dashboard import DEAL_CONTRACTS, DEAL_CONTRACTS_SHEET, DEALS_LEFT_OUT
from sicxl.writes import SheetWrite, Style

HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1


def _table(sheet: SheetGrid, top: int, schema: SheetSchema, frame: pd.DataFrame) -> int:
    """A header on `top` and one row per line of `frame`; returns the last row used."""
    sheet.header(top, [c.header for c in schema.columns])
    row = top
    for row, line in enumerate(frame[[c.key for c in schema.columns]].itertuples(index=False), start=top + 1):
        for col, (column, value) in enumerate(zip(schema.columns, line), start=1):
            value = plain_value(value)
            style = Style(column.number_format) if column.number_format and value is not None else None
            sheet.put(row, col, value, style)
    return row


def deal_contracts_sheet(lines: DealLines) -> tuple[SheetWrite, InputRefs]:
    """The sheet, and where its table of contract lines is, for the formulas."""
    sheet = SheetGrid()
    sheet.put(1, 1, msg.DEAL_CONTRACTS_TITLE, TITLE)
    sheet.put(2, 1, msg.DEAL_CONTRACTS_NOTE)
    last = max(_table(sheet, HEADER_ROW, DEAL_CONTRACTS, lines.taken), FIRST_ROW)
    below = last + 3
    sheet.put(below, 1, msg.DEALS_LEFT_OUT_TITLE, BLOCK)
    _table(sheet, below + 1, DEALS_LEFT_OUT, lines.left_out)
    widths = {col: c.width for col, c in enumerate(DEAL_CONTRACTS.columns, start=1)}
    refs = InputRefs(DEAL_CONTRACTS_SHEET, {c.key: col for col, c in enumerate(DEAL_CONTRACTS.columns, start=1)},
                     rows=(FIRST_ROW, last))
    return SheetWrite(DEAL_CONTRACTS_SHEET, sheet.rows, sheet.styles, widths, freeze=f"A{FIRST_ROW}"), refs
