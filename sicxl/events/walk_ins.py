"""Visitors met on a trade show's stand who are not in the prospect file yet: added to
it as prospect rows, or linked to the row they already have (issue 17, point 5).

A visitor the answer sheet cannot match (no ID, an e-mail or name the file does
not know) may still be a prospect typed another way: "Mme Anne Leroy, Mairie de
Jouy-le-Moutier" against "MAIRIE DE JOUY LE MOUTIER" with the same phone. So each
such walk-in is put through the prospect file's own duplicate search
(`sicxl.prospects.dedupe`) as a row after the file's rows: one that repeats a row
of the file is linked to it (its follow-ups go to that prospect and its
salesperson), never added twice; the others become new prospect rows, under IDs
in the file's pattern (`sicxl.prospects.new_ids`), with what the stand learnt: the
organisation as « Raison sociale », the visitor as « Décideur », the commune
(and its codes when the official list knows it unambiguously), the temperature,
and the show's date as « Dernier contact ». Two visits of the same new person
make one row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sicxl.events.event import Event
from sicxl.events.responses import Response
from sicxl.prospects.new_ids import new_ids
from sicxl.prospects.pipeline import duplicate_search
from sicxl.prospects.place import find_commune
from sicxl.reference.communes import Communes


@dataclass(frozen=True)
class WalkIn:
    """A visitor of `event`, and the prospect ID they have or get."""

    event: Event
    response: Response
    prospect_id: str
    linked: bool  # True: already in the file (`match` says how alike), False: a new row
    match: str = ""


@dataclass
class WalkIns:
    by_response: dict[Any, WalkIn] = field(default_factory=dict)  # Response.row -> WalkIn
    records: list[dict[str, Any]] = field(default_factory=list)  # the new prospect rows, schema keys

    @property
    def added(self) -> list[WalkIn]:
        return [w for w in self.by_response.values() if not w.linked]


def visitor_record(response: Response, event: Event, communes: Communes) -> dict[str, Any]:
    """A prospect row (schema keys) from what the stand learnt of a visitor."""
    record: dict[str, Any] = {
        "name": response.organisation or response.name or None, "decision_maker": response.name or None,
        "role": response.role or None, "email": response.email or None, "city": response.city or None,
        "heat": response.heat or None, "last_contact": event.date,
    }
    if response.city:
        commune, _ = find_commune({"city": response.city}, communes)
        if commune is not None:
            record.update(insee=commune.insee, department=commune.department, city=commune.name,
                          postal_code=commune.postal_codes[0] if len(commune.postal_codes) == 1 else None)
    return record


def place_walk_ins(visitors: list[tuple[Event, Response]], prospects: pd.DataFrame,
                   communes: Communes) -> WalkIns:
    """Link each visitor to the prospect row they repeat, or give them a new one.

    `prospects`: the typed `Prospects` rows (indexed by worksheet row, schema keys).
    Raises DuplicateSearchUnavailable where the duplicate search cannot run (xlwings
    Lite), since a visitor must never be added without it.
    """
    result = WalkIns()
    if not visitors:
        return result
    find_duplicates = duplicate_search()
    from sicxl.prospects.dedupe import describe  # importable once the search is: same module
    first = int(prospects.index.max()) + 1 if len(prospects) else 2
    candidates = {first + i: visitor_record(response, event, communes) for i, (event, response) in enumerate(visitors)}
    frame = pd.concat([prospects, pd.DataFrame.from_dict(candidates, orient="index")])
    duplicates, _ = find_duplicates(frame, communes)
    originals = {row: duplicates[row].original_row if row in duplicates else row for row in candidates}
    fresh = sorted({row for row in originals.values() if row in candidates})
    ids = dict(zip(fresh, new_ids(prospects["id"], len(fresh))))
    for row, (event, response) in zip(candidates, visitors):
        original = originals[row]
        if original in ids:
            result.by_response[response.row] = WalkIn(event, response, ids[original], linked=False)
        else:
            prospect_id = str(prospects.at[original, "id"])
            result.by_response[response.row] = WalkIn(event, response, prospect_id, True, describe(duplicates[row]))
    result.records = [{**candidates[row], "id": ids[row]} for row in fresh]
    return result

