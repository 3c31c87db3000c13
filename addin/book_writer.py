"""The open workbook as a job sees it, and the job's writes applied to it.

`book_source` turns an xlwings `Book` (the Office.js remote book, xlwings
Lite's, or a desktop COM book: the same API) into the `MemorySource` every job
reads; `apply_writes` applies the `Writes` a job returns with the same API.
So a ribbon button runs exactly the job code the command line runs.

Charts of computed sheets are left to the command line (`sicxl <job>
<workbook>`): drawing them cell by cell through the add-in protocol would
duplicate sicxl.workbook.charts; the job's report says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any

import xlwings as xw

from sicxl.jobs.base import MemorySource
from sicxl.table import Grid, TableRef
from sicxl.workbook.layout import arrange
from sicxl.writes import ColumnWrite, Formula, SheetWrite, Style, Writes


def book_source(book: xw.Book) -> MemorySource:
    """Every sheet's values from A1 (dates as dates) and its Excel tables."""
    grids: dict[str, Grid] = {}
    tables: dict[str, list[TableRef]] = {}
    for sheet in book.sheets:
        used = sheet.used_range
        values = used.options(ndim=2).value if used.count > 1 or used.value is not None else []
        grids[sheet.name] = Grid(values or [], top=used.row, left=used.column)
        tables[sheet.name] = [_table_ref(t) for t in sheet.tables]
    return MemorySource(grids, tables)


def _table_ref(table: Any) -> TableRef:
    rng = table.range
    return TableRef(table.name, rng.row, rng.column, rng.last_cell.row, rng.last_cell.column)


def _cell_value(value: Any) -> Any:
    """A live formula is written as its text: Excel reads "=..." as a formula."""
    return value.text if isinstance(value, Formula) else value


def _runs(rows: Sequence[int]) -> Iterable[tuple[int, int]]:
    """(start index, count) of each run of consecutive worksheet rows: one range write each."""
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index] != rows[index - 1] + 1:
            yield start, index - start
            start = index


def _style(rng: xw.Range, style: Style | None) -> None:
    if style is None:
        return
    if style.number_format:
        rng.number_format = style.number_format
    if style.fill:
        rng.color = f"#{style.fill}"
    if style.font_color:
        rng.font.color = f"#{style.font_color}"
    if style.bold:
        rng.font.bold = True
    if style.wrap:
        rng.wrap_text = True


def apply_column(book: xw.Book, write: ColumnWrite) -> None:
    sheet = book.sheets[write.sheet]
    if write.header is not None and write.header_row is not None:
        sheet.range((write.header_row, write.col)).value = write.header
        if write.table:
            _widen_table(sheet, write.table, write.col)
    rows = list(write.rows)
    for start, count in _runs(rows):
        target = sheet.range((rows[start], write.col), (rows[start] + count - 1, write.col))
        target.options(ndim=2).value = [[_cell_value(v)] for v in write.values[start:start + count]]
        _style(target, write.style)
    if write.styles is not None:
        positions = range(len(rows))
        for style, group in groupby(positions, key=lambda i: write.styles[i]):  # type: ignore[index]
            group = list(group)
            if style is not None and style != write.style:
                for start, count in _runs([rows[i] for i in group]):
                    first = rows[group[start]]
                    _style(sheet.range((first, write.col), (first + count - 1, write.col)), style)
    if write.width:
        sheet.range((1, write.col)).column_width = write.width


def _widen_table(sheet: xw.Sheet, name: str, col: int) -> None:
    """A computed column created just right of an Excel table joins the table."""
    for table in sheet.tables:
        if table.name == name and table.range.last_cell.column < col:
            rng = table.range
            table.resize(sheet.range((rng.row, rng.column), (rng.last_cell.row, col)))


def apply_sheet(book: xw.Book, write: SheetWrite) -> None:
    """Replace the computed sheet: clear it (or add it last), then values, styles, and the
    widths, heights and merged cells the file writer's layout gives it."""
    names = [s.name for s in book.sheets]
    if write.name in names:
        sheet = book.sheets[write.name]
        sheet.clear()
    else:
        sheet = book.sheets.add(write.name, after=book.sheets[len(names) - 1])
    width = max((len(r) for r in write.rows), default=0)
    if width:
        sheet.range("A1").options(ndim=2).value = [
            [_cell_value(v) for v in row] + [None] * (width - len(row)) for row in write.rows
        ]
    layout = arrange(write)
    for (row, col), style in layout.styles.items():
        _style(sheet.range((row, col)), style)
    for col, column_width in layout.widths.items():
        sheet.range((1, col)).column_width = column_width
    for row, height in layout.heights.items():
        sheet.range((row, 1)).row_height = height
    for area in layout.merged:
        sheet.range(area).merge()


def apply_writes(book: xw.Book, writes: Writes) -> int:
    """Apply every write; the number of charts left to the command line."""
    for sheet_write in writes.sheets:
        apply_sheet(book, sheet_write)
    for column_write in writes.columns:
        apply_column(book, column_write)
    return sum(len(s.charts) for s in writes.sheets)
