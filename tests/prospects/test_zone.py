"""Building the prospect file from the communes of a zone (issue 17, point 1)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from sicxl.jobs import load_jobs
from sicxl.jobs.base import Context, MemorySource
from sicxl.jobs.zone import communes_job
from sicxl.prospects.new_ids import new_ids
from sicxl.runner import run_job
from sicxl.samples.prospects import build_prospects
from tests.conftest import TODAY

ZONE = {"departments": "78, 95", "population": 1000}


def _values(path: Path, sheet: str = "Prospects") -> list[tuple]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def test_the_template_gets_the_145_and_99_communes_of_78_and_95(tmp_path: Path) -> None:
    path = build_prospects(tmp_path / "prospects.xlsx", sample=False)
    run = run_job(load_jobs()["communes"], path, options=ZONE, today=TODAY)
    assert run.result.report.counts["added:78"] == 145 and run.result.report.counts["added:95"] == 99
    assert "Département 78 : 145 communes de 1\u202f000 habitants ou plus, 0 déjà dans le fichier, 145 ajoutées." \
        in run.result.report.lines
    book = openpyxl.load_workbook(path)
    sheet = book["Prospects"]
    assert sheet.tables["tblProspects"].ref.endswith("245")  # the table took the 244 rows in
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in rows[:2]] == ["P0001", "P0002"] and rows[-1][0] == "P0244"
    versailles = next(r for r in rows if r[6] == "Versailles")
    assert versailles[1:10] == ("Mairie de Versailles", "Collectivité", "217806462", "78646", "78000", "Versailles",
                                "78", None, 84095)
    assert next(r for r in rows if r[6] == "Les Mureaux")[1] == "Mairie des Mureaux"
    again = run_job(load_jobs()["communes"], path, options=ZONE, today=TODAY)
    assert again.written is None and again.result.report.counts["added"] == 0  # never a second row


def test_the_sample_gets_only_the_communes_it_lacks(sample_prospects: Path) -> None:
    """The sample holds 150 communes of 78 and 95, one of them twice ("VILLE DE ..."),
    one without its codes, one without its name: none is added again."""
    run = run_job(load_jobs()["communes"], sample_prospects, options=ZONE, today=TODAY)
    counts = run.result.report.counts
    assert (counts["added:78"], counts["added:95"]) == (145 - 97, 99 - 53)
    ids = [r[0] for r in _values(sample_prospects)[1:]]
    assert ids[165:167] == ["P0166", "P0167"] and ids[-1] == "P0260" and len(set(ids)) == len(ids)


def _typed_file(tmp_path: Path, rows: list[list], table: bool = False, below: list | None = None) -> Path:
    """A prospect sheet typed by hand: a title, other header spellings, no Population."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Fichier prospects"
    sheet.append(["Prospection communes — Yvelines"])
    sheet.append([])
    sheet.append(["Identifiant", "Nom", "Segment", "N° SIREN", "INSEE", "CP", "Ville", "Commercial"])
    for row in rows:
        sheet.append(row)
    if table:
        sheet.add_table(Table(displayName="tblFichier", ref=f"A3:H{3 + len(rows)}"))
    if below:
        sheet.append([])
        sheet.append(below)
    path = tmp_path / "fichier.xlsx"
    book.save(path)
    return path


HAND_TYPED = [
    ["PR-2026-007", "ST GERMAIN EN LAYE (MAIRIE)", "Collectivité", None, None, None, None, "Claire Morel"],
    ["PR-2026-012", "MAIRIE DE POISSY", "Collectivité", None, "78498", None, None, "Julien Caron"],  # INSEE code
    ["PR-2026-013", "Ville de Houilles", None, None, None, "78800", None, None],  # name and postal code
    ["PR-2026-020", "Commune", "Collectivité", "217806462", None, None, None, None],  # Versailles, by SIREN
    ["PR-2026-021", "Centre hospitalier de Mantes-la-Jolie", "Santé", None, "78361", "78200", "Mantes-la-Jolie", None],
]


def test_any_spelling_of_a_commune_already_there_is_recognised(tmp_path: Path) -> None:
    path = _typed_file(tmp_path, HAND_TYPED)
    run = run_job(load_jobs()["communes"], path, options={"departments": "78", "population": 20000}, today=TODAY)
    sheet = _values(path, "Fichier prospects")
    added = {r[6]: r for r in sheet[3 + len(HAND_TYPED):]}
    assert not {"Saint-Germain-en-Laye", "Poissy", "Houilles", "Versailles"} & set(added)
    assert "Mantes-la-Jolie" in added  # a hospital there is not the commune
    assert added["Mantes-la-Jolie"][:7] == ("PR-2026-031", "Mairie de Mantes-la-Jolie", "Collectivité", "217803618",
                                            "78361", "78200", "Mantes-la-Jolie")
    assert any("Population" in p for p in run.result.report.problems)  # no such column: said, not invented


def test_a_note_under_the_table_is_never_overwritten(tmp_path: Path) -> None:
    path = _typed_file(tmp_path, HAND_TYPED, table=True, below=["Source : annuaire des mairies, 2024"])
    before = path.read_bytes()
    run = run_job(load_jobs()["communes"], path, options=ZONE, today=TODAY)
    assert run.written is None and path.read_bytes() == before
    assert any("ligne 10" in p and "n'est pas vide" in p for p in run.result.report.problems)


def test_zone_from_parameters_and_bad_options_are_reported() -> None:
    source = MemorySource.from_rows({
        "Prospects": [["ID", "Raison sociale", "Code INSEE"]],
        "Paramètres": [["Paramètre", "Valeur"], ["Zone : départements", "95;99"], ["Zone : population minimale", 50000]],
    })
    result = communes_job(source, Context(today=TODAY))
    assert result.report.counts["added:95"] == 3  # Argenteuil, Sarcelles, Cergy
    assert any("99" in p for p in result.report.problems)
    bad = communes_job(source, Context(today=TODAY, options={"population": "beaucoup"}))
    assert not bad.writes and any("beaucoup" in p for p in bad.report.problems)
    empty = MemorySource.from_rows({"Prospects": [["ID", "Raison sociale"]]})
    assert "Aucun département" in communes_job(empty, Context(today=TODAY)).report.text()


@pytest.mark.parametrize(("ids", "expected"), [
    (["P0001", "P0166", None, "P0010"], ["P0167", "P0168"]),
    (["PR-2026-117", "PR-2026-9", "X"], ["PR-2026-118", "PR-2026-119"]),
    ([12, 13.0, "14"], ["15", "16"]),
    ([], ["P0001", "P0002"]),
    (["C9", "c10"], ["C11", "C12"]),
])
def test_new_ids_follow_the_file_s_own_pattern(ids, expected) -> None:
    assert new_ids(ids, 2) == expected
