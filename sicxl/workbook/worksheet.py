"""Stream-rewrite a worksheet part: only the rows that receive cells are rebuilt.

A sheet part can hold 100,000 rows (150+ MB of XML); building a tree of it costs
seconds and hundreds of MB. The part is scanned as bytes instead: rows are located
with bytes.find, the bytes between touched rows are copied verbatim, and inside a
touched row only the cells from the first written column on are parsed (a job's
computed columns sit after the user's columns, so that is usually the row's tail).

The written cells are rendered a column at a time (cells.cell_bodies), a few
thousand rows ahead, and most rows then take one of two splices: the cells go after
the row's own ones (a first run), or they replace the row's tail that an earlier
run wrote (a rerun). Any other row goes through the cell-by-cell merge.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import islice
from operator import itemgetter, lt
from typing import BinaryIO, Iterator, Sequence


from sicxl.table import column_letter, column_number
from sicxl.workbook.cells import cell_bodies, is_blank
from sicxl.workbook.package import parse_ref
from sicxl.workbook.printing import complete_page

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
_COL_WIDTH = re.compile(rb'\bwidth="([\d.]+)"')
_HT = re.compile(rb'\s*\bht="([\d.]+)"')
_CUSTOM_HEIGHT = re.compile(rb'\s*\bcustomHeight="[^"]*"')
_FLUSH_AT = 1 << 22  # bytes handed to the zip stream at once: fewer, larger deflate calls
_BLOCK = 4096  # rows rendered ahead: memory stays flat whatever the number of rows
# Rendered cells whose style is decided by the cell they replace carry one of these
# right after their r attribute; neither byte can occur in a written part (XML 1.0
# forbids them, escape_text removes them).
_KEEP = b"\x00"  # the replaced cell's s
_HEADER = b"\x01"  # the replaced cell's s, else that of the cell on the left


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


# (row, written columns ascending, their rendered cells (b"" clears one), write order)
RowEdit = tuple[int, tuple[int, ...], Sequence[bytes], tuple[int, ...]]


@dataclass
class SheetEdits:
    """What to change in a sheet: cells, widths of new columns, and (`complete_page`)
    the print settings it lacks (printing.complete_page)."""

    columns: list[ColumnCells] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    date1904: bool = False
    complete_page: bool = False
    heights: dict[int, float] = field(default_factory=dict)  # rows that must be at least this tall (points)

    def bounds(self) -> tuple[int, int, int, int] | None:
        """(first_row, first_col, last_row, last_col) of the non-blank cells written."""
        spans = [(span, column.col) for group in self._grouped for column in group.columns
                 if (span := _written_span(column)) is not None]
        if not spans:
            return None
        return (min(s[0] for s, _ in spans), min(c for _, c in spans),
                max(s[1] for s, _ in spans), max(c for _, c in spans))

    @cached_property
    def _grouped(self) -> list[_Group]:
        return _groups(self.columns)

    def row_edits(self) -> Iterator[RowEdit]:
        """The written cells row by row, in row order; a later write to the same
        cell wins."""
        streams = [_group_rows(group, self.date1904) for group in self._grouped]
        if len(streams) == 1:
            yield from streams[0]
            return
        pending = None
        for edit in heapq.merge(*streams, key=itemgetter(0)):
            if pending is not None and pending[0] == edit[0]:
                pending = _combine(pending, edit)
                continue
            if pending is not None:
                yield pending
            pending = edit
        if pending is not None:
            yield pending


@dataclass
class _Group:
    """Columns written on the same rows: their cells are zipped into rows."""

    rows: list[int]
    columns: list[ColumnCells] = field(default_factory=list)
    order: list[int] = field(default_factory=list)

    def add(self, column: ColumnCells, order: int) -> None:
        for k, other in enumerate(self.columns):
            if other.col == column.col:  # the later write wins
                self.columns[k], self.order[k] = column, order
                return
        self.columns.append(column)
        self.order.append(order)


def _in_row_order(column: ColumnCells) -> ColumnCells:
    """The column with strictly increasing rows, the last write to a row kept."""
    rows = list(map(int, column.rows))
    if all(map(lt, rows, islice(rows, 1, None))):
        return ColumnCells(column.col, rows, column.values, column.xf_ids, column.header)
    last = {row: i for i, row in enumerate(rows)}
    keep = [last[row] for row in sorted(last)]
    return ColumnCells(column.col, [rows[i] for i in keep], [column.values[i] for i in keep],
                       [column.xf_ids[i] for i in keep], column.header)


def _groups(columns: Sequence[ColumnCells]) -> list[_Group]:
    groups: list[_Group] = []
    for order, column in enumerate(columns):
        column = _in_row_order(column)
        group = next((g for g in groups if g.rows == column.rows), None)
        if group is None:
            group = _Group(column.rows)
            groups.append(group)
        group.add(column, order)
    for group in groups:
        ranked = sorted(zip(group.columns, group.order), key=lambda pair: pair[0].col)
        group.columns, group.order = [c for c, _ in ranked], [o for _, o in ranked]
    return groups


def _written_span(column: ColumnCells) -> tuple[int, int] | None:
    """First and last rows of the column's non-blank values (rows ascending)."""
    rows, values = column.rows, column.values
    first = next((r for r, v in zip(rows, values) if not is_blank(v)), None)
    if first is None:
        return None
    return first, next(r for r, v in zip(reversed(rows), reversed(values)) if not is_blank(v))


def _render(column: ColumnCells, start: int, stop: int, date1904: bool) -> list[bytes]:
    """The column's cells of rows[start:stop] as bytes; b"" for a blank value."""
    rows, xf_ids = column.rows[start:stop], column.xf_ids[start:stop]
    bodies = cell_bodies(column.values[start:stop], date1904)
    inherited = _HEADER if column.header else _KEEP
    attrs = {xf: inherited if xf is None else b' s="%d"' % xf if xf else b"" for xf in set(xf_ids)}
    prefix = b'<c r="' + _letters(column.col) + b'%d"'
    if len(attrs) == 1:
        template = prefix + attrs.popitem()[1] + b"%s"
        return [template % (r, body) if body else b"" for r, body in zip(rows, bodies)]
    template = prefix + b"%s%s"
    return [template % (r, attrs[xf], body) if body else b"" for r, xf, body in zip(rows, xf_ids, bodies)]


def _group_rows(group: _Group, date1904: bool) -> Iterator[RowEdit]:
    cols, order = tuple(c.col for c in group.columns), tuple(group.order)
    for start in range(0, len(group.rows), _BLOCK):
        stop = start + _BLOCK
        rendered = [_render(column, start, stop, date1904) for column in group.columns]
        for row, cells in zip(group.rows[start:stop], zip(*rendered)):
            yield row, cols, cells, order


def _combine(first: RowEdit, second: RowEdit) -> RowEdit:
    """One row's edits from two groups; on a shared column the later write wins."""
    chosen: dict[int, tuple[int, bytes]] = {}
    for _, cols, cells, order in (first, second):
        for col, cell, rank in zip(cols, cells, order):
            if col not in chosen or chosen[col][0] < rank:
                chosen[col] = (rank, cell)
    cols = tuple(sorted(chosen))
    return first[0], cols, tuple(chosen[c][1] for c in cols), tuple(chosen[c][0] for c in cols)


@dataclass
class _SharedMaster:
    """A shared formula whose master cell was overwritten: its dependents must be
    given their own formula, or Excel finds them pointing at nothing."""

    formula: str
    ref: str


class _Output:
    """Collects output pieces and hands them to the zip stream in ~4 MB writes."""

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


def rewrite_sheet(data: bytes | bytearray, edits: SheetEdits, out: BinaryIO) -> None:
    _SheetRewriter(data, edits, _Output(out)).run()


class _SheetRewriter:
    def __init__(self, data: bytes | bytearray, edits: SheetEdits, out: _Output) -> None:
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
        tail: bytes | memoryview = self.view[tail_start:]
        if self.edits.complete_page:
            head, tail = complete_page(head, bytes(tail), dimension_last_col(head))
        self.out.write(head)
        self.out.write(opening)
        self._rows(body_start, body_end)
        self.out.write(b"</sheetData>")
        self.out.write(tail)
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
        """Copy the rows, rebuilding those that receive cells, those without an r
        attribute (they get one) and those depending on an overwritten shared formula."""
        data, view, out = self.data, self.view, self.out
        pending = self.edits.row_edits()
        edit = next(pending, None)
        flushed = pos = start
        previous = 0
        rest_lacks_r: bool | None = None
        while True:
            if edit is None and not self.orphans:
                if rest_lacks_r is None:
                    rest_lacks_r = data.count(b"<row", pos, end) != data.count(b'<row r="', pos, end)
                if not rest_lacks_r:
                    break
            i = data.find(b"<row", pos, end)
            if i < 0:
                break
            tag_end = data.find(b">", i)
            closed = data[tag_end - 1] == 0x2F  # "/>": an empty row
            row_end = tag_end + 1 if closed else data.find(b"</row>", tag_end) + 6
            if data.startswith(b' r="', i + 4):
                has_r, number = True, int(data[i + 8: data.find(b'"', i + 8)])
            else:
                found = _ROW_R.search(data, i, tag_end)
                has_r, number = found is not None, int(found.group(1)) if found else previous + 1
            previous = number
            while edit is not None and edit[0] < number:
                out.write(view[flushed:i])
                flushed = i
                out.write(self._new_row(edit[0], edit[1], edit[2]))
                edit = next(pending, None)
            if edit is not None and edit[0] == number:
                self._rewrite_row(flushed, i, tag_end, row_end, closed, number, has_r, edit[1], edit[2])
                flushed = row_end
                edit = next(pending, None)
            elif not has_r or (self.orphans and data.find(b'si="', i, row_end) >= 0):
                self._rewrite_row(flushed, i, tag_end, row_end, closed, number, has_r, (), ())
                flushed = row_end
            pos = row_end
        out.write(view[flushed:end])
        while edit is not None:
            out.write(self._new_row(edit[0], edit[1], edit[2]))
            edit = next(pending, None)

    def _new_row(self, number: int, cols: tuple[int, ...], cells: Sequence[bytes]) -> bytes:
        body = self._merge(number, [], cols, cells)
        if not body:
            return b""
        return _taller(b'<row r="%d">' % number, self.edits.heights.get(number)) + body + b"</row>"

    def _rewrite_row(self, flushed: int, i: int, tag_end: int, row_end: int, closed: bool, number: int,
                     has_r: bool, cols: tuple[int, ...], cells: Sequence[bytes]) -> None:
        """Write data[flushed:i], then the row at i with the written cells."""
        data, view, out = self.data, self.view, self.out
        body_start = tag_end + 1
        body_end = body_start if closed else row_end - 6
        spliced = self._splice(body_start, body_end, number, cols, cells) if cols else None
        if spliced is not None:
            cut, merged = spliced
        else:
            cut = self._parse_start(body_start, body_end, number, cols, cells)
            merged = self._merge(number, list(self._cells(cut, body_end, number)), cols, cells)
        height = self.edits.heights.get(number)
        if closed or not has_r or (cols and data.find(b"spans=", i, tag_end) >= 0):
            tag = _taller(self._row_tag(data[i: tag_end + 1], closed, number, has_r, cols), height)
            out.write(b"".join((view[flushed:i], tag, view[body_start:cut], merged, b"</row>")))
        elif height:  # only taller
            tag = _taller(bytes(view[i: tag_end + 1]), height)
            out.write(b"".join((view[flushed:i], tag, view[body_start:cut], merged, b"</row>")))
        else:  # the row's tag stays: one copy up to the cut
            out.write(b"".join((view[flushed:cut], merged, b"</row>")))

    @staticmethod
    def _row_tag(tag: bytes, closed: bool, number: int, has_r: bool, cols: tuple[int, ...]) -> bytes:
        """The row's start tag: opened if it was empty, with its number, its spans
        taking in the written columns."""
        if closed:
            tag = tag[:-2].rstrip() + b">"
        if not has_r:
            tag = b'<row r="%d"' % number + tag[4:]
        if cols:
            tag = _SPANS.sub(lambda m: b'spans="%d:%d"' % (min(int(m.group(1)), cols[0]),
                                                           max(int(m.group(2)), cols[-1])), tag, count=1)
        return tag

    # -- the two splices ---------------------------------------------------------
    def _splice(self, start: int, end: int, number: int, cols: tuple[int, ...],
                cells: Sequence[bytes]) -> tuple[int, bytes] | None:
        """(where the row's own cells stop, the written cells) when the written
        cells simply follow the row's cells, or replace a tail made only of cells
        they overwrite; None when the row needs the cell-by-cell merge."""
        data = self.data
        written = b"".join(cells)
        if _HEADER in written or (self.orphans and data.find(b'si="', start, end) >= 0):
            return None
        last_col = self._last_col(start, end)
        if last_col is None:
            return None
        if last_col < cols[0]:  # nothing overwritten: the new cells follow
            return end, written.replace(_KEEP, b"")
        if last_col > cols[-1] or cols[-1] - cols[0] + 1 != len(cols):
            return None  # cells to keep among or after the written ones
        cut = data.rfind(b'<c r="%s%d"' % (_letters(cols[0]), number), start, end)
        if cut < 0 or data.find(b't="shared"', cut, end) >= 0:
            return None  # a shared formula's master cell may be overwritten
        return cut, self._kept_styles(written, cut, end) if _KEEP in written else written

    def _last_col(self, start: int, end: int) -> int | None:
        """The column of the row's last cell (0 for no cell); None when only
        counting could tell it: a cell without a reference follows the last one
        with a reference (cells before that one keep their place whatever follows)."""
        data = self.data
        last = data.rfind(b'<c r="', start, end)
        if data.find(b"<c", last + 2 if last >= 0 else start, end) >= 0:
            return None
        return self._col_at(last) if last >= 0 else 0

    def _col_at(self, at: int) -> int | None:
        ref = _CELL_REF.match(self.data, at + 3)
        return _col_number(ref.group(1)) if ref else None

    def _kept_styles(self, written: bytes, start: int, end: int) -> bytes:
        """Give each written cell marked _KEEP the s of the cell it replaces in
        data[start:end], if any."""
        data = self.data
        pieces = []
        pos = 0
        while (mark := written.find(_KEEP, pos)) >= 0:
            ref = written[written.rfind(b'<c r="', pos, mark): mark]
            old = data.find(ref, start, end)
            pieces += [written[pos:mark], self._style_of(data, old) if old >= 0 else b""]
            pos = mark + 1
        pieces.append(written[pos:])
        return b"".join(pieces)

    @staticmethod
    def _style_of(data: bytes, at: int) -> bytes:
        """The s attribute of the cell starting at data[at], as written anew."""
        found = _S_ATTR.search(data, at, data.find(b">", at))
        return _s_attr(found.group(1)) if found else b""

    # -- the cell-by-cell merge --------------------------------------------------
    def _parse_start(self, start: int, end: int, number: int, cols: tuple[int, ...],
                     cells: Sequence[bytes]) -> int:
        """Where cell parsing must begin: the row's tail from the first written
        column's cell when it has one, else the whole row (cells without a
        reference are numbered from where parsing begins)."""
        data = self.data
        if not cols or any(_HEADER in c for c in cells) or (self.orphans and data.find(b'si="', start, end) >= 0):
            return start
        last_col = self._last_col(start, end)
        if last_col is not None and last_col < cols[0]:
            return end
        at = data.rfind(b'<c r="%s%d"' % (_letters(cols[0]), number), start, end)
        return at if at >= 0 else start

    def _cells(self, start: int, end: int, number: int) -> Iterator[tuple[int, bytes]]:
        col = 0
        for match in _CELL.finditer(self.data, start, end):
            ref = _CELL_REF.search(match.group(1))
            col = _col_number(ref.group(1)) if ref else col + 1
            cell = match.group(0)
            if not ref:
                cell = b'<c r="%s%d"' % (_letters(col), number) + cell[2:]
            yield col, cell

    def _merge(self, number: int, existing: list[tuple[int, bytes]], cols: tuple[int, ...],
               cells: Sequence[bytes]) -> bytes:
        """Existing cells and written cells, in column order; a written cell
        replaces the existing one, a blank value removes it."""
        pieces: list[bytes] = []
        k = 0
        for col, cell in existing:
            while k < len(cols) and cols[k] < col:
                _emit(pieces, cells[k], None)
                k += 1
            if k < len(cols) and cols[k] == col:
                self._forget_formula(cell, col, number)
                _emit(pieces, cells[k], cell)
                k += 1
            else:
                pieces.append(self._fix_dependent(cell, col, number))
        for rest in cells[k:]:
            _emit(pieces, rest, None)
        return b"".join(pieces)

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
        from openpyxl.formula.translate import Translator  # rare (shared formulas): kept off a job's start-up

        text = Translator(master.formula, origin=master.ref).translate_formula(f"{column_letter(col)}{number}")
        own = b"<f>%s</f>" % _escape(text[1:])
        return cell[: f.start()] + own + cell[f.end():]


def _taller(tag: bytes, height: float | None) -> bytes:
    """A row's start tag at least `height` points tall (a row is never made shorter:
    its user may have made it taller on purpose)."""
    if not height:
        return tag
    if b"ht=" in tag:
        found = _HT.search(tag)
        if found is not None and float(found.group(1)) >= height:
            return tag
        tag = _CUSTOM_HEIGHT.sub(b"", _HT.sub(b"", tag))
    return tag[:-1] + _height_attrs(height)


@cache
def _height_attrs(height: float) -> bytes:
    return b' ht="%s" customHeight="1">' % f"{height:g}".encode()


def _emit(pieces: list[bytes], cell: bytes, old: bytes | None) -> None:
    """Append a written cell (nothing for a blank one), giving a cell marked
    _KEEP/_HEADER the style of the cell it replaces, or for a header without one,
    that of the cell on its left (the last one appended)."""
    if not cell:
        return
    mark = cell.find(b'"', 6) + 1  # right after the r attribute
    inherited = cell[mark: mark + 1]
    if inherited == _KEEP or inherited == _HEADER:
        found = _S_ATTR.search(old, 0, old.find(b">")) if old else None
        if found is None and inherited == _HEADER and pieces:
            found = _S_ATTR.search(pieces[-1], 0, pieces[-1].find(b">"))
        cell = cell[:mark] + (_s_attr(found.group(1)) if found else b"") + cell[mark + 1:]
    pieces.append(cell)


def _s_attr(xf: bytes) -> bytes:
    """A style kept from another cell, written the way render_cell writes one."""
    number = int(xf)
    return b' s="%d"' % number if number else b""


@cache
def _letters(col: int) -> bytes:
    return column_letter(col).encode()


@cache
def _col_number(letters: bytes) -> int:
    return column_number(letters.decode())


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


def _unescape(text: bytes) -> str:
    return (text.decode().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def dimension_last_col(head: bytes) -> int:
    """The last column of a sheet's dimension (1 when it has none)."""
    found = _DIMENSION.search(head)
    return parse_ref(found.group(1).decode())[3] if found and found.group(1) else 1


def _union_ref(ref: bytes, bounds: tuple[int, int, int, int]) -> bytes:
    r1, c1, r2, c2 = bounds
    if ref:
        o1, oc1, o2, oc2 = parse_ref(ref.decode())
        r1, c1, r2, c2 = min(r1, o1), min(c1, oc1), max(r2, o2), max(c2, oc2)
    first, last = f"{column_letter(c1)}{r1}", f"{column_letter(c2)}{r2}"
    return (first if first == last else f"{first}:{last}").encode()


def _widened(col: int, low: int, high: int, xml: bytes, widths: dict[int, float]) -> bytes:
    """A <col> of one column the writer fills, made as wide as what it now shows
    when it was narrower; a hidden column, or one of a range, is left as it is."""
    width = _COL_WIDTH.search(xml)
    if low != high or col not in widths or b'hidden="1"' in xml or width is None \
            or float(width.group(1)) >= widths[col]:
        return xml
    return xml[: width.start(1)] + repr(float(widths[col])).encode() + xml[width.end(1):]


def _add_cols(head: bytes, widths: dict[int, float]) -> bytes:
    """Widths for columns no <col> range covers yet; a column of its own the writer
    fills is widened for what it shows (never narrowed); ranges the user set are
    left alone (Excel requires them sorted and disjoint)."""
    match = _COLS.search(head)
    existing = [(int(m.group(1)), int(m.group(2)), m.group(0)) for m in _COL.finditer(match.group(1))] if match else []
    kept = [(lo, hi, _widened(lo, lo, hi, xml, widths)) for lo, hi, xml in existing]
    new = [(c, c, b'<col min="%d" max="%d" width="%s" customWidth="1"/>' % (c, c, repr(float(w)).encode()))
           for c, w in widths.items() if not any(lo <= c <= hi for lo, hi, _ in existing)]
    if not new and kept == existing:
        return head
    cols = b"<cols>%s</cols>" % b"".join(xml for _, _, xml in sorted(kept + new))
    if match:
        return head[: match.start()] + cols + head[match.end():]
    return head + cols  # <cols> comes right before <sheetData>
