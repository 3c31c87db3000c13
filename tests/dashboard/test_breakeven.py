"""Break-even revenue, point mort with seasonality, margin and index of safety."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from sicxl.dashboard.board import revenue_by_month
from sicxl.dashboard.breakeven import breakeven, breakeven_date, margin_rate, safety
from sicxl.dashboard.inputs import read_costs, read_entries
from sicxl.jobs.base import load_table
from sicxl.schema.dashboard import ACTUALS, CHARGES, OBJECTIVES, REVENUE

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


def test_threshold_is_fixed_costs_over_variable_margin_rate() -> None:
    assert margin_rate(0.72) == pytest.approx(0.28)
    assert breakeven(3280, 0.72) == pytest.approx(11714.2857, rel=1e-6)


def test_no_margin_means_no_threshold() -> None:
    assert math.isnan(breakeven(3280, 1.0))
    assert math.isnan(breakeven(3280, 1.2))


def test_even_year_reaches_break_even_at_the_textbook_date() -> None:
    # 1 200 k€ a month, threshold 6 000: reached exactly at the end of May.
    assert breakeven_date(MONTHS, [1200] * 12, 6000) == dt.date(2025, 6, 1)
    # threshold 6 600: half of June gone, 15 of its 30 days.
    assert breakeven_date(MONTHS, [1200] * 12, 6600) == dt.date(2025, 6, 16)


def test_seasonality_moves_the_break_even_date() -> None:
    quiet_summer = [1000] * 6 + [400, 200] + [1500] * 4
    # 6 000 after June, 6 600 after August: 400 of the 1 500 of September, 30 days -> 8 days.
    assert breakeven_date(MONTHS, quiet_summer, 7000) == dt.date(2025, 9, 9)


def test_threshold_never_reached() -> None:
    assert breakeven_date(MONTHS, [100] * 12, 6000) is None
    assert breakeven_date(MONTHS, [100] * 12, math.nan) is None


def test_margin_and_index_of_safety() -> None:
    result = safety(16330, 11714.2857)
    assert result.margin == pytest.approx(4615.7143)
    assert result.index == pytest.approx(0.282652, rel=1e-5)


def test_sample_break_even_is_in_september(sample_source) -> None:
    costs = read_costs(load_table(sample_source, CHARGES))
    assert (costs.fixed, costs.variable_rate) == (3280, pytest.approx(0.72))
    actuals = read_entries(load_table(sample_source, ACTUALS)).frame
    objectives = read_entries(load_table(sample_source, OBJECTIVES)).frame
    year = revenue_by_month(actuals, objectives, REVENUE, 2025)
    threshold = breakeven(costs.fixed, costs.variable_rate)
    date = breakeven_date(list(year.index), list(year["revenue"]), threshold)
    assert date is not None and date.year == 2025 and date.month == 9
    assert year["cumulative"].iloc[7] < threshold <= year["cumulative"].iloc[8]
