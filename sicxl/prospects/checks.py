"""The row rules of the prospect file (WORKBOOKS.md section 1), on typed values."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sicxl.messages import prospects as msg
from sicxl.prospects.contacts import email_problem, phone_problem
from sicxl.prospects.identifiers import (
    department_problem,
    insee_problem,
    postal_code_problem,
    siren_problem,
)
from sicxl.prospects.place import records
from sicxl.prospects.reading import Anomalies
from sicxl.schema.prospects import PROSPECTS
from sicxl.table import Table

FORMAT_RULES = (
    ("siren", siren_problem, msg.SIREN),
    ("insee", insee_problem, msg.INSEE),
    ("postal_code", postal_code_problem, msg.POSTAL_CODE),
    ("department", department_problem, msg.DEPARTMENT),
    ("phone", phone_problem, msg.PHONE),
    ("email", email_problem, msg.EMAIL),
)


CHECKED_KEYS = tuple(dict.fromkeys(
    [c.key for c in PROSPECTS.columns if c.required]
    + [key for key, _, _ in FORMAT_RULES]
    + ["id", "phone", "email", "undeliverable", "opt_out", "last_contact"]
))
"""The only columns the row rules read (each row's dict is built from these alone)."""


def check_rows(table: Table, clean: pd.DataFrame, anomalies: Anomalies, today: dt.date) -> None:
    """Apply every row rule; each failure becomes a French message naming its cell."""
    first_seen: dict[str, int] = {}
    present = {key for key, _, _ in FORMAT_RULES if table.has(key)}
    for row, values in records(clean, CHECKED_KEYS):
        _check_required(table, row, values, anomalies)
        _check_unique_id(table, row, values.get("id"), first_seen, anomalies)
        for key, rule, kind in FORMAT_RULES:
            value = values.get(key)
            if key in present and value:
                reason = rule(value)
                if reason:
                    anomalies.add(row, kind, msg.value_problem(PROSPECTS.header(key), value, reason, table.cell(key, row)))
        _check_contact(table, row, values, anomalies)
        _check_mailing(table, row, values, anomalies)
        last_contact = values.get("last_contact")
        if last_contact and last_contact > today:
            anomalies.add(row, msg.FUTURE, msg.future_date(
                PROSPECTS.header("last_contact"), last_contact, table.cell("last_contact", row)))


def _check_required(table: Table, row: int, values: dict, anomalies: Anomalies) -> None:
    for column in PROSPECTS.columns:
        if (column.required and table.has(column.key) and values.get(column.key) is None
                and not _unreadable_in(anomalies, row, column.header)):
            anomalies.add(row, msg.REQUIRED, msg.required(column.header, table.cell(column.key, row)))


def _unreadable_in(anomalies: Anomalies, row: int, header: str) -> bool:
    return any(m.startswith(header + " :") for m in anomalies.messages.get(row, ()))


def _check_unique_id(table: Table, row: int, value: str | None, first_seen: dict[str, int],
                     anomalies: Anomalies) -> None:
    if not value:
        return
    key = value.strip().casefold()
    if key in first_seen:
        anomalies.add(row, msg.DUPLICATE_ID, msg.duplicate_id(value, table.cell("id", row), first_seen[key]))
    else:
        first_seen[key] = row


def _check_contact(table: Table, row: int, values: dict, anomalies: Anomalies) -> None:
    """A prospect nobody can call or write to by e-mail cannot be worked on."""
    if not (table.has("phone") or table.has("email")):
        return
    if values.get("phone") is None and values.get("email") is None:
        key = "phone" if table.has("phone") else "email"
        if not _unreadable_in(anomalies, row, PROSPECTS.header(key)):
            anomalies.add(row, msg.NO_CONTACT, msg.no_contact(table.cell(key, row)))


def _check_mailing(table: Table, row: int, values: dict, anomalies: Anomalies) -> None:
    """NPAI (returned mail) and GDPR opposition: the row must not be mailed."""
    returned = values.get("undeliverable")
    if returned:
        anomalies.add(row, msg.UNDELIVERABLE, msg.undeliverable(returned, table.cell("undeliverable", row)))
    if values.get("opt_out") is True:
        anomalies.add(row, msg.OPT_OUT, msg.opt_out(table.cell("opt_out", row)))
