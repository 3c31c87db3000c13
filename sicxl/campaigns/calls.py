"""The call log: which calls count, and what the latest one says of each prospect.

Business rule (issue 4, WORKBOOKS.md "Appels"): after a call is logged, the
prospect's `Température` and `Dernier contact` follow the latest call. These are
the only user columns a job may update, and only from a call newer than the
`Dernier contact` already in the sheet, so that a date typed by hand after a
meeting is never pushed back by an older call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Collection, Sequence

import pandas as pd

from sicxl.campaigns.reading import (
    Anomalies,
    check_not_future,
    check_prospect_ids,
    read_columns,
)
from sicxl.schema.prospects import HEATS
from sicxl.table import Table
from sicxl.values import (
    parse_choice,
    parse_date,
    parse_or_none,
    text_of,
)


def read_calls(table: Table, prospect_ids: Sequence[str], today: dt.date, anomalies: Anomalies) -> pd.DataFrame:
    """The calls that count: a readable date not in the future, a known prospect.

    A call whose result is blank or outside the list still counts as a contact
    attempt (the date and the prospect are sure); the bad cell is reported.
    """
    clean = read_columns(table, anomalies)
    usable = clean["date"].notna() & clean["prospect_id"].notna()
    usable &= check_not_future(table, clean, "date", today, anomalies)
    usable &= check_prospect_ids(table, clean, prospect_ids, anomalies)
    calls = clean.loc[usable.to_numpy(dtype=bool)].copy()
    calls["row"] = calls.index
    return calls


def latest_contacts(calls: pd.DataFrame) -> pd.DataFrame:
    """Per prospect ID: `last_date` of the latest call, `call_heat` the latest
    temperature stated and `heat_date` the date of the call that stated it.

    Calls of the same day are ordered by their row: the lower one was logged last.
    """
    ordered = calls.sort_values(["date", "row"], kind="stable")
    last = ordered.groupby("prospect_id", sort=True)["date"].last().rename("last_date")
    with_heat = ordered[ordered["heat"].notna()]
    heat = with_heat.groupby("prospect_id")[["heat", "date"]].last()
    heat.columns = ["call_heat", "heat_date"]
    latest = pd.concat([last, heat], axis=1).astype(object)
    return latest.where(latest.notna(), None)


@dataclass(frozen=True)
class ContactUpdate:
    """New values for one row of `Prospects`; `None` leaves the cell as it is."""

    row: int
    last_contact: dt.date | None
    heat: str | None


def contact_updates(prospects: pd.DataFrame, latest: pd.DataFrame,
                    locked: Collection[str] = ()) -> list[ContactUpdate]:
    """The rows of `Prospects` to change, and only those.

    `prospects` is indexed by ID with `row`, `last_contact`, `heat`; `locked` holds
    the IDs whose `Dernier contact` could not be read: they are left alone, since
    nobody can tell whether a call is newer than what the user meant to type.
    """
    joined = prospects[["row", "last_contact", "heat"]].join(latest, how="inner")
    updates = []
    for pid, row, current, heat, last_date, call_heat, heat_date in joined.itertuples():
        if pid in locked:
            continue
        floor = current or dt.date.min
        new_date = last_date if last_date is not None and last_date > floor else None
        newer_heat = heat_date is not None and heat_date > floor and call_heat != heat
        if new_date is not None or newer_heat:
            updates.append(ContactUpdate(int(row), new_date, call_heat if newer_heat else None))
    return sorted(updates, key=lambda u: u.row)


def latest_heat(prospect_ids: Sequence[Any], call_ids: Sequence[Any], call_dates: Sequence[Any],
                call_heats: Sequence[Any]) -> list[str | None]:
    """The latest temperature stated in the calls, for each of `prospect_ids`.

    Plain values in, one value out per prospect (the `SIC_HEAT` cell function):
    `None` for a prospect never called with a temperature; call rows whose date
    or temperature cannot be read are skipped, as in the `calls` job.
    """
    if not (len(call_ids) == len(call_dates) == len(call_heats)):
        raise ValueError("the call columns differ in length")
    calls = pd.DataFrame({
        "prospect_id": [text_of(v) or None for v in call_ids],
        "date": [parse_or_none(parse_date, v) for v in call_dates],
        "heat": [parse_or_none(lambda v: parse_choice(v, HEATS), v) for v in call_heats],
    }, dtype=object)
    calls["row"] = range(len(calls))
    calls = calls[calls["prospect_id"].notna() & calls["date"].notna()]
    heats = latest_contacts(calls)["call_heat"].to_dict() if len(calls) else {}
    return [heats.get(text_of(pid)) for pid in prospect_ids]

