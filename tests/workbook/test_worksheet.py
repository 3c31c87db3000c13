"""Stream-rewriting a worksheet part: the row and cell rules, on hand-made XML that
mimics what different writers produce (no r attributes, empty rows, shared formulas)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from sicxl.table import column_letter
from sicxl.workbook import worksheet
from sicxl.workbook.packager import write_package
from sicxl.workbook.verify import verify_package
from sicxl.workbook.worksheet import ColumnCells, SheetEdits, rewrite_sheet
from sicxl.writes import ColumnWrite, SheetWrite, Writes
from tests.workbook.helpers import calamine_rows, openpyxl_values, untouched_differences

HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxml'
        b'formats.org/spreadsheetml/2006/main"><dimension ref="A1:B3"/><sheetData>')
TAIL = b"</sheetData></worksheet>"


def _rewrite(body: bytes, *columns: ColumnCells, widths=None) -> bytes:
    out = io.BytesIO()
    rewrite_sheet(HEAD + body + TAIL, SheetEdits(list(columns), widths or {}), out)
    result = out.getvalue()
    etree.fromstring(result)  # well-formed
    return result


def _cells(xml: bytes) -> dict[str, str]:
    root = etree.fromstring(xml)
    return {c.get("r"): "".join(c.itertext()) for c in root.iter("{*}c")}


def test_cells_are_inserted_in_column_order_and_existing_ones_replaced():
    body = b'<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c></row>'
    xml = _rewrite(body, ColumnCells(2, [1], ["b"], [None]), ColumnCells(3, [1], [30], [None]))
    assert b'<c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1"><v>30</v></c>' in xml


def test_rows_and_cells_without_references_are_located():
    body = b"<row><c><v>1</v></c><c><v>2</v></c></row><row/><row><c><v>5</v></c></row>"
    xml = _rewrite(body, ColumnCells(2, [3], [99], [None]), ColumnCells(1, [2], ["x"], [None]))
    assert _cells(xml) == {"A1": "1", "B1": "2", "A2": "x", "A3": "5", "B3": "99"}
    assert [r.get("r") for r in etree.fromstring(xml).iter("{*}row")] == ["1", "2", "3"]


def test_new_rows_are_placed_between_and_after_existing_rows():
    body = b'<row r="2"><c r="A2"><v>2</v></c></row><row r="5"><c r="A5"><v>5</v></c></row>'
    xml = _rewrite(body, ColumnCells(2, [7, 1, 3], ["g", "a", "c"], [None] * 3))
    assert [r.get("r") for r in etree.fromstring(xml).iter("{*}row")] == ["1", "2", "3", "5", "7"]
    assert b'<dimension ref="A1:B7"/>' in xml


def test_blank_value_clears_the_cell_and_keeps_nothing():
    body = b'<row r="1"><c r="A1" s="3"><f>1+1</f><v>2</v></c><c r="B1"><v>7</v></c></row>'
    xml = _rewrite(body, ColumnCells(1, [1], [None], [None]), ColumnCells(2, [1], [float("nan")], [None]))
    assert _cells(xml) == {}


def test_existing_style_is_kept_when_the_write_has_none():
    body = b'<row r="1"><c r="A1" s="4"><v>1</v></c></row>'
    assert b'<c r="A1" s="4"><v>2</v></c>' in _rewrite(body, ColumnCells(1, [1], [2], [None]))


def test_new_header_takes_the_style_of_the_header_on_its_left():
    body = b'<row r="1" spans="1:1"><c r="A1" s="7" t="s"><v>0</v></c></row>'
    xml = _rewrite(body, ColumnCells(2, [1], ["Score"], [None], header=True))
    assert b'<c r="B1" s="7" t="inlineStr">' in xml and b'spans="1:2"' in xml


def test_text_is_escaped_cleaned_and_keeps_its_spaces():
    xml = _rewrite(b"", ColumnCells(1, [1], ["  <b>\x01 & \x0b fin "], [None]))
    assert b'<t xml:space="preserve">  &lt;b&gt; &amp;  fin </t>' in xml


def test_width_is_set_only_for_columns_without_one():
    head_cols = b'<cols><col min="1" max="3" width="20" customWidth="1"/></cols>'
    data = HEAD.replace(b"<sheetData>", head_cols + b"<sheetData>") + TAIL
    out = io.BytesIO()
    rewrite_sheet(data, SheetEdits([ColumnCells(2, [1], [1], [None]), ColumnCells(5, [1], [1], [None])],
                                   {2: 30.0, 5: 12.0}), out)
    assert (b'<cols><col min="1" max="3" width="20" customWidth="1"/>'
            b'<col min="5" max="5" width="12.0" customWidth="1"/></cols>') in out.getvalue()


def test_untouched_rows_are_copied_verbatim():
    rows = b"".join(b'<row r="%d" spans="1:1" ht="15"><c r="A%d"><v>%d</v></c></row>' % (r, r, r)
                    for r in range(1, 50))
    xml = _rewrite(rows, ColumnCells(2, [25], [1], [None]))
    assert xml.startswith((HEAD + rows[: rows.index(b'<row r="25"')]).replace(b"A1:B3", b"A1:B25"))
    assert xml.endswith(rows[rows.index(b'<row r="26"'):] + TAIL)


def _shared_formula_book(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Calc"
    for r in range(1, 5):
        sheet.cell(r, 1, r * 10)
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"]
    for r in range(1, 5):
        f = b'<f t="shared" ref="B1:B4" si="0">A1*2</f>' if r == 1 else b'<f t="shared" si="0"/>'
        xml = xml.replace(b'<v>%d</v></c></row>' % (r * 10), b'<v>%d</v></c><c r="B%d">%s<v>%d</v></c></row>'
                          % (r * 10, r, f, r * 20))
    parts["xl/worksheets/sheet1.xml"] = xml
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_dependents_of_an_overwritten_shared_formula_get_their_own(tmp_path: Path):
    source = _shared_formula_book(tmp_path / "shared.xlsx")
    target = tmp_path / "out.xlsx"
    write_package(source, Writes(columns=[ColumnWrite("Calc", 2, [1], ["remplacé"])]), target)
    values = openpyxl_values(target, "Calc")
    assert [values[(r, 2)] for r in range(1, 5)] == ["remplacé", "=A2*2", "=A3*2", "=A4*2"]


def test_dates_follow_the_1904_date_system(tmp_path: Path):
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    book.active.title = "Mac"
    book.active["A1"] = 1
    source = tmp_path / "mac.xlsx"
    book.save(source)
    target = tmp_path / "out.xlsx"
    write_package(source, Writes(columns=[ColumnWrite("Mac", 2, [1], [dt.date(2025, 3, 14)])]), target)
    assert openpyxl.load_workbook(target)["Mac"]["B1"].value == dt.datetime(2025, 3, 14)


def test_replacing_a_computed_sheet_drops_its_old_chart(tmp_path: Path):
    from sicxl.writes import Chart

    book = openpyxl.Workbook()
    book.active.title = "Données"
    source = tmp_path / "book.xlsx"
    book.save(source)
    sheet = SheetWrite("Répartition", [["Type", "CA"], ["P1", 10], ["P2", 20]],
                       charts=[Chart("column", "CA par type", (1, 2, 3), [("CA", 2, 2, 3)], "D2")])
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    write_package(source, Writes(sheets=[sheet]), first)
    sheet.rows = [["Type", "CA"], ["P1", 15], ["P2", 25]]
    changes = write_package(first, Writes(sheets=[sheet]), second)
    with zipfile.ZipFile(second) as archive:
        names = archive.namelist()
    assert sum(n.startswith("xl/charts/") for n in names) == 1
    assert {"xl/charts/chart1.xml", "xl/drawings/drawing1.xml"} <= changes.removed
    assert verify_package(first, second, changes) == []
    assert untouched_differences(first, second, set(changes.changed | changes.added | changes.removed)) == []
    assert calamine_rows(second, "Répartition")[2] == ["P2", 25]
    assert len(openpyxl.load_workbook(second)["Répartition"]._charts) == 1


def test_invalid_sheet_name_is_refused(tmp_path: Path):
    book = openpyxl.Workbook()
    source = tmp_path / "book.xlsx"
    book.save(source)
    with pytest.raises(ValueError):
        write_package(source, Writes(sheets=[SheetWrite("Bilan: 2025/T1", [["x"]])]), tmp_path / "out.xlsx")


# -- the splices against the cell-by-cell merge ------------------------------------
def _merged_only(rewrite):
    """The same rewrite with every row going through the cell-by-cell merge."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(worksheet._SheetRewriter, "_splice", lambda *args: None)
        return rewrite()


def test_a_rerun_keeps_the_style_users_gave_to_computed_cells():
    body = (b'<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="5"><v>7</v></c><c r="C1"><v>8</v></c></row>'
            b'<row r="2"><c r="A2"><v>2</v></c><c r="B2"><v>7</v></c><c r="C2" s="0"><v>8</v></c></row>')
    xml = _rewrite(body, ColumnCells(2, [1, 2], ["b1", "b2"], [None, None]),
                   ColumnCells(3, [1, 2], [None, "c2"], [6, None]))
    assert (b'<c r="A1"><v>1</v></c><c r="B1" s="5" t="inlineStr"><is><t>b1</t></is></c></row>'
            b'<row r="2"><c r="A2"><v>2</v></c><c r="B2" t="inlineStr"><is><t>b2</t></is></c>'
            b'<c r="C2" t="inlineStr"><is><t>c2</t></is></c></row>') in xml


def test_a_later_write_to_a_cell_wins_within_and_across_row_sets():
    xml = _rewrite(b'<row r="1"><c r="A1"><v>1</v></c></row>',
                   ColumnCells(2, [1, 2, 1], ["first", "x", "second"], [None] * 3),
                   ColumnCells(3, [1, 2], [1, 2], [None] * 2), ColumnCells(3, [2], ["late"], [None]),
                   ColumnCells(2, [2], [None], [None]))
    assert _cells(xml) == {"A1": "1", "B1": "second", "C1": "1", "C2": "late"}


CELL_KINDS = [b"<c%s%s><v>%d</v></c>", b"<c%s%s/>", b'<c%s%s t="inlineStr"><is><t>t%d</t></is></c>',
              b'<c%s%s><f t="shared" ref="A1:A9" si="0">Z50*2</f><v>%d</v></c>', b'<c%s%s><f t="shared" si="0"/><v>%d</v></c>']


@st.composite
def _sheet_body(draw) -> bytes:
    rows, number = [], 0
    for _ in range(draw(st.integers(0, 6))):
        number += draw(st.integers(1, 2))
        cells, col = [], 0
        for _ in range(draw(st.integers(0, 6))):
            col += draw(st.integers(1, 2))
            ref = b' r="%s%d"' % (column_letter(col).encode(), number) if draw(st.integers(0, 5)) else b""
            style = draw(st.sampled_from([b"", b' s="0"', b' s="3"']))
            kind = draw(st.sampled_from(CELL_KINDS))
            cells.append(kind % (ref, style) if b"%d" not in kind else kind % (ref, style, col))
        r = b' r="%d"' % number if draw(st.integers(0, 5)) else b""
        spans = draw(st.sampled_from([b"", b' spans="1:3"']))
        rows.append(b"<row%s%s/>" % (r, spans) if not cells and draw(st.booleans())
                    else b"<row%s%s>%s</row>" % (r, spans, b"".join(cells)))
    return b"".join(rows)


@st.composite
def _column_cells(draw) -> list[ColumnCells]:
    """Columns over a shared row set (as jobs write them) or their own rows."""
    shared = draw(st.lists(st.integers(1, 10), min_size=1, max_size=8))
    first = draw(st.integers(1, 6))
    columns = []
    for k in range(draw(st.integers(1, 5))):
        rows = shared if draw(st.booleans()) else draw(st.lists(st.integers(1, 10), min_size=1, max_size=6))
        values = draw(st.lists(st.one_of(st.none(), st.text(max_size=4), st.integers(-9, 99)),
                               min_size=len(rows), max_size=len(rows)))
        xf_ids = draw(st.lists(st.sampled_from([None, 0, 4]), min_size=len(rows), max_size=len(rows)))
        col = first + k if draw(st.integers(0, 3)) else draw(st.integers(1, 9))
        columns.append(ColumnCells(col, list(rows), values, xf_ids, header=draw(st.integers(0, 8)) == 0))
    return columns


@settings(max_examples=400, deadline=None)
@given(_sheet_body(), _column_cells())
def test_splices_write_what_the_cell_by_cell_merge_writes(body, columns):
    assert _rewrite(body, *columns) == _merged_only(lambda: _rewrite(body, *columns))
