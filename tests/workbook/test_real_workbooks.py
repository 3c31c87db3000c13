"""The writer on every Excel-made workbook of ../shared/data/real-workbooks (issue 9):
a computed column and a computed sheet are written, every other part stays
byte-identical, and openpyxl, calamine and LibreOffice read the values back."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sicxl.workbook.package import Package
from sicxl.workbook.packager import write_package
from sicxl.workbook.verify import verify_package
from sicxl.writes import Chart, ColumnWrite, Formula, SheetWrite, Style, Writes
from tests.workbook.helpers import (calamine_rows, calamine_value, libreoffice_roundtrip, openpyxl_values,
                                    real_workbooks, untouched_differences)

RED, GREEN = Style(fill="FFC7CE", font_color="9C0006"), Style(fill="C6EFCE", font_color="006100", bold=True)
COLUMN_VALUES = ["Stratégique", 87.5, dt.date(2025, 3, 14), None, "  Mairie d'Écouen  ", 12, True]
FUNNEL = SheetWrite(
    name="Entonnoir",
    rows=[["Étape", "Nombre", "Taux"],
          ["Contactés", 120, None],
          ["RDV", 30, Formula("=B3/B2")],
          ["Contrats", 6, Formula("=B4/B3")],
          ["Total", Formula("=SUM(B2:B4)"), None]],
    styles={(1, 1): Style(bold=True), (1, 2): Style(bold=True), (3, 3): Style(number_format="0.0%")},
    widths={1: 18, 2: 10},
    freeze="A2",
    charts=[Chart("funnel", "Entonnoir commercial", (1, 2, 4), [("Nombre", 2, 2, 4)], "E2")],
)


def _first_sheet(path: Path) -> tuple[str, int]:
    """The first worksheet and a column right of everything it holds."""
    with Package(path) as package:
        info = next(s for s in package.sheets if s.part)
    book = openpyxl.load_workbook(path)
    col = book[info.name].max_column + 2
    book.close()
    return info.name, col


def _writes(sheet: str, col: int) -> Writes:
    rows = list(range(2, 2 + len(COLUMN_VALUES)))
    styles = [GREEN if isinstance(v, str) else RED for v in COLUMN_VALUES]
    return Writes(
        columns=[ColumnWrite(sheet, col, rows, COLUMN_VALUES, header="Catégorie", header_row=1,
                             styles=styles, width=16)],
        sheets=[FUNNEL],
    )


@pytest.fixture(params=real_workbooks(), ids=lambda p: p.name)
def written(request, tmp_path: Path):
    source = tmp_path / request.param.name
    shutil.copyfile(request.param, source)
    sheet, col = _first_sheet(source)
    target = tmp_path / ("out" + source.suffix)
    changes = write_package(source, _writes(sheet, col), target)
    return source, target, changes, sheet, col


def test_untouched_parts_are_byte_identical(written):
    source, target, changes, _, _ = written
    assert untouched_differences(source, target, set(changes.changed | changes.added | changes.removed)) == []
    assert verify_package(source, target, changes) == []
    allowed = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
    sheet_parts = {n for n in changes.changed if n.startswith("xl/worksheets/sheet")}
    assert len(sheet_parts) == 1 and changes.changed - sheet_parts <= allowed
    assert not changes.removed


def test_macros_are_kept_byte_for_byte(written):
    source, target, _, _, _ = written
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target) as new:
        for name in (n for n in old.namelist() if n.endswith(".bin")):
            assert new.read(name) == old.read(name)
            assert new.getinfo(name).compress_size == old.getinfo(name).compress_size


def test_openpyxl_reads_the_written_values(written):
    _, target, _, sheet, col = written
    values = openpyxl_values(target, sheet)
    assert values[(1, col)] == "Catégorie"
    assert [values.get((r, col)) for r in range(2, 9)] == [
        "Stratégique", 87.5, dt.datetime(2025, 3, 14), None, "  Mairie d'Écouen  ", 12, True]
    book = openpyxl.load_workbook(target)
    assert book[sheet].cell(4, col).number_format == "dd/mm/yyyy"
    assert book[sheet].cell(3, col).fill.fgColor.rgb == "FFFFC7CE"
    assert book[sheet].cell(2, col).font.b is True
    assert book["Entonnoir"]["B5"].value == "=SUM(B2:B4)"
    assert len(book["Entonnoir"]._charts) == 1


def test_calamine_reads_the_written_values(written):
    _, target, _, sheet, col = written
    rows = calamine_rows(target, sheet)
    got = [calamine_value(rows, r, col) for r in range(1, 9)]
    assert got == ["Catégorie", "Stratégique", 87.5, dt.date(2025, 3, 14), "", "  Mairie d'Écouen  ", 12, True]
    assert calamine_rows(target, "Entonnoir")[1][:2] == ["Contactés", 120]


@pytest.mark.slow
def test_libreoffice_opens_and_recalculates(written, tmp_path: Path):
    _, target, _, sheet, col = written
    converted = libreoffice_roundtrip(target, tmp_path / "lo")
    values = openpyxl_values(converted, sheet, data_only=True)
    assert values[(1, col)] == "Catégorie"
    assert values[(2, col)] == "Stratégique" and values[(3, col)] == 87.5
    assert values[(4, col)] == dt.datetime(2025, 3, 14)
    funnel = openpyxl_values(converted, "Entonnoir", data_only=True)
    assert funnel[(5, 2)] == 156 and funnel[(3, 3)] == pytest.approx(0.25)


@pytest.mark.slow
def test_a_scatter_chart_opens_in_libreoffice(tmp_path):
    """Importance against performance: one named point per theme."""
    import openpyxl as _openpyxl

    from sicxl.workbook.convert import recalculate
    from sicxl.workbook.packager import write_package
    from sicxl.writes import Chart, SheetWrite, Writes

    base = tmp_path / "base.xlsx"
    _openpyxl.Workbook().save(base)
    rows = [["Thème", "Importance", "Performance"], ["Prix", 0.8, 0.22], ["Services", 0.4, 0.61]]
    chart = Chart("scatter", "Importance et performance", (2, 2, 3), [("Prix", 3, 2, 2), ("Services", 3, 3, 3)],
                  "E2", x_title="Importance", y_title="Performance")
    written = tmp_path / "scatter.xlsx"
    write_package(base, Writes(sheets=[SheetWrite("Résultats", rows, charts=[chart])]), written)
    opened = recalculate(written, tmp_path / "opened.xlsx")
    assert _openpyxl.load_workbook(opened)["Résultats"]["A2"].value == "Prix"
    import zipfile

    with zipfile.ZipFile(opened) as archive:  # LibreOffice read the chart and wrote it back
        charts = [archive.read(n) for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert any(b"scatterChart" in c for c in charts)
