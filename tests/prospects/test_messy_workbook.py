"""A messy, real-looking prospect workbook: the kind assistants really keep."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference

from sicxl.cli import main
from sicxl.workbook import open_workbook


def _messy(path: Path) -> Path:
    """Title rows, moved and renamed columns, an extra column, merged cells, an
    empty row, error values, a formula, a date typed as text, a hidden sheet with
    the same headers elsewhere, a chart on another sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Prospection 2026"
    sheet["A1"] = "Fichier de prospection — agence de Versailles"
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["Tél", "Raison sociale", "Notes de Claire", "ID", "Ville", "CP", "Habitants", "Date dernier contact",
                  "NPAI", "Opposition RGPD"])
    sheet.append(["01 39 22 55 00", "Mairie de Poissy", "rappeler en mars", "P1", "Poissy", "78300", "40 983",
                  "04/04/2026", 0, "non"])
    sheet.append([None] * 10)
    sheet.append(["01 30 97 82 82", "Mairie de Versailles", None, "P2", "Versailles", 78000, "#N/A", "4 avril 2026",
                  "=1+1", "non"])
    sheet.append(["0130", "Mairie de St-Cyr-l'École", None, "P3", "Saint-Cyr-l'École", "78210", -5, "hier", 1, "oui"])
    sheet.merge_cells("C6:C7")
    hidden = book.create_sheet("Ancienne liste")
    hidden.append(["ID", "Raison sociale", "Téléphone"])
    hidden.append(["X1", "Ne pas lire", "01 00 00 00 00"])
    hidden.sheet_state = "hidden"
    data = book.create_sheet("Graphique")
    data.append(["Mois", "Appels"])
    for month, calls in (("janv.", 12), ("févr.", 18), ("mars", 9)):
        data.append([month, calls])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    data.add_chart(chart, "D2")
    book.save(path)
    return path


def test_a_messy_workbook_is_qualified_with_messages_not_crashes(tmp_path, capsys):
    path = _messy(tmp_path / "prospects agence.xlsx")
    assert main(["qualify", str(path), "--today", "02/11/2026"]) == 0
    out = capsys.readouterr().out
    assert "Lignes lues : 3" in out and "Notes de Claire" in out
    with open_workbook(path) as book:
        assert book.sheet_names()[:3] == ["Prospection 2026", "Ancienne liste", "Graphique"]
        grid = book.grid("Prospection 2026")
        header = list(grid.values[2 - grid.top + 1])
        issues = {row[header.index("ID")]: row[header.index("Anomalies")] for row in grid.values[3:] if row[3]}
        status = {row[header.index("ID")]: row[header.index("Statut")] for row in grid.values[3:] if row[3]}
        assert book.grid("Ancienne liste").values[1][1] == "Ne pas lire"
    assert issues["P1"] in ("", None) and status["P1"] == "Valide"
    assert "Habitants" not in issues["P2"] and "Population : la cellule contient l'erreur #N/A (G6)" in issues["P2"]
    assert "Population : « -5 » est négatif" in issues["P3"] and "« hier » n'est pas une date (H7)" in issues["P3"]
    assert "Téléphone : « 0130 »" in issues["P3"] and status["P3"] == "Opposition"


def test_the_chart_of_a_messy_workbook_survives(tmp_path, capsys):
    import zipfile

    path = _messy(tmp_path / "prospects.xlsx")
    with zipfile.ZipFile(path) as archive:
        charts_before = {n: archive.read(n) for n in archive.namelist() if "chart" in n or "drawing" in n}
    assert main(["qualify", str(path)]) == 0
    with zipfile.ZipFile(path) as archive:
        assert {n: archive.read(n) for n in charts_before} == charts_before
