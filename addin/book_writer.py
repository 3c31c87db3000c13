"""The open workbook as a job sees it, and the job's writes applied to it.

`book_source` turns an xlwings `Book` (the Office.js remote book, xlwings
Lite's, or a desktop COM book: the same API) into the `MemorySource` every job
reads; `apply_writes` applies the `Writes` a job returns with the same API.
So a ribbon button runs exactly the job code the command line runs.

Every write goes to the largest range it can: a run of rows, a rectangle of
cells sharing a style, a run of columns sharing a width. Through Office.js each
range write is an action the add-in replays in Excel; a dashboard styled cell
by cell would be thousands of them.

Charts of computed sheets are left to the command line (`sicxl <job>
<workbook>`): drawing them cell by cell through the add-in protocol would
duplicate sicxl.workbook.charts; the job's report says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from typing import Any

import xlwings as xw

from sicxl.jobs.base import MemorySource
from sicxl.table import Grid, TableRef
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


TEXT_MARK = "'"  # Excel's prefix for "this is text": not part of the value


def cell_value(value: Any) -> Any:
    """A value as written into Excel, which reads what it is given as if the user typed
    it: a live formula goes as its text ("=..."), and text behind an apostrophe, so
    that an INSEE code "01053" stays text instead of becoming the number 1053, "5"
    stays the answer "5", "02/01/2030" is not turned into a date."""
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, str) and value:
        return TEXT_MARK + value
    return value


def _runs(rows: Sequence[int]) -> Iterable[tuple[int, int]]:
    """(start index, count) of each run of consecutive worksheet rows: one range write each."""
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index] != rows[index - 1] + 1:
            yield start, index - start
            start = index


def style_blocks(styles: Mapping[tuple[int, int], Style]) -> list[tuple[int, int, int, int, Style]]:
    """(top, left, bottom, right, style) rectangles covering the styled cells: runs of a
    style along a row, stacked while the rows below repeat the same run."""
    runs: list[tuple[int, int, int, Style]] = []  # (row, left, right, style)
    for (row, col), style in sorted(styles.items()):
        if runs and runs[-1][0] == row and runs[-1][2] == col - 1 and runs[-1][3] == style:
            runs[-1] = (row, runs[-1][1], col, style)
        else:
            runs.append((row, col, col, style))
    open_blocks: dict[tuple[int, int, Style], list[int]] = {}  # (left, right, style) -> [top, bottom]
    blocks: list[tuple[tuple[int, int, Style], list[int]]] = []
    for row, left, right, style in runs:
        key = (left, right, style)
        block = open_blocks.get(key)
        if block is not None and block[1] == row - 1:
            block[1] = row
        else:
            open_blocks[key] = [row, row]
            blocks.append((key, open_blocks[key]))
    return [(top, left, bottom, right, style) for (left, right, style), (top, bottom) in blocks]


def width_runs(widths: Mapping[int, float]) -> list[tuple[int, int, float]]:
    """(first column, last column, width) of each run of adjacent columns of one width."""
    runs: list[tuple[int, int, float]] = []
    for col, width in sorted(widths.items()):
        if runs and runs[-1][1] == col - 1 and runs[-1][2] == width:
            runs[-1] = (runs[-1][0], col, width)
        else:
            runs.append((col, col, width))
    return runs


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
        sheet.range((write.header_row, write.col)).value = cell_value(write.header)
        if write.table:
            _widen_table(sheet, write.table, write.col)
    rows = list(write.rows)
    for start, count in _runs(rows):
        target = sheet.range((rows[start], write.col), (rows[start] + count - 1, write.col))
        target.options(ndim=2).value = [[cell_value(v)] for v in write.values[start:start + count]]
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
    """Replace the computed sheet: clear it (or add it last), then values, styles, widths."""
    names = [s.name for s in book.sheets]
    if write.name in names:
        sheet = book.sheets[write.name]
        sheet.clear()
    else:
        sheet = book.sheets.add(write.name, after=book.sheets[len(names) - 1])
    width = max((len(r) for r in write.rows), default=0)
    if width:
        sheet.range("A1").options(ndim=2).value = [
            [cell_value(v) for v in row] + [None] * (width - len(row)) for row in write.rows
        ]
    for top, left, bottom, right, style in style_blocks(write.styles):
        _style(sheet.range((top, left), (bottom, right)), style)
    for first, last, column_width in width_runs(write.widths):
        sheet.range((1, first), (1, last)).column_width = column_width
    for area in write.merged:
        sheet.range(area).merge()


def apply_writes(book: xw.Book, writes: Writes) -> int:
    """Apply every write; the number of charts left to the command line."""
    for sheet_write in writes.sheets:
        apply_sheet(book, sheet_write)
    for column_write in writes.columns:
        apply_column(book, column_write)
    return sum(len(s.charts) for s in writes.sheets)
