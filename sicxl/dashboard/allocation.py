"""Fixed costs shared between markets, and each market's break-even (issue 17, point 6).

The fixed costs of `Charges` are the whole team's. A market's break-even needs
its part of them: the key of `Paramètres` (settings.py) shares them out, by
each market's share of the year's revenue objective by default. With F the
fixed costs this workbook bears, s_m a market's share and m the margin rate on
variable costs, a market bears F × s_m and breaks even at F × s_m / m; the
shares add up to 1 (rows without a market form an « Autre » group), so the
markets' break-evens add up to the whole (F / m), which is what `split` keeps:
each market's copy bears its own share (settings.SHARE_PARAMETER).

A market's revenue of the year is counted as on `Seuil de rentabilité`: the
actual of the months the team has closed in `Réalisé` (typed « CA signé » rows),
the objective of the others.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import pandas as pd

from sicxl.dashboard.breakeven import breakeven
from sicxl.dashboard.settings import RULE_EQUAL, RULE_MARGIN
from sicxl.schema.dashboard import INDICATOR_BY_NAME, REVENUE

Group = str | None  # None: the rows of no listed group ("Autre ou non renseigné")
KEY_INDICATORS = {RULE_MARGIN: INDICATOR_BY_NAME["Marge brute"]}
ROUNDING = 1e-6  # k€: a smaller difference of two sums comes from floating point, not from the users


def key_indicator(rule: str) -> str:
    """The objective the key is drawn from: « CA signé », or « Marge brute »."""
    return KEY_INDICATORS.get(rule, REVENUE).name


def _of_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    return frame[frame["month"].str.startswith(f"{year:04d}-")]


def by_group(rows: pd.DataFrame, column: str, groups: Sequence[str]) -> dict[Group, float]:
    """The sum of `value` per group, matched without case (as SUMIFS), the rest in None."""
    folded = rows[column].fillna("").str.casefold()
    sums: dict[Group, float] = {g: float(rows.loc[folded == g.casefold(), "value"].sum()) for g in groups}
    other = float(rows["value"].sum()) - sum(sums.values())
    sums[None] = other if abs(other) > ROUNDING else 0.0
    return sums


def key_bases(objectives: pd.DataFrame, year: int, rule: str, column: str, groups: Sequence[str]) -> dict[Group, float]:
    """What each group's share is drawn from: its objective of the year (k€), or 1
    for every group with objectives that year under "Parts égales"."""
    rows = _of_year(objectives, year)
    if rule == RULE_EQUAL:
        present = set(rows[column].fillna("").str.casefold())
        bases: dict[Group, float] = {g: float(g.casefold() in present) for g in groups}
        bases[None] = float(not any(bases.values()) and len(rows) > 0)
        return bases
    return by_group(rows[rows["indicator"] == key_indicator(rule)], column, groups)


def shares(bases: Mapping[Group, float]) -> dict[Group, float]:
    """Each group's share of the key (NaN for all when the key is empty)."""
    total = sum(bases.values())
    return {g: (b / total if total else math.nan) for g, b in bases.items()}


def year_revenue(objectives: pd.DataFrame, actuals: pd.DataFrame, closed: set[str], year: int, column: str,
                 groups: Sequence[str]) -> dict[Group, float]:
    """Each group's revenue of the year: actual for the closed months, objective for the others."""
    revenue = REVENUE.name
    actual = _of_year(actuals[actuals["indicator"] == revenue], year)
    planned = _of_year(objectives[objectives["indicator"] == revenue], year)
    rows = pd.concat([actual[actual["month"].isin(closed)], planned[~planned["month"].isin(closed)]])
    return by_group(rows, column, groups)


@dataclass(frozen=True)
class GroupBreakeven:
    group: Group
    base: float
    share: float
    fixed: float
    threshold: float
    revenue: float

    @property
    def margin(self) -> float:
        return self.revenue - self.threshold

    @property
    def index(self) -> float:
        return self.margin / self.revenue if self.revenue else math.nan


def breakevens(bases: Mapping[Group, float], revenues: Mapping[Group, float], fixed: float,
               variable_rate: float) -> list[GroupBreakeven]:
    """Fixed costs, break-even and revenue per group (module docstring), in `bases`' order."""
    out = []
    for group, share in shares(bases).items():
        part = fixed * share
        out.append(GroupBreakeven(group, bases[group], share, part, float(breakeven(part, variable_rate)),
                                  revenues.get(group, 0.0)))
    return out


def portfolio_share(objectives: pd.DataFrame, actual_months: Sequence[str], rule: str, column: str,
                    name: str) -> float | None:
    """The share of the fixed costs a portfolio copy bears (`split`, issue 17): that of
    the market or salesperson `name` (`column`: "market" or "owner") in the key of
    the dashboard's year, the year of its latest month of actuals (of objectives
    when there is none). None when the master has no objective to draw a key from."""
    months = list(actual_months) or sorted(objectives["month"].unique())
    if not months:
        return None
    groups = sorted({v for v in objectives[column].fillna("") if v}, key=str.casefold)
    wanted = next((g for g in groups if g.casefold() == name.casefold()), None)
    found = shares(key_bases(objectives, int(months[-1][:4]), rule, column, groups))
    share = found.get(wanted, 0.0) if wanted is not None else 0.0
    return None if math.isnan(share) else share
