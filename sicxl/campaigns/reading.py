"""Typed frames of the campaign sheets, with a French message for every bad cell.

Each sheet is read column by column with the parser its schema declares
(`sicxl.prospects.reading.parser_for`), or a sheet-specific one (a contract type
typed "P1"); an unreadable cell becomes `None` and a message naming the cell, so
that the rules downstream work on typed values and never drop a row silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterable, Mapping

import pandas as pd

from sicxl.messages import campaigns as msg
from sicxl.prospects.reading import Anomalies, parse_column, parser_for
from sicxl.table import Table
from sicxl.values import is_blank

Parser = Callable[[Any], Any]

# What the campaign jobs need to know of a prospect.
PROSPECT_KEYS = ("id", "name", "segment", "decision_maker", "phone", "owner", "last_contact", "heat")


def read_columns(
    table: Table,
    anomalies: Anomalies,
    keys: Iterable[str] | None = None,
    parsers: Mapping[str, Parser] | None = None,
) -> pd.DataFrame:
    """The clean frame of `keys` (default: every user column), indexed by worksheet row.

    A column the sheet lacks is all `None`; a required cell left blank is reported.
    """
    parsers = parsers or {}
    wanted = [c for c in table.schema.user_columns if keys is None or c.key in set(keys)]
    clean: dict[str, list[Any]] = {}
    for column in wanted:
        if not table.has(column.key):
            clean[column.key] = [None] * len(table.frame)
            continue
        raws = table.frame[column.key].tolist()
        values, problems = parse_column(raws, parsers.get(column.key) or parser_for(column))
        for row, raw, value, position in zip(table.rows, raws, values, range(len(raws))):
            if position in problems:
                anomalies.add(row, msg.UNREADABLE, msg.cell_problem(column.header, problems[position],
                                                                    table.cell(column.key, row)))
            elif value is None and column.required:
                anomalies.add(row, msg.REQUIRED, msg.required(column.header, table.cell(column.key, row)))
        clean[column.key] = values
    return pd.DataFrame(clean, index=list(table.frame.index), dtype=object)


def unreadable_ids(table: Table, prospects: pd.DataFrame, key: str) -> set[str]:
    """IDs of the prospects whose cell `key` holds something that could not be read
    (not merely blank); `prospects` as given by `read_prospects`."""
    if not table.has(key):
        return set()
    raw = table.frame[key]
    filled = prospects["row"].map(lambda row: not is_blank(raw[row]))
    return set(prospects.index[filled & prospects[key].isna()])


def read_prospects(table: Table, anomalies: Anomalies, keys: Iterable[str] = PROSPECT_KEYS) -> pd.DataFrame:
    """Prospects by ID (first row wins when an ID repeats), with their worksheet row.

    Only the columns a job uses are read (`keys`, plus the ID): checking the rest
    is the prospect jobs' business, and 100,000 rows parse faster that way.
    """
    clean = read_columns(table, anomalies, {"id", *keys})
    clean = clean[clean["id"].notna()].copy()
    clean["row"] = clean.index
    repeated = clean["id"].duplicated(keep="first")
    first_rows = clean.drop_duplicates("id").set_index("id")["row"]
    for row, value in clean.loc[repeated, "id"].items():
        anomalies.add(row, msg.DUPLICATE_PROSPECT,
                      msg.duplicate_prospect(value, table.cell("id", row), int(first_rows[value])))
    prospects = clean[~repeated].set_index("id")
    if "owner" in prospects:
        prospects["owner"] = prospects["owner"].fillna(msg.NO_OWNER)
    return prospects


def check_prospect_ids(table: Table, clean: pd.DataFrame, known: Iterable[str], anomalies: Anomalies) -> pd.Series:
    """Rows whose `prospect_id` names a known prospect; the unknown ones are reported."""
    known_ids = set(known)
    ids = clean["prospect_id"]
    known_mask = ids.isin(known_ids)
    for row, value in ids[ids.notna() & ~known_mask].items():
        anomalies.add(row, msg.UNKNOWN_PROSPECT, msg.unknown_prospect(value, table.cell("prospect_id", row)))
    return known_mask


def check_not_future(table: Table, clean: pd.DataFrame, key: str, today: dt.date, anomalies: Anomalies) -> pd.Series:
    """Rows whose date `key` is not after `today`; the future ones are reported
    (a call or a visit cannot have happened tomorrow: it is a typing slip)."""
    dates = clean[key]
    future = dates.map(lambda d: d is not None and d > today)
    header = table.schema.header(key)
    for row, value in dates[future].items():
        anomalies.add(row, msg.FUTURE, msg.future_date(header, value, today, table.cell(key, row)))
    return ~future


def report_lines(sheet: str, anomalies: Anomalies) -> list[str]:
    """Every message, in sheet order, prefixed with its sheet."""
    return [msg.in_sheet(sheet, m) for row in sorted(anomalies.messages) for m in anomalies.messages[row]]

