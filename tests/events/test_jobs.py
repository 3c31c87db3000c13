"""The `invite` and `followup` jobs on realistic workbooks, bad input included."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from pathlib import Path

import openpyxl

from sicxl.jobs.base import Context, MemorySource
from sicxl.jobs.events import followup, invite, prospects_path
from sicxl.schema.events import (
    ANSWER_SUMMARY, EVENTS, FOLLOWUPS, INVITATIONS, MEETING, RESPONSES, SHOW, STAFF,
)

from tests.events.factories import MEETING_ROW, SHOW_ROW, events_workbook, prospect, prospects_workbook

TODAY = dt.date(2026, 11, 2)
STAFF_ROWS = [
    {"staff_id": "E001", "civility": "M.", "name": "Antoine Lefèvre", "role": "Directeur commercial",
     "agency": "Vélizy-Villacoublay", "email": "antoine.lefevre@energies-territoires.fr"},
    {"staff_id": "E002", "civility": "Mme", "name": "Claire Morel", "role": "Chargée d'affaires",
     "agency": "Versailles", "email": "claire.morel@energies-territoires.fr"},
    {"staff_id": "E003", "civility": "M.", "name": "Romain Boyer", "role": "Technicien d'études",
     "agency": "Cergy", "email": None},  # neither e-mail nor postal address
    {"staff_id": "E004", "civility": "M.", "name": "Guillaume Dumas", "role": "Ingénieur commercial",
     "agency": "Cergy", "email": "guillaume.dumas@energies-territoires"},  # invalid
]
PROSPECT_ROWS = [
    prospect(),
    prospect(id="P0002", name="Mairie de Cergy", decision_maker="Hélène Dupré", role="Directrice générale",
             email="dgs@ville-cergy.fr", address="3 place Olympe de Gouges", postal_code="95000", city="Cergy",
             department="95"),
    prospect(id="P0003", name="Ville de Conflans-Sainte-Honorine"),  # same person as P0001 (same e-mail)
]


def _run(job, source: MemorySource, today: dt.date = TODAY, **options):
    return job(source, Context(today=today, options={"prospects_source": prospects_workbook(PROSPECT_ROWS),
                                                      **options}))


def _sheet(result, name: str) -> list[list]:
    return next(s.rows for s in result.writes.sheets if s.name == name)


def _records(rows: list[list]) -> list[dict]:
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_invite_draws_both_events_and_explains_every_exclusion() -> None:
    source = events_workbook([SHOW_ROW, MEETING_ROW], STAFF_ROWS)
    result = _run(invite, source, read_file={"ordre_du_jour.pdf": b"%PDF agenda"}.get)
    rows = _records(_sheet(result, INVITATIONS.name))
    by_person = {(r["Événement"], r["ID personne"]): r for r in rows}
    assert by_person[("SAL-2026", "P0001")]["Statut"] == "Invité"
    assert by_person[("SAL-2026", "P0002")]["Motif d'exclusion"] is None
    assert by_person[("SAL-2026", "P0003")]["Motif d'exclusion"] == "Doublon : même personne que P0001"
    assert by_person[("REU-2026-12", "E003")]["Motif d'exclusion"] == "Ni e-mail valide ni adresse postale complète"
    assert by_person[("REU-2026-12", "E004")]["Statut"] == "Exclu"
    assert by_person[("SAL-2026", "P0001")]["Adresse postale"].splitlines()[-1] == "78700 CONFLANS SAINTE HONORINE"
    problems = "\n".join(result.report.problems)
    assert "« guillaume.dumas@energies-territoires » n'est pas une adresse e-mail valide (Personnel, F5)" in problems
    assert "Romain Boyer n'a ni e-mail valide ni adresse postale complète" in problems
    assert "figure déjà sous P0001" in problems
    names = [e.name for e in result.exports]
    assert {"SAL-2026_publipostage.csv", "SAL-2026_calendrier.ics", "REU-2026-12_calendrier.ics",
            "REU-2026-12_courriels/E001.eml", "SAL-2026_badges.docx"} <= set(names)
    draft = next(e for e in result.exports if e.name == "REU-2026-12_courriels/E002.eml")
    message = email.message_from_bytes(draft.content, policy=policy.default)
    assert [a.get_filename() for a in message.iter_attachments()] == ["ordre_du_jour.pdf", "invitation.ics"]
    assert [a.addr_spec for a in message["To"].addresses] == ["claire.morel@energies-territoires.fr"]


def test_missing_agenda_is_reported_and_drafts_still_made() -> None:
    result = _run(invite, events_workbook([MEETING_ROW], STAFF_ROWS), read_file=lambda name: None)
    assert any("ordre du jour « ordre_du_jour.pdf » est introuvable" in p for p in result.report.problems)
    drafts = [e for e in result.exports if e.name.endswith(".eml")]
    assert len(drafts) == 2
    attached = email.message_from_bytes(drafts[0].content, policy=policy.default).iter_attachments()
    assert [a.get_filename() for a in attached] == ["invitation.ics"]  # the meeting request, no agenda


def test_event_without_date_still_gets_its_list_but_no_calendar() -> None:
    result = _run(invite, events_workbook([{**SHOW_ROW, "date": None}], STAFF_ROWS))
    assert any("SAL-2026 n'a pas de date" in p for p in result.report.problems)
    assert result.report.anomalies["Événement sans date"] == 1
    assert len(_records(_sheet(result, INVITATIONS.name))) == 3
    assert "SAL-2026_calendrier.ics" not in [e.name for e in result.exports]
    assert "SAL-2026_publipostage.csv" in [e.name for e in result.exports]


def test_unreadable_time_is_reported_with_its_cell() -> None:
    result = _run(invite, events_workbook([{**SHOW_ROW, "start": "neuf heures"}]))
    assert any(p.startswith("Début : « neuf heures » n'est pas une heure") and "(Événements, E2)" in p
               for p in result.report.problems)


def test_without_prospect_file_staff_only_and_reported() -> None:
    result = invite(events_workbook([SHOW_ROW, MEETING_ROW], STAFF_ROWS), Context(today=TODAY))
    assert any("aucun fichier prospects" in p for p in result.report.problems)
    events = {r["Événement"] for r in _records(_sheet(result, INVITATIONS.name))}
    assert events == {"REU-2026-12"}


def test_one_event_rerun_keeps_the_rows_of_the_others() -> None:
    first = _run(invite, events_workbook([SHOW_ROW, MEETING_ROW], STAFF_ROWS))
    source = events_workbook([SHOW_ROW, {**MEETING_ROW, "capacity": 1}], STAFF_ROWS,
                             extra={INVITATIONS.name: _sheet(first, INVITATIONS.name)})
    again = _run(invite, source, event="reu-2026-12")
    rows = _records(_sheet(again, INVITATIONS.name))
    assert sum(r["Événement"] == "SAL-2026" for r in rows) == 3
    meeting = [r for r in rows if r["Événement"] == "REU-2026-12"]
    assert [r["Statut"] for r in meeting].count("Invité") == 1
    assert not any(e.name.startswith("SAL-2026") for e in again.exports)


def test_unknown_event_is_reported() -> None:
    result = _run(invite, events_workbook([SHOW_ROW]), event="SAL-2099")
    assert any("« SAL-2099 » introuvable" in p for p in result.report.problems)


def test_followup_reads_the_invitations_and_answers() -> None:
    invited = _run(invite, events_workbook([SHOW_ROW, MEETING_ROW], STAFF_ROWS))
    responses = [
        {"event": "SAL-2026", "person": "P0001", "answer": "Accepté", "present": "oui", "heat": "Chaud"},
        {"event": "SAL-2026", "name": "Nadia Benali", "organisation": "Mairie de Mantes-la-Jolie",
         "email": "n.benali@manteslajolie.fr", "present": "oui"},
        {"event": "SAL-2026", "person": "P0002", "answer": "Peut-être"},  # unreadable answer
        {"event": "REU-2026-12", "person": "E001", "answer": "Accepté"},
    ]
    source = events_workbook([SHOW_ROW, MEETING_ROW], STAFF_ROWS, responses,
                             extra={INVITATIONS.name: _sheet(invited, INVITATIONS.name)})
    result = _run(followup, source, today=dt.date(2026, 11, 25))
    actions = _records(_sheet(result, FOLLOWUPS.name))
    thanks = [(a["Nom"] or a["ID personne"], a["Échéance"]) for a in actions if a["Action"] == "Remerciement"]
    assert sorted(thanks) == [("Laurent Brosse", dt.date(2026, 12, 1)), ("Nadia Benali", dt.date(2026, 12, 1))]
    assert [a["ID personne"] for a in actions if a["Action"] == "Rappel commercial"] == ["P0001"]
    assert [a["Nom"] for a in actions if a["Action"] == "Nouveau contact"] == ["Nadia Benali"]
    assert [a["ID personne"] for a in actions if a["Action"] == "Relance"] == ["E002"]
    summary = {r["Événement"]: r for r in _records(_sheet(result, ANSWER_SUMMARY.name))}
    assert (summary["SAL-2026"]["Invités"], summary["SAL-2026"]["Accepté"], summary["SAL-2026"]["Présents"]) == (2, 1, 2)
    assert summary["REU-2026-12"]["Sans réponse"] == 1
    assert any("Réponse : « Peut-être » n'est pas dans la liste" in p for p in result.report.problems)


def test_prospect_file_named_in_parameters() -> None:
    source = events_workbook([SHOW_ROW], extra={"Paramètres": [["Paramètre", "Valeur"],
                                                               ["Fichier prospects", "clients/prospects.xlsx"]]})
    assert prospects_path(source, Context(today=TODAY)) == "clients/prospects.xlsx"
    assert prospects_path(source, Context(today=TODAY, options={"prospects": "autre.xlsx"})) == "autre.xlsx"


def test_sample_workbook(tmp_path: Path, sample_prospects_master: Path) -> None:
    from sicxl.samples.events import build_events
    from sicxl.workbook import open_workbook

    path = build_events(tmp_path / "evenements.xlsx", sample=True)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [EVENTS.name, STAFF.name, RESPONSES.name, "Paramètres"]
    types = [r[1] for r in book[EVENTS.name].iter_rows(min_row=2, values_only=True)]
    assert types == [SHOW, MEETING, SHOW]
    staff = list(book[STAFF.name].iter_rows(min_row=2, values_only=True))
    assert len(staff) == 41 and len({r[2] for r in staff}) == 40  # 40 people, one entered twice
    assert book[STAFF.name].freeze_panes == "A2" and STAFF.table in book[STAFF.name].tables
    with open_workbook(path) as source, open_workbook(sample_prospects_master) as prospects:
        result = invite(source, Context(today=TODAY, options={"prospects_source": prospects}))
    rows = _records(_sheet(result, INVITATIONS.name))
    meeting = [r for r in rows if r["Événement"] == "REU-2026-12"]
    assert sum(r["Statut"] == "Invité" for r in meeting) == 38
    show_rows = [r for r in rows if r["Événement"] == "SAL-2026"]
    assert sum(r["Statut"] == "Invité" for r in show_rows) == 60


def test_template_workbook_is_empty_with_headers(tmp_path: Path) -> None:
    from sicxl.samples.events import build_events

    book = openpyxl.load_workbook(build_events(tmp_path / "modele.xlsx", sample=False))
    sheet = book[RESPONSES.name]
    assert [c.value for c in sheet[1]] == [c.header for c in RESPONSES.columns]
    assert sheet.max_row == 1 or all(v is None for v in next(sheet.iter_rows(min_row=2, values_only=True)))
    assert len(sheet.data_validations.dataValidation) == 3
