"""Property: random writes on random small workbooks read back as written (issue 9:
"random writes on random workbooks round-trip")."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sicxl.workbook.cells import excel_serial
from sicxl.workbook.packager import write_package
from sicxl.workbook.verify import verify_package
from sicxl.writes import ColumnWrite, Style, Writes
from tests.workbook.helpers import calamine_rows, calamine_value, openpyxl_values

# Text a user could type: accents, spaces at either end, XML specials; no leading
# "=" (a formula for openpyxl) and no "_x" (Excel's own escape sequence).
TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S"),
                             exclude_characters="=_\u00a0\u2028\u2029"), min_size=1, max_size=12)
NUMBER = st.one_of(st.integers(-10**12, 10**12), st.floats(-1e9, 1e9, allow_nan=False).map(lambda f: round(f, 6)))
DATE = st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31))
VALUE = st.one_of(TEXT, NUMBER, st.booleans(), DATE)
STYLES = st.sampled_from([None, Style(fill="FFEB9C"), Style(number_format="0.00", bold=True), Style(wrap=True)])


@st.composite
def book_and_writes(draw):
    height, width = draw(st.integers(0, 8)), draw(st.integers(1, 5))
    grid = [[draw(st.one_of(st.none(), TEXT, NUMBER, st.booleans())) for _ in range(width)] for _ in range(height)]
    columns = []
    for _ in range(draw(st.integers(1, 4))):
        rows = draw(st.lists(st.integers(1, 14), min_size=1, max_size=8, unique=True))
        values = draw(st.lists(st.one_of(st.none(), VALUE), min_size=len(rows), max_size=len(rows)))
        columns.append(ColumnWrite("Feuille", draw(st.integers(1, 7)), rows, values, style=draw(STYLES)))
    return grid, Writes(columns=columns)


def _expected(grid, writes: Writes) -> dict[tuple[int, int], object]:
    """The grid after the writes; a date under an explicit non-date number format
    is read back as the serial number the format shows."""
    cells = {(r, c): v for r, row in enumerate(grid, 1) for c, v in enumerate(row, 1) if v is not None}
    for column in writes.columns:
        for row, value in zip(column.rows, column.values):
            cells.pop((row, column.col), None)
            if isinstance(value, dt.date) and column.style and column.style.number_format:
                value = excel_serial(value)
            if value is not None:
                cells[(row, column.col)] = value
    return cells


def _normal(value):
    """openpyxl reads dates as midnight datetimes."""
    return value.date() if isinstance(value, dt.datetime) else value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book_and_writes())
def test_random_writes_read_back(case):
    grid, writes = case
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.xlsx", Path(folder) / "out.xlsx"
        book = openpyxl.Workbook()
        book.active.title = "Feuille"
        for row in grid:
            book.active.append(row)
        book.save(source)
        changes = write_package(source, writes, target)
        assert verify_package(source, target, changes) == []
        expected = _expected(grid, writes)
        got = {k: _normal(v) for k, v in openpyxl_values(target, "Feuille").items()}
        assert got == expected
        rows = calamine_rows(target, "Feuille")
        for (r, c), value in expected.items():
            assert calamine_value(rows, r, c) == value
