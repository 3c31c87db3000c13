"""Variances and rates of a dashboard: plain functions on numbers or arrays.

Each function takes scalars or array-likes and broadcasts (numpy), so the
add-in can call it on a whole range at once. A rate whose base is zero is
undefined: it comes back as NaN, which the sheets show as "n.d." (never
#DIV/0!), the convention of French management control for an empty base.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

ArrayLike = Any  # a number, a sequence of numbers or a numpy array


def _plain(result: np.ndarray) -> Any:
    """A 0-d result as a Python float, anything else as the array."""
    return float(result) if np.ndim(result) == 0 else result


def _floats(values: ArrayLike) -> np.ndarray:
    return np.asarray(values, dtype=float)


def variance(actual: ArrayLike, objective: ArrayLike) -> Any:
    """Écart = réalisé − objectif (positive when above plan, whatever its sense)."""
    return _plain(_floats(actual) - _floats(objective))


def ratio(numerator: ArrayLike, base: ArrayLike) -> Any:
    """numerator / base, NaN where the base is zero or missing."""
    top, bottom = np.broadcast_arrays(_floats(numerator), _floats(base))
    out = np.full(top.shape, np.nan)
    defined = (bottom != 0) & ~np.isnan(bottom)
    np.divide(top, bottom, out=out, where=defined)
    return _plain(out)


def achievement(actual: ArrayLike, objective: ArrayLike) -> Any:
    """Taux de réalisation = réalisé / objectif."""
    return ratio(actual, objective)


def variance_rate(actual: ArrayLike, objective: ArrayLike) -> Any:
    """Écart % = (réalisé − objectif) / |objectif|.

    The base is taken in absolute value so that the sign of the rate is the sign
    of the variance even for a negative plan (a loss budgeted).
    """
    return ratio(_floats(actual) - _floats(objective), np.abs(_floats(objective)))


def growth(actual: ArrayLike, previous: ArrayLike) -> Any:
    """Évolution % = (réalisé − réalisé N-1) / |réalisé N-1|."""
    return ratio(_floats(actual) - _floats(previous), np.abs(_floats(previous)))


class Rates(NamedTuple):
    achievement: Any
    variance_rate: Any
    growth: Any


def rates(actual: ArrayLike, objective: ArrayLike, previous: ArrayLike = np.nan) -> Rates:
    """The three rates of a dashboard line at once."""
    return Rates(achievement(actual, objective), variance_rate(actual, objective), growth(actual, previous))


def favourable(variance_value: ArrayLike, higher_is_better: ArrayLike = True) -> Any:
    """+1 good news, -1 bad news, 0 on plan, by business sense (IBCS).

    A revenue above plan is good, a cost above plan is bad: the sign of the
    variance times the indicator's direction.
    """
    direction = np.where(np.asarray(higher_is_better, dtype=bool), 1.0, -1.0)
    return _plain(np.nan_to_num(np.sign(_floats(variance_value))) * direction)
