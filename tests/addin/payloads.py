"""Request bodies exactly as Excel's Office.js client sends them (xlwings Server's
custom-functions-code.js and its runPython, the add-in's sic.js): cells as JSON,
dates as serial numbers, empty cells of a function argument as null, of a sheet
as "", an error cell as Excel's error object."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlwings as xw

from sicxl.table import TableRef, column_letter
from sicxl.workbook.reader import open_workbook

TOKEN = "jeton-de-test"
HEADERS = {"Authorization": TOKEN, "Content-Type": "application/json"}
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
ERROR_TYPES = {"#N/A": "NotAvailable", "#DIV/0!": "Div0", "#VALUE!": "Value", "#REF!": "Ref", "#NAME?": "Name",
               "#NUM!": "Num", "#NULL!": "Null"}


def error_cell(text: str) -> dict[str, str]:
    """An error cell as Office.js hands it to a custom function (allowErrorForDataTypeAny)."""
    return {"type": "Error", "basicValue": text, "errorType": ERROR_TYPES[text]}


def serial(value: dt.date | dt.datetime) -> float:
    """Excel's serial number of a date: what Office.js sends for a date cell."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    days = (moment - EXCEL_EPOCH).total_seconds() / 86400
    return int(days) if days == int(days) else days


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


def table_address(ref: TableRef) -> str:
    return f"{column_letter(ref.first_col)}{ref.first_row}:{column_letter(ref.last_col)}{ref.last_row}"


def office_cell(value: Any) -> Any:
    """A cell's value as Office.js reads it from a sheet: dates and times as serials,
    empty as ""."""
    if isinstance(value, (dt.date, dt.datetime)):
        return serial(value)
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return "" if value is None else value


def office_sheets(path: Path) -> list[dict[str, Any]]:
    """Every sheet of a workbook file as Office.js reads it (values from A1, tables)."""
    sheets = []
    with open_workbook(path) as workbook:
        for name in workbook.sheet_names():
            grid = workbook.grid(name)
            height, width = (grid.bottom, grid.right) if grid.values else (1, 1)
            values = [[""] * width for _ in range(height)]
            for r, row in enumerate(grid.values):
                for c, value in enumerate(row):
                    values[grid.top - 1 + r][grid.left - 1 + c] = office_cell(value)
            sheets.append({"name": name, "values": values,
                           "tables": [{"name": t.name, "address": table_address(t)} for t in workbook.excel_tables(name)]})
    return sheets


def book_call_of(path: Path) -> dict[str, Any]:
    """The body sic.js posts for a ribbon button on the workbook `path`."""
    sheets = office_sheets(path)
    body = book_call({s["name"]: s["values"] for s in sheets})
    for sheet, declared in zip(body["sheets"], sheets):
        sheet["tables"] = [{"name": t["name"], "range_address": t["address"], "header_row_range_address": None,
                            "data_body_range_address": None, "total_row_range_address": None, "show_headers": True,
                            "show_totals": False, "table_style": None, "show_autofilter": True}
                           for t in declared["tables"]]
    return body
