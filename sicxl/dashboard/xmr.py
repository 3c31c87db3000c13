"""One-off versus structural deviations: the XmR (individuals and moving range) chart.

Wheeler, "Understanding Variation" (1993) and "Making Sense of Data" (2003):
the natural process limits of a series of individual values are
mean ± 2.66 × average moving range, and sigma is estimated by
average moving range / 1.128 (d2 for subgroups of two). A point beyond the
limits is a one-off ("ponctuel") signal; a run is a structural ("structurel")
one, by the Western Electric zone rules ("Statistical Quality Control
Handbook", 1956): 2 of 3 successive points beyond 2 sigma, 4 of 5 beyond 1
sigma, or 8 successive points on the same side of the mean.

The dashboard applies the chart to the monthly variance to plan (actual −
objective): the objectives carry the seasonality, so that series is steady
while all goes to plan, whereas the raw revenue would flag every summer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, Sequence

import numpy as np

from sicxl.messages.dashboard import ONE_OFF, STRUCTURAL

D2 = 1.128  # bias correction of the moving range of two points
LIMIT_FACTOR = 2.66  # 3 / d2, as Wheeler rounds it

BEYOND_LIMITS = "beyond_limits"
RUN_OF_EIGHT = "run_of_eight"
TWO_OF_THREE = "two_of_three"
FOUR_OF_FIVE = "four_of_five"
STRUCTURAL_RULES = (RUN_OF_EIGHT, TWO_OF_THREE, FOUR_OF_FIVE)


@dataclass(frozen=True)
class Limits:
    mean: float
    average_moving_range: float

    @property
    def sigma(self) -> float:
        return self.average_moving_range / D2

    @property
    def lower(self) -> float:
        return self.mean - LIMIT_FACTOR * self.average_moving_range

    @property
    def upper(self) -> float:
        return self.mean + LIMIT_FACTOR * self.average_moving_range


class Signal(NamedTuple):
    """The verdict on the last point of a series: "ponctuel", "structurel" or "",
    and the rules that fired (keys of `sicxl.messages.dashboard.RULES`)."""

    label: str
    rules: tuple[str, ...] = ()


NO_SIGNAL = Signal("")


def clean(values: Sequence[Any]) -> np.ndarray:
    """The series as floats, missing months (None, NaN, text) dropped."""
    out = []
    for value in values:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value):
            out.append(float(value))
    return np.asarray(out, dtype=float)


def limits(series: np.ndarray) -> Limits:
    """Mean and average moving range of the whole series (at least two points)."""
    return Limits(float(series.mean()), float(np.abs(np.diff(series)).mean()))


def _window_count(flags: np.ndarray, size: int) -> np.ndarray:
    """How many flags are set in the window of `size` points ending at each point
    (shorter windows at the start)."""
    total = np.cumsum(flags, dtype=int)
    shifted = np.concatenate([np.zeros(size, dtype=int), total])[: len(total)]
    return total - shifted


def _zone_rule(series: np.ndarray, lim: Limits, width: float, needed: int, window: int) -> np.ndarray:
    """`needed` of `window` successive points beyond mean ± width × sigma, same side,
    flagged on the point that completes the pattern (which is itself beyond)."""
    above = series > lim.mean + width * lim.sigma
    below = series < lim.mean - width * lim.sigma
    return (above & (_window_count(above, window) >= needed)) | (below & (_window_count(below, window) >= needed))


def beyond_limits(series: np.ndarray, lim: Limits) -> np.ndarray:
    """Rule 1: a point outside the natural process limits."""
    return (series > lim.upper) | (series < lim.lower)


def two_of_three(series: np.ndarray, lim: Limits) -> np.ndarray:
    return _zone_rule(series, lim, 2.0, 2, 3)


def four_of_five(series: np.ndarray, lim: Limits) -> np.ndarray:
    return _zone_rule(series, lim, 1.0, 4, 5)


def run_of_eight(series: np.ndarray, lim: Limits) -> np.ndarray:
    """8 successive points strictly on the same side of the mean."""
    return _zone_rule(series, lim, 0.0, 8, 8)


RULE_TESTS = {
    RUN_OF_EIGHT: run_of_eight,
    TWO_OF_THREE: two_of_three,
    FOUR_OF_FIVE: four_of_five,
    BEYOND_LIMITS: beyond_limits,
}


def rule_flags(values: Sequence[Any]) -> dict[str, np.ndarray]:
    """Every rule's flag for every (non-missing) point of the series.

    A series of fewer than two points, or without any variation, has no limits:
    every flag is False.
    """
    series = clean(values)
    if len(series) < 2:
        return {rule: np.zeros(len(series), dtype=bool) for rule in RULE_TESTS}
    lim = limits(series)
    if lim.average_moving_range == 0:
        return {rule: np.zeros(len(series), dtype=bool) for rule in RULE_TESTS}
    return {rule: test(series, lim) for rule, test in RULE_TESTS.items()}


def signal(values: Sequence[Any]) -> Signal:
    """The signal of the last month of a monthly series.

    A run rule that fires on the last point makes the deviation "structurel"
    (a lasting shift, even when the last point is also beyond the limits);
    otherwise a last point beyond the limits is "ponctuel"; otherwise nothing.
    """
    flags = rule_flags(values)
    if not len(flags[BEYOND_LIMITS]):
        return NO_SIGNAL
    structural = tuple(rule for rule in STRUCTURAL_RULES if flags[rule][-1])
    if structural:
        return Signal(STRUCTURAL, structural)
    if flags[BEYOND_LIMITS][-1]:
        return Signal(ONE_OFF, (BEYOND_LIMITS,))
    return NO_SIGNAL
