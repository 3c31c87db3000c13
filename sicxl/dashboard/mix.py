"""Revenue mix: by contract type (P1-P4) and by customer type, with shares.

The shares are each category's amount over the total of every contract,
including those whose type is unknown (shown as "Autre ou non renseigné"), so
that the shares of a mix always add up to 100 %.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from sicxl.dashboard.measures import ratio


def mix(categories: Sequence[str | None], amounts: Sequence[float], order: Sequence[str]) -> pd.DataFrame:
    """Amount and share per category of `order`, then `None` for the rest.

    Returns a frame indexed by category (`order`, then None) with columns
    amount (sum) and share (amount / total, NaN when the total is zero).
    """
    frame = pd.DataFrame({"category": list(categories), "amount": pd.Series(amounts, dtype=float)})
    known = frame["category"].isin(list(order))
    sums = frame[known].groupby("category")["amount"].sum().reindex(list(order), fill_value=0.0)
    other = float(frame.loc[~known, "amount"].sum())
    amounts_out = pd.Series([*sums.to_list(), other], index=[*order, None], dtype=float)
    total = float(amounts_out.sum())
    return pd.DataFrame({"amount": amounts_out, "share": ratio(amounts_out.to_numpy(), total)})
