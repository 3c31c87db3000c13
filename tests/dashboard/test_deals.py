"""Signed deals of the prospect file as the dashboard's contract lines (issue 17, point 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sicxl.jobs.base import Context, MemorySource, SourceUnavailable
from sicxl.jobs.dashboard import dashboard_job
from sicxl.messages import dashboard as msg
from sicxl.messages import portfolio as portfolio_msg
from sicxl.portfolio.roles import Portfolio, Role
from sicxl.schema.campaigns import DEALS
from sicxl.schema.dashboard import (ACTUALS, CONTRACTS, DASHBOARD_SHEET, DEAL_CONTRACTS, DEAL_CONTRACTS_SHEET,
                                    MIX_SHEET, OBJECTIVES)
from sicxl.schema.portfolio import SNAPSHOT
from sicxl.schema.prospects import PARAMETERS, PROSPECTS
from sicxl.writes import Formula

TODAY = dt.date(2026, 11, 2)
D = dt.date

# The prospect file: real communes and a hospital, typed as a team types them.
PROSPECTS_ROWS = [
    ["ID", "Raison sociale", "Type", "Code INSEE", "Dépt", "Commercial"],
    ["P0001", "Mairie de Poissy", "Collectivité", "78498", None, "Claire Morel"],
    ["P0002", "Mairie de Cergy", "Collectivité", None, "95", "Julien Caron"],
    ["P0003", "Centre hospitalier René Dubos", "Santé", "95127", "95", "Julien Caron"],
    ["P0004", "Versailles Habitat", "Habitat public", "78646", "78", "Claire Morel"],
]
# Affaires, with other header spellings: « Type de contrat », « Montant », « Date de signature », « Contrat ».
DEAL_HEADERS = ["ID affaire", "Client", "Type de contrat", "Montant", "Étape", "Date de signature", "Commercial",
                "Contrat", "Fin"]
DEALS_ROWS = [
    ["AF-001", "P0001", "p1", 62, "Signée", "12/10/2026", None, "C2026-0101", "30/09/2031"],  # taken, owner from P0001
    ["AF-002", "P0002", "P2 entretien", "18", "Signée", D(2026, 10, 20), "Julien Caron", "C2026-0102", None],
    ["AF-003", "P0003", "P3 garantie totale", 45, "Signée", D(2026, 10, 18), "Julien Caron", "C2026-0103", None],
    ["AF-004", "P0002", "P2", None, "Signée", D(2026, 10, 19), "Julien Caron", "C2026-0104", None],  # no amount
    ["AF-005", "P0004", "Éclairage public", 30, "Signée", D(2026, 10, 2), "Claire Morel", "C2026-0105", None],
    ["AF-006", "P0004", "P1", 40, "Signée", D(2026, 10, 5), "Claire Morel", None, None],  # no contract number
    ["AF-007", "P0001", "P2", 12, "Signée", D(2026, 10, 7), "Claire Morel", "c2026-0101", None],  # number reused
    ["AF-008", "P0004", "P3", 25, "Signée", None, "Claire Morel", "C2026-0108", None],  # no signing date
    ["AF-009", "P0001", "P1", 150, "Signée", D(2021, 3, 1), "Claire Morel", "C-2021-0009", None],  # in Contrats
    ["AF-010", "P0003", "P1", 80, "Proposition", D(2026, 9, 1), "Julien Caron", None, None],  # not signed
]


def _prospects_file(deals: list[list[Any]] = DEALS_ROWS) -> MemorySource:
    return MemorySource.from_rows({PROSPECTS.name: PROSPECTS_ROWS, DEALS.name: [DEAL_HEADERS, *deals]})


def _entries(schema, rows) -> list[list[Any]]:
    return [["Mois", "Agence", "Commercial", "Marché", "Indicateur", schema.header("value")], *rows]


def _dashboard(typed_actuals: list[list[Any]] | None = None, **sheets: list[list[Any]]) -> MemorySource:
    objectives = [["2026-10", "Versailles", "Claire Morel", "Collectivités", "CA signé", 100],
                  ["2026-10", "Cergy", "Julien Caron", "Collectivités", "CA signé", 80],
                  ["2026-10", "Cergy", "Julien Caron", "Santé", "CA signé", 50]]
    actuals = typed_actuals if typed_actuals is not None else [
        ["2026-09", "Cergy", "Julien Caron", "Santé", "Nombre de RDV", 4],
        ["2026-10", "Cergy", "Julien Caron", "Santé", "CA signé", 70]]  # Julien typed his Santé revenue
    contracts = [[CONTRACTS.header(k) for k in ("contract", "signed", "service", "amount")],
                 ["C-2021-0009", D(2021, 3, 1), "P1 énergie", 150]]
    return MemorySource.from_rows({OBJECTIVES.name: _entries(OBJECTIVES, objectives),
                                   ACTUALS.name: _entries(ACTUALS, actuals), CONTRACTS.name: contracts, **sheets})


def _run(source: MemorySource, prospects: MemorySource | None = None, **options: Any):
    if prospects is not None:
        options["prospects_source"] = prospects
    return dashboard_job(source, Context(today=TODAY, options=options))


def _sheet(result, name: str):
    return next(s for s in result.writes.sheets if s.name == name)


def _taken(result) -> dict[str, dict[str, Any]]:
    rows = _sheet(result, DEAL_CONTRACTS_SHEET).rows
    keys = [c.key for c in DEAL_CONTRACTS.columns]
    lines = []
    for row in rows[3:]:
        if not row:
            break
        lines.append(dict(zip(keys, row)))
    return {line["deal_id"]: line for line in lines}


def test_signed_deals_become_contract_lines_once_by_number() -> None:
    result = _run(_dashboard(), _prospects_file())
    taken = _taken(result)
    assert list(taken) == ["AF-001", "AF-002", "AF-003"]
    first = taken["AF-001"]
    assert (first["contract"], first["owner"], first["agency"], first["market"], first["department"]) == \
        ("C2026-0101", "Claire Morel", "Versailles", "Collectivités", "78")
    assert (first["service"], first["amount"], first["signed"], first["start"], first["end"]) == \
        ("P1 énergie", 62.0, D(2026, 10, 12), D(2026, 10, 12), D(2031, 9, 30))
    assert taken["AF-002"]["department"] == "95" and taken["AF-003"]["customer_type"] == "Santé"
    counts = result.report.counts
    assert (counts["deals_taken"], counts["deals_left_out"], counts["deals_in_contracts"]) == (3, 5, 1)


def test_the_deals_it_could_not_take_are_said_with_their_reason() -> None:
    problems = "\n".join(_run(_dashboard(), _prospects_file()).report.problems)
    assert "« AF-004 » non reprise : montant annuel manquant" in problems
    assert "« AF-005 » non reprise : type de contrat « Éclairage public » inconnu" in problems
    assert "« AF-006 » non reprise : N° de contrat manquant" in problems
    assert "« AF-007 » non reprise : N° de contrat déjà repris pour l'affaire AF-001" in problems
    assert "« AF-008 » non reprise : date de signature manquante" in problems
    assert "AF-009" not in problems and "AF-010" not in problems  # counted in Contrats; not signed
    lines = "\n".join(_run(_dashboard(), _prospects_file()).report.lines)
    assert "« AF-009 » non reprise : déjà dans la feuille Contrats (ligne 2)" in lines


def test_a_deal_counts_in_the_actuals_unless_already_typed() -> None:
    result = _run(_dashboard(), _prospects_file())
    taken = _taken(result)
    assert taken["AF-001"]["counted"] == "oui" and taken["AF-002"]["counted"] == "oui"
    assert taken["AF-003"]["counted"] == msg.deal_already_typed(3)  # Julien's Santé revenue of October is typed
    board = _sheet(result, DASHBOARD_SHEET)
    row = next(i for i, r in enumerate(board.rows, start=1) if r and r[0] == "CA signé")
    actual = board.rows[row - 1][2]
    assert actual.text.startswith("=SUMIFS('Réalisé'!$F:$F,")
    assert "+SUMIFS('Contrats des affaires'!$N$4:$N$6,'Contrats des affaires'!$O$4:$O$6,$B$2," \
           "'Contrats des affaires'!$P$4:$P$6,\"oui\")" in actual.text
    count = next(r for r in board.rows if r and r[0] == "Nombre de contrats")[2]
    assert "+COUNTIFS('Contrats des affaires'!$O$4:$O$6,$B$2" in count.text
    assert "Contrats des affaires" not in next(r for r in board.rows if r and r[0] == "Marge brute")[2].text


def test_a_deal_signed_before_the_first_month_of_actuals_counts_in_the_mix_only() -> None:
    old = [["AF-100", "P0001", "P1", 90, "Signée", D(2019, 5, 2), "Claire Morel", "C2019-0100", None]]
    result = _run(_dashboard(), _prospects_file(old))
    assert _taken(result)["AF-100"]["counted"].startswith("non : signé avant le premier mois du réalisé")
    mix = _sheet(result, MIX_SHEET)
    total = next(r for r in mix.rows if r and r[0] == msg.TOTAL)[1]
    assert total == Formula("=SUM('Contrats'!$D:$D)+SUM('Contrats des affaires'!$N$4:$N$4)")


def test_the_mix_reads_contracts_and_deals_alike() -> None:
    mix = _sheet(_run(_dashboard(), _prospects_file()), MIX_SHEET)
    p1 = next(r for r in mix.rows if r and r[0] == "P1 énergie")[1]
    assert p1 == Formula("=SUMIFS('Contrats'!$D:$D,'Contrats'!$C:$C,\"P1*\")"
                         "+SUMIFS('Contrats des affaires'!$N$4:$N$6,'Contrats des affaires'!$M$4:$M$6,\"P1*\")")


def test_prospect_file_from_parameters_or_said_missing() -> None:
    parameters = [["Paramètre", "Valeur"], ["Fichier prospects", "..\\Prospection\\prospects.xlsx"]]
    asked: list[str] = []

    def opener(name: str) -> MemorySource:
        asked.append(name)
        return _prospects_file()

    result = dashboard_job(_dashboard(**{PARAMETERS.name: parameters}), Context(today=TODAY, open_workbook=opener))
    assert asked == ["..\\Prospection\\prospects.xlsx"] and len(_taken(result)) == 3

    def missing(name: str) -> MemorySource:
        raise SourceUnavailable("Le fichier « prospects.xlsx » est introuvable.")

    result = dashboard_job(_dashboard(**{PARAMETERS.name: parameters}), Context(today=TODAY, open_workbook=missing))
    assert any("introuvable" in p for p in result.report.problems)
    assert DEAL_CONTRACTS_SHEET not in [s.name for s in result.writes.sheets]
    alone = _run(_dashboard())
    assert msg.no_deals_source() in alone.report.lines
    ribbon = dashboard_job(_dashboard(**{PARAMETERS.name: parameters}), Context(today=TODAY))  # no opener
    assert msg.deals_not_read_here("..\\Prospection\\prospects.xlsx") in ribbon.report.lines


def _copy_run(claimed_role: str, recorded: Portfolio | None):
    """The dashboard of a split copy whose hidden sheet claims `claimed_role`, the file
    server's record saying `recorded` (issue 13: only the record counts)."""
    hidden = [["Élément", "Valeur"], ["version", "2"], ["copie", "0" * 32], ["role", claimed_role]]
    context = Context(today=TODAY, options={"prospects_source": _prospects_file()},
                      portfolio_of=lambda source: recorded)
    return dashboard_job(_dashboard(**{SNAPSHOT.name: hidden}), context)


def test_a_market_copy_takes_only_its_market_s_deals() -> None:
    result = _copy_run("director", Portfolio(Role.MANAGER, "Santé"))
    assert list(_taken(result)) == ["AF-003"]
    text = result.report.text()
    assert "AF-001" not in text and "AF-004" not in text  # other markets' deals are not even named
    assert msg.deals_outside(8) in result.report.lines


def test_a_copy_the_server_cannot_vouch_for_takes_no_deal() -> None:
    result = _copy_run("director", None)
    assert list(_taken(result)) == [] and portfolio_msg.unverified_copy_deals() in result.report.problems


@pytest.mark.parametrize("value, problem", [("Au pif", "Répartition des charges fixes"), ("2,5", "Part des charges")])
def test_bad_parameters_are_reported(value: str, problem: str) -> None:
    parameters = [["Paramètre", "Valeur"], [problem if "Part" in problem else "Répartition des charges fixes", value],
                  ["Couleur préférée", "bleu"]]
    result = _run(_dashboard(**{PARAMETERS.name: parameters}))
    assert any(problem in p for p in result.report.problems)
    assert any("« Couleur préférée » inconnu" in p for p in result.report.problems)
