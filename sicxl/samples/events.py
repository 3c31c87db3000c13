"""The events workbook: its empty template and a realistic sample.

The sample holds a trade show, the Salon des maires et des collectivités locales
(Paris, Porte de Versailles, November), to which mayors and directors of the
communes of the sample prospect file are invited; the Rencontres de l'habitat et
de la santé held at the end of October, whose visitors are to be thanked; and the
year-end sales meeting convening the 40 staff of five agencies. `Réponses` holds
the answers received by early November (the demo's date): most accepted, some
declined, others silent, and who came to the October stand, two of them never
invited. Answers come only from people the `invite` job invites: the builder runs
the prospect file's jobs and the invitation rules themselves (same core) to know
who they are. `Personnel` carries the flaws of real lists: a person without
e-mail, an e-mail mistyped, a person entered twice. Deterministic (seeded).
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from sicxl.events.people import prospect_people
from sicxl.events.selection import select
from sicxl.events.target import in_target, parse_target
from sicxl.jobs import load_jobs
from sicxl.jobs.base import load_table
from sicxl.runner import run_job
from sicxl.samples.campaigns import SAMPLE_TODAY
from sicxl.samples.prospects import build_prospects, sample_rows
from sicxl.schema.base import SheetSchema
from sicxl.schema.events import (
    ACCEPTED, ANSWERS, CIVILITIES, DECLINED, EVENT_PARAMETERS, EVENT_TYPES, EVENTS, LETTER_TEMPLATE_PARAMETER,
    MEETING, PROSPECT_CONTACTS, PROSPECT_FILE_PARAMETER, RESPONSES, SHOW, STAFF, THANKS_TEMPLATE_PARAMETER,
)
from sicxl.workbook import open_workbook
from sicxl.schema.prospects import HEATS, YES_NO

SEED = 20261124
DOMAIN = "energies-territoires.fr"
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
VALIDATION_ROWS = 1000
SHOW_ID, MEETING_ID, PAST_SHOW_ID = "SAL-2026", "REU-2026-12", "REN-2026-10"

AGENCIES = ("Vélizy-Villacoublay (siège)", "Versailles", "Cergy", "Saint-Quentin-en-Yvelines", "Argenteuil")
STAFF_ROLES = (
    ("Directeur commercial", 1), ("Directrice marketing", 1), ("Responsable d'agence", 5),
    ("Chargé d'affaires collectivités", 10), ("Chargée d'affaires habitat", 6), ("Ingénieur commercial", 6),
    ("Assistante commerciale", 6), ("Technicien d'études", 5),
)
FIRST_NAMES = (("M.", "Antoine"), ("Mme", "Claire"), ("M.", "Julien"), ("Mme", "Sophie"), ("M.", "Nicolas"),
               ("Mme", "Camille"), ("M.", "Thomas"), ("Mme", "Émilie"), ("M.", "Mathieu"), ("Mme", "Julie"),
               ("M.", "Sébastien"), ("Mme", "Aurélie"), ("M.", "Guillaume"), ("Mme", "Céline"), ("M.", "Romain"),
               ("Mme", "Hélène"))
LAST_NAMES = ("Lefèvre", "Morel", "Caron", "Marchand", "Fontaine", "Chevalier", "Robin", "Gauthier", "Masson",
              "Sanchez", "Perrin", "Blanc", "Guérin", "Boyer", "Garnier", "Rousseau", "Lemoine", "Renaud",
              "Brunet", "Schmitt", "Colin", "Vidal", "Aubert", "Rey", "Dumas", "Lucas", "Meunier", "Brun")

MEETING_AGENDA = (
    "1. Bilan commercial 2026 par agence\n2. Objectifs 2027 et nouvelle offre P3 garantie totale\n"
    "3. Salon des maires : retour d'expérience\n4. Questions diverses"
)
SAMPLE_EVENTS = (
    {"id": SHOW_ID, "type": SHOW, "title": "Salon des maires et des collectivités locales 2026",
     "date": dt.date(2026, 11, 24), "start": dt.time(9, 0), "end": dt.time(18, 0),
     "place": "Paris Expo Porte de Versailles, 1 place de la Porte de Versailles, 75015 Paris – Pavillon 4, stand C42",
     "agenda": "Présentation de nos solutions de performance énergétique des piscines, gymnases et patinoires",
     "agenda_file": None, "target": "Collectivité ; Maire, Directeur, Adjoint", "capacity": 60,
     "organizer": "Claire Morel", "organizer_email": f"claire.morel@{DOMAIN}"},
    {"id": MEETING_ID, "type": MEETING, "title": "Réunion commerciale de fin d'année",
     "date": dt.date(2026, 12, 10), "start": dt.time(9, 30), "end": dt.time(12, 30),
     "place": "Siège, salle Seine, 12 avenue de l'Europe, 78140 Vélizy-Villacoublay", "agenda": MEETING_AGENDA,
     "agenda_file": "ordre_du_jour_reunion.pdf", "target": "Personnel", "capacity": 40,
     "organizer": "Antoine Lefèvre", "organizer_email": f"antoine.lefevre@{DOMAIN}"},
    {"id": PAST_SHOW_ID, "type": SHOW, "title": "Rencontres de l'habitat et de la santé 2026",
     "date": dt.date(2026, 10, 29), "start": dt.time(9, 0), "end": dt.time(17, 30),
     "place": "Palais des congrès de Versailles, 10 rue de la Chancellerie, 78000 Versailles – stand 12",
     "agenda": "Contrats de performance énergétique des hôpitaux, cliniques et résidences",
     "agenda_file": None, "target": "Santé, Habitat public, Habitat privé, Tertiaire", "capacity": None,
     "organizer": "Sophie Marchand", "organizer_email": f"sophie.marchand@{DOMAIN}"},
)


def _slug(text: str) -> str:
    plain = text.lower().translate(str.maketrans("éèêëàâîïôûüç", "eeeeaaiiouuc"))
    return "".join(ch for ch in plain.replace(" ", "-") if ch.isalnum() or ch == "-")


def staff_rows(rng: random.Random) -> list[dict[str, Any]]:
    """40 staff with their function and agency, and the flaws of real lists."""
    roles = [role for role, count in STAFF_ROLES for _ in range(count)]
    leaders = [("M.", "Antoine", "Lefèvre"), ("Mme", "Claire", "Morel")]  # the two organisers
    others = [(c, f, l) for c, f in FIRST_NAMES for l in LAST_NAMES if (c, f, l) not in leaders]
    names = leaders + rng.sample(others, len(roles) - len(leaders))
    rows = []
    for index, (role, (civility, first, last)) in enumerate(zip(roles, names), start=1):
        agency = AGENCIES[0] if index <= 2 else AGENCIES[(index - 3) % len(AGENCIES)]
        rows.append({"staff_id": f"E{index:03d}", "civility": civility, "name": f"{first} {last}", "role": role,
                     "agency": agency, "email": f"{_slug(first)}.{_slug(last)}@{DOMAIN}"})
    rows[33]["email"] = None  # no e-mail and no postal address: cannot be convened
    rows[34]["email"] = rows[34]["email"].replace(f"@{DOMAIN}", "@energies-territoires")  # mistyped
    rows.append({**rows[12], "staff_id": f"E{len(rows) + 1:03d}"})  # entered twice
    return rows


@lru_cache(maxsize=1)
def _demo_prospects() -> pd.DataFrame:
    """The sample prospect file's people as the demo has them when `invite` runs: the
    file brought up to date by its own jobs (calls, then qualify: scores, categories
    and duplicates, which rank and filter the invitation lists)."""
    with tempfile.TemporaryDirectory(prefix="sicxl-exemple-") as folder:
        path = build_prospects(Path(folder) / "prospects.xlsx")
        for name in ("calls", "qualify"):
            run_job(load_jobs()[name], path, today=SAMPLE_TODAY)
        with open_workbook(path) as book:
            return prospect_people(load_table(book, PROSPECT_CONTACTS).frame)


def invited(event: dict[str, Any]) -> list[dict[str, Any]]:
    """The prospects the `invite` job invites to `event` in the demo (same rules, same core)."""
    people = _demo_prospects()
    people = people[in_target(people, parse_target(event["target"], event["type"]))]
    chosen = {i.person for i in select(event["id"], people, event["capacity"]).invited}
    rows = {row["id"]: row for row in sample_rows()}
    return [rows[key] for key in people["key"] if key in chosen]


def _answer(event: str, prospect: dict[str, Any], answer: str, day: dt.date, **more: Any) -> dict[str, Any]:
    return {"event": event, "person": prospect["id"], "name": prospect["decision_maker"],
            "organisation": prospect["name"], "role": prospect["role"], "email": prospect["email"],
            "city": prospect["city"], "answer": answer, "answered_on": day, **more}


def response_rows(rng: random.Random, staff: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Answers received by early November: staff to the meeting, invited prospects to
    both shows, and who came to the October stand."""
    rows = []
    for person in staff[:30]:
        answer = DECLINED if rng.random() < 0.15 else ACCEPTED
        rows.append({"event": MEETING_ID, "person": person["staff_id"], "name": person["name"],
                     "organisation": None, "role": person["role"], "email": person["email"], "answer": answer,
                     "answered_on": dt.date(2026, 10, rng.randint(20, 31))})
    show, _, past = SAMPLE_EVENTS
    for prospect in rng.sample([p for p in invited(show) if p.get("email")], 24):
        answer = DECLINED if rng.random() < 0.25 else ACCEPTED
        rows.append(_answer(SHOW_ID, prospect, answer, dt.date(2026, 10, rng.randint(12, 31))))
    guests = invited(past)
    for number, prospect in enumerate(guests):
        came = number % 3 != 2
        rows.append(_answer(PAST_SHOW_ID, prospect, ACCEPTED if came or number % 2 else DECLINED,
                            dt.date(2026, 10, rng.randint(5, 20)), present="oui" if came else None,
                            heat=HEATS[2] if number % 3 == 0 else HEATS[1] if number % 4 == 1 else None))
    known = next(p for p in sample_rows() if p["segment"] == "Collectivité" and p.get("email")
                 and p.get("opt_out") == "non" and not p.get("undeliverable"))
    rows.append({**_answer(PAST_SHOW_ID, known, None, None), "present": "oui",
                 "notes": "Passé au stand sans invitation"})
    rows.append({"event": PAST_SHOW_ID, "civility": "Mme", "name": "Valérie Perrin", "organisation":
                 "Résidence Les Jardins de Marly", "role": "Directrice d'établissement",
                 "email": "v.perrin@jardins-de-marly.fr", "city": "Marly-le-Roi", "present": "oui",
                 "heat": HEATS[1], "notes": "Carte de visite laissée au stand"})
    return rows


def _write_table(ws: Worksheet, schema: SheetSchema, rows: Sequence[dict[str, Any]], table: str | None) -> None:
    """Headers, values with their formats, widths, an Excel table and a frozen header row."""
    for col, column in enumerate(schema.columns, start=1):
        cell = ws.cell(row=1, column=col, value=column.header)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = column.width
        for row_index, row in enumerate(rows, start=2):
            value = ws.cell(row=row_index, column=col, value=row.get(column.key))
            if column.number_format:
                value.number_format = column.number_format
            if column.key == "agenda":
                value.alignment = Alignment(wrap_text=True, vertical="top")
    if table:
        last = get_column_letter(len(schema.columns))
        excel_table = Table(displayName=table, ref=f"A1:{last}{max(2, len(rows) + 1)}")
        excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(excel_table)
    ws.freeze_panes = "A2"


def _drop_down(ws: Worksheet, schema: SheetSchema, key: str, choices: Sequence[str]) -> None:
    col = get_column_letter([c.key for c in schema.columns].index(key) + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle=schema.header(key),
                                error="Choisissez une valeur de la liste.")
    validation.add(f"{col}2:{col}{VALIDATION_ROWS}")
    ws.add_data_validation(validation)


def _parameter_rows() -> list[dict[str, Any]]:
    return [
        {"parameter": PROSPECT_FILE_PARAMETER, "value": "prospects.xlsx",
         "comment": "Classeur des clients et prospects à inviter, à côté de ce classeur (ou option --prospects)"},
        {"parameter": LETTER_TEMPLATE_PARAMETER, "value": None,
         "comment": "Modèle Word des lettres d'invitation (champs {{adresse}}, {{formule}}, {{titre}}...) ; "
                    "vide : modèle intégré"},
        {"parameter": THANKS_TEMPLATE_PARAMETER, "value": None,
         "comment": "Modèle Word des lettres de remerciement après un salon (mêmes champs, plus {{commercial}} "
                    "et {{suite}}) ; vide : modèle intégré"},
    ]


def build_events(path: Path, sample: bool = True) -> Path:
    """Write the events workbook: the template, or (sample=True) the realistic sample."""
    rng = random.Random(SEED)
    staff = staff_rows(rng) if sample else []
    sheets = (
        (EVENTS, list(SAMPLE_EVENTS) if sample else [], EVENTS.table),
        (STAFF, staff, STAFF.table),
        (RESPONSES, response_rows(rng, staff) if sample else [], RESPONSES.table),
        (EVENT_PARAMETERS, _parameter_rows(), None),
    )
    workbook = Workbook()
    workbook.remove(workbook.active)
    for schema, rows, table in sheets:
        _write_table(workbook.create_sheet(schema.name), schema, rows, table)
    _drop_down(workbook[EVENTS.name], EVENTS, "type", EVENT_TYPES)
    _drop_down(workbook[STAFF.name], STAFF, "civility", CIVILITIES)
    for key, choices in (("answer", ANSWERS), ("present", YES_NO), ("heat", HEATS)):
        _drop_down(workbook[RESPONSES.name], RESPONSES, key, choices)
    workbook.save(path)
    return path
