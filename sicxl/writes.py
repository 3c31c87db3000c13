"""What a job gives back: the cells to write, as plain data.

A job never writes a file nor touches Excel. It returns `Writes`, and an adapter
applies them: `sicxl.workbook` to a file on disk, `addin` to the open workbook.
So a job behaves the same from the ribbon and from the command line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Sequence, Union

Scalar = Union[str, int, float, bool, dt.date, dt.datetime, None]


@dataclass(frozen=True)
class Formula:
    """A live Excel formula, written with English function names and ',' separators
    (the file format's own language, whatever the user's locale)."""

    text: str  # starts with "="

    def __post_init__(self) -> None:
        if not self.text.startswith("="):
            raise ValueError("a formula starts with '='")


@dataclass(frozen=True)
class Style:
    """The few cell styles jobs use: a number format, colours, bold, wrapping."""

    number_format: str | None = None
    fill: str | None = None  # background, "RRGGBB"
    font_color: str | None = None  # "RRGGBB"
    bold: bool = False
    wrap: bool = False


Value = Union[Scalar, Formula]


@dataclass
class ColumnWrite:
    """Values of one computed column (or of empty cells completed by `fill`).

    `rows` are worksheet row numbers (1-based). When `header` is set it is written
    on `header_row`; when the column lies beyond the Excel table `table`, the
    table is widened to take it in, and when rows lie below it (rows a job adds,
    right after the table's last row), it is lengthened to take them in.
    """

    sheet: str
    col: int
    rows: Sequence[int]
    values: Sequence[Value]
    header: str | None = None
    header_row: int | None = None
    table: str | None = None
    style: Style | None = None
    styles: Sequence[Style | None] | None = None  # per row, overrides `style`
    width: float | None = None

    def __post_init__(self) -> None:
        if len(self.rows) != len(self.values):
            raise ValueError("rows and values differ in length")
        if self.styles is not None and len(self.styles) != len(self.values):
            raise ValueError("rows and styles differ in length")

    def style_at(self, index: int) -> Style | None:
        if self.styles is not None and self.styles[index] is not None:
            return self.styles[index]
        return self.style


@dataclass
class Chart:
    """A native Excel chart over a block of a computed sheet.

    `kind`: "bar" (horizontal bars), "column", "line", "funnel" (horizontal bars,
    first step on top) or "scatter" (x values in the `categories` column, on each
    series' own rows; one series per item makes one named point each).
    Ranges are 1-based, inclusive, on the sheet that holds the chart.
    """

    kind: str
    title: str
    categories: tuple[int, int, int]  # col, first_row, last_row
    series: Sequence[tuple[str, int, int, int]]  # (name, col, first_row, last_row)
    anchor: str  # top-left cell, e.g. "H2"
    width_cm: float = 16.0
    height_cm: float = 8.0
    x_title: str | None = None  # axis titles, for scatter charts
    y_title: str | None = None


@dataclass(frozen=True)
class ConditionalFormat:
    """A live colour rule: Excel applies `style` to the cells of `cells` (an A1 range)
    wherever `formula` is true, written for the range's top-left cell (relative
    references follow each cell). Used where a colour must follow a value that a
    user can change by editing an input, e.g. the sign of a live variance."""

    cells: str
    formula: str  # without "=", e.g. "AND(ISNUMBER(D5),D5>0)"
    style: Style


@dataclass
class SheetWrite:
    """A computed sheet, written whole and replacing any previous version.

    `rows` is a grid from A1; `styles` maps (row, col) 1-based to a style.
    """

    name: str
    rows: Sequence[Sequence[Value]]
    styles: dict[tuple[int, int], Style] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    freeze: str | None = None  # top-left cell of the scrolling pane, e.g. "A2"
    charts: Sequence[Chart] = ()
    merged: Sequence[str] = ()
    conditional: Sequence[ConditionalFormat] = ()


@dataclass
class Writes:
    columns: list[ColumnWrite] = field(default_factory=list)
    sheets: list[SheetWrite] = field(default_factory=list)

    def extend(self, other: "Writes") -> None:
        self.columns.extend(other.columns)
        self.sheets.extend(other.sheets)

    def __bool__(self) -> bool:
        return bool(self.columns or self.sheets)

    @property
    def cell_count(self) -> int:
        return sum(len(c.values) for c in self.columns) + sum(
            sum(1 for v in row if v is not None) for s in self.sheets for row in s.rows
        )
