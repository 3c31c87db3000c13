"""Job `agenda`: appointments and open call-backs of the next days, hot prospects first."""

from __future__ import annotations

import datetime as dt

from sicxl.jobs.campaigns import agenda as agenda_job
from sicxl.schema.campaigns import AGENDA

from tests.campaigns.conftest import context, source

D = dt.date
CALLS = [
    # Claire Morel's prospects
    {"date": D(2025, 3, 3), "prospect_id": "P0001", "result": "RDV obtenu", "heat": "Tiède",
     "appointment": D(2025, 3, 17), "contact": "M. Hervé Lambert", "objections": "Contrat en cours jusqu'en 2026"},
    {"date": D(2025, 3, 5), "prospect_id": "P0002", "result": "Informations obtenues", "heat": "Chaud",
     "callback": "20/03/2025"},
    # Antoine Lefèvre's: a call-back settled by a later call, a cold call-back, a meeting too far away.
    {"date": D(2025, 3, 4), "prospect_id": "P0003", "result": "Barrage", "callback": D(2025, 3, 18)},
    {"date": D(2025, 3, 10), "prospect_id": "P0003", "result": "Refus", "heat": "Froid"},
    {"date": D(2025, 3, 11), "prospect_id": "P0004", "result": "Informations obtenues", "heat": "Froid",
     "callback": D(2025, 3, 15)},
    {"date": D(2025, 3, 12), "prospect_id": "P0005", "result": "RDV obtenu", "heat": "Chaud",
     "appointment": D(2025, 4, 30)},
]
REPORTS = [
    {"date": D(2025, 1, 20), "prospect_id": "P0001", "met": "M. Hervé Lambert", "decisive": "Prix",
     "motivations": "Argent"},
    {"date": D(2025, 2, 24), "prospect_id": "P0001", "met": "M. Hervé Lambert",
     "decisive": "Garantie de résultat sur les consommations", "motivations": "sécurité; argent",
     "competitor": "Idex", "next_step": "Envoyer une proposition P1 + P2"},
]


def _lines(result) -> list[dict]:
    """The first block of the sheet: appointments and call-backs (the sales-cycle blocks follow)."""
    rows = result.writes.sheets[0].rows
    header = rows[1]
    keys = [AGENDA.columns[i].key for i, _ in enumerate(header)]
    block = rows[2:rows.index([])] if [] in rows else rows[2:]
    return [dict(zip(keys, row)) for row in block]


def test_agenda_lists_due_items_per_salesperson_hot_first():
    result = agenda_job(source(CALLS, reports=REPORTS), context(days=14))
    lines = _lines(result)
    assert [(l["owner"], l["prospect_id"], l["kind"], l["date"]) for l in lines] == [
        ("Antoine Lefèvre", "P0004", "Rappel", D(2025, 3, 15)),
        ("Claire Morel", "P0002", "Rappel", D(2025, 3, 20)),  # hot before warm, though later
        ("Claire Morel", "P0001", "RDV", D(2025, 3, 17)),
    ]
    assert result.report.lines[0] == "1 RDV et 2 rappels dans les 14 prochains jours."


def test_agenda_carries_the_last_visit_report():
    lines = _lines(agenda_job(source(CALLS, reports=REPORTS), context()))
    meeting = next(l for l in lines if l["kind"] == "RDV")
    assert meeting["report_date"] == D(2025, 2, 24)
    assert meeting["decisive"] == "Garantie de résultat sur les consommations"
    assert meeting["motivations"] == "Sécurité, Argent"
    assert meeting["competitor"] == "Idex"
    assert meeting["objections"] == "Contrat en cours jusqu'en 2026"
    assert meeting["contact"] == "M. Hervé Lambert"


def test_callback_without_contact_falls_back_to_the_decision_maker():
    lines = _lines(agenda_job(source(CALLS, reports=REPORTS), context()))
    callback = next(l for l in lines if l["prospect_id"] == "P0004")
    assert callback["contact"] == "Mme Sophie Mercier"
    assert callback["phone"] == "01 30 52 15 30"


def test_longer_window_reaches_later_meetings_and_bad_motives_are_reported():
    reports = REPORTS + [{"date": D(2025, 3, 1), "prospect_id": "P0005", "motivations": "Flemme"}]
    result = agenda_job(source(CALLS, reports=reports), context(days="60"))
    assert [l["prospect_id"] for l in _lines(result)][0] == "P0004"
    assert "P0005" in [l["prospect_id"] for l in _lines(result)]
    assert any(line.startswith("Comptes rendus — Motivations : « Flemme » n'est pas dans la liste")
               and line.endswith("(H4)") for line in result.report.lines)
