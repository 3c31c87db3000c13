"""A computed sheet (`SheetWrite`) as a new worksheet part, or replacing the previous
version of itself: the funnel, the dashboard, the survey results.

The sheet is laid out on the way (`layout.arrange`: widths, heights, charts, page),
so that every computed sheet is readable and prints on A4 without its builder
asking. A replaced sheet's own parts (its drawing and charts, comments, tables) go
with it; parts that other parts still use are kept.
"""

from __future__ import annotations

import posixpath
from typing import Callable

from lxml import etree

from sicxl.table import column_letter
from sicxl.workbook.cells import is_blank, render_cell
from sicxl.workbook.charts import add_charts
from sicxl.workbook.content_types import CT_WORKSHEET, add_override, remove_overrides
from sicxl.workbook.editor import CONTENT_TYPES, PackageEditor
from sicxl.workbook.layout import Arrangement, arrange
from sicxl.workbook.package import NS_MAIN, NS_REL, REL_WORKSHEET, Package, parse_ref, rels_path
from sicxl.workbook.printing import page_names, set_print_names, sheet_page
from sicxl.workbook.relationships import add_relationship
from sicxl.workbook.xmlwriter import XML_DECLARATION, escape_attr, escape_text
from sicxl.writes import SheetWrite, Style

XfLookup = Callable[[object, "Style | None"], "int | None"]
DxfLookup = Callable[[Style], int]
_FORBIDDEN = set('[]:*?/\\')
MAX_SHEET_NAME = 31


def check_name(name: str) -> None:
    """Excel refuses to open a workbook whose sheet name breaks these rules."""
    if not name or len(name) > MAX_SHEET_NAME or _FORBIDDEN & set(name) or name[0] == "'" or name[-1] == "'":
        raise ValueError(f"invalid sheet name {name!r}")


def _pane(freeze: str) -> str:
    row, col, _, _ = parse_ref(freeze)
    x, y = col - 1, row - 1
    if not x and not y:
        return ""
    active = "bottomRight" if x and y else ("bottomLeft" if y else "topRight")
    split = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
    return (f'<pane{split} topLeftCell="{freeze}" activePane="{active}" state="frozen"/>'
            f'<selection pane="{active}" activeCell="{freeze}" sqref="{freeze}"/>')


def _row_tag(row: int, height: float | None) -> str:
    return f'<row r="{row}" ht="{height:g}" customHeight="1">' if height else f'<row r="{row}">'


def _rows(sheet: SheetWrite, layout: Arrangement, xf: XfLookup, date1904: bool) -> tuple[str, int, int]:
    out, last_row, last_col = [], 0, 0
    for r, values in enumerate(sheet.rows, start=1):
        cells = []
        for c, value in enumerate(values, start=1):
            style = layout.styles.get((r, c))
            ref = f"{column_letter(c)}{r}"
            if is_blank(value):
                xf_id = xf(None, style) if style else None
                if xf_id:
                    cells.append(f'<c r="{ref}" s="{xf_id}"/>')
                continue
            cells.append(render_cell(ref, value, xf(value, style), date1904))
        if cells:
            out.append(f'{_row_tag(r, layout.heights.get(r))}{"".join(cells)}</row>')
            last_row, last_col = r, max(last_col, len(values))
    return "".join(out), last_row, last_col


def _conditional(sheet: SheetWrite, dxf: DxfLookup | None) -> str:
    """<conditionalFormatting> blocks, one expression rule each, in the order given."""
    if dxf is None:
        return ""
    return "".join(
        f'<conditionalFormatting sqref="{escape_attr(rule.cells)}"><cfRule type="expression" '
        f'dxfId="{dxf(rule.style)}" priority="{priority}"><formula>{escape_text(rule.formula)}</formula>'
        "</cfRule></conditionalFormatting>"
        for priority, rule in enumerate(sheet.conditional, start=1)
    )


def render_sheet(sheet: SheetWrite, layout: Arrangement, xf: XfLookup, date1904: bool, drawing_rel: str | None,
                 dxf: DxfLookup | None = None) -> bytes:
    rows, last_row, last_col = _rows(sheet, layout, xf, date1904)
    dimension = f"A1:{column_letter(last_col)}{last_row}" if last_row else "A1"
    cols = "".join(f'<col min="{c}" max="{c}" width="{float(w)!r}" customWidth="1"/>'
                   for c, w in sorted(layout.widths.items()))
    merged = "".join(f'<mergeCell ref="{escape_attr(ref)}"/>' for ref in layout.merged)
    body = (
        f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><dimension ref="{dimension}"/>'
        f'<sheetViews><sheetView workbookViewId="0">{_pane(sheet.freeze) if sheet.freeze else ""}</sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + f"<sheetData>{rows}</sheetData>"
        + (f'<mergeCells count="{len(layout.merged)}">{merged}</mergeCells>' if merged else "")
        + _conditional(sheet, dxf)
        + sheet_page(layout.page)
        + (f'<drawing r:id="{drawing_rel}"/>' if drawing_rel else "")
        + "</worksheet>"
    )
    return XML_DECLARATION + body.encode()


def _rels_source(rels: str) -> str:
    """xl/worksheets/_rels/sheet1.xml.rels -> xl/worksheets/sheet1.xml"""
    folder = posixpath.dirname(posixpath.dirname(rels))
    return posixpath.join(folder, posixpath.basename(rels)[: -len(".rels")]).lstrip("/")


def owned_parts(package: Package, part: str) -> set[str]:
    """Parts reachable from `part` that nothing outside that group refers to."""
    users: dict[str, set[str]] = {}
    for rels in (n for n in package.names if n.endswith(".rels") and n != "_rels/.rels"):
        source = _rels_source(rels)
        for rel in package.relationships(source):
            if not rel.external:
                users.setdefault(rel.target, set()).add(source)
    owned: set[str] = set()
    grew = True
    while grew:
        grew = False
        for source in (part, *owned):
            for rel in package.relationships(source):
                target = rel.target
                if (not rel.external and package.has(target) and target not in owned and target != part
                        and users.get(target, set()) <= owned | {part}):
                    owned.add(target)
                    grew = True
    return owned


def _drop_previous(editor: PackageEditor, part: str) -> None:
    owned = owned_parts(editor.package, part)
    for doomed in (*owned, *(rels_path(p) for p in (*owned, part))):
        if editor.package.has(doomed):
            editor.remove(doomed)
    remove_overrides(editor.tree(CONTENT_TYPES), owned)
    editor.touch(CONTENT_TYPES)


def _register(editor: PackageEditor, name: str) -> str:
    """A new worksheet part, listed in workbook.xml, its rels and the content types."""
    workbook = editor.package.workbook_part
    part = editor.free_name("xl/worksheets/sheet{}.xml")
    rel_id = add_relationship(editor.rels(workbook), workbook, REL_WORKSHEET, part)
    root = editor.tree(workbook)
    sheets = root.find(f"{{{NS_MAIN}}}sheets")
    sheet_id = max((int(s.get("sheetId", "0")) for s in sheets), default=0) + 1
    etree.SubElement(sheets, f"{{{NS_MAIN}}}sheet", {"name": name, "sheetId": str(sheet_id),
                                                     f"{{{NS_REL}}}id": rel_id})
    add_override(editor.tree(CONTENT_TYPES), part, CT_WORKSHEET)
    for touched in (workbook, rels_path(workbook), CONTENT_TYPES):
        editor.touch(touched)
    return part


def add_sheet(editor: PackageEditor, sheet: SheetWrite, xf: XfLookup, date1904: bool,
              dxf: DxfLookup | None = None) -> str:
    """Write `sheet`, replacing the sheet of that name if there is one; returns its part."""
    check_name(sheet.name)
    existing = next((s for s in editor.package.sheets if s.name.casefold() == sheet.name.casefold()), None)
    if existing is not None and existing.part is None:
        raise ValueError(f"sheet {sheet.name!r} is not a worksheet")
    if existing is not None:
        part = existing.part
        _drop_previous(editor, part)
    else:
        part = _register(editor, sheet.name)
    layout = arrange(sheet)
    drawing = add_charts(editor, part, sheet.name, layout.charts, sheet.rows, layout.styles) if layout.charts else None
    editor.put(part, render_sheet(sheet, layout, xf, date1904, drawing, dxf))
    _print_names(editor, sheet.name, layout)
    return part


def _print_names(editor: PackageEditor, name: str, layout: Arrangement) -> None:
    """The sheet's print area and repeated rows, in xl/workbook.xml."""
    workbook = editor.package.workbook_part
    root = editor.tree(workbook)
    sheets = [node.get("name", "") for node in root.iter(f"{{{NS_MAIN}}}sheet")]
    index = next(i for i, other in enumerate(sheets) if other.casefold() == name.casefold())
    area, titles = page_names(layout.page)
    if set_print_names(root, index, sheets[index], area, titles, keep=False):
        editor.touch(workbook)
