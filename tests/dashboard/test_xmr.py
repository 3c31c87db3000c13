"""XmR signals (Wheeler; Western Electric rules), each rule on a hand-made monthly series."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sicxl.dashboard.xmr import (BEYOND_LIMITS, FOUR_OF_FIVE, RUN_OF_EIGHT, TWO_OF_THREE, Signal, limits,
                                 rule_flags, signal)
from sicxl.messages.dashboard import ONE_OFF, STRUCTURAL

STEADY = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10]


def test_limits_are_mean_plus_minus_2_66_average_moving_range() -> None:
    lim = limits(np.array([10.0, 12.0, 11.0, 13.0]))
    assert lim.mean == pytest.approx(11.5)
    assert lim.average_moving_range == pytest.approx((2 + 1 + 2) / 3)
    assert lim.upper == pytest.approx(11.5 + 2.66 * 5 / 3)
    assert lim.sigma == pytest.approx(5 / 3 / 1.128)


def test_one_point_beyond_the_natural_limits_is_one_off() -> None:
    assert signal([*STEADY, 30]) == Signal(ONE_OFF, (BEYOND_LIMITS,))


def test_a_low_point_is_one_off_too() -> None:
    assert signal([*STEADY, -10]) == Signal(ONE_OFF, (BEYOND_LIMITS,))


def test_eight_months_on_one_side_of_the_mean_is_structural() -> None:
    series = [10, 11, 9, 10, 11, 9, 10, 11, 12, 13, 12, 13, 12, 13, 12, 13]
    assert signal(series) == Signal(STRUCTURAL, (RUN_OF_EIGHT,))
    assert signal(series[:-1]) == Signal("")  # seven months only


def test_two_of_three_beyond_two_sigma_same_side_is_structural() -> None:
    series = [10, 11] * 8 + [13.2, 11, 13.2]
    lim = limits(np.array(series, dtype=float))
    assert lim.mean + 2 * lim.sigma < 13.2 < lim.upper  # beyond 2 sigma, within the limits
    assert signal(series) == Signal(STRUCTURAL, (TWO_OF_THREE,))


def test_two_of_three_on_opposite_sides_is_not_a_signal() -> None:
    series = [10, 11] * 8 + [13.2, 11, 8.4]
    assert TWO_OF_THREE not in signal(series).rules


def test_four_of_five_beyond_one_sigma_same_side_is_structural() -> None:
    series = [10, 12] * 6 + [13.5, 13.5, 11, 13.5, 13.5]
    assert signal(series) == Signal(STRUCTURAL, (FOUR_OF_FIVE,))


def test_structural_wins_over_one_off_when_both_fire() -> None:
    series = [10, 11] * 8 + [16, 11, 16]
    verdict = signal(series)
    assert verdict.label == STRUCTURAL
    assert rule_flags(series)[BEYOND_LIMITS][-1]


def test_missing_months_are_skipped() -> None:
    assert signal([*STEADY[:5], None, float("nan"), "n.d.", *STEADY[5:], 30]) == Signal(ONE_OFF, (BEYOND_LIMITS,))


@pytest.mark.parametrize("series", [[], [5.0], [7, 7, 7, 7, 7]])
def test_no_signal_without_variation(series: list[float]) -> None:
    assert signal(series) == Signal("")


def test_a_signal_earlier_in_the_series_does_not_flag_the_last_month() -> None:
    assert signal([*STEADY, 30, *STEADY]) == Signal("")


@given(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=40))
def test_any_series_gives_a_known_verdict(series: list[float]) -> None:
    verdict = signal(series)
    assert verdict.label in ("", ONE_OFF, STRUCTURAL)
    assert bool(verdict.label) == bool(verdict.rules)
