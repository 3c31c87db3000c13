"""The merge: a salesperson's changes and new rows come back for his portfolio only,
checked against the server's record of his copy; a cell both sides changed is
listed in `Conflits`, dated, under the earlier merges' lines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from sicxl.cli import main
from sicxl.portfolio.merge_state import Reason
from sicxl.portfolio.snapshot import fingerprint
from sicxl.schema.portfolio import CONFLICTS, SNAPSHOT
from sicxl.server.merge import merge
from sicxl.server.split import split_workbook
from sicxl.workbook import open_workbook
from tests.portfolio.conftest import PEOPLE, USER_KEYS, prospect_id

NOW = dt.datetime(2026, 11, 2, 8, 0)
MERGED_AT = dt.datetime(2026, 11, 20, 17, 30)
DECIDER_COL = 5  # E: Décideur
OWNER_COL = 9  # I: Commercial
BRUNO_ROWS = [prospect_id(2, n) for n in range(1, 6)]


def _edit(path: Path, edits: dict[tuple[str, int], Any], append: list[list[Any]] = ()) -> None:
    """Change cells of Prospects by (ID, column); optionally add rows, inside the table
    as Excel does when one types under it."""
    book = openpyxl.load_workbook(path)
    sheet = book["Prospects"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    for (key, col), value in edits.items():
        sheet.cell(row=rows[key], column=col, value=value)
    for values in append:
        row = sheet.max_row + 1
        for col, value in enumerate(values, start=1):
            sheet.cell(row=row, column=col, value=value)
        table = sheet.tables["tblProspects"]
        table.ref = table.ref.rstrip("0123456789") + str(row)
    book.save(path)


def _append(path: Path, sheet: str, rows: list[list[Any]]) -> None:
    book = openpyxl.load_workbook(path)
    for values in rows:
        book[sheet].append(values)
    book.save(path)


def _master_values(path: Path, col: int) -> dict[str, Any]:
    with open_workbook(path) as source:
        grid = source.grid("Prospects")
        return {grid.get(r, 1): grid.get(r, col) for r in range(3, grid.bottom + 1)}


def _sheet(path: Path, name: str) -> list[list[Any]]:
    """A sheet's rows as read, blank cells as None."""
    with open_workbook(path) as source:
        return [[None if v == "" else v for v in row] for row in source.grid(name).values]


def _bruno_row(n: int) -> list[Any]:
    token = PEOPLE["Bruno Bravo"][0]
    return [prospect_id(2, n), f"Mairie {token} {n}", "Santé", "Versailles", f"M. {token} Décideur",
            "01 39 00 00 0" + str(n), f"{token.lower()}{n}@exemple.fr", "non", "Bruno Bravo", "Tiède"]


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
    sheet = _sheet(trap_workbook, "Conflits")
    assert sheet[1][1:7] == ["prospects - Ana Alpha.xlsx", "Prospects", "T1002", "Décideur", "Valeur du maître",
                             "Valeur de la copie"]


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


# -- the forged merge of issue 13 ------------------------------------------------------------------


def _forge(path: Path, lines: list[list[Any]], bruno_owner: str = "Ana Alpha") -> None:
    """Ana's attack: Bruno's five prospects pasted into her copy as hers, and the
    hidden sheet rewritten to say what she wants."""
    _edit(path, {}, append=[[*_bruno_row(n)[:8], bruno_owner, "Chaud"] for n in range(1, 6)])
    book = openpyxl.load_workbook(path)
    hidden = book[SNAPSHOT.name]
    hidden.delete_rows(1, hidden.max_row)
    for line in lines:
        hidden.append(line)
    book.save(path)


def _version_1_record(role: str) -> list[list[Any]]:
    """The hidden sheet of the version split used to write, claiming the director's
    role, with fingerprints matching Bruno's rows as they are in the master."""
    lines = [["Élément", "Feuille", "Clé", "Colonne", "Empreinte"], ["meta", "", "version", "", "1"],
             ["meta", "", "master", "", "prospects.xlsx"], ["meta", "", "role", "", role],
             ["meta", "", "name", "", "Direction"]]
    for n in range(1, 6):
        for key, value in zip(USER_KEYS, _bruno_row(n)):
            lines.append(["cell", "Prospects", prospect_id(2, n), key, f"{fingerprint(value):016x}"])
    return lines


def _bruno_untouched(master: Path) -> None:
    owners = _master_values(master, OWNER_COL)
    assert [owners[key] for key in BRUNO_ROWS] == ["Bruno Bravo"] * 5
    assert all(_master_values(master, 10)[key] == "Tiède" for key in BRUNO_ROWS)


def test_a_copy_claiming_to_be_the_directors_is_refused(trap_workbook: Path, split: dict[str, Path]) -> None:
    """The attack of the issue: role set to director and a matching snapshot written
    in the copy; the copy is refused, Bruno keeps his prospects, Conflits says so."""
    _forge(split["Ana Alpha"], _version_1_record("director"))
    assert main(["merge", str(trap_workbook), str(split["Ana Alpha"]), str(split["Chloé Charlie"])]) == 2
    _bruno_untouched(trap_workbook)
    report = merge(trap_workbook, [split["Ana Alpha"]], now=MERGED_AT)
    refused = report.copies[0]
    assert not refused.merged and "version précédente" in refused.reason
    _bruno_untouched(trap_workbook)
    last = _sheet(trap_workbook, "Conflits")[-1]
    assert [last[0], last[1], last[7]] == [MERGED_AT, "prospects - Ana Alpha.xlsx", refused.reason]


@pytest.mark.parametrize("token", ["0" * 32, "../../../../etc/passwd", "", "f" * 31])
def test_a_copy_whose_token_names_no_record_is_refused(trap_workbook: Path, split: dict[str, Path], token: str) -> None:
    _forge(split["Ana Alpha"], [["Élément", "Valeur"], ["version", "2"], ["copie", token], ["role", "director"]])
    report = merge(trap_workbook, [split["Ana Alpha"]])
    assert not report.copies[0].merged and "le serveur n'a pas trace de cette copie" in report.copies[0].reason
    _bruno_untouched(trap_workbook)


def test_a_genuine_copy_cannot_claim_another_role(trap_workbook: Path, split: dict[str, Path]) -> None:
    """Ana's token kept, a "director" line added and Bruno's rows pasted as hers: the
    record says salesperson, so his rows are not hers to change; as new rows they
    are the master's own prospects, found by the duplicate search, not added."""
    book = openpyxl.load_workbook(split["Ana Alpha"])
    lines = [list(r) for r in book[SNAPSHOT.name].iter_rows(values_only=True)]
    _forge(split["Ana Alpha"], lines + [["role", "director"], ["name", "Direction"]])
    report = merge(trap_workbook, [split["Ana Alpha"]])
    assert report.copies[0].merged and report.copies[0].portfolio.name == "Ana Alpha"
    _bruno_untouched(trap_workbook)
    assert report.copies[0].outcome.added == []
    assert sorted((c.key, c.reason) for _, c in report.conflicts) == [(k, Reason.ALREADY_IN_MASTER) for k in BRUNO_ROWS]


def test_a_copy_made_for_another_master_is_refused(trap_workbook: Path, split: dict[str, Path],
                                                   tmp_path: Path) -> None:
    other = tmp_path / "autre maître.xlsx"
    other.write_bytes(trap_workbook.read_bytes())
    report = merge(other, [split["Ana Alpha"]])
    assert not report.copies[0].merged and "a été découpé à partir de « prospects.xlsx »" in report.copies[0].reason


# -- new rows (issue 17) ----------------------------------------------------------------------------


def test_new_rows_come_back_with_ids_and_through_the_duplicate_search(trap_workbook: Path,
                                                                     split: dict[str, Path]) -> None:
    """Ana types three prospects (one without ID, one with an ID the master gave
    another prospect since the split, one the master already has), calls on two of
    them and a deal without ID; Chloé types one prospect without ID."""
    _edit(trap_workbook, {}, append=[["T3006", "Clinique du Parc", "Santé", "Versailles", None, None, None, "non",
                                      "Bruno Bravo"]])
    _edit(split["Ana Alpha"], {}, append=[
        [None, "Mairie de Louveciennes", "Collectivité", "Louveciennes", "M. Jacques Martin", "01 39 18 44 00",
         "mairie@louveciennes.fr", "non", None],
        ["T3006", "Mairie de Bougival", "Collectivité", "Bougival", "Mme Luce Dupré", "01 39 69 21 21",
         "accueil@bougival.fr", "non", "Ana Alpha"],
        ["T9001", "MAIRIE ZQALPHA 2", "Collectivité", "Versailles", "M. ZQALPHA Décideur", "01.39.00.00.02",
         "zqalpha2@exemple.fr", "non", "Ana Alpha"],
    ])
    _append(split["Ana Alpha"], "Appels", [[dt.datetime(2026, 11, 4), "T3006", "Mme Dupré", "RDV obtenu", "RDV le 12"],
                                           [dt.datetime(2026, 11, 5), "T9001", "Standard", "Barrage", "rappeler"]])
    _append(split["Ana Alpha"], "Affaires", [[None, "T3006", "Contact", None, "P1 énergie"]])
    _edit(split["Chloé Charlie"], {}, append=[[None, "OPH de Poissy", "Habitat public", "Poissy", "M. Lefort",
                                               "01 30 74 00 00", None, "non", None]])
    report = merge(trap_workbook, [split["Ana Alpha"], split["Chloé Charlie"]], now=MERGED_AT)

    added = [(r.sheet, r.key, r.copy_key, r.numbered, r.owner_filled) for c in report.copies for r in c.outcome.added]
    assert added == [("Prospects", "T3007", "", True, True), ("Prospects", "T3008", "T3006", True, False),
                     ("Appels", "", "", False, False), ("Appels", "", "", False, False),
                     ("Affaires", "AF-4", "", True, True), ("Prospects", "T3009", "", True, True)]
    prospects = {row[0]: row for row in _sheet(trap_workbook, "Prospects")[2:]}
    assert prospects["T3007"][1:9:7] == ["Mairie de Louveciennes", "Ana Alpha"]
    assert prospects["T3008"][1] == "Mairie de Bougival" and prospects["T3006"][1] == "Clinique du Parc"
    assert prospects["T3009"][8] == "Chloé Charlie" and "T9001" not in prospects
    calls = _sheet(trap_workbook, "Appels")[-2:]
    assert [c[1] for c in calls] == ["T3008", "T1002"]  # the renumbered prospect, the master's own T1002
    assert _sheet(trap_workbook, "Affaires")[-1][:4] == ["AF-4", "T3008", "Contact", "Ana Alpha"]
    assert openpyxl.load_workbook(trap_workbook)["Prospects"].tables["tblProspects"].ref == "A2:K21"
    assert [(c.key, c.reason) for _, c in report.conflicts] == [("T9001", Reason.ALREADY_IN_MASTER)]
    lines = "\n".join(report.lines())
    assert "+ Prospects : T3008 « Mairie de Bougival » (l'ID T3006 de la copie est déjà pris" in lines
    assert "+ Appels : 05/11/2026 T1002" in lines
    listed = report.as_dict()["added"]
    assert [(a["sheet"], a["key"], a["copy_key"]) for a in listed][:2] == [("Prospects", "T3007", None),
                                                                         ("Prospects", "T3008", "T3006")]
    assert json.dumps(report.as_dict(), ensure_ascii=False)  # what --report writes


def test_new_rows_for_another_portfolio_are_listed(trap_workbook: Path, split: dict[str, Path]) -> None:
    _edit(split["Ana Alpha"], {}, append=[[None, "Mairie de Marly-le-Roi", "Collectivité", "Marly-le-Roi",
                                           None, None, None, "non", "Bruno Bravo"]])
    _append(split["Ana Alpha"], "Appels", [[dt.datetime(2026, 11, 4), "T2003", "Standard", "Barrage", "chez Bruno"]])
    report = merge(trap_workbook, [split["Ana Alpha"]])
    assert report.copies[0].outcome.added == []
    assert sorted(c.reason.value for _, c in report.conflicts) == ["new_not_owned", "new_not_owned"]
    assert len(_sheet(trap_workbook, "Appels")) == 10


def test_a_corrected_call_is_merged_in_place_and_a_deleted_one_kept(trap_workbook: Path,
                                                                    split: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(split["Ana Alpha"])
    calls = book["Appels"]
    calls["E2"] = "Barrage : la secrétaire rappelle"
    calls.delete_rows(3)
    book.save(split["Ana Alpha"])
    report = merge(trap_workbook, [split["Ana Alpha"]])
    lines = _sheet(trap_workbook, "Appels")
    assert len(lines) == 10 and lines[1][4] == "Barrage : la secrétaire rappelle"
    assert lines[2][4] == "Appel ZQALPHA par Ana Alpha"  # deleted in the copy, kept in the master
    assert [(c.key, c.reason) for _, c in report.conflicts] == [("02/10/2026 T1002", Reason.DELETED_IN_COPY)]
    assert report.copies[0].outcome.added == []


def test_no_row_is_appended_under_a_table_closed_by_a_total_row(trap_workbook: Path, split: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(trap_workbook)
    sheet = book["Prospects"]
    sheet.append(["Total", None, None, None, None, None, None, None, None, None, "=SUBTOTAL(101,K3:K17)"])
    table = sheet.tables["tblProspects"]
    sheet.tables["tblProspects"] = Table(displayName=table.displayName, ref="A2:K18", totalsRowCount=1)
    book.save(trap_workbook)
    _edit(split["Ana Alpha"], {("T1001", DECIDER_COL): "Mme Nouvelle"},
          append=[[None, "Mairie de Louveciennes", "Collectivité", "Louveciennes"]])
    report = merge(trap_workbook, [split["Ana Alpha"]])
    assert [c.reason for _, c in report.conflicts] == [Reason.NO_ROOM]
    assert _master_values(trap_workbook, DECIDER_COL)["T1001"] == "Mme Nouvelle"
    assert _sheet(trap_workbook, "Prospects")[-1][0] == "Total"


def test_conflicts_keep_their_history(trap_workbook: Path, split: dict[str, Path]) -> None:
    """A first merge leaves a conflict; a second, later, leaves its own: both stay,
    dated and naming their copy, under a `Conflits` sheet of the earlier layout."""
    book = openpyxl.load_workbook(trap_workbook)
    old = book.create_sheet("Conflits")
    old.append([c.header for c in CONFLICTS.columns if c.key != "date"] + ["Traité le"])
    old.append(["prospects - Ana Alpha (2025).xlsx", "Prospects", "T1003", "Décideur", "M. A", "M. B", "ancien motif",
                "12/03/2025 par Sophie"])
    book.save(trap_workbook)
    _edit(split["Ana Alpha"], {("T1002", DECIDER_COL): "Copie 1"})
    _edit(trap_workbook, {("T1002", DECIDER_COL): "Maître 1"})
    merge(trap_workbook, [split["Ana Alpha"]], now=MERGED_AT)
    merge(trap_workbook, [split["Bruno Bravo"]], now=MERGED_AT + dt.timedelta(days=7))
    rows = _sheet(trap_workbook, "Conflits")
    assert rows[0] == [c.header for c in CONFLICTS.columns] + ["Traité le"]
    assert rows[1][8] == "12/03/2025 par Sophie"  # a column people added is kept
    assert [r[:4] for r in rows[1:]] == [
        [None, "prospects - Ana Alpha (2025).xlsx", "Prospects", "T1003"],
        [MERGED_AT, "prospects - Ana Alpha.xlsx", "Prospects", "T1002"],
        [MERGED_AT + dt.timedelta(days=7), "prospects - Bruno Bravo.xlsx", None, None],
    ]
    assert rows[3][7].startswith("Aucun point à examiner")


def test_a_salesperson_does_not_set_his_own_objectives(tmp_path: Path) -> None:
    """The dashboard split by salesperson: an objective he raised or lowered in his copy,
    and a line he added, are listed for the management, not merged."""
    from sicxl.samples.dashboard import MARKETS_OF, build_dashboard

    master = tmp_path / "tableau_de_bord.xlsx"
    build_dashboard(master, sample=True)
    owner = next(iter(MARKETS_OF))
    copies = split_workbook(master, tmp_path / "out", by="Commercial", now=NOW).written
    copy = next(path for p, path in copies.items() if p.name == owner)
    before = _sheet(master, "Objectifs")
    book = openpyxl.load_workbook(copy)
    sheet = book["Objectifs"]
    header = [c.value for c in sheet[1]]
    target = header.index("Objectif") + 1
    sheet.cell(row=2, column=target).value = 1
    sheet.append([sheet.cell(row=2, column=c).value if c != target else 5 for c in range(1, len(header) + 1)])
    sheet.cell(row=sheet.max_row, column=header.index("Mois") + 1).value = "2027-01"
    table = next(iter(sheet.tables.values()))
    table.ref = table.ref.rstrip("0123456789") + str(sheet.max_row)  # Excel grows a table typed under
    book.save(copy)
    report = merge(master, [copy], now=MERGED_AT)
    assert sorted(c.reason.value for _, c in report.conflicts) == ["line_changed", "new_row"]
    assert _sheet(master, "Objectifs") == before


def test_a_row_without_id_comes_back_unchanged_not_as_a_new_row(trap_workbook: Path, tmp_path: Path) -> None:
    """A deal the master holds without its ID goes into Ana's copy; brought back as it
    was, it is recognised, not appended a second time."""
    _append(trap_workbook, "Affaires", [[None, "T1003", "Contact", "Ana Alpha", "P1 énergie"]])
    copies = {p.name: path for p, path in split_workbook(trap_workbook, tmp_path / "out", now=NOW).written.items()}
    _edit(copies["Ana Alpha"], {("T1001", DECIDER_COL): "Mme Nouvelle"})
    report = merge(trap_workbook, [copies["Ana Alpha"]])
    assert report.copies[0].outcome.added == [] and report.conflicts == []
    assert len(_sheet(trap_workbook, "Affaires")) == 5
