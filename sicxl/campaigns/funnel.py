"""The prospecting funnel of a campaign: from prospects called to contracts signed.

Step definitions (each counts distinct prospects, so that every rate is a share
of the previous step and the split per salesperson adds up to the whole):
- contacted: prospects with at least one call in the campaign, whatever its result;
- useful contacts: prospects whose decision maker was reached and answered, i.e.
  a call "Informations obtenues", "RDV obtenu" or "Refus" (not "Injoignable" nor a
  secretary's "Barrage"): the usual meaning of "contact utile / argumenté";
- appointments: prospects with a call "RDV obtenu";
- proposals: contacted prospects with a deal at Proposition, Signée or Perdue
  (an offer was handed in), dated on or after their first call of the campaign;
- signed: contacted prospects with a signed deal so dated; revenue: the yearly
  amounts of those signed deals (k€).
The sample campaign of issue 4 (114 communes called, 85 useful contacts, 30
appointments, 12 contracts, 500 k€ a year) gives 74.6 % useful/contacted,
35.3 % appointments/useful, 40 % contracts/appointments and 10.5 % overall.
A salesperson's figures are those of the prospects they own (`Commercial` of
`Prospects`), so the call log needs no salesperson column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import pandas as pd

from sicxl.messages import campaigns as msg
from sicxl.schema.campaigns import (
    DEAL_STAGES,
    FUNNEL,
    PROPOSAL_STAGES,
    RESULT_APPOINTMENT,
    RESULTS,
    STAGE_SIGNED,
    USEFUL_RESULTS,
)
from sicxl.values import (
    fold,
    parse_choice,
    parse_number,
    parse_or_none,
    text_of,
)

STEPS = ("contacted", "useful", "appointments", "proposals", "signed")
RATES = tuple(msg.RATE_LABELS)  # (numerator step, denominator step)


@dataclass(frozen=True)
class Funnel:
    contacted: int = 0
    useful: int = 0
    appointments: int = 0
    proposals: int = 0
    signed: int = 0
    revenue: float = 0.0

    def count(self, step: str) -> int:
        return getattr(self, step)

    def rate(self, numerator: str, denominator: str) -> float | None:
        """A conversion rate; `None` when the denominator step is empty."""
        base = self.count(denominator)
        return self.count(numerator) / base if base else None

    def rates(self) -> list[float | None]:
        return [self.rate(n, d) for n, d in RATES]


@dataclass(frozen=True)
class CampaignFilter:
    """Which calls make a campaign: a period (inclusive), a campaign name, a segment."""

    start: dt.date | None = None
    end: dt.date | None = None
    campaign: str | None = None
    segment: str | None = None


def select_calls(calls: pd.DataFrame, prospects: pd.DataFrame, chosen: CampaignFilter) -> pd.DataFrame:
    """The calls of `chosen`; `calls` has `date`, `prospect_id`, `campaign`,
    `prospects` is indexed by ID with `segment`."""
    keep = pd.Series(True, index=calls.index)
    if chosen.start is not None:
        keep &= calls["date"].map(lambda d: d >= chosen.start)
    if chosen.end is not None:
        keep &= calls["date"].map(lambda d: d <= chosen.end)
    if chosen.campaign:
        keep &= calls["campaign"].map(lambda c: fold(c or "") == fold(chosen.campaign))
    if chosen.segment:
        segments = calls["prospect_id"].map(prospects["segment"])
        keep &= segments.map(lambda s: fold(s or "") == fold(chosen.segment))
    return calls[keep]


def campaign_names(calls: pd.DataFrame) -> list[str]:
    """Campaign names in the order of their first call; calls without one form their own."""
    named = calls.assign(name=calls["campaign"].fillna(msg.NO_CAMPAIGN))
    return list(named.sort_values(["date", "row"], kind="stable")["name"].drop_duplicates())


def prospect_steps(calls: pd.DataFrame, deals: pd.DataFrame) -> pd.DataFrame:
    """One row per contacted prospect: a flag per step and the revenue signed.

    `calls`: `prospect_id`, `date`, `result`; `deals`: `prospect_id`, `stage`,
    `amount`, `date` (deals of unknown prospects already filtered out).
    """
    grouped = calls.groupby("prospect_id")
    steps = pd.DataFrame({
        "first_call": grouped["date"].min(),
        "useful": grouped["result"].agg(lambda r: r.isin(USEFUL_RESULTS).any()),
        "appointments": grouped["result"].agg(lambda r: (r == RESULT_APPOINTMENT).any()),
    })
    steps["contacted"] = True
    cohort = deals[deals["prospect_id"].isin(steps.index)]
    first = cohort["prospect_id"].map(steps["first_call"])
    cohort = cohort[pd.Series([d is None or d >= f for d, f in zip(cohort["date"], first)],
                              index=cohort.index, dtype=bool)]
    steps["proposals"] = steps.index.isin(cohort.loc[cohort["stage"].isin(PROPOSAL_STAGES), "prospect_id"])
    won = cohort[cohort["stage"] == STAGE_SIGNED]
    steps["signed"] = steps.index.isin(won["prospect_id"])
    amounts = pd.to_numeric(won["amount"], errors="coerce")
    steps["revenue"] = amounts[amounts > 0].groupby(won["prospect_id"]).sum().reindex(steps.index, fill_value=0.0)
    return steps[[*STEPS, "revenue"]]


def funnel_of(steps: pd.DataFrame) -> Funnel:
    totals = steps.sum()
    return Funnel(*(int(totals.get(s, 0)) for s in STEPS), revenue=float(totals.get("revenue", 0.0)))


def funnel_by_owner(steps: pd.DataFrame, owners: Mapping[str, str] | pd.Series) -> dict[str, Funnel]:
    """The funnel of each salesperson's prospects, salespeople in alphabetical order."""
    owner_of = pd.Series(steps.index, index=steps.index).map(owners).fillna(msg.NO_OWNER)
    return {owner: funnel_of(group) for owner, group in steps.groupby(owner_of, sort=True)}


def funnel_table(call_prospects: Sequence[Any], call_results: Sequence[Any], deal_prospects: Sequence[Any] = (),
                 deal_stages: Sequence[Any] = (), deal_amounts: Sequence[Any] = ()) -> list[list[Any]]:
    """The funnel of a range of calls and deals, as rows of plain values (`SIC_FUNNEL`).

    The user picks the period by the range they select, so deals are not dated
    here. Rows: a header, the five steps and the revenue, then the rates.
    Unreadable results, stages or amounts count for nothing, as in the job.
    """
    if len(call_prospects) != len(call_results) or not (len(deal_prospects) == len(deal_stages) == len(deal_amounts)):
        raise ValueError("the columns of a range differ in length")
    calls = pd.DataFrame({
        "prospect_id": [text_of(v) or None for v in call_prospects],
        "result": [parse_or_none(lambda v: parse_choice(v, RESULTS), v) for v in call_results],
    }, dtype=object)
    calls["date"] = dt.date.min
    deals = pd.DataFrame({
        "prospect_id": [text_of(v) or None for v in deal_prospects],
        "stage": [parse_or_none(lambda v: parse_choice(v, DEAL_STAGES), v) for v in deal_stages],
        "amount": [parse_or_none(parse_number, v) for v in deal_amounts],
    }, dtype=object)
    deals["date"] = None
    funnel = funnel_of(prospect_steps(calls[calls["prospect_id"].notna()], deals))
    rows: list[list[Any]] = [[FUNNEL.header("step"), msg.COUNT_HEADER]]
    rows += [[msg.STEP_LABELS[s], funnel.count(s)] for s in STEPS]
    rows.append([msg.STEP_LABELS["revenue"], funnel.revenue])
    rows += [[msg.RATE_LABELS[r], rate] for r, rate in zip(RATES, funnel.rates())]
    return rows
