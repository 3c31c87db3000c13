"""The same answer in the three shells of the add-in, for the same cells (cells.py),
error cells and whole columns included: the classic desktop UDFs (=SIC_SCORE,
through xlwings' classic decorators and COM conversion: classic_com.py), the
Office.js endpoint (=SIC.SCORE, the JSON Office.js posts) and xlwings Lite's
main.py (=SCORE, the same xlwings call on the values Pyodide hands over, empty
cells as JsNull)."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import types
from typing import Any

import pytest
import xlwings.server
import xlwings.utils
from fastapi.testclient import TestClient
from xlwings.conversion import standard

from addin import speed
from addin.lite import main as lite_main
from addin.server import app
from tests.addin.cells import CASES, PROSPECTS, Case, Err
from tests.addin.classic_com import classic  # noqa: F401  (fixture)
from tests.addin.payloads import HEADERS, error_cell, function_call, serial


class JsNull:
    """pyodide.ffi.JsNull: what Pyodide (0.28 and later) makes of a JavaScript null."""

    def __bool__(self) -> bool:
        return False


JS_NULL = JsNull()


def office_value(value: Any, empty: Any = None) -> Any:
    """A cell as Office.js hands it to a custom function."""
    if isinstance(value, Err):
        return error_cell(value.text)
    if isinstance(value, dt.date):
        return serial(value)
    return empty if value is None else value


def office_argument(argument: Any, empty: Any = None) -> list[list[Any]]:
    rows = argument if isinstance(argument, list) else [[argument]]
    return [[office_value(v, empty) for v in row] for row in rows]


def office_js(case: Case) -> Any:
    response = TestClient(app).post("/xlwings/custom-functions-call", headers=HEADERS,
                                    json=function_call(case.function, *(office_argument(a) for a in case.args)))
    assert response.status_code == 200, response.text
    return response.json()["result"]


@pytest.fixture
def lite(monkeypatch: pytest.MonkeyPatch):
    """xlwings Lite's call of a main.py function, under a stand-in for pyodide.ffi."""
    ffi = types.ModuleType("pyodide.ffi")
    ffi.JsNull = JsNull
    monkeypatch.setitem(sys.modules, "pyodide", types.ModuleType("pyodide"))
    monkeypatch.setitem(sys.modules, "pyodide.ffi", ffi)
    test = speed.cached_jsnull_test()
    monkeypatch.setattr(xlwings.utils, "is_jsnull", test)
    monkeypatch.setattr(standard, "is_jsnull", test)

    def call(case: Case) -> Any:
        body = function_call(case.function, *(office_argument(a, JS_NULL) for a in case.args))
        return asyncio.run(xlwings.server.custom_functions_call(body, lite_main))

    return call


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_three_shells_give_the_same_answer(case, classic, lite):
    expected = office_js(case)
    assert case.check(expected), expected
    assert [list(row) for row in classic(case.function, *case.args)] == expected
    assert lite(case) == expected


def test_a_na_population_is_reported_not_scored_in_the_classic_shell(classic):
    """Issue 16: without err_to_str the COM engine reads #N/A as an empty cell and scores 14."""
    rows = [PROSPECTS[0][:2], [Err("#N/A"), 2]]
    cell = classic("score", rows)[1][0]
    assert isinstance(cell, str) and cell.startswith("#VALEUR! Population") and "#N/A" in cell


def test_a_whole_column_gives_what_its_filled_rows_give_in_every_shell(classic, lite):
    column = Case("whole column", "score", (PROSPECTS + [[None] * 9] * 30_000,))
    filled = Case("filled rows", "score", (PROSPECTS[:7],))
    expected = office_js(filled)
    assert office_js(column) == expected and lite(column) == expected
    assert [list(r) for r in classic("score", *column.args)] == expected
