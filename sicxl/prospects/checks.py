"""The row rules of the prospect file (WORKBOOKS.md section 1), on typed values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from sicxl.messages import prospects as msg
from sicxl.prospects.contacts import email_problem, phone_problem
from sicxl.prospects.identifiers import (
    department_problem,
    insee_problem,
    postal_code_problem,
    siren_problem,
)
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


def check_rows(table: Table, clean: pd.DataFrame, anomalies: Anomalies, today: dt.date) -> None:
    """Apply every row rule; each failure becomes a French message naming its cell.

    Rule by rule over whole columns, each rule's passes in the order a row's
    messages are read (required cells, ID, formats, contact, mailing, dates): no
    per-row dictionary, and a format judged once per distinct value."""
    rows = clean.index.tolist()

    def column(key: str) -> list[Any]:
        return clean[key].tolist() if key in clean else [None] * len(rows)

    _check_required(table, rows, column, anomalies)
    _check_unique_ids(table, rows, column("id"), anomalies)
    for key, rule, kind in FORMAT_RULES:
        if table.has(key):
            _check_format(table, rows, key, column(key), rule, kind, anomalies)
    _check_contact(table, rows, column("phone"), column("email"), anomalies)
    _check_mailing(table, rows, column("undeliverable"), column("opt_out"), anomalies)
    _check_not_future(table, rows, column("last_contact"), today, anomalies)


def _check_required(table: Table, rows: list[int], column: Callable[[str], list[Any]], anomalies: Anomalies) -> None:
    for required in PROSPECTS.columns:
        if not (required.required and table.has(required.key)):
            continue
        for row, value in zip(rows, column(required.key)):
            if value is None and not _unreadable_in(anomalies, row, required.header):
                anomalies.add(row, msg.REQUIRED, msg.required(required.header, table.cell(required.key, row)))


def _unreadable_in(anomalies: Anomalies, row: int, header: str) -> bool:
    return any(m.startswith(header + " :") for m in anomalies.messages.get(row, ()))


def _check_unique_ids(table: Table, rows: list[int], ids: list[Any], anomalies: Anomalies) -> None:
    first_seen: dict[str, int] = {}
    for row, value in zip(rows, ids):
        if not value:
            continue
        key = value.strip().casefold()
        if key in first_seen:
            anomalies.add(row, msg.DUPLICATE_ID, msg.duplicate_id(value, table.cell("id", row), first_seen[key]))
        else:
            first_seen[key] = row


def _check_format(table: Table, rows: list[int], key: str, values: list[Any], rule: Callable[[Any], str | None],
                  kind: str, anomalies: Anomalies) -> None:
    reasons: dict[Any, str | None] = {}
    header = PROSPECTS.header(key)
    for row, value in zip(rows, values):
        if not value:
            continue
        if value not in reasons:
            reasons[value] = rule(value)
        if reason := reasons[value]:
            anomalies.add(row, kind, msg.value_problem(header, value, reason, table.cell(key, row)))


def _check_contact(table: Table, rows: list[int], phones: list[Any], emails: list[Any],
                   anomalies: Anomalies) -> None:
    """A prospect nobody can call or write to by e-mail cannot be worked on."""
    if not (table.has("phone") or table.has("email")):
        return
    key = "phone" if table.has("phone") else "email"
    for row, phone, email in zip(rows, phones, emails):
        if phone is None and email is None and not _unreadable_in(anomalies, row, PROSPECTS.header(key)):
            anomalies.add(row, msg.NO_CONTACT, msg.no_contact(table.cell(key, row)))


def _check_mailing(table: Table, rows: list[int], returned: list[Any], opt_outs: list[Any],
                   anomalies: Anomalies) -> None:
    """NPAI (returned mail) and GDPR opposition: the row must not be mailed."""
    for row, count, opt_out in zip(rows, returned, opt_outs):
        if count:
            anomalies.add(row, msg.UNDELIVERABLE, msg.undeliverable(count, table.cell("undeliverable", row)))
        if opt_out is True:
            anomalies.add(row, msg.OPT_OUT, msg.opt_out(table.cell("opt_out", row)))


def _check_not_future(table: Table, rows: list[int], dates: list[Any], today: dt.date, anomalies: Anomalies) -> None:
    for row, last_contact in zip(rows, dates):
        if last_contact and last_contact > today:
            anomalies.add(row, msg.FUTURE, msg.future_date(
                PROSPECTS.header("last_contact"), last_contact, table.cell("last_contact", row)))
