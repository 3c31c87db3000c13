"""The merge: a salesperson's changes come back for his rows only; a cell both sides
changed is listed in `Conflits`, and the master's value kept."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sicxl.cli import main
from sicxl.portfolio.merge import Reason
from sicxl.server.merge import merge
from sicxl.server.split import split_workbook
from sicxl.workbook import open_workbook

NOW = dt.datetime(2026, 11, 2, 8, 0)
DECIDER_COL = 5  # E: Décideur
OWNER_COL = 9  # I: Commercial


def _edit(path: Path, edits: dict[tuple[str, int], Any], append: list[Any] | None = None) -> None:
    """Change cells of Prospects by (ID, column); optionally add a row, inside the table
    as Excel does when one types under it."""
    book = openpyxl.load_workbook(path)
    sheet = book["Prospects"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    for (key, col), value in edits.items():
        sheet.cell(row=rows[key], column=col, value=value)
    if append:
        row = sheet.max_row + 1
        for col, value in enumerate(append, start=1):
            sheet.cell(row=row, column=col, value=value)
        table = sheet.tables["tblProspects"]
        table.ref = table.ref.rstrip("0123456789") + str(row)
    book.save(path)


def _master_values(path: Path, col: int) -> dict[str, Any]:
    with open_workbook(path) as source:
        grid = source.grid("Prospects")
        return {grid.get(r, 1): grid.get(r, col) for r in range(3, grid.bottom + 1)}


@pytest.fixture
def split(trap_workbook: Path, tmp_path: Path) -> dict[str, Path]:
    result = split_workbook(trap_workbook, tmp_path / "out", now=NOW)
    return {p.name: path for p, path in result.written.items()}


def test_own_rows_are_merged(trap_workbook: Path, split: dict[str, Path]) -> None:
    _edit(split["Ana Alpha"], {("T1001", DECIDER_COL): "Mme Nouvelle DST"})
    report = merge(trap_workbook, [split["Ana Alpha"]])
    assert _master_values(trap_workbook, DECIDER_COL)["T1001"] == "Mme Nouvelle DST"
    assert report.copies[0].cells == 1 and report.conflicts == []
    untouched = _master_values(trap_workbook, DECIDER_COL)
    assert untouched["T1002"] == "M. ZQALPHA Décideur" and untouched["T2001"] == "M. ZQBRAVO Décideur"


def test_conflict_is_listed_and_master_cell_kept(trap_workbook: Path, split: dict[str, Path], tmp_path: Path) -> None:
    _edit(split["Ana Alpha"], {("T1002", DECIDER_COL): "Valeur de la copie", ("T1003", DECIDER_COL): "Reportée"})
    _edit(trap_workbook, {("T1002", DECIDER_COL): "Valeur du maître"})
    json_report = tmp_path / "fusion.json"
    assert main(["merge", str(trap_workbook), str(split["Ana Alpha"]), "--report", str(json_report)]) == 0
    values = _master_values(trap_workbook, DECIDER_COL)
    assert values["T1002"] == "Valeur du maître" and values["T1003"] == "Reportée"
    conflicts = json.loads(json_report.read_text(encoding="utf-8"))["conflicts"]
    assert [(c["key"], c["master"], c["copy_value"], c["reason"]) for c in conflicts] == [
        ("T1002", "Valeur du maître", "Valeur de la copie", "both_changed")]
    with open_workbook(trap_workbook) as source:
        sheet = source.grid("Conflits").values
    assert sheet[1][2:6] == ["T1002", "Décideur", "Valeur du maître", "Valeur de la copie"]


def test_same_change_on_both_sides_is_no_conflict(trap_workbook: Path, split: dict[str, Path]) -> None:
    _edit(split["Ana Alpha"], {("T1002", DECIDER_COL): "Même valeur"})
    _edit(trap_workbook, {("T1002", DECIDER_COL): "Même valeur"})
    assert merge(trap_workbook, [split["Ana Alpha"]]).conflicts == []


def test_row_reassigned_since_split_is_not_merged(trap_workbook: Path, split: dict[str, Path]) -> None:
    _edit(trap_workbook, {("T1004", OWNER_COL): "Bruno Bravo"})
    _edit(split["Ana Alpha"], {("T1004", DECIDER_COL): "Changement d'Ana"})
    report = merge(trap_workbook, [split["Ana Alpha"]])
    assert _master_values(trap_workbook, DECIDER_COL)["T1004"] == "M. ZQALPHA Décideur"
    assert [(c.key, c.reason) for _, c in report.conflicts] == [("T1004", Reason.NOT_OWNED)]


def test_other_salespersons_row_planted_in_a_copy_is_ignored(trap_workbook: Path, split: dict[str, Path]) -> None:
    """A row with Bruno's ID pasted into Ana's copy changes nothing in the master."""
    _edit(split["Ana Alpha"], {}, append=["T2001", "Piratage", "Santé", "Versailles", "M. Pirate"])
    report = merge(trap_workbook, [split["Ana Alpha"]])
    assert _master_values(trap_workbook, DECIDER_COL)["T2001"] == "M. ZQBRAVO Décideur"
    assert [(c.key, c.reason) for _, c in report.conflicts] == [("T2001", Reason.ID_TAKEN)]


def test_two_copies_changing_the_same_cell_conflict(trap_workbook: Path, split: dict[str, Path]) -> None:
    """The director's copy and Ana's both change T1005: the first wins, the second is listed."""
    _edit(split["Direction"], {("T1005", DECIDER_COL): "Choix de la direction"})
    _edit(split["Ana Alpha"], {("T1005", DECIDER_COL): "Choix d'Ana"})
    report = merge(trap_workbook, [split["Direction"], split["Ana Alpha"]])
    assert _master_values(trap_workbook, DECIDER_COL)["T1005"] == "Choix de la direction"
    assert [(c.key, c.reason) for _, c in report.conflicts] == [("T1005", Reason.BOTH_CHANGED)]


def test_computed_columns_are_never_merged(trap_workbook: Path, split: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(split["Ana Alpha"])
    book["Prospects"]["K3"] = 99  # Score, computed
    book.save(split["Ana Alpha"])
    report = merge(trap_workbook, [split["Ana Alpha"]])
    assert _master_values(trap_workbook, 11)["T1001"] == 42 and report.copies[0].cells == 0


def test_a_workbook_that_is_not_a_copy_is_refused(trap_workbook: Path, tmp_path: Path) -> None:
    other = tmp_path / "autre.xlsx"
    openpyxl.Workbook().save(other)
    report = merge(trap_workbook, [other])
    assert not report.copies[0].merged and "n'est pas un classeur découpé" in report.copies[0].reason
