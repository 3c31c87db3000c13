"""The figures of a dashboard, as the sheet's formulas compute them.

For a month and, optionally, one salesperson: per indicator, the month's and
the year-to-date objective, actual, variance and rates, last year's actual,
and the XmR signal of the monthly variance to plan. Quantities are summed
(SUMIFS), qualitative indices averaged over the rows (AVERAGEIFS); an average
over no row is undefined (NaN, shown "n.d.").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from sicxl.dashboard import measures
from sicxl.dashboard.xmr import Signal, signal
from sicxl.schema.dashboard import INDICATORS, Indicator


def shift_month(month: str, months: int) -> str:
    """"2025-03" shifted by -12 -> "2024-03"."""
    return (pd.Period(month, freq="M") + months).strftime("%Y-%m")


def year_to_date(month: str) -> list[str]:
    """January to `month` of the same year."""
    start = month[:4] + "-01"
    return list(pd.period_range(start, month, freq="M").strftime("%Y-%m"))


def select(frame: pd.DataFrame, indicator: Indicator, owner: str | None = None) -> pd.DataFrame:
    """The rows of one indicator, and of one salesperson (matched without case, as SUMIFS)."""
    rows = frame[frame["indicator"] == indicator.name]
    if owner is not None:
        rows = rows[rows["owner"].str.casefold() == owner.casefold()]
    return rows


def aggregate(rows: pd.DataFrame, indicator: Indicator, months: Iterable[str]) -> float:
    """SUMIFS (0 when nothing matches) or AVERAGEIFS (NaN when nothing matches)."""
    values = rows.loc[rows["month"].isin(list(months)), "value"]
    if indicator.average:
        return float(values.mean()) if len(values) else math.nan
    return float(values.sum())


def monthly(rows: pd.DataFrame, indicator: Indicator) -> pd.Series:
    """One value per month present: the sum, or the mean for an index."""
    grouped = rows.groupby("month")["value"]
    return (grouped.mean() if indicator.average else grouped.sum()).sort_index()


def variance_series(actuals: pd.DataFrame, objectives: pd.DataFrame, indicator: Indicator, month: str,
                    owner: str | None = None) -> pd.Series:
    """Monthly actual − objective up to `month`, over the months that have both."""
    actual = monthly(select(actuals, indicator, owner), indicator)
    objective = monthly(select(objectives, indicator, owner), indicator)
    both = actual.index.intersection(objective.index)
    both = both[both <= month]
    return (actual[both] - objective[both]).sort_index()


@dataclass(frozen=True)
class Line:
    indicator: Indicator
    objective: float
    actual: float
    previous: float
    signal: Signal

    @property
    def variance(self) -> float:
        return measures.variance(self.actual, self.objective)

    @property
    def variance_rate(self) -> float:
        return measures.variance_rate(self.actual, self.objective)

    @property
    def achievement(self) -> float:
        return measures.achievement(self.actual, self.objective)

    @property
    def growth(self) -> float:
        return measures.growth(self.actual, self.previous)

    @property
    def favourable(self) -> float:
        return measures.favourable(self.variance, self.indicator.higher_is_better)


@dataclass(frozen=True)
class Board:
    month: str
    owner: str | None
    month_lines: list[Line]
    ytd_lines: list[Line]


def board(actuals: pd.DataFrame, objectives: pd.DataFrame, month: str, owner: str | None = None,
          indicators: Sequence[Indicator] = INDICATORS) -> Board:
    """The dashboard of `month` (AAAA-MM), for the team or for one salesperson."""
    last_year = shift_month(month, -12)
    ytd, ytd_before = year_to_date(month), year_to_date(last_year)
    month_lines, ytd_lines = [], []
    for indicator in indicators:
        act, obj = select(actuals, indicator, owner), select(objectives, indicator, owner)
        verdict = signal(variance_series(actuals, objectives, indicator, month, owner).to_numpy())
        month_lines.append(Line(indicator, aggregate(obj, indicator, [month]), aggregate(act, indicator, [month]),
                                aggregate(act, indicator, [last_year]), verdict))
        ytd_lines.append(Line(indicator, aggregate(obj, indicator, ytd), aggregate(act, indicator, ytd),
                              aggregate(act, indicator, ytd_before), Signal("")))
    return Board(month, owner, month_lines, ytd_lines)


def trend(actuals: pd.DataFrame, objectives: pd.DataFrame, indicator: Indicator, month: str,
          owner: str | None = None, length: int = 12) -> pd.DataFrame:
    """The `length` months ending at `month`: objective and actual per month."""
    months = [shift_month(month, k) for k in range(1 - length, 1)]
    act, obj = select(actuals, indicator, owner), select(objectives, indicator, owner)
    return pd.DataFrame(
        {"objective": [aggregate(obj, indicator, [m]) for m in months],
         "actual": [aggregate(act, indicator, [m]) for m in months]},
        index=months,
    )


def revenue_by_month(actuals: pd.DataFrame, objectives: pd.DataFrame, indicator: Indicator,
                     year: int) -> pd.DataFrame:
    """The 12 months of `year`: actual, objective, and the revenue retained for the
    break-even date (the actual when the month has any actual row, else the objective)."""
    months = [f"{year:04d}-{m:02d}" for m in range(1, 13)]
    act, obj = select(actuals, indicator), select(objectives, indicator)
    has_actual = set(act["month"])
    frame = pd.DataFrame(
        {"actual": [aggregate(act, indicator, [m]) for m in months],
         "objective": [aggregate(obj, indicator, [m]) for m in months]},
        index=months,
    )
    frame["revenue"] = np.where([m in has_actual for m in months], frame["actual"], frame["objective"])
    frame["cumulative"] = frame["revenue"].cumsum()
    return frame


def owners(actuals: pd.DataFrame, objectives: pd.DataFrame) -> list[str]:
    """Every salesperson named in the inputs, once (case ignored), first spelling kept, sorted."""
    seen: dict[str, str] = {}
    for name in [*actuals["owner"], *objectives["owner"]]:
        if name:
            seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)

