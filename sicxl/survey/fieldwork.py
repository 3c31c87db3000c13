"""The field work: where each drawn client stands, and the response rate per market.

The assistants log every attempt to reach a drawn client in `Suivi des contacts`
(date, channel: phone, fax, mail, e-mail; result; the day to try again). Per
client, first rule that applies:

1. answered: their answers are in `Réponses`, or an attempt says "Répondu";
2. refused: an attempt says "Refus" (never called again);
3. given up: as many attempts as `Tentatives maximum` (5 by default) without an
   answer: unreachable;
4. to remind: on the day typed in "Relance le" at the latest attempt that has one,
   else a week after the last attempt;
5. to contact: no attempt yet.

The response rate of a market is its clients who answered over its clients drawn
(AAPOR's simplest response rate, RR1, with every drawn client eligible).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from sicxl.schema.survey import (ANSWERED, CONTACT_ANSWERED, CONTACT_REFUSED, GAVE_UP, MARKETS, REFUSED, TO_CONTACT,
                                 TO_REMIND)

REMIND_AFTER = dt.timedelta(days=7)


@dataclass(frozen=True)
class Standing:
    attempts: int
    last_contact: dt.date | None
    channel: str
    state: str
    remind_on: dt.date | None


def _standing(log: pd.DataFrame, answered: bool, max_attempts: int) -> Standing:
    """One client's standing from their attempts (rows of the log, in date order)."""
    attempts = len(log)
    last = log.iloc[-1] if attempts else None
    last_contact = last["date"] if last is not None else None
    channel = (last["channel"] or "") if last is not None else ""
    results = set(log["result"]) if attempts else set()
    if answered or CONTACT_ANSWERED in results:
        return Standing(attempts, last_contact, channel, ANSWERED, None)
    if CONTACT_REFUSED in results:
        return Standing(attempts, last_contact, channel, REFUSED, None)
    if attempts >= max_attempts:
        return Standing(attempts, last_contact, channel, GAVE_UP, None)
    if attempts == 0:
        return Standing(0, None, "", TO_CONTACT, None)
    typed = [d for d in log["remind_on"] if isinstance(d, dt.date)]
    remind = typed[-1] if typed else (last_contact + REMIND_AFTER if isinstance(last_contact, dt.date) else None)
    return Standing(attempts, last_contact, channel, TO_REMIND, remind)


def standings(drawn: list[str], contacts: pd.DataFrame, respondents: set[str], max_attempts: int
              ) -> dict[str, Standing]:
    """Each drawn client's standing. `contacts`: the typed frame of `Suivi des
    contacts` (date, id, channel, result, remind_on); rows without date or ID are
    left out by the caller."""
    ordered = contacts.sort_values("date", kind="stable") if len(contacts) else contacts
    by_client = {client: log for client, log in ordered.groupby("id", sort=False)} if len(ordered) else {}
    empty = contacts.iloc[0:0]
    return {client: _standing(by_client.get(client, empty), client in respondents, max_attempts)
            for client in drawn}


def response_rates(markets: dict[str, str], standing: dict[str, Standing]) -> pd.DataFrame:
    """Per market: drawn, answered, refused, given up, still in progress, response rate.
    `markets`: each drawn client's market."""
    rows = []
    for market in MARKETS:
        states = [standing[c].state for c, m in markets.items() if m == market and c in standing]
        drawn, answered = len(states), states.count(ANSWERED)
        rows.append({"market": market, "drawn": drawn, "answered": answered, "refused": states.count(REFUSED),
                     "gave_up": states.count(GAVE_UP),
                     "in_progress": states.count(TO_REMIND) + states.count(TO_CONTACT),
                     "rate": answered / drawn if drawn else None})
    return pd.DataFrame(rows)
