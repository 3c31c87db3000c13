"""Assemble the written package: the one entry point of the lossless writer.

Every part that does not hold a change is copied with its compressed bytes, in the
original order; worksheets holding written cells are streamed (worksheet.py); the
small parts that must follow (styles, tables, calc chain, workbook, relationships,
content types) are edited as trees. So a workbook comes back with its macros,
shapes, form controls, pictures and comments intact (issue 9).
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections import defaultdict
from dataclasses import dataclass, fields
from functools import cache
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import BinaryIO, Iterable, Sequence

from lxml import etree

from sicxl.messages import workbook as msg
from sicxl.workbook import calc_chain
from sicxl.workbook.background import BackgroundWriter
from sicxl.workbook.cells import is_date
from sicxl.workbook.content_types import remove_overrides
from sicxl.workbook.editor import CONTENT_TYPES, PackageEditor
from sicxl.workbook.errors import WorkbookError
from sicxl.workbook.new_sheet import add_sheet
from sicxl.workbook.package import NS_MAIN, NS_REL, Package, SheetInfo, parse_ref, rels_path
from sicxl.workbook.layout import DEFAULT_WIDTH, LINE_HEIGHT
from sicxl.workbook.measure import column_width, estimated_lines, line_room
from sicxl.workbook.printing import set_print_names, user_titles
from sicxl.workbook.relationships import REL_CALC_CHAIN, remove_relationships
from sicxl.workbook.styles import StyleSheet
from sicxl.workbook.tables import has_totals_row, header_row, table_bounds, update_table
from sicxl.workbook.worksheet import ColumnCells, SheetEdits, dimension_last_col, rewrite_sheet
from sicxl.workbook.xmlscan import Tee, scanner
from sicxl.workbook.zip_io import DeflatedMember, append_deflated, copy_raw, read_member
from sicxl.writes import ColumnWrite, Formula, SheetWrite, Style, Writes

COMPRESS_LEVEL = 6  # zlib's default, for the small parts zipfile writes
# zlib-ng's level for rewritten sheets: within 2 % of zlib 6's size (what Excel users
# are used to), in less than half its time (bench/writer_bench.py)
DEFLATE_LEVEL = 5
REL_STYLES = NS_REL + "/styles"
MAX_ROW, MAX_COL = 1_048_576, 16_384
_M = f"{{{NS_MAIN}}}"
_MIDNIGHT = dt.time(0)


@dataclass(frozen=True)
class PackageChanges:
    """What the writer did to the package; every other part is byte-identical."""

    changed: frozenset[str]
    added: frozenset[str]
    removed: frozenset[str]
    formulas: bool = False  # formulas were written: Excel recalculates on open
    scanned: frozenset[str] = frozenset()  # written parts found well-formed as they were produced


def write_package(source: Path | BinaryIO, writes: Writes, target: Path) -> PackageChanges:
    """Write `source` (a path or an open file) + `writes` to `target` (a new file).
    Every part not in PackageChanges.changed/added is copied byte-identical, same order."""
    target = Path(target)
    both = {c.sheet.casefold() for c in writes.columns} & {s.name.casefold() for s in writes.sheets}
    if both:
        raise ValueError(f"sheets {sorted(both)} are both edited and replaced")
    if isinstance(source, Path) and target.exists() and target.resolve() == source.resolve():
        raise ValueError("the target must be a new file, not the source")
    with Package(source) as package:
        editor = PackageEditor(package)
        date1904 = _date1904(editor)
        styles = _style_sheet(editor)
        edits = {info.part: _sheet_edits(editor, info, column_writes, styles, date1904)
                 for info, column_writes in _by_sheet(package, writes.columns)}
        editor.streamed.update(edits)
        written = {add_sheet(editor, sheet, styles.xf_for, date1904, styles.dxf_for) for sheet in _last_by_name(writes.sheets)}
        _prune_calc_chain(editor, edits, written)
        formulas = _has_formulas(writes)
        if formulas:
            _full_calc_on_load(editor)
        if styles.changed:
            editor.touch(_styles_part(package))
        editor.finish()
        scanned = _assemble(package, editor, target)
        return PackageChanges(frozenset(editor.changed), frozenset(editor.added),
                              frozenset(editor.removed), formulas, frozenset(scanned))


# -- workbook-level settings -------------------------------------------------------
def _date1904(editor: PackageEditor) -> bool:
    """Mac-made workbooks may count days from 1904; serials must follow."""
    props = editor.tree(editor.package.workbook_part).find(_M + "workbookPr")
    return props is not None and props.get("date1904") in ("1", "true")


def _styles_part(package: Package) -> str:
    for rel in package.relationships(package.workbook_part):
        if rel.type == REL_STYLES and package.has(rel.target):
            return rel.target
    raise ValueError("workbook without a styles part")


def _style_sheet(editor: PackageEditor) -> StyleSheet:
    return StyleSheet(editor.tree(_styles_part(editor.package)))


def _has_formulas(writes: Writes) -> bool:
    kinds = {kind for c in writes.columns for kind in set(map(type, c.values))}
    kinds |= {type(v) for s in writes.sheets for row in s.rows for v in row}
    return any(issubclass(kind, Formula) for kind in kinds)


def _full_calc_on_load(editor: PackageEditor) -> None:
    """Formulas are written without a cached value: make Excel and LibreOffice
    compute them when the file opens."""
    workbook = editor.package.workbook_part
    root = editor.tree(workbook)
    calc = root.find(_M + "calcPr")
    if calc is None:
        calc = etree.Element(_M + "calcPr")
        before = [root.find(_M + t) for t in ("sheets", "functionGroups", "externalReferences", "definedNames")]
        [node for node in before if node is not None][-1].addnext(calc)
    if calc.get("fullCalcOnLoad") != "1":
        calc.set("fullCalcOnLoad", "1")
        editor.touch(workbook)


# -- computed columns ------------------------------------------------------------
def _by_sheet(package: Package, columns: Sequence[ColumnWrite]) -> Iterable[tuple[SheetInfo, list[ColumnWrite]]]:
    grouped: dict[str, list[ColumnWrite]] = defaultdict(list)
    for column in columns:
        if not 1 <= column.col <= MAX_COL or (len(column.rows) and not (
                1 <= int(min(column.rows)) and int(max(column.rows)) <= MAX_ROW)):
            raise ValueError(f"cell outside the sheet in column {column.col} of {column.sheet!r}")
        grouped[column.sheet].append(column)
    for name, group in grouped.items():
        try:
            info = package.sheet(name)
        except KeyError:
            raise ValueError(f"no sheet named {name!r}") from None
        if info.part is None:
            raise ValueError(f"sheet {name!r} is not a worksheet")
        yield info, group


def _style_key(value: object) -> object:
    """What decides a cell's xf besides its Style: dates need a date format, and
    datetimes with a time a date-and-time format."""
    kind = type(value)
    if isinstance(value, dt.datetime):
        return kind, value.time() != _MIDNIGHT
    return kind


# A Style's fields as a tuple: hashed and compared in C, where Style's generated
# __hash__/__eq__ run Python code for each of 100,000 rows.
_style_fields = attrgetter(*(f.name for f in fields(Style)))


def _xf_ids(column: ColumnWrite, styles: StyleSheet) -> list[int | None]:
    """Resolved before streaming, because styles.xml may precede the sheet in the zip.

    A column has few distinct styles but often one Style object per row (a fill per
    status): each distinct Style value is resolved once."""
    values = column.values
    row_styles = repeat(column.style, len(values)) if column.styles is None else [
        column.style if s is None else s for s in column.styles]
    if not any(issubclass(kind, dt.date) for kind in set(map(type, values))):
        # Without dates the value plays no part: a cell's xf is its Style's.
        if column.styles is None:
            return [styles.xf_for(None, column.style) if column.style else None] * len(values)
        keys = [None if style is None else _style_fields(style) for style in row_styles]
        found = {key: styles.xf_for(None, style) if style else None for key, style in dict(zip(keys, row_styles)).items()}
        return list(map(found.__getitem__, keys))
    keyed: dict[tuple[object, object], int | None] = {}
    ids = []
    for value, style in zip(values, row_styles):
        key = (None if style is None else _style_fields(style), _style_key(value))
        if key not in keyed:
            keyed[key] = styles.xf_for(value, style) if is_date(value) or style else None
        ids.append(keyed[key])
    return ids


def _header_cells(column_writes: Sequence[ColumnWrite]) -> dict[tuple[int, int], str]:
    return {(c.header_row, c.col): c.header for c in column_writes if c.header is not None and c.header_row}


def _table_headers(editor: PackageEditor, info: SheetInfo, column_writes: Sequence[ColumnWrite],
                   headers: dict[tuple[int, int], str]) -> dict[tuple[int, int], str]:
    """Widen the sheet's tables that must take in new columns, lengthen those that
    must take in new rows, and keep their column names equal to their header cells;
    returns the header cells this implies."""
    cells: dict[tuple[int, int], str] = {}
    named = [c for c in column_writes if c.table]
    wanted = {name: max(c.col for c in named if c.table == name) for name in {c.table for c in named}}
    lowest = {name: max((int(max(c.rows)) for c in named if c.table == name and len(c.rows)), default=0)
              for name in wanted}
    unknown = set(wanted) - set(info.table_parts)
    if unknown:
        raise ValueError(f"no table {sorted(unknown)} on sheet {info.name!r}")
    for name, part in info.table_parts.items():
        root = editor.tree(part)
        row = header_row(root)
        r1, c1, r2, c2 = table_bounds(root)
        last_col = max(wanted.get(name, c2), c2)
        last_row = max(lowest.get(name, r2), r2)
        own = {col: text for (r, col), text in headers.items() if r == row and c1 <= col <= last_col}
        if last_col == c2 and last_row == r2 and not own:
            continue
        if last_row > r2 and has_totals_row(root):
            raise WorkbookError(msg.table_with_totals(name, info.name))
        _check_overlap(info, name, (r1, c1, last_row, last_col))
        changed, written = update_table(root, own, last_col, last_row)
        if changed:
            editor.touch(part)
            cells.update({(row, col): text for col, text in written.items()})
    return cells


def _check_overlap(info: SheetInfo, name: str, bounds: tuple[int, int, int, int]) -> None:
    """Two tables may not share a cell: Excel would drop one of them."""
    r1, c1, r2, c2 = bounds
    for other in info.tables:
        if other.name != name and not (other.last_row < r1 or other.first_row > r2
                                       or other.last_col < c1 or other.first_col > c2):
            raise ValueError(f"widening table {name!r} would overlap table {other.name!r}")


def _sheet_edits(editor: PackageEditor, info: SheetInfo, column_writes: list[ColumnWrite],
                 styles: StyleSheet, date1904: bool) -> SheetEdits:
    headers = _header_cells(column_writes)
    headers.update(_table_headers(editor, info, column_writes, headers))
    columns = [ColumnCells(c.col, [int(r) for r in c.rows], list(c.values), _xf_ids(c, styles))
               for c in column_writes]
    columns += [ColumnCells(col, [row], [text], [None], header=True) for (row, col), text in sorted(headers.items())]
    # A new column as wide as its header and the short texts it shows (its width only
    # takes if the user set none).
    widths = {c.col: column_width(c.header, c.width, _unwrapped_texts(c)) for c in column_writes if c.width}
    header = min((c.header_row for c in column_writes if c.header_row), default=None)
    _user_titles(editor, info, header, max(c.col for c in column_writes))
    return SheetEdits(columns, widths, date1904, complete_page=True, heights=_wrapped_heights(column_writes))


def _wraps(column: ColumnWrite) -> bool:
    return any(style is not None and style.wrap for style in (column.style, *(column.styles or ())))


def _unwrapped_texts(column: ColumnWrite) -> set[str]:
    """The distinct texts a column that does not wrap shows (a figure's column says
    « non estimé : … » where it has no figure): a handful, whatever the rows."""
    return set() if _wraps(column) else {value for value in column.values if type(value) is str}


def _wrapped_heights(column_writes: Sequence[ColumnWrite]) -> dict[int, float]:
    """Rows as tall as the wrapped texts written in them (Facteurs, Anomalies): a row
    left at its height would show one line of them, over the next rows' in LibreOffice.
    Estimated from the texts' lengths (measure.estimated_lines), for 100,000 rows."""
    heights: dict[int, float] = {}
    for column in column_writes:
        if not _wraps(column):
            continue
        width = column.width or DEFAULT_WIDTH
        per_line = line_room(width)
        wraps = None if column.styles is None else [  # None: every row has the column's (wrapping) style
            bool((style := column.style_at(i)) and style.wrap) for i in range(len(column.values))]
        # A list comprehension first: most rows of a 100,000-row column are measured here.
        long_texts = [(row, value, index) for index, (row, value) in enumerate(zip(column.rows, column.values))
                      if type(value) is str and len(value) > per_line]
        for row, value, index in long_texts:
            if wraps is not None and not wraps[index]:
                continue
            lines = math.ceil(len(value) / per_line) if "\n" not in value else estimated_lines(value, width)
            height = lines * LINE_HEIGHT
            if height > heights.get(row, LINE_HEIGHT):
                heights[row] = height
    return heights


# -- printing a user's sheet -------------------------------------------------------
def _sheet_head(package: Package, part: str) -> bytes:
    """The start of a sheet part, up to its cells: panes and column widths (the first
    64 KiB are enough; a sheet's cells can be 150 MB)."""
    with package.zip.open(part) as member:
        head = member.read(1 << 16)
    at = head.find(b"<sheetData")
    return head[:at] if at >= 0 else head


def _user_titles(editor: PackageEditor, info: SheetInfo, header_row: int | None, last_col: int) -> None:
    """The rows (and columns) a user's sheet repeats on every printed page, unless it
    has its own (printing.py)."""
    package = editor.package
    if info.part is None:
        return
    head = _sheet_head(package, info.part)
    if header_row is None and info.tables:
        header_row = min(t.first_row for t in info.tables)
    titles = user_titles(head, header_row, max(last_col, dimension_last_col(head)))
    workbook = package.workbook_part
    index = next(i for i, other in enumerate(package.sheets) if other.part == info.part)
    if set_print_names(editor.tree(workbook), index, info.name, None, titles, keep=True):
        editor.touch(workbook)


def print_ready(source: Path, target: Path) -> None:
    """`source` (a workbook sicxl built: a template) written to `target` with the print
    settings its sheets lack: A4, readable width, footer, repeated header row."""
    with Package(Path(source)) as package:
        editor = PackageEditor(package)
        for info in package.sheets:
            if info.part is not None:
                editor.streamed[info.part] = SheetEdits(complete_page=True)
                header = min((t.first_row for t in info.tables), default=None)
                _user_titles(editor, info, header or 1, 1)
        editor.finish()
        _assemble(package, editor, Path(target))


def _last_by_name(sheets: Sequence[SheetWrite]) -> list[SheetWrite]:
    return list({s.name.casefold(): s for s in sheets}.values())


# -- calc chain ------------------------------------------------------------------
def _prune_calc_chain(editor: PackageEditor, edits: dict[str, SheetEdits], replaced: set[str]) -> None:
    """Entries of cells now holding plain values, and of replaced sheets, must go."""
    package = editor.package
    workbook = package.workbook_part
    part = next((r.target for r in package.relationships(workbook)
                 if r.type == REL_CALC_CHAIN and package.has(r.target)), None)
    if part is None:
        return
    ids = {s.sheet_id: s.part for s in package.sheets}

    @cache
    def values_at(sheet_part: str, col: int) -> frozenset[int]:
        state: dict[int, bool] = {}
        for column in edits[sheet_part].columns:
            if column.col == col:
                state.update((r, not isinstance(v, Formula)) for r, v in zip(column.rows, column.values))
        return frozenset(r for r, plain in state.items() if plain)

    def doomed(sheet_id: str, ref: str) -> bool:
        sheet_part = ids.get(sheet_id)
        if sheet_part in replaced:
            return True
        if sheet_part not in edits or not ref:
            return False
        row, col, _, _ = parse_ref(ref)
        return row in values_at(sheet_part, col)

    root = editor.tree(part)
    if not calc_chain.prune(root, doomed):
        return
    if calc_chain.is_empty(root):
        editor.remove(part)
        remove_relationships(editor.rels(workbook), workbook, {part})
        remove_overrides(editor.tree(CONTENT_TYPES), {part})
        for touched in (rels_path(workbook), CONTENT_TYPES):
            editor.touch(touched)
    else:
        editor.touch(part)


# -- the zip -------------------------------------------------------------------
def _member(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(info.filename, info.date_time)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = info.external_attr
    for attr in ("compress_level", "_compresslevel"):  # renamed in Python 3.13
        try:
            setattr(member, attr, COMPRESS_LEVEL)
        except AttributeError:
            pass
    return member


def _new_member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, dt.datetime.now().timetuple()[:6])
    info.external_attr = 0o600 << 16
    return _member(info)


def _append_rewritten(out: zipfile.ZipFile, package: Package, info: zipfile.ZipInfo, edits: SheetEdits) -> bool:
    """Stream-rewrite one sheet into `out`: rendered here, deflated on a second
    thread, scanned (by a child process when it is large); True when the scan
    found it well-formed."""
    deflated = DeflatedMember(DEFLATE_LEVEL)
    with scanner(info.file_size) as scan:
        with BackgroundWriter(deflated, name="zip-deflate") as deflating:
            rewrite_sheet(read_member(package.zip, info), edits, Tee(deflating, scan))
        well_formed = scan.close()
    deflated.finish()
    append_deflated(out, _member(info), deflated)
    return well_formed


def _assemble(package: Package, editor: PackageEditor, target: Path) -> set[str]:
    """Write the zip; returns the streamed parts that were found well-formed while
    being written (_append_rewritten)."""
    scanned = set()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as out:
        for info in package.zip.infolist():
            name = info.filename
            if name in editor.removed:
                continue
            if name in editor.streamed:
                if _append_rewritten(out, package, info, editor.streamed[name]):
                    scanned.add(name)
            elif name in editor.new_bytes:
                out.writestr(_member(info), editor.new_bytes[name])
            else:
                copy_raw(package.zip, info, out)
        for name, data in editor.new_bytes.items():
            if not package.has(name):
                out.writestr(_new_member(name), data)
    return scanned
