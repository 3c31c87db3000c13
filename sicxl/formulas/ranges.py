"""A range handed to a cell function, read as a table of the workbook contract.

Excel gives a cell function a 2-D block of values. The block either starts
with a header row (then columns are found by header, in any order, aliases
allowed, exactly as jobs find them in a sheet) or holds data only (then the
columns are read in the documented order: the order of WORKBOOKS.md, taken
from the schema). So `=SIC_SCORE(tblProspects[#Tout])` and
`=SIC_SCORE(J2:V500)` both work. The result has one row per row of the range:
the header row gets the function's column title, an empty row an empty cell.

Cell references in messages are positions inside the range: "A3" is the first
column, third row of the range (the function does not know where the range sits).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

import numpy as np

from sicxl.messages import formulas as msg
from sicxl.messages.prospects import cell_problem
from sicxl.prospects.reading import parse_column
from sicxl.schema.base import SheetSchema
from sicxl.table import Grid, Table, TableRef, match_headers, read_table
from sicxl.values import is_blank

logger = logging.getLogger(__name__)

RANGE = "plage"  # the sheet name the core sees for a range
Cells = list[list[Any]]


def as_rows(values: Any) -> list[list[Any]]:
    """A scalar, a 1-D list (one row) or a 2-D list, as a list of rows."""
    if values is None:
        return []
    if isinstance(values, np.ndarray):
        values = values.tolist()
    if not isinstance(values, (list, tuple)):
        return [[values]]
    if values and not isinstance(values[0], (list, tuple)):
        return [list(values)]
    return values if isinstance(values, list) else list(values)


def is_header_row(row: Sequence[Any], schema: SheetSchema) -> bool:
    """At least half of the row's filled cells are headers of the schema.

    A data row never qualifies: its cells are numbers, codes and names, whereas
    a header row names the columns (case, accents and aliases ignored)."""
    filled = [v for v in row if not is_blank(v)]
    if not filled:
        return False
    found = match_headers(schema, {i + 1: v for i, v in enumerate(row)})[0]
    return bool(found) and 2 * len(found) >= len(filled)


def documented_keys(schema: SheetSchema, order: Sequence[str], width: int) -> list[str]:
    """The keys of a headerless range: the function's own inputs in schema order,
    or every column of the sheet when the range is as wide as the sheet's user columns."""
    keys = [c.key for c in schema.columns] if width >= len(schema.user_columns) else list(order)
    return keys[:width]


@dataclass
class RangeTable:
    """The range as a Table, and where each range row went."""

    table: Table
    size: int  # rows in the range
    header: bool  # the first row holds headers
    first_data: int  # grid row number of the range's first data row

    def position(self, row: int) -> int:
        """Index in the result of a table row (a grid row number)."""
        return row - self.first_data + (1 if self.header else 0)

    def result(self, values: dict[int, Any], title: str) -> Cells:
        """One cell per range row: the title on the header row, "" for rows
        without a value (empty rows), the value elsewhere."""
        cells: Cells = [[""] for _ in range(self.size)]
        if self.header:
            cells[0][0] = title
        for row, value in values.items():
            cells[self.position(row)][0] = value
        return cells


def range_table(rows: Any, schema: SheetSchema, order: Sequence[str]) -> RangeTable:
    """Read `rows` as the schema's table (see module docstring)."""
    block = as_rows(rows)
    width = max((len(r) for r in block), default=0)
    if any(len(r) != width for r in block):  # Excel's ranges are rectangular; hand-made lists may not be
        block = [list(r) + [None] * (width - len(r)) for r in block]
    header = bool(block) and is_header_row(block[0], schema)
    if header:
        grid, first_data = Grid(block, top=1), 2
    else:
        titles = [schema.header(k) for k in documented_keys(schema, order, width)]
        titles += [None] * (width - len(titles))
        grid, first_data = Grid([titles] + block, top=0), 1
    ref = TableRef(RANGE, grid.top, 1, grid.bottom, max(width, 1))
    table = read_table(grid, schema, RANGE, ref)
    assert table is not None  # an Excel-table reference always gives a table
    return RangeTable(table, len(block), header, first_data)


def keep_columns(table: Table, keys: Sequence[str]) -> Table:
    """The table restricted to `keys`: a function reads (and complains about) its
    own inputs only, whatever other columns the range holds."""
    table.columns = {k: c for k, c in table.columns.items() if k in keys}
    table.frame = table.frame[[k for k in table.frame.columns if k in keys]]
    return table


def never_raises(function: Callable[..., Cells]) -> Callable[..., Cells]:
    """A cell function shows a French message, never a Python traceback, in the sheet.

    Known bad input is handled row by row inside each function; this catches
    the unforeseen, logs it for the maintainers and answers in one cell."""

    @wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Cells:
        try:
            return function(*args, **kwargs)
        except Exception:
            logger.exception("cell function %s failed", function.__name__)
            return [[msg.bad_row([msg.UNEXPECTED])]]

    return guarded


def read_column(table: Table, key: str, parse: Callable[[Any], Any]) -> tuple[dict[int, Any], dict[int, str]]:
    """Values of one column by table row (None when blank), and the French problem
    of each unreadable cell, naming it, as the jobs word it."""
    if not table.has(key):
        return {row: None for row in table.rows}, {}
    values, problems = parse_column(table.frame[key].tolist(), parse)
    rows = table.rows
    header = table.schema.header(key)
    return (dict(zip(rows, values)),
            {rows[i]: cell_problem(header, reason, table.cell(key, rows[i])) for i, reason in problems.items()})
