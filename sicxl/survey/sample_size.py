"""How many customers to interview for a given margin of error.

Cochran, *Sampling Techniques*, 3rd ed. (Wiley, 1977), section 4.4: to estimate a
proportion P within ±e with confidence 1-α from a simple random sample,
n0 = z²·P(1-P)/e² (z the normal quantile at 1-α/2), and from a finite population
of N, n = n0 / (1 + (n0 - 1)/N), which solves e = z·sqrt(P(1-P)/n · (N-n)/(N-1)).
P = 0.5 gives the largest, safest size.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from sicxl.messages import survey as msg
from sicxl.values import ValueProblem

_EPSILON = 1e-9  # 384.0000000001 is 384: float noise must not add a customer


def z_value(confidence: float) -> float:
    """Two-sided normal quantile: 1.959964 for 95 %."""
    if not 0 < confidence < 1:
        raise ValueProblem(msg.confidence_out_of_range(confidence))
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _is_infinite(population: float | None) -> bool:
    return population is None or math.isinf(population)


def _check_rate(p: float) -> None:
    if not 0 <= p <= 1:
        raise ValueProblem(msg.expected_rate_out_of_range(p))


def sample_size(population: float | None, margin: float, confidence: float = 0.95, p: float = 0.5) -> int:
    """Sample size for a margin of error `margin` (0.05 for ±5 points).

    `population` None or infinite: no finite population correction.
    385 for e = 5 %, 95 %, P = 0.5 and an infinite population; 278 for N = 1000.
    """
    if not 0 < margin < 1:
        raise ValueProblem(msg.margin_out_of_range(margin))
    _check_rate(p)
    z = z_value(confidence)
    n0 = z * z * p * (1 - p) / (margin * margin)
    if _is_infinite(population):
        return math.ceil(n0 - _EPSILON)
    if population < 0:
        raise ValueProblem(msg.population_negative(population))
    if population == 0:
        return 0
    n = n0 / (1 + (n0 - 1) / population)
    return min(math.ceil(n - _EPSILON), math.ceil(population))


def margin_of_error(n: int, population: float | None, confidence: float = 0.95, p: float = 0.5) -> float:
    """The margin of error that `n` interviews give (the inverse of `sample_size`)."""
    if n <= 0:
        return math.inf
    _check_rate(p)
    z = z_value(confidence)
    correction = 1.0 if _is_infinite(population) else max(population - n, 0) / max(population - 1, 1)
    return z * math.sqrt(p * (1 - p) / n * correction)
