"""Print settings (sicxl.workbook.printing): sicxl's sheets print on A4 by construction; a
user's sheet keeps the settings its user made and gets only those it lacks."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
from openpyxl import Workbook

from sicxl.schema.prospects import PROSPECTS
from sicxl.workbook.layout import LINE_HEIGHT
from sicxl.workbook.measure import text_width
from sicxl.workbook.packager import write_package
from sicxl.workbook.printing import FOOTER, READABLE_SCALE, complete_page, pages_wide
from sicxl.writes import ColumnWrite, SheetWrite, Style, Writes
from tests.conftest import REAL_WORKBOOKS


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode()


def _sheet_part(path: Path, sheet: str) -> str:
    book = openpyxl.load_workbook(path)
    index = book.sheetnames.index(sheet) + 1
    return _part(path, f"xl/worksheets/sheet{index}.xml")


def _blank(tmp_path: Path) -> Path:
    source = tmp_path / "book.xlsx"
    Workbook().save(source)
    return source


def _long_sheet(name: str = "Liste") -> SheetWrite:
    rows = [["Nom", "Commune", "Montant"], *[[f"Client {i}", "Versailles", 10.0 * i] for i in range(200)]]
    return SheetWrite(name, rows, {(1, c): Style(bold=True) for c in range(1, 4)}, freeze="A2")


def test_a_computed_sheet_prints_on_a4_with_its_footer_area_and_titles(tmp_path: Path):
    target = tmp_path / "out.xlsx"
    write_package(_blank(tmp_path), Writes(sheets=[_long_sheet()]), target)
    xml = _sheet_part(target, "Liste")
    assert re.search(r'<pageSetup paperSize="9" scale="\d+" orientation="portrait"/>', xml)
    assert FOOTER.replace("&", "&amp;") in xml
    book = openpyxl.load_workbook(target)
    sheet = book["Liste"]
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_area == "'Liste'!$A$1:$C$201"


def test_rewriting_a_computed_sheet_keeps_one_print_area(tmp_path: Path):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    write_package(_blank(tmp_path), Writes(sheets=[_long_sheet()]), first)
    write_package(first, Writes(sheets=[_long_sheet()]), second)
    names = re.findall(r'<definedName name="([^"]+)" localSheetId="1"', _part(second, "xl/workbook.xml"))
    assert sorted(names) == ["_xlnm.Print_Area", "_xlnm.Print_Titles"]


def test_page_breaks_asked_for_are_written(tmp_path: Path):
    rows = [[f"Ligne {i}", i] for i in range(1, 61)]
    target = tmp_path / "out.xlsx"
    write_package(_blank(tmp_path), Writes(sheets=[SheetWrite("Pages", rows, page_breaks=[31])]), target)
    assert '<rowBreaks count="1" manualBreakCount="1"><brk id="30" max="16383" man="1"/></rowBreaks>' in \
        _sheet_part(target, "Pages")


def _prospects(tmp_path: Path) -> Path:
    """A prospect file as a CRM export gives it: a header row, no print settings."""
    book = Workbook()
    sheet = book.active
    sheet.title = PROSPECTS.name
    sheet.append([c.header for c in PROSPECTS.user_columns])
    for i in range(3):
        sheet.append([f"P000{i}", f"Mairie {i}"])
    for col, column in enumerate(PROSPECTS.user_columns, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(col)].width = column.width
    sheet.freeze_panes = "C2"
    sheet.row_dimensions[3].height = 80  # made tall by its user
    path = tmp_path / "prospects.xlsx"
    book.save(path)
    return path


def _factors(col: int) -> ColumnWrite:
    text = "Potentiel de 2 412 k€/an (énergie 1 442, transport 554, déchets 416) ; Décideur identifié ; " * 2
    return ColumnWrite(PROSPECTS.name, col, [2, 3, 4], [text, text, "Court"], header="Facteurs", header_row=1,
                       style=Style(wrap=True), width=48)


def test_a_user_sheet_without_print_settings_gets_them(tmp_path: Path):
    source = _prospects(tmp_path)
    col = len(PROSPECTS.user_columns) + 1
    target = tmp_path / "out.xlsx"
    write_package(source, Writes(columns=[_factors(col)]), target)
    xml = _sheet_part(target, PROSPECTS.name)
    setup = re.search(r"<pageSetup [^>]*/>", xml).group()
    assert 'paperSize="9"' in setup and 'orientation="landscape"' in setup and 'fitToHeight="0"' in setup
    assert '<pageSetUpPr fitToPage="1"/>' in xml and FOOTER.replace("&", "&amp;") in xml
    sheet = openpyxl.load_workbook(target)[PROSPECTS.name]
    assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$B"  # its frozen ID and name
    heights = {int(r): float(h) for r, h in re.findall(r'<row r="(\d+)"[^>]*? ht="([\d.]+)"', xml)}
    assert heights[2] >= 3 * LINE_HEIGHT  # the wrapped factors show whole
    assert heights[3] == 80  # a row its user made taller stays as tall
    assert 4 not in heights  # one line: left alone


def test_a_figure_column_saying_it_has_no_figure_shows_the_whole_sentence(tmp_path: Path):
    """« non estimé : population illisible » in a Score column 8 digits wide printed
    « non estim »: the column sicxl fills is widened (never narrowed) for what it shows;
    a column its user hid stays hidden, a user's column range is left as it is."""
    source = _prospects(tmp_path)
    book = openpyxl.load_workbook(source)
    sheet = book[PROSPECTS.name]
    score, hidden = len(PROSPECTS.user_columns) + 1, len(PROSPECTS.user_columns) + 2
    sheet.column_dimensions[openpyxl.utils.get_column_letter(score)].width = 8
    sheet.column_dimensions[openpyxl.utils.get_column_letter(hidden)].hidden = True
    book.save(source)
    sentence = "non estimé : population illisible"
    writes = [ColumnWrite(PROSPECTS.name, col, [2, 3, 4], [55, sentence, 70], header=header, header_row=1,
                          width=8) for col, header in ((score, "Score"), (hidden, "Potentiel CA (k€)"))]
    target = tmp_path / "out.xlsx"
    write_package(source, Writes(columns=writes), target)
    columns = openpyxl.load_workbook(target)[PROSPECTS.name].column_dimensions
    assert columns[openpyxl.utils.get_column_letter(score)].width >= text_width(sentence)
    assert columns[openpyxl.utils.get_column_letter(hidden)].hidden
    assert columns["A"].width == PROSPECTS.user_columns[0].width  # a user's column: as it was


def test_a_user_page_setup_and_header_are_kept(tmp_path: Path):
    """An Excel-made sheet with its own page setup and a picture in its header."""
    source = tmp_path / "header_image02.xlsx"
    shutil.copyfile(REAL_WORKBOOKS / "header_image02.xlsx", source)
    before = _part(source, "xl/worksheets/sheet1.xml")
    target = tmp_path / "out.xlsx"
    write_package(source, Writes(columns=[ColumnWrite("Sheet1", 3, [1, 2], [1.0, 2.0])]), target)
    after = _part(target, "xl/worksheets/sheet1.xml")
    for element in ("pageMargins", "pageSetup", "headerFooter"):
        assert re.search(rf"<{element}\b.*?(/>|</{element}>)", before).group() in after, element
    assert "fitToPage" not in after


def test_a_user_sheet_too_wide_for_one_readable_page_prints_on_several():
    widths = [c.width for c in PROSPECTS.columns]
    landscape, wide = pages_wide(widths, 2)
    assert landscape and 2 <= wide <= 4  # one page wide would print it at a quarter of its size
    assert pages_wide(widths[:8], 0)[1] == 1
    assert READABLE_SCALE >= 0.5


def test_settings_of_a_custom_view_are_not_the_sheet_s():
    """A custom view holds a page setup of its own: the sheet's is still absent, and
    ours goes after the views, where the sheet's own belongs."""
    head = b'<worksheet xmlns="x"><dimension ref="A1:C3"/><sheetViews/>'
    tail = (b'<customSheetViews><customSheetView guid="{1}"><pageSetup orientation="portrait"/>'
            b'<headerFooter/></customSheetView></customSheetViews><pageMargins left="1" right="1" top="1" '
            b'bottom="1" header="0" footer="0"/><tableParts count="0"/></worksheet>')
    head, tail = complete_page(head, tail, 3)
    views_end = tail.find(b"</customSheetViews>")
    assert tail.count(b"<pageSetup") == 2 and tail.rfind(b"<pageSetup") > views_end
    assert tail.rfind(b"<headerFooter>") > views_end and tail.index(b"<pageMargins") < tail.rfind(b"<pageSetup")
    assert tail.rfind(b"<headerFooter>") < tail.index(b"<tableParts")
    assert head.startswith(b'<worksheet xmlns="x"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension')
