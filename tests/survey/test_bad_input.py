"""Issue 6, "Bad input": each problem reported with its cell, never a crash nor a wrong rate."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sicxl.jobs.base import Context
from sicxl.jobs.survey import sample_job, survey_job
from sicxl.messages import survey as msg
from tests.survey.conftest import (CLIENT_ROWS, TODAY, answers_sheet, clients_sheet, drawn_rows, find_row,
                                   parameters_sheet, questionnaire_sheet, rows_of, sample_sheet, source)

DRAWN = ["C01", "C03", "C05", "C07", "C09", "C11"]


def run_survey(answers: list[list], drawn: list[str] = DRAWN, **sheets):
    sheets = {"Clients": clients_sheet(), "Questionnaire": questionnaire_sheet(), "Echantillon": sample_sheet(drawn),
              "Reponses": answers_sheet(answers), **sheets}
    return survey_job(source(**sheets), Context(today=TODAY))


def question_line(result, label: str) -> list:
    return find_row(rows_of(result, "Résultats"), label)


def test_answer_outside_the_scale_is_named_and_left_out_of_the_rate() -> None:
    result = run_survey([
        ["C01", "Très satisfait", 5, "Plutôt satisfait", 9],
        ["C03", "Plutôt satisfait", 7, "Pas du tout satisfait", 6],
        ["C05", "Plutôt pas satisfait", 2, "Plutôt satisfait", 8],
    ])
    assert result.report.anomalies[msg.KIND_OFF_SCALE] == 1
    assert any("« 7 »" in p and "(Réponses, C3)" in p for p in result.report.problems)
    q2 = question_line(result, "Q2")
    headers = find_row(rows_of(result, "Résultats"), "N°")
    line = dict(zip(headers, q2))
    assert (line["Réponses"], line["Hors échelle"], line["Taux brut"]) == (2, 1, 0.5)


def test_respondent_not_in_the_sample_is_named_and_ignored() -> None:
    result = run_survey([
        ["C01", "Très satisfait", 5, "Plutôt satisfait", 9],
        ["C12", "Pas du tout satisfait", 1, "Pas du tout satisfait", 0],
    ])
    assert result.report.anomalies[msg.KIND_NOT_IN_SAMPLE] == 1
    assert any("« C12 » n'a pas été tiré" in p and "(Réponses, A3)" in p for p in result.report.problems)
    assert result.report.counts["respondents"] == 1


def test_respondent_answering_twice_counts_once_the_first_time() -> None:
    result = run_survey([
        ["C01", "Très satisfait", 5, "Plutôt satisfait", 9],
        ["C03", "Plutôt pas satisfait", 2, "Plutôt satisfait", 3],
        ["C01", "Pas du tout satisfait", 1, "Pas du tout satisfait", 0],
    ])
    assert result.report.anomalies[msg.KIND_TWICE] == 1
    assert any("« C01 » a déjà répondu ligne 2" in p and "(Réponses, A4)" in p for p in result.report.problems)
    headers = find_row(rows_of(result, "Résultats"), "N°")
    assert dict(zip(headers, question_line(result, "Q1")))["Taux brut"] == 0.5


def test_unknown_client_and_answer_without_id_are_named() -> None:
    result = run_survey([
        ["C01", "Très satisfait", 5, "Plutôt satisfait", 9],
        ["X99", "Très satisfait", 5, "Plutôt satisfait", 9],
        [None, "Très satisfait", 5, "Plutôt satisfait", 9],
    ])
    assert any("« X99 » n'est pas dans la feuille Clients" in p and "(Réponses, A3)" in p
               for p in result.report.problems)
    assert any("sans ID client" in p and "(Réponses, ligne 4)" in p for p in result.report.problems)


def test_without_sample_sheet_the_check_is_said_to_be_skipped() -> None:
    workbook = source(Clients=clients_sheet(), Questionnaire=questionnaire_sheet(),
                      Reponses=answers_sheet([["C12", "Très satisfait", 5, "Plutôt satisfait", 9]]))
    result = survey_job(workbook, Context(today=TODAY))
    assert msg.NO_SAMPLE_SHEET in result.report.problems
    assert result.report.counts["respondents"] == 1


def test_unreadable_scale_in_questionnaire_is_named() -> None:
    questions = questionnaire_sheet()
    questions[2][3] = "Smileys"
    result = run_survey([["C01", "Très satisfait", 5, "Plutôt satisfait", 9]], Questionnaire=questions)
    assert any("Smileys" in p and "(Questionnaire, D3)" in p for p in result.report.problems)
    assert all(row[0] != "Q2" for row in rows_of(result, "Résultats"))


def test_stratum_with_no_customer_is_reported_and_the_others_are_drawn() -> None:
    rows = [r for r in CLIENT_ROWS if r[2] != "Santé"]
    result = sample_job(source(Clients=clients_sheet(rows), Parametres=parameters_sheet(**{"Taille d'échantillon": 5})),
                        Context(today=TODAY))
    assert result.report.anomalies[msg.KIND_STRATUM] == 1
    assert any("Aucun client du marché Santé" in p and "(Clients, colonne C)" in p for p in result.report.problems)
    drawn = drawn_rows(result)
    assert len(drawn) == 5 and "Santé" not in {r[2] for r in drawn}


def test_sample_larger_than_the_population_names_the_parameter_and_draws_everyone_eligible() -> None:
    result = sample_job(source(Clients=clients_sheet(), Parametres=parameters_sheet(**{"Taille d'échantillon": 50})),
                        Context(today=TODAY))
    assert result.report.anomalies[msg.KIND_SIZE] == 1
    assert any("taille demandée (50) dépasse les 10 clients" in p and "(Paramètres, B2)" in p
               for p in result.report.problems)
    drawn = {r[0] for r in drawn_rows(result)}
    assert drawn == {r[0] for r in CLIENT_ROWS if r[3] == "non"}


@pytest.mark.parametrize("label, value, reason", [
    ("Répartition", "au hasard", "n'est pas dans la liste"),
    ("Graine aléatoire", "douze", "n'est pas un nombre"),
    ("Marge d'erreur", "150 %", "pourcentage"),
])
def test_unreadable_parameter_is_named_and_its_default_used(label: str, value: str, reason: str) -> None:
    result = sample_job(source(Clients=clients_sheet(), Parametres=parameters_sheet(**{label: value})),
                        Context(today=TODAY))
    assert any(reason in p and "(Paramètres, B2)" in p and "par défaut" in p for p in result.report.problems)
    assert result.writes.sheets


def test_unknown_parameter_is_reported_not_ignored() -> None:
    result = sample_job(source(Clients=clients_sheet(), Parametres=parameters_sheet(**{"Taille du pilote": 3})),
                        Context(today=TODAY))
    assert any("Taille du pilote" in p and "(Paramètres, A2)" in p for p in result.report.problems)


def test_unreadable_client_market_is_named_and_never_drawn() -> None:
    rows = [*CLIENT_ROWS, ("C13", "Technocentre", "Industrie", "non")]
    parameters = parameters_sheet(**{"Taille d'échantillon": 12})
    result = sample_job(source(Clients=clients_sheet(rows), Parametres=parameters), Context(today=TODAY))
    assert any("« Industrie »" in p and "(Clients, C14)" in p for p in result.report.problems)
    assert "C13" not in {r[0] for r in rows_of(result, "Échantillon")}


def test_workbook_without_clients_is_reported_without_crash() -> None:
    result = sample_job(source(Questionnaire=questionnaire_sheet()), Context(today=TODAY))
    assert not result.writes and any("Clients" in p for p in result.report.problems)
    result = survey_job(source(Questionnaire=questionnaire_sheet()), Context(today=TODAY))
    assert not result.writes


cells = st.one_of(st.none(), st.integers(-2, 12), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=10),
                  st.sampled_from(["Très satisfait", "NSP", "#N/A", "Plutôt pas satisfait", "oui"]))
ids = st.sampled_from(["C01", "C03", "C05", "C07", "C09", "C11", "C12", "X1", None, 3.0])


@settings(max_examples=40, deadline=None)
@given(answers=st.lists(st.tuples(ids, cells, cells, cells, cells).map(list), max_size=15))
def test_random_answers_never_crash_and_rates_stay_between_0_and_1(answers: list[list]) -> None:
    result = run_survey(answers)
    rows = rows_of(result, "Résultats")
    headers = find_row(rows, "N°")
    for number in range(1, 5):
        line = dict(zip(headers, find_row(rows, f"Q{number}")))
        for key in ("Taux brut", "Taux pondéré"):
            assert line[key] is None or 0 <= line[key] <= 1
        assert line["Réponses"] + line["Sans réponse"] + line["Hors échelle"] == result.report.counts["respondents"]


def test_clients_without_market_column_is_reported() -> None:
    rows = [[r[0], r[1]] for r in clients_sheet()]
    result = sample_job(source(Clients=rows), Context(today=TODAY))
    assert not result.writes
    assert any("Marché" in p and "absente" in p for p in result.report.problems)
