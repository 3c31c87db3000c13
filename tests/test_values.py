import datetime as dt

import pytest
from hypothesis import given, strategies as st

from sicxl.values import (
    ValueProblem,
    format_number,
    parse_choice,
    parse_code,
    parse_count,
    parse_date,
    parse_month,
    parse_number,
    parse_yes_no,
)


@pytest.mark.parametrize(
    "text, expected",
    [("1 354 304", 1354304), ("1\u202f354\u00a0304", 1354304), ("12,5", 12.5), ("12.5", 12.5),
     ("1.354.304", 1354304), ("-3", -3), ("500 k€", 500), (42, 42), (3.25, 3.25)],
)
def test_numbers_typed_the_french_way(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["douze", "12,5,3", "", "#N/A", True])
def test_unreadable_numbers_say_why(text):
    with pytest.raises(ValueProblem) as problem:
        parse_number(text)
    assert "nombre" in str(problem.value) or "erreur" in str(problem.value)


def test_negative_count_is_impossible():
    with pytest.raises(ValueProblem, match="négatif"):
        parse_count("-150")


@pytest.mark.parametrize(
    "text, expected",
    [("04/04/2007", dt.date(2007, 4, 4)), ("4/4/07", dt.date(2007, 4, 4)), ("2007-04-04", dt.date(2007, 4, 4)),
     ("4 avril 2007", dt.date(2007, 4, 4)), ("mercredi 4 avril 2007", dt.date(2007, 4, 4)),
     ("1er mars 2026", dt.date(2026, 3, 1)), ("04-04-2007", dt.date(2007, 4, 4)),
     (39176, dt.date(2007, 4, 4)), (dt.datetime(2007, 4, 4, 10, 30), dt.date(2007, 4, 4))],
)
def test_dates_in_french_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2007", "demain", "4 foo 2007"])
def test_impossible_dates(text):
    with pytest.raises(ValueProblem):
        parse_date(text)


@pytest.mark.parametrize(
    "text, expected",
    [("2007-03", "2007-03"), ("03/2007", "2007-03"), ("mars 2007", "2007-03"), ("Mars-07", "2007-03"),
     (dt.date(2007, 3, 15), "2007-03"), ("février 2026", "2026-02")],
)
def test_months_in_usual_forms(text, expected):
    assert parse_month(text) == expected


def test_codes_keep_leading_zeros_lost_by_number_cells():
    assert parse_code(8100.0, 5) == "08100"
    assert parse_code(" 78 100 ", 5) == "78100"
    assert parse_code("2a004") == "2A004"


def test_yes_no_and_choices():
    assert parse_yes_no("OUI") is True and parse_yes_no("non") is False
    assert parse_choice("tiede", ("Froid", "Tiède", "Chaud")) == "Tiède"
    with pytest.raises(ValueProblem, match="liste"):
        parse_choice("brûlant", ("Froid", "Tiède", "Chaud"))


def test_french_number_display():
    assert format_number(1354304.0, 0) == "1\u202f354\u202f304"
    assert format_number(12.5) == "12,5"


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(), st.dates()))
def test_parsers_only_raise_value_problems(value):
    for parse in (parse_number, parse_date, parse_month, parse_yes_no, parse_count):
        try:
            parse(value)
        except ValueProblem:
            pass


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_format_whole_of_the_rounded_value_is_format_number_without_decimals(value):
    from sicxl.values import format_whole

    assert format_whole(round(value)) == format_number(value, 0)


@given(st.text())
def test_folding_drops_exactly_the_accents_and_the_case(text):
    """`fold`, however it is computed, is this definition: the NFKD form without
    its combining marks, case-folded, spaces collapsed."""
    import unicodedata

    from sicxl.values import fold

    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    assert fold(text) == " ".join(plain.casefold().split())


def test_folding_what_users_type():
    from sicxl.values import fold

    assert fold("  Collectivité  TERRITORIALE ") == "collectivite territoriale"
    assert fold("Œuvre d’Île-de-France") == "œuvre d’ile-de-france"
    assert fold("STRAẞE") == fold("straße") == "strasse" and fold(12) == "12"


def test_folding_a_text_of_every_character_remembers_a_bounded_table():
    """A hostile file may hold every character of Unicode: the accents table that
    folding fills as it meets characters stays bounded, and folds them all the same."""
    import unicodedata

    from sicxl.values import _MARKS, _MARKS_HELD, fold

    text = "".join(chr(code) for code in range(0x20, 0x30000) if not 0xD800 <= code < 0xE000)
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    assert fold(text) == " ".join(plain.casefold().split())
    assert len(_MARKS) <= _MARKS_HELD
