"""Variances and rates: plain values and whole columns, "n.d." (NaN) for a zero base."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sicxl.dashboard.measures import achievement, favourable, growth, rates, variance, variance_rate


def test_variance_and_rates_of_a_month() -> None:
    assert variance(1509.6, 1596.4) == pytest.approx(-86.8)
    assert achievement(1509.6, 1596.4) == pytest.approx(0.94562766)
    assert variance_rate(1509.6, 1596.4) == pytest.approx(-0.05437234)
    assert growth(1509.6, 1523) == pytest.approx(-0.00879842)


def test_a_zero_objective_gives_an_undefined_rate_not_an_error() -> None:
    assert math.isnan(achievement(12, 0))
    assert math.isnan(variance_rate(12, 0))
    assert math.isnan(growth(12, 0))
    assert variance(12, 0) == 12


def test_a_negative_plan_keeps_the_sign_of_the_variance() -> None:
    assert variance_rate(-50, -100) == pytest.approx(0.5)


def test_whole_columns_at_once() -> None:
    result = rates([110, 90, 5], [100, 100, 0], [100, 0, 5])
    np.testing.assert_allclose(result.achievement, [1.1, 0.9, np.nan])
    np.testing.assert_allclose(result.variance_rate, [0.1, -0.1, np.nan])
    np.testing.assert_allclose(result.growth, [0.1, np.nan, 0.0])


def test_colours_follow_the_business_sense() -> None:
    assert favourable(+20, higher_is_better=True) == 1  # revenue above plan: good
    assert favourable(+20, higher_is_better=False) == -1  # costs above plan: bad
    assert favourable(-20, higher_is_better=False) == 1
    assert favourable(0) == 0
    np.testing.assert_array_equal(favourable([5, -5, np.nan], [True, False, True]), [1, 1, 0])
