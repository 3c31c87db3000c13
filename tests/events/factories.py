"""Realistic people, events and workbooks for the events tests."""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

import pandas as pd

from sicxl.events.event import Event
from sicxl.events.people import prospect_people, staff_people
from sicxl.jobs.base import MemorySource
from sicxl.schema.base import SheetSchema
from sicxl.schema.events import EVENTS, PROSPECT_CONTACTS, RESPONSES, STAFF

MAYOR = {
    "id": "P0001", "name": "Mairie de Conflans-Sainte-Honorine", "segment": "Collectivité", "department": "78",
    "address": "Hôtel de ville, 63 rue Maurice Berteaux", "postal_code": "78700",
    "city": "Conflans-Sainte-Honorine", "decision_maker": "Laurent Brosse", "role": "Maire",
    "email": "cabinet.maire@mairie-conflans.fr", "undeliverable": 0, "opt_out": "non", "owner": "Claire Morel",
    "category": "Important", "score": 71, "heat": "Tiède",
}


def prospect(**changes: Any) -> dict[str, Any]:
    return {**MAYOR, **changes}


def frame(rows: Sequence[dict[str, Any]], first_row: int = 2) -> pd.DataFrame:
    """Rows as a table's frame: indexed by worksheet row, columns = schema keys."""
    return pd.DataFrame(list(rows), index=range(first_row, first_row + len(rows)), dtype=object)


def prospects_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    return prospect_people(frame(rows))


def staff_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    return staff_people(frame(rows))


def show(**changes: Any) -> Event:
    values = dict(id="SAL-2026", type="Salon", title="Salon des maires et des collectivités locales 2026",
                  date=dt.date(2026, 11, 24), start=dt.time(9, 0), end=dt.time(18, 0),
                  place="Paris Expo Porte de Versailles", target="Collectivité ; Maire, Directeur",
                  capacity=None, organizer="Claire Morel", organizer_email="claire.morel@energies-territoires.fr")
    return Event(**{**values, **changes})


def meeting(**changes: Any) -> Event:
    values = dict(id="REU-2026-12", type="Réunion", title="Réunion commerciale de fin d'année",
                  date=dt.date(2026, 12, 10), start=dt.time(9, 30), end=dt.time(12, 30),
                  place="Siège, salle Seine, Vélizy-Villacoublay", agenda="1. Bilan 2026\n2. Objectifs 2027",
                  agenda_file="ordre_du_jour.pdf", target="Personnel", capacity=40, organizer="Antoine Lefèvre",
                  organizer_email="antoine.lefevre@energies-territoires.fr")
    return Event(**{**values, **changes})


def grid(schema: SheetSchema, rows: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """A sheet as Excel hands it over: the schema's headers, then the rows' values."""
    keys = [c.key for c in schema.columns if any(c.key in r for r in rows)] or [c.key for c in schema.columns]
    return [[schema.header(k) for k in keys]] + [[r.get(k) for k in keys] for r in rows]


def events_workbook(events: Sequence[dict[str, Any]], staff: Sequence[dict[str, Any]] = (),
                    responses: Sequence[dict[str, Any]] = (), extra: dict[str, list[list[Any]]] | None = None
                    ) -> MemorySource:
    sheets = {EVENTS.name: grid(EVENTS, events), STAFF.name: grid(STAFF, staff) if staff else [["Nom", "E-mail"]]}
    if responses:
        sheets[RESPONSES.name] = grid(RESPONSES, responses)
    sheets.update(extra or {})
    return MemorySource.from_rows(sheets)


def prospects_workbook(rows: Sequence[dict[str, Any]]) -> MemorySource:
    return MemorySource.from_rows({"Prospects": grid(PROSPECT_CONTACTS, rows)})


SHOW_ROW = {"id": "SAL-2026", "type": "Salon", "title": "Salon des maires et des collectivités locales 2026",
            "date": dt.date(2026, 11, 24), "start": 0.375, "end": "18h00",
            "place": "Paris Expo Porte de Versailles", "target": "Collectivité ; Maire, Directeur",
            "capacity": 50, "organizer": "Claire Morel", "organizer_email": "claire.morel@energies-territoires.fr"}
MEETING_ROW = {"id": "REU-2026-12", "type": "Réunion", "title": "Réunion commerciale de fin d'année",
               "date": dt.date(2026, 12, 10), "start": dt.time(9, 30), "end": dt.time(12, 30),
               "place": "Siège, Vélizy-Villacoublay", "agenda": "1. Bilan 2026\n2. Objectifs 2027",
               "agenda_file": "ordre_du_jour.pdf", "target": "Personnel", "capacity": 40,
               "organizer": "Antoine Lefèvre", "organizer_email": "antoine.lefevre@energies-territoires.fr"}
