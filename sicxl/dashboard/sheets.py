"""The computed sheets of the dashboard workbook, as live Excel formulas.

Every figure Excel can compute is a formula over the input sheets (SUMIFS,
AVERAGEIFS, COUNTIFS, EDATE, EOMONTH: functions LibreOffice computes like
Excel), so a user who corrects an input sees the dashboard follow without
rerunning sicxl. Only the XmR signal, which Excel cannot compute simply, and
the colours are values set at the time of the run. Formulas select months
on the computed `Période` column (a real date) and reference whole columns,
so that rows added below a table still count. The core's figures (`board`,
`revenue_by_month`, `mix`) are what these formulas must give; the tests check
it with a real spreadsheet program.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sicxl.dashboard.board import Board, Line
from sicxl.dashboard.breakeven import month_start
from sicxl.dashboard.deals import DEAL_INDICATORS
from sicxl.messages import dashboard as msg
from sicxl.schema.dashboard import (AMOUNT, BREAKEVEN_MONTHS, BREAKEVEN_SHEET, COUNTED_YES, CUSTOMER_TYPE, DASHBOARD,
                                    DATE, INDICATORS, MIX, MIX_SHEET, MONTH_TITLE_FORMAT, OWNER_SHEET_PREFIX,
                                    PERCENT, REVENUE, TREND, Indicator)
from sicxl.schema.deals import SERVICES
from sicxl.table import column_letter
from sicxl.writes import Chart, ConditionalFormat, Formula, SheetWrite, Style

ND = f'"{msg.NOT_DEFINED}"'
TITLE = Style(bold=True)
HEADER = Style(bold=True, fill="1F4E78", font_color="FFFFFF", wrap=True)
BLOCK = Style(bold=True, font_color="1F4E78")
# IBCS colours: good news green, bad news red (Excel's "Bon" and "Mauvais" cell styles).
GOOD = ("C6EFCE", "006100")
BAD = ("FFC7CE", "9C0006")
SIGNAL_FILLS = {msg.STRUCTURAL: ("F8CBAD", "833C0B"), msg.ONE_OFF: ("FFEB9C", "9C5700")}


@dataclass(frozen=True)
class InputRefs:
    """Where an input table's columns are, for formulas: whole-column ranges, so
    that rows users add below a table still count; or, for a computed sheet that
    sicxl rewrites whole, the rows `first`..`last` of its table. For `Réalisé`,
    `deals` are the contract lines of the signed deals, which add to « CA signé »
    and « Nombre de contrats » (contract_lines.py)."""

    sheet: str
    columns: dict[str, int]  # key -> worksheet column
    rows: tuple[int, int] | None = None  # (first, last): a bounded table
    deals: "InputRefs | None" = None

    def range(self, key: str) -> str:
        letter = column_letter(self.columns[key])
        if self.rows is None:
            return f"{quote_sheet(self.sheet)}!${letter}:${letter}"
        first, last = self.rows
        return f"{quote_sheet(self.sheet)}!${letter}${first}:${letter}${last}"


def quote_sheet(name: str) -> str:
    """A sheet name as formulas spell it: always quoted, quotes doubled."""
    return "'" + name.replace("'", "''") + "'"


Where = Sequence[tuple[str, str]]  # (column key, criterion) pairs a figure is restricted to


def _deal_term(deals: InputRefs, indicator: Indicator, periods: Sequence[str], owner_cell: str | None,
               where: Where) -> str:
    """What the counted contract lines of signed deals add to a figure of `Réalisé`:
    their yearly amounts to « CA signé », their number to « Nombre de contrats »."""
    criteria = [f"{deals.range('period')},{p}" for p in periods]
    criteria.append(f'{deals.range("counted")},"{COUNTED_YES}"')
    if owner_cell:
        criteria.append(f"{deals.range('owner')},{owner_cell}")
    criteria += [f"{deals.range(key)},{criterion}" for key, criterion in where]
    if indicator == REVENUE:
        return f"+SUMIFS({deals.range('amount')},{','.join(criteria)})"
    return f"+COUNTIFS({','.join(criteria)})"


def aggregate(refs: InputRefs, indicator: Indicator, periods: Sequence[str], indicator_cell: str,
               owner_cell: str | None, where: Where = ()) -> Formula:
    """SUMIFS for a quantity; AVERAGEIFS (n.d. when nothing matches) for an index;
    plus the signed deals' contract lines for the indicators they feed."""
    criteria = [f"{refs.range('period')},{p}" for p in periods]
    criteria.append(f"{refs.range('indicator')},{indicator_cell}")
    if owner_cell:
        criteria.append(f"{refs.range('owner')},{owner_cell}")
    criteria += [f"{refs.range(key)},{criterion}" for key, criterion in where]
    body = f"{refs.range('value')},{','.join(criteria)}"
    if indicator.average:
        return Formula(f"=IFERROR(AVERAGEIFS({body}),{ND})")
    deals = _deal_term(refs.deals, indicator, periods, owner_cell, where) \
        if refs.deals is not None and indicator in DEAL_INDICATORS else ""
    return Formula(f"=SUMIFS({body}){deals}")


MONTH_CELL, START_CELL, OWNER_CELL = "$B$2", "$B$3", "$B$4"
MONTH_PERIOD = (MONTH_CELL,)
PREVIOUS_PERIOD = (f"EDATE({MONTH_CELL},-12)",)
YTD_PERIOD = (f'">="&{START_CELL}', f'"<="&{MONTH_CELL}')
PREVIOUS_YTD_PERIOD = (f'">="&EDATE({START_CELL},-12)', f'"<="&EDATE({MONTH_CELL},-12)')


def guarded_rate(top: str, base: str, absolute: bool = True) -> Formula:
    """A rate guarded against a zero or undefined base: "n.d.", never #DIV/0!.
    Variance rates divide by the base's absolute value (`measures.variance_rate`)."""
    divisor = f"ABS({base})" if absolute else base
    return Formula(f"=IF({base}=0,{ND},IFERROR({top}/{divisor},{ND}))")


def line_formulas(row: int, objectives: InputRefs, actuals: InputRefs, indicator: Indicator,
                  periods: Sequence[str], previous: Sequence[str], owner_cell: str | None) -> list[Formula]:
    """Objectif .. Évolution % of one indicator on `row` (indicator name in column A)."""
    name = f"$A{row}"
    return [
        aggregate(objectives, indicator, periods, name, owner_cell),
        aggregate(actuals, indicator, periods, name, owner_cell),
        Formula(f"=IFERROR(C{row}-B{row},{ND})"),
        guarded_rate(f"(C{row}-B{row})", f"B{row}"),
        guarded_rate(f"C{row}", f"B{row}", absolute=False),
        aggregate(actuals, indicator, previous, name, owner_cell),
        guarded_rate(f"(C{row}-G{row})", f"G{row}"),
    ]


def variance_colours(cells: str, higher_is_better: bool) -> list[ConditionalFormat]:
    """Green for a favourable variance, red for an unfavourable one, by business sense
    (IBCS: more costs is bad), as live rules: the colour follows the formula's value
    when a user corrects an input. "n.d." (text) stays uncoloured."""
    first = cells.split(":")[0]
    sign = "" if higher_is_better else "-"
    return [
        ConditionalFormat(cells, f"AND(ISNUMBER({first}),{sign}{first}>0)", Style(fill=GOOD[0], font_color=GOOD[1])),
        ConditionalFormat(cells, f"AND(ISNUMBER({first}),{sign}{first}<0)", Style(fill=BAD[0], font_color=BAD[1])),
    ]


class SheetGrid:
    """A grid being filled from A1, with its styles."""

    def __init__(self) -> None:
        self.rows: list[list[object]] = []
        self.styles: dict[tuple[int, int], Style] = {}
        self.conditional: list[ConditionalFormat] = []

    def put(self, row: int, col: int, value: object, style: Style | None = None) -> None:
        while len(self.rows) < row:
            self.rows.append([])
        line = self.rows[row - 1]
        while len(line) < col:
            line.append(None)
        line[col - 1] = value
        if style is not None:
            self.styles[(row, col)] = style

    def header(self, row: int, headers: Sequence[str]) -> None:
        for col, text in enumerate(headers, start=1):
            self.put(row, col, text, HEADER)


def _block(sheet: SheetGrid, top: int, title: str, lines: Sequence[Line], objectives: InputRefs, actuals: InputRefs,
           periods: Sequence[str], previous: Sequence[str], owner_cell: str | None, signals: bool) -> int:
    """One block of indicator lines; returns the row after it."""
    sheet.put(top, 1, title, BLOCK)
    sheet.header(top + 1, [c.header for c in DASHBOARD.columns])
    for offset, line in enumerate(lines):
        row = top + 2 + offset
        indicator = line.indicator
        sheet.put(row, 1, indicator.name)
        figures = line_formulas(row, objectives, actuals, indicator, periods, previous, owner_cell)
        plain = Style(indicator.number_format)
        percent = Style(PERCENT)
        formats = [plain, plain, plain, percent, percent, plain, percent]
        for col, (formula, style) in enumerate(zip(figures, formats), start=2):
            sheet.put(row, col, formula, style)
        sheet.conditional += variance_colours(f"D{row}:E{row}", indicator.higher_is_better)
        if signals and line.signal.label:
            fill, font = SIGNAL_FILLS[line.signal.label]
            sheet.put(row, 9, line.signal.label, Style(fill=fill, font_color=font, bold=True))
            sheet.put(row, 10, " ; ".join(msg.RULES[r] for r in line.signal.rules))
    return top + 2 + len(lines)


def dashboard_sheet(name: str, board: Board, objectives: InputRefs, actuals: InputRefs) -> SheetWrite:
    """`Tableau de bord` (owner None) or `TB <name>`: month, year to date, 12-month trends."""
    sheet = SheetGrid()
    owner_cell = OWNER_CELL if board.owner else None
    sheet.put(1, 1, msg.owner_sheet_title(board.owner) if board.owner else msg.DASHBOARD_TITLE, TITLE)
    sheet.put(2, 1, msg.MONTH_LABEL)
    sheet.put(2, 2, month_start(board.month), Style(MONTH_TITLE_FORMAT, bold=True))
    sheet.put(3, 1, msg.YEAR_START_LABEL)
    sheet.put(3, 2, Formula(f"=DATE(YEAR({MONTH_CELL}),1,1)"), Style(MONTH_TITLE_FORMAT))
    if board.owner:
        sheet.put(4, 1, msg.OWNER_LABEL)
        sheet.put(4, 2, board.owner, Style(bold=True))
    month_top = 6
    after = _block(sheet, month_top, msg.MONTH_BLOCK, board.month_lines, objectives, actuals,
                   MONTH_PERIOD, PREVIOUS_PERIOD, owner_cell, signals=True)
    sheet.put(after, 1, msg.SIGNAL_NOTE)
    ytd_top = after + 2
    after = _block(sheet, ytd_top, msg.YTD_BLOCK, board.ytd_lines, objectives, actuals,
                   YTD_PERIOD, PREVIOUS_YTD_PERIOD, owner_cell, signals=False)
    first, last = month_top + 2, month_top + 1 + len(board.month_lines)
    charts = [Chart("bar", msg.VARIANCE_CHART, (1, first, last), [(DASHBOARD.header("variance_rate"), 5, first, last)],
                    anchor="L6", width_cm=16, height_cm=8)]
    top = after + 2
    for indicator in (i for i in INDICATORS if i.key):
        top, chart = _trend_block(sheet, top, indicator, objectives, actuals, owner_cell)
        charts.append(chart)
    widths = {col: c.width for col, c in enumerate(DASHBOARD.columns, start=1)}
    return SheetWrite(name, sheet.rows, sheet.styles, widths, freeze="A6", charts=charts,
                      conditional=sheet.conditional)


def _trend_block(sheet: SheetGrid, top: int, indicator: Indicator, objectives: InputRefs, actuals: InputRefs,
                 owner_cell: str | None, length: int = 12) -> tuple[int, Chart]:
    """12 months ending at the dashboard's month: objective and actual, with a line chart."""
    sheet.put(top, 1, msg.TREND_BLOCK.format(indicator=indicator.name), BLOCK)
    sheet.header(top + 1, [c.header for c in TREND.columns])
    first = top + 2
    for offset in range(length):
        row = first + offset
        sheet.put(row, 1, Formula(f"=EDATE({MONTH_CELL},{offset - length + 1})"), Style(TREND.columns[0].number_format))
        name = f'"{indicator.name}"'
        sheet.put(row, 2, aggregate(objectives, indicator, (f"$A{row}",), name, owner_cell),
                  Style(indicator.number_format))
        sheet.put(row, 3, aggregate(actuals, indicator, (f"$A{row}",), name, owner_cell),
                  Style(indicator.number_format))
    last = first + length - 1
    chart = Chart("line", msg.TREND_CHART.format(indicator=indicator.name), (1, first, last),
                  [(TREND.header("objective"), 2, first, last), (TREND.header("actual"), 3, first, last)],
                  anchor=f"E{top}", width_cm=16, height_cm=7)
    return last + 3, chart


def closed_month(actuals: InputRefs, month_cell: str, indicator_cell: str) -> str:
    """True for a month the team has closed: one with typed « CA signé » in `Réalisé`
    (the signed deals, which arrive every day, do not close a month)."""
    return f"COUNTIFS({actuals.range('period')},{month_cell},{actuals.range('indicator')},{indicator_cell})>0"


# Seuil de rentabilité: the summary cells, then the 12 months of the year.
BREAKEVEN_LABELS = (msg.MONTH_LABEL, msg.FIXED_COSTS, msg.VARIABLE_RATE, msg.MARGIN_RATE, msg.BREAKEVEN_REVENUE,
                    msg.YEAR_REVENUE, msg.SAFETY_MARGIN, msg.SAFETY_INDEX, msg.BREAKEVEN_DATE)
BREAKEVEN_TOP = 3  # row of the first label
MONTHS_HEADER_ROW = BREAKEVEN_TOP + len(BREAKEVEN_LABELS) + 2


def fixed_costs(costs: InputRefs, share: float) -> str:
    """The fixed costs this workbook bears: those of `Charges`, times its share (a
    portfolio copy's, settings.py; 1 for the whole team)."""
    fixed = f'SUMIFS({costs.range("amount")},{costs.range("kind")},"Fixe")'
    return fixed if share == 1 else f"{fixed}*{share!r}"


def breakeven_sheet(month: str, costs: InputRefs, objectives: InputRefs, actuals: InputRefs,
                    revenue: Indicator = REVENUE, share: float = 1.0) -> SheetWrite:
    """Break-even revenue, safety margin and index, and the date the year's cumulative
    revenue reaches the threshold, month by month."""
    sheet = SheetGrid()
    sheet.put(1, 1, msg.BREAKEVEN_TITLE.format(year=month[:4]), TITLE)
    cell = {label: f"$B${BREAKEVEN_TOP + i}" for i, label in enumerate(BREAKEVEN_LABELS)}
    first, last = MONTHS_HEADER_ROW + 1, MONTHS_HEADER_ROW + 12
    kinds, rates = costs.range("kind"), costs.range("rate")
    summary: dict[str, tuple[object, Style]] = {
        msg.MONTH_LABEL: (month_start(month), Style(MONTH_TITLE_FORMAT, bold=True)),
        msg.FIXED_COSTS: (Formula(f"={fixed_costs(costs, share)}"), Style(AMOUNT)),
        msg.VARIABLE_RATE: (Formula(f'=SUMIFS({rates},{kinds},"Variable")'), Style(PERCENT)),
        msg.MARGIN_RATE: (Formula(f"=1-{cell[msg.VARIABLE_RATE]}"), Style(PERCENT)),
        msg.BREAKEVEN_REVENUE: (Formula(f"=IF({cell[msg.MARGIN_RATE]}<=0,{ND},"
                                        f"{cell[msg.FIXED_COSTS]}/{cell[msg.MARGIN_RATE]})"), Style(AMOUNT, bold=True)),
        msg.YEAR_REVENUE: (Formula(f"=SUM(D{first}:D{last})"), Style(AMOUNT)),
        msg.SAFETY_MARGIN: (Formula(f"=IFERROR({cell[msg.YEAR_REVENUE]}-{cell[msg.BREAKEVEN_REVENUE]},{ND})"),
                            Style(AMOUNT)),
        msg.SAFETY_INDEX: (guarded_rate(cell[msg.SAFETY_MARGIN], cell[msg.YEAR_REVENUE], absolute=False), Style(PERCENT)),
        msg.BREAKEVEN_DATE: (Formula(f'=IF(COUNT(F{first}:F{last})=0,"{msg.NOT_REACHED}",MIN(F{first}:F{last}))'),
                             Style(DATE, bold=True)),
    }
    for index, label in enumerate(BREAKEVEN_LABELS):
        row, (value, style) = BREAKEVEN_TOP + index, summary[label]
        sheet.put(row, 1, label)
        sheet.put(row, 2, value, style)
    sheet.header(MONTHS_HEADER_ROW, [c.header for c in BREAKEVEN_MONTHS.columns])
    threshold, name = cell[msg.BREAKEVEN_REVENUE], f'"{revenue.name}"'
    for index in range(12):
        row = first + index
        previous = f"E{row - 1}" if index else "0"
        period = (f"$A{row}",)
        sheet.put(row, 1, Formula(f"=DATE(YEAR({cell[msg.MONTH_LABEL]}),{index + 1},1)"),
                  Style(BREAKEVEN_MONTHS.columns[0].number_format))
        sheet.put(row, 2, aggregate(actuals, revenue, period, name, None), Style(AMOUNT))
        sheet.put(row, 3, aggregate(objectives, revenue, period, name, None), Style(AMOUNT))
        has_actual = closed_month(actuals, f"$A{row}", name)
        sheet.put(row, 4, Formula(f"=IF({has_actual},B{row},C{row})"), Style(AMOUNT))
        sheet.put(row, 5, Formula(f"={previous}+D{row}"), Style(AMOUNT))
        reached = (f"=IF(AND(D{row}>0,E{row}>={threshold},{previous}<{threshold}),"
                   f"A{row}+INT(({threshold}-{previous})/D{row}*DAY(EOMONTH(A{row},0))),\"\")")
        sheet.put(row, 6, Formula(reached), Style(DATE))
    sheet.put(last + 2, 1, msg.BREAKEVEN_NOTE)
    charts = [Chart("column", msg.YEAR_REVENUE, (1, first, last),
                    [(BREAKEVEN_MONTHS.header("revenue"), 4, first, last)], anchor="H3")]
    widths = {1: 44, **{col: c.width for col, c in enumerate(BREAKEVEN_MONTHS.columns[1:], start=2)}}
    return SheetWrite(BREAKEVEN_SHEET, sheet.rows, sheet.styles, widths, charts=charts)


def _mix_block(sheet: SheetGrid, top: int, title: str, labels: Sequence[str], criteria: Sequence[str],
               contracts: Sequence[InputRefs], key: str) -> tuple[int, Chart]:
    """Amount and share per category (SUMIFS over every contract list), then the
    rest, then the total."""
    sheet.put(top, 1, title, BLOCK)
    sheet.header(top + 1, [c.header for c in MIX.columns])
    first = top + 2
    total_row = first + len(labels) + 1

    def summed(criterion: str) -> str:
        return "+".join(f"SUMIFS({refs.range('amount')},{refs.range(key)},{criterion})" for refs in contracts)

    rows = [(label, Formula(f"={summed(criterion)}")) for label, criterion in zip(labels, criteria)]
    rows.append((msg.OTHER, Formula(f"=B{total_row}-SUM(B{first}:B{total_row - 2})")))
    rows.append((msg.TOTAL, Formula("=" + "+".join(f"SUM({refs.range('amount')})" for refs in contracts))))
    for offset, (label, amount) in enumerate(rows):
        row = first + offset
        bold = row == total_row
        sheet.put(row, 1, label, Style(bold=bold))
        sheet.put(row, 2, amount, Style(AMOUNT, bold=bold))
        sheet.put(row, 3, Formula(f"=B{row}/1000"), Style(MIX.columns[2].number_format, bold=bold))
        sheet.put(row, 4, Formula(f"=IF($B${total_row}=0,{ND},B{row}/$B${total_row})"),
                  Style(MIX.columns[3].number_format, bold=bold))
    chart = Chart("bar", title, (1, first, total_row - 1), [(MIX.header("amount"), 2, first, total_row - 1)],
                  anchor=f"G{top}", width_cm=14, height_cm=7)
    return total_row + 3, chart


def mix_sheet(contracts: Sequence[InputRefs]) -> SheetWrite:
    """`Répartition`: revenue by contract type P1-P4 ("P1*": "P1" and "P1 énergie" alike)
    and by customer type, with shares, over `Contrats` and the signed deals' contract
    lines alike."""
    sheet = SheetGrid()
    sheet.put(1, 1, msg.MIX_TITLE, TITLE)
    codes = [s.split()[0] for s in SERVICES]
    top, by_service = _mix_block(sheet, 3, msg.BY_SERVICE, SERVICES, [f'"{c}*"' for c in codes], contracts, "service")
    charts = [by_service]
    if all("customer_type" in refs.columns for refs in contracts):
        types = CUSTOMER_TYPE.choices
        _, by_customer = _mix_block(sheet, top, msg.BY_CUSTOMER, types, [f'"{t}"' for t in types], contracts,
                                    "customer_type")
        charts.append(by_customer)
    widths = {col: c.width for col, c in enumerate(MIX.columns, start=1)}
    return SheetWrite(MIX_SHEET, sheet.rows, sheet.styles, widths, charts=charts)


def owner_sheet_name(owner: str) -> str:
    """"TB <name>", without the characters Excel forbids in a sheet name, 31 characters at most."""
    clean = "".join(" " if ch in '[]:*?/\\' else ch for ch in owner).strip()
    return (OWNER_SHEET_PREFIX + clean)[:31]

