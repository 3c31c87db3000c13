"""`Marchés et zones`: the month's and the year's revenue by market, agency and
department, and each market's share of the fixed costs and break-even (issue 17,
point 6), in live formulas like the other sheets of the dashboard.

Every block ends with « Autre ou non renseigné » (what no listed group holds: a
blank or misspelt market, a line of another agency) and the total, so that a
block always adds up to the whole. Signed deals count as in `Tableau de bord`
(InputRefs.deals). The break-even of a market follows `allocation`: its share of
the key, of the fixed costs this workbook bears, over the margin rate; its
revenue of the year is, month by month, the actual of the months the team has
closed and the objective of the others, in the table at the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sicxl.dashboard.allocation import key_indicator
from sicxl.dashboard.breakeven import month_start
from sicxl.dashboard.settings import RULE_EQUAL
from sicxl.dashboard.sheets import (BLOCK, MONTH_CELL, MONTH_PERIOD, ND, TITLE, YTD_PERIOD,
                                    InputRefs, SheetGrid, aggregate, closed_month, fixed_costs, guarded_rate)
from sicxl.messages import dashboard as msg
from sicxl.schema.dashboard import (AMOUNT, MARKET_BREAKEVEN, MARKETS, MONTH_FORMAT, MONTH_TITLE_FORMAT,
                                    PERCENT, REVENUE, VIEW, VIEWS_SHEET)
from sicxl.table import column_letter
from sicxl.writes import Formula, SheetWrite, Style

YEAR_PERIOD = (f'">="&DATE(YEAR({MONTH_CELL}),1,1)', f'"<="&DATE(YEAR({MONTH_CELL}),12,1)')
NAME = f'"{REVENUE.name}"'
BREAKEVEN_ROWS = len(MARKETS) + 14  # the break-even block and a blank row, above the months table


@dataclass(frozen=True)
class Dimension:
    """A way to group the lines: its column key, its French name, its groups."""

    key: str
    label: str
    groups: Sequence[str]


def _criterion(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _revenue_block(sheet: SheetGrid, top: int, dimension: Dimension, objectives: InputRefs,
                   actuals: InputRefs) -> int:
    """CA signé of the month and of the year to date per group, then the rest, then the
    total; returns the row after the block."""
    sheet.put(top, 1, msg.view_title(dimension.label), BLOCK)
    sheet.header(top + 1, [dimension.label, *(c.header for c in VIEW.columns[1:])])
    first = top + 2
    total_row = first + len(dimension.groups) + 1
    labels = [*dimension.groups, msg.OTHER, msg.TOTAL]
    for offset, label in enumerate(labels):
        row = first + offset
        bold = Style(AMOUNT, bold=row == total_row)
        sheet.put(row, 1, label, Style(bold=row == total_row))
        for col, periods in ((2, MONTH_PERIOD), (5, YTD_PERIOD)):
            if row == total_row or label != msg.OTHER:
                where = [] if row == total_row else [(dimension.key, _criterion(label))]
                for shift, refs in enumerate((objectives, actuals)):
                    sheet.put(row, col + shift, aggregate(refs, REVENUE, periods, NAME, None, where), bold)
            else:
                for shift in (0, 1):
                    letter = column_letter(col + shift)
                    sheet.put(row, col + shift, Formula(f"={letter}{total_row}-SUM({letter}{first}:{letter}{row - 1})"),
                              bold)
            b, c = column_letter(col), column_letter(col + 1)
            sheet.put(row, col + 2, guarded_rate(f"{c}{row}", f"{b}{row}", absolute=False),
                      Style(PERCENT, bold=row == total_row))
    return total_row + 2


def _months_table(sheet: SheetGrid, top: int, objectives: InputRefs, actuals: InputRefs) -> tuple[int, int]:
    """Retained revenue of each month of the year per market (actual when the month is
    closed, else objective); returns the first and last month rows."""
    sheet.put(top, 1, msg.MARKET_MONTHS_TITLE, BLOCK)
    sheet.header(top + 1, [msg.MONTH_LABEL, *MARKETS, msg.OTHER, msg.TOTAL])
    first = top + 2
    total_col = len(MARKETS) + 3
    for index in range(12):
        row = first + index
        month = f"$A{row}"
        sheet.put(row, 1, Formula(f"=DATE(YEAR({MONTH_CELL}),{index + 1},1)"), Style(MONTH_FORMAT))
        closed = closed_month(actuals, month, NAME)
        for col, market in enumerate([*MARKETS, None], start=2):
            if market is None:
                formula = Formula(f"={column_letter(total_col)}{row}-SUM(B{row}:{column_letter(col - 1)}{row})")
            else:
                where = [("market", _criterion(market))]
                actual = aggregate(actuals, REVENUE, (month,), NAME, None, where).text[1:]
                planned = aggregate(objectives, REVENUE, (month,), NAME, None, where).text[1:]
                formula = Formula(f"=IF({closed},{actual},{planned})")
            sheet.put(row, col, formula, Style(AMOUNT))
        actual = aggregate(actuals, REVENUE, (month,), NAME, None).text[1:]
        planned = aggregate(objectives, REVENUE, (month,), NAME, None).text[1:]
        sheet.put(row, total_col, Formula(f"=IF({closed},{actual},{planned})"), Style(AMOUNT, bold=True))
    return first, first + 11


def _breakeven_block(sheet: SheetGrid, top: int, objectives: InputRefs, costs: InputRefs, share: float,
                     rule: str, months: tuple[int, int]) -> int:
    """Key, fixed costs, break-even and safety per market; the total equals the whole."""
    sheet.put(top, 1, msg.MARKET_BREAKEVEN_TITLE, BLOCK)
    summary = top + 1
    fixed, margin = f"$B${summary + 1}", f"$B${summary + 3}"
    sheet.put(summary, 1, msg.KEY_LABEL)
    sheet.put(summary, 2, msg.key_rule(rule))
    sheet.put(summary + 1, 1, msg.FIXED_COSTS)
    sheet.put(summary + 1, 2, Formula(f"={fixed_costs(costs, share)}"), Style(AMOUNT))
    sheet.put(summary + 2, 1, msg.VARIABLE_RATE)
    sheet.put(summary + 2, 2, Formula(f'=SUMIFS({costs.range("rate")},{costs.range("kind")},"Variable")'),
              Style(PERCENT))
    sheet.put(summary + 3, 1, msg.MARGIN_RATE)
    sheet.put(summary + 3, 2, Formula(f"=1-$B${summary + 2}"), Style(PERCENT))
    header = summary + 5
    sheet.header(header, [c.header for c in MARKET_BREAKEVEN.columns])
    first = header + 1
    total_row = first + len(MARKETS) + 1
    key = f'"{key_indicator(rule)}"'
    for offset, market in enumerate([*MARKETS, None, msg.TOTAL]):
        row = first + offset
        strong = row == total_row
        sheet.put(row, 1, msg.OTHER if market is None else market, Style(bold=strong))
        month_col = column_letter(2 + offset) if not strong else column_letter(len(MARKETS) + 3)
        if strong:
            base = Formula(f"=SUM(B{first}:B{row - 1})")
        elif rule == RULE_EQUAL:
            base = Formula(f"=IF(COUNTIFS({objectives.range('market')},{_criterion(market)},"
                           f"{objectives.range('period')},{YEAR_PERIOD[0]},{objectives.range('period')},"
                           f"{YEAR_PERIOD[1]})>0,1,0)") if market else 0
        elif market is None:
            everything = aggregate(objectives, REVENUE, YEAR_PERIOD, key, None).text[1:]
            base = Formula(f"={everything}-SUM(B{first}:B{row - 1})")
        else:
            base = aggregate(objectives, REVENUE, YEAR_PERIOD, key, None, [("market", _criterion(market))])
        cells = [
            base,
            Formula(f"=IF($B${total_row}=0,{ND},B{row}/$B${total_row})"),
            Formula(f"=IFERROR({fixed}*C{row},{ND})") if not strong else Formula(f"=SUM(D{first}:D{row - 1})"),
            Formula(f"=IF({margin}<=0,{ND},IFERROR(D{row}/{margin},{ND}))"),
            Formula(f"=SUM({month_col}{months[0]}:{month_col}{months[1]})"),
            Formula(f"=IFERROR(F{row}-E{row},{ND})"),
            guarded_rate(f"G{row}", f"F{row}", absolute=False),
        ]
        for col, (value, column) in enumerate(zip(cells, MARKET_BREAKEVEN.columns[1:]), start=2):
            sheet.put(row, col, value, Style(column.number_format, bold=strong))
    whole = total_row + 1
    sheet.put(whole, 1, msg.WHOLE_BREAKEVEN)
    sheet.put(whole, 5, Formula(f"=IF({margin}<=0,{ND},{fixed}/{margin})"), Style(AMOUNT, bold=True))
    sheet.put(whole + 1, 1, msg.MARKET_BREAKEVEN_NOTE)
    return whole + 3


def views_sheet(month: str, objectives: InputRefs, actuals: InputRefs, costs: InputRefs | None,
                dimensions: Sequence[Dimension], share: float, rule: str) -> SheetWrite:
    """`Marchés et zones` for `month` (module docstring)."""
    sheet = SheetGrid()
    sheet.put(1, 1, msg.VIEWS_TITLE, TITLE)
    sheet.put(2, 1, msg.MONTH_LABEL)
    sheet.put(2, 2, month_start(month), Style(MONTH_TITLE_FORMAT, bold=True))
    sheet.put(3, 1, msg.YEAR_START_LABEL)
    sheet.put(3, 2, Formula(f"=DATE(YEAR({MONTH_CELL}),1,1)"), Style(MONTH_TITLE_FORMAT))  # START_CELL
    top = 5
    for dimension in dimensions:
        top = _revenue_block(sheet, top, dimension, objectives, actuals)
    if costs is not None and "market" in objectives.columns and "market" in actuals.columns:
        months = _months_table(sheet, top + BREAKEVEN_ROWS, objectives, actuals)
        _breakeven_block(sheet, top, objectives, costs, share, rule, months)
    widths = {1: 30, **{col: 14 for col in range(2, len(MARKETS) + 4)}}
    return SheetWrite(VIEWS_SHEET, sheet.rows, sheet.styles, widths, freeze="A5")
