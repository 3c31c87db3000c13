"""Scales, top-2-box, "no answer", answers off the scale."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sicxl.survey.scales import NO_ANSWER, OFF_SCALE, SATISFACTION_4, SCALE_NAMES, parse_scale, top2box
from sicxl.values import ValueProblem


def test_semantic_scale_top_two_are_the_two_satisfied_levels() -> None:
    answers = ["Très satisfait", "Plutôt satisfait", "Plutôt pas satisfait", "Pas du tout satisfait",
               "Plutôt satisfait"]
    assert SATISFACTION_4.top2 == ("Très satisfait", "Plutôt satisfait")
    assert top2box(answers, "Satisfaction (4 niveaux)") == pytest.approx(3 / 5)


@pytest.mark.parametrize("spelling, level", [
    ("très satisfaite", 0), ("TRES SATISFAIT", 0), ("Tout à fait satisfait", 0),
    ("Plutot satisfaites", 1), ("Satisfait", 1), ("Peu satisfait", 2), ("plutôt insatisfait", 2),
    ("Pas du tout satisfaite", 3), ("Très insatisfait", 3),
])
def test_usual_french_wordings_are_read(spelling: str, level: int) -> None:
    assert SATISFACTION_4.code(spelling) == level


@pytest.mark.parametrize("value", [None, "", "NSP", "Ne sait pas", "Sans opinion", "non concerné", "NR"])
def test_no_answer_is_neither_satisfied_nor_unsatisfied(value: object) -> None:
    assert SATISFACTION_4.code(value) == NO_ANSWER
    assert top2box(["Très satisfait", "Pas du tout satisfait", value], SATISFACTION_4) == 0.5


def test_numeric_scales_top_two_are_the_two_highest_notes() -> None:
    assert top2box([5, 4, 3, 2, 1], "Note de 1 à 5") == pytest.approx(2 / 5)
    assert top2box([10, 9, 8, 0], "0-10") == 0.5
    assert top2box(["9", "10/10", 8.0, "7"], "1 à 10") == 0.5


def test_a_two_dimensional_range_is_read_whole() -> None:
    assert top2box([[5, 1], [4, None]], "1-5") == pytest.approx(2 / 3)


def test_nobody_answered_gives_nan_not_zero() -> None:
    assert math.isnan(top2box(["NSP", None], "1-5"))


@pytest.mark.parametrize("scale, value", [("1-5", 6), ("1-5", 0), ("1-5", 3.5), ("0-10", 11),
                                          ("Satisfaction (4 niveaux)", "Moyen"),
                                          ("Satisfaction (4 niveaux)", 3)])
def test_an_answer_off_the_scale_is_refused_not_counted(scale: str, value: object) -> None:
    assert parse_scale(scale).code(value) == OFF_SCALE
    with pytest.raises(ValueProblem, match="n'est pas sur l'échelle"):
        top2box(["Très satisfait", 4, value], scale)


@pytest.mark.parametrize("text, name", [("Satisfaction", "Satisfaction (4 niveaux)"),
                                        ("satisfaction (5 niveaux)", "Satisfaction (5 niveaux)"),
                                        ("Accord", "Accord (4 niveaux)"), ("1-5", "Note de 1 à 5"),
                                        ("Note de 1 à 10", "Note de 1 à 10"), ("sur 10", "Note de 0 à 10")])
def test_scale_names_users_type(text: str, name: str) -> None:
    assert parse_scale(text).name == name


def test_every_offered_scale_name_is_read_back() -> None:
    assert [parse_scale(name).name for name in SCALE_NAMES] == list(SCALE_NAMES)


def test_unknown_scale_is_refused() -> None:
    with pytest.raises(ValueProblem, match="pas une échelle connue"):
        parse_scale("Smileys")


def test_codes_of_a_large_column_are_vectorised() -> None:
    column = pd.Series(["Très satisfait", "NSP", "Plutôt pas satisfait", None] * 25_000, dtype=object)
    codes = SATISFACTION_4.codes(column)
    assert codes.value_counts().to_dict() == {0: 25_000, NO_ANSWER: 50_000, 2: 25_000}


answers = st.lists(st.one_of(st.none(), st.integers(-3, 14), st.floats(allow_nan=True), st.text(max_size=12),
                             st.sampled_from(SATISFACTION_4.levels)), max_size=40)


@given(answers=answers, scale=st.sampled_from(SCALE_NAMES))
def test_rate_is_between_0_and_1_or_refused_never_a_crash(answers: list, scale: str) -> None:
    try:
        rate = top2box(answers, scale)
    except ValueProblem:
        return
    assert math.isnan(rate) or 0 <= rate <= 1
