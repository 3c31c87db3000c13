"""Stream-rewrite a worksheet part: only the rows that receive cells are rebuilt.

A sheet part can hold 100,000 rows (50+ MB of XML); building a tree of it costs
seconds and hundreds of MB. The part is scanned as bytes instead: rows are located
with bytes.find, the bytes between touched rows are copied verbatim, and inside a
touched row only the cells from the first written column on are parsed (a job's
computed columns sit after the user's columns, so that is usually the row's tail).
"""

from __future__ import annotations

import re
from functools import cache
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator, Sequence

from openpyxl.formula.translate import Translator

from sicxl.table import column_letter, column_number
from sicxl.workbook.cells import is_blank, render_cell
from sicxl.workbook.package import parse_ref

_SHEET_DATA = re.compile(rb"<sheetData\b[^>]*?(/?)>")
_ROW_R = re.compile(rb'\br="(\d+)"')
_SPANS = re.compile(rb'\bspans="(\d+):(\d+)"')
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_S_ATTR = re.compile(rb'\bs="(\d+)"')
_F_TAG = re.compile(rb"<f\b([^>]*?)(/>|>(.*?)</f>)", re.S)
_SI = re.compile(rb'\bsi="(\d+)"')
_DIMENSION = re.compile(rb'<dimension ref="([^"]*)"\s*/>')
_COLS = re.compile(rb"<cols>(.*?)</cols>", re.S)
_COL = re.compile(rb'<col\b[^>]*?\bmin="(\d+)"[^>]*?\bmax="(\d+)"[^>]*/>')
_FLUSH_AT = 1 << 20


@dataclass
class ColumnCells:
    """One column's cells on a sheet; `xf_ids[i]` None keeps an existing cell's style.

    A header cell (`header=True`) without a style takes the style of the cell on its
    left, so a new column header looks like the user's own headers.
    """

    col: int
    rows: Sequence[int]
    values: Sequence[object]
    xf_ids: Sequence[int | None]
    header: bool = False


@dataclass
class SheetEdits:
    columns: list[ColumnCells] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    date1904: bool = False

    def bounds(self) -> tuple[int, int, int, int] | None:
        """(first_row, first_col, last_row, last_col) of the non-blank cells written."""
        rows = [r for c in self.columns for r, v in zip(c.rows, c.values) if not is_blank(v)]
        cols = [c.col for c in self.columns if any(not is_blank(v) for v in c.values)]
        return (min(rows), min(cols), max(rows), max(cols)) if rows else None

    def row_edits(self) -> Iterator[tuple[int, list[tuple[int, object, int | None, bool]]]]:
        """(row, [(col, value, xf, header)...] by column) in row order; a later write
        to the same cell wins."""
        ordered = []
        for column in self.columns:
            order = sorted(range(len(column.rows)), key=column.rows.__getitem__)
            ordered.append(([column.rows[i] for i in order], order, column))
        all_rows = sorted(set().union(*(rows for rows, _, _ in ordered)))
        cursors = [0] * len(ordered)
        for row in all_rows:
            cells: dict[int, tuple[int, object, int | None, bool]] = {}
            for k, (rows, order, column) in enumerate(ordered):
                i = cursors[k]
                while i < len(rows) and rows[i] == row:
                    j = order[i]
                    cells[column.col] = (column.col, column.values[j], column.xf_ids[j], column.header)
                    i += 1
                cursors[k] = i
            yield row, [cells[c] for c in sorted(cells)]


@dataclass
class _SharedMaster:
    """A shared formula whose master cell was overwritten: its dependents must be
    given their own formula, or Excel finds them pointing at nothing."""

    formula: str
    ref: str


class _Output:
    """Collects output pieces and hands them to the zip stream in ~1 MB writes."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.pieces, self.size = out, [], 0

    def write(self, piece: bytes | memoryview) -> None:
        self.pieces.append(piece)
        self.size += len(piece)
        if self.size >= _FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        if self.pieces:
            self.out.write(b"".join(self.pieces))
            self.pieces, self.size = [], 0


def rewrite_sheet(data: bytes, edits: SheetEdits, out: BinaryIO) -> None:
    _SheetRewriter(data, edits, _Output(out)).run()


class _SheetRewriter:
    def __init__(self, data: bytes, edits: SheetEdits, out: _Output) -> None:
        self.data, self.view, self.edits, self.out = data, memoryview(data), edits, out
        self.orphans: dict[bytes, _SharedMaster] = {}

    # -- the part as a whole -------------------------------------------------
    def run(self) -> None:
        data = self.data
        match = _SHEET_DATA.search(data)
        if match is None:
            raise ValueError("worksheet without sheetData")
        head = self._edit_head(data[: match.start()])
        if match.group(1):  # <sheetData/>
            body_start = body_end = tail_start = match.end()
            opening = data[match.start(): match.end() - 2] + b">"
        else:
            body_start, opening = match.end(), data[match.start(): match.end()]
            body_end = data.rfind(b"</sheetData>")
            tail_start = body_end + len(b"</sheetData>")
        self.rows_need_r = data.count(b"<row ", body_start, body_end) + data.count(
            b"<row>", body_start, body_end) != data.count(b'<row r="', body_start, body_end)
        self.cells_need_r = data.count(b"<c ", body_start, body_end) + data.count(
            b"<c>", body_start, body_end) + data.count(b"<c/>", body_start, body_end) != data.count(
            b'<c r="', body_start, body_end)
        self.out.write(head)
        self.out.write(opening)
        self._rows(body_start, body_end)
        self.out.write(b"</sheetData>")
        self.out.write(self.view[tail_start:])
        self.out.flush()

    def _edit_head(self, head: bytes) -> bytes:
        bounds = self.edits.bounds()
        if bounds:
            head = _DIMENSION.sub(lambda m: b'<dimension ref="%s"/>' % _union_ref(m.group(1), bounds), head, count=1)
        if self.edits.widths:
            head = _add_cols(head, self.edits.widths)
        return head

    # -- rows ------------------------------------------------------------------
    def _rows(self, start: int, end: int) -> None:
        data, out = self.data, self.out
        pending = self.edits.row_edits()
        edit = next(pending, None)
        flushed = pos = start
        previous = 0
        while True:
            i = data.find(b"<row", pos, end)
            if i < 0:
                break
            tag_end = data.find(b">", i)
            closed = data[tag_end - 1] == 0x2F  # "/>": an empty row
            row_end = tag_end + 1 if closed else data.find(b"</row>", tag_end) + 6
            found = _ROW_R.search(data, i, tag_end)
            number = int(found.group(1)) if found else previous + 1
            previous = number
            while edit is not None and edit[0] < number:
                out.write(self.view[flushed:i])
                flushed = i
                out.write(self._new_row(*edit))
                edit = next(pending, None)
            cells = edit[1] if edit is not None and edit[0] == number else None
            if cells is not None or (self.rows_need_r and not found) or (
                    self.orphans and data.find(b'si="', i, row_end) >= 0):
                out.write(self.view[flushed:i])
                out.write(self._rewrite_row(i, tag_end, row_end, closed, number, cells or []))
                flushed = row_end
                if cells is not None:
                    edit = next(pending, None)
            pos = row_end
            if edit is None and not self.rows_need_r and not self.orphans:
                break
        out.write(self.view[flushed:end])
        while edit is not None:
            out.write(self._new_row(*edit))
            edit = next(pending, None)

    def _new_row(self, number: int, cells: list) -> bytes:
        body = self._merge(number, [], cells)
        return b'<row r="%d">%s</row>' % (number, body) if body else b""

    def _rewrite_row(self, i: int, tag_end: int, row_end: int, closed: bool, number: int,
                     cells: list) -> bytes:
        data = self.data
        tag = data[i: tag_end + 1]
        if closed:
            tag = tag[:-2].rstrip() + b">"
        if not _ROW_R.search(tag):
            tag = b'<row r="%d"' % number + tag[4:]
        if cells:
            tag = _SPANS.sub(lambda m: b'spans="%d:%d"' % (min(int(m.group(1)), cells[0][0]),
                                                           max(int(m.group(2)), cells[-1][0])), tag, count=1)
        body_start = tag_end + 1
        body_end = body_start if closed else row_end - 6
        parse_from = self._parse_start(body_start, body_end, number, cells)
        existing = list(self._cells(parse_from, body_end, number))
        merged = self._merge(number, existing, cells)
        return tag + data[body_start:parse_from] + merged + b"</row>"

    def _parse_start(self, start: int, end: int, number: int, cells: list) -> int:
        """Where cell parsing must begin: the row's tail from the first written
        column when every cell carries its reference, else the whole row."""
        data = self.data
        if self.cells_need_r or not cells or any(c[3] for c in cells) or (
                self.orphans and data.find(b'si="', start, end) >= 0):
            return start
        first_col = cells[0][0]
        last = data.rfind(b'<c r="', start, end)
        if last < 0:
            return end
        ref = _CELL_REF.match(data, last + 3)
        if ref and _col_number(ref.group(1)) < first_col:
            return end
        at = data.find(b'<c r="%s%d"' % (_letters(first_col).encode(), number), start, end)
        return at if at >= 0 else start

    def _cells(self, start: int, end: int, number: int) -> Iterator[tuple[int, bytes]]:
        col = 0
        for match in _CELL.finditer(self.data, start, end):
            ref = _CELL_REF.search(match.group(1))
            col = _col_number(ref.group(1)) if ref else col + 1
            cell = match.group(0)
            if not ref:
                cell = b'<c r="%s%d"' % (_letters(col).encode(), number) + cell[2:]
            yield col, cell

    # -- cells -----------------------------------------------------------------
    def _merge(self, number: int, existing: list[tuple[int, bytes]], cells: list) -> bytes:
        """Existing cells and written cells, in column order; a written cell
        replaces the existing one, a blank value removes it."""
        pieces: list[bytes] = []
        left_style: bytes | None = None
        k = 0
        for col, cell in existing:
            while k < len(cells) and cells[k][0] < col:
                left_style = self._emit(pieces, number, cells[k], None, left_style)
                k += 1
            if k < len(cells) and cells[k][0] == col:
                self._forget_formula(cell, col, number)
                left_style = self._emit(pieces, number, cells[k], cell, left_style)
                k += 1
            else:
                cell = self._fix_dependent(cell, col, number)
                pieces.append(cell)
                found = _S_ATTR.search(cell, 0, cell.find(b">"))
                left_style = found.group(1) if found else None
        for rest in cells[k:]:
            left_style = self._emit(pieces, number, rest, None, left_style)
        return b"".join(pieces)

    def _emit(self, pieces: list[bytes], number: int, edit: tuple, old: bytes | None,
              left_style: bytes | None) -> bytes | None:
        col, value, xf, header = edit
        if is_blank(value):
            return left_style
        if xf is None:
            found = _S_ATTR.search(old, 0, old.find(b">")) if old else None
            kept = found.group(1) if found else (left_style if header else None)
            xf = int(kept) if kept else None
        pieces.append(render_cell(f"{_letters(col)}{number}", value, xf,
                                  self.edits.date1904).encode())
        return str(xf).encode() if xf else None

    def _forget_formula(self, cell: bytes, col: int, number: int) -> None:
        """Remember a shared-formula master that is being overwritten."""
        if b't="shared"' not in cell:
            return
        f = _F_TAG.search(cell)
        if f and b"ref=" in f.group(1) and f.group(3):
            si = _SI.search(f.group(1))
            if si:
                self.orphans[si.group(1)] = _SharedMaster(
                    "=" + _unescape(f.group(3)), f"{column_letter(col)}{number}")

    def _fix_dependent(self, cell: bytes, col: int, number: int) -> bytes:
        if not self.orphans or b'si="' not in cell:
            return cell
        f = _F_TAG.search(cell)
        si = _SI.search(f.group(1)) if f else None
        if not f or not si or si.group(1) not in self.orphans or b"ref=" in f.group(1):
            return cell
        master = self.orphans[si.group(1)]
        text = Translator(master.formula, origin=master.ref).translate_formula(f"{column_letter(col)}{number}")
        own = b"<f>%s</f>" % _escape(text[1:])
        return cell[: f.start()] + own + cell[f.end():]


@cache
def _letters(col: int) -> str:
    return column_letter(col)


@cache
def _col_number(letters: bytes) -> int:
    return column_number(letters.decode())


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


def _unescape(text: bytes) -> str:
    return (text.decode().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _union_ref(ref: bytes, bounds: tuple[int, int, int, int]) -> bytes:
    r1, c1, r2, c2 = bounds
    if ref:
        o1, oc1, o2, oc2 = parse_ref(ref.decode())
        r1, c1, r2, c2 = min(r1, o1), min(c1, oc1), max(r2, o2), max(c2, oc2)
    first, last = f"{column_letter(c1)}{r1}", f"{column_letter(c2)}{r2}"
    return (first if first == last else f"{first}:{last}").encode()


def _add_cols(head: bytes, widths: dict[int, float]) -> bytes:
    """Widths for columns no <col> range covers yet; ranges already set by the user
    are left alone (Excel requires them sorted and disjoint)."""
    match = _COLS.search(head)
    existing = [(int(m.group(1)), int(m.group(2)), m.group(0)) for m in _COL.finditer(match.group(1))] if match else []
    new = [(c, c, b'<col min="%d" max="%d" width="%s" customWidth="1"/>' % (c, c, repr(float(w)).encode()))
           for c, w in widths.items() if not any(lo <= c <= hi for lo, hi, _ in existing)]
    if not new:
        return head
    cols = b"<cols>%s</cols>" % b"".join(xml for _, _, xml in sorted(existing + new))
    if match:
        return head[: match.start()] + cols + head[match.end():]
    return head + cols  # <cols> comes right before <sheetData>
