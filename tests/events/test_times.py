"""Start and end times of events, typed the way French users type them."""

from __future__ import annotations

import datetime as dt

import pytest

from sicxl.values import ValueProblem, parse_time


@pytest.mark.parametrize("typed, expected", [
    ("9h30", dt.time(9, 30)), ("09:30", dt.time(9, 30)), ("14 h", dt.time(14, 0)), ("18h00", dt.time(18, 0)),
    (0.375, dt.time(9, 0)), (dt.time(12, 30), dt.time(12, 30)), (dt.datetime(2026, 12, 10, 9, 30), dt.time(9, 30)),
])
def test_times_as_typed(typed: object, expected: dt.time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["neuf heures", "25h", "9h75", 1.5, True])
def test_unreadable_times_say_why(typed: object) -> None:
    with pytest.raises(ValueProblem, match="n'est pas une heure"):
        parse_time(typed)
