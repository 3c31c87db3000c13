"""A table of a sheet, found by its headers, as jobs see it.

Both shells hand the core a grid of cell values (from a file or from the open
workbook); this module finds the header row and the columns the schema knows,
whatever their order, and keeps where each value came from so that messages can
name the cell ("J14") and writes can land in the right column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, Sequence

from sicxl.messages import tables as msg
from sicxl.schema.base import Column, SheetSchema, normalize_header
from sicxl.values import fold, is_blank, text_of

if TYPE_CHECKING:  # numpy and pandas are imported where cells are read: `sicxl --help` needs neither
    import numpy as np
    import pandas as pd

HEADER_SCAN_ROWS = 30
_LETTERS = re.compile(r"[A-Z]{1,3}")
_PIN = re.compile(r"^colonnes?\s*[:«»\"-]*\s*")
_TOTAL = re.compile(r"^(sous[- ]?)?tota(l|ux)\b")


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


@dataclass
class Grid:
    """Cell values of a sheet's used area; `top`/`left` are 1-based."""

    values: Sequence[Sequence[Any]]
    top: int = 1
    left: int = 1

    def get(self, row: int, col: int) -> Any:
        r, c = row - self.top, col - self.left
        if 0 <= r < len(self.values):
            line = self.values[r]
            if 0 <= c < len(line):
                return line[c]
        return None

    @property
    def bottom(self) -> int:
        return self.top + len(self.values) - 1

    @cached_property
    def right(self) -> int:
        return self.left + max((len(r) for r in self.values), default=0) - 1


@dataclass(frozen=True)
class TableRef:
    """An Excel table (ListObject) as declared in the file: name and A1 range of its
    header and data rows (a total row, when there is one, lies below `last_row`)."""

    name: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    totals_rows: int = 0


@dataclass(frozen=True)
class Pin:
    """A column pinned by a user in the settings sheet: `wanted` is the header of
    the column to read for `key`, None to read no column for it."""

    key: str
    wanted: str | None
    cell: str


@dataclass(frozen=True)
class HeaderReading:
    """How one column of the sheet was recognised."""

    key: str
    col: int
    text: str  # the header as typed
    pinned: bool = False  # in the settings sheet


class HeaderMatch(NamedTuple):
    found: dict[str, int]  # key -> worksheet column
    extra: dict[int, str]  # columns no schema header names
    notes: list[str]
    readings: list[HeaderReading]


@dataclass
class Table:
    schema: SheetSchema
    sheet: str
    header_row: int
    columns: dict[str, int]  # key -> worksheet column (1-based)
    frame: pd.DataFrame  # index: worksheet rows; columns: keys present; raw values
    last_col: int
    excel_table: str | None = None
    extra_headers: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    readings: list[HeaderReading] = field(default_factory=list)
    under: list[int] = field(default_factory=list)  # rows typed under the Excel table, read with it

    @property
    def rows(self) -> list[int]:
        return list(self.frame.index)

    def has(self, key: str) -> bool:
        return key in self.columns

    def cell(self, key: str, row: int) -> str:
        return cell_ref(row, self.columns[key])

    def column_of(self, key: str) -> int:
        """The column of `key`, allocated after the last used column when missing.

        Computed columns are created when missing, placed after the user columns,
        in the schema's order of first use.
        """
        if key not in self.columns:
            self.last_col += 1
            self.columns[key] = self.last_col
        return self.columns[key]

    def missing(self, columns: Sequence[Column]) -> list[Column]:
        return [c for c in columns if c.key not in self.columns]

    def where(self, row: int, key: str) -> str:
        """The cell of `key` on `row`, or "ligne N" when the sheet has no such column."""
        return self.cell(key, row) if key in self.columns else f"ligne {row}"


def match_headers(schema: SheetSchema, headers: dict[int, Any], pins: Sequence[Pin] = ()) -> HeaderMatch:
    """Map schema keys to columns by header text.

    A header names one column of the contract or none (the vocabulary is
    unambiguous, see schema.base). When several columns of the sheet name the
    same field, the contract's own header wins over an alias, then the leftmost,
    and the report says which was read and how to pin another one. Pinned
    columns come first and take their header out of the automatic reading.
    """
    filled = {col: text for col, text in sorted(headers.items()) if not is_blank(text)}
    found: dict[str, int] = {}
    readings: list[HeaderReading] = []
    notes: list[str] = []
    for pin in pins:
        col = _pinned_column(filled, pin.wanted) if pin.wanted is not None else None
        if pin.wanted is not None and col is None:
            notes.append(msg.pin_not_found(schema.header(pin.key), pin.wanted, pin.cell))
        elif col is not None and col not in found.values():
            found[pin.key] = col
            readings.append(HeaderReading(pin.key, col, str(filled[col]), pinned=True))
    blocked = set(found) | {p.key for p in pins if p.wanted is None}
    candidates: dict[str, list[tuple[int, int]]] = {}
    extra: dict[int, str] = {}
    for col, text in filled.items():
        if col in found.values():
            continue
        hit = schema.recognise(text)
        if hit is None or hit[0] in blocked:
            extra[col] = str(text)
            continue
        candidates.setdefault(hit[0], []).append((0 if hit[1] else 1, col))
    for key, ranked in candidates.items():
        ranked.sort()
        col = ranked[0][1]
        found[key] = col
        readings.append(HeaderReading(key, col, str(filled[col])))
        if len(ranked) > 1:
            notes.append(msg.repeated_column(schema.header(key), str(filled[col]), column_letter(col),
                                             [(str(filled[c]), column_letter(c)) for _, c in ranked[1:]]))
    ordered = dict(sorted(found.items(), key=lambda item: item[1]))
    return HeaderMatch(ordered, extra, notes, sorted(readings, key=lambda r: r.col))


def _pinned_column(filled: dict[int, Any], wanted: str) -> int | None:
    """The column whose header is `wanted` (as typed, else folded), else the column
    of that letter ("G")."""
    text = wanted.strip()
    for col, header in filled.items():
        if str(header).strip() == text:
            return col
    folded = normalize_header(text)
    for col, header in filled.items():
        if normalize_header(header) == folded:
            return col
    if _LETTERS.fullmatch(text.upper()) and column_number(text.upper()) in filled:
        return column_number(text.upper())
    return None


def read_pins(settings: Table | None, schema: SheetSchema) -> tuple[list[Pin], list[str]]:
    """The columns pinned in the settings sheet: lines "Colonne <header>" whose value
    is the header of the sheet's column to read ("Nb hab. 2023"), or "aucune".
    Other lines are not pins (the score's parameters, for instance)."""
    pins: list[Pin] = []
    problems: list[str] = []
    if settings is None or not settings.has("parameter"):
        return pins, problems
    values = settings.frame["value"].tolist() if settings.has("value") else [None] * len(settings.frame)
    for row, name, value in zip(settings.rows, settings.frame["parameter"].tolist(), values):
        field_name = pinned_field(name)
        if field_name is None:
            continue
        cell = settings.where(row, "value")
        hit = schema.recognise(field_name)
        if hit is None:
            problems.append(msg.pin_unknown_field(str(name).strip(), settings.cell("parameter", row)))
        elif is_blank(value):
            problems.append(msg.pin_empty(schema.header(hit[0]), cell))
        else:
            wanted = text_of(value)
            pins.append(Pin(hit[0], None if fold(wanted) in msg.NO_COLUMN else wanted, cell))
    return pins, problems


def pinned_field(name: Any) -> str | None:
    """"Colonne Population", "Colonne : Nb habitants" -> the field named; None for
    a line that is not a pin."""
    if not isinstance(name, str):
        return None
    folded = fold(name)
    match = _PIN.match(folded)
    return folded[match.end():] if match else None


def find_header_row(grid: Grid, schema: SheetSchema, pins: Sequence[Pin] = ()) -> int | None:
    """The row among the first ones whose cells match the most schema headers.

    Real files have titles, logos or notes above the table: the header row is
    the one that names at least two known columns, the best such row winning
    (a row holding the schema's identity columns before any other).
    """
    best_row, best = None, (False, 1)
    for row in range(grid.top, min(grid.bottom, grid.top + HEADER_SCAN_ROWS - 1) + 1):
        headers = {col: grid.get(row, col) for col in range(grid.left, grid.right + 1)}
        found = match_headers(schema, headers, pins).found
        rank = (not schema.missing_identity(found), len(found))
        if rank[1] > 1 and rank > best:
            best_row, best = row, rank
    return best_row


def rows_under(grid: Grid, ref: TableRef, others: Sequence[TableRef] = ()) -> list[int]:
    """The rows typed directly under an Excel table (its total row, if any, skipped):
    non-empty within the table's columns, down to the first empty row or another
    table. A paste, or LibreOffice, leaves rows there that Excel would have taken
    into the table as they were typed."""
    rows = []
    for row in range(ref.last_row + ref.totals_rows + 1, grid.bottom + 1):
        if any(o.name != ref.name and o.first_row <= row <= o.last_row + o.totals_rows
               and not (o.last_col < ref.first_col or o.first_col > ref.last_col) for o in others):
            break
        if all(is_blank(grid.get(row, col)) for col in range(ref.first_col, ref.last_col + 1)):
            break
        rows.append(row)
    return rows


def _is_total_line(grid: Grid, row: int, ref: TableRef) -> bool:
    """A "Total" line typed under a table: its first text names a total."""
    first = next((v for v in (grid.get(row, c) for c in range(ref.first_col, ref.last_col + 1))
                  if isinstance(v, str) and v.strip()), None)
    return first is not None and _TOTAL.match(fold(first)) is not None


def _block(grid: Grid, first: int, last: int, left: int, right: int) -> np.ndarray:
    """Rows first..last, columns left..right of the grid as a 2-D object array,
    empty cells as None (whitespace-only text stays text: `is_blank` handles it).

    One numpy conversion instead of a Python loop per cell: a few tenths of a
    second on the 100,000-row files of the file server, instead of seconds."""
    import numpy as np
    start, stop = max(first, grid.top), min(last, grid.bottom)
    width = right - left + 1
    lines = list(grid.values[start - grid.top: stop - grid.top + 1]) if stop >= start else []
    block = np.empty((len(lines), width), dtype=object)
    shift, span = left - grid.left, grid.right - grid.left + 1
    if lines and shift >= 0 and all(len(line) == span for line in lines):
        block[:, :] = np.array(lines, dtype=object).reshape(len(lines), span)[:, shift: shift + width]
    else:
        for i, line in enumerate(lines):
            block[i, :] = [line[c] if 0 <= c < len(line) else None for c in range(shift, shift + width)]
    block[block == ""] = None
    return block


def _data_frame(grid: Grid, schema: SheetSchema, columns: dict[str, int], first: int, last: int) -> pd.DataFrame:
    """The values of the known columns; rows empty in every user column are skipped."""
    import numpy as np
    import pandas as pd

    left = min(columns.values(), default=grid.left)
    right = max(columns.values(), default=grid.left)
    block = _block(grid, first, last, left, right)
    user = [col - left for key, col in columns.items() if not schema.keys[key].computed]
    keep = np.flatnonzero(pd.notna(block[:, user]).any(axis=1))  # a cell holds no NaN: None is the blank
    rows = pd.Index(keep + max(first, grid.top), name="row")
    kept = block if len(keep) == len(block) else block[keep]
    return pd.DataFrame(kept[:, [col - left for col in columns.values()]], index=rows, columns=list(columns),
                        dtype=object)


def read_table(grid: Grid, schema: SheetSchema, sheet: str, excel_table: TableRef | None = None,
               pins: Sequence[Pin] = (), others: Sequence[TableRef] = ()) -> Table | None:
    """The schema's table in `grid`, or None when no header row is recognised.

    Inside an Excel table the rows typed just under it are part of the list
    (`rows_under`); a line of total is not, nor are rows under a table's own
    total row: those are said in the table's notes, by row number."""
    notes: list[str] = []
    under: list[int] = []
    if excel_table is not None:
        header_row, last_row = excel_table.first_row, excel_table.last_row
        first_col, last_col = excel_table.first_col, excel_table.last_col
        under = _under(grid, excel_table, others, notes)
        last_row = max([last_row, *under])
    else:
        found_row = find_header_row(grid, schema, pins)
        if found_row is None:
            return None
        header_row, last_row = found_row, grid.bottom
        first_col, last_col = grid.left, grid.right
    headers = {col: grid.get(header_row, col) for col in range(first_col, last_col + 1)}
    match = match_headers(schema, headers, pins)
    used = [c for c, v in headers.items() if not is_blank(v)]
    last_used = max(used, default=first_col - 1)
    if excel_table is not None:
        last_used = max(last_used, last_col)
    frame = _data_frame(grid, schema, match.found, header_row + 1, last_row)
    return Table(
        schema=schema,
        sheet=sheet,
        header_row=header_row,
        columns=match.found,
        frame=frame,
        last_col=last_used,
        excel_table=excel_table.name if excel_table else None,
        extra_headers=match.extra,
        notes=match.notes + notes,
        readings=match.readings,
        under=[r for r in under if r in frame.index],
    )


def _under(grid: Grid, ref: TableRef, others: Sequence[TableRef], notes: list[str]) -> list[int]:
    """The rows under `ref` read with it; the others said in `notes`."""
    rows = rows_under(grid, ref, others)
    if rows and ref.totals_rows:
        notes.append(msg.rows_under_totals(rows, ref.name))
        return []
    for index, row in enumerate(rows):
        if _is_total_line(grid, row, ref):
            notes.append(msg.total_line(row, ref.name))
            return rows[:index]
    return rows
