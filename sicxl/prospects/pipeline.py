"""The qualification of a prospect file: read, fill, check, find duplicates, score, status.

Each step works on the clean frame the previous one left, so `qualify` checks
the codes that `fill` has just completed and scores with them. The single jobs
(fill, validate, dedupe, score) run the same steps, and only write their part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from sicxl.messages import dedupe as dedupe_msg
from sicxl.messages import prospects as msg
from sicxl.parallel import Aside, Handoff
from sicxl.prospects.checks import check_rows
from sicxl.prospects.parameters import ScoreParameters
from sicxl.prospects.place import PlaceResult, check_place, fill_place, locate
from sicxl.prospects.reading import Anomalies, read_rows
from sicxl.prospects.score import ScoreResult, score_prospects
from sicxl.reference.communes import Communes
from sicxl.table import Table

if TYPE_CHECKING:
    from sicxl.prospects.dedupe import DuplicateMatch, Filled

# Below this many rows the duplicate search takes less than a fork costs. Above
# the second bound it runs here too: the forked copy would then cost half a
# gigabyte (every page either process touches is copied, and both touch every
# row: 3.0 against 2.6 GB on 1,048,576 rows), which a shared file server needs
# more than the half-minute it saves on a night's run.
ASIDE_ROWS = 5_000
ASIDE_MAX_ROWS = 500_000

BLOCKING_KINDS = (
    (msg.OPT_OUT, msg.STATUS_OPT_OUT),
    (msg.UNDELIVERABLE, msg.STATUS_UNDELIVERABLE),
)


@dataclass
class Qualification:
    clean: pd.DataFrame
    anomalies: Anomalies
    filled: PlaceResult = field(default_factory=PlaceResult)
    duplicates: dict[int, DuplicateMatch] = field(default_factory=dict)
    search_counts: dict[str, int] = field(default_factory=dict)  # the duplicate search's work, for the report
    scores: ScoreResult | None = None
    statuses: pd.Series | None = None


def status_of(row: int, anomalies: Anomalies, duplicates: dict[int, DuplicateMatch]) -> str:
    """Opposition and NPAI first (they forbid contact), then duplicates, then any
    anomaly makes the row "À compléter"; a clean row is "Valide", even when it
    says how its commune was read (an informative note, msg.INFORMATIVE)."""
    for kind, status in BLOCKING_KINDS:
        if anomalies.has(row, kind):
            return status
    if row in duplicates:
        return msg.STATUS_DUPLICATE
    if any(kind not in msg.INFORMATIVE for kind in anomalies.kinds.get(row, ())):
        return msg.STATUS_INCOMPLETE
    return msg.STATUS_VALID


class DuplicateSearchUnavailable(RuntimeError):
    """The duplicate search cannot run here; the message says so in French."""


Found = tuple[dict[int, "DuplicateMatch"], dict[str, int]]
"""The duplicates by worksheet row, and the counts of the search's work."""


def duplicate_search() -> Callable[..., Found]:
    """The duplicate search, imported when a job needs it: it compares names with
    rapidfuzz, which has no build for Pyodide (xlwings Lite), where every job that
    does not search duplicates still runs. The official list of communes places
    the rows without INSEE code, as `fill` would; `filled`, when given, gives the
    cells `fill` completes once it has run (the search starts before it)."""
    try:
        from sicxl.prospects.dedupe import search_duplicates
    except ImportError as error:
        raise DuplicateSearchUnavailable(dedupe_msg.UNAVAILABLE) from error

    def search(clean: pd.DataFrame, communes: Communes, filled: Callable[[], Filled] | None = None) -> Found:
        found = search_duplicates(clean, communes=communes, filled=filled)
        return found.matches, found.counts

    return search


def _nothing_searched() -> Found:
    return {}, {}


def reachable(clean: pd.DataFrame, anomalies: Anomalies) -> pd.Series:
    """Rows with a phone or an e-mail that passed the checks."""
    rows = clean.index.tolist()
    phone_ok = [p is not None and not anomalies.has(r, msg.PHONE) for r, p in zip(rows, clean["phone"].tolist())]
    email_ok = [e is not None and not anomalies.has(r, msg.EMAIL) for r, e in zip(rows, clean["email"].tolist())]
    return pd.Series([a or b for a, b in zip(phone_ok, email_ok)], index=clean.index)


def qualify(table: Table, communes: Communes, params: ScoreParameters, today: dt.date, *,
            fill: bool = True, check: bool = True, dedupe: bool = True, score: bool = True) -> Qualification:
    """The steps asked for, and only the work they need: the place checks always
    (they are what `fill` reports), the row rules for `check` and for `score` (a
    contact must be valid to count), duplicates for `dedupe` and for `check` (a
    duplicate is a status). On a large file the duplicate search runs on the
    second core meanwhile (sicxl.parallel), up to ASIDE_MAX_ROWS rows: it starts
    on the frame as read, with the names and contacts, and is handed the cells
    `fill` completes when it needs them for the places."""
    anomalies = Anomalies()
    clean = read_rows(table, anomalies)
    result = Qualification(clean, anomalies)
    searched = check or dedupe
    with Handoff() as filled:
        search = partial(duplicate_search(), clean, communes, filled.take) if searched else _nothing_searched
        with Aside(search, worth_it=searched and ASIDE_ROWS <= len(clean) <= ASIDE_MAX_ROWS) as duplicates:
            places = locate(clean, communes)
            if fill:
                result.filled = fill_place(table, clean, communes, anomalies, places)
            filled.give(result.filled.filled)  # to the search, which read the names meanwhile
            check_place(table, clean, communes, anomalies, places)
            del places  # a million rows' places are a hundred megabytes the score can use
            if check or score:
                check_rows(table, clean, anomalies, today)
            if score:
                result.scores = score_prospects(clean, params, reachable(clean, anomalies),
                                                unreadable=anomalies.unreadable.get("population", ()))
            result.duplicates, result.search_counts = duplicates.result()
    if check:
        result.statuses = pd.Series(
            [status_of(row, anomalies, result.duplicates) for row in clean.index], index=clean.index, dtype=object
        )
    return result
