"""Proportional and Neyman allocation, largest-remainder rounding, bounds."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sicxl.survey.allocation import NEYMAN, PROPORTIONAL, allocate, largest_remainder, neyman_spread
from sicxl.values import ValueProblem

MARKETS = {"Tertiaire": 120, "Habitat public": 120, "Habitat privé": 130, "Collectivités": 170, "Santé": 60}


def test_proportional_allocation_of_110_over_600_customers() -> None:
    shares = {m: 110 * n / 600 for m, n in MARKETS.items()}  # 22, 22, 23.83, 31.17, 11
    assert allocate(MARKETS, 110) == {"Tertiaire": 22, "Habitat public": 22, "Habitat privé": 24,
                                      "Collectivités": 31, "Santé": 11}
    assert sum(shares.values()) == pytest.approx(110)


def test_largest_remainder_gives_the_extra_unit_to_the_largest_fraction() -> None:
    counts = largest_remainder({"a": 2.6, "b": 3.3, "c": 4.1}, 10, {"a": 9, "b": 9, "c": 9})
    assert counts == {"a": 3, "b": 3, "c": 4}


def test_every_stratum_gets_at_least_one_interview() -> None:
    counts = allocate({"big": 10_000, "tiny": 3}, 20)
    assert counts == {"big": 19, "tiny": 1}


def test_never_more_than_a_stratum_can_give_and_the_rest_goes_elsewhere() -> None:
    counts = allocate({"a": 300, "b": 100}, 100, capacity={"a": 20, "b": 100})
    assert counts == {"a": 20, "b": 80}


def test_a_stratum_without_customer_gets_nothing() -> None:
    assert allocate({"a": 50, "b": 0}, 10) == {"a": 10, "b": 0}


def test_neyman_gives_more_to_the_stratum_whose_satisfaction_was_most_divided() -> None:
    sizes = {"Collectivités": 200, "Habitat public": 200}
    last = {"Collectivités": 0.95, "Habitat public": 0.5}
    proportional = allocate(sizes, 60, PROPORTIONAL, last)
    neyman = allocate(sizes, 60, NEYMAN, last)
    assert proportional == {"Collectivités": 30, "Habitat public": 30}
    # n_h ∝ N_h·sqrt(p(1-p)): 0.2179 against 0.5
    expected = 60 * math.sqrt(0.95 * 0.05) / (math.sqrt(0.95 * 0.05) + 0.5)
    assert neyman["Collectivités"] == round(expected) == 18
    assert neyman["Habitat public"] == 42


def test_neyman_without_last_year_rates_is_proportional() -> None:
    assert allocate(MARKETS, 110, NEYMAN, {}) == allocate(MARKETS, 110, PROPORTIONAL)
    assert neyman_spread(None) == 0.5


def test_sample_larger_than_the_drawable_population_is_refused() -> None:
    with pytest.raises(ValueProblem, match="dépasse les 30 clients"):
        allocate({"a": 20, "b": 10}, 31)


def test_sample_smaller_than_the_number_of_strata_is_refused() -> None:
    with pytest.raises(ValueProblem, match="au moins un entretien"):
        allocate(MARKETS, 3)


sizes = st.dictionaries(st.sampled_from(list(MARKETS)), st.integers(0, 500), min_size=1)


@given(sizes=sizes, data=st.data(), method=st.sampled_from([PROPORTIONAL, NEYMAN]),
       rate=st.floats(0, 1))
def test_allocation_sums_to_n_within_bounds(sizes: dict[str, int], data: st.DataObject, method: str,
                                            rate: float) -> None:
    capacity = {h: data.draw(st.integers(0, n), label=f"capacity {h}") for h, n in sizes.items()}
    open_strata = [h for h in sizes if capacity[h] > 0]
    available = sum(capacity.values())
    if not open_strata:
        return
    n = data.draw(st.integers(len(open_strata), available), label="n")
    counts = allocate(sizes, n, method, {h: rate for h in sizes}, capacity)
    assert sum(counts.values()) == n
    for h in sizes:
        assert counts[h] <= capacity[h]
        assert counts[h] >= (1 if capacity[h] > 0 else 0)
