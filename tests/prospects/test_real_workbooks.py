"""`qualify` on workbooks saved by Excel itself, a `Prospects` sheet added (issue 2).

Each file carries something a plain openpyxl load and save loses (charts, text
boxes, form buttons, checkboxes, pictures, header images, comments, conditional
formats, data validation, sparklines, tables, dynamic arrays, macros): after
qualify, every part of the original package is still there, byte for byte, but
for the few shared parts a new sheet must touch.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from sicxl.cli import main
from sicxl.samples.prospects import sample_rows
from sicxl.schema.prospects import PROSPECTS
from sicxl.workbook.packager import write_package
from sicxl.workbook.convert import recalculate
from sicxl.writes import SheetWrite, Writes
from tests.conftest import REAL_WORKBOOKS

SHARED_PARTS = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                "docProps/app.xml"}
EXCEL_FILES = sorted([*REAL_WORKBOOKS.glob("*.xlsx"), *REAL_WORKBOOKS.glob("*.xlsm")])


def _with_prospects(original: Path, folder: Path) -> Path:
    """The Excel-made workbook plus a `Prospects` sheet of 25 realistic rows."""
    rows = sample_rows()[:25]
    grid = [[c.header for c in PROSPECTS.user_columns]]
    grid += [[row.get(c.key) for c in PROSPECTS.user_columns] for row in rows]
    target = folder / original.name
    write_package(original, Writes(sheets=[SheetWrite(PROSPECTS.name, grid)]), target)
    return target


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("original", EXCEL_FILES, ids=lambda p: p.name)
def test_qualify_keeps_every_part_of_an_excel_workbook(original, tmp_path, capsys):
    workbook = _with_prospects(original, tmp_path)
    assert main(["qualify", str(workbook), "--today", "02/11/2026"]) == 0, capsys.readouterr().err
    before, after = _parts(original), _parts(workbook)
    lost = [name for name in before if name not in after]
    changed = [name for name, data in before.items() if name in after and after[name] != data]
    assert not lost
    assert set(changed) <= SHARED_PARTS
    if original.suffix == ".xlsm":
        assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    book = openpyxl.load_workbook(workbook, keep_vba=original.suffix == ".xlsm")
    header = [c.value for c in book[PROSPECTS.name][1]]
    statuses = [r[header.index("Statut")].value for r in book[PROSPECTS.name].iter_rows(min_row=2)]
    assert len(statuses) == 25 and set(statuses) <= {"Valide", "À compléter", "Doublon", "NPAI", "Opposition"}


@pytest.mark.slow
@pytest.mark.parametrize("original", EXCEL_FILES, ids=lambda p: p.name)
def test_libreoffice_opens_the_qualified_workbook(original, tmp_path, capsys):
    workbook = _with_prospects(original, tmp_path)
    assert main(["qualify", str(workbook), "--today", "02/11/2026"]) == 0
    opened = recalculate(workbook, tmp_path / "recalculated.xlsx")
    book = openpyxl.load_workbook(opened, data_only=True)
    header = [c.value for c in book[PROSPECTS.name][1]]
    assert "Score" in header and "Catégorie" in header
    scores = [r[header.index("Score")].value for r in book[PROSPECTS.name].iter_rows(min_row=2)]
    numbers = [s for s in scores if isinstance(s, (int, float))]
    assert len(numbers) == 23 and all(0 <= s <= 100 for s in numbers)
    # the sample's "douze" and -150 inhabitants: said, never scored as zero
    assert [s for s in scores if not isinstance(s, (int, float))] == ["non estimé : population illisible"] * 2
