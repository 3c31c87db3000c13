"""Dashboard cell functions: SIC_VARIANCE, SIC_RATE, SIC_BREAKEVEN, SIC_SIGNAL.

Thin shells over sicxl.dashboard (measures, breakeven, xmr): the same
formulas as the `Tableau de bord` sheet. A rate whose base is zero is "n.d."
there, and here too (never #DIV/0!).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from sicxl.dashboard import measures, xmr
from sicxl.dashboard.breakeven import breakeven as breakeven_of
from sicxl.dashboard.inputs import read_costs
from sicxl.formulas.ranges import Cells, as_rows, never_raises, range_table, read_column
from sicxl.messages import formulas as msg
from sicxl.messages.dashboard import NOT_DEFINED
from sicxl.schema.base import SheetSchema
from sicxl.schema.dashboard import CHARGES, DASHBOARD
from sicxl.values import is_blank, parse_number

# The columns of `Tableau de bord`, read as inputs here (the sheet computes them).
LINES = SheetSchema(DASHBOARD.name, tuple(replace(c, computed=False) for c in DASHBOARD.columns))
LINE_INPUTS = ("objective", "actual", "previous")  # their schema order
RATES = {  # the kind argument of SIC_RATE -> (function, base column, result column)
    "réalisation": (measures.achievement, "objective", "achievement"),
    "écart": (measures.variance_rate, "objective", "variance_rate"),
    "évolution": (measures.growth, "previous", "growth"),
}


def _defined(value: float) -> Any:
    return value if math.isfinite(value) else NOT_DEFINED


def _pairs(rows: Any, base: str, compute: Any, title: str) -> Cells:
    """compute(actual, base) on every row whose two cells read as numbers."""
    read = range_table(rows, LINES, LINE_INPUTS)
    table = read.table
    missing = [DASHBOARD.header(k) for k in ("actual", base) if not table.has(k)]
    if missing:
        return [[msg.bad_row([msg.missing_columns(missing)])]]
    actual, bad_actual = read_column(table, "actual", parse_number)
    other, bad_other = read_column(table, base, parse_number)
    cells: dict[int, Any] = {}
    for row in table.rows:
        problems = [p for p in (bad_actual.get(row), bad_other.get(row)) if p]
        if problems:
            cells[row] = msg.bad_row(problems)
        elif actual[row] is not None and other[row] is not None:
            cells[row] = _defined(compute(actual[row], other[row]))
    return read.result(cells, title)


@never_raises
def variance(rows: Any) -> Cells:
    """Écart = Réalisé − Objectif, row by row."""
    return _pairs(rows, "objective", measures.variance, DASHBOARD.header("variance"))


@never_raises
def rate(rows: Any, kind: Any = None) -> Cells:
    """Taux de réalisation (default), Écart % or Évolution %, row by row."""
    chosen = str(kind or "réalisation").strip().casefold()
    if chosen not in RATES:
        return [[msg.bad_row([msg.unknown_choice(str(kind), tuple(RATES))])]]
    compute, base, column = RATES[chosen]
    return _pairs(rows, base, compute, DASHBOARD.header(column))


@never_raises
def breakeven(rows: Any) -> Cells:
    """Seuil de rentabilité (k€) of the `Charges` lines: fixed costs / margin rate."""
    table = range_table(rows, CHARGES, [c.key for c in CHARGES.columns]).table
    costs = read_costs(table)
    if costs.issues:
        return [[msg.bad_row([issue.message for issue in costs.issues])]]
    return [[_defined(breakeven_of(costs.fixed, costs.variable_rate))]]


@never_raises
def signal(values: Any) -> Cells:
    """"ponctuel", "structurel" or "" for each month of a series of variances,
    judged on the months up to it (XmR chart, see sicxl.dashboard.xmr)."""
    column = [row[0] if row else None for row in as_rows(values)]
    series: list[Any] = []
    cells: Cells = []
    for value in column:
        if is_blank(value):
            cells.append([""])
            continue
        series.append(value)
        cells.append([xmr.signal(series).label])
    return cells
