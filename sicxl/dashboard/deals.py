"""Signed deals as the contract lines the dashboard reads (issue 17, point 2).

A deal signed in the prospect file's `Affaires` is a contract: the dashboard
takes it once, by its contract number, as a line with its type (P1-P4), its
signing, start and end dates, its yearly amount, and what the prospect file
says of the customer (name, type, market, department) and of the salesperson
(agency). Rules:

- only signed deals are contracts; one without a contract number, amount, known
  type or signing date cannot be counted once and rightly, so it is left out,
  with the reason (the dashboard says which deals it took and which it could not);
- a contract number already in the dashboard's own `Contrats` is counted there,
  not a second time; a number repeated in `Affaires` counts for its first deal;
- a taken contract adds its yearly amount to « CA signé » and one to « Nombre de
  contrats » of its signing month, unless the team already typed those figures in
  `Réalisé` for that salesperson, market and month (what is typed is the team's
  record, and counting the deal as well would count it twice), or the month is
  before the first one of `Réalisé` (a contract signed before the dashboard
  existed belongs to the portfolio and its mix, not to a month of the dashboard);
- in a portfolio copy (a market's or a salesperson's workbook made by `split`)
  only the deals of that market or salesperson are taken; the others are not
  even listed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import pandas as pd

from sicxl.dashboard.breakeven import month_start
from sicxl.messages import dashboard as msg
from sicxl.prospects.identifiers import department_of_insee
from sicxl.schema.dashboard import COUNTED_YES, DEAL_CONTRACTS, DEALS_LEFT_OUT, INDICATOR_BY_NAME, REVENUE
from sicxl.schema.campaigns import STAGE_SIGNED
from sicxl.schema.portfolio import MARKET_OF_SEGMENT
from sicxl.values import fold, is_blank, text_of

CONTRACT_COUNT = INDICATOR_BY_NAME["Nombre de contrats"]
DEAL_INDICATORS = (REVENUE, CONTRACT_COUNT)
"""The indicators a signed contract feeds: its yearly amount and one contract."""


@dataclass(frozen=True)
class Scope:
    """The markets or salespeople a portfolio copy holds (None: the whole team)."""

    markets: frozenset[str] | None = None
    owners: frozenset[str] | None = None

    def holds(self, market: str, owner: str) -> bool:
        return ((self.markets is None or fold(market) in self.markets)
                and (self.owners is None or fold(owner) in self.owners))


@dataclass
class DealLines:
    """`taken`: one row per contract line, in DEAL_CONTRACTS' keys; `left_out`: the
    signed deals not taken, in DEALS_LEFT_OUT's keys; `in_contracts`: those of them
    already in `Contrats` (counted there); `outside`: signed deals of other portfolios."""

    taken: pd.DataFrame
    left_out: pd.DataFrame
    in_contracts: list[Any] = field(default_factory=list)
    outside: int = 0
    counted: int = 0
    revenue: float = 0.0
    months: list[str] = field(default_factory=list)


def _prospect(prospects: pd.DataFrame, prospect_id: Any) -> Mapping[str, Any]:
    if is_blank(prospect_id) or prospect_id not in prospects.index:
        return {}
    return prospects.loc[prospect_id].to_dict()


def _department(prospect: Mapping[str, Any]) -> str | None:
    if prospect.get("department"):
        return prospect["department"]
    insee = prospect.get("insee")
    return department_of_insee(insee) if insee else None


def _reason(deal: Mapping[str, Any], raw_service: Any, taken: Mapping[str, str], in_contracts: Mapping[str, int]) -> str | None:
    """Why a signed deal cannot be taken, None when it can (module docstring)."""
    contract = text_of(deal.get("contract"))
    if not contract:
        return msg.DEAL_NO_CONTRACT
    if fold(contract) in in_contracts:
        return msg.deal_in_contracts(in_contracts[fold(contract)])
    if fold(contract) in taken:
        return msg.deal_contract_taken(taken[fold(contract)])
    if deal.get("amount") is None:
        return msg.DEAL_NO_AMOUNT
    if deal.get("service") is None:
        return msg.deal_unknown_service(raw_service)
    if deal.get("date") is None:
        return msg.DEAL_NO_DATE
    return None


def deal_lines(deals: pd.DataFrame, raw_services: Mapping[int, Any], prospects: pd.DataFrame,
               in_contracts: Mapping[str, int], agencies: Mapping[str, str], scope: Scope = Scope()) -> DealLines:
    """The contract lines of the signed deals, and the signed deals left out.

    `deals`: typed `Affaires` rows (campaigns.deals.read_deals), indexed by worksheet
    row; `raw_services`: the Prestation cells as typed, for the reasons;
    `prospects`: typed Prospects by ID (name, segment, department, insee, owner);
    `in_contracts`: folded contract number -> row of the dashboard's `Contrats`;
    `agencies`: folded salesperson -> agency (from Objectifs and Réalisé).
    """
    taken_rows, left_rows = [], []
    taken_numbers: dict[str, str] = {}
    already: list[Any] = []
    outside = 0
    for row, deal in deals[deals["stage"] == STAGE_SIGNED].iterrows():
        prospect = _prospect(prospects, deal.get("prospect_id"))
        owner = text_of(deal.get("owner")) or text_of(prospect.get("owner"))
        segment = prospect.get("segment")
        market = MARKET_OF_SEGMENT.get(segment, "") if segment else ""
        if not scope.holds(market, owner):
            outside += 1
            continue
        reason = _reason(deal, raw_services.get(row), taken_numbers, in_contracts)
        name = text_of(prospect.get("name")) or None
        if reason is not None:
            if text_of(deal.get("contract")) and fold(text_of(deal.get("contract"))) in in_contracts:
                already.append(deal.get("deal_id"))
            left_rows.append({"deal_id": deal.get("deal_id"), "prospect_id": deal.get("prospect_id"), "name": name,
                              "contract": deal.get("contract"), "reason": reason})
            continue
        taken_numbers[fold(text_of(deal["contract"]))] = text_of(deal.get("deal_id")) or msg.row_label(row)
        signed: dt.date = deal["date"]
        taken_rows.append({
            "contract": text_of(deal["contract"]), "deal_id": deal.get("deal_id"),
            "prospect_id": deal.get("prospect_id"), "name": name, "signed": signed,
            "start": deal.get("start") or signed, "end": deal.get("end"), "owner": owner or None,
            "agency": agencies.get(fold(owner)) if owner else None, "market": market or None,
            "department": _department(prospect), "customer_type": segment, "service": deal["service"],
            "amount": float(deal["amount"]), "period": month_start(signed.strftime("%Y-%m")),
        })
    taken = pd.DataFrame(taken_rows, columns=[c.key for c in DEAL_CONTRACTS.columns if c.key != "counted"])
    left_out = pd.DataFrame(left_rows, columns=[c.key for c in DEALS_LEFT_OUT.columns])
    return DealLines(taken, left_out, already, outside)


def typed_keys(actuals: pd.DataFrame, by_market: bool) -> dict[tuple[str, str, str], int]:
    """(month, folded salesperson, folded market) -> first row of `Réalisé` where the
    team typed « CA signé » or « Nombre de contrats » (the market left out when the
    sheet has no market column)."""
    typed = actuals[actuals["indicator"].isin([i.name for i in DEAL_INDICATORS])]
    keys: dict[tuple[str, str, str], int] = {}
    for row, line in typed.iterrows():
        keys.setdefault((line["month"], fold(line["owner"]), fold(line["market"]) if by_market else ""), int(row))
    return keys


def mark_counted(lines: DealLines, typed: Mapping[tuple[str, str, str], int], by_market: bool,
                 first_month: str | None) -> None:
    """The `counted` column: "oui", or why the deal's figures are not added to `Réalisé`
    (already typed there, or signed before its first month `first_month`)."""
    flags = []
    for line in lines.taken.itertuples(index=False):
        month = line.period.strftime("%Y-%m")
        key = (month, fold(line.owner or ""), fold(line.market or "") if by_market else "")
        if first_month is None or month < first_month:
            flags.append(msg.deal_before_actuals(first_month))
        else:
            flags.append(COUNTED_YES if key not in typed else msg.deal_already_typed(typed[key]))
    lines.taken["counted"] = pd.Series(flags, index=lines.taken.index, dtype=object)
    counted = lines.taken[lines.taken["counted"] == COUNTED_YES]
    lines.counted = len(counted)
    lines.revenue = float(counted["amount"].sum())
    lines.months = sorted({p.strftime("%Y-%m") for p in counted["period"]})


def actual_rows(lines: DealLines) -> pd.DataFrame:
    """The counted contract lines as rows of `Réalisé` (month, owner, market,
    indicator, value, agency, department): what the live formulas add to it."""
    counted = lines.taken[lines.taken["counted"] == COUNTED_YES]
    frames = []
    for indicator, values in ((REVENUE, counted["amount"]), (CONTRACT_COUNT, pd.Series(1.0, index=counted.index))):
        frames.append(pd.DataFrame({
            "month": [p.strftime("%Y-%m") for p in counted["period"]],
            "owner": counted["owner"].fillna("").to_numpy(), "market": counted["market"].fillna("").to_numpy(),
            "indicator": indicator.name, "value": values.astype(float).to_numpy(),
            "agency": counted["agency"].fillna("").to_numpy(), "department": counted["department"].fillna("").to_numpy(),
        }))
    return pd.concat(frames, ignore_index=True)


def agencies(*frames: pd.DataFrame) -> dict[str, str]:
    """Each salesperson's agency (folded name -> agency), as Objectifs and Réalisé name it most often."""
    seen: dict[str, Counter[str]] = {}
    for frame in frames:
        for owner, agency in zip(frame["owner"], frame["agency"]):
            if owner and agency:
                seen.setdefault(fold(owner), Counter())[agency] += 1
    return {owner: counts.most_common(1)[0][0] for owner, counts in seen.items()}


def contracts_index(numbers: Iterable[tuple[int, Any]]) -> dict[str, int]:
    """Folded contract number -> first row of the dashboard's `Contrats`."""
    index: dict[str, int] = {}
    for row, number in numbers:
        if not is_blank(number):
            index.setdefault(fold(text_of(number)), int(row))
    return index
