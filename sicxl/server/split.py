"""`sicxl split`: one workbook per portfolio, built new so that nothing leaks.

A copy is never a scrubbed duplicate of the master: an .xlsx keeps traces of
deleted rows in places no one looks (shared strings, pivot caches, defined names,
comments, validation lists, document properties, calcChain, printer settings,
custom XML...). Each copy is a fresh openpyxl workbook into which only these go:

- the split sheets (sicxl.schema.portfolio.SPLIT_SHEETS): header row and the
  values of the rows the portfolio may see, with their cell styles, the column
  widths, frozen panes, sheet state, tab colour, the Excel table resized to the
  kept rows, and the data-validation rules whose formulas are constants or a list
  of the column's own choices (messages replaced by sicxl's); computed columns
  come back empty, recomputed on the copy by `regenerate`;
- the shared sheets (Paramètres, Charges), whole, the same way;
- cell comments of kept data rows (text only: the author is not copied), header
  comments rewritten from the schema's help;
- a very hidden `_sicxl_split` sheet holding only the token that names the
  copy's record on the server (registry.py): the portfolio and the split-time
  fingerprints the merge trusts never leave the server (issue 13);
- in a market's or a salesperson's copy of a dashboard, the line « Part des
  charges fixes » of `Paramètres`: the share of the master's fixed costs the
  copy bears, by the master's key (issue 17), so that its break-even is its own.

Nothing else: no rows above the header (titles), no cells outside the table, no
other sheet, no formula (values only), no conditional formatting, hyperlink,
defined name, picture or printer setting; document properties are sicxl's own.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from copy import copy
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.worksheet import Worksheet

from sicxl.dashboard.allocation import portfolio_share
from sicxl.dashboard.inputs import read_entries
from sicxl.dashboard.settings import SHARE_PARAMETER, Settings, read_settings
from sicxl.messages import dashboard as dashboard_msg
from sicxl.messages import portfolio as msg
from sicxl.portfolio.naming import display_name, file_names
from sicxl.portfolio.ownership import (
    ProspectIndex,
    attributions,
    kept_rows,
    people_and_markets,
    row_key,
)
from sicxl.portfolio.roles import Portfolio, Role, portfolios
from sicxl.portfolio.snapshot import FORMAT_VERSION, SheetPrint, Snapshot, print_matrix
from sicxl.schema.portfolio import (
    FILE_PATTERN,
    SHARED_SHEETS,
    SNAPSHOT,
    SNAPSHOT_TOKEN,
    SNAPSHOT_VERSION,
    SPLIT_SHEETS,
)
from sicxl.schema.dashboard import ACTUALS, OBJECTIVES
from sicxl.schema.prospects import PARAMETERS, PROSPECTS
from sicxl.server.master_looks import StyleCopier, comments_of, light_workbook
from sicxl.server.registry import new_token, prune, save_record
from sicxl.server.sheets import Located, locate
from sicxl.settings import Settings as ServerSettings
from sicxl.settings import load_settings
from sicxl.table import column_letter
from sicxl.values import fold, is_blank
from sicxl.workbook import WorkbookError, WorkbookFile, open_workbook
from sicxl.workbook.saving import atomic_write_bytes, check_not_open

RULES = {rule.schema.name: rule for rule in SPLIT_SHEETS}
_CONSTANT = re.compile(r"^-?\d+(\.\d+)?$")
_CELL = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


@dataclass
class SplitResult:
    """What `split` produced, for the report: one entry per copy."""

    written: dict[Portfolio, Path] = field(default_factory=dict)
    rows: dict[Portfolio, int] = field(default_factory=dict)  # rows of the split sheets kept
    skipped: dict[Portfolio, str] = field(default_factory=dict)  # French reason
    left_out: list[str] = field(default_factory=list)  # sheets of the master not copied
    unattributed: int = 0  # rows that go to no salesperson's copy

    def lines(self) -> list[str]:
        out = [msg.copy_written(display_name(p), path, self.rows[p]) for p, path in self.written.items()]
        out += [reason for reason in self.skipped.values()]
        if self.left_out:
            out.append(msg.sheets_left_out(self.left_out))
        if self.unattributed:
            out.append(msg.rows_unattributed(self.unattributed))
        return out


@dataclass
class Master:
    """The master as split reads it: values (calamine), looks and rules (openpyxl
    without the cells, and the cells' styles: master_looks.py), the tables sicxl
    knows, and each split row's attribution and fingerprints."""

    path: Path
    source: WorkbookFile
    book: Any  # openpyxl Workbook, for styles, widths, validations
    located: dict[str, Located]
    found: dict[str, Any]  # sheet -> pd.Series of Attribution (split sheets only)
    prints: dict[str, SheetPrint]  # sheet -> every row's fingerprints (split sheets only)
    styles: dict[str, np.ndarray]  # sheet -> each cell's style index (master_looks.py)
    comments: dict[str, dict[tuple[int, int], str]]  # sheet -> cell comments by (row, column)

    @cached_property
    def fixed_cost_key(self) -> tuple[pd.DataFrame, list[str], Settings] | None:
        """What the copies' shares of the fixed costs are drawn from (issue 17): the
        objectives, the months of actuals and the settings of a dashboard master."""
        objectives, actuals = _of_schema(self, OBJECTIVES), _of_schema(self, ACTUALS)
        if objectives is None:
            return None
        parameters = _of_schema(self, PARAMETERS)
        settings, _ = read_settings(parameters.table if parameters else None)
        months = read_entries(actuals.table).months() if actuals else []
        return read_entries(objectives.table).frame, months, settings

    def portfolios(self, by: str | None) -> list[Portfolio]:
        frames = [(RULES[loc.schema.name], loc.table.frame) for loc in self.located.values()
                  if loc.schema.name in RULES]
        owners, markets = people_and_markets(frames)
        return portfolios(owners, markets, by)


def read_master(path: Path, source: WorkbookFile) -> Master:
    schemas = [rule.schema for rule in SPLIT_SHEETS] + list(SHARED_SHEETS)
    located = {name: loc for name, loc in locate(source, schemas).items() if name != SNAPSHOT.name}
    prospects = next((loc.table.frame for loc in located.values() if loc.schema is PROSPECTS), None)
    index = ProspectIndex.from_frame(prospects)
    found = {name: attributions(loc.table.frame, RULES[loc.schema.name], index)
             for name, loc in located.items() if loc.schema.name in RULES}
    prints = {name: master_print(loc) for name, loc in located.items() if loc.schema.name in RULES}
    assert source.package is not None  # an .xlsb master is refused before
    book, styles = light_workbook(source.package, {name: _extent(source, loc) for name, loc in located.items()})
    comments = {name: comments_of(book[name]) for name in located}
    return Master(path, source, book, located, found, prints, styles, comments)


def _extent(source: WorkbookFile, loc: Located) -> tuple[int, int]:
    """The last row and column of a located table's cells that a copy may take."""
    span = _span(loc, source)
    grid = source.grid(loc.sheet)
    rows = [grid.bottom, span.header_row, *([int(loc.table.frame.index.max())] if len(loc.table.frame) else [])]
    return max(rows), max(grid.right, span.last_col)


def master_print(loc: Located) -> SheetPrint:
    """The fingerprints of every row of a split sheet's user cells, computed once
    for all the copies, each taking its rows' lines."""
    frame = loc.table.frame
    columns = tuple(_user_columns(loc))
    matrix = print_matrix({c: frame[c].tolist() for c in columns}, columns, len(frame))
    key = RULES[loc.schema.name].key
    keys = tuple(row_key(v) for v in frame[key]) if key is not None and key in frame else None
    return SheetPrint(columns, matrix, keys)


# -- copying cells --------------------------------------------------------------------------


def cell_value(value: Any) -> Any:
    """A value as a copy stores it: integral floats as integers (calamine reads every
    number as a float), text without the control characters XML forbids."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _put(target: Worksheet, row: int, col: int, value: Any) -> Any:
    cell = target.cell(row=row, column=col)
    if is_blank(value):
        return cell
    cell.value = cell_value(value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    return cell


@dataclass(frozen=True)
class Span:
    """Where a table lies on its sheet: header row and first/last column."""

    header_row: int
    first_col: int
    last_col: int


def _span(loc: Located, source: WorkbookFile) -> Span:
    table = loc.table
    ref = next((r for r in source.excel_tables(loc.sheet) if r.name == table.excel_table), None)
    if ref is not None:
        return Span(ref.first_row, ref.first_col, ref.last_col)
    return Span(table.header_row, min(table.columns.values(), default=1), table.last_col)


def copy_table(master: Master, loc: Located, target: Worksheet, rows: Sequence[int], styles: StyleCopier) -> int:
    """Copy the header and `rows` of a located table into `target`; returns its last row."""
    span = _span(loc, master.source)
    ids = master.styles[loc.sheet]
    comments = master.comments[loc.sheet]
    grid = master.source.grid(loc.sheet)
    computed = {loc.table.columns[c.key] for c in loc.schema.computed_columns if c.key in loc.table.columns}
    helps = {loc.table.columns[c.key]: c.help for c in loc.schema.columns if c.help and c.key in loc.table.columns}
    cols = range(span.first_col, span.last_col + 1)
    for col in cols:
        cell = _put(target, span.header_row, col, grid.get(span.header_row, col))
        styles.apply(int(ids[span.header_row, col]), cell)
        if col in helps:
            cell.comment = Comment(helps[col], "sicxl", width=320, height=120)
    for offset, row in enumerate(rows, start=1):
        out_row = span.header_row + offset
        line = ids[row]
        for col in cols:
            cell = _put(target, out_row, col, None if col in computed else grid.get(row, col))
            styles.apply(int(line[col]), cell)
            if col not in computed and (row, col) in comments:
                cell.comment = Comment(comments[row, col], "sicxl")
    last_row = span.header_row + max(len(rows), 1)
    _copy_excel_table(master.book[loc.sheet], loc, target, span, last_row)
    return last_row


def _copy_excel_table(source_ws: Worksheet, loc: Located, target: Worksheet, span: Span, last_row: int) -> None:
    name = loc.table.excel_table
    if name is None or name not in source_ws.tables:
        return
    original = source_ws.tables[name]
    ref = f"{column_letter(span.first_col)}{span.header_row}:{column_letter(span.last_col)}{last_row}"
    table = ExcelTable(displayName=name, ref=ref)
    table.tableStyleInfo = copy(original.tableStyleInfo)
    for col in range(span.first_col, span.last_col + 1):  # Excel requires a text header per column
        cell = target.cell(row=span.header_row, column=col)
        if is_blank(cell.value):
            cell.value = msg.unnamed_column(col - span.first_col + 1)
        elif not isinstance(cell.value, str):
            cell.value = str(cell.value)
    target.add_table(table)


def _list_items(formula: str) -> list[str] | None:
    text = formula.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        return None
    return [item.strip() for item in text[1:-1].split(",")]


def safe_validation(rule: DataValidation, loc: Located) -> DataValidation | None:
    """A copy of `rule` when it can carry no one's data: constant bounds, or a list
    of choices the schema allows in the columns it covers; None otherwise."""
    formulas = [f for f in (rule.formula1, rule.formula2) if f is not None]
    if rule.type == "list":
        items = _list_items(rule.formula1 or "")
        if items is None:
            return None
        columns = {col for r in rule.sqref.ranges for col in range(r.min_col, r.max_col + 1)}
        keys = {key for key, col in loc.table.columns.items() if col in columns}
        allowed = {choice for key in keys for choice in loc.schema.column(key).choices}
        if not keys or not set(items) <= allowed:
            return None
    elif not all(_CONSTANT.match(f.strip()) for f in formulas):
        return None
    copied = DataValidation(type=rule.type, operator=rule.operator, formula1=rule.formula1, formula2=rule.formula2,
                            allow_blank=rule.allow_blank, showErrorMessage=rule.showErrorMessage,
                            showDropDown=rule.showDropDown, errorStyle=rule.errorStyle,
                            errorTitle=msg.VALIDATION_TITLE, error=msg.VALIDATION_ERROR)
    copied.sqref = copy(rule.sqref)
    return copied


def copy_sheet_look(source_ws: Worksheet, target: Worksheet, loc: Located) -> int:
    """Widths, frozen panes, state, tab colour and the safe validations; returns how
    many validation rules were left out."""
    for letter, dimension in source_ws.column_dimensions.items():
        if dimension.width:
            target.column_dimensions[letter].width = dimension.width
        target.column_dimensions[letter].hidden = dimension.hidden
    target.freeze_panes = source_ws.freeze_panes
    target.sheet_state = source_ws.sheet_state
    if source_ws.sheet_properties.tabColor is not None:
        target.sheet_properties.tabColor = copy(source_ws.sheet_properties.tabColor)
    dropped = 0
    for rule in source_ws.data_validations.dataValidation:
        safe = safe_validation(rule, loc)
        if safe is None:
            dropped += 1
        else:
            target.add_data_validation(safe)
    return dropped


# -- a copy ---------------------------------------------------------------------------------


def _user_columns(loc: Located) -> list[str]:
    return [c.key for c in loc.schema.user_columns if c.key in loc.table.columns]


def remember(master: Master, name: str, rows: Sequence[int]) -> SheetPrint:
    """The record's lines of the rows a copy receives."""
    everything = master.prints[name]
    positions = master.located[name].table.frame.index.get_indexer(list(rows))
    keys = None if everything.keys is None else tuple(everything.keys[p] for p in positions)
    return SheetPrint(everything.columns, everything.cells[positions], keys)


def _of_schema(master: Master, schema: Any) -> Located | None:
    return next((loc for loc in master.located.values() if loc.schema is schema), None)


def fixed_cost_share(master: Master, portfolio: Portfolio) -> float | None:
    """The share of the master's fixed costs a market's or a salesperson's copy of a
    dashboard bears (sicxl.dashboard.allocation.portfolio_share), times the master's
    own share; None for the director's copy and for a workbook without objectives."""
    key = master.fixed_cost_key
    if portfolio.role is Role.DIRECTOR or key is None:
        return None
    objectives, months, settings = key
    column = "market" if portfolio.role is Role.MANAGER else "owner"
    share = portfolio_share(objectives, months, settings.rule, column, portfolio.name)
    return None if share is None else share * settings.share


def write_share(book: Any, sheet_name: str | None, share: float) -> None:
    """Set « Part des charges fixes » in the copy's `Paramètres` (created when the master
    has none): the line's value when the master had one, else a new line, inside the
    sheet's Excel table when it has one."""
    if sheet_name is None:
        sheet_name = PARAMETERS.name
        book.create_sheet(sheet_name).append([c.header for c in PARAMETERS.columns])
    sheet = book[sheet_name]
    row = next((cell.row for cell in sheet["A"] if fold(str(cell.value or "")) == fold(SHARE_PARAMETER)),
               sheet.max_row + 1)
    sheet.cell(row, 1, SHARE_PARAMETER)
    sheet.cell(row, 2, round(share, 6)).number_format = "0.0%"
    sheet.cell(row, 3, dashboard_msg.SHARE_COMMENT)
    for table in sheet.tables.values():
        first, last = table.ref.split(":")
        letters, last_row = _CELL.match(last).groups()
        if int(last_row) < row:
            table.ref = f"{first}:{letters}{row}"


def build_copy(master: Master, portfolio: Portfolio, now: dt.datetime, by: str | None,
               token: str) -> tuple[Any, Snapshot, int]:
    """The openpyxl workbook of one portfolio, its record, and how many split rows it holds."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    styles = StyleCopier(master.book)
    snapshot = Snapshot(meta={"version": FORMAT_VERSION, "master": master.path.name, "role": portfolio.role.value,
                              "name": portfolio.name, "by": by or "", "split_at": now.isoformat(timespec="seconds")})
    kept = 0
    for name, loc in master.located.items():
        rule = RULES.get(loc.schema.name)
        rows = kept_rows(master.found[name], portfolio) if rule else list(loc.table.rows)
        target = book.create_sheet(name)
        copy_table(master, loc, target, rows, styles)
        copy_sheet_look(master.book[name], target, loc)
        if rule is not None:
            kept += len(rows)
            snapshot.sheets[loc.schema.name] = remember(master, name, rows)
    share = fixed_cost_share(master, portfolio)
    if share is not None:
        parameters = _of_schema(master, PARAMETERS)
        write_share(book, parameters.sheet if parameters else None, share)
    hidden = book.create_sheet(SNAPSHOT.name)
    for line in ([c.header for c in SNAPSHOT.columns], [SNAPSHOT_VERSION, FORMAT_VERSION], [SNAPSHOT_TOKEN, token]):
        hidden.append(line)
    hidden.sheet_state = "veryHidden"
    if book.worksheets and all(ws.sheet_state != "visible" for ws in book.worksheets):
        book.worksheets[0].sheet_state = "visible"
    _properties(book, master.path, portfolio, now)
    return book, snapshot, kept


def _properties(book: Any, master: Path, portfolio: Portfolio, now: dt.datetime) -> None:
    """sicxl's own document properties: nothing of the master's (author, company, title...)."""
    props = book.properties
    props.creator = props.lastModifiedBy = "sicxl"
    props.title = msg.copy_title(master.stem, display_name(portfolio))
    props.created = props.modified = now.replace(tzinfo=None)


def split_workbook(path: Path, folder: Path, by: str | None = None, pattern: str = FILE_PATTERN,
                   now: dt.datetime | None = None, settings: ServerSettings | None = None) -> SplitResult:
    """Write one copy per portfolio of the workbook at `path` into `folder`, and keep
    each copy's record on the server (registry.py).

    A copy that Excel holds open is skipped (and said so); every copy is written
    atomically, after its record. Raises WorkbookError when the master cannot be
    read, a copy cannot be written, or the server's state folder cannot be trusted.
    """
    now = now or dt.datetime.now()
    settings = settings or load_settings()
    prune(settings, now)
    folder.mkdir(parents=True, exist_ok=True)
    result = SplitResult()
    with open_workbook(path) as source:
        if source.read_only:
            raise WorkbookError(msg.cannot_split_xlsb(path))
        master = read_master(path, source)
        if not any(loc.schema.name in RULES for loc in master.located.values()):
            raise WorkbookError(msg.nothing_to_split(path))
        result.left_out = [s for s in source.sheet_names() if s not in master.located and s != SNAPSHOT.name]
        result.unattributed = sum(1 for found in master.found.values() for a in found if len(a.owners) != 1)
        chosen = master.portfolios(by)
        for portfolio, name in file_names(path.stem, chosen, pattern).items():
            reason = _write_copy(master, portfolio, folder / name, now, by, settings, result)
            if reason is not None:
                result.skipped[portfolio] = reason
    return result


def _write_copy(master: Master, portfolio: Portfolio, target: Path, now: dt.datetime, by: str | None,
                settings: ServerSettings, result: SplitResult) -> str | None:
    """Write one copy and its record; the French reason when it was skipped (open in
    Excel, or it would replace the master). A copy that cannot be written (disk
    full...) stops the split: WorkbookError."""
    if target.resolve() == master.path.resolve():
        return msg.copy_would_replace_master(display_name(portfolio), target)
    try:
        check_not_open(target)
    except WorkbookError as error:
        return str(error)
    token = new_token()
    book, snapshot, kept = build_copy(master, portfolio, now, by, token)
    save_record(settings, token, snapshot)
    # Saved in memory first: openpyxl leaves its zip file open when a write fails, and
    # its finalizer would print a Python traceback (disk full) after the French sentence.
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(target, buffer.getvalue())
    result.written[portfolio], result.rows[portfolio] = target, kept
    return None
