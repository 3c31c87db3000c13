"""A worksheet's used range, measured from its cells before the reader allocates it.

python-calamine builds a sheet as one dense block spanning its first to its last
valued cell, whatever the sheet's `<dimension>` says: one stray cell at
XFD1048576 beside a 500-row table asks for 17 billion cells, and the process
aborts. So the cells are located first, from the bytes:

- `QuickScan`: a sheet written the usual way (Excel, LibreOffice, openpyxl,
  sicxl: every cell `<c r="…"`, cells in column order within their row) is
  bounded by A1 and the last cell of each row: two finds per row, done on each
  piece as it is inflated, so that the sheet is never held whole. Any other form
  (a cell without a reference, a prefixed element) gives no bound, and
- `cell_positions` reads every cell the way python-calamine does (a cell without
  a reference follows the previous one; a row without one follows the previous
  row), keeping only cells that hold something: exact, slower, used only when
  the quick bound says the sheet may be too large.

`plan_read` then decides: read as is; read without a few stray cells far from the
table (the user is told which, and the file keeps them: the writer copies what it
does not change); or refuse, naming the farthest cell.

What the quick bound does not see: a far cell hidden in the middle of a row, out
of column order (Excel itself calls such a file damaged). Checking every cell
would cost a second per 100,000 rows; such a crafted file is left to the process
limits of `regenerate` (parallel.isolated), where it fails alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from sicxl.table import column_letter, column_number

if TYPE_CHECKING:  # numpy serves only the exact look, rare: not imported by every job's start
    import numpy as np

# The bounding box a sheet may take without a second look: 4 million cells (about
# 200 MB once read), or 16 times its cells for a sparser table.
ROOMY_AREA = 4_000_000
SPARSE_FACTOR = 16
# Never more than this, whatever the sheet holds (about 2.5 GB once read).
MAX_AREA = 50_000_000
# At most this many cells are set aside as strays; more is a sheet to refuse.
MAX_STRAYS = 1_000
_MAX_STRAY_LINES = 200

_SMALLEST_CELL = len(b'<c r="A1"><v>1</v></c>')  # bytes: a bound of the cells a sheet holds
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b[^>]*?(/?)>")
_REF = re.compile(rb"([A-Za-z]{1,3})(\d{1,10})\"")
# a cell element whose first attribute is not its reference, or with a prefix
# (two searches: one pattern with both would lose the regex engine's literal prefix scan)
_UNUSUAL_CELL = re.compile(rb'<c(?! r=")[\s>/]')
_PREFIXED_CELL = re.compile(rb":c[\s>/]")
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\bt="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>.*?</f>)?<v>([^<]*)</v>')
_ELEMENT = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)\b([^>]*?)(/?)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]*)(\d+)["']""")
_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c\s*>")


@dataclass(frozen=True)
class Extent:
    """A block of cells, 1-based and inclusive, and how many cells it holds
    (at most that many, for the quick bound)."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    cells: int

    @property
    def area(self) -> int:
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)

    @property
    def roomy(self) -> bool:
        """Small, or not much larger than what it holds: read without a second look."""
        return self.area <= min(MAX_AREA, max(ROOMY_AREA, SPARSE_FACTOR * self.cells))


@dataclass(frozen=True)
class Cells:
    """Every cell that holds something: 1-based rows and columns, and where each
    cell's element starts in the sheet's bytes."""

    rows: np.ndarray
    cols: np.ndarray
    starts: np.ndarray

    def extent(self, keep: np.ndarray | None = None) -> Extent | None:
        rows, cols = (self.rows, self.cols) if keep is None else (self.rows[keep], self.cols[keep])
        if not len(rows):
            return None
        return Extent(int(rows.min()), int(cols.min()), int(rows.max()), int(cols.max()), len(rows))


@dataclass(frozen=True)
class ReadPlan:
    """How to read a sheet: `strays` are the starts of the cells to leave out
    (empty: read the sheet as it is), `refused` the farthest cell when the sheet
    cannot be read at all."""

    strays: tuple[int, ...] = ()
    stray_refs: tuple[str, ...] = ()
    refused: str | None = None


def sheet_body(data: bytes | bytearray) -> tuple[int, int]:
    """Where the rows are: the content of <sheetData> (empty when it has none)."""
    match = _SHEET_DATA.search(data)
    if match is None or match.group(1):
        return 0, 0
    end = data.rfind(b"sheetData>")
    return match.end(), max(match.end(), data.rfind(b"<", 0, end) if end >= 0 else len(data))


@cache
def _col(letters: bytes) -> int:
    return column_number(letters.decode().upper())


class QuickScan:
    """A sink for a sheet's bytes, in order (module docstring): measures them as
    they are inflated, holding only the row being read; also collects the cells
    holding an Excel error code, which python-calamine shows as blanks."""

    def __init__(self) -> None:
        self.usual = True
        self.high_row = self.high_col = self.rows = 0
        self.errors: list[tuple[bytes, bytes, bytes]] = []
        self._carry = b""
        self._size = 0

    def write(self, piece: bytes) -> int:
        """Measure the rows that end in this piece; keep the last, unfinished one."""
        self._size += len(piece)
        cut = piece.rfind(b"</row>") + 6
        if cut < 6:
            self._carry += piece
            return len(piece)
        start = 0
        if self._carry:  # the row begun in earlier pieces, joined to its end only
            start = piece.find(b"</row>") + 6
            joined = self._carry + piece[:start]
            self._measure(joined, 0, len(joined))
        self._measure(piece, start, cut)
        self._carry = piece[cut:]
        return len(piece)

    def _measure(self, data: bytes, start: int, cut: int) -> None:
        if self.usual and (_UNUSUAL_CELL.search(data, start, cut) or _PREFIXED_CELL.search(data, start, cut)):
            self.usual = False
        if data.find(b't="e"', start, cut) >= 0:
            self.errors += _ERROR_CELL.findall(data, start, cut)
        if not self.usual:
            return
        find, rfind, ref = data.find, data.rfind, _REF.match
        high_row, high_col, rows = self.high_row, self.high_col, self.rows
        at = start
        while (close := find(b"</row>", at, cut)) >= 0:
            last = rfind(b'<c r="', at, close)
            if last >= 0:
                found = ref(data, last + 6)
                if found is None:
                    self.usual = False
                    return
                high_row = max(high_row, int(found.group(2)))
                high_col = max(high_col, _col(found.group(1)))
                rows += 1
            at = close + 6
        self.high_row, self.high_col, self.rows = high_row, high_col, rows

    def extent(self) -> Extent | None:
        """The bound, once every byte is written; None when the sheet is not in the
        usual form (the bound would not be one)."""
        rest = self._carry  # after the last row's end: no cell may be there
        if b'c r="' in rest or _UNUSUAL_CELL.search(rest) or _PREFIXED_CELL.search(rest):
            return None
        if not self.usual:
            return None
        return Extent(1, 1, max(self.high_row, 1), max(self.high_col, 1), self._size // _SMALLEST_CELL)


def cell_positions(data: bytes | bytearray, start: int, end: int) -> Cells:
    """Every cell holding something, placed as python-calamine places it."""
    import numpy as np

    rows: list[int] = []
    cols: list[int] = []
    starts: list[int] = []
    row_index = col_index = 0  # 0-based, as the reader counts
    for match in _ELEMENT.finditer(data, start, end):
        closing, name, attrs, empty = match.groups()
        if name == b"row":
            if closing:
                row_index, col_index = row_index + 1, 0
                continue
            found = _R_ATTR.search(attrs)
            if found:
                row_index = int(found.group(2)) - 1
            if empty:
                row_index, col_index = row_index + 1, 0
            continue
        if closing:
            continue
        found = _R_ATTR.search(attrs)
        if found and found.group(1):
            row, col = int(found.group(2)) - 1, _col(found.group(1)) - 1
            col_index = col
        else:
            row, col = row_index, col_index
        col_index += 1
        if not empty:
            rows.append(row + 1)
            cols.append(col + 1)
            starts.append(match.start())
    return Cells(np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(starts, dtype=np.int64))


def plan_read(data: bytes | bytearray) -> ReadPlan:
    """Read as is, without a few strays, or not at all (module docstring): the
    exact look, for a sheet whose quick bound was not roomy."""
    import numpy as np

    start, end = sheet_body(data)
    cells = cell_positions(data, start, end)
    whole = cells.extent()
    if whole is None or whole.roomy:
        return ReadPlan()
    strays = _strays(cells)
    if strays is not None:
        picked = strays[np.argsort(cells.starts[strays])]
        return ReadPlan(tuple(int(s) for s in cells.starts[picked]),
                        tuple(_ref(int(cells.rows[i]), int(cells.cols[i])) for i in picked))
    if whole.area <= MAX_AREA:
        return ReadPlan()  # a sparse table, but not beyond what can be read
    far = int(np.argmax(cells.rows * 16_384 + cells.cols))
    return ReadPlan(refused=_ref(int(cells.rows[far]), int(cells.cols[far])))


def _strays(cells: Cells) -> np.ndarray | None:
    """The fewest cells, taken from the edges, whose removal leaves a roomy block;
    None when more than MAX_STRAYS would have to go.

    Each step removes the outermost line (row or column) whose removal shrinks the
    block most per cell removed: a cell at XFD1048576 goes first, as does a lone
    line of cells far below the table."""
    import numpy as np

    keep = np.ones(len(cells.rows), dtype=bool)
    removed = 0
    for _ in range(_MAX_STRAY_LINES):
        extent = cells.extent(keep)
        if extent is None or extent.roomy:
            return np.flatnonzero(~keep)
        best: tuple[float, np.ndarray] | None = None
        for line in (cells.rows == extent.last_row, cells.rows == extent.first_row,
                     cells.cols == extent.last_col, cells.cols == extent.first_col):
            line &= keep
            count = int(line.sum())
            if not count or removed + count > MAX_STRAYS:
                continue
            rest = cells.extent(keep & ~line)
            gain = (extent.area - (rest.area if rest else 0)) / count
            if best is None or gain > best[0]:
                best = (gain, line)
        if best is None:
            return None
        keep &= ~best[1]
        removed += int(best[1].sum())
    return None


def without_cells(data: bytes | bytearray, starts: tuple[int, ...]) -> bytes:
    """The sheet's bytes with the cells starting at `starts` taken out."""
    pieces, at = [], 0
    for start in starts:
        tag_end = data.find(b">", start)
        end = tag_end + 1
        if data[tag_end - 1] != 0x2F:  # not "/>": the cell ends at its closing tag
            closing = _CELL_END.search(data, tag_end)
            end = closing.end() if closing else end
        pieces.append(bytes(data[at:start]))
        at = end
    pieces.append(bytes(data[at:]))
    return b"".join(pieces)


def _ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"
