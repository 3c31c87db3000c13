"""The layout of a computed sheet (sicxl.workbook.layout): widths and heights from the
content, charts where nothing is hidden, A4 pages cut between blocks."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sicxl.schema.dashboard import MONTH_TITLE_FORMAT
from sicxl.workbook.layout import (LINE_HEIGHT, ChartPlace, Rect, arrange, column_points, printable)
from sicxl.workbook.measure import header_width, shown_text, text_width, wrapped_lines
from sicxl.writes import Chart, Formula, SheetWrite, Style

HEADER = Style(bold=True, fill="1F4E78", font_color="FFFFFF", wrap=True)


def _table(top: int, rows: int, cols: int = 3, label: str = "Ligne") -> list[tuple[int, int, object]]:
    cells: list[tuple[int, int, object]] = [(top, c, f"Colonne {c}") for c in range(1, cols + 1)]
    cells += [(top + 1 + r, 1, f"{label} {r + 1}") for r in range(rows)]
    cells += [(top + 1 + r, c, 1000.0 * r + c) for r in range(rows) for c in range(2, cols + 1)]
    return cells


def _sheet(cells: list[tuple[int, int, object]], **kwargs) -> SheetWrite:
    last_row = max(r for r, _, _ in cells)
    last_col = max(c for _, c, _ in cells)
    rows: list[list[object]] = [[None] * last_col for _ in range(last_row)]
    for r, c, value in cells:
        rows[r - 1][c - 1] = value
    return SheetWrite("Feuille", rows, **kwargs)


def _chart(first: int, last: int, anchor: str | None = None, **kwargs) -> Chart:
    return Chart("bar", "Graphique", (1, first, last), [("Série", 2, first, last)], anchor=anchor, **kwargs)


def _covered(place: ChartPlace, rows: list[list[object]]) -> list[tuple[int, int]]:
    rect = place.rect
    return [(r, c) for r in range(rect.top, rect.bottom + 1) for c in range(rect.left, rect.right + 1)
            if r <= len(rows) and c <= len(rows[r - 1]) and rows[r - 1][c - 1] not in (None, "")]


def _disjoint(a: ChartPlace, b: ChartPlace) -> bool:
    """Two-cell anchors that do not overlap, compared as (cell, offset) points."""
    def before(end, start, axis):  # end of one at or before the start of the other
        return (getattr(end, axis), getattr(end, axis + "_offset")) <= (getattr(start, axis), getattr(start, axis + "_offset"))
    return (before(a.end, b.start, "col") or before(b.end, a.start, "col")
            or before(a.end, b.start, "row") or before(b.end, a.start, "row"))


# -- widths and heights ----------------------------------------------------------------------
def test_a_column_is_as_wide_as_its_header_and_its_figures():
    sheet = _sheet([(1, 1, "Potentiel CA (k€)"), (1, 2, "Dernier contact"), (2, 1, 12.5), (2, 2, dt.date(2026, 11, 2))],
                   styles={(1, 1): Style(bold=True), (1, 2): Style(bold=True), (2, 2): Style("dd/mm/yyyy")})
    widths = arrange(sheet).widths
    assert widths[1] >= header_width("Potentiel CA (k€)") - 0.1
    assert widths[2] >= header_width("Dernier contact") - 0.1


def test_a_month_shown_in_words_is_never_hashes():
    """The month cell of the dashboard showed ### in a column sized for "2025-12"."""
    style = Style(MONTH_TITLE_FORMAT, bold=True)
    sheet = _sheet([(1, 1, "Mois"), (1, 2, dt.date(2025, 9, 1)), (2, 1, "Début"), (2, 2, Formula("=DATE(2025,1,1)"))],
                   styles={(1, 2): style, (2, 2): Style(MONTH_TITLE_FORMAT)})
    assert shown_text(dt.date(2025, 9, 1), style) == "septembre 2025"  # the longest month name
    assert arrange(sheet).widths[2] >= text_width("septembre 2025", bold=True)


def test_figures_of_formulas_get_room_for_their_format():
    sheet = _sheet([(1, 1, "Écart %"), (2, 1, Formula("=A1/B1"))], styles={(2, 1): Style("0.0%")})
    assert arrange(sheet).widths[1] >= text_width("-99,9 %")


def test_a_wrapped_header_takes_two_lines_and_its_row_is_that_tall():
    sheet = _sheet([(1, 1, "Taux de réalisation"), (2, 1, Formula("=1")), (1, 2, "Réalisé"), (2, 2, 3.0)],
                   styles={(1, 1): HEADER, (1, 2): HEADER, (2, 1): Style("0.0%")})
    layout = arrange(sheet)
    assert layout.widths[1] < header_width("Taux de réalisation")
    assert layout.heights[1] == 2 * LINE_HEIGHT


def test_a_multi_line_address_gets_a_row_tall_enough():
    address = "Mairie de Poissy\nM. Jean Martin\n12 rue de la Gare\n78300 POISSY"
    sheet = _sheet([(1, 1, "Adresse postale"), (1, 2, "Nom"), (2, 1, address), (2, 2, "Martin")],
                   styles={(2, 1): Style(wrap=True)})
    layout = arrange(sheet)
    assert layout.heights[2] >= 4 * LINE_HEIGHT
    assert layout.widths[1] >= text_width("12 rue de la Gare")


def test_a_text_too_long_for_any_column_wraps():
    factors = "Potentiel de 2 412 k€/an (énergie 1 442, transport 554, déchets 416) ; " * 3
    sheet = _sheet([(1, 1, "ID"), (1, 2, "Facteurs"), (2, 1, "P0001"), (2, 2, factors)])
    layout = arrange(sheet)
    assert layout.styles[(2, 2)].wrap
    assert layout.widths[2] <= 60
    assert layout.heights[2] >= wrapped_lines(factors, layout.widths[2]) * LINE_HEIGHT


def test_a_long_note_under_a_table_is_spread_over_it_and_wraps():
    note = "Signal : carte de contrôle XmR sur l'écart mensuel au plan ; « ponctuel » = un mois hors des limites. " * 2
    cells = [*_table(1, 3), (6, 1, note)]
    layout = arrange(_sheet(cells))
    assert "A6:C6" in layout.merged
    assert layout.styles[(6, 1)].wrap and layout.heights[6] > LINE_HEIGHT


# -- charts ----------------------------------------------------------------------------------
def test_two_charts_asked_at_overlapping_places_do_not_overlap():
    """The two charts of Répartition were anchored 11 rows apart but 13 rows tall."""
    cells = [*_table(3, 6), *_table(14, 7)]
    charts = [_chart(4, 9, anchor="G3", height_cm=7, width_cm=10), _chart(15, 21, anchor="G14", height_cm=7, width_cm=10)]
    sheet = _sheet(cells, charts=charts)
    first, second = arrange(sheet).charts
    assert _disjoint(first, second)
    assert not _covered(first, sheet.rows) and not _covered(second, sheet.rows)


def test_a_chart_asked_over_a_table_goes_beside_it():
    sheet = _sheet(_table(1, 10, cols=5), charts=[_chart(2, 11, anchor="B3")])
    (place,) = arrange(sheet).charts
    assert place.start.col >= 6 and not _covered(place, sheet.rows)


def test_charts_of_one_block_go_side_by_side_below_it():
    sheet = _sheet(_table(1, 12, cols=7), charts=[_chart(2, 13, width_cm=9) for _ in range(3)])
    places = arrange(sheet).charts
    assert len({p.start.row for p in places}) == 1 and all(p.start.row > 13 for p in places)
    assert all(_disjoint(a, b) for i, a in enumerate(places) for b in places[i + 1:])


def test_a_chart_never_runs_across_a_page_break_asked_for():
    cells = [*_table(1, 5), *_table(9, 5)]
    sheet = _sheet(cells, charts=[_chart(2, 6, anchor="E1", height_cm=8)], page_breaks=[9])
    (place,) = arrange(sheet).charts
    assert not (place.start.row < 9 <= place.rect.bottom)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 30), st.integers(1, 8), st.integers(2, 10)), min_size=1, max_size=4),
       st.lists(st.tuples(st.integers(0, 3), st.one_of(st.none(), st.tuples(st.integers(1, 40), st.integers(1, 12))),
                          st.floats(5, 16), st.floats(4, 9)), min_size=1, max_size=5))
def test_no_chart_covers_a_cell_or_another_chart(blocks, wanted):
    """Whatever the blocks and wherever their builder asks: charts cover no cell with
    content and no other chart."""
    cells: dict[tuple[int, int], object] = {}
    tops = []
    for top, cols, rows in blocks:
        tops.append((top, rows))
        for r, c, v in _table(top, rows, cols):
            cells[(r, c)] = v
    charts = []
    for index, asked, width, height in wanted:
        top, rows = tops[index % len(tops)]
        anchor = None if asked is None else f"{chr(64 + asked[1])}{asked[0]}"
        charts.append(_chart(top + 1, top + rows, anchor=anchor, width_cm=width, height_cm=height))
    sheet = _sheet([(r, c, v) for (r, c), v in cells.items()], charts=charts)
    places = arrange(sheet).charts
    assert len(places) == len(charts)
    for i, place in enumerate(places):
        assert not _covered(place, sheet.rows)
        assert all(_disjoint(place, other) for other in places[i + 1:])


# -- the page --------------------------------------------------------------------------------
def test_a_narrow_list_prints_portrait_a_wide_one_landscape_one_page_wide():
    narrow = arrange(_sheet(_table(1, 80, cols=3), freeze="A2")).page
    assert not narrow.landscape and narrow.scale == 100 and narrow.title_rows == 1
    wide = arrange(_sheet(_table(1, 80, cols=25), freeze="A2"))
    width = sum(column_points(w) for c, w in wide.widths.items() if c <= wide.page.area.right)
    assert wide.page.landscape
    assert width * wide.page.scale / 100 <= printable(True)[0]


def test_pages_break_between_blocks_not_inside_them():
    cells = [cell for top in range(1, 200, 25) for cell in _table(top, 20, cols=4)]
    layout = arrange(_sheet(cells))
    blocks = [(top, top + 20) for top in range(1, 200, 25)]
    assert layout.page.breaks
    for row in layout.page.breaks:
        assert any(row == top for top, _ in blocks), row


def test_a_page_asked_for_starts_at_its_row_and_each_page_fits():
    cells = [*_table(1, 25, cols=4), *_table(30, 25, cols=4)]
    page = arrange(_sheet(cells, page_breaks=[30])).page
    assert page.breaks == (30,)
    height = printable(page.landscape)[1] * 100 / page.scale
    assert 27 * LINE_HEIGHT <= height


def test_the_print_area_takes_in_the_charts():
    sheet = _sheet(_table(1, 5), charts=[_chart(2, 6, width_cm=12, height_cm=9)])
    layout = arrange(sheet)
    (place,) = layout.charts
    assert layout.page.area == Rect(1, 1, max(6, place.rect.bottom), max(3, place.rect.right))


def test_a_header_repeats_on_its_pages_only_when_no_other_table_follows():
    """The agenda froze its title and its first table's header; its later tables have
    headers of their own, which the first one's would contradict on their pages."""
    header = {(2, c): HEADER for c in range(1, 4)}
    one = _sheet([(1, 1, "Rappels et RDV"), *_table(2, 40)], styles=header, freeze="C3")
    assert arrange(one).page.title_rows == 2
    later = {(50, c): HEADER for c in range(1, 4)}
    two = _sheet([(1, 1, "Rappels et RDV"), *_table(2, 40), (49, 1, "Contrats à renouveler"), *_table(50, 40)],
                 styles={**header, **later}, freeze="C3")
    assert arrange(two).page.title_rows == 1
