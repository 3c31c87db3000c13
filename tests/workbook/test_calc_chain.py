"""calcChain.xml after overwriting formula cells: Excel reports a workbook as corrupt
when its calculation chain names a cell that no longer holds a formula."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from sicxl.workbook.packager import write_package
from sicxl.workbook.verify import verify_package
from sicxl.writes import ColumnWrite, Formula, SheetWrite, Writes

CALC_CHAIN = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<c r="C2" i="1"/><c r="C3"/><c r="C4"/><c r="B2" i="2"/></calcChain>')


def _with_calc_chain(path: Path) -> Path:
    """A workbook with formulas and the calcChain.xml Excel would have saved."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Prospects"
    sheet.append(["Population", "Piscines", "Score"])
    for r, (pop, pools) in enumerate([(66322, 2), (31869, 1), (38468, 1)], start=2):
        sheet.append([pop, pools, f"=A{r}/1000+B{r}"])
    other = book.create_sheet("Synthèse")
    other["A2"], other["B2"] = "Total", "=SUM(Prospects!C2:C4)"
    plain = path.with_name("plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                                    b"</Relationships>")
            out.writestr(info, data)
        out.writestr("xl/calcChain.xml", CALC_CHAIN)
    return path


def _chain(path: Path) -> bytes | None:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/calcChain.xml") if "xl/calcChain.xml" in archive.namelist() else None


def test_overwritten_formula_leaves_the_calc_chain(tmp_path: Path):
    source = _with_calc_chain(tmp_path / "chain.xlsx")
    target = tmp_path / "out.xlsx"
    changes = write_package(source, Writes(columns=[ColumnWrite("Prospects", 3, [3], [42])]), target)
    chain = _chain(target)
    assert b'r="C3"' not in chain
    assert b'<c r="C4" i="1"/>' in chain and b'<c r="B2" i="2"/>' in chain
    assert "xl/calcChain.xml" in changes.changed
    assert verify_package(source, target, changes) == []
    assert openpyxl.load_workbook(target)["Prospects"]["C3"].value == 42


def test_formula_written_over_formula_stays_in_the_chain(tmp_path: Path):
    source = _with_calc_chain(tmp_path / "chain.xlsx")
    target = tmp_path / "out.xlsx"
    changes = write_package(source, Writes(columns=[ColumnWrite("Prospects", 3, [3], [Formula("=A3*2")])]), target)
    assert "xl/calcChain.xml" not in changes.changed
    assert b'<c r="C3"/>' in _chain(target)


def test_emptied_chain_is_dropped_with_its_relationship(tmp_path: Path):
    source = _with_calc_chain(tmp_path / "chain.xlsx")
    target = tmp_path / "out.xlsx"
    writes = Writes(columns=[ColumnWrite("Prospects", 3, [2, 3, 4], [None, 1, 2])],
                    sheets=[SheetWrite("Synthèse", [["Total", 3]])])
    changes = write_package(source, writes, target)
    assert _chain(target) is None and "xl/calcChain.xml" in changes.removed
    with zipfile.ZipFile(target) as archive:
        assert b"calcChain" not in archive.read("xl/_rels/workbook.xml.rels")
        assert b"calcChain" not in archive.read("[Content_Types].xml")
    assert verify_package(source, target, changes) == []
    assert openpyxl.load_workbook(target)["Prospects"]["C2"].value is None
