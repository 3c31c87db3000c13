"""The split: each copy holds its portfolio's rows and no trace of anyone else's."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import openpyxl
import pytest

from sicxl.cli import main
from sicxl.portfolio.naming import MAX_BYTES, MAX_CHARS, file_names
from sicxl.portfolio.roles import Portfolio, Role
from sicxl.schema.portfolio import FILE_PATTERN, SNAPSHOT
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


@pytest.mark.parametrize("name, pattern, expected", [
    ("Jean/Marc: Nord?", FILE_PATTERN, "prospects - Jean_Marc_ Nord_.xlsx"),
    ("Dupont. ", FILE_PATTERN, "prospects - Dupont.xlsx"),
    ("Dupont\tdit\n« le Grand »", FILE_PATTERN, "prospects - Dupont dit « le Grand ».xlsx"),
    ("CON", "{name}.xlsx", "_CON.xlsx"),
    ("com1 ", "{name}.xlsx", "_com1.xlsx"),
    ("Nul.Dupont", "{name}.xlsx", "_Nul.Dupont.xlsx"),
    ("LPT¹", "{name}.xlsx", "_LPT¹.xlsx"),
    (".Dupont", "{name}.xlsx", "Dupont.xlsx"),
    ("CON", FILE_PATTERN, "prospects - CON.xlsx"),  # not a device name: the stem is "prospects - CON"
])
def test_file_names_are_safe_for_windows(name: str, pattern: str, expected: str) -> None:
    person = Portfolio(Role.SALESPERSON, name)
    assert file_names("prospects", [person], pattern)[person] == expected


def test_a_name_over_255_bytes_is_cut_on_a_character() -> None:
    person = Portfolio(Role.SALESPERSON, "Élisabeth-" + "é" * 300)
    name = file_names("prospects", [person])[person]
    assert name.startswith("prospects - Élisabeth-éé") and name.endswith(".xlsx")
    assert len(name) <= MAX_CHARS and len(name.encode("utf-8")) <= MAX_BYTES
    name.encode("utf-8").decode("utf-8")  # no character cut in two


@pytest.mark.parametrize("salesperson", ["Direction", "direction", "DIRECTION.", " Direction ", "Marché Santé",
                                         "Marche\u0301 Sante\u0301", "MARCHÉ  SANTÉ"])
@pytest.mark.parametrize("by", [None, "Commercial"])
def test_a_salesperson_never_takes_a_roles_file(salesperson: str, by: str | None) -> None:
    """A salesperson called "Direction" or "Marché Santé" gets a name of his own, even
    in a split that makes no role copy: a later one would overwrite his."""
    person = Portfolio(Role.SALESPERSON, salesperson)
    roles = [Portfolio(Role.DIRECTOR), Portfolio(Role.MANAGER, "Santé")] if by is None else []
    names = file_names("prospects", [person, *roles])
    assert names[person] not in ("prospects - Direction.xlsx", "prospects - Marché Santé.xlsx")
    assert names[person].endswith("(commercial).xlsx")
    if roles:
        assert names[roles[0]] == "prospects - Direction.xlsx" and names[roles[1]] == "prospects - Marché Santé.xlsx"


def test_file_names_differing_only_by_case_get_a_number() -> None:
    a, b = Portfolio(Role.SALESPERSON, "Claire Morel"), Portfolio(Role.SALESPERSON, "CLAIRE MOREL ")
    assert set(file_names("pf", [a, b]).values()) == {"pf - Claire Morel.xlsx", "pf - CLAIRE MOREL (2).xlsx"}


def test_split_with_odd_names_writes_every_copy(trap_workbook: Path, tmp_path: Path) -> None:
    """The issue's cases end to end: a name over 255 bytes stopped the split halfway;
    "Direction" took the director's file."""
    book = openpyxl.load_workbook(trap_workbook)
    sheet = book["Prospects"]
    renamed = {"Ana Alpha": "Direction", "Bruno Bravo": "É" * 200, "Chloé Charlie": "Marché Santé"}
    for row in range(3, 18):
        sheet.cell(row=row, column=9).value = renamed[sheet.cell(row=row, column=9).value]
    for row in range(2, 5):
        book["Affaires"].cell(row=row, column=4).value = renamed[book["Affaires"].cell(row=row, column=4).value]
    book.save(trap_workbook)
    result = split_workbook(trap_workbook, tmp_path / "out", now=NOW)
    assert result.skipped == {} and len(result.written) == 7  # 3 salespeople, 3 markets, the director
    director = next(path for p, path in result.written.items() if p.role is Role.DIRECTOR)
    assert director.name == "prospects - Direction.xlsx"
    assert openpyxl.load_workbook(director)["Prospects"].tables["tblProspects"].ref == "A2:K17"
    salesperson = next(path for p, path in result.written.items() if p.name == "Direction")
    assert salesperson.name == "prospects - Direction (commercial).xlsx"
    assert openpyxl.load_workbook(salesperson)["Prospects"].tables["tblProspects"].ref == "A2:K7"


def test_a_copy_never_replaces_its_master(trap_workbook: Path) -> None:
    book = openpyxl.load_workbook(trap_workbook)
    sheet = book["Prospects"]
    for row in range(3, 8):
        sheet.cell(row=row, column=9).value = "prospects"
    book.save(trap_workbook)
    before = trap_workbook.read_bytes()
    result = split_workbook(trap_workbook, trap_workbook.parent, pattern="{name}.xlsx", by="Commercial", now=NOW)
    assert trap_workbook.read_bytes() == before
    assert any("porterait le nom du classeur maître" in reason for reason in result.skipped.values())


# -- the record the merge trusts stays on the server (issue 13) ------------------------------------


def test_a_copy_holds_only_a_token_and_its_record_stays_on_the_server(trap_workbook: Path, tmp_path: Path,
                                                                       server_settings: Path) -> None:
    result = split_workbook(trap_workbook, tmp_path / "out", now=NOW)
    state = server_settings.parent / "state"
    records = sorted((state / "copies").glob("*.npz"))
    assert len(records) == len(result.written) == 7
    assert stat.S_IMODE(state.stat().st_mode) == 0o700 and stat.S_IMODE((state / "copies").stat().st_mode) == 0o700
    assert all(stat.S_IMODE(r.stat().st_mode) == 0o600 for r in records)
    for path in result.written.values():
        book = openpyxl.load_workbook(path)
        lines = list(book[SNAPSHOT.name].iter_rows(values_only=True))
        assert [line[0] for line in lines] == ["Élément", "version", "copie"]
        assert (state / "copies" / f"{lines[2][1]}.npz") in records
        assert "director" not in str(lines) and "salesperson" not in str(lines)


@pytest.mark.skipif(os.name == "nt", reason="POSIX rights")
def test_a_state_folder_others_can_write_is_refused(trap_workbook: Path, tmp_path: Path,
                                                    server_settings: Path) -> None:
    state = server_settings.parent / "state"
    state.mkdir()
    state.chmod(0o777)
    out = tmp_path / "out"
    assert main(["split", str(trap_workbook), "--out", str(out), "--no-compute"]) == 2
    assert not list(out.glob("*.xlsx"))


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
