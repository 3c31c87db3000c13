"""Deals: every signed contract counted once, every bad deal reported by its cell."""

from __future__ import annotations

import datetime as dt

import pytest

from sicxl.campaigns.deals import parse_service, read_deals, signed, signed_revenue
from sicxl.campaigns.reading import Anomalies
from sicxl.jobs.base import load_table
from sicxl.jobs.campaigns import funnel as funnel_job
from sicxl.schema.campaigns import DEALS
from sicxl.values import ValueProblem

from tests.campaigns.conftest import PROSPECT_ROWS, source

DEAL_ROWS = [
    {"deal_id": "AF-001", "prospect_id": "P0001", "service": "P1 énergie", "amount": 62, "stage": "Signée",
     "date": "12/02/2025", "owner": "Claire Morel", "contract": "C2025-0101"},
    {"deal_id": "AF-002", "prospect_id": None, "service": "P2", "amount": 18, "stage": "Proposition",
     "date": dt.date(2025, 2, 20)},
    {"deal_id": "AF-003", "prospect_id": "P0003", "service": "p3 garantie", "amount": "45 k€", "stage": "Signée",
     "date": "3 mars 2025", "contract": "c2025-0101"},
    {"deal_id": "AF-004", "prospect_id": "P0004", "service": "P4 gros renouvellement", "amount": "beaucoup",
     "stage": "Signée", "date": dt.date(2025, 3, 5), "contract": "C2025-0104"},
    {"deal_id": "AF-005", "prospect_id": "P0777", "service": "P2 entretien", "amount": 30, "stage": "Signée",
     "contract": "C2025-0105"},
]


@pytest.fixture
def deals_and_messages():
    workbook = source(deals=DEAL_ROWS)
    table = load_table(workbook, DEALS)
    anomalies = Anomalies()
    deals = read_deals(table, [p["id"] for p in PROSPECT_ROWS], anomalies)
    return deals, [m for row in sorted(anomalies.messages) for m in anomalies.messages[row]]


def test_deal_without_prospect_is_reported(deals_and_messages):
    deals, messages = deals_and_messages
    assert "ID prospect : affaire sans prospect, la cellule est vide (B3)" in messages
    assert len(deals) == len(DEAL_ROWS)  # kept, never dropped


def test_contract_number_used_twice_is_reported(deals_and_messages):
    _, messages = deals_and_messages
    assert "N° contrat : « c2025-0101 » est déjà utilisé en H2 (H4)" in messages


def test_amount_not_a_number_is_reported(deals_and_messages):
    deals, messages = deals_and_messages
    assert "Montant annuel (k€) : « beaucoup » n'est pas un nombre (D5)" in messages
    assert deals.at[4, "amount"] == 45.0  # "45 k€" is a number


def test_unknown_prospect_is_reported_and_not_counted(deals_and_messages):
    deals, messages = deals_and_messages
    assert "ID prospect : « P0777 » n'existe pas dans la feuille Prospects (B6)" in messages
    assert list(signed(deals)["deal_id"]) == ["AF-001", "AF-003", "AF-004"]


def test_signed_revenue_counts_readable_amounts_of_known_prospects(deals_and_messages):
    deals, _ = deals_and_messages
    assert signed_revenue(deals) == 62 + 45


def test_contract_types_typed_as_codes():
    assert parse_service("P2") == "P2 entretien"
    assert parse_service("p3 garantie") == "P3 garantie totale"
    assert parse_service("P4 GROS RENOUVELLEMENT") == "P4 gros renouvellement"
    with pytest.raises(ValueProblem):
        parse_service("P5")


def test_funnel_job_reports_the_deal_problems():
    calls = [{"date": dt.date(2025, 2, 3), "prospect_id": p["id"], "result": "RDV obtenu"} for p in PROSPECT_ROWS]
    from tests.campaigns.conftest import context

    result = funnel_job(source(calls, DEAL_ROWS), context())
    assert result.report.anomalies["N° de contrat en double"] == 1
    assert result.report.anomalies["Affaire sans prospect"] == 1
    assert "Affaires — Montant annuel (k€) : « beaucoup » n'est pas un nombre (D5)" in result.report.lines
