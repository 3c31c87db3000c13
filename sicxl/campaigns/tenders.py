"""Public tenders: deadlines to meet, steps running late, won tenders to turn into deals.

Local authorities buy through calls for tender: the team spots the published
consultation, withdraws the file, has the design office study it, sends the offer
with its technical memo before the deadline, then holds a coordination meeting
when it wins (issue 4). The house lead times below say when each step must be
done, counted in days before the deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from sicxl.campaigns.reading import Anomalies, read_columns
from sicxl.messages import campaigns as msg
from sicxl.schema.campaigns import (
    TENDER_SENT,
    TENDER_SPOTTED,
    TENDER_STUDY,
    TENDER_WITHDRAWN,
    TENDER_WON,
)
from sicxl.table import Table
from sicxl.values import fold

OPEN_STAGES = (TENDER_SPOTTED, TENDER_WITHDRAWN, TENDER_STUDY, TENDER_SENT)
NOT_SENT = (TENDER_SPOTTED, TENDER_WITHDRAWN, TENDER_STUDY)


@dataclass(frozen=True)
class LeadTimes:
    """House lead times, in days: the file is withdrawn 15 days before the
    deadline at the latest, the design office needs 10 days for its study, and a
    public buyer normally decides within the 90-day validity of the offers."""

    withdrawal: int = 15
    study: int = 10
    decision: int = 90


def read_tenders(table: Table, anomalies: Anomalies) -> pd.DataFrame:
    """Tenders with a readable deadline and step (the others are reported)."""
    tenders = read_columns(table, anomalies)
    return tenders[tenders["deadline"].notna() & tenders["stage"].notna()]


def _days_left(tenders: pd.DataFrame, today: dt.date) -> pd.Series:
    return tenders["deadline"].map(lambda d: (d - today).days)


def upcoming_deadlines(tenders: pd.DataFrame, today: dt.date, days: int) -> pd.DataFrame:
    """Open tenders whose deadline falls from today to `today + days`, soonest first."""
    left = _days_left(tenders, today)
    due = tenders[tenders["stage"].isin(OPEN_STAGES) & (left >= 0) & (left <= days)]
    return due.assign(days_left=left[due.index], reason=None).sort_values(["deadline", "reference"])


def _late_reason(stage: str, days_left: int, leads: LeadTimes) -> str | None:
    if stage in NOT_SENT and days_left < 0:
        return msg.late_no_offer(-days_left)
    if stage in (TENDER_SPOTTED, TENDER_WITHDRAWN) and days_left <= leads.study:
        return msg.late_study(days_left, leads.study)
    if stage == TENDER_SPOTTED and days_left <= leads.withdrawal:
        return msg.late_withdrawal(days_left, leads.withdrawal)
    if stage == TENDER_SENT and -days_left > leads.decision:
        return msg.late_result(leads.decision)
    return None


def late_steps(tenders: pd.DataFrame, today: dt.date, leads: LeadTimes = LeadTimes()) -> pd.DataFrame:
    """Tenders whose step lags behind the lead times, most overdue first, with the reason."""
    left = _days_left(tenders, today)
    reasons = pd.Series([_late_reason(s, d, leads) for s, d in zip(tenders["stage"], left)],
                        index=tenders.index, dtype=object)
    late = tenders[reasons.notna()]
    return late.assign(days_left=left[late.index], reason=reasons[late.index]).sort_values(["deadline", "reference"])


def _prospect_for(tender: pd.Series, prospects: pd.DataFrame, names: dict[str, list[str]]) -> tuple[str | None, str]:
    """The prospect ID of a won tender's buyer, and the remark for the user."""
    if tender["prospect_id"] is not None:
        if tender["prospect_id"] in prospects.index:
            return tender["prospect_id"], msg.won_tender(tender["reference"])
        return None, msg.tender_unknown_prospect(tender["prospect_id"])
    found = names.get(fold(tender["buyer"] or ""), [])
    if len(found) == 1:
        return found[0], msg.won_tender(tender["reference"])
    if not found:
        return None, msg.buyer_not_found(tender["buyer"] or "")
    return None, msg.buyer_ambiguous(tender["buyer"], len(found))


def deals_to_create(tenders: pd.DataFrame, deal_references: Iterable[str | None],
                    prospects: pd.DataFrame) -> pd.DataFrame:
    """Won tenders that no deal refers to yet (`Référence AO` of `Affaires`).

    A won tender becomes a deal, but never silently: it is listed for the user to
    create in `Affaires`, with the buyer's prospect ID found by ID or by name.
    """
    recorded = {fold(r) for r in deal_references if r}
    won = tenders[(tenders["stage"] == TENDER_WON) & ~tenders["reference"].map(lambda r: fold(r or "") in recorded)]
    names: dict[str, list[str]] = {}
    for pid, name in prospects["name"].items():
        if name:
            names.setdefault(fold(name), []).append(pid)
    found = [_prospect_for(t, prospects, names) for _, t in won.iterrows()]
    return won.assign(
        prospect_id=[f[0] for f in found],
        reason=[f[1] for f in found],
        stage=msg.DEAL_STAGE_FOR_WON,
    ).sort_values("reference")

