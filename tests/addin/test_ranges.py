"""Whole-column arguments: the trailing empty rows go before any per-cell work
(addin/ranges.py), for values (Office.js, Lite) and for a desktop range, which
is clipped to its sheet's used range before Excel is asked for its cells."""

from __future__ import annotations


import openpyxl
import pytest
import xlwings as xw
from xlwings import conversion

from addin import ranges
from addin.ranges import Rows, filled_height

OPTIONS = {"convert": Rows, "ndim": 2, "err_to_str": True}


@pytest.mark.parametrize("rows, height", [
    ([], 0),
    ([[None, None]], 0),
    ([[1, None], [None, None]], 1),
    ([[None], [1], [None], [""], [None]], 2),  # an empty row inside the data stays
    ([[None, 0]], 1),  # zero and False are values
    ([[False]] + [[""]] * 5, 1),
    ([("a", None)] + [(None, None)] * 100, 1),  # COM hands tuples
    ([[1]] + [[None]] * 1000 + [[2]] + [[None]] * 70_000, 1002),
    ([[1]] + [[None], [""]] * 5000, 1),  # mixed kinds of empty cells
])
def test_filled_height(rows, height):
    assert filled_height(rows) == height


def test_values_lose_their_empty_tail_before_xlwings_cleans_them(monkeypatch):
    cleaned = []
    original = ranges.CleanDataFromReadStage.__call__

    def counting(stage, context):
        cleaned.append(len(context.value))
        original(stage, context)

    monkeypatch.setattr(ranges.CleanDataFromReadStage, "__call__", counting)
    column = [["Population"], [{"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}], [30689]]
    column += [[None]] * 1_048_573
    assert conversion.read(None, column, OPTIONS, engine_name="officejs") == [["Population"], ["#N/A"], [30689]]
    assert cleaned == [3]
    assert conversion.read(None, [[None]] * 10, OPTIONS, engine_name="officejs") == [[None]]


def test_a_desktop_range_is_clipped_to_the_used_range_before_it_is_read(tmp_path):
    """A real xlwings Range of a real file (xlwings' file engine): =SIC_SCORE(J:O)."""
    path = tmp_path / "prospects.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Prospects"
    sheet.append(["ID", "Raison sociale", "Population"])
    sheet.append(["P1", "Mairie de Trappes", 32000])
    sheet.append(["P2", "Mairie de Plaisir", 31000])
    sheet["E40"] = "note"  # the used range ends at row 40
    book.save(path)
    with xw.Book(path, mode="r") as workbook:
        column = workbook.sheets["Prospects"].range("C:C")
        assert column.shape == (1_048_576, 1)
        context = conversion.ConversionContext(rng=column, engine_name=None)
        ranges.clip_to_used_range(context)
        assert context.range.address == "$C$1:$C$40"
        assert conversion.read(column, None, OPTIONS) == [["Population"], [32000], [31000]]
        below = workbook.sheets["Prospects"].range("C50:C60")
        assert conversion.read(below, None, OPTIONS) == [[None]]
