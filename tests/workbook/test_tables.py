"""Widening an Excel table to take in computed columns (issue 9: "a table's range,
its autofilter and the sheet dimension extended when columns are added")."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.worksheet.table import Table, TableStyleInfo

from sicxl.workbook.packager import write_package
from sicxl.workbook.verify import verify_package
from sicxl.writes import ColumnWrite, Style, Writes
from tests.workbook.helpers import REAL_WORKBOOKS, libreoffice_roundtrip, openpyxl_values, untouched_differences

HEADERS = ["ID", "Raison sociale", "Commune", "Population"]
ROWS = [["P001", "Mairie de Cergy", "Cergy", 66322], ["P002", "Mairie de Pontoise", "Pontoise", 31869],
        ["P003", "Mairie de Poissy", "Poissy", 38468]]


@pytest.fixture
def prospects(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Prospects"
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    table = Table(displayName="tblProspects", ref="A1:D4")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    path = tmp_path / "prospects.xlsx"
    book.save(path)
    return path


def _table_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.startswith("xl/tables/"))
        return etree.fromstring(archive.read(name))


def _score_writes(header: str = "Score") -> Writes:
    return Writes(columns=[
        ColumnWrite("Prospects", 6, [2, 3, 4], [71, 45, 58], header=header, header_row=1, table="tblProspects",
                    style=Style(number_format="0")),
    ])


def test_table_is_widened_with_filler_and_named_columns(prospects: Path, tmp_path: Path):
    target = tmp_path / "out.xlsx"
    changes = write_package(prospects, _score_writes(), target)
    table = _table_xml(target)
    ns = {"m": table.nsmap[None]}
    assert table.get("ref") == "A1:F4"
    assert table.find("m:autoFilter", ns).get("ref") == "A1:F4"
    columns = table.findall("m:tableColumns/m:tableColumn", ns)
    assert [c.get("name") for c in columns] == [*HEADERS, "Colonne5", "Score"]
    assert len({c.get("id") for c in columns}) == 6
    values = openpyxl_values(target, "Prospects")
    assert values[(1, 5)] == "Colonne5" and values[(1, 6)] == "Score"  # header cells equal the names
    assert [values[(r, 6)] for r in (2, 3, 4)] == [71, 45, 58]
    book = openpyxl.load_workbook(target)
    assert book["Prospects"].tables["tblProspects"].ref == "A1:F4"
    assert verify_package(prospects, target, changes) == []
    assert any(n.startswith("xl/tables/") for n in changes.changed)


def test_duplicate_header_is_made_unique_in_table_and_cell(prospects: Path, tmp_path: Path):
    target = tmp_path / "out.xlsx"
    write_package(prospects, _score_writes(header="commune"), target)
    names = [c.get("name") for c in _table_xml(target).iter("{*}tableColumn")]
    assert names[-1] == "commune2"
    assert openpyxl_values(target, "Prospects")[(1, 6)] == "commune2"


def test_rewriting_a_header_inside_the_table_renames_its_column(prospects: Path, tmp_path: Path):
    target = tmp_path / "out.xlsx"
    write_package(prospects, Writes(columns=[ColumnWrite("Prospects", 4, [2], [1], header="Habitants", header_row=1)]),
                  target)
    names = [c.get("name") for c in _table_xml(target).iter("{*}tableColumn")]
    assert names == ["ID", "Raison sociale", "Commune", "Habitants"]


def test_unknown_table_is_refused(prospects: Path, tmp_path: Path):
    writes = Writes(columns=[ColumnWrite("Prospects", 6, [2], [1], table="tblAutre")])
    with pytest.raises(ValueError):
        write_package(prospects, writes, tmp_path / "out.xlsx")


def test_widening_into_another_table_is_refused(tmp_path: Path):
    source = tmp_path / "table02.xlsx"
    shutil.copyfile(REAL_WORKBOOKS / "table02.xlsx", source)
    # Table1 is B3:E11 and Table2 G10:J16: widening Table1 to H overlaps Table2.
    writes = Writes(columns=[ColumnWrite("Sheet1", 8, [4], [1], table="Table1")])
    with pytest.raises(ValueError):
        write_package(source, writes, tmp_path / "out.xlsx")


def test_excel_made_table_is_widened(tmp_path: Path):
    source = tmp_path / "table02.xlsx"
    shutil.copyfile(REAL_WORKBOOKS / "table02.xlsx", source)
    target = tmp_path / "out.xlsx"
    writes = Writes(columns=[ColumnWrite("Sheet2", 13, [5, 6], [1.5, 2.5], header="Potentiel", header_row=4,
                                         table="Table4")])
    changes = write_package(source, writes, target)
    # workbook.xml: the table's header row, repeated on every printed page (it had no print titles)
    assert changes.changed == {"xl/worksheets/sheet2.xml", "xl/tables/table4.xml", "xl/workbook.xml"}
    assert untouched_differences(source, target, set(changes.changed)) == []
    book = openpyxl.load_workbook(target)
    assert book["Sheet2"].tables["Table4"].ref == "I4:M11"
    assert book["Sheet2"].print_title_rows == "$4:$4"


@pytest.mark.slow
def test_libreoffice_opens_widened_table(prospects: Path, tmp_path: Path):
    target = tmp_path / "widened.xlsx"
    write_package(prospects, _score_writes(), target)
    converted = libreoffice_roundtrip(target, tmp_path / "lo")
    values = openpyxl_values(converted, "Prospects", data_only=True)
    assert values[(1, 6)] == "Score" and values[(4, 6)] == 58
    assert values[(2, 2)] == "Mairie de Cergy"


def _added_rows() -> Writes:
    """Two prospects added under the table, as the `communes` job writes them (issue 17)."""
    return Writes(columns=[
        ColumnWrite("Prospects", 1, [5, 6], ["P004", "P005"], table="tblProspects"),
        ColumnWrite("Prospects", 2, [5, 6], ["Mairie d'Osny", "Mairie de Jouy-le-Moutier"], table="tblProspects"),
        ColumnWrite("Prospects", 4, [5, 6], [17510, 16131], table="tblProspects", style=Style(number_format="# ##0")),
    ])


def test_table_is_lengthened_to_take_in_added_rows(prospects: Path, tmp_path: Path):
    target = tmp_path / "out.xlsx"
    changes = write_package(prospects, _added_rows(), target)
    table = _table_xml(target)
    ns = {"m": table.nsmap[None]}
    assert table.get("ref") == "A1:D6"
    assert table.find("m:autoFilter", ns).get("ref") == "A1:D6"
    assert [c.get("name") for c in table.findall("m:tableColumns/m:tableColumn", ns)] == HEADERS
    values = openpyxl_values(target, "Prospects")
    assert [values[(r, 1)] for r in range(2, 7)] == ["P001", "P002", "P003", "P004", "P005"]
    assert values[(6, 4)] == 16131 and (6, 3) not in values
    assert openpyxl.load_workbook(target)["Prospects"].tables["tblProspects"].ref == "A1:D6"
    assert verify_package(prospects, target, changes) == []


def test_rows_and_a_column_added_at_once(prospects: Path, tmp_path: Path):
    writes = _added_rows()
    writes.extend(_score_writes())
    target = tmp_path / "out.xlsx"
    write_package(prospects, writes, target)
    assert _table_xml(target).get("ref") == "A1:F6"


def test_table_with_a_totals_row_is_not_lengthened(tmp_path: Path):
    from sicxl.workbook.errors import WorkbookError

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Prospects"
    for row in [HEADERS, *ROWS, ["Total", None, None, "=SUBTOTAL(109,D2:D4)"]]:
        sheet.append(row)
    table = Table(displayName="tblProspects", ref="A1:D5", totalsRowCount=1)
    sheet.add_table(table)
    path = tmp_path / "totals.xlsx"
    book.save(path)
    with pytest.raises(WorkbookError, match="ligne de total"):
        write_package(path, _added_rows(), tmp_path / "out.xlsx")


@pytest.mark.slow
def test_libreoffice_reads_the_added_rows_inside_the_table(prospects: Path, tmp_path: Path):
    target = tmp_path / "lengthened.xlsx"
    write_package(prospects, _added_rows(), target)
    converted = libreoffice_roundtrip(target, tmp_path / "lo")
    values = openpyxl_values(converted, "Prospects", data_only=True)
    assert values[(6, 2)] == "Mairie de Jouy-le-Moutier"
    assert openpyxl.load_workbook(converted)["Prospects"].tables["tblProspects"].ref == "A1:D6"


def test_a_table_is_never_shortened(prospects: Path, tmp_path: Path):
    """Rows written inside the table (here only its first) leave its length as it is."""
    target = tmp_path / "out.xlsx"
    write_package(prospects, Writes(columns=[ColumnWrite("Prospects", 6, [2], [50], header="Score", header_row=1,
                                                         table="tblProspects")]), target)
    assert _table_xml(target).get("ref") == "A1:F4"


def test_lengthening_into_another_table_is_refused(tmp_path: Path):
    source = tmp_path / "table02.xlsx"
    shutil.copyfile(REAL_WORKBOOKS / "table02.xlsx", source)
    # Table1 is B3:E11 and Table2 G10:J16: lengthening Table1 is fine, widening it to G down to row 12 is not.
    ok = tmp_path / "ok.xlsx"
    write_package(source, Writes(columns=[ColumnWrite("Sheet1", 3, [12], [1], table="Table1")]), ok)
    assert openpyxl.load_workbook(ok)["Sheet1"].tables["Table1"].ref == "B3:E12"
    with pytest.raises(ValueError):
        write_package(source, Writes(columns=[ColumnWrite("Sheet1", 7, [12], [1], table="Table1")]),
                      tmp_path / "out.xlsx")


def test_rows_outside_any_table_leave_the_table_alone(prospects: Path, tmp_path: Path):
    target = tmp_path / "out.xlsx"
    writes = Writes(columns=[ColumnWrite("Prospects", 1, [5], ["P004"])])
    write_package(prospects, writes, target)
    assert _table_xml(target).get("ref") == "A1:D4"


def test_rows_appended_into_a_table_below_are_refused(prospects: Path, tmp_path: Path):
    """Rows a merge appends under a table must not run into a table below it."""
    book = openpyxl.load_workbook(prospects)
    sheet = book["Prospects"]
    sheet["B6"], sheet["C6"] = "Notes", "Auteur"
    sheet.add_table(Table(displayName="tblNotes", ref="B6:C7"))
    book.save(prospects)
    with pytest.raises(ValueError):
        write_package(prospects, _added_rows(), tmp_path / "out.xlsx")
