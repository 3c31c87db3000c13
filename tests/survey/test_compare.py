"""Issue 15, point 2: rates that compare with the past. The satisfied cut-off set per
scale or question, last year's answers computed the same way, each change tested at
95 %, open answers listed per theme, the field work and the response rate per market."""

from __future__ import annotations

import datetime as dt
import math
import random
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportions_ztest

from sicxl.jobs import load_jobs
from sicxl.jobs.base import Context, MemorySource
from sicxl.jobs.survey import survey_job
from sicxl.messages import survey as msg
from sicxl.schema.survey import (ANSWERED, CONTACT_ANSWERED, CONTACT_CALL_BACK, CONTACT_REFUSED,
                                 CONTACT_UNREACHABLE, FIELDWORK, GAVE_UP, REFUSED, TO_CONTACT, TO_REMIND)
from sicxl.survey.compare import difference, two_proportion_test
from sicxl.survey.fieldwork import response_rates, standings
from sicxl.survey.results import Estimate, stratified_rate
from sicxl.runner import run_job
from sicxl.workbook import open_workbook
from tests.survey.conftest import (TODAY, answers_sheet, clients_sheet, find_row, parameters_sheet,
                                   questionnaire_sheet, rows_of, sample_sheet, source)


# --- the tests, against worked examples -----------------------------------------------------

def test_two_proportion_test_against_a_textbook_worked_example() -> None:
    """OpenIntro Statistics (4th ed., section 6.2.3): the Canadian mammogram study,
    500 deaths from breast cancer among 44,925 women screened, 505 among 44,910 not;
    pooled proportion 0.0112, Z = -0.17, p-value 0.87: no significant difference."""
    change = two_proportion_test(500, 44925, 505, 44910)
    assert change.z == pytest.approx(-0.17, abs=0.01)
    assert change.p_value == pytest.approx(0.87, abs=0.005)
    assert not change.significant


def test_two_proportion_test_is_statsmodels_proportions_ztest() -> None:
    rng = random.Random(15)
    for _ in range(200):
        n1, n2 = rng.randint(5, 400), rng.randint(5, 400)
        x1, x2 = rng.randint(0, n1), rng.randint(0, n2)
        if x1 + x2 in (0, n1 + n2):
            continue
        z, p = proportions_ztest([x1, x2], [n1, n2])
        change = two_proportion_test(x1, n1, x2, n2)
        assert change.z == pytest.approx(z, rel=1e-9) and change.p_value == pytest.approx(p, rel=1e-9, abs=1e-12)
        assert change.significant == (p < 0.05)


def test_no_test_without_answers_or_without_spread() -> None:
    assert not two_proportion_test(0, 0, 3, 10).tested
    assert not two_proportion_test(10, 10, 20, 20).tested  # everyone satisfied both years


def test_stratified_difference_against_a_hand_computation() -> None:
    """Two years of a two-market survey (N = 200 and 100): each year's stratified
    rate and variance by Cochran's formula, then z = Δ / sqrt(v1 + v2)."""
    population = {"Tertiaire": 200, "Santé": 100}
    now = stratified_rate(pd.Series([1, 1, 1, 0, 1, 1, 0, 1.0]), pd.Series(["Tertiaire"] * 5 + ["Santé"] * 3),
                          population)
    before = stratified_rate(pd.Series([1, 0, 0, 1, 0, 1, 0.0]), pd.Series(["Tertiaire"] * 4 + ["Santé"] * 3),
                             population)
    # this year: Tertiaire 4/5 (s² = 0.2), Santé 2/3 (s² = 1/3); last year: 2/4 (s² = 1/3), 1/3 (s² = 1/3)
    v_now = (2 / 3) ** 2 * (1 - 5 / 200) * 0.2 / 5 + (1 / 3) ** 2 * (1 - 3 / 100) * (1 / 3) / 3
    v_before = (2 / 3) ** 2 * (1 - 4 / 200) * (1 / 3) / 4 + (1 / 3) ** 2 * (1 - 3 / 100) * (1 / 3) / 3
    assert now.variance == pytest.approx(v_now) and before.variance == pytest.approx(v_before)
    change = difference(now, before)
    rate_now, rate_before = 2 / 3 * 0.8 + 1 / 3 * 2 / 3, 2 / 3 * 0.5 + 1 / 3 * 1 / 3
    assert change.difference == pytest.approx(rate_now - rate_before)
    assert change.z == pytest.approx((rate_now - rate_before) / math.sqrt(v_now + v_before))
    assert not difference(now, Estimate(math.nan, math.nan, 0)).tested


# --- the cut-off ---------------------------------------------------------------------------

DRAWN = ["C01", "C03", "C05", "C07", "C09", "C11"]
NOTES = [10, 9, 8, 7, 7, 3]


def _answers(notes=NOTES) -> list[list]:
    return answers_sheet([(c, "Plutôt satisfait", 4, "Très satisfait", n) for c, n in zip(DRAWN, notes)])


def _overall(result) -> float:
    return next(r for r in rows_of(result, "Résultats") if isinstance(r[0], str) and r[0].startswith("Q4 "))[1]


def test_default_cut_off_counts_the_two_best_answers() -> None:
    result = survey_job(source(Clients=clients_sheet(), Questionnaire=questionnaire_sheet(), Reponses=_answers(),
                               Echantillon=sample_sheet(DRAWN)), Context(today=TODAY))
    rows = rows_of(result, "Résultats")
    assert find_row(rows, "Q4")[4] == "9"  # Satisfait à partir de
    assert any(isinstance(r[0], str) and r[0] == "Comptées satisfaites pour Q4 : 9 et 10." for r in rows)
    assert any("satisfaits : 9 et 10" in line for line in result.report.lines)


def test_cut_off_per_scale_in_the_settings_counts_7_and_more() -> None:
    parameters = parameters_sheet(**{"Satisfait à partir de (Note de 0 à 10)": 7})
    base = dict(Clients=clients_sheet(), Questionnaire=questionnaire_sheet(), Reponses=_answers(),
                Echantillon=sample_sheet(DRAWN))
    top_two = survey_job(source(**base), Context(today=TODAY))
    seven = survey_job(source(**base, Parametres=parameters), Context(today=TODAY))
    assert find_row(rows_of(seven, "Résultats"), "Q4")[9] == pytest.approx(5 / 6)  # raw rate: 10, 9, 8, 7, 7
    assert find_row(rows_of(top_two, "Résultats"), "Q4")[9] == pytest.approx(2 / 6)
    assert _overall(seven) > _overall(top_two)


def test_cut_off_per_question_wins_over_the_scale_and_a_bad_one_is_named() -> None:
    questions = questionnaire_sheet()
    questions[0].append("Satisfait à partir de")
    for row in questions[1:]:
        row.append(None)
    questions[4][-1] = 8
    questions[1][-1] = "Plutôt pas satisfait"  # three levels of four
    questions[2][-1] = "douze"  # not on a 1-5 scale
    result = survey_job(source(Clients=clients_sheet(), Questionnaire=questions, Reponses=_answers(),
                               Echantillon=sample_sheet(DRAWN),
                               Parametres=parameters_sheet(**{"Satisfait à partir de (Note de 0 à 10)": 7})),
                        Context(today=TODAY))
    rows = rows_of(result, "Résultats")
    assert find_row(rows, "Q4")[9] == pytest.approx(3 / 6)
    assert find_row(rows, "Q1")[4] == "Plutôt pas satisfait"
    assert find_row(rows, "Q2")[4] == "4"  # the default kept for the bad cell
    assert any("« douze » n'est pas une réponse de l'échelle « Note de 1 à 5 »" in p and "(Questionnaire, F3)" in p
               for p in result.report.problems)


def test_a_cut_off_off_the_scale_in_the_settings_is_named() -> None:
    result = survey_job(source(Clients=clients_sheet(), Questionnaire=questionnaire_sheet(), Reponses=_answers(),
                               Echantillon=sample_sheet(DRAWN),
                               Parametres=parameters_sheet(**{"Satisfait à partir de (Note de 0 à 10)": 11})),
                        Context(today=TODAY))
    assert any("Satisfait à partir de (Note de 0 à 10)" in p and "les deux meilleures réponses" in p
               and "(Paramètres, B2)" in p for p in result.report.problems)


# --- this year beside last year ------------------------------------------------------------

def test_last_years_answers_are_compared_question_by_question() -> None:
    last_year = [["ID client", "Marché", "Q1", "Q2", "Q3", "Q4"],
                 *[[c, None, q1, 2, "Très satisfait", n] for c, q1, n in
                   zip(["C02", "C04", "C06", "C08", "C10", "C12"], ["Plutôt pas satisfait"] * 5 + ["Très satisfait"],
                       [3, 4, 9, 2, 5, 6])],
                 ["C99", "Santé", "Plutôt satisfait", 5, "Très satisfait", 10]]  # a client who left since
    answers = _answers()
    answers[-1][1] = "Pas du tout satisfait"
    result = survey_job(source(Clients=clients_sheet(), Questionnaire=questionnaire_sheet(), Reponses=answers,
                               Echantillon=sample_sheet(DRAWN), **{"Réponses N-1": last_year}),
                        Context(today=TODAY))
    rows = rows_of(result, "Résultats")
    header = next(r for r in rows if r and r[0] == "N°")
    assert header[11:14] == list(msg.CHANGE_HEADERS)
    q1 = find_row(rows, "Q1")
    assert 0 < q1[11] < 0.35 and q1[12] > 0.5  # from one satisfied in seven to five in six
    assert q1[13] == "n.d."  # one answer or no spread in each market: no variance to test with, and said so
    assert any(line.startswith("Par rapport à l'an dernier") for line in result.report.lines)
    assert "Comparaison avec l'an dernier : 7 répondants" in str(rows)


def test_demo_shows_this_year_against_last_year(survey_workbook: Path) -> None:
    with open_workbook(survey_workbook) as book:
        names = book.sheet_names()
        workbook = MemorySource({n: book.grid(n) for n in names}, {n: book.excel_tables(n) for n in names})
    result = survey_job(workbook, Context(today=dt.date(2026, 11, 2)))
    rows = rows_of(result, "Résultats")
    overall = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("Q10 "))
    assert overall[1] == pytest.approx(0.909, abs=0.01)  # 7 and more out of 10, as the team's history counts
    assert overall[7] == pytest.approx(0.82, abs=0.02)  # last year, counted the same way
    assert overall[9].startswith("non")  # +9 points on ~110 answers a year: not beyond sampling noise
    questions = [r for r in rows if isinstance(r[0], str) and r[0].startswith("Q") and len(r) > 13
                 and isinstance(r[13], str)]
    assert any(r[13].startswith("oui (p = ") for r in questions)
    assert any(r[13].startswith("non (p = ") for r in questions)
    lines = "\n".join(result.report.lines)
    assert "Taux de réponse : 105 répondants sur 110 clients tirés" in lines
    assert "Évolutions significatives depuis l'an dernier" in lines


# --- open answers, field work --------------------------------------------------------------

def test_open_answers_are_listed_per_theme() -> None:
    questions = [*questionnaire_sheet(), [5, "Une remarque sur nos interventions ?", "Services", "Question ouverte",
                                          "non"], [6, "Que faut-il améliorer ?", None, "Texte libre", "non"]]
    answers = answers_sheet([(c, "Plutôt satisfait", 4, "Très satisfait", 9, remark, idea) for c, remark, idea in
                             zip(DRAWN, ["Techniciens\nponctuels", None, "NSP", "Trop lent", None, None],
                                 ["Factures plus claires", None, None, None, "Prix", None])], questions=6)
    result = survey_job(source(Clients=clients_sheet(), Questionnaire=questions, Reponses=answers,
                               Echantillon=sample_sheet(DRAWN)), Context(today=TODAY))
    rows = rows_of(result, "Résultats")
    start = next(i for i, r in enumerate(rows) if r and r[0] == msg.OPEN_TITLE)
    listed = [r for r in rows[start + 2: start + 6]]
    assert [(r[0], r[2], r[5]) for r in listed] == [
        ("Services", "C01", "Techniciens\nponctuels"), ("Services", "C07", "Trop lent"),
        (msg.NO_THEME, "C01", "Factures plus claires"), (msg.NO_THEME, "C09", "Prix")]
    assert listed[0][3] == "Mairie de Poissy" and listed[0][4] == "Collectivités"
    assert not any(isinstance(r[0], str) and r[0] in ("Q5", "Q6") for r in rows if len(r) > 9 and r[9])


def _log(*attempts: tuple) -> pd.DataFrame:
    return pd.DataFrame([{"date": d, "id": c, "channel": ch, "result": r, "remind_on": rem}
                         for d, c, ch, r, rem in attempts], columns=["date", "id", "channel", "result", "remind_on"])


def test_each_drawn_client_stands_where_the_log_says() -> None:
    day = dt.date(2026, 5, 4)
    log = _log((day, "C01", "Téléphone", CONTACT_UNREACHABLE, None),
               (day + dt.timedelta(days=2), "C01", "Fax", CONTACT_ANSWERED, None),
               (day, "C03", "Téléphone", CONTACT_REFUSED, None),
               *[(day + dt.timedelta(days=k), "C05", "Téléphone", CONTACT_UNREACHABLE, None) for k in range(5)],
               (day + dt.timedelta(days=1), "C07", "Téléphone", CONTACT_CALL_BACK, dt.date(2026, 5, 20)),
               (day, "C07", "Courrier", CONTACT_UNREACHABLE, None),
               (day, "C09", "Téléphone", CONTACT_UNREACHABLE, None))
    found = standings(["C01", "C03", "C05", "C07", "C09", "C11", "C12"], log, {"C12"}, max_attempts=5)
    assert found["C01"].state == ANSWERED and found["C01"].channel == "Fax" and found["C01"].attempts == 2
    assert found["C03"].state == REFUSED
    assert found["C05"].state == GAVE_UP and found["C05"].attempts == 5
    assert found["C07"].state == TO_REMIND and found["C07"].remind_on == dt.date(2026, 5, 20)
    assert found["C09"].state == TO_REMIND and found["C09"].remind_on == day + dt.timedelta(days=7)
    assert found["C11"].state == TO_CONTACT and found["C12"].state == ANSWERED  # answers typed, no log
    rates = response_rates({"C01": "Collectivités", "C03": "Collectivités", "C05": "Santé", "C07": "Santé",
                            "C09": "Santé", "C11": "Tertiaire", "C12": "Tertiaire"}, found).set_index("market")
    assert rates.loc["Collectivités", "rate"] == 0.5 and rates.loc["Santé", "rate"] == 0
    assert rates.loc["Santé", "gave_up"] == 1 and rates.loc["Santé", "in_progress"] == 2
    assert math.isnan(rates.loc["Habitat public", "rate"])  # nobody drawn: no rate


def test_sample_sheet_carries_the_field_work_and_results_the_response_rates(survey_workbook: Path) -> None:
    with open_workbook(survey_workbook) as book:
        sample = book.grid("Échantillon").values
        header = sample[0]
    rows = [dict(zip(header, r)) for r in sample[1:] if r[0] and r[4] == "Tiré"]
    states = pd.Series([r["Suivi"] for r in rows]).value_counts().to_dict()
    assert states == {ANSWERED: 105, REFUSED: 2, GAVE_UP: 2, TO_REMIND: 1}
    late = next(r for r in rows if r["Suivi"] == TO_REMIND)
    assert late["Relance le"] is not None and late["Tentatives"] == 2 and late["Canal"] == "Téléphone"



def test_a_contact_logged_for_a_client_not_drawn_is_said(survey_workbook: Path, tmp_path: Path) -> None:
    """A mistyped ID, or a reserve client called before being drawn: the line counts
    for nobody, and the report says which, by its row."""
    path = Path(shutil.copy(survey_workbook, tmp_path / "enquete.xlsx"))
    book = openpyxl.load_workbook(path)
    sample = list(book["Échantillon"].iter_rows(values_only=True))
    reserve = next(r[0] for r in sample[1:] if r[4] == "Réserve")
    log = book[FIELDWORK.name]
    headers = [c.value for c in log[1]]
    for client in (reserve, "C9999"):
        log.append([{FIELDWORK.header("date"): dt.datetime(2026, 5, 6), FIELDWORK.header("id"): client,
                     FIELDWORK.header("channel"): "Téléphone"}.get(h) for h in headers])
    book.save(path)
    rows = (log.max_row - 1, log.max_row)
    run = run_job(load_jobs()["sample"], path, today=TODAY)
    assert (f"Suivi des contacts : 2 lignes concernent un client qui n'est pas tiré (ligne {rows[0]} : {reserve}, "
            f"ligne {rows[1]} : C9999) : elles ne comptent pas dans le suivi ; corrigez l'ID, ou, pour un client de "
            "la réserve, mettez sa Situation à « Tiré » dans Échantillon.") in run.result.report.lines
