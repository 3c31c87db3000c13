"""Keeping the prospect file alive (issue 17, point 4): who is a client, and whom to
contact again.

A row's « Statut client » is what the team typed; when blank it is deduced from
the signed deals: a contract still running (no end date, or one not yet past)
makes a Client, contracts that have all ended a former client (Ancien client),
and no signed deal a Prospect.

Each category of the score has a minimum contact frequency in `Paramètres`
(« Contact : Stratégique (jours) »...): a prospect or client whose last contact
is older is listed for its salesperson, as is one never contacted, and one
without a decision-maker (nobody to ask for). The last contact is the latest of
the « Dernier contact » typed in `Prospects`, the calls that reached someone
(a useful call: information, appointment or refusal; not a switchboard) and the
visit reports. Left out: a GDPR opposition (no prospecting allowed), a row the
duplicate search marked « Doublon » (its original is listed), and the rows the
score has not classified yet (reported as such, since their frequency is unknown).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

import numpy as np
import pandas as pd

from sicxl.messages import campaigns as msg
from sicxl.messages.prospects import STATUS_DUPLICATE
from sicxl.schema.campaigns import CONTACTS_DUE, STAGE_SIGNED, USEFUL_RESULTS
from sicxl.schema.prospects import CATEGORIES, RELATION_CLIENT, RELATION_FORMER, RELATION_PROSPECT


def deduced_relations(deals: pd.DataFrame, today: dt.date) -> dict[Any, str]:
    """Client or Ancien client, per prospect ID with signed deals (module docstring)."""
    signed = deals[(deals["stage"] == STAGE_SIGNED) & deals["prospect_id"].notna()]
    relations: dict[Any, str] = {}
    for prospect_id, ends in signed.groupby("prospect_id")["end"]:
        running = any(end is None or end >= today for end in ends)
        relations[prospect_id] = RELATION_CLIENT if running else RELATION_FORMER
    return relations


def relations(prospects: pd.DataFrame, deals: pd.DataFrame, today: dt.date) -> pd.Series:
    """Each prospect's status: as typed, else deduced, else Prospect."""
    deduced = pd.Series(deduced_relations(deals, today), dtype=object)
    typed = prospects["relation"]
    return typed.where(typed.notna(), deduced.reindex(prospects.index)).fillna(RELATION_PROSPECT)


def last_contacts(prospects: pd.DataFrame, calls: pd.DataFrame, reports: pd.DataFrame) -> pd.Series:
    """The latest contact date per prospect ID (module docstring), None when never."""
    useful = calls[calls["result"].isin(USEFUL_RESULTS)]
    dates = pd.concat([
        pd.Series(prospects["last_contact"].to_numpy(), index=prospects.index),
        pd.Series(useful["date"].to_numpy(), index=useful["prospect_id"].to_numpy()),
        pd.Series(reports["date"].to_numpy(), index=reports["prospect_id"].to_numpy()),
    ]).dropna()
    latest = dates.groupby(level=0).max() if len(dates) else pd.Series(dtype=object)
    return latest.reindex(prospects.index).astype(object).where(lambda s: s.notna(), None)


def contacts_due(prospects: pd.DataFrame, calls: pd.DataFrame, reports: pd.DataFrame, deals: pd.DataFrame,
                 today: dt.date, frequencies: Mapping[str, int]) -> tuple[pd.DataFrame, int]:
    """The rows to contact again, in CONTACTS_DUE's columns, by salesperson, the most
    overdue first and the never contacted by category; and how many rows were left
    out for want of a category.

    `prospects`: by ID, with name, owner, phone, decision_maker, last_contact,
    relation, opt_out, and the computed `category` and `status` (None when absent).
    """
    kept = prospects[(prospects["opt_out"] != True) & (prospects["status"] != STATUS_DUPLICATE)]  # noqa: E712
    unclassified = int(kept["category"].isna().sum())
    kept = kept[kept["category"].notna()].copy()
    kept["relation"] = relations(kept, deals, today)
    kept["last"] = last_contacts(kept, calls, reports)
    kept["frequency"] = pd.Series([int(frequencies[c]) for c in kept["category"]], index=kept.index, dtype=object)
    kept["days"] = pd.Series([(today - last).days if last is not None else None for last in kept["last"]],
                             index=kept.index, dtype=object)
    kept["reason"] = [_reasons(last, days, frequency, maker)
                      for last, days, frequency, maker in zip(kept["last"], kept["days"], kept["frequency"],
                                                              kept["decision_maker"])]
    due = kept[kept["reason"].notna()].copy()
    due["prospect_id"] = due.index
    due["rank"] = [CATEGORIES[::-1].index(c) for c in due["category"]]
    due["overdue"] = [-(d - f) if d is not None else np.inf for d, f in zip(due["days"], due["frequency"])]
    due = due.sort_values(["owner", "overdue", "rank", "prospect_id"], kind="stable")
    due = due.rename(columns={"decision_maker": "contact"})
    lines = due[[c.key for c in CONTACTS_DUE.columns]].reset_index(drop=True)
    return lines.astype(object).where(lines.notna(), None), unclassified


def _reasons(last: dt.date | None, days: int | None, frequency: int, decision_maker: Any) -> str | None:
    reasons = []
    if last is None:
        reasons.append(msg.NEVER_CONTACTED)
    elif days > frequency:
        reasons.append(msg.overdue(days, frequency))
    if decision_maker is None:
        reasons.append(msg.NO_DECISION_MAKER)
    return " ; ".join(reasons) or None
