"""Contracts coming to term and proposals waiting for an answer (issue 17, point 3).

A contract ends on its « Date de fin »; it must be renegotiated, or denounced,
before its notice begins (end minus « Préavis (mois) »): the agenda lists, per
salesperson, the signed deals ending within the horizon of `Paramètres`
(« Échéances : horizon (mois) »), most urgent notice first, with the prospect's
deal history and its last visit report, what a salesperson reads before
calling. A proposal is followed up when it has waited at « Proposition » longer
than « Propositions : relance après (jours) »: the date of the deal row is the
day it reached that step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from sicxl.campaigns.agenda import last_reports
from sicxl.messages import campaigns as msg
from sicxl.schema.campaigns import AGEING_PROPOSALS, RENEWALS, STAGE_PROPOSAL, STAGE_SIGNED


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` calendar months (the last day of a shorter month kept in range)."""
    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()


def deal_history(deals: pd.DataFrame) -> dict[Any, str]:
    """Per prospect ID, its deals in date order, in words ("AF-003 P1 énergie, 45 k€,
    Signée le 18/10/2026 ; AF-015 ...")."""
    dated = deals[deals["prospect_id"].notna()].copy()
    dated["order"] = [d or dt.date.min for d in dated["date"]]
    dated = dated.sort_values(["order"], kind="stable")
    history: dict[Any, list[str]] = {}
    for deal in dated.itertuples(index=False):
        history.setdefault(deal.prospect_id, []).append(
            msg.history_item(deal.deal_id, deal.service, deal.amount, deal.stage, deal.date))
    return {pid: " ; ".join(items) for pid, items in history.items()}


def _report_columns(lines: pd.DataFrame, reports: pd.DataFrame, keys: tuple[str, ...]) -> None:
    last = last_reports(reports).reindex(lines["prospect_id"])
    lines["report_date"] = last["date"].to_numpy()
    for key in keys:
        lines[key] = last[key].to_numpy()


def _of_prospects(lines: pd.DataFrame, prospects: pd.DataFrame, keys: dict[str, str]) -> None:
    info = prospects.reindex(lines["prospect_id"])
    for target, source in keys.items():
        lines[target] = info[source].to_numpy()


def renewals(deals: pd.DataFrame, prospects: pd.DataFrame, reports: pd.DataFrame, today: dt.date,
             months: int) -> pd.DataFrame:
    """Signed deals ending after `today` and within `months`, in RENEWALS' columns,
    by salesperson and date to renegotiate by (module docstring)."""
    horizon = add_months(today, months)
    in_horizon = np.array([end is not None and today <= end <= horizon for end in deals["end"]], dtype=bool)
    ending = deals[(deals["stage"] == STAGE_SIGNED).to_numpy(dtype=bool) & in_horizon].copy()
    ending["deadline"] = [add_months(end, -int(notice or 0)) for end, notice in zip(ending["end"], ending["notice"])]
    history = deal_history(deals)
    ending["history"] = ending["prospect_id"].map(history)
    _of_prospects(ending, prospects, {"name": "name", "prospect_owner": "owner"})
    ending["owner"] = ending["owner"].where(ending["owner"].notna(), ending["prospect_owner"]).fillna(msg.NO_OWNER)
    _report_columns(ending, reports, ("decisive", "next_step"))
    ending = ending.sort_values(["owner", "deadline", "end"], kind="stable")
    lines = ending[[c.key for c in RENEWALS.columns]].reset_index(drop=True)
    return lines.astype(object).where(lines.notna(), None)


def ageing_proposals(deals: pd.DataFrame, prospects: pd.DataFrame, reports: pd.DataFrame, today: dt.date,
                     days: int) -> pd.DataFrame:
    """Deals at « Proposition » for more than `days` days, in AGEING_PROPOSALS' columns,
    by salesperson, the oldest first."""
    waiting = deals[(deals["stage"] == STAGE_PROPOSAL) & deals["date"].notna()].copy()
    waiting["waiting"] = [(today - day).days for day in waiting["date"]]
    waiting = waiting[waiting["waiting"] > days]
    _of_prospects(waiting, prospects, {"name": "name", "contact": "decision_maker", "phone": "phone",
                                       "prospect_owner": "owner"})
    waiting["owner"] = waiting["owner"].where(waiting["owner"].notna(), waiting["prospect_owner"]).fillna(msg.NO_OWNER)
    _report_columns(waiting, reports, ("next_step",))
    waiting = waiting.sort_values(["owner", "waiting"], ascending=[True, False], kind="stable")
    lines = waiting[[c.key for c in AGEING_PROPOSALS.columns]].reset_index(drop=True)
    return lines.astype(object).where(lines.notna(), None)
