"""Deals: a prospect, a contract (P1-P4) and its yearly amount, through its steps.

A signed deal is what the dashboard counts as revenue (issue 4), so the prospect
file and the dashboard agree only if every deal is sound: a deal without a
prospect, a contract number used twice or an amount that is not a number is
reported, never dropped silently.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

import pandas as pd

from sicxl.campaigns.reading import Anomalies, check_prospect_ids, read_columns
from sicxl.messages import campaigns as msg
from sicxl.schema.campaigns import SERVICES, STAGE_SIGNED
from sicxl.table import Table
from sicxl.values import ValueProblem, fold, parse_choice

_SERVICE_CODE = re.compile(r"p\s*([1-4])\b")


def parse_service(value: Any) -> str:
    """A contract type from its full name or its code alone ("P1", "p3 - garantie")."""
    try:
        return parse_choice(value, SERVICES)
    except ValueProblem:
        if match := _SERVICE_CODE.match(fold(value)):
            return SERVICES[int(match.group(1)) - 1]
        raise


def read_deals(table: Table, prospect_ids: Iterable[str], anomalies: Anomalies) -> pd.DataFrame:
    """Every deal row, typed, with the checks of the business rule reported.

    Rows stay in the frame even when a check fails (a signed deal with an
    unreadable amount is still a signed contract); `known_prospect` says whether
    the deal names a prospect of the file.
    """
    deals = read_columns(table, anomalies, parsers={"service": parse_service})
    _check_prospect(table, deals, anomalies)
    deals["known_prospect"] = check_prospect_ids(table, deals, prospect_ids, anomalies)
    _check_contracts(table, deals, anomalies)
    _check_amounts(table, deals, anomalies)
    return deals


def _check_prospect(table: Table, deals: pd.DataFrame, anomalies: Anomalies) -> None:
    # A blank ID prospect is already reported as a required cell; say what it means.
    if not table.has("prospect_id"):
        return
    for row in deals.index[deals["prospect_id"].isna()]:
        anomalies.add(row, msg.NO_PROSPECT, msg.no_prospect(table.cell("prospect_id", row)))


def _check_contracts(table: Table, deals: pd.DataFrame, anomalies: Anomalies) -> None:
    contracts = deals["contract"].dropna().map(fold)
    first_rows: dict[str, int] = {}
    for row, number in contracts.items():
        if number in first_rows:
            anomalies.add(row, msg.DUPLICATE_CONTRACT, msg.duplicate_contract(
                deals.at[row, "contract"], table.cell("contract", row), table.cell("contract", first_rows[number])))
        else:
            first_rows[number] = row


def _check_amounts(table: Table, deals: pd.DataFrame, anomalies: Anomalies) -> None:
    if not table.has("amount"):
        return
    raw = table.frame["amount"]
    for row in deals.index:
        amount = deals.at[row, "amount"]
        if amount is not None and amount < 0:
            anomalies.add(row, msg.NEGATIVE_AMOUNT, msg.negative_amount(amount, table.cell("amount", row)))
        elif amount is None and raw[row] is None and deals.at[row, "stage"] == STAGE_SIGNED:
            anomalies.add(row, msg.SIGNED_WITHOUT_AMOUNT, msg.signed_without_amount(table.cell("amount", row)))


def signed(deals: pd.DataFrame) -> pd.DataFrame:
    """The signed deals of known prospects: the contracts the dashboard counts."""
    return deals[(deals["stage"] == STAGE_SIGNED) & deals["known_prospect"]]


def signed_revenue(deals: pd.DataFrame) -> float:
    """Yearly revenue signed (k€): amounts of signed deals; an unreadable amount,
    already reported, adds nothing."""
    amounts = pd.to_numeric(signed(deals)["amount"], errors="coerce")
    return float(amounts[amounts > 0].sum())
