"""The contract between jobs and the shells that run them.

A job reads tables from a `Source` (a workbook file or the workbook open in
Excel), calls the core, and returns a `JobResult`: the writes to apply, the
files to export beside the workbook, and a French report. It never knows
whether it runs from the ribbon or the command line.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol, Sequence

from sicxl.messages import workbook as msg
from sicxl.schema.base import Column, SheetSchema, normalize_header
from sicxl.table import Grid, Pin, Table, TableRef, read_pins, read_table
from sicxl.values import is_blank
from sicxl.writes import ColumnWrite, Style, Writes

if TYPE_CHECKING:
    from sicxl.portfolio.roles import Portfolio


def computed_column(table: Table, column: Column, values: Sequence[Any],
                    styles: Sequence[Style | None] | None = None, wrap: bool = False) -> ColumnWrite:
    """A computed column over every data row of `table`, its header included;
    created after the user columns when missing (Table.column_of), inside the
    Excel table when there is one."""
    return ColumnWrite(
        sheet=table.sheet,
        col=table.column_of(column.key),
        rows=table.rows,
        values=list(values),
        header=column.header,
        header_row=table.header_row,
        table=table.excel_table,
        style=Style(number_format=column.number_format, wrap=wrap),
        styles=styles,
        width=column.width,
    )


class NoRoomBelow(Exception):
    """Rows cannot be added under a table without overwriting cells (French message)."""


def _filled(grid: Grid, row: int, first_col: int, last_col: int) -> bool:
    return any(not is_blank(grid.get(row, col)) for col in range(first_col, last_col + 1))


def rows_below(source: "Source", table: Table, count: int) -> list[int]:
    """The worksheet rows where `count` new rows of `table` go: right after its last
    filled row (rows typed just under an Excel table count as its own, Table.under).
    An Excel table's blank rows at its end are used first, then the
    table is lengthened (ColumnWrite.table), which needs the cells under it to be
    empty in its columns: a total or a note typed there is never overwritten
    (raises NoRoomBelow)."""
    grid = source.grid(table.sheet)
    ref = next((r for r in source.excel_tables(table.sheet) if r.name == table.excel_table), None)
    first_col = ref.first_col if ref else min(table.columns.values(), default=grid.left)
    last_col = ref.last_col if ref else table.last_col
    bottom = max([ref.last_row, *table.under]) if ref else grid.bottom  # rows typed under it are the list's
    last = next((row for row in range(bottom, table.header_row, -1) if _filled(grid, row, first_col, last_col)),
                table.header_row)
    rows = list(range(last + 1, last + 1 + count))
    below = [row for row in rows if row > bottom and _filled(grid, row, first_col, last_col)]
    if below:
        raise NoRoomBelow(msg.no_room_below(table.sheet, below[0]))
    return rows


def row_writes(table: Table, rows: Sequence[int], records: Sequence[Mapping[str, Any]]) -> list[ColumnWrite]:
    """New rows of `table` at `rows`, one record (key -> value) each: a ColumnWrite per
    column of the table, blank values left out, inside its Excel table."""
    writes = []
    for key, col in table.columns.items():
        cells = [(row, record[key]) for row, record in zip(rows, records) if not is_blank(record.get(key))]
        if not cells:
            continue
        number_format = table.schema.column(key).number_format
        writes.append(ColumnWrite(sheet=table.sheet, col=col, rows=[r for r, _ in cells], values=[v for _, v in cells],
                                  table=table.excel_table, style=Style(number_format=number_format) if number_format else None))
    return writes


class Source(Protocol):
    """A workbook as jobs read it: sheet names, cell grids, Excel tables."""

    @property
    def path(self) -> Path | None:
        """The workbook file, when there is one (exports go beside it)."""

    def sheet_names(self) -> list[str]: ...

    def grid(self, sheet: str) -> Grid: ...

    def excel_tables(self, sheet: str) -> list[TableRef]: ...


def find_sheet(source: Source, schema: SheetSchema) -> str | None:
    """The sheet named like the schema (or one of its aliases), case and accents ignored."""
    wanted = {normalize_header(n) for n in (schema.name, *schema.aliases)}
    for name in source.sheet_names():
        if normalize_header(name) in wanted:
            return name
    return None


@dataclass
class TableSearch:
    """A schema's table in a workbook, and the tables that were not taken for it
    because their identity columns are missing (to tell the user why)."""

    table: Table | None
    rejected: list[Table] = field(default_factory=list)


def column_pins(source: Source, schema: SheetSchema) -> tuple[list[Pin], list[str]]:
    """The columns users pinned for `schema` in its settings sheet (found by its name
    only: no sheet is read for nothing), and the problems of those lines (French)."""
    sheet = find_sheet(source, schema.settings) if schema.settings is not None else None
    if sheet is None:
        return [], []
    return read_pins(load_table(source, schema.settings, sheet), schema)


def find_table(source: Source, schema: SheetSchema, sheet: str | None = None) -> TableSearch:
    """The schema's table: from its Excel table when the sheet has one, else by headers.

    The sheet bearing the schema's name (or one of its aliases) is tried first,
    then every other sheet by its headers (users rename sheets; the headers tell
    what a sheet holds). A table lacking the schema's identity columns is not
    taken: two matching headers do not make a dashboard a prospect list.
    """
    pins, problems = column_pins(source, schema)
    named = find_sheet(source, schema)
    candidates = [sheet] if sheet else sorted(source.sheet_names(), key=lambda name: name != named)
    search = TableSearch(None)
    for name in candidates:
        table = _read_sheet(source, schema, name, pins)
        if table is None:
            continue
        if schema.missing_identity(table.columns):
            search.rejected.append(table)
            continue
        table.notes[:0] = problems
        search.table = table
        break
    return search


def _read_sheet(source: Source, schema: SheetSchema, name: str, pins: Sequence[Pin]) -> Table | None:
    refs = source.excel_tables(name)
    wanted = normalize_header(schema.table or "")
    ref = next((r for r in refs if normalize_header(r.name) == wanted), None)
    grid = source.grid(name)
    if ref is None:
        table = read_table(grid, schema, name, pins=pins)
        ref = next((r for r in refs if table is not None and r.first_row == table.header_row), None)
        if ref is None:
            return table
    return read_table(grid, schema, name, ref, pins, refs)


def load_table(source: Source, schema: SheetSchema, sheet: str | None = None) -> Table | None:
    """The schema's table (see find_table), None when the workbook has none."""
    return find_table(source, schema, sheet).table


@dataclass
class Report:
    """What a job did, for the user (French lines) and for machines (counts)."""

    job: str
    lines: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    anomalies: Counter[str] = field(default_factory=Counter)  # kind -> rows
    problems: list[str] = field(default_factory=list)  # sheet-level, in French

    def add(self, line: str) -> None:
        self.lines.append(line)

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def merge(self, other: "Report") -> None:
        self.lines.extend(other.lines)
        self.counts.update(other.counts)
        self.anomalies.update(other.anomalies)
        self.problems.extend(p for p in other.problems if p not in self.problems)

    def text(self) -> str:
        parts = list(self.lines)
        if self.anomalies:
            parts.append("Anomalies par nature :")
            parts.extend(f"  - {kind} : {n}" for kind, n in self.anomalies.most_common())
        parts.extend(f"Attention : {p}" for p in self.problems)
        return "\n".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "lines": self.lines,
            "counts": dict(self.counts),
            "anomalies": dict(self.anomalies),
            "problems": self.problems,
        }


@dataclass
class Export:
    """A file written beside the workbook (CSV for mail merge, .ics, PDF...)."""

    name: str
    content: bytes


@dataclass
class OtherWrites:
    """Writes into another workbook the job read: one named by an option of kind
    "workbook" or opened through `Context.open_workbook` (the prospect file, for
    `followup`'s walk-ins). The shell that opened that workbook applies them to it,
    saved atomically under its own lock; `label` says what it is, in French."""

    source: "Source"
    writes: Writes
    label: str


@dataclass
class JobResult:
    writes: Writes
    report: Report
    exports: list[Export] = field(default_factory=list)
    elsewhere: list[OtherWrites] = field(default_factory=list)


class SourceUnavailable(Exception):
    """A file a job asked the shell for could not be opened, or may not be read (a
    path outside the workbook's folder): the message is French."""


@dataclass
class Context:
    """What a job may know besides the workbook: today's date (so that runs are
    reproducible in tests), the options given on the command line or ribbon, and
    the shell's ways to reach other files, since a job never opens one itself:
    `read_file(name)` gives the bytes of a file beside the workbook (None when
    absent), `open_workbook(name)` a Source on another workbook; both raise
    SourceUnavailable for a file they may not read (a name outside the workbook's
    folder, sicxl.confinement) or cannot open; `print_pdf(writes, sheets,
    pictures=True)` the printout of `sheets` once `writes` are applied: its PDF
    (`.pdf`) and a PNG of each page (`.pages`, empty without `pictures`), a
    spreadsheet program doing the printing; `portfolio_of(source)` the portfolio a
    split copy was made for, from the file server's record of it (None when the
    server cannot vouch for one), never from what the copy says of itself."""

    today: dt.date = field(default_factory=dt.date.today)
    options: Mapping[str, Any] = field(default_factory=dict)
    progress: Callable[[str, int, int], None] | None = None
    read_file: Callable[[str], bytes | None] | None = None
    open_workbook: Callable[[str], "Source"] | None = None
    print_pdf: Callable[..., Any] | None = None
    portfolio_of: Callable[["Source"], "Portfolio | None"] | None = None

    def option(self, name: str, default: Any = None) -> Any:
        value = self.options.get(name)
        return default if value is None else value


JobFunction = Callable[[Source, Context], JobResult]


@dataclass(frozen=True)
class Option:
    """A job option: `--name VALUE` on the command line, a `Paramètres` cell or a
    ribbon prompt elsewhere. `kind` is "text", "int", "date", "month", "path" or "flag"."""

    name: str
    help: str  # French
    kind: str = "text"


@dataclass(frozen=True)
class Job:
    name: str
    label: str  # French, shown on the ribbon and in reports
    run: JobFunction
    sheets: tuple[str, ...] = ()  # sheets that mark a workbook this job applies to
    options: tuple[Option, ...] = ()


JOBS: dict[str, Job] = {}


def job(
    name: str, label: str, sheets: Sequence[str] = (), options: Sequence[Option] = ()
) -> Callable[[JobFunction], JobFunction]:
    """Register a job under its command-line name."""

    def register(function: JobFunction) -> JobFunction:
        JOBS[name] = Job(name, label, function, tuple(sheets), tuple(options))
        return function

    return register


@dataclass
class MemorySource:
    """A workbook held as grids: what the add-in receives from Excel, and what
    tests build without writing a file."""

    grids: dict[str, Grid]
    tables: dict[str, list[TableRef]] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def from_rows(cls, sheets: Mapping[str, Sequence[Sequence[Any]]], path: Path | None = None) -> "MemorySource":
        return cls({name: Grid([list(r) for r in rows]) for name, rows in sheets.items()}, path=path)

    def sheet_names(self) -> list[str]:
        return list(self.grids)

    def grid(self, sheet: str) -> Grid:
        return self.grids[sheet]

    def excel_tables(self, sheet: str) -> list[TableRef]:
        return self.tables.get(sheet, [])
