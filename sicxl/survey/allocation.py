"""Sharing the sample between the strata (the five markets).

Proportional allocation gives each stratum h a share N_h/N of the sample.
Neyman allocation (Neyman 1934; Cochran 1977, section 5.5) gives n_h ∝ N_h·S_h,
which minimises the variance of the stratified estimate for a given n; for a
satisfaction rate the spread is S_h = sqrt(p_h(1-p_h)), p_h being last year's
satisfaction rate in the stratum (0.5 when unknown: the largest spread).

Every stratum that has someone to interview gets at least one interview (else its
rate cannot be estimated) and never more than it has customers. A stratum that hits
a bound is held there and the rest of the sample is shared among the others in the
same proportions (Cochran 1977, 5.9, "over-allocation"). The continuous shares are
then rounded by the largest-remainder method (Hamilton), so that they sum to n.
"""

from __future__ import annotations

import math
from typing import Mapping

from sicxl.messages import survey as msg
from sicxl.values import ValueProblem

PROPORTIONAL = "proportionnelle"
NEYMAN = "Neyman"
METHODS = (PROPORTIONAL, NEYMAN)


def neyman_spread(last_rate: float | None) -> float:
    """S_h = sqrt(p(1-p)) of a yes/no variable whose rate was p last year."""
    p = 0.5 if last_rate is None or math.isnan(last_rate) else last_rate
    return math.sqrt(p * (1 - p))


def _weights(sizes: Mapping[str, int], method: str, last_rates: Mapping[str, float | None]) -> dict[str, float]:
    if method == PROPORTIONAL:
        return {h: float(n) for h, n in sizes.items()}
    if method == NEYMAN:
        return {h: n * neyman_spread(last_rates.get(h)) for h, n in sizes.items()}
    raise ValueProblem(msg.allocation_unknown(method))


def _continuous(weights: dict[str, float], n: int, capacity: Mapping[str, int]) -> dict[str, float]:
    """Shares λ·w_h clipped to [1, capacity_h], with the one λ that makes them sum to n.

    The sum is continuous and non-decreasing in λ, from the number of strata (λ = 0)
    to the total capacity, so a bisection finds λ. A zero weight (a market fully
    satisfied last year, S_h = 0) is raised to a trace of its size, so that such a
    market still takes what the others cannot.
    """
    floor_weight = {h: max(w, 1e-9 * capacity[h]) for h, w in weights.items()}

    def shares(factor: float) -> dict[str, float]:
        return {h: min(max(factor * w, 1.0), float(capacity[h])) for h, w in floor_weight.items()}

    low, high = 0.0, 1.0
    while sum(shares(high).values()) < n:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if sum(shares(middle).values()) < n:
            low = middle
        else:
            high = middle
    return shares(high)


def largest_remainder(shares: Mapping[str, float], n: int, capacity: Mapping[str, int]) -> dict[str, int]:
    """Round shares to integers summing to n: floors first, then one more to the
    largest fractional parts (ties: the stratum listed first)."""
    counts = {h: min(math.floor(s + 1e-9), capacity[h]) for h, s in shares.items()}
    order = sorted(shares, key=lambda h: -(shares[h] - math.floor(shares[h] + 1e-9)))
    missing = n - sum(counts.values())
    for h in order * 2:
        if missing <= 0:
            break
        if counts[h] < capacity[h]:
            counts[h] += 1
            missing -= 1
    return counts


def allocate(
    sizes: Mapping[str, int],
    n: int,
    method: str = PROPORTIONAL,
    last_rates: Mapping[str, float | None] | None = None,
    capacity: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """Interviews per stratum, in the order of `sizes`.

    `sizes`: customers per stratum (N_h, the weights); `capacity`: how many can be
    drawn in each (the customers not interviewed last year; defaults to `sizes`).
    Strata with no capacity get 0. Raises `ValueProblem` when n cannot give one
    interview to every stratum, or exceeds what can be drawn.
    """
    capacity = dict(capacity if capacity is not None else sizes)
    open_strata = {h: sizes[h] for h in sizes if capacity.get(h, 0) > 0}
    result = {h: 0 for h in sizes}
    if n < 0:
        raise ValueProblem(msg.sample_size_negative(n))
    if n == 0 or not open_strata:
        return result
    if n < len(open_strata):
        raise ValueProblem(msg.sample_smaller_than_strata(n, len(open_strata)))
    available = sum(capacity[h] for h in open_strata)
    if n > available:
        raise ValueProblem(msg.sample_larger_than_population(n, available))
    weights = _weights(open_strata, method, last_rates or {})
    shares = _continuous(weights, n, capacity)
    result.update(largest_remainder(shares, n, capacity))
    return result
