"""The column renderer (cells.cell_bodies) against the one-cell rules (cell_body):
every fast path must give exactly the bytes of the slow one (issue 9)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sicxl.workbook.cells import EXCEL_MAX_TEXT, cell_bodies, cell_body, is_blank, render_cell
from sicxl.writes import Formula


def _slow(values, date1904=False) -> list[bytes]:
    return [b"" if is_blank(v) else cell_body(v, date1904).encode() for v in values]


EDGE_TEXTS = ["plain", "", "&", "a<b>c", 'guillemets "droits"', "l'apostrophe", "\x01ctl\x0b", "nul\x00",
              "Déjà vu – €", "emoji 😀", "lone \ud800 surrogate", " lead", "trail ", "\ttab", "line\n",
              "\r", "  ", "x" * (EXCEL_MAX_TEXT + 10), "é" * EXCEL_MAX_TEXT, "\ufffe"]
EDGE_NUMBERS = [0, -1, 10**20, 1e-7, -0.0, 0.0, 1e21, 1e16, 9999999999999998.0, 1e15, 3.0, -2.5,
                0.1 + 0.2, 123456789.123, float("nan")]
OTHERS = [None, True, False, dt.date(2025, 3, 14), dt.datetime(2025, 3, 14, 8, 30), dt.datetime(2025, 3, 14),
          Formula('=IF(A1>0,"<ok>","&")'), np.int64(7), np.float64(2.5), np.float64(4.0), Decimal("1.25")]


@pytest.mark.parametrize("values", [EDGE_TEXTS, EDGE_NUMBERS, OTHERS, EDGE_TEXTS + EDGE_NUMBERS + OTHERS,
                                    ["simple"] * 50 + ["a & b"], ["x"] * 3 + [None] * 3 + [1.5, 2]])
def test_columns_render_as_their_cells_one_by_one(values):
    assert cell_bodies(values) == _slow(values)


def test_plain_text_columns_take_the_joined_path_and_still_match():
    texts = [f"Mairie de Cergy {i}" for i in range(5000)]
    assert cell_bodies(texts) == _slow(texts)
    assert cell_bodies(texts)[0] == b' t="inlineStr"><is><t>Mairie de Cergy 0</t></is></c>'


def test_dates_follow_the_workbook_date_system():
    values = [dt.date(2025, 1, 1), dt.datetime(2025, 1, 1, 12)]
    assert cell_bodies(values, True) == _slow(values, True) != _slow(values, False)


def test_infinite_numbers_are_refused_like_single_cells():
    with pytest.raises(ValueError):
        cell_bodies([1.0, float("inf")])
    with pytest.raises(ValueError):
        cell_body(float("-inf"))


def test_render_cell_is_reference_style_then_body():
    assert render_cell("B7", "a&b", 4) == '<c r="B7" s="4" t="inlineStr"><is><t>a&amp;b</t></is></c>'
    assert render_cell("B7", -0.0, 0) == '<c r="B7"><v>0</v></c>'


VALUES = st.one_of(st.none(), st.text(), st.integers(-10**30, 10**30), st.floats(allow_infinity=False),
                   st.booleans(), st.dates(), st.datetimes(), st.text().map(lambda t: Formula("=" + t)))


@settings(max_examples=300, deadline=None)
@given(st.lists(VALUES, max_size=30), st.booleans())
def test_random_columns_render_as_their_cells(values, date1904):
    assert cell_bodies(values, date1904) == _slow(values, date1904)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=30))
def test_random_text_columns_render_as_their_cells(texts):
    assert cell_bodies(texts) == _slow(texts)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.dates(), min_size=1, max_size=30), st.booleans())
def test_date_columns_render_as_their_cells(dates, date1904):
    assert cell_bodies(dates, date1904) == _slow(dates, date1904)
