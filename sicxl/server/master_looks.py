"""How the master looks, as `split` copies it: openpyxl without the cells, and each
cell's style from the sheet's XML.

`split` takes the values of the master from python-calamine; openpyxl was loaded
on the whole master only for what calamine does not give (cell styles, comments,
column widths, frozen panes, validations, tables), and binding 100,000 rows of
cells into objects was most of the split's time. So openpyxl reads here a copy
of the package in memory whose worksheets have an empty `sheetData` (everything
else as it is: comments still find their cells, tables and validations their
ranges), and each cell's style index (its `s`, into cellXfs) is scanned from the
sheet's XML with one regular expression. A cell without its reference (a few
generators leave it out) keeps no style in the copy.

StyleCopier then gives a copy's cells the master's styles: each distinct style
is built once per copy, from a scratch cell of the light workbook, and the cells
that share it share its index in the copy.
"""

from __future__ import annotations

import io
import re
import zipfile
from copy import copy
from typing import Any

import numpy as np
import openpyxl
from openpyxl.cell.cell import Cell

from sicxl.table import column_number
from sicxl.workbook.package import Package
from sicxl.workbook.zip_io import copy_raw

_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b[^>]*?(?:/>|>.*?</(?:\w+:)?sheetData>)", re.S)
_STYLED_CELL = re.compile(rb'<(?:\w+:)?c\s+r="([A-Z]{1,3})([0-9]+)"[^>]*?\ss="([0-9]+)"')
EMPTY_SHEET_DATA = b"<sheetData/>"


def without_cells(xml: bytes) -> bytes:
    """A worksheet part with its `sheetData` emptied."""
    return _SHEET_DATA.sub(EMPTY_SHEET_DATA, xml, count=1)


def style_ids(xml: bytes, rows: int, cols: int) -> np.ndarray:
    """Each cell's style index (0: the default), for rows 1..rows and columns
    1..cols of a worksheet part (cells beyond are not needed)."""
    ids = np.zeros((rows + 1, cols + 1), dtype=np.int32)
    letters: dict[bytes, int] = {}
    for match in _STYLED_CELL.finditer(xml):
        row = int(match[2])
        col = letters.get(match[1])
        if col is None:
            col = letters[match[1]] = column_number(match[1].decode())
        if row <= rows and col <= cols:
            ids[row, col] = int(match[3])
    return ids


def light_workbook(package: Package, sheets: dict[str, tuple[int, int]]) -> tuple[Any, dict[str, np.ndarray]]:
    """The master in openpyxl without its cells, and the style indexes of the cells
    of `sheets` (name -> the last row and column wanted)."""
    parts = {info.part: info.name for info in package.sheets if info.part}
    styles: dict[str, np.ndarray] = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in package.zip.infolist():
            name = parts.get(info.filename)
            if name is None:
                copy_raw(package.zip, info, out)
                continue
            xml = package.read(info.filename)
            if name in sheets:
                styles[name] = style_ids(xml, *sheets[name])
            out.writestr(info.filename, without_cells(xml))
    buffer.seek(0)
    return openpyxl.load_workbook(buffer, data_only=True), styles


def comments_of(sheet: Any) -> dict[tuple[int, int], str]:
    """The text of the cell comments of an openpyxl sheet, by (row, column)."""
    return {(cell.row, cell.column): cell.comment.text for cell in sheet._cells.values() if cell.comment is not None}


class StyleCopier:
    """Copies cell styles from the light master into one copy (module docstring)."""

    def __init__(self, master: Any) -> None:
        self._scratch = Cell(master.worksheets[0]) if master.worksheets else None
        self._source = master
        self._arrays: dict[int, Any] = {}

    def _style(self, xf: int) -> tuple[Any, ...]:
        scratch = self._scratch
        scratch._style = copy(self._source._cell_styles[xf])
        return (copy(scratch.font), copy(scratch.fill), copy(scratch.border), copy(scratch.alignment),
                scratch.number_format, copy(scratch.protection))

    def apply(self, xf: int, target: Any) -> None:
        """Give `target` the master's style number `xf` (0, the default, is left)."""
        if not xf or self._scratch is None or xf >= len(self._source._cell_styles):
            return
        array = self._arrays.get(xf)
        if array is None:
            target.font, target.fill, target.border, target.alignment, target.number_format, target.protection = \
                self._style(xf)
            self._arrays[xf] = copy(target._style)
        else:
            target._style = copy(array)

