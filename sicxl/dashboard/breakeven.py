"""Break-even point: threshold revenue, date reached, margin and index of safety.

French management accounting ("seuil de rentabilité", Plan comptable général
cost analysis): with F the fixed costs of the year and m the variable-margin
rate (1 − variable costs / revenue), the break-even revenue is F / m. The
break-even date ("point mort") is the day the year's cumulative revenue reaches
that threshold; it is found month by month, so a seasonal year (a strong
autumn) moves it, and interpolated linearly inside the month. The margin of
safety is revenue − threshold, the safety index that margin over revenue.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from typing import Any, NamedTuple, Sequence

import numpy as np

from sicxl.dashboard.measures import ArrayLike, ratio


def margin_rate(variable_rate: ArrayLike) -> Any:
    """Taux de marge sur coût variable = 1 − taux de charges variables."""
    result = 1.0 - np.asarray(variable_rate, dtype=float)
    return float(result) if np.ndim(result) == 0 else result


def breakeven(fixed_costs: ArrayLike, variable_rate: ArrayLike) -> Any:
    """Seuil de rentabilité = charges fixes / taux de marge sur coût variable.

    NaN ("n.d.") when the variable costs eat the whole revenue (no margin).
    """
    margin = np.asarray(margin_rate(variable_rate), dtype=float)
    return ratio(fixed_costs, np.where(margin > 0, margin, 0.0))


class Safety(NamedTuple):
    margin: float
    index: float


def safety(revenue: ArrayLike, threshold: ArrayLike) -> Safety:
    """Marge de sécurité = CA − seuil ; indice de sécurité = marge / CA."""
    margin = np.asarray(revenue, dtype=float) - np.asarray(threshold, dtype=float)
    index = ratio(margin, revenue)
    return Safety(float(margin) if np.ndim(margin) == 0 else margin, index)


def month_start(month: str) -> dt.date:
    """"2025-03" -> 1 March 2025."""
    year, number = month.split("-")
    return dt.date(int(year), int(number), 1)


def breakeven_date(months: Sequence[str], revenue: Sequence[float], threshold: float) -> dt.date | None:
    """The day the cumulative revenue of `months` (in order) reaches `threshold`.

    Inside the month where it is crossed, the day is the first of the month plus
    the missing revenue over the month's revenue times its number of days,
    truncated to a whole day. None when never reached (or the threshold is
    undefined).
    """
    if threshold is None or not math.isfinite(threshold):
        return None
    cumulative = 0.0
    for month, amount in zip(months, revenue):
        if amount > 0 and cumulative < threshold <= cumulative + amount:
            start = month_start(month)
            days = calendar.monthrange(start.year, start.month)[1]
            offset = (threshold - cumulative) / amount * days
            return start + dt.timedelta(days=math.floor(offset))
        cumulative += amount
    return None
