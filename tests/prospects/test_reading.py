"""Reading a column: each distinct value parsed once, and still cell by cell exact."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, strategies as st

from sicxl.prospects.reading import parse_column
from sicxl.values import ValueProblem, parse_code, parse_number, parse_yes_no


def _one_by_one(raws, parse):
    values, problems = [], {}
    for i, raw in enumerate(raws):
        try:
            value = None if raw is None or (isinstance(raw, str) and raw.isspace()) else parse(raw)
        except ValueProblem as problem:
            value, problems[i] = None, str(problem)
        values.append(value)
    return values, problems


def test_a_true_cell_is_not_read_as_the_number_one_beside_it():
    """True == 1.0 in Python: a column mixing Excel booleans and numbers keeps them apart."""
    values, problems = parse_column([1.0, True, 0.0, False, "2,5"], parse_number)
    assert list(values) == [1.0, None, 0.0, None, 2.5]
    assert set(problems) == {1, 3} and "n'est pas un nombre" in problems[1]
    values, problems = parse_column([True, 1.0, "non"], parse_yes_no)
    assert list(values) == [True, True, False] and not problems


def test_blank_whitespace_errors_and_codes():
    raws = [None, "   ", "#N/A", 8100.0, "08100", " 78 498 ", float("nan"), "abc"]
    values, problems = parse_column(raws, lambda v: parse_code(v, 5))
    assert list(values) == [None, None, None, "08100", "08100", "78498", None, "ABC"]
    assert list(problems) == [2] and "#N/A" in problems[2]


cells = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(-3, 3, allow_nan=False),
                  st.sampled_from(["1", " ", "", "oui", "Non", "#N/A", "1,5", "x"]),
                  st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))


@given(st.lists(cells, max_size=40), st.sampled_from([parse_number, parse_yes_no, lambda v: parse_code(v, 5)]))
def test_same_outcome_as_parsing_each_cell(raws, parse):
    values, problems = parse_column(raws, parse)
    assert (list(values), problems) == _one_by_one(raws, parse)
