"""How a range argument reaches a cell function: without its trailing empty rows.

People write whole columns (`=SIC.SCORE(J:O)`): Excel hands the function
1,048,576 rows of which a few hundred hold data. xlwings would clean every one
of those cells (errors to text, empty to None) before the function read them
all again; only the rows up to the last filled one matter. `Rows` is the
xlwings converter of every range argument of the add-in (addin/functions.py,
hence the classic UDFs and xlwings Lite too). It cuts the argument before any
per-cell work: a desktop (COM) range is first clipped to its sheet's used
range, so that Excel never sends the empty million; an array from Office.js
or xlwings Lite loses its trailing empty rows before xlwings cleans its cells.
The add-in's JavaScript already drops them before a call leaves Excel
(static/custom-functions.js), so the server is not even sent them.

The function then answers one cell per remaining row: the spill stops at the
last filled row instead of covering the whole column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import xlwings.utils
from xlwings.conversion import Accessor
from xlwings.conversion.standard import CleanDataFromReadStage, ReadValueFromRangeStage, ValueAccessor

LONGEST_STRIDE = 1 << 16  # rows compared at once when skipping a run of empty rows


def is_blank(value: Any) -> bool:
    """An empty cell as each client sends it: None (COM, JSON null), "" (Office.js
    sheet values) or Pyodide's JsNull (xlwings Lite)."""
    return value is None or (isinstance(value, str) and not value) or xlwings.utils.is_jsnull(value)


def filled_height(rows: Sequence[Sequence[Any]]) -> int:
    """The number of rows up to the last one holding a value.

    Runs of identical empty rows (what a whole column is made of) are skipped
    by comparing whole slices at once, in strides that double while they hold:
    a million empty rows cost a few dozen comparisons of C-level lists, not a
    million Python iterations."""
    end, stride = len(rows), 1
    while end:
        row = rows[end - 1]
        if not all(is_blank(value) for value in row):
            return end
        start = max(end - stride, 0)
        if rows[start:end].count(row) == end - start:
            end = start
            stride = min(stride * 2, LONGEST_STRIDE)
        else:
            end, stride = end - 1, 1
    return 0


def clip_to_used_range(context: Any) -> None:
    """A desktop range (COM) stops at its sheet's last used row: Excel is not asked
    for the rows below it. Arguments handed over as values have no range."""
    rng = context.range
    if rng is None:
        return
    last_used = rng.sheet.used_range.last_cell.row
    if rng.last_cell.row > last_used:
        context.range = rng.resize(row_size=max(last_used - rng.row + 1, 1))


def drop_blank_tail(context: Any) -> None:
    """The argument without its trailing empty rows, one row kept at least (Excel
    needs a result cell): before xlwings cleans the cells one by one."""
    rows = context.value
    if isinstance(rows, (list, tuple)) and rows and isinstance(rows[0], (list, tuple)):
        context.value = rows[:max(filled_height(rows), 1)]


class Rows(Accessor):
    """xlwings' value converter (2-D, errors as text...) with the empty tail cut first:
    `@xw.arg("lignes", Rows, ndim=2, err_to_str=True)`."""

    @classmethod
    def reader(cls, options: Any) -> Any:
        return (ValueAccessor.reader(options)
                .insert_stage(clip_to_used_range, before=ReadValueFromRangeStage)
                .insert_stage(drop_blank_tail, before=CleanDataFromReadStage))
