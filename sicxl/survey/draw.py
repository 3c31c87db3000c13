"""Drawing the sample: stratified, without replacement, reproducible from a seed.

Within each stratum the customers are drawn by simple random sampling without
replacement among those not interviewed last year (the house rule: nobody is
called two years running). A pilot subset, a share of the sample (5 % by default,
at least one customer), is drawn among the sample to test the questionnaire before
the field work. Everything is drawn from one `numpy.random.Generator` seeded with
the seed of `Paramètres`, strata in a fixed order: the same workbook and seed give
the same sample.
"""

from __future__ import annotations

import math
from typing import Mapping

import numpy as np
import pandas as pd


def pilot_count(n: int, share: float) -> int:
    """share·n rounded half up, at least one as soon as there is a sample."""
    if n <= 0:
        return 0
    return min(n, max(1, math.floor(n * share + 0.5)))


def draw_sample(
    frame: pd.DataFrame, allocation: Mapping[str, int], seed: int, pilot_share: float
) -> pd.DataFrame:
    """The drawn rows of `frame`, with a boolean `pilot` column.

    `frame` has the columns `market` and `eligible` (bool), in the sheet's order;
    `allocation` gives the interviews per market, in the order strata are drawn.
    The result keeps the strata's order, and the sheet's order within a stratum.
    """
    rng = np.random.default_rng(seed)
    chosen: list[object] = []
    for market, size in allocation.items():
        pool = frame.index[(frame["market"] == market) & frame["eligible"].astype(bool)]
        if size <= 0 or len(pool) == 0:
            continue
        picks = np.sort(rng.choice(len(pool), size=min(size, len(pool)), replace=False))
        chosen.extend(pool[picks])
    sample = frame.loc[chosen].copy()
    pilot = np.zeros(len(sample), dtype=bool)
    if len(sample):
        pilot[rng.choice(len(sample), size=pilot_count(len(sample), pilot_share), replace=False)] = True
    sample["pilot"] = pilot
    return sample
