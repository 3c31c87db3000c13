"""Job `tenders`: deadlines to come, late steps, won tenders listed as deals to create."""

from __future__ import annotations

import datetime as dt

from sicxl.jobs.campaigns import tenders as tenders_job
from sicxl.schema.campaigns import DEALS_TO_CREATE, TENDER_WATCH

from tests.campaigns.conftest import TODAY, context, source


def _day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


TENDERS = [
    {"reference": "AO-01", "buyer": "Mairie de Houdan", "subject": "Chauffage des écoles",
     "deadline": _day(25), "stage": "Repéré", "owner": "Claire Morel"},
    {"reference": "AO-02", "buyer": "Mairie de Maule", "subject": "Maintenance P2 des gymnases",
     "deadline": _day(12), "stage": "Repéré", "owner": "Antoine Lefèvre"},
    {"reference": "AO-03", "buyer": "Mairie de Chevreuse", "subject": "Marché global de performance",
     "deadline": _day(6).strftime("%d/%m/%Y"), "stage": "Dossier retiré", "owner": "Antoine Lefèvre"},
    {"reference": "AO-04", "buyer": "Mairie de Rambouillet", "subject": "Piscine",
     "deadline": _day(-3), "stage": "Étude en cours", "owner": "Claire Morel"},
    {"reference": "AO-05", "buyer": "Mairie de Rambouillet", "subject": "Réseau de chaleur",
     "deadline": _day(-120), "stage": "Offre envoyée", "owner": "Claire Morel"},
    {"reference": "AO-06", "buyer": "mairie de houdan", "subject": "Chaufferies du groupe scolaire",
     "deadline": _day(-60), "stage": "Gagné", "owner": "Claire Morel"},
    {"reference": "AO-07", "buyer": "Syndicat intercommunal de la Mauldre", "subject": "Station d'épuration",
     "deadline": _day(-70), "stage": "Gagné", "owner": "Julien Caron"},
    {"reference": "AO-08", "buyer": "Mairie de Maule", "subject": "Bâtiments communaux",
     "deadline": _day(-90), "stage": "Gagné", "owner": "Antoine Lefèvre"},
    {"reference": "AO-09", "buyer": "Mairie de Maule", "subject": "Éclairage", "deadline": _day(40),
     "stage": "Perdu"},
    {"reference": "AO-10", "buyer": "Mairie de Maule", "subject": "Gymnase", "deadline": "bientôt",
     "stage": "Repéré"},
]
DEALS = [{"deal_id": "AF-001", "prospect_id": "P0003", "stage": "Signée", "amount": 54, "contract": "C-1",
          "tender": "ao-08"}]


def _blocks(result) -> list[list[dict]]:
    rows = result.writes.sheets[0].rows
    blocks, current, keys = [], None, None
    for row in rows:
        if len(row) == 1:
            current = []
            blocks.append(current)
            keys = None
        elif row and keys is None:
            schema = DEALS_TO_CREATE if row[0] == DEALS_TO_CREATE.columns[0].header else TENDER_WATCH
            keys = [c.key for c in schema.columns]
        elif row:
            current.append(dict(zip(keys, row)))
    return blocks


def test_deadlines_of_the_next_days():
    deadlines, _, _ = _blocks(tenders_job(source(tenders=TENDERS), context(days=30)))
    assert [(t["reference"], t["days_left"]) for t in deadlines] == [("AO-03", 6), ("AO-02", 12), ("AO-01", 25)]
    shorter, _, _ = _blocks(tenders_job(source(tenders=TENDERS), context(days=10)))
    assert [t["reference"] for t in shorter] == ["AO-03"]


def test_late_steps_with_their_reason():
    _, late, _ = _blocks(tenders_job(source(tenders=TENDERS), context()))
    reasons = {t["reference"]: t["reason"] for t in late}
    assert reasons == {
        "AO-05": "offre envoyée il y a plus de 90 jours sans résultat : demander la décision à l'acheteur",
        "AO-04": "date limite dépassée depuis 3 jours sans offre envoyée : classer « Perdu » ou vérifier",
        "AO-03": "étude non commencée à J-6 (le bureau d'études demande 10 jours)",
        "AO-02": "dossier non retiré à J-12 (à retirer au plus tard à J-15)",
    }
    assert [t["reference"] for t in late] == ["AO-05", "AO-04", "AO-03", "AO-02"]


def test_won_tender_becomes_a_deal_to_create_never_written():
    result = tenders_job(source(deals=DEALS, tenders=TENDERS), context())
    _, _, to_create = _blocks(result)
    assert [(d["reference"], d["prospect_id"], d["stage"], d["owner"]) for d in to_create] == [
        ("AO-06", "P0002", "Signée", "Claire Morel"),
        ("AO-07", None, "Signée", "Julien Caron"),
    ]
    assert "introuvable dans Prospects" in to_create[1]["reason"]
    assert not result.writes.columns  # Affaires is never written


def test_unreadable_deadline_is_reported():
    result = tenders_job(source(tenders=TENDERS), context())
    assert "Appels d'offres — Date limite : « bientôt » n'est pas une date (D11)" in result.report.lines
