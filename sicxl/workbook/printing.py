"""How a sheet prints: the page setup parts of a worksheet and the print names of
the workbook (xl/workbook.xml's _xlnm.Print_Area and _xlnm.Print_Titles).

Every sheet sicxl writes prints on A4 with a footer naming the workbook, the sheet,
the date and the page (« page 2 / 5 »).

- A computed sheet is sicxl's own: its page is what `layout` decided (orientation,
  scale, breaks between blocks), its print area takes in its cells and charts, its
  frozen rows repeat on every page. Rewritten at every run.
- A user's sheet that sicxl only adds columns to (Prospects) keeps every print
  setting its user made: a page setup, a footer, repeated titles. A setting that is
  absent is added: A4, one page wide when that is readable, else as few pages wide
  as keep it readable with the frozen columns (ID, name) repeated on each; the
  header row repeated. No print area: a fixed one would leave out the rows users
  add later, and Excel prints the used range by default.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from lxml import etree

from sicxl.table import column_letter
from sicxl.workbook.layout import DEFAULT_WIDTH, MARGINS, Page, column_points, needs_landscape, printable
from sicxl.workbook.package import NS_MAIN

PAPER_A4 = 9  # ECMA-376 ST_PaperSize
# &L &C &R: left, centre and right parts; &F the file, &A the sheet, &D the date, &P/&N the pages.
FOOTER = "&L&8&F&C&8&A&R&8&D — page &P / &N"
READABLE_SCALE = 0.6  # a user's wide sheet is printed on more pages wide rather than smaller than this
PRINT_AREA, PRINT_TITLES = "_xlnm.Print_Area", "_xlnm.Print_Titles"
_M = f"{{{NS_MAIN}}}"
# Children of <workbook> that come after <definedNames> (ECMA-376 CT_Workbook).
_AFTER_NAMES = ("calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")
# Children of <worksheet> that come after <pageSetup>, and after <headerFooter>.
_AFTER_SETUP = (b"<headerFooter", b"<rowBreaks", b"<colBreaks", b"<customProperties", b"<cellWatches",
                b"<ignoredErrors", b"<smartTags", b"<drawing", b"<legacyDrawing", b"<legacyDrawingHF",
                b"<drawingHF", b"<picture", b"<oleObjects", b"<controls", b"<webPublishItems", b"<tableParts",
                b"<extLst", b"</worksheet>")
_AFTER_MARGINS = (b"<pageSetup", *_AFTER_SETUP)


def _margins() -> str:
    return ('<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}" header="{header}" '
            'footer="{footer}"/>').format(**MARGINS)


def _setup(landscape: bool, scale: int | None = None, pages_wide: int | None = None) -> str:
    """<pageSetup>: a scale, or (pages_wide) fit to that many pages wide and as many tall as needed."""
    fit = f' fitToWidth="{pages_wide}" fitToHeight="0"' if pages_wide else ""
    zoom = f' scale="{scale}"' if scale else ""
    return (f'<pageSetup paperSize="{PAPER_A4}"{zoom}{fit} '
            f'orientation="{"landscape" if landscape else "portrait"}"/>')


def _footer() -> str:
    text = FOOTER.replace("&", "&amp;")
    return f"<headerFooter><oddFooter>{text}</oddFooter></headerFooter>"


def _row_breaks(rows: Sequence[int]) -> str:
    """Manual breaks: a <brk> names the last row of a page (0-based row of the next one)."""
    if not rows:
        return ""
    items = "".join(f'<brk id="{row - 1}" max="16383" man="1"/>' for row in rows)
    return f'<rowBreaks count="{len(rows)}" manualBreakCount="{len(rows)}">{items}</rowBreaks>'


def sheet_page(page: Page) -> str:
    """The print elements of a computed sheet, in their place after its cells."""
    return _margins() + _setup(page.landscape, scale=page.scale) + _footer() + _row_breaks(page.breaks)


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _rows_ref(first: int, last: int) -> str:
    return f"${first}:${last}"


def _cols_ref(first: int, last: int) -> str:
    return f"${column_letter(first)}:${column_letter(last)}"


def set_print_names(workbook: etree._Element, index: int, sheet: str, area: str | None, titles: str | None,
                    keep: bool) -> bool:
    """Set the sheet's print area and titles (A1 references without the sheet), or
    with `keep` only those it lacks; returns whether the workbook changed."""
    names = workbook.find(_M + "definedNames")
    existing = {node.get("name"): node for node in (names if names is not None else ())
                if node.get("localSheetId") == str(index) and node.get("name") in (PRINT_AREA, PRINT_TITLES)}
    changed = False
    for name, ref in ((PRINT_AREA, area), (PRINT_TITLES, titles)):
        node = existing.get(name)
        if keep and node is not None:
            continue
        if ref is None:
            if node is not None:
                node.getparent().remove(node)
                changed = True
            continue
        text = ",".join(f"{quote_sheet(sheet)}!{part}" for part in ref.split(","))
        if node is None:
            names = names if names is not None else _names(workbook)
            node = etree.SubElement(names, _M + "definedName", name=name, localSheetId=str(index))
        if node.text != text:
            node.text = text
            changed = True
    if names is not None and not len(names):
        workbook.remove(names)
    return changed


def _names(workbook: etree._Element) -> etree._Element:
    names = etree.Element(_M + "definedNames")
    after = next((node for node in workbook if etree.QName(node).localname in _AFTER_NAMES), None)
    if after is None:
        workbook.append(names)
    else:
        after.addprevious(names)
    return names


def page_names(page: Page) -> tuple[str, str | None]:
    """The print area and titles of a computed sheet."""
    area = page.area
    return area.ref, _rows_ref(1, page.title_rows) if page.title_rows else None


# -- a user's sheet ------------------------------------------------------------------------
_COL = re.compile(rb"<col\b([^>]*)/?>")
_ATTR = re.compile(rb'\b(\w+)="([^"]*)"')
_PANE = re.compile(rb"<pane\b([^>]*)/?>")
_DEFAULT_COL_WIDTH = re.compile(rb'<sheetFormatPr\b[^>]*?\b(?:defaultColWidth)="([\d.]+)"')
_SHEET_PR = re.compile(rb"<sheetPr\b([^>]*?)(/?)>")
_SHEET_PR_CHILDREN = (b"<tabColor", b"<outlinePr", b"<pageSetUpPr")


@dataclass(frozen=True)
class Frozen:
    """The panes a user froze: rows above and columns left of the scrolling part."""

    rows: int = 0
    cols: int = 0


def frozen(head: bytes) -> Frozen:
    match = _PANE.search(head)
    if match is None:
        return Frozen()
    attrs = dict(_ATTR.findall(match.group(1)))
    if attrs.get(b"state") not in (b"frozen", b"frozenSplit"):
        return Frozen()
    return Frozen(int(float(attrs.get(b"ySplit", b"0"))), int(float(attrs.get(b"xSplit", b"0"))))


def column_widths(head: bytes, last_col: int) -> list[float]:
    """The widths of columns 1..last_col as the sheet sets them (0 for a hidden one)."""
    default = _DEFAULT_COL_WIDTH.search(head)
    widths = [float(default.group(1)) if default else DEFAULT_WIDTH] * last_col
    for match in _COL.finditer(head):
        attrs = dict(_ATTR.findall(match.group(1)))
        first, last = int(attrs.get(b"min", b"1")), int(attrs.get(b"max", b"1"))
        width = 0.0 if attrs.get(b"hidden") in (b"1", b"true") else float(attrs.get(b"width", DEFAULT_WIDTH))
        for col in range(first, min(last, last_col) + 1):
            widths[col - 1] = width
    return widths


def pages_wide(widths: Sequence[float], title_cols: int) -> tuple[bool, int]:
    """(landscape, pages wide) for a user's table: one page wide if it stays readable,
    else as few pages as keep it at READABLE_SCALE, its title columns on each."""
    total = sum(column_points(w) for w in widths if w)
    titles = sum(column_points(w) for w in widths[:title_cols] if w)
    landscape = needs_landscape(total)
    room = printable(landscape)[0] / READABLE_SCALE
    if total <= room:
        return landscape, 1
    return landscape, max(1, math.ceil((total - titles) / max(room - titles, 1.0)))


def _insert_before(tail: bytes, markers: Sequence[bytes], xml: bytes) -> bytes:
    """`xml` before the first of `markers` in the sheet's tail, past its custom views
    (a custom view holds print settings of its own)."""
    views = tail.find(b"</customSheetViews>")
    start = views if views >= 0 else 0
    at = min((i for i in (tail.find(m, start) for m in markers) if i >= 0), default=len(tail))
    return tail[:at] + xml + tail[at:]


def _fit_flag(head: bytes) -> bytes:
    """<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>: without it, fitToWidth is ignored."""
    match = _SHEET_PR.search(head)
    flag = b'<pageSetUpPr fitToPage="1"/>'
    if match is None:  # sheetPr is the first child of <worksheet>
        at = head.find(b">", head.find(b"<worksheet")) + 1
        return head[:at] + b"<sheetPr>" + flag + b"</sheetPr>" + head[at:]
    if match.group(2):  # <sheetPr .../>
        return head[: match.start()] + b"<sheetPr" + match.group(1) + b">" + flag + b"</sheetPr>" + head[match.end():]
    close = head.find(b"</sheetPr>", match.end())
    inner = head[match.end(): close]
    if b"<pageSetUpPr" in inner:
        inner = re.sub(rb"<pageSetUpPr\b([^>]*?)\s*/>",
                       lambda m: b"<pageSetUpPr" + re.sub(rb'\s*fitToPage="[^"]*"', b"", m.group(1))
                       + b' fitToPage="1"/>', inner, count=1)
    else:
        inner += flag  # pageSetUpPr is the last child of sheetPr
    return head[: match.end()] + inner + head[close:]


def complete_page(head: bytes, tail: bytes, last_col: int) -> tuple[bytes, bytes]:
    """A user's sheet's head (before <sheetData>) and tail (after it) with the print
    settings it lacks: page setup, margins, footer. Those it has stay as they are."""
    own = tail[max(tail.find(b"</customSheetViews>"), 0):]  # the sheet's own settings, not its views'
    if b"<pageSetup" not in own:
        landscape, wide = pages_wide(column_widths(head, last_col), frozen(head).cols)
        if b"<pageMargins" not in own:
            tail = _insert_before(tail, _AFTER_MARGINS, _margins().encode())
        tail = _insert_before(tail, _AFTER_SETUP, _setup(landscape, pages_wide=wide).encode())
        head = _fit_flag(head)
    if b"<headerFooter" not in own:
        tail = _insert_before(tail, _AFTER_SETUP[1:], _footer().encode())
    return head, tail


def user_titles(head: bytes, header_row: int | None, last_col: int) -> str | None:
    """The rows and columns a user's sheet repeats on each page: its header row (or
    its frozen rows) and, when it prints on more than one page wide, its frozen columns."""
    panes = frozen(head)
    _, wide = pages_wide(column_widths(head, last_col), panes.cols)
    parts = [_cols_ref(1, panes.cols)] if panes.cols and wide > 1 else []  # Excel's order: columns, rows
    if header_row:
        parts.append(_rows_ref(header_row, header_row))
    elif panes.rows:
        parts.append(_rows_ref(1, panes.rows))
    return ",".join(parts) or None
