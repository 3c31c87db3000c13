"""Rows typed directly under an Excel table are never silently ignored (issue 14,
point 5): not by `merge`, which adds a copy's new rows to the master and lists them, nor by `regenerate`,
which computes them and widens the table."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl

from sicxl.cli import main
from sicxl.server.merge import merge
from sicxl.server.split import split_workbook
from sicxl.workbook import open_workbook
from tests.prospects.own_files import COMMUNES_30, table_with_rows_under

NOW = dt.datetime(2026, 11, 2, 8, 0)
HEADERS = ["ID", "Raison sociale", "Code postal", "Commune", "Téléphone", "Population", "Commercial"]


def _typed_under(path: Path, values: list[object]) -> int:
    """A row typed just under the table, the table left as it was (a paste, LibreOffice)."""
    book = openpyxl.load_workbook(path)
    sheet = book["Prospects"]
    row = int(sheet.tables["tblProspects"].ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) + 1
    for col, value in enumerate(values, start=1):
        sheet.cell(row=row, column=col, value=value)
    book.save(path)
    return row


def test_merge_adds_the_rows_a_salesperson_typed_under_his_table(trap_workbook: Path, tmp_path: Path):
    copies = {p.name: path for p, path in split_workbook(trap_workbook, tmp_path / "out", now=NOW).written.items()}
    _typed_under(copies["Ana Alpha"], ["T1900", "Mairie de Buc", "Collectivité", "Buc", "M. Nouveau", "01 39 00 00 09",
                                       "buc@exemple.fr", "non", "Ana Alpha", "Froid"])
    report = merge(trap_workbook, [copies["Ana Alpha"]])
    assert [(r.sheet, r.key) for c in report.copies for r in c.outcome.added] == [("Prospects", "T1900")]
    assert "+ Prospects : T1900 « Mairie de Buc »" in "\n".join(report.lines())
    with open_workbook(trap_workbook) as book:
        grid = book.grid("Prospects")
        assert "T1900" in [grid.get(row, 1) for row in range(1, grid.bottom + 1)]


def test_regenerate_computes_the_rows_under_the_table_and_widens_it(tmp_path: Path, capsys):
    folder = tmp_path / "serveur"
    folder.mkdir()
    rows = [[r[0], r[1], r[2], r[3], r[5], r[7], r[8]] for r in COMMUNES_30[6:12]]
    path = table_with_rows_under(folder / "prospects.xlsx", HEADERS, rows[:2], rows[2:])
    report = tmp_path / "rapport.json"
    assert main(["regenerate", str(folder), "--report", str(report), "--today", "02/11/2026"]) == 0
    outcome = json.loads(report.read_text(encoding="utf-8"))["workbooks"][0]
    qualify = next(job for job in outcome["jobs"] if job["job"] == "qualify")
    assert "Lignes lues : 6" in qualify["lines"]
    assert ("Les lignes 4 à 7 sont tapées sous le tableau « tblProspects » : lues avec la liste ; le tableau est "
            "agrandi pour les inclure, comme Excel le fait quand on tape sous un tableau.") in qualify["lines"]
    table = openpyxl.load_workbook(path)["Prospects"].tables["tblProspects"]
    assert table.ref.split(":")[1].endswith("7")
    with open_workbook(path) as book:
        grid = book.grid("Prospects")
        status = [grid.get(1, c) for c in range(1, grid.right + 1)].index("Statut") + 1
        assert [grid.get(r, status) for r in range(2, 8)] == ["Valide"] * 6
    capsys.readouterr()
    # settled: a second run finds nothing to change, the rows now being the table's
    assert main(["regenerate", str(folder), "--report", str(report), "--today", "02/11/2026"]) == 0
    assert json.loads(report.read_text(encoding="utf-8"))["workbooks"][0]["status"] == "unchanged"


def test_rows_under_a_total_row_are_reported_by_number(tmp_path: Path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Prospects"
    sheet.append(["ID", "Raison sociale", "Commune", "Population"])
    sheet.append(["P1", "Mairie de Poissy", "Poissy", 40983])
    sheet.append(["Total", None, None, "=SUBTOTAL(109,D2:D2)"])
    sheet.append(["P2", "Mairie de Chatou", "Chatou", 30598])
    table = openpyxl.worksheet.table.Table(displayName="tblProspects", ref="A1:D3", totalsRowCount=1)
    sheet.add_table(table)
    path = tmp_path / "total.xlsx"
    book.save(path)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Lignes lues : 1" in out
    assert ("Attention : La ligne 4, sous la ligne de total du tableau « tblProspects », n'est pas lue : insérez-la "
            "dans le tableau, au-dessus du total.") in out
