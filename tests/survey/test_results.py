"""Rates weighted by stratum, their margin of error, and the weak points."""

import math

import pandas as pd
import pytest

from sicxl.messages import survey as msg
from sicxl.survey.questionnaire import Question, Questionnaire
from sicxl.survey.results import analyse, rank_weak_points, stratified_rate
from sicxl.survey.scales import SATISFACTION_4, numeric_scale


def test_stratified_rate_and_margin_against_a_hand_computation() -> None:
    # Collectivités: N=100, 3 satisfied out of 4; Habitat public: N=300, 2 out of 6.
    values = pd.Series([1, 1, 0, 1, 0, 1, 0, 0, 1, 0], dtype=float)
    strata = pd.Series(["Collectivités"] * 4 + ["Habitat public"] * 6)
    estimate = stratified_rate(values, strata, {"Collectivités": 100, "Habitat public": 300})
    w_a, w_b = 0.25, 0.75
    p_a, p_b = 3 / 4, 2 / 6
    # Cochran (5.8): v = Σ W_h² (1 - n_h/N_h) p_h q_h / (n_h - 1)
    variance = (w_a**2 * (1 - 4 / 100) * p_a * (1 - p_a) / 3
                + w_b**2 * (1 - 6 / 300) * p_b * (1 - p_b) / 5)
    assert estimate.rate == pytest.approx(w_a * p_a + w_b * p_b) == pytest.approx(0.4375)
    assert estimate.margin == pytest.approx(1.959964 * math.sqrt(variance), rel=1e-6)
    assert estimate.margin == pytest.approx(0.3294, abs=1e-4)
    assert estimate.respondents == 10


def test_weighting_corrects_an_over_sampled_market() -> None:
    # Same answers, but the unhappy market weighs 90 % of the customers.
    values = pd.Series([1.0] * 10 + [0.0] * 10)
    strata = pd.Series(["Santé"] * 10 + ["Tertiaire"] * 10)
    estimate = stratified_rate(values, strata, {"Santé": 10, "Tertiaire": 90})
    assert estimate.rate == pytest.approx(0.1)
    assert estimate.margin == 0  # a census of Santé, and no spread in Tertiaire


def test_a_market_without_answer_is_said_not_hidden() -> None:
    estimate = stratified_rate(pd.Series([1.0, 0.0]), pd.Series(["Santé", "Santé"]), {"Santé": 10, "Tertiaire": 90})
    assert estimate.strata_without_answer == ("Tertiaire",)
    assert estimate.rate == 0.5


def questionnaire() -> Questionnaire:
    questions = (
        Question(1, "Réactivité", "Relation client", SATISFACTION_4),
        Question(2, "Délais", "Services", numeric_scale(1, 5)),
        Question(3, "Rapport qualité-prix", "Prix", SATISFACTION_4),
        Question(4, "Note globale", "Satisfaction globale", numeric_scale(0, 10)),
    )
    return Questionnaire(questions, questions[3], "column")


def coded(rows: list[tuple[str, int, int, int, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["market", "q1", "q2", "q3", "q4"])
    frame.insert(0, "id", [f"C{i}" for i in range(len(rows))])
    frame.index = pd.RangeIndex(2, len(rows) + 2)
    return frame


def test_no_answer_is_excluded_from_the_rate_and_counted() -> None:
    # codes: 0 = best level; -1 = no answer; -2 = off the scale
    answers = coded([("Santé", 0, 0, 3, 0), ("Santé", 1, -1, 2, 1), ("Santé", 3, 4, -1, 3), ("Santé", -2, 1, 0, 2)])
    results = analyse(answers, questionnaire(), {"Santé": 40})
    q1 = results.questions.set_index("number").loc[1]
    assert (q1["given"], q1["no_answer"], q1["off_scale"]) == (3, 0, 1)
    assert q1["raw_rate"] == pytest.approx(2 / 3)
    q2 = results.questions.set_index("number").loc[2]
    assert (q2["given"], q2["no_answer"]) == (3, 1)
    assert q2["raw_rate"] == pytest.approx(2 / 3)
    distribution = results.distribution[results.distribution["number"] == 2]
    assert list(distribution["level"]) == ["5", "4", "3", "2", "1"]
    assert list(distribution["count"]) == [1, 1, 0, 0, 1]


def test_theme_rate_is_the_weighted_mean_of_each_respondents_top2_share() -> None:
    answers = coded([("Santé", 0, 0, 3, 0), ("Tertiaire", 3, 3, 0, 5), ("Tertiaire", 0, 0, 0, 0)])
    results = analyse(answers, questionnaire(), {"Santé": 50, "Tertiaire": 50})
    prix = results.themes.set_index("theme").loc["Prix"]
    assert prix["rate"] == pytest.approx(0.5 * 0 + 0.5 * 1)
    market = results.markets.set_index("market").loc["Tertiaire"]
    assert market["respondents"] == 2 and market["rate"] == pytest.approx(0.5)


def test_weak_points_themes_ranked_from_the_weakest() -> None:
    answers = coded([("Santé", 0, 0, 3, 0), ("Santé", 1, 3, 2, 1), ("Santé", 0, 1, 3, 0), ("Santé", 2, 4, 0, 4)])
    results = analyse(answers, questionnaire(), {"Santé": 40})
    assert list(results.themes["theme"]) == ["Prix", "Services", "Relation client"]
    assert list(results.themes["rate"]) == pytest.approx([0.25, 0.5, 0.75])
    assert list(results.themes["rank"]) == [1, 2, 3]


def test_importance_is_the_correlation_with_the_overall_question() -> None:
    # Q1 follows the overall note exactly; Q3 goes against it.
    answers = coded([("Santé", 0, 2, 3, 0), ("Santé", 1, 0, 2, 3), ("Santé", 2, 4, 1, 6), ("Santé", 3, 1, 0, 9)])
    results = analyse(answers, questionnaire(), {"Santé": 40})
    importance = results.ipa_questions.set_index("item")["importance"]
    assert importance["Q1"] == pytest.approx(1.0)
    assert importance["Q3"] == pytest.approx(-1.0)
    scores_q2 = pd.Series([3.0, 5.0, 1.0, 4.0])
    overall = pd.Series([10.0, 7.0, 4.0, 1.0])
    assert importance["Q2"] == pytest.approx(scores_q2.corr(overall))


def test_importance_performance_quadrants_and_order() -> None:
    table = pd.DataFrame({
        "item": ["Prix", "Relation client", "Services", "Information"],
        "importance": [0.2, 0.8, 0.7, 0.3],
        "performance": [0.3, 0.9, 0.4, 0.8],
    })
    ranked = rank_weak_points(table)
    assert list(ranked["item"]) == ["Services", "Prix", "Relation client", "Information"]
    assert list(ranked["quadrant"]) == [msg.QUADRANT_PRIORITY, msg.QUADRANT_SECONDARY, msg.QUADRANT_STRENGTH,
                                        msg.QUADRANT_OVERKILL]
