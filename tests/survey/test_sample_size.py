"""Sample size from the margin of error (Cochran 1977, section 4.4)."""

import math

import pytest

from sicxl.survey import margin_of_error, sample_size, z_value
from sicxl.values import ValueProblem


def test_z_of_95_percent_is_1_96() -> None:
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)


def test_infinite_population_5_points_95_percent_gives_385() -> None:
    assert sample_size(None, 0.05, 0.95) == 385
    assert sample_size(math.inf, 0.05, 0.95) == 385


def test_finite_population_correction_1000_customers_gives_278() -> None:
    assert sample_size(1000, 0.05, 0.95) == 278


def test_smaller_expected_spread_needs_fewer_interviews() -> None:
    assert sample_size(None, 0.05, 0.95, p=0.8) == math.ceil(1.959964**2 * 0.16 / 0.0025)  # 246


def test_never_more_than_the_population() -> None:
    assert sample_size(40, 0.01, 0.99) == 40
    assert sample_size(0, 0.05) == 0


def test_margin_of_error_is_the_inverse_of_the_size() -> None:
    n = sample_size(600, 0.05, 0.95)
    assert margin_of_error(n, 600, 0.95) <= 0.05 < margin_of_error(n - 1, 600, 0.95)


@pytest.mark.parametrize("margin, confidence", [(0, 0.95), (1.2, 0.95), (0.05, 1.0), (0.05, 0)])
def test_impossible_parameters_are_refused_in_french(margin: float, confidence: float) -> None:
    with pytest.raises(ValueProblem, match="entre 0 et 100"):
        sample_size(1000, margin, confidence)
