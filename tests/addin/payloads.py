"""Request bodies exactly as Excel's Office.js client sends them (xlwings Server's
custom-functions-code.js and its runPython): cells as JSON, dates as serial numbers,
empty cells of a function argument as null, of a sheet as ""."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import xlwings as xw

TOKEN = "jeton-de-test"
HEADERS = {"Authorization": TOKEN, "Content-Type": "application/json"}


def function_call(func_name: str, *args: Sequence[Sequence[Any]], address: str = "Prospects!AD2") -> dict[str, Any]:
    return {
        "client": "Office.js",
        "func_name": func_name,
        "args": [list(map(list, a)) for a in args],
        "caller_address": f"[prospects.xlsx]{address}",
        "formula_name": f"SIC.{func_name.upper()}",
        "session_id": "6f1c2a9e-3c1b-4f5e-9b0a-1d2c3b4a5f60",
        "culture_info_name": "fr-FR",
        "date_format": "jj/mm/aaaa",
        "version": xw.__version__,
        "runtime": "1.4",
    }


def book_call(sheets: dict[str, Sequence[Sequence[Any]]], tables: dict[str, list[dict]] | None = None) -> dict[str, Any]:
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": "prospects.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": [
            {"name": name, "values": [["" if v is None else v for v in row] for row in values],
             "pictures": [], "tables": (tables or {}).get(name, [])}
            for name, values in sheets.items()
        ],
    }
