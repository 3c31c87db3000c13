"""The split: each copy holds its portfolio's rows and no trace of anyone else's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from sicxl.cli import main
from sicxl.portfolio.roles import Role
from sicxl.schema.portfolio import SNAPSHOT
from sicxl.server.split import split_workbook
from sicxl.workbook import open_workbook
from tests.portfolio.conftest import PEOPLE, prospect_id
from tests.portfolio.helpers import leaks

NOW = dt.datetime(2026, 11, 2, 8, 0)


def _copies(result):  # portfolio name -> path, salespeople only
    return {p.name: path for p, path in result.written.items() if p.role is Role.SALESPERSON}


def test_each_salesperson_copy_holds_only_his_rows(trap_workbook: Path, tmp_path: Path) -> None:
    result = split_workbook(trap_workbook, tmp_path / "out", now=NOW)
    copies = _copies(result)
    assert set(copies) == set(PEOPLE)
    for index, owner in enumerate(PEOPLE, start=1):
        book = openpyxl.load_workbook(copies[owner])
        ids = [book["Prospects"].cell(row=r, column=1).value for r in range(3, book["Prospects"].max_row + 1)]
        assert ids == [prospect_id(index, n) for n in range(1, 6)]
        assert book["Prospects"].tables["tblProspects"].ref == "A2:K7"
        assert book.sheetnames == ["Prospects", "Appels", "Affaires", "Paramètres", SNAPSHOT.name]
        assert book[SNAPSHOT.name].sheet_state == "veryHidden"


def test_no_trace_of_other_salespeople_anywhere_in_the_package(trap_workbook: Path, tmp_path: Path) -> None:
    planted = {part for part, _ in leaks(trap_workbook, ["ZQBRAVO", "Chloé Charlie"])}
    assert {"docProps/core.xml", "xl/workbook.xml", "xl/comments/comment1.xml"} <= planted  # the search works
    copies = _copies(split_workbook(trap_workbook, tmp_path / "out", now=NOW))
    for owner, path in copies.items():
        own_token = PEOPLE[owner][0]
        secrets = [name for name in PEOPLE if name != owner] + [t for t, _ in PEOPLE.values() if t != own_token]
        assert leaks(path, secrets) == [], owner
        assert leaks(path, [own_token]), "the salesperson's own rows are there"


def test_shared_row_goes_to_no_salesperson(trap_workbook: Path, tmp_path: Path) -> None:
    """AF-3 is Bruno's deal on Ana's prospect: only the director and the manager of
    Ana's market may see it."""
    result = split_workbook(trap_workbook, tmp_path / "out", now=NOW)
    deals = {}
    for portfolio, path in result.written.items():
        with open_workbook(path) as source:
            deals[portfolio.name] = [row[0] for row in source.grid("Affaires").values[1:]]
    assert deals["Ana Alpha"] == ["AF-1"]
    assert deals["Bruno Bravo"] == ["AF-2"]
    assert deals["Chloé Charlie"] == []
    assert deals["Collectivités"] == ["AF-1", "AF-3"]
    assert deals["Direction"] == ["AF-1", "AF-2", "AF-3"]


def test_market_copy_follows_the_segment_mapping(trap_workbook: Path, tmp_path: Path) -> None:
    result = split_workbook(trap_workbook, tmp_path / "out", by="Marché", now=NOW)
    names = sorted(p.name for p in result.written)
    assert names == ["Collectivités", "Habitat", "Santé"]
    habitat = next(path for p, path in result.written.items() if p.name == "Habitat")
    assert habitat.name == "prospects - Marché Habitat.xlsx"
    assert leaks(habitat, ["ZQALPHA", "ZQBRAVO", "Ana Alpha", "Bruno Bravo"]) == []


def test_safe_validations_are_kept_and_others_dropped(trap_workbook: Path, tmp_path: Path) -> None:
    path = _copies(split_workbook(trap_workbook, tmp_path / "out", now=NOW))["Ana Alpha"]
    sheet = openpyxl.load_workbook(path)["Prospects"]
    rules = sheet.data_validations.dataValidation
    assert [r.formula1 for r in rules] == ['"Collectivité,Santé,Habitat public,Tertiaire"']
    assert sheet.freeze_panes == "B3"
    assert sheet.column_dimensions["B"].width == 33
    assert sheet["A3"].fill.fgColor.rgb.endswith("FFFF00")


def test_computed_columns_come_back_empty(trap_workbook: Path, tmp_path: Path) -> None:
    path = _copies(split_workbook(trap_workbook, tmp_path / "out", now=NOW))["Ana Alpha"]
    sheet = openpyxl.load_workbook(path)["Prospects"]
    assert sheet["K2"].value == "Score"
    assert [sheet.cell(row=r, column=11).value for r in range(3, 8)] == [None] * 5


def test_split_sample_then_compute_leaks_nothing(sample_prospects: Path, tmp_path: Path) -> None:
    """The lead's sample, split from the command line, copies recomputed: no copy names
    another salesperson nor one of his prospects' IDs, even in computed sheets."""
    from sicxl.samples.prospects import sample_rows

    out = tmp_path / "out"
    assert main(["split", str(sample_prospects), "--out", str(out), "--by", "Commercial",
                 "--today", "02/11/2026"]) in (0, 2)
    rows = sample_rows()
    owners = sorted({r["owner"] for r in rows if r.get("owner")})
    for owner in owners:
        path = out / f"prospects - {owner}.xlsx"
        others = [o for o in owners if o != owner]
        other_ids = [r["id"] for r in rows if r.get("owner") and r["owner"] != owner]
        assert leaks(path, others + other_ids) == [], owner


@pytest.mark.parametrize("name, expected", [
    ("Jean/Marc: Nord?", "prospects - Jean_Marc_ Nord_.xlsx"),
    ("CON", "prospects - _CON.xlsx"),
    ("Dupont. ", "prospects - Dupont.xlsx"),
])
def test_file_names_are_safe_for_windows(name: str, expected: str) -> None:
    from sicxl.portfolio.naming import file_names
    from sicxl.portfolio.roles import Portfolio

    assert file_names("prospects", [Portfolio(Role.SALESPERSON, name)])[Portfolio(Role.SALESPERSON, name)] == expected


def test_file_names_differing_only_by_case_get_a_number() -> None:
    from sicxl.portfolio.naming import file_names
    from sicxl.portfolio.roles import Portfolio

    a, b = Portfolio(Role.SALESPERSON, "Direction"), Portfolio(Role.DIRECTOR)
    assert set(file_names("pf", [a, b]).values()) == {"pf - Direction.xlsx", "pf - Direction (2).xlsx"}


def test_split_dashboard_leaks_nothing(tmp_path: Path) -> None:
    """The dashboard sample: Objectifs, Réalisé, Contrats filtered by Commercial; the
    per-salesperson TB sheets are recomputed in each copy from its own rows."""
    from sicxl.samples.dashboard import MARKETS_OF, build_dashboard

    master = build_dashboard(tmp_path / "tableau_de_bord.xlsx", sample=True) or tmp_path / "tableau_de_bord.xlsx"
    out = tmp_path / "out"
    assert main(["split", str(master), "--out", str(out), "--by", "Commercial", "--today", "02/11/2026"]) == 0
    owners = list(MARKETS_OF)
    for owner in owners:
        path = out / f"tableau_de_bord - {owner}.xlsx"
        assert leaks(path, [o for o in owners if o != owner]) == [], owner
        assert leaks(path, [owner])
