"""The agenda: call-backs and appointments due in the next days, per salesperson.

Issue 4: a salesperson prepares a meeting from it, so each line carries the
prospect's temperature (warm and hot prospects first), whom to ask for, the
objections heard on the phone and the decisive points of the last visit report.
A call-back is due only while no later call was logged for the prospect: the
next call settles it. An appointment stays due whatever the calls after it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sicxl.campaigns.calls import latest_contacts
from sicxl.messages import campaigns as msg
from sicxl.schema.prospects import HEATS

# Hot first, then warm, then cold, then unknown.
HEAT_ORDER = {heat: rank for rank, heat in enumerate(reversed(HEATS))}

AGENDA_KEYS = ("owner", "date", "kind", "heat", "prospect_id", "name", "contact", "phone", "objections",
               "report_date", "decisive", "motivations", "competitor", "next_step")


def _in_window(dates: pd.Series, first: dt.date, last: dt.date) -> np.ndarray:
    """A boolean row mask (a numpy array: an empty object Series would select columns)."""
    return np.array([d is not None and first <= d <= last for d in dates], dtype=bool)


def due_items(calls: pd.DataFrame, today: dt.date, days: int) -> pd.DataFrame:
    """Appointments and open call-backs dated from `today` to `today + days`.

    `calls`: `prospect_id`, `date`, `row`, `appointment`, `callback`, `contact`,
    `objections`. An appointment repeated on several calls is listed once (the
    latest call about it gives the contact and objections).
    """
    last = today + dt.timedelta(days=days)
    ordered = calls.sort_values(["date", "row"], kind="stable")
    meetings = ordered[_in_window(ordered["appointment"], today, last)]
    meetings = meetings.drop_duplicates(["prospect_id", "appointment"], keep="last")
    meetings = meetings.assign(kind=msg.AGENDA_APPOINTMENT, due=meetings["appointment"])
    latest_calls = ordered.drop_duplicates("prospect_id", keep="last")
    callbacks = latest_calls[_in_window(latest_calls["callback"], today, last)]
    callbacks = callbacks.assign(kind=msg.AGENDA_CALLBACK, due=callbacks["callback"])
    columns = ["prospect_id", "due", "kind", "contact", "objections"]
    return pd.concat([meetings[columns], callbacks[columns]], ignore_index=True)


def last_reports(reports: pd.DataFrame) -> pd.DataFrame:
    """The latest visit report of each prospect, indexed by prospect ID."""
    dated = reports[reports["prospect_id"].notna() & reports["date"].notna()].copy()
    dated["row"] = dated.index
    return dated.sort_values(["date", "row"], kind="stable").groupby("prospect_id").last()


def agenda(calls: pd.DataFrame, prospects: pd.DataFrame, reports: pd.DataFrame, today: dt.date,
           days: int) -> pd.DataFrame:
    """The agenda lines (columns `AGENDA_KEYS`), sorted by salesperson, hot
    prospects first, then by date, appointments before call-backs.

    `prospects` is indexed by ID with `name`, `owner`, `heat`, `phone`,
    `decision_maker`; `reports` are the clean visit reports. The temperature is
    that of the latest call stating one, else the one in `Prospects`.
    """
    items = due_items(calls, today, days)
    info = prospects.reindex(items["prospect_id"])
    call_heat = latest_contacts(calls)["call_heat"] if len(calls) else pd.Series(dtype=object)
    heat = items["prospect_id"].map(call_heat).where(lambda h: h.notna(), info["heat"].to_numpy())
    report = last_reports(reports).reindex(items["prospect_id"])
    lines = pd.DataFrame({
        "owner": info["owner"].fillna(msg.NO_OWNER).to_numpy(),
        "date": items["due"],
        "kind": items["kind"],
        "heat": heat,
        "prospect_id": items["prospect_id"],
        "name": info["name"].to_numpy(),
        "contact": items["contact"].where(items["contact"].notna(), info["decision_maker"].to_numpy()),
        "phone": info["phone"].to_numpy(),
        "objections": items["objections"],
        "report_date": report["date"].to_numpy(),
        "decisive": report["decisive"].to_numpy(),
        "motivations": report["motivations"].to_numpy(),
        "competitor": report["competitor"].to_numpy(),
        "next_step": report["next_step"].to_numpy(),
    })
    lines["heat_rank"] = lines["heat"].map(HEAT_ORDER).fillna(len(HEATS))
    lines["kind_rank"] = (lines["kind"] != msg.AGENDA_APPOINTMENT).astype(int)
    lines = lines.sort_values(["owner", "heat_rank", "date", "kind_rank", "name"], kind="stable")
    lines = lines.drop(columns=["heat_rank", "kind_rank"]).reset_index(drop=True)
    return lines.astype(object).where(lines.notna(), None)
