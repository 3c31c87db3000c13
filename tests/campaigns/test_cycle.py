"""The agenda keeps the sales cycle going (issue 17, points 3 and 4): contracts coming to
term, proposals waiting for an answer, prospects and clients to contact again."""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

import pytest

from sicxl.jobs.base import Context, MemorySource
from sicxl.jobs.campaigns import agenda as agenda_job
from sicxl.messages import campaigns as msg
from sicxl.schema.base import SheetSchema
from sicxl.schema.campaigns import AGEING_PROPOSALS, CALLS, CONTACTS_DUE, DEALS, RENEWALS, VISIT_REPORTS
from sicxl.schema.prospects import PARAMETERS, PROSPECTS
from sicxl.writes import Style

from tests.campaigns.conftest import rows_of

TODAY = dt.date(2026, 11, 2)
D = dt.date
PROSPECT_KEYS = ["id", "name", "segment", "decision_maker", "phone", "owner", "last_contact", "relation", "opt_out",
                 "category", "status"]
PROSPECT_ROWS = [
    {"id": "P0001", "name": "Mairie de Poissy", "owner": "Claire Morel", "decision_maker": "M. Hervé Lambert",
     "last_contact": "20/09/2026", "category": "Stratégique", "status": "Valide"},  # 43 days > 30
    {"id": "P0002", "name": "Mairie de Houilles", "owner": "Claire Morel", "decision_maker": "Mme Valérie Roux",
     "category": "Important", "status": "Valide"},  # a useful call 20 days ago: fine
    {"id": "P0003", "name": "Mairie de Chatou", "owner": "Julien Caron", "decision_maker": "M. Thierry Girard",
     "category": "Accessible", "status": "Valide"},  # never contacted
    {"id": "P0004", "name": "Centre hospitalier de Versailles", "segment": "Santé", "owner": "Julien Caron",
     "last_contact": D(2026, 10, 30), "category": "Important", "status": "À compléter"},  # no decision-maker
    {"id": "P0005", "name": "Mairie de Conflans-Sainte-Honorine", "owner": "Julien Caron", "opt_out": "oui",
     "category": "Stratégique", "status": "Opposition"},  # GDPR opposition: never listed
    {"id": "P0006", "name": "VILLE DE POISSY", "owner": "Julien Caron", "category": "Stratégique",
     "status": "Doublon"},  # its original P0001 is listed
    {"id": "P0007", "name": "Mairie de Sartrouville", "owner": "Claire Morel", "decision_maker": "M. Jean Petit",
     "relation": "Ancien client"},  # not classified yet
    {"id": "P0008", "name": "Versailles Habitat", "segment": "Habitat public", "owner": "Claire Morel",
     "decision_maker": "Mme Sophie Mercier", "last_contact": D(2025, 1, 6), "relation": "ancien client",
     "category": "Accessible", "status": "Valide"},  # typed status kept
]
CALLS_ROWS = [
    {"date": D(2026, 10, 13), "prospect_id": "P0002", "result": "Informations obtenues"},
    {"date": D(2026, 10, 31), "prospect_id": "P0003", "result": "Barrage"},  # a switchboard is no contact
]
REPORTS_ROWS = [
    {"date": D(2026, 3, 5), "prospect_id": "P0002", "met": "Mme Valérie Roux", "decisive": "Garantie de résultat",
     "next_step": "Présenter le bilan de la 1re année"},
]
DEALS_ROWS = [
    # P0002: a lost P1 in 2020, then a P2 signed in 2021 ending in December: notice of 3 months already begun.
    {"deal_id": "AF-001", "prospect_id": "P0002", "service": "P1", "amount": 70, "stage": "Perdue",
     "date": D(2020, 6, 1), "owner": "Claire Morel"},
    {"deal_id": "AF-002", "prospect_id": "P0002", "service": "P2 entretien", "amount": "35", "stage": "Signée",
     "date": D(2021, 1, 10), "owner": "Claire Morel", "contract": "C2021-0002", "start": D(2021, 1, 1),
     "end": "31/12/2026", "notice": 3},
    # P0004: a P3 ending in 10 months, 6 months' notice; another beyond the horizon; another long ended.
    {"deal_id": "AF-003", "prospect_id": "P0004", "service": "P3", "amount": 48, "stage": "Signée",
     "date": D(2021, 8, 20), "contract": "C2021-0064", "end": D(2027, 8, 31), "notice": "6"},
    {"deal_id": "AF-004", "prospect_id": "P0004", "service": "P1", "amount": 120, "stage": "Signée",
     "date": D(2022, 1, 5), "owner": "Julien Caron", "contract": "C2022-0001", "end": D(2028, 1, 31)},
    {"deal_id": "AF-005", "prospect_id": "P0001", "service": "P2", "amount": 25, "stage": "Signée",
     "date": D(2018, 4, 5), "owner": "Claire Morel", "contract": "C2018-0031", "end": D(2025, 4, 30), "notice": 3},
    # proposals: 31 days (followed up), 30 days (not yet)
    {"deal_id": "AF-006", "prospect_id": "P0003", "service": "P2", "amount": 32, "stage": "Proposition",
     "date": D(2026, 10, 2), "owner": "Julien Caron"},
    {"deal_id": "AF-007", "prospect_id": "P0001", "service": "P1", "amount": 72, "stage": "Proposition",
     "date": D(2026, 10, 3), "owner": "Claire Morel"},
]


def _workbook(parameters: Sequence[Sequence[Any]] = ()) -> MemorySource:
    sheets = {
        PROSPECTS.name: rows_of(PROSPECTS, PROSPECT_ROWS, PROSPECT_KEYS),
        CALLS.name: rows_of(CALLS, CALLS_ROWS),
        VISIT_REPORTS.name: rows_of(VISIT_REPORTS, REPORTS_ROWS),
        DEALS.name: rows_of(DEALS, DEALS_ROWS),
    }
    if parameters:
        sheets[PARAMETERS.name] = [["Paramètre", "Valeur"], *map(list, parameters)]
    return MemorySource.from_rows(sheets)


def _run(parameters: Sequence[Sequence[Any]] = (), **options: Any):
    return agenda_job(_workbook(parameters), Context(today=TODAY, options=options))


def _block(result, title_start: str, schema: SheetSchema) -> tuple[list[dict[str, Any]], int]:
    """The lines of the block whose title starts with `title_start`, and its first row."""
    rows = result.writes.sheets[0].rows
    top = next(i for i, r in enumerate(rows) if r and str(r[0]).startswith(title_start))
    assert rows[top + 1] == [c.header for c in schema.columns]
    lines = []
    for row in rows[top + 2:]:
        if not row:
            break
        lines.append(dict(zip([c.key for c in schema.columns], row)))
    return lines, top + 3


def test_contracts_coming_to_term_with_notice_history_and_last_visit() -> None:
    result = _run()
    lines, first = _block(result, "Contrats arrivant à échéance d'ici le 02/11/2027", RENEWALS)
    assert [(l["owner"], l["prospect_id"], l["end"], l["deadline"]) for l in lines] == [
        ("Claire Morel", "P0002", D(2026, 12, 31), D(2026, 9, 30)),  # notice begun: to renegotiate now
        ("Julien Caron", "P0004", D(2027, 8, 31), D(2027, 2, 28)),  # owner from the prospect
    ]
    houilles = lines[0]
    assert (houilles["contract"], houilles["service"], houilles["amount"]) == ("C2021-0002", "P2 entretien", 35)
    assert houilles["history"] == ("AF-001, P1 énergie, 70 k€ : Perdue le 01/06/2020 ; "
                                   "AF-002, P2 entretien, 35 k€ : Signée le 10/01/2021")
    assert (houilles["report_date"], houilles["next_step"]) == (D(2026, 3, 5), "Présenter le bilan de la 1re année")
    assert result.writes.sheets[0].styles[(first, 3)] == Style(fill="F8CBAD")  # the passed notice, in red
    assert result.report.counts["notice_passed"] == 1 and msg.notice_passed(1) in result.report.lines


@pytest.mark.parametrize("months, parameters, expected", [
    (24, (), ["P0002", "P0004", "P0004"]),
    (None, (("Échéances : horizon (mois)", 3),), ["P0002"]),
])
def test_the_horizon_comes_from_the_option_or_parameters(months, parameters, expected) -> None:
    options = {"months": months} if months else {}
    lines, _ = _block(_run(parameters, **options), "Contrats arrivant", RENEWALS)
    assert [l["prospect_id"] for l in lines] == expected


def test_proposals_waiting_more_than_the_parameter() -> None:
    lines, _ = _block(_run(), "Propositions en attente depuis plus de 30 jours", AGEING_PROPOSALS)
    assert [(l["deal_id"], l["waiting"], l["contact"]) for l in lines] == [("AF-006", 31, "M. Thierry Girard")]
    later, _ = _block(_run((("Propositions : relance après (jours)", 25),)), "Propositions en attente",
                      AGEING_PROPOSALS)
    assert [l["deal_id"] for l in later] == ["AF-007", "AF-006"]  # Claire Morel's, then Julien Caron's


def test_contacts_due_per_salesperson_by_category_frequency() -> None:
    result = _run()
    lines, _ = _block(result, "Prospects et clients à recontacter", CONTACTS_DUE)
    due = {l["prospect_id"]: l for l in lines}
    # per salesperson, the most overdue first, the never contacted last
    assert list(due) == ["P0008", "P0001", "P0004", "P0003"]
    assert due["P0001"]["reason"] == msg.overdue(43, 30) and due["P0001"]["relation"] == "Ancien client"
    assert due["P0003"]["reason"] == msg.NEVER_CONTACTED  # a switchboard call is not a contact
    assert due["P0004"]["reason"] == msg.NO_DECISION_MAKER and due["P0004"]["relation"] == "Client"
    assert due["P0008"]["relation"] == "Ancien client" and due["P0008"]["days"] == 665
    assert msg.unclassified(1) in result.report.lines  # P0007: no category yet


def test_frequencies_come_from_parameters() -> None:
    lines, _ = _block(_run((("Contact : Stratégique (jours)", 60),)), "Prospects et clients", CONTACTS_DUE)
    assert "P0001" not in {l["prospect_id"] for l in lines}
