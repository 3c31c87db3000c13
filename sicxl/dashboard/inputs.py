"""Reading and checking the dashboard's input tables (Objectifs, Réalisé, Charges, Contrats).

The dashboard's figures are live SUMIFS formulas, so the core must count
exactly what Excel counts: a text criterion matches without regard to case
(but not to accents), an amount typed as text is not added up. A row that
Excel would miscount (unreadable month, unknown indicator, amount typed as
text, duplicated line) is reported in French, naming the cell, and left out
of both the core's figures and the formulas (its `Période` cell stays empty).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd

from sicxl.dashboard.breakeven import month_start
from sicxl.messages import dashboard as msg
from sicxl.schema.dashboard import CUSTOMER_TYPE, INDICATORS
from sicxl.schema.deals import SERVICES
from sicxl.table import Table
from sicxl.values import ValueProblem, is_blank, parse_choice, parse_month, parse_number, parse_once, text_of

_INDICATOR_NAMES = {i.name.casefold(): i.name for i in INDICATORS}
ENTRY_COLUMNS = ["month", "owner", "market", "indicator", "value", "agency", "department"]
SERVICE_CODES = tuple(s.split()[0] for s in SERVICES)  # "P1".."P4"


@dataclass(frozen=True)
class RowIssue:
    kind: str  # one of the KIND_* labels of sicxl.messages.dashboard
    row: int
    message: str


@dataclass
class Entries:
    """The rows of Objectifs or Réalisé that count.

    `frame`: index = worksheet row; columns month ("AAAA-MM"), owner, market,
    indicator (canonical name), value (float), agency, department ("" when the
    sheet has no such column). `periods` gives, for every data
    row of the table, the month it counts for (None: not counted), which the
    job writes into the computed `Période` column.
    """

    sheet: str
    frame: pd.DataFrame
    periods: dict[int, dt.date | None]
    issues: list[RowIssue] = field(default_factory=list)

    def months(self) -> list[str]:
        return sorted(self.frame["month"].unique())


def excel_number(value: Any, label: str, cell: str) -> tuple[float | None, RowIssue | None]:
    """A number as SUM/SUMIFS sees it: numbers only; text, even "12,5", is skipped."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return parse_number(value), None
        except ValueProblem as problem:
            return None, RowIssue(msg.KIND_VALUE, 0, msg.not_a_number(label, str(problem), cell))
    if is_blank(value):
        return None, RowIssue(msg.KIND_VALUE, 0, msg.missing_value(label, cell))
    try:
        parse_number(value)
    except ValueProblem as problem:
        return None, RowIssue(msg.KIND_VALUE, 0, msg.not_a_number(label, str(problem), cell))
    return None, RowIssue(msg.KIND_TEXT_NUMBER, 0, msg.text_number(label, value, cell))


def _indicator(value: Any) -> tuple[str | None, str | None]:
    """(canonical name, suggestion): exact match without case as SUMIFS does; when
    only accents or spaces differ, the canonical spelling is suggested."""
    if is_blank(value):
        return None, None
    name = _INDICATOR_NAMES.get(str(value).casefold())
    if name:
        return name, None
    try:
        return None, parse_choice(value, tuple(_INDICATOR_NAMES.values()))
    except ValueProblem:
        return None, None


def read_entries(table: Table) -> Entries:
    """Objectifs or Réalisé rows: months in any usual form, checked one by one."""
    value_label = table.schema.header("value")
    month_of = parse_once(parse_month)
    rows: dict[int, dict[str, Any]] = {}
    issues: list[RowIssue] = []
    first_of: dict[tuple[str, str, str, str], int] = {}
    frame = table.frame
    for row in frame.index:
        record = frame.loc[row]
        found = _read_entry(table, row, record, value_label, month_of)
        if isinstance(found, RowIssue):
            issues.append(found)
            continue
        key = (found["month"], found["owner"].casefold(), found["market"].casefold(), found["indicator"])
        if key in first_of:
            issues.append(RowIssue(msg.KIND_DUPLICATE, row,
                                   msg.duplicate_line(table.cell("indicator", row), first_of[key])))
            continue
        first_of[key] = row
        rows[row] = found
    kept = pd.DataFrame.from_dict(rows, orient="index", columns=ENTRY_COLUMNS)
    kept["value"] = kept["value"].astype(float)
    kept.index.name = "row"
    periods = {row: (month_start(rows[row]["month"]) if row in rows else None) for row in frame.index}
    return Entries(table.sheet, kept, periods, issues)


def _read_entry(table: Table, row: int, record: pd.Series, value_label: str,
                month_of: Callable[[Any], str | ValueProblem]) -> dict[str, Any] | RowIssue:
    month = month_of(record.get("month"))
    if isinstance(month, ValueProblem):
        return RowIssue(msg.KIND_MONTH, row, msg.bad_month(str(month), table.cell("month", row)))
    indicator, suggestion = _indicator(record.get("indicator"))
    if indicator is None:
        cell = table.cell("indicator", row)
        return RowIssue(msg.KIND_INDICATOR, row, msg.unknown_indicator(record.get("indicator"), cell, suggestion))
    value, problem = excel_number(record.get("value"), value_label, table.cell("value", row))
    if problem is not None:
        return RowIssue(problem.kind, row, problem.message)
    return {
        "month": month,
        **{key: text_of(record.get(key)) if table.has(key) else "" for key in ("owner", "market")},
        "indicator": indicator,
        "value": value,
        **{key: text_of(record.get(key)) if table.has(key) else "" for key in ("agency", "department")},
    }


def missing_months(entries: Entries) -> list[str]:
    """Months between the first and the last one of the table that have no row at all."""
    months = entries.months()
    if not months:
        return []
    start, end = month_start(months[0]), month_start(months[-1])
    expected = pd.period_range(start, end, freq="M").strftime("%Y-%m")
    present = set(months)
    return [m for m in expected if m not in present]


@dataclass
class Costs:
    """What `Charges` says: fixed costs of the year (k€), variable costs as a share of revenue."""

    fixed: float = 0.0
    variable_rate: float = 0.0
    issues: list[RowIssue] = field(default_factory=list)


def read_costs(table: Table) -> Costs:
    """Sum the fixed amounts and the variable rates, as the sheet's SUMIFS do.

    A rate above 100 % is almost always "62" typed for "62 %": reported, since
    Excel would read it as 6 200 %.
    """
    costs = Costs()
    for row in table.frame.index:
        record = table.frame.loc[row]
        kind = str(record.get("kind") or "").casefold()
        if kind == "fixe" and table.has("amount"):
            amount, problem = excel_number(record.get("amount"), table.schema.header("amount"),
                                           table.cell("amount", row))
            if problem:
                costs.issues.append(RowIssue(msg.KIND_COST, row, problem.message))
            else:
                costs.fixed += amount
        elif kind == "variable" and table.has("rate"):
            rate, problem = excel_number(record.get("rate"), table.schema.header("rate"), table.cell("rate", row))
            if problem:
                costs.issues.append(RowIssue(msg.KIND_COST, row, problem.message))
                continue
            costs.variable_rate += rate
            if rate > 1:
                costs.issues.append(RowIssue(msg.KIND_COST, row, msg.rate_as_percent(rate, table.cell("rate", row))))
        else:
            cell = table.cell("kind", row) if table.has("kind") else f"ligne {row}"
            reason = f"{record.get('kind')!s} n'est ni « Fixe » ni « Variable »"
            costs.issues.append(RowIssue(msg.KIND_COST, row, msg.bad_cost(table.schema.header("kind"), reason, cell)))
    return costs


@dataclass
class Contracts:
    """Contract rows that count: service code (P1-P4 or None), customer type
    (canonical or None) and yearly amount."""

    frame: pd.DataFrame
    issues: list[RowIssue] = field(default_factory=list)


def service_code(value: Any) -> str | None:
    """"P1 énergie", "p1", "P1" -> "P1": the criterion "P1*" of the sheet's SUMIFS."""
    text = "" if is_blank(value) else str(value).casefold()
    return next((code for code in SERVICE_CODES if text.startswith(code.casefold())), None)


def customer_type(value: Any) -> tuple[str | None, str | None]:
    """(canonical type, suggestion), matched without case as SUMIFS does."""
    if is_blank(value):
        return None, None
    for choice in CUSTOMER_TYPE.choices:
        if choice.casefold() == str(value).casefold():
            return choice, None
    try:
        return None, parse_choice(value, CUSTOMER_TYPE.choices)
    except ValueProblem:
        return None, None


def read_contracts(table: Table) -> Contracts:
    rows: dict[int, dict[str, Any]] = {}
    issues: list[RowIssue] = []
    for row in table.frame.index:
        record = table.frame.loc[row]
        amount, problem = excel_number(record.get("amount"), table.schema.header("amount"), table.cell("amount", row))
        if problem:
            issues.append(RowIssue(msg.KIND_CONTRACT, row, problem.message))
            continue
        service = service_code(record.get("service"))
        if service is None:
            issues.append(RowIssue(msg.KIND_CONTRACT, row,
                                   msg.unknown_service(record.get("service"), table.cell("service", row))))
        kind, suggestion = customer_type(record.get("customer_type")) if table.has("customer_type") else (None, None)
        if kind is None and table.has("customer_type") and not is_blank(record.get("customer_type")):
            issues.append(RowIssue(msg.KIND_CONTRACT, row, msg.unknown_customer_type(
                record.get("customer_type"), table.cell("customer_type", row), suggestion)))
        rows[row] = {"service": service, "customer_type": kind, "amount": amount}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["service", "customer_type", "amount"])
    frame["amount"] = frame["amount"].astype(float)
    return Contracts(frame, issues)
