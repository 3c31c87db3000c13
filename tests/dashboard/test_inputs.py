"""Bad input in Objectifs and Réalisé: read, reported with the cell, left out of the figures."""

from __future__ import annotations

import datetime as dt

import pytest

from sicxl.dashboard.inputs import missing_months, read_costs, read_entries
from sicxl.jobs.base import MemorySource, load_table
from sicxl.messages import dashboard as msg
from sicxl.schema.dashboard import ACTUALS, CHARGES

from .conftest import entry_sheet


def read(rows: list[list[object]]):
    source = MemorySource.from_rows({ACTUALS.name: entry_sheet(ACTUALS, rows)})
    return read_entries(load_table(source, ACTUALS))


@pytest.mark.parametrize("typed", ["2025-03", "03/2025", "mars 2025", "Mars-25", dt.date(2025, 3, 1),
                                   dt.datetime(2025, 3, 17), 45717])
def test_months_in_any_usual_form(typed: object) -> None:
    entries = read([[typed, "Claire Morel", "Santé", "CA signé", 120]])
    assert entries.frame["month"].tolist() == ["2025-03"]
    assert entries.periods == {2: dt.date(2025, 3, 1)}


def test_unreadable_month_is_reported_with_its_cell() -> None:
    entries = read([["le mois dernier", "Claire Morel", "Santé", "CA signé", 120]])
    assert entries.frame.empty and entries.periods == {2: None}
    assert [i.kind for i in entries.issues] == [msg.KIND_MONTH]
    assert "(A2)" in entries.issues[0].message


def test_unknown_indicator_with_a_suggestion() -> None:
    entries = read([["2025-03", "Claire Morel", "Santé", "CA signe", 120],
                    ["2025-03", "Claire Morel", "Santé", "Chiffre magique", 1],
                    ["2025-03", "Claire Morel", "Santé", "ca SIGNÉ", 80]])
    assert entries.frame["value"].tolist() == [80]  # case ignored, as SUMIFS does
    messages = [i.message for i in entries.issues]
    assert "écrivez « CA signé »" in messages[0] and "(D2)" in messages[0]
    assert "absent du modèle" in messages[1]


def test_amount_typed_as_text_is_reported_not_counted() -> None:
    entries = read([["2025-03", "Claire Morel", "Santé", "CA signé", "12,5"],
                    ["2025-03", "Claire Morel", "Santé", "Marge brute", "beaucoup"],
                    ["2025-03", "Claire Morel", "Santé", "Nombre de RDV", None],
                    ["2025-03", "Claire Morel", "Santé", "Nombre de contrats", "#N/A"]])
    assert entries.frame.empty
    assert [i.kind for i in entries.issues] == [msg.KIND_TEXT_NUMBER] + [msg.KIND_VALUE] * 3
    assert "(E2)" in entries.issues[0].message


def test_duplicated_line_counts_once() -> None:
    entries = read([["2025-03", "Claire Morel", "Santé", "CA signé", 120],
                    ["mars 2025", "claire morel", "Santé", "CA signé", 130]])
    assert entries.frame["value"].tolist() == [120]
    assert entries.periods[3] is None
    assert entries.issues[0].kind == msg.KIND_DUPLICATE and "ligne 2" in entries.issues[0].message


def test_missing_months_are_listed() -> None:
    entries = read([[m, "Claire Morel", "Santé", "CA signé", 1] for m in ("2025-01", "2025-02", "2025-05")])
    assert missing_months(entries) == ["2025-03", "2025-04"]


def test_costs_typed_as_percent_number_are_reported() -> None:
    sheet = [[CHARGES.header(k) for k in ("item", "kind", "amount", "rate")],
             ["Salaires", "Fixe", 1950, None], ["Loyers", "fixe", "420", None],
             ["Achats d'énergie", "Variable", None, 52], ["Divers", "Autre", 5, None]]
    costs = read_costs(load_table(MemorySource.from_rows({CHARGES.name: sheet}), CHARGES))
    assert costs.fixed == 1950 and costs.variable_rate == 52
    messages = " | ".join(i.message for i in costs.issues)
    assert "(C3)" in messages and "(D4)" in messages and "52 %" in messages and "(B5)" in messages
