"""The cached JS-null test: same answers as xlwings' own, without the per-cell import."""

from __future__ import annotations

import asyncio
import sys
import types

import xlwings as xw
import xlwings.server
import xlwings.utils

from addin import functions, speed
from tests.addin.payloads import function_call


def test_on_cpython_nothing_is_js_null_and_office_js_nulls_stay_empty_cells():
    speed.patch_jsnull()
    assert xlwings.utils.is_jsnull(None) is False and xlwings.utils.is_jsnull("") is False
    # Office.js sends an empty cell of a function argument as JSON null: still an empty row.
    body = function_call("score", [[30689, 2, 0, 5, 13, "En régie"], [None] * 6, [1200, 0, 0, 1, 2, "Groupe"]])
    result = asyncio.run(xlwings.server.custom_functions_call(body, functions))
    assert isinstance(result[0][0], int) and result[1] == [""] and isinstance(result[2][0], int)


def test_under_pyodide_js_null_is_still_recognised(monkeypatch):
    class JsNull:  # pyodide.ffi.JsNull, as xlwings' own tests fake it
        def __bool__(self) -> bool:
            return False

    ffi = types.ModuleType("pyodide.ffi")
    ffi.JsNull = JsNull
    monkeypatch.setitem(sys.modules, "pyodide", types.ModuleType("pyodide"))
    monkeypatch.setitem(sys.modules, "pyodide.ffi", ffi)
    test = speed.cached_jsnull_test()
    assert test(JsNull()) is True and test(None) is False
    monkeypatch.setattr(xlwings.utils, "is_jsnull", test)
    cleaned = xw.pro._xlofficejs.Engine.clean_value_data([[JsNull(), 3.0]], None, None, None, False)
    assert cleaned == [[None, 3.0]]
