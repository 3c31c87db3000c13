"""Visitors of a trade show's stand placed in the prospect file by `followup` (issue 17,
point 5): linked when already there (whatever the spelling), added otherwise, under
new IDs, into the prospect workbook that the runner saves under its lock."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table

from sicxl.events.responses import Response
from sicxl.events.walk_ins import place_walk_ins
from sicxl.jobs import load_jobs
from sicxl.jobs.plans import Plan
from sicxl.reference.communes import communes
from sicxl.runner import run_job
from sicxl.schema.events import EVENTS, FOLLOWUPS, PARAMETERS, PROSPECT_CONTACTS, PROSPECT_FILE_PARAMETER, RESPONSES
from sicxl.server.regenerate import regenerate_workbook
from sicxl.workbook import WorkbookError

from tests.events.factories import SHOW_ROW, frame, grid, prospect, show

AFTER_SHOW = dt.date(2026, 11, 26)
PROSPECT_ROWS = [
    prospect(),  # P0001, Mairie de Conflans-Sainte-Honorine
    prospect(id="P0002", name="MAIRIE DE JOUY LE MOUTIER", decision_maker="Mme Anne Leroy", role="DGS",
             email="a.leroy@jouylemoutier.fr", address="Place de la Mairie", postal_code="95280",
             city="Jouy-le-Moutier", department="95", owner="Julien Caron"),
    prospect(id="P0010", name="Centre hospitalier de Pontoise", segment="Santé", decision_maker="M. Éric Morin",
             email="e.morin@ch-pontoise.fr", postal_code="95300", city="Pontoise", department="95",
             owner="Julien Caron"),
]
VISITORS = [
    # already a prospect, spelt otherwise and without her ID: linked to P0002
    {"event": "SAL-2026", "name": "Anne Leroy", "organisation": "Mairie de Jouy-le-Moutier", "role": "DGS",
     "email": "dgs@jouylemoutier.fr", "city": "Jouy-le-Moutier", "present": "oui", "heat": "Chaud"},
    # new: the town hall of Osny, twice on the stand (two rows), becomes one prospect
    {"event": "SAL-2026", "name": "M. Paul Martin", "organisation": "Mairie d'Osny", "role": "Directeur technique",
     "email": "p.martin@ville-osny.fr", "city": "Osny", "present": "oui", "heat": "Tiède"},
    {"event": "SAL-2026", "name": "Paul Martin", "organisation": "Ville d'Osny", "email": "p.martin@ville-osny.fr",
     "city": "OSNY", "present": "oui"},
    # new, a commune whose name has homonyms: no codes guessed
    {"event": "SAL-2026", "name": "Mme Lucie Garnier", "organisation": "Mairie de Saint-Martin", "city": "Saint-Martin",
     "present": "oui"},
    {"event": "SAL-2026", "name": "M. Absent", "organisation": "Mairie de Cergy", "present": "non"},
]


def _response(row: int, values: dict[str, Any]) -> Response:
    keys = ("event", "name", "organisation", "role", "email", "city", "heat")
    return Response(row=row, present=values.get("present") == "oui", **{k: values.get(k) or "" for k in keys})


def test_walk_ins_are_linked_or_added_once_through_the_duplicate_search() -> None:
    event = show(date=dt.date(2026, 11, 24))
    visitors = [(event, _response(row, v)) for row, v in enumerate(VISITORS[:4], start=2)]
    placed = place_walk_ins(visitors, frame(PROSPECT_ROWS), communes())
    by_row = placed.by_response
    assert (by_row[2].prospect_id, by_row[2].linked) == ("P0002", True)
    # her e-mail differs from the file's: said, and it lowers the similarity (issue 19)
    assert by_row[2].match == "P0002 (80\u00a0%\u00a0: raison sociale, commune, décideur ; diffère\u00a0: e-mail)"
    assert [(by_row[r].prospect_id, by_row[r].linked) for r in (3, 4, 5)] == [("P0011", False), ("P0011", False),
                                                                              ("P0012", False)]
    osny, saint_martin = placed.records
    assert {k: osny[k] for k in ("id", "name", "decision_maker", "role", "email", "insee", "postal_code", "department",
                                 "heat", "last_contact")} == {
        "id": "P0011", "name": "Mairie d'Osny", "decision_maker": "M. Paul Martin", "role": "Directeur technique",
        "email": "p.martin@ville-osny.fr", "insee": "95476", "postal_code": "95520", "department": "95",
        "heat": "Tiède", "last_contact": dt.date(2026, 11, 24)}
    assert saint_martin["city"] == "Saint-Martin" and "insee" not in saint_martin  # homonyms: not guessed


def _files(tmp_path: Path, below_table: str | None = None) -> tuple[Path, Path]:
    """An events workbook after the show and the team's prospect workbook (an Excel table)."""
    events = openpyxl.Workbook()
    events.active.title = EVENTS.name
    for row in grid(EVENTS, [SHOW_ROW]):
        events.active.append(row)
    answers = events.create_sheet(RESPONSES.name)
    for row in grid(RESPONSES, VISITORS):
        answers.append(row)
    events_path = tmp_path / "evenements.xlsx"
    events.save(events_path)
    prospects = openpyxl.Workbook()
    sheet = prospects.active
    sheet.title = "Prospects"
    for row in grid(PROSPECT_CONTACTS, PROSPECT_ROWS):
        sheet.append(row)
    sheet.add_table(Table(displayName="tblProspects", ref=f"A1:{get_column_letter(sheet.max_column)}4"))
    if below_table:
        sheet.cell(6, 1, below_table)
    prospects_path = tmp_path / "prospects.xlsx"
    prospects.save(prospects_path)
    return events_path, prospects_path


def _followup(events: Path, prospects: Path):
    return run_job(load_jobs()["followup"], events, options={"prospects": prospects}, today=AFTER_SHOW)


def test_followup_adds_the_new_visitors_to_the_prospect_workbook(tmp_path: Path) -> None:
    events, prospects = _files(tmp_path)
    run = _followup(events, prospects)
    report = run.result.report
    assert report.counts["walk_ins_added"] == 3 and report.counts["walk_ins_linked"] == 1
    assert any(line.startswith("Nouveau prospect P0011 : Paul Martin, Mairie d'Osny") for line in report.lines)
    assert any(line.startswith("Déjà dans le fichier prospects : Anne Leroy") for line in report.lines)
    assert any(line.startswith("Fichier prospects « prospects.xlsx » complété") for line in report.lines)
    book = openpyxl.load_workbook(prospects)
    sheet = book["Prospects"]
    assert sheet.tables["tblProspects"].ref.endswith("6")  # the two new rows inside the table
    ids = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == ["P0001", "P0002", "P0010", "P0011", "P0012"]
    relances = list(openpyxl.load_workbook(events)[FOLLOWUPS.name].iter_rows(values_only=True))
    header = relances[0]
    rows = [dict(zip(header, r)) for r in relances[1:]]
    new = [r for r in rows if r["Action"] == "Nouveau contact"]
    assert sorted(r["ID personne"] for r in new) == ["P0011", "P0011", "P0012"]
    call_back = [r for r in rows if r["Action"] == "Rappel commercial"]
    assert [(r["ID personne"], r["Commercial"]) for r in call_back][0] == ("P0002", "Julien Caron")
    again = _followup(events, prospects)
    assert again.result.report.counts["walk_ins_added"] == 0  # now in the file: never added twice
    assert len(list(openpyxl.load_workbook(prospects)["Prospects"].iter_rows(min_row=2))) == 5


def test_a_prospect_workbook_open_in_excel_is_reported_not_written(tmp_path: Path) -> None:
    events, prospects = _files(tmp_path)
    (tmp_path / "~$prospects.xlsx").write_bytes(bytes([12]) + b"Claire Morel")
    before = prospects.read_bytes()
    run = _followup(events, prospects)
    assert prospects.read_bytes() == before
    assert any("n'a pas été complété" in p and "Claire Morel" in p for p in run.result.report.problems)
    assert run.written == events  # the events workbook's own results are saved


def test_a_note_under_the_prospect_table_stops_the_additions_only(tmp_path: Path) -> None:
    events, prospects = _files(tmp_path, below_table="Liste arrêtée au 01/11/2026")
    run = _followup(events, prospects)
    assert any("non ajoutés au fichier prospects" in p for p in run.result.report.problems)
    assert len(list(openpyxl.load_workbook(prospects)["Prospects"].iter_rows(min_row=2, max_row=4))) == 3
    assert run.result.report.counts["walk_ins_added"] == 0


def test_the_prospect_workbook_is_locked_while_the_job_runs(tmp_path: Path, monkeypatch) -> None:
    events, prospects = _files(tmp_path)
    monkeypatch.setattr("sicxl.runner.OTHER_LOCK_WAIT", 0.2)
    holder = subprocess.Popen(  # a merge or a nightly run, in another process, holds it
        [sys.executable, "-c", "import sys, time; from sicxl.workbook.locks import workbook_lock\n"
         "with workbook_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(60)", str(prospects)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WorkbookError, match="en cours de mise à jour"):
            _followup(events, prospects)
    finally:
        holder.kill()
        holder.wait()


def test_the_nightly_run_adds_the_visitors_to_the_prospect_workbook_its_parameters_name(tmp_path: Path) -> None:
    """`regenerate` runs `followup` as the command line does: the visitors' rows go into
    the prospect workbook named in `Paramètres`, once, and its report says so."""
    events, prospects = _files(tmp_path)
    book = openpyxl.load_workbook(events)
    settings = book.create_sheet(PARAMETERS.name)
    settings.append([c.header for c in PARAMETERS.columns][:2])
    settings.append([PROSPECT_FILE_PARAMETER, prospects.name])
    book.save(events)
    plan = Plan("événements", "followup", ("followup",))
    outcome = regenerate_workbook(events, plan, [load_jobs()["followup"]], AFTER_SHOW)
    assert outcome.status == "written"
    lines = outcome.jobs[0].lines
    assert any(line.startswith("Fichier prospects « prospects.xlsx » complété") for line in lines)
    ids = [r[0] for r in openpyxl.load_workbook(prospects)["Prospects"].iter_rows(min_row=2, values_only=True)]
    assert ids == ["P0001", "P0002", "P0010", "P0011", "P0012"]
    before = prospects.read_bytes()
    dry = regenerate_workbook(events, plan, [load_jobs()["followup"]], AFTER_SHOW, dry_run=True)
    again = regenerate_workbook(events, plan, [load_jobs()["followup"]], AFTER_SHOW)
    # settled from the first night: the visitors' tasks already carry their new IDs, never added twice
    assert dry.status == again.status == "unchanged" and prospects.read_bytes() == before
