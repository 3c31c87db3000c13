"""Native charts for computed sheets: one drawing part anchoring chart parts.

Charts reference the sheet's cells, so they follow the values when Excel
recalculates; the caches written here only serve viewers that do not recalculate.
Bars are what sales managers read (funnel steps, revenue by type): bar, column,
line, and "funnel" (horizontal bars, first step on top); and "scatter", for
two measures of the same items (importance against performance), where each
series is a row range whose x values sit in the `categories` column.
"""

from __future__ import annotations

import numbers
from typing import Sequence

from sicxl.table import column_letter
from sicxl.workbook.content_types import CT_CHART, CT_DRAWING, add_override
from sicxl.workbook.editor import CONTENT_TYPES, PackageEditor
from sicxl.workbook.relationships import REL_CHART, REL_DRAWING, add_relationship, new_relationships
from sicxl.workbook.package import parse_ref, rels_path
from sicxl.workbook.xmlwriter import XML_DECLARATION, escape_attr, escape_text, serialize
from sicxl.writes import Chart, Value

EMU_PER_CM = 360000
_NS = ('xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"


def _range(sheet: str, col: int, first: int, last: int) -> str:
    quoted = "'" + sheet.replace("'", "''") + "'"
    letter = column_letter(col)
    return f"{quoted}!${letter}${first}:${letter}${last}"


def _cells(grid: Sequence[Sequence[Value]], col: int, first: int, last: int) -> list[Value]:
    return [grid[r - 1][col - 1] if r - 1 < len(grid) and col - 1 < len(grid[r - 1]) else None
            for r in range(first, last + 1)]


def _cache(values: list[Value], numeric: bool) -> str:
    """Cached points, for viewers that draw without recalculating."""
    kind = "num" if numeric else "str"
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{escape_text(str(v))}</c:v></c:pt>'
        for i, v in enumerate(values)
        if isinstance(v, (str, numbers.Real)) and not isinstance(v, bool)
    )
    head = "<c:formatCode>General</c:formatCode>" if numeric else ""
    return f"<c:{kind}Cache>{head}<c:ptCount val=\"{len(values)}\"/>{points}</c:{kind}Cache>"


def _series(chart: Chart, sheet: str, grid: Sequence[Sequence[Value]]) -> str:
    cat_col, cat_first, cat_last = chart.categories
    categories = _cells(grid, cat_col, cat_first, cat_last)
    numeric_cats = all(isinstance(v, numbers.Real) for v in categories)
    cat_kind = "num" if numeric_cats else "str"
    out = []
    for idx, (name, col, first, last) in enumerate(chart.series):
        extra = '<c:invertIfNegative val="0"/>' if chart.kind != "line" else '<c:marker><c:symbol val="circle"/></c:marker>'
        out.append(
            f'<c:ser><c:idx val="{idx}"/><c:order val="{idx}"/><c:tx><c:v>{escape_text(name)}</c:v></c:tx>{extra}'
            f"<c:cat><c:{cat_kind}Ref><c:f>{escape_text(_range(sheet, cat_col, cat_first, cat_last))}</c:f>"
            f"{_cache(categories, numeric_cats)}</c:{cat_kind}Ref></c:cat>"
            f"<c:val><c:numRef><c:f>{escape_text(_range(sheet, col, first, last))}</c:f>"
            f"{_cache(_cells(grid, col, first, last), True)}</c:numRef></c:val>"
            + ('<c:smooth val="0"/>' if chart.kind == "line" else "")
            + "</c:ser>"
        )
    return "".join(out)


def _scatter_series(chart: Chart, sheet: str, grid: Sequence[Sequence[Value]]) -> str:
    """One series per item (a point each, named in the legend), x from the categories
    column and y from the series column, on the series' own rows."""
    x_col = chart.categories[0]
    out = []
    for idx, (name, col, first, last) in enumerate(chart.series):
        out.append(
            f'<c:ser><c:idx val="{idx}"/><c:order val="{idx}"/><c:tx><c:v>{escape_text(name)}</c:v></c:tx>'
            '<c:spPr><a:ln w="19050"><a:noFill/></a:ln></c:spPr>'
            '<c:marker><c:symbol val="circle"/><c:size val="9"/></c:marker>'
            f"<c:xVal><c:numRef><c:f>{escape_text(_range(sheet, x_col, first, last))}</c:f>"
            f"{_cache(_cells(grid, x_col, first, last), True)}</c:numRef></c:xVal>"
            f"<c:yVal><c:numRef><c:f>{escape_text(_range(sheet, col, first, last))}</c:f>"
            f"{_cache(_cells(grid, col, first, last), True)}</c:numRef></c:yVal>"
            '<c:smooth val="0"/></c:ser>'
        )
    return "".join(out)


def _value_axis(axis_id: int, cross: int, position: str, title: str | None) -> str:
    label = (f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>{escape_text(title)}</a:t></a:r>'
             '</a:p></c:rich></c:tx><c:overlay val="0"/></c:title>') if title else ""
    return (f'<c:valAx><c:axId val="{axis_id}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            f'<c:delete val="0"/><c:axPos val="{position}"/><c:majorGridlines/>{label}'
            '<c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/>'
            f'<c:crossAx val="{cross}"/><c:crosses val="autoZero"/><c:crossBetween val="midCat"/></c:valAx>')


def chart_xml(chart: Chart, sheet: str, grid: Sequence[Sequence[Value]]) -> bytes:
    if chart.kind not in ("bar", "column", "line", "funnel", "scatter"):
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    if chart.kind == "scatter":
        return _chart_space(chart, (
            f'<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>'
            f'{_scatter_series(chart, sheet, grid)}<c:axId val="1001"/><c:axId val="1002"/></c:scatterChart>'
            + _value_axis(1001, 1002, "b", chart.x_title) + _value_axis(1002, 1001, "l", chart.y_title)))
    horizontal = chart.kind in ("bar", "funnel")
    if chart.kind == "line":
        plot = (f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{_series(chart, sheet, grid)}'
                '<c:marker val="1"/><c:axId val="1001"/><c:axId val="1002"/></c:lineChart>')
    else:
        plot = (f'<c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/><c:grouping val="clustered"/>'
                f'<c:varyColors val="0"/>{_series(chart, sheet, grid)}<c:gapWidth val="80"/>'
                '<c:axId val="1001"/><c:axId val="1002"/></c:barChart>')
    orientation = "maxMin" if chart.kind == "funnel" else "minMax"
    cat_pos, val_pos = ("l", "b") if horizontal else ("b", "l")
    axes = (f'<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="{orientation}"/></c:scaling>'
            f'<c:delete val="0"/><c:axPos val="{cat_pos}"/><c:numFmt formatCode="General" sourceLinked="1"/>'
            '<c:tickLblPos val="nextTo"/><c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/>'
            '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
            f'<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            f'<c:delete val="0"/><c:axPos val="{val_pos}"/><c:majorGridlines/>'
            '<c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/>'
            '<c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>')
    return _chart_space(chart, plot + axes)


def _chart_space(chart: Chart, plot_area: str) -> bytes:
    title = (f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr b="1"/></a:pPr>'
             f"<a:r><a:t>{escape_text(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>"
             '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>')
    legend = '<c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend>' if len(chart.series) > 1 else ""
    body = (f'<c:chartSpace {_NS}><c:roundedCorners val="0"/><c:chart>{title}<c:plotArea><c:layout/>{plot_area}'
            f'</c:plotArea>{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>')
    return XML_DECLARATION + body.encode()


def _anchor(chart: Chart, number: int, rel_id: str) -> str:
    row, col, _, _ = parse_ref(chart.anchor)
    cx, cy = round(chart.width_cm * EMU_PER_CM), round(chart.height_cm * EMU_PER_CM)
    return (f"<xdr:oneCellAnchor><xdr:from><xdr:col>{col - 1}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx=\"{cx}\" cy=\"{cy}\"/>"
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{number + 1}" '
            f'name="{escape_attr(chart.title or f"Graphique {number}")}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{rel_id}"/>'
            "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>")


def add_charts(editor: PackageEditor, sheet_part: str, sheet: str, charts: Sequence[Chart],
               grid: Sequence[Sequence[Value]]) -> str:
    """Create the drawing and chart parts; returns the sheet's rId for <drawing>."""
    drawing = editor.free_name("xl/drawings/drawing{}.xml")
    drawing_rels = new_relationships()
    anchors = []
    content_types = editor.tree(CONTENT_TYPES)
    for number, chart in enumerate(charts, start=1):
        part = editor.free_name("xl/charts/chart{}.xml")
        editor.put(part, chart_xml(chart, sheet, grid))
        add_override(content_types, part, CT_CHART)
        anchors.append(_anchor(chart, number, add_relationship(drawing_rels, drawing, REL_CHART, part)))
    editor.put(drawing, XML_DECLARATION + (
        f'<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        + "".join(anchors) + "</xdr:wsDr>").encode())
    editor.put(rels_path(drawing), serialize(drawing_rels))
    add_override(content_types, drawing, CT_DRAWING)
    editor.touch(CONTENT_TYPES)
    rel_id = add_relationship(editor.rels(sheet_part), sheet_part, REL_DRAWING, drawing)
    editor.touch(rels_path(sheet_part))
    return rel_id
