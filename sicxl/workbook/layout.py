"""Where everything of a computed sheet goes: column widths, row heights, charts, pages.

One place decides it, for every `SheetWrite`, so that a sheet any job adds is
readable on screen and printable on A4 without its builder doing anything:

- columns are as wide as their headers and values need (`measure`), within bounds;
  a text too long for a column wraps, a lone long line (a note under a table) is
  spread over the table's width; rows are as tall as their wrapped text;
- a chart goes where its builder asked if that place is free, else beside the
  block of cells it draws, else in a band below the last block; a place is free
  when it covers no cell with content (nor the spill of a text) and no other chart,
  so that no two charts overlap and none covers a table, by construction;
- the page is A4, landscape when the content is much wider than a portrait page, scaled
  so that it is one page wide, with page breaks between blocks so that no block is
  cut when it fits on a page, the frozen rows repeated on every page.

Positions are in cells (a chart covers a rectangle of cells, which every program
draws at the same place); sizes are estimated in points with Excel's metrics
(Calibri 11: a digit is 7 pixels, a row 15 points). The scale is explicit, not
"fit to one page wide", because Excel ignores page breaks under "fit to"; a
program drawing wider than Excel (LibreOffice without Calibri) is given its own
scale when it prints (`convert.print_copy`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from sicxl.table import column_letter
from sicxl.workbook.cells import is_blank
from sicxl.workbook.measure import PADDING, longest_word, shown_text, text_width, wrapped_lines
from sicxl.workbook.package import parse_ref
from sicxl.writes import Chart, SheetWrite, Style

MIN_WIDTH, MAX_WIDTH = 6.0, 60.0  # column widths, in digits
WRAP_WIDTH = 45.0  # a wrapped text is at most this wide: it takes more lines instead
LINE_HEIGHT = 15.0  # points: one line of 11-point text, Excel's default row height
DEFAULT_WIDTH = 8.43  # Excel's default column width
POINTS_PER_CM = 72 / 2.54
EMU_PER_POINT = 12700
# Excel: a column of w digits is 7w + 5 pixels wide at 96 dpi (Calibri 11).
EXCEL_POINTS_PER_DIGIT, EXCEL_COLUMN_PADDING = 5.25, 3.75
# A4 in points, and the margins set (pageMargins, in inches): the footer sits in the bottom one.
A4 = (595.3, 841.9)
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.75, "header": 0.25, "footer": 0.3}
MIN_SCALE = 40  # percent: below, a page is not worth reading; it is printed on more pages instead
CHART_SCALE = 0.8  # a chart goes beside its block if the page stays readable: printed at 80 % or more
# A table slightly wider than a portrait page prints portrait, a little smaller: more
# rows a page than landscape (a long list takes half the pages).
PORTRAIT_SCALE = 0.8
MAX_TITLE_ROWS = 6  # frozen rows repeated on every printed page, when they are that few
CHART_GAP = 0.4 * 72 / 2.54  # points between a chart and its neighbours
BAND_GAP_ROWS = 1
EDGE = 2.0  # points between a row's top and a chart's: a frame on the edge would print on the page above


@dataclass(frozen=True)
class Rect:
    """A rectangle of cells, 1-based and inclusive."""

    top: int
    left: int
    bottom: int
    right: int

    def overlaps(self, other: "Rect") -> bool:
        return not (other.bottom < self.top or other.top > self.bottom
                    or other.right < self.left or other.left > self.right)

    @property
    def ref(self) -> str:
        return f"${column_letter(self.left)}${self.top}:${column_letter(self.right)}${self.bottom}"


@dataclass(frozen=True)
class Anchor:
    """A point of the sheet: a cell (1-based) and an offset in it, in EMU."""

    col: int
    col_offset: int
    row: int
    row_offset: int


@dataclass(frozen=True)
class ChartPlace:
    """A chart and where it goes: from its top-left corner to its bottom-right one."""

    chart: Chart
    start: Anchor
    end: Anchor

    @property
    def rect(self) -> Rect:
        """The cells it covers, wholly or in part."""
        end = self.end
        return Rect(self.start.row, self.start.col, end.row - (end.row_offset == 0), end.col - (end.col_offset == 0))


@dataclass(frozen=True)
class Page:
    landscape: bool
    scale: int  # percent
    area: Rect  # the print area
    title_rows: int  # rows 1..n printed at the top of every page
    breaks: tuple[int, ...]  # rows that start a new page


@dataclass
class Arrangement:
    widths: dict[int, float]
    heights: dict[int, float]
    styles: dict[tuple[int, int], Style]
    merged: list[str]
    charts: list[ChartPlace]
    page: Page


def printable(landscape: bool) -> tuple[float, float]:
    """Width and height inside the margins of an A4 page, in points."""
    width, height = (A4[1], A4[0]) if landscape else A4
    return (width - 72 * (MARGINS["left"] + MARGINS["right"]),
            height - 72 * (MARGINS["top"] + MARGINS["bottom"]))


def needs_landscape(width: float) -> bool:
    """Whether a table `width` points wide prints landscape (see PORTRAIT_SCALE)."""
    return width > printable(False)[0] / PORTRAIT_SCALE


def column_points(width: float) -> float:
    """A column's width on screen in Excel, in points."""
    return EXCEL_POINTS_PER_DIGIT * width + EXCEL_COLUMN_PADDING


class _Grid:
    """The sheet's cells with what the layout needs to know of each."""

    def __init__(self, sheet: SheetWrite) -> None:
        self.sheet = sheet
        self.cells: dict[tuple[int, int], object] = {
            (r, c): value for r, row in enumerate(sheet.rows, start=1) for c, value in enumerate(row, start=1)
            if not is_blank(value)}
        self.styles = dict(sheet.styles)
        self.merged = [parse_ref(ref) for ref in sheet.merged]
        per_row: dict[int, int] = {}
        for r, _ in self.cells:
            per_row[r] = per_row.get(r, 0) + 1
        self.per_row = per_row
        self.last_row = max((r for r, _ in self.cells), default=0)

    def style(self, row: int, col: int) -> Style | None:
        return self.styles.get((row, col))

    def in_merge(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        return next((m for m in self.merged if m[0] <= row <= m[2] and m[1] <= col <= m[3]), None)

    def is_line(self, row: int, col: int) -> bool:
        """A lone text in its row (a title, a note): it may spill over empty cells."""
        value = self.cells[(row, col)]
        style = self.style(row, col)
        return (self.per_row[row] == 1 and isinstance(value, str) and not (style and style.wrap)
                and self.in_merge(row, col) is None)

    @property
    def filled(self) -> Iterable[tuple[int, int]]:
        """Cells that show something: a value, or a colour (a header's fill)."""
        yield from self.cells
        yield from (key for key, style in self.styles.items() if style.fill and key not in self.cells)


def _lines(text: str) -> list[str]:
    return text.split("\n") or [""]


def _wrapped_need(text: str, bold: bool) -> float:
    """How wide a column a wrapped text would like: each typed line whole when there
    are several (an address), else two lines at most (a header), within WRAP_WIDTH."""
    lines = _lines(text)
    if len(lines) > 1:
        need = max(text_width(line, bold) for line in lines)
    else:
        need = max(longest_word(text, bold), text_width(text, bold) / 2)
    return min(need, WRAP_WIDTH)


def _widths(grid: _Grid) -> tuple[dict[int, float], set[tuple[int, int]]]:
    """Column widths from their cells; and the cells too long for any column, to wrap."""
    needs: dict[int, float] = {}
    too_long: set[tuple[int, int]] = set()
    for (row, col), value in grid.cells.items():
        if grid.in_merge(row, col) is not None or grid.is_line(row, col):
            continue
        style = grid.style(row, col)
        bold = bool(style and style.bold)
        text = shown_text(value, style)
        if style and style.wrap:
            need = _wrapped_need(text, bold)
        else:
            need = max(text_width(line, bold) for line in _lines(text))
            if need > MAX_WIDTH - PADDING:
                too_long.add((row, col))
                need = _wrapped_need(text, bold)
        needs[col] = max(needs.get(col, 0.0), need)
    last_col = max((c for _, c in grid.cells), default=0)
    widths = {col: round(min(max(needs.get(col, 0.0) + PADDING, MIN_WIDTH), MAX_WIDTH), 1)
              for col in range(1, last_col + 1) if col in needs}
    for col in range(1, last_col + 1):  # an empty column between blocks: its builder's width, else narrow
        widths.setdefault(col, max(grid.sheet.widths.get(col, MIN_WIDTH), MIN_WIDTH))
    return widths, too_long


def _table_right(grid: _Grid) -> int:
    """The last column of the sheet's tables (cells that are not lone lines)."""
    return max((c for (r, c) in grid.cells if not grid.is_line(r, c)), default=1)


def _spread_notes(grid: _Grid, widths: dict[int, float]) -> list[tuple[int, int, int, int]]:
    """A lone line wider than the tables below and above it is spread over their
    width and wraps, instead of running off the page."""
    right = _table_right(grid)
    span = sum(widths.get(c, DEFAULT_WIDTH) for c in range(1, right + 1))
    spread = []
    for (row, col), value in sorted(grid.cells.items()):
        if col != 1 or not grid.is_line(row, col) or right <= 1:
            continue
        style = grid.style(row, col)
        if text_width(str(value), bool(style and style.bold)) + PADDING > span:
            spread.append((row, 1, row, right))
            grid.styles[(row, col)] = replace(style or Style(), wrap=True)
    grid.merged.extend(spread)
    return spread


def _span_width(widths: dict[int, float], first: int, last: int) -> float:
    return sum(widths.get(c, DEFAULT_WIDTH) for c in range(first, last + 1))


def _heights(grid: _Grid, widths: dict[int, float]) -> dict[int, float]:
    """Rows holding wrapped text, as tall as their most wrapped cell."""
    heights: dict[int, float] = {}
    for (row, col), value in grid.cells.items():
        style = grid.style(row, col)
        if not (style and style.wrap):
            continue
        merge = grid.in_merge(row, col)
        if merge is not None and merge[2] != merge[0]:
            continue  # a block of merged rows: its rows keep their height
        width = _span_width(widths, merge[1], merge[3]) if merge else widths.get(col, DEFAULT_WIDTH)
        lines = wrapped_lines(shown_text(value, style), width, bool(style.bold))
        if lines > 1:
            heights[row] = max(heights.get(row, LINE_HEIGHT), lines * LINE_HEIGHT)
    return heights


# -- charts ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Box:
    """A rectangle in points from the sheet's top-left corner."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: "Box") -> bool:
        return not (other.right <= self.left or other.left >= self.right
                    or other.bottom <= self.top or other.top >= self.bottom)


_HAIR = 1e-6  # points: what float sums of widths may be off by


class _Metrics:
    """Where columns and rows start, in points (Excel's metrics)."""

    def __init__(self, widths: dict[int, float], heights: dict[int, float]) -> None:
        self.widths, self.heights = widths, heights
        self._xs, self._ys = [0.0], [0.0]  # edges of columns and rows 1, 2... as far as asked

    def col_points(self, col: int) -> float:
        return column_points(self.widths.get(col, DEFAULT_WIDTH))

    def row_points(self, row: int) -> float:
        return self.heights.get(row, LINE_HEIGHT)

    def x(self, col: int) -> float:
        """The left edge of column `col`."""
        while len(self._xs) < col:
            self._xs.append(self._xs[-1] + self.col_points(len(self._xs)))
        return self._xs[col - 1]

    def y(self, row: int) -> float:
        """The top edge of row `row`."""
        while len(self._ys) < row:
            self._ys.append(self._ys[-1] + self.row_points(len(self._ys)))
        return self._ys[row - 1]

    def cell(self, row: int, col: int) -> Box:
        left, top = self.x(col), self.y(row)
        return Box(left, top, left + self.col_points(col), top + self.row_points(row))

    def anchor(self, x: float, y: float) -> Anchor:
        """The cell holding the point (x, y), and the point's offset in it (EMU).

        Measured against the same edges `x` and `y` give, within a hair: a chart
        placed at a column's left edge is anchored in that column, never at the far
        end of the one before it (a subtraction's rounding would put it there, and
        the anchor would then cover that column's cells)."""
        col = 1
        while self.x(col + 1) <= x + _HAIR:
            col += 1
        row = 1
        while self.y(row + 1) <= y + _HAIR:
            row += 1
        return Anchor(col, round(max(0.0, x - self.x(col)) * EMU_PER_POINT),
                      row, round(max(0.0, y - self.y(row)) * EMU_PER_POINT))


class _Occupied:
    """Cells that show something, and the charts placed so far."""

    def __init__(self, grid: _Grid, widths: dict[int, float], metrics: _Metrics, forced: set[int]) -> None:
        cells: set[tuple[int, int]] = set(grid.filled)
        for r1, c1, r2, c2 in grid.merged:
            cells.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
        for (row, col), value in grid.cells.items():
            if grid.is_line(row, col):  # its spill over the empty cells on its right
                style = grid.style(row, col)
                need, c = text_width(str(value), bool(style and style.bold)), col
                while need > widths.get(c, DEFAULT_WIDTH) and (row, c + 1) not in grid.cells:
                    need -= widths.get(c, DEFAULT_WIDTH)
                    c += 1
                    cells.add((row, c))
        self.cells = [metrics.cell(r, c) for r, c in cells]
        self.page_tops = [metrics.y(row) for row in forced]
        self.charts: list[Box] = []

    def free(self, box: Box) -> bool:
        """Nothing under `box`, and no page break asked for across it."""
        return (not any(box.overlaps(other) for other in self.charts)
                and not any(box.overlaps(cell) for cell in self.cells)
                and not any(box.top < top < box.bottom for top in self.page_tops))


def _box(chart: Chart, left: float, top: float) -> Box:
    return Box(left, top, left + chart.width_cm * POINTS_PER_CM, top + chart.height_cm * POINTS_PER_CM)


def _data_rows(chart: Chart) -> tuple[int, int]:
    """The rows a chart draws, categories included."""
    if chart.by_row:
        rows = [chart.categories[0], *(s[1] for s in chart.series)]
        return min(rows), max(rows)
    firsts = [chart.categories[1], *(s[2] for s in chart.series)]
    lasts = [chart.categories[2], *(s[3] for s in chart.series)]
    return min(firsts), max(lasts)


def _block(grid: _Grid, first: int, last: int) -> tuple[int, int, int]:
    """(top, bottom, right) of the block of consecutive non-empty rows holding rows first..last."""
    top, bottom = first, last
    while top > 1 and grid.per_row.get(top - 1):
        top -= 1
    while grid.per_row.get(bottom + 1):
        bottom += 1
    right = max((c for (r, c) in grid.cells if top <= r <= bottom and not grid.is_line(r, c)), default=1)
    return top, bottom, right


class _Placer:
    """Each chart where asked, else beside the block it draws, else in the band below
    everything (left to right, a new line when `room` points are used)."""

    def __init__(self, grid: _Grid, metrics: _Metrics, occupied: _Occupied, room: float) -> None:
        self.grid, self.metrics, self.occupied, self.room = grid, metrics, occupied, room

    def place(self, charts: Sequence[Chart]) -> list[ChartPlace]:
        """Several charts of one block go side by side in the band: stacked beside the
        block, they would make it taller than their page."""
        blocks = [_block(self.grid, *_data_rows(chart)) for chart in charts]
        placed: list[tuple[Chart, Box]] = []
        band: list[Chart] = []
        for chart, block in zip(charts, blocks):
            alone = blocks.count(block) == 1
            box = self._asked(chart) or (self._beside(chart, block) if alone else None)
            if box is None:
                band.append(chart)
                continue
            self.occupied.charts.append(box)
            placed.append((chart, box))
        placed += self._band(band)
        return [ChartPlace(chart, self.metrics.anchor(box.left, box.top), self.metrics.anchor(box.right, box.bottom))
                for chart, box in placed]

    def _asked(self, chart: Chart) -> Box | None:
        if not chart.anchor:
            return None
        row, col, _, _ = parse_ref(chart.anchor)
        box = _box(chart, self.metrics.x(col), self.metrics.y(row) + EDGE)
        return box if self.occupied.free(box) else None

    def _beside(self, chart: Chart, block: tuple[int, int, int]) -> Box | None:
        """Right of the block the chart draws, level with its top or lower, still beside it."""
        top, bottom, right = block
        left = self.metrics.x(right + 1) + CHART_GAP
        for row in range(top, bottom + 1):
            box = _box(chart, left, self.metrics.y(row) + EDGE)
            if box.right > self.room:
                return None
            if self.occupied.free(box):
                return box
        return None

    def _band(self, charts: Sequence[Chart]) -> list[tuple[Chart, Box]]:
        bottom = max([self.metrics.y(self.grid.last_row + 1), *(box.bottom for box in self.occupied.charts)])
        top = self._next_row_top(bottom)
        left, line_bottom = 0.0, bottom
        placed = []
        for chart in charts:
            box = _box(chart, left, top)
            while not self.occupied.free(box) or (left > 0 and box.right > self.room):
                if left > 0 and box.right > self.room:  # a new line
                    top, left = self._next_row_top(line_bottom), 0.0
                else:  # a page break asked for runs across it: below the break
                    top = self._next_row_top(box.top + LINE_HEIGHT)
                box = _box(chart, left, top)
            self.occupied.charts.append(box)
            placed.append((chart, box))
            line_bottom = max(line_bottom, box.bottom)
            left = box.right + CHART_GAP
        return placed

    def _next_row_top(self, y: float) -> float:
        """The top of the row after the gap below the point `y` (and a hair below, see EDGE)."""
        row = self.metrics.anchor(0.0, y).row + 1 + BAND_GAP_ROWS
        return self.metrics.y(row) + EDGE


# -- the page --------------------------------------------------------------------------------
def _header_rows(grid: _Grid) -> list[int]:
    """Rows of table headers: two cells or more in bold on a colour."""
    count: dict[int, int] = {}
    for (row, _), style in grid.styles.items():
        if style.bold and style.fill:
            count[row] = count.get(row, 0) + 1
    return sorted(row for row, n in count.items() if n > 1)


def _title_rows(sheet: SheetWrite, grid: _Grid) -> int:
    """The frozen rows, printed on top of every page; but not a table's header when
    other tables with their own headers follow (it would head their pages)."""
    if not sheet.freeze:
        return 0
    frozen = parse_ref(sheet.freeze)[0] - 1
    if frozen > MAX_TITLE_ROWS:
        return 0
    headers = _header_rows(grid)
    if any(row > frozen for row in headers):
        return min([frozen, *(row - 1 for row in headers if row <= frozen)])
    return frozen


def _row_blocks(grid: _Grid, charts: Sequence[ChartPlace], last_row: int,
                forced: set[int]) -> list[tuple[int, int]]:
    """Runs of rows to keep on one page: consecutive rows showing cells or charts
    (a page break asked for starts a new run)."""
    used = set(grid.per_row)
    for place in charts:
        used.update(range(place.rect.top, place.rect.bottom + 1))
    blocks, start = [], None
    for row in range(1, last_row + 2):
        if start is not None and (row not in used or row in forced):
            blocks.append((start, row - 1))
            start = None
        if row in used and start is None:
            start = row
    return blocks


def _breaks(blocks: Sequence[tuple[int, int]], forced: set[int], height: float, rows: _Metrics,
            titles: int) -> tuple[int, ...]:
    """Where pages start: at the rows asked, and before a block that would not end on
    the page it starts on (when it fits on a page by itself)."""
    title_height = sum(rows.row_points(r) for r in range(1, titles + 1))
    breaks: list[int] = []
    used = 0.0
    previous_end = 0
    for top, bottom in blocks:
        gap = sum(rows.row_points(r) for r in range(previous_end + 1, top))
        size = sum(rows.row_points(r) for r in range(top, bottom + 1))
        starts_page = top in forced or (used > title_height and used + gap + size > height
                                        and title_height + size <= height)
        if starts_page and top > 1:
            breaks.append(top)
            used = title_height + size
        else:
            used += gap + size
            while used > height:  # a block longer than a page runs on over the next ones
                used -= height - title_height
        previous_end = bottom
    return tuple(breaks)


def _scale(width: float, landscape: bool, pages: Sequence[float]) -> int:
    """The percentage at which `width` points fit one page wide and each designed page
    (of `pages` points) fits one page tall."""
    room_width, room_height = printable(landscape)
    fits = [room_width / width if width else 1.0, *(room_height / page for page in pages if page)]
    return max(MIN_SCALE, min(100, math.floor(min(fits) * 100)))


def _designed_pages(forced: Iterable[int], last_row: int, rows: _Metrics, titles: int) -> list[float]:
    """The heights of the pages a builder asked for (rows between its page breaks,
    with the title rows repeated on top of every page but the first)."""
    if not forced:
        return []
    starts = sorted({1, *forced})
    ends = [*(s - 1 for s in starts[1:]), last_row]
    title_height = sum(rows.row_points(r) for r in range(1, titles + 1))
    return [sum(rows.row_points(r) for r in range(a, b + 1)) + (title_height if a > 1 else 0.0)
            for a, b in zip(starts, ends)]


def arrange(sheet: SheetWrite) -> Arrangement:
    """The layout of a computed sheet: see the module's docstring."""
    grid = _Grid(sheet)
    widths, too_long = _widths(grid)
    for key in too_long:
        grid.styles[key] = replace(grid.styles.get(key) or Style(), wrap=True)
    spread = _spread_notes(grid, widths)
    heights = _heights(grid, widths)
    metrics = _Metrics(widths, heights)
    content_right = max((c for _, c in grid.cells), default=1)
    content_width = sum(column_points(widths.get(c, DEFAULT_WIDTH)) for c in range(1, content_right + 1))
    landscape = bool(sheet.charts) or needs_landscape(content_width)
    room = max(content_width, printable(landscape)[0] / CHART_SCALE)
    asked_breaks = {row for row in sheet.page_breaks if row > 1}
    charts = _Placer(grid, metrics, _Occupied(grid, widths, metrics, asked_breaks), room).place(sheet.charts) \
        if sheet.charts else []
    last_row = max([grid.last_row, *(p.rect.bottom for p in charts)], default=1) or 1
    last_col = max([content_right, *(p.rect.right for p in charts)])
    width = sum(column_points(widths.get(c, DEFAULT_WIDTH)) for c in range(1, last_col + 1))
    forced = {row for row in asked_breaks if row <= last_row}
    titles = _title_rows(sheet, grid)
    scale = _scale(width, landscape, _designed_pages(forced, last_row, metrics, titles))
    page_height = printable(landscape)[1] * 100 / scale
    breaks = _breaks(_row_blocks(grid, charts, last_row, forced), forced, page_height, metrics, titles)
    page = Page(landscape, scale, Rect(1, 1, last_row, last_col), titles, breaks)
    merged = [*sheet.merged, *(Rect(r1, c1, r2, c2).ref.replace("$", "") for r1, c1, r2, c2 in spread)]
    return Arrangement(widths, heights, grid.styles, merged, charts, page)
