"""The survey workbook builder: template and realistic sample."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from sicxl.reference.communes import communes
from sicxl.schema.survey import CLIENTS, FIELDWORK, LAST_YEAR, MARKETS, PARAMETERS, QUESTIONNAIRE, RESPONSES
from sicxl.samples.survey import build_survey


def test_template_has_every_input_sheet_with_tables_lists_and_frozen_headers(survey_template: Path) -> None:
    book = load_workbook(survey_template)
    assert book.sheetnames == [CLIENTS.name, PARAMETERS.name, FIELDWORK.name, QUESTIONNAIRE.name, RESPONSES.name,
                               LAST_YEAR.name]
    clients = book[CLIENTS.name]
    assert clients.max_row <= 2 and CLIENTS.table in clients.tables
    assert clients.freeze_panes == "C2"
    lists = [v.formula1 for v in clients.data_validations.dataValidation]
    assert any("Habitat public" in f for f in lists) and any("oui,non" in f for f in lists)
    parameters = book[PARAMETERS.name]
    assert parameters["A2"].value == "Taille d'échantillon" and parameters["B3"].value == 0.05
    assert parameters["B3"].number_format == "0.0%"
    questionnaire = book[QUESTIONNAIRE.name]
    assert questionnaire.max_row == 13 and questionnaire["E11"].value == "oui"
    assert questionnaire["D12"].value == questionnaire["D13"].value == "Question ouverte"
    answers = book[RESPONSES.name]
    assert [c.value for c in answers[1]] == ["ID client", *(f"Q{n}" for n in range(1, 13))]
    assert answers.freeze_panes == "B2"


def test_sample_has_600_clients_over_the_five_markets(survey_workbook: Path) -> None:
    rows = list(load_workbook(survey_workbook)[CLIENTS.name].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 600
    assert {r[2] for r in rows} == {*MARKETS, "Industrie"}
    assert sum(1 for r in rows if r[3] == "oui") == 110
    assert len({r[1] for r in rows}) == 600


def test_collectivites_are_real_communes(survey_workbook: Path) -> None:
    names = {c.name for c in communes().by_insee.values() if c.department in ("78", "95")}
    rows = list(load_workbook(survey_workbook)[CLIENTS.name].iter_rows(min_row=2, values_only=True))
    towns = [r[4] for r in rows if r[2] == "Collectivités"]
    assert len(towns) == 170 and set(towns) <= names


def test_about_110_answers(survey_workbook: Path) -> None:
    rows = list(load_workbook(survey_workbook)[RESPONSES.name].iter_rows(min_row=2, values_only=True))
    assert 100 <= len(rows) <= 115


def test_builder_is_deterministic(tmp_path: Path, survey_workbook: Path) -> None:
    again = build_survey(tmp_path / "again.xlsx")
    for name in (CLIENTS.name, RESPONSES.name):
        first = list(load_workbook(survey_workbook)[name].iter_rows(values_only=True))
        assert first == list(load_workbook(again)[name].iter_rows(values_only=True))
