"""The drawn sample as the survey's record: drawn once, then kept (issue 15).

Once a sample is drawn, the interviews are made with its clients and their
answers are typed; drawing it again would swap clients and turn collected answers
into "not drawn". So `Échantillon` is read back at every run and kept as it is:

- a drawn client stays drawn; one who is no longer in `Clients` is marked
  "Sorti du fichier clients" (their answer, if any, still counts: they were a
  client of the population drawn from);
- the reserve, drawn with the sample (every eligible client not drawn, in a
  random order per market, "Rang de réserve" 1, 2...), is where replacements are
  taken from; a client added to `Clients` after the draw joins the end of their
  market's reserve, marked "ajouté après le tirage", never the sample;
- a row the users changed by hand (a reserve client made "Tiré" to replace a
  refusal) is kept as they set it.

Only an explicit redraw (`sample --redraw`) draws again; see `jobs.survey`.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import numpy as np
import pandas as pd

from sicxl.schema.survey import ADDED, DRAWN, LEFT, MARKETS, RESERVE, SAMPLE_STATES
from sicxl.values import is_blank, text_of

RECORD_COLUMNS = ("id", "name", "market", "pilot", "state", "reserve_rank", "drawn_on")


def drawn_mask(record: pd.DataFrame) -> pd.Series:
    """The rows of drawn clients: "Tiré", or "Sorti" without a reserve rank (a reserve
    client has one; one made "Tiré" by hand loses it, see `freeze`)."""
    return (record["state"] == DRAWN) | ((record["state"] == LEFT) & record["reserve_rank"].isna())


def _frame(records: Iterable[dict]) -> pd.DataFrame:
    return pd.DataFrame(list(records), columns=list(RECORD_COLUMNS))


def new_record(sample: pd.DataFrame, clients: pd.DataFrame, seed: int, today: dt.date) -> pd.DataFrame:
    """The record of a fresh draw: the drawn clients (`plan.sample`, with `pilot`),
    then the reserve of each market in a random order drawn from the seed (a stream
    apart from the sample's, so that the sample stays what the seed always gave)."""
    rng = np.random.default_rng([seed, 1])
    drawn = set(sample["id"])
    rows = [{"id": c["id"], "name": c["name"], "market": c["market"], "pilot": bool(c["pilot"]), "state": DRAWN,
             "reserve_rank": None, "drawn_on": today} for _, c in sample.iterrows()]
    for market in MARKETS:
        pool = clients[(clients["market"] == market) & clients["eligible"] & ~clients["id"].isin(drawn)]
        for rank, position in enumerate(rng.permutation(len(pool)), start=1):
            client = pool.iloc[int(position)]
            rows.append({"id": client["id"], "name": client["name"], "market": market, "pilot": False,
                         "state": RESERVE, "reserve_rank": rank, "drawn_on": today})
    return _frame(rows)


def read_record(clean: pd.DataFrame) -> pd.DataFrame:
    """The record from the typed frame of `Échantillon` (schema keys; blank cells None).
    A sheet written before the record had a `Situation` column lists drawn clients only."""
    rows = []
    for line in clean.to_dict("records"):
        client = text_of(line.get("id"))
        if not client:
            continue
        state = line.get("state") if line.get("state") in SAMPLE_STATES else DRAWN
        rank = line.get("reserve_rank")
        rows.append({"id": client, "name": text_of(line.get("name")), "market": line.get("market"),
                     "pilot": bool(line.get("pilot")), "state": state,
                     "reserve_rank": None if is_blank(rank) else int(rank), "drawn_on": line.get("drawn_on")})
    return _frame(rows)


def freeze(record: pd.DataFrame, clients: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The record brought up to date with `Clients`, nobody drawn again: who left is
    marked, who came back is restored, a new eligible client joins the reserve."""
    present = set(clients["id"])
    record = record.copy()
    record["reserve_rank"] = record["reserve_rank"].astype(object)
    record.loc[record["state"] == DRAWN, "reserve_rank"] = None  # a replacement drawn by hand
    gone = ~record["id"].isin(present)
    record.loc[gone, "state"] = LEFT
    back = record["id"].isin(present) & (record["state"] == LEFT)
    record.loc[back, "state"] = np.where(record.loc[back, "reserve_rank"].isna(), DRAWN, RESERVE)
    known = set(record["id"])
    added = []
    for market in MARKETS:
        ranks = record.loc[record["market"] == market, "reserve_rank"].dropna()
        rank = int(ranks.max()) if len(ranks) else 0
        new = clients[(clients["market"] == market) & clients["eligible"] & ~clients["id"].isin(known)]
        for _, client in new.iterrows():
            rank += 1
            added.append({"id": client["id"], "name": client["name"], "market": market, "pilot": False,
                          "state": ADDED, "reserve_rank": rank, "drawn_on": today})
    return pd.concat([record, _frame(added)], ignore_index=True) if added else record


def drawn_ids(record: pd.DataFrame) -> set[str]:
    """The clients whose answers count: those drawn (a reserve client made "Tiré" included)."""
    return set(record.loc[drawn_mask(record), "id"])


def draw_date(record: pd.DataFrame) -> dt.date | None:
    """The day the sample was drawn: the earliest date of its drawn clients."""
    dates = [d for d in record.loc[drawn_mask(record), "drawn_on"] if isinstance(d, dt.date)]
    return min(dates) if dates else None


def in_order(record: pd.DataFrame) -> pd.DataFrame:
    """Drawn clients first (by market, then as drawn), then each market's reserve by rank."""
    order = {m: i for i, m in enumerate(MARKETS)}
    keyed = record.assign(
        _side=(~drawn_mask(record)).astype(int),
        _market=record["market"].map(lambda m: order.get(m, len(order))),
        _rank=record["reserve_rank"].fillna(0),
        _position=range(len(record)),
    )
    keyed = keyed.sort_values(["_side", "_market", "_rank", "_position"], kind="stable")
    return keyed.drop(columns=["_side", "_market", "_rank", "_position"]).reset_index(drop=True)


def population_at_draw(population: dict[str, int], record: pd.DataFrame) -> dict[str, int]:
    """N_h of the frame the sample was drawn from: today's customers per market,
    less those added since, plus those who left since. The weights of the results
    stay those of the draw, so that a client typed in today moves no rate."""
    added = record[record["state"] == ADDED]["market"].value_counts()
    left = record[record["state"] == LEFT]["market"].value_counts()
    return {m: n - int(added.get(m, 0)) + int(left.get(m, 0)) for m, n in population.items()}
