"""Native charts for computed sheets: one drawing part anchoring chart parts.

Charts reference the sheet's cells, so they follow the values when Excel
recalculates; the caches written here only serve viewers that do not recalculate.
Bars are what sales managers read (funnel steps, revenue by type): bar, column,
line, and "funnel" (horizontal bars, first step on top); and "scatter", for
two measures of the same items (importance against performance), where each
series is a row range whose x values sit in the `categories` column.

What a chart shows is read the way its cells are: an axis takes the number format
of the cells it draws (months as « janv. 2025 », rates as « 20 % », never a date
serial or 0,2), horizontal bars list their categories top to bottom in the order
of the table, bars carry their value. Where the chart goes is `layout`'s decision:
a chart covers a rectangle of cells (a two-cell anchor), the same in every program.
"""

from __future__ import annotations

import numbers
from typing import Sequence

from sicxl.table import column_letter
from sicxl.workbook.content_types import CT_CHART, CT_DRAWING, add_override
from sicxl.workbook.editor import CONTENT_TYPES, PackageEditor
from sicxl.workbook.layout import ChartPlace
from sicxl.workbook.measure import is_date_format, is_percent_format
from sicxl.workbook.relationships import REL_CHART, REL_DRAWING, add_relationship, new_relationships
from sicxl.workbook.package import rels_path
from sicxl.workbook.xmlwriter import XML_DECLARATION, escape_attr, escape_text, serialize
from sicxl.writes import Chart, Style, Value

_NS = ('xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
KINDS = ("bar", "column", "line", "funnel", "scatter")
HORIZONTAL = ("bar", "funnel")  # categories down the side, in the table's order
PERCENT_AXIS = "0%"
TITLE_SIZE, TEXT_SIZE = 1200, 900  # hundredths of a point
Styles = dict[tuple[int, int], Style]


class _Data:
    """The cells a chart draws: their values (for the caches) and number formats."""

    def __init__(self, chart: Chart, sheet: str, grid: Sequence[Sequence[Value]], styles: Styles) -> None:
        self.chart, self.sheet, self.grid, self.styles = chart, sheet, grid, styles

    def cells(self, line: int, first: int, last: int) -> list[tuple[int, int]]:
        """(row, col) of a range: down a column, or along a row when `by_row`."""
        if self.chart.by_row:
            return [(line, col) for col in range(first, last + 1)]
        return [(row, line) for row in range(first, last + 1)]

    def ref(self, line: int, first: int, last: int) -> str:
        quoted = "'" + self.sheet.replace("'", "''") + "'"
        (r1, c1), (r2, c2) = self.cells(line, first, first)[0], self.cells(line, last, last)[0]
        return f"{quoted}!${column_letter(c1)}${r1}:${column_letter(c2)}${r2}"

    def values(self, line: int, first: int, last: int) -> list[Value]:
        return [self.grid[r - 1][c - 1] if r - 1 < len(self.grid) and c - 1 < len(self.grid[r - 1]) else None
                for r, c in self.cells(line, first, last)]

    def number_format(self, line: int, first: int, last: int) -> str | None:
        """The format of the range's cells (its first formatted one)."""
        for key in self.cells(line, first, last):
            style = self.styles.get(key)
            if style is not None and style.number_format:
                return style.number_format
        return None


def _cache(values: list[Value], numeric: bool, number_format: str | None = None) -> str:
    """Cached points, for viewers that draw without recalculating."""
    kind = "num" if numeric else "str"
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{escape_text(str(v))}</c:v></c:pt>'
        for i, v in enumerate(values)
        if isinstance(v, (str, numbers.Real)) and not isinstance(v, bool)
    )
    head = f"<c:formatCode>{escape_text(number_format or 'General')}</c:formatCode>" if numeric else ""
    return f"<c:{kind}Cache>{head}<c:ptCount val=\"{len(values)}\"/>{points}</c:{kind}Cache>"


def _numbers(data: _Data, line: int, first: int, last: int) -> str:
    number_format = data.number_format(line, first, last)
    return (f"<c:numRef><c:f>{escape_text(data.ref(line, first, last))}</c:f>"
            f"{_cache(data.values(line, first, last), True, number_format)}</c:numRef>")


def _categories(data: _Data) -> str:
    line, first, last = data.chart.categories
    values = data.values(line, first, last)
    if _date_categories(data) or all(isinstance(v, numbers.Real) for v in values):
        return f"<c:cat>{_numbers(data, line, first, last)}</c:cat>"
    return (f"<c:cat><c:strRef><c:f>{escape_text(data.ref(line, first, last))}</c:f>"
            f"{_cache(values, False)}</c:strRef></c:cat>")


def _date_categories(data: _Data) -> bool:
    return is_date_format(data.number_format(*data.chart.categories))


def _rich(text: str, size: int, bold: bool) -> str:
    return (f'<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="{int(bold)}"/></a:pPr>'
            f'<a:r><a:rPr lang="fr-FR" sz="{size}" b="{int(bold)}"/><a:t>{escape_text(text)}</a:t></a:r></a:p>'
            "</c:rich></c:tx>")


def _text_properties(size: int = TEXT_SIZE) -> str:
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}"/></a:pPr>'
            '<a:endParaRPr lang="fr-FR"/></a:p></c:txPr>')


def _labels(number_format: str | None) -> str:
    """Each bar's value written on it, in the figures' own format."""
    fmt = f'<c:numFmt formatCode="{escape_attr(number_format)}" sourceLinked="0"/>' if number_format else ""
    return (f"<c:dLbls>{fmt}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{_text_properties()}"
            '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
            '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>')


def _series(data: _Data) -> str:
    chart = data.chart
    out = []
    for idx, (name, line, first, last) in enumerate(chart.series):
        if chart.kind == "line":
            extra = '<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>'
        else:
            extra = '<c:invertIfNegative val="0"/>' + _labels(data.number_format(line, first, last))
        out.append(
            f'<c:ser><c:idx val="{idx}"/><c:order val="{idx}"/><c:tx><c:v>{escape_text(name)}</c:v></c:tx>{extra}'
            f"{_categories(data)}<c:val>{_numbers(data, line, first, last)}</c:val>"
            + ('<c:smooth val="0"/>' if chart.kind == "line" else "")
            + "</c:ser>"
        )
    return "".join(out)


def _scatter_series(data: _Data) -> str:
    """One series per item (a point each, named in the legend), x from the categories
    column and y from the series column, on the series' own rows."""
    x_col = data.chart.categories[0]
    out = []
    for idx, (name, col, first, last) in enumerate(data.chart.series):
        out.append(
            f'<c:ser><c:idx val="{idx}"/><c:order val="{idx}"/><c:tx><c:v>{escape_text(name)}</c:v></c:tx>'
            '<c:spPr><a:ln w="19050"><a:noFill/></a:ln></c:spPr>'
            '<c:marker><c:symbol val="circle"/><c:size val="9"/></c:marker>'
            f"<c:xVal>{_numbers(data, x_col, first, last)}</c:xVal>"
            f"<c:yVal>{_numbers(data, col, first, last)}</c:yVal>"
            '<c:smooth val="0"/></c:ser>'
        )
    return "".join(out)


def _axis_format(number_format: str | None) -> str:
    """An axis's labels: rates as whole percentages, other figures as their cells show them."""
    if is_percent_format(number_format):
        number_format = PERCENT_AXIS
    if not number_format:
        return '<c:numFmt formatCode="General" sourceLinked="1"/>'
    return f'<c:numFmt formatCode="{escape_attr(number_format)}" sourceLinked="0"/>'


def _value_axis(axis_id: int, cross: int, position: str, title: str | None, number_format: str | None,
                between: str = "midCat", crosses: str = "autoZero") -> str:
    """A value axis; `crosses`: where it crosses the other axis ("max": at the last category)."""
    label = f'<c:title>{_rich(title, TEXT_SIZE, False)}<c:overlay val="0"/></c:title>' if title else ""
    return (f'<c:valAx><c:axId val="{axis_id}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            f'<c:delete val="0"/><c:axPos val="{position}"/><c:majorGridlines/>{label}'
            f'{_axis_format(number_format)}<c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
            f'<c:tickLblPos val="nextTo"/>{_text_properties()}'
            f'<c:crossAx val="{cross}"/><c:crosses val="{crosses}"/><c:crossBetween val="{between}"/></c:valAx>')


def _category_axis(data: _Data, position: str) -> str:
    """Categories in the table's order: top to bottom for horizontal bars (their axis
    reversed); dates as a date axis in the cells' format (« janv. 2025 »)."""
    orientation = "maxMin" if data.chart.kind in HORIZONTAL else "minMax"
    common = (f'<c:axId val="1001"/><c:scaling><c:orientation val="{orientation}"/></c:scaling>'
              f'<c:delete val="0"/><c:axPos val="{position}"/>')
    # labels at the low end: beside the plot, not over bars that go below zero
    tail = (f'<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>'
            f'{_text_properties()}<c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="0"/>')
    if _date_categories(data):
        number_format = data.number_format(*data.chart.categories)
        return (f"<c:dateAx>{common}{_axis_format(number_format)}{tail}"
                '<c:lblOffset val="100"/><c:baseTimeUnit val="months"/></c:dateAx>')
    return (f'<c:catAx>{common}<c:numFmt formatCode="General" sourceLinked="1"/>{tail}'
            '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>')


def _series_format(data: _Data) -> str | None:
    return next((f for _, line, first, last in data.chart.series if (f := data.number_format(line, first, last))),
                None)


def chart_xml(chart: Chart, sheet: str, grid: Sequence[Sequence[Value]], styles: Styles | None = None) -> bytes:
    if chart.kind not in KINDS:
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    data = _Data(chart, sheet, grid, styles or {})
    if chart.kind == "scatter":
        x_format = data.number_format(chart.categories[0], *_rows_of(chart))
        return _chart_space(chart, (
            f'<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>'
            f'{_scatter_series(data)}<c:axId val="1001"/><c:axId val="1002"/></c:scatterChart>'
            + _value_axis(1001, 1002, "b", chart.x_title, x_format)
            + _value_axis(1002, 1001, "l", chart.y_title, _series_format(data))))
    horizontal = chart.kind in HORIZONTAL
    if chart.kind == "line":
        plot = (f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{_series(data)}'
                '<c:marker val="1"/><c:axId val="1001"/><c:axId val="1002"/></c:lineChart>')
    else:
        plot = (f'<c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/><c:grouping val="clustered"/>'
                f'<c:varyColors val="0"/>{_series(data)}<c:gapWidth val="60"/>'
                '<c:axId val="1001"/><c:axId val="1002"/></c:barChart>')
    cat_pos, val_pos = ("l", "b") if horizontal else ("b", "l")
    # Reversed categories put the value axis at the top, unless it crosses at the last one.
    axes = _category_axis(data, cat_pos) + _value_axis(1002, 1001, val_pos, chart.y_title, _series_format(data),
                                                       between="between", crosses="max" if horizontal else "autoZero")
    return _chart_space(chart, plot + axes)


def _rows_of(chart: Chart) -> tuple[int, int]:
    rows = [r for _, _, first, last in chart.series for r in (first, last)]
    return min(rows), max(rows)


def _chart_space(chart: Chart, plot_area: str) -> bytes:
    title = (f"<c:title>{_rich(chart.title, TITLE_SIZE, True)}"
             '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>')
    legend = (f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_text_properties()}</c:legend>'
              if len(chart.series) > 1 else "")
    body = (f'<c:chartSpace {_NS}><c:lang val="fr-FR"/><c:roundedCorners val="0"/><c:chart>{title}'
            f'<c:plotArea><c:layout/>{plot_area}</c:plotArea>{legend}<c:plotVisOnly val="1"/>'
            '<c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>')
    return XML_DECLARATION + body.encode()


def _anchor(place: ChartPlace, number: int, rel_id: str) -> str:
    start, end = place.start, place.end
    name = escape_attr(place.chart.title or f"Graphique {number}")
    return (f'<xdr:twoCellAnchor editAs="oneCell">'
            f"<xdr:from><xdr:col>{start.col - 1}</xdr:col><xdr:colOff>{start.col_offset}</xdr:colOff>"
            f"<xdr:row>{start.row - 1}</xdr:row><xdr:rowOff>{start.row_offset}</xdr:rowOff></xdr:from>"
            f"<xdr:to><xdr:col>{end.col - 1}</xdr:col><xdr:colOff>{end.col_offset}</xdr:colOff>"
            f"<xdr:row>{end.row - 1}</xdr:row><xdr:rowOff>{end.row_offset}</xdr:rowOff></xdr:to>"
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{number + 1}" name="{name}"/>'
            '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{rel_id}"/>'
            "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>")


def add_charts(editor: PackageEditor, sheet_part: str, sheet: str, places: Sequence[ChartPlace],
               grid: Sequence[Sequence[Value]], styles: Styles) -> str:
    """Create the drawing and chart parts; returns the sheet's rId for <drawing>."""
    drawing = editor.free_name("xl/drawings/drawing{}.xml")
    drawing_rels = new_relationships()
    anchors = []
    content_types = editor.tree(CONTENT_TYPES)
    for number, place in enumerate(places, start=1):
        part = editor.free_name("xl/charts/chart{}.xml")
        editor.put(part, chart_xml(place.chart, sheet, grid, styles))
        add_override(content_types, part, CT_CHART)
        anchors.append(_anchor(place, number, add_relationship(drawing_rels, drawing, REL_CHART, part)))
    editor.put(drawing, XML_DECLARATION + (
        f'<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        + "".join(anchors) + "</xdr:wsDr>").encode())
    editor.put(rels_path(drawing), serialize(drawing_rels))
    add_override(content_types, drawing, CT_DRAWING)
    editor.touch(CONTENT_TYPES)
    rel_id = add_relationship(editor.rels(sheet_part), sheet_part, REL_DRAWING, drawing)
    editor.touch(rels_path(sheet_part))
    return rel_id
