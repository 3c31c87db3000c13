"""Shared helpers for the package writer tests: parts, LibreOffice, readers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import python_calamine

from sicxl.workbook.convert import recalculate
from tests.conftest import REAL_WORKBOOKS


def real_workbooks() -> list[Path]:
    return sorted([*REAL_WORKBOOKS.glob("*.xlsx"), *REAL_WORKBOOKS.glob("*.xlsm")])


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def untouched_differences(source: Path, target: Path, owned: set[str]) -> list[str]:
    """Parts not owned by the writer that are missing, altered or out of order."""
    old, new = parts(source), parts(target)
    diff = [name for name, data in old.items() if name not in owned and new.get(name) != data]
    kept_old = [n for n in old if n not in owned]
    kept_new = [n for n in new if n not in owned]
    if kept_old != kept_new:
        diff.append("<order>")
    return diff


def calamine_rows(path: Path, sheet: str) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    finally:
        book.close()


def calamine_value(rows: list[list], row: int, col: int):
    if row - 1 < len(rows) and col - 1 < len(rows[row - 1]):
        return rows[row - 1][col - 1]
    return ""


def openpyxl_values(path: Path, sheet: str, data_only: bool = False) -> dict[tuple[int, int], object]:
    book = openpyxl.load_workbook(path, data_only=data_only)
    try:
        return {(c.row, c.column): c.value for row in book[sheet].iter_rows() for c in row if c.value is not None}
    finally:
        book.close()


def libreoffice_roundtrip(path: Path, out_dir: Path) -> Path:
    """Open `path` in LibreOffice headless and save it as xlsx (recalculated): the
    project's own conversion (sicxl.workbook.convert), which checks the output exists."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return recalculate(path, out_dir / (path.stem + ".xlsx"))
