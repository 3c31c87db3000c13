"""The classic desktop add-in's shell (xlwings over COM) without Windows.

xlwings' classic UDF machinery (`xlwings.udfs`: the decorators, then `call_udf`,
which converts each argument with `conversion.read(None, value, options)` and
the result with `conversion.write(result, None, options)`) needs pywin32 only
to talk to Excel; its COM engine's cell conversion (error codes to "#N/A" with
err_to_str, dates, empty cells) lives in xlwings/_xlwindows.py beside code that
only loads on Windows. This harness runs those real pieces on Linux:

- `xlwings.udfs` imported with the three pywin32 modules it names replaced by
  empty stand-ins (nothing of them is used to convert or call);
- the COM engine's conversion definitions read from the installed
  xlwings/_xlwindows.py and executed alone (`com_engine`), registered as the
  "excel" engine `conversion.read` uses for a UDF argument;
- addin.functions and addin.classic.udfs imported afresh under the classic
  decorators, as `Import Functions` finds them in Excel.

What it leaves out is Excel itself: the values are given as COM hands them
to Python (tuples of rows, numbers as floats, an error as its HRESULT code).
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import xlwings
import xlwings.main
import xlwings.utils

from tests.addin.cells import Err

COM_DEFINITIONS = {"cell_errors", "_com_time_to_datetime", "_datetime_to_com_time", "_clean_value_data_element",
                   "Engine"}


def com_engine() -> dict[str, Any]:
    """The definitions of xlwings' COM conversion, executed from xlwings' own source."""
    path = Path(xlwings.__file__).with_name("_xlwindows.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wanted = [node for node in tree.body
              if (isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in COM_DEFINITIONS)
              or (isinstance(node, ast.Assign) and any(getattr(t, "id", None) in COM_DEFINITIONS
                                                       for t in node.targets))]
    utc = types.SimpleNamespace(TimeZoneInfo=types.SimpleNamespace(utc=lambda: dt.timezone.utc))
    namespace: dict[str, Any] = {"dt": dt, "np": np, "pd": pd, "time_types": (dt.date, dt.datetime),
                                 "win32timezone": utc, "np_datetime_to_datetime": xlwings.utils.np_datetime_to_datetime}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(path), "exec"), namespace)
    assert COM_DEFINITIONS <= set(namespace), "xlwings' COM conversion moved: update this harness"
    return namespace


def pywin32_stand_ins() -> dict[str, types.ModuleType]:
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.TimeType = dt.datetime
    pywintypes.com_error = type("com_error", (Exception,), {})
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = None
    win32com.client = client
    return {"pythoncom": pythoncom, "pywintypes": pywintypes, "win32com": win32com, "win32com.client": client}


class ClassicShell:
    """Calls a classic UDF as xlwings' call_udf does, on values as COM gives them."""

    def __init__(self, module: types.ModuleType, engine: dict[str, Any]) -> None:
        self.module = module
        self.error_codes = {text: code for code, text in engine["cell_errors"].items()}

    def com_value(self, value: Any) -> Any:
        if isinstance(value, Err):
            return self.error_codes[value.text]
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return dt.datetime.combine(value, dt.time(), tzinfo=dt.timezone.utc)  # pywintypes time: UTC-aware
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value
        return float(value)  # Excel's numbers are doubles

    def com_argument(self, argument: Any) -> Any:
        if isinstance(argument, list):
            return tuple(tuple(self.com_value(v) for v in row) for row in argument)
        return self.com_value(argument)

    def __call__(self, name: str, *args: Any) -> Any:
        udf = getattr(self.module, f"SIC_{name.upper()}")
        info = udf.__xlfunc__
        values = [xlwings.conversion.read(None, self.com_argument(args[i]), a["options"]) if i < len(args)
                  else a.get("optional") for i, a in enumerate(info["args"])]
        return xlwings.conversion.write(udf(*values), None, info["ret"]["options"])


@pytest.fixture
def classic(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """The classic shell for one test; every module and engine it swapped is restored after."""
    for name, module in pywin32_stand_ins().items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)
    classic_udfs = importlib.import_module("xlwings.udfs")
    for decorator, classic_one in (("func", classic_udfs.xlfunc), ("arg", classic_udfs.xlarg),
                                   ("ret", classic_udfs.xlret)):
        monkeypatch.setattr(xlwings, decorator, classic_one)
    import addin.classic.udfs  # the server-side declarations, put back after the test
    import addin.functions

    monkeypatch.setattr(addin, "functions", addin.functions)
    monkeypatch.setattr(addin.classic, "udfs", addin.classic.udfs)
    for name in ("addin.functions", "addin.classic.udfs"):
        monkeypatch.delitem(sys.modules, name)
    module = importlib.import_module("addin.classic.udfs")
    engine = com_engine()
    monkeypatch.setitem(xlwings.engines.engines_by_name, "excel", xlwings.main.Engine(impl=engine["Engine"]()))
    return ClassicShell(module, engine)
