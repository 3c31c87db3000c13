"""A new team's own prospect file, the first time (issue 14): the file of the issue,
30 real communes of Yvelines and Val-d'Oise typed by hand, and the other layouts
people type (other headers, no INSEE column, extra columns, title rows, rows under
a table, a dashboard given to `qualify`). Every message is checked word for word,
and every cell the user typed is checked unchanged."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sicxl.cli import main
from sicxl.jobs.base import Context
from sicxl.jobs.prospects import qualify_job
from sicxl.workbook import open_workbook
from tests.conftest import TODAY
from tests.prospects.own_files import COMMUNES_30, HEADERS, ROW_OF, assistant_file, table_with_rows_under, \
    without_column

COMMITTED = Path(__file__).resolve().parents[2] / "workbooks"
COMPUTED = ["Potentiel CA (k€)", "Score", "Catégorie", "Facteurs", "Anomalies", "Doublon de", "Statut"]


def _qualify(path: Path, capsys: pytest.CaptureFixture[str], exit_code: int = 0) -> list[str]:
    assert main(["qualify", str(path), "--today", TODAY.strftime("%d/%m/%Y")]) == exit_code
    return capsys.readouterr().out.splitlines()


def _sheet(path: Path, sheet: str = "Feuil1", header_row: int = 3) -> dict[str, dict[str, Any]]:
    """N° -> {header: value} of the sheet once written."""
    with open_workbook(path) as book:
        grid = book.grid(sheet)
        headers = [grid.get(header_row, c) for c in range(1, grid.right + 1)]
        return {str(grid.get(r, 1)): dict(zip(headers, (grid.get(r, c) for c in range(1, grid.right + 1))))
                for r in range(header_row + 1, grid.bottom + 1) if grid.get(r, 1) not in (None, "")}


@pytest.fixture(scope="module")
def issue_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, dict[str, Any]], list[str]]:
    """The issue's file, qualified once: the report's lines, the rows written, the report's problems."""
    path = assistant_file(tmp_path_factory.mktemp("own") / "prospects 78-95.xlsx")
    assert main(["qualify", str(path), "--today", "02/11/2026", "--report", str(path.with_suffix(".json"))]) == 0
    report = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return report["lines"], _sheet(path), report["problems"]


def test_the_report_starts_with_how_the_headers_were_read(issue_file):
    lines, _, problems = issue_file
    assert "Colonnes non reconnues, laissées telles quelles : Remarques" in problems  # hers, untouched
    assert lines[:7] == [
        "« N° » lu comme ID", "« CP » lu comme Code postal", "« Ville » lu comme Commune",
        "« Dépt » lu comme Département", "« Tél. » lu comme Téléphone", "« Nb habitants » lu comme Population",
        "Lignes lues : 30",
    ]


def test_every_cell_the_assistant_typed_is_unchanged(issue_file):
    _, rows, _ = issue_file
    assert list(rows) == [row[0] for row in COMMUNES_30]
    for typed in COMMUNES_30:
        written = rows[typed[0]]
        assert list(written)[:len(HEADERS) + len(COMPUTED)] == HEADERS + COMPUTED  # computed columns after hers
        for header, value in zip(HEADERS, typed):
            if value is not None:
                assert written[header] in (value, float(value) if isinstance(value, int) else value), (typed[0], header)


def test_only_empty_cells_are_filled_from_the_official_list(issue_file):
    _, rows, _ = issue_file
    assert rows["3"]["Dépt"] == "78" and rows["3"]["Nb habitants"] == 30689  # Le Chesnay-Rocquencourt
    assert rows["4"]["Nb habitants"] == 31779  # Herblay-sur-Seine
    assert rows["6"]["CP"] == "78180"  # Montigny-le-Bretonneux
    assert rows["1"]["Nb habitants"] == 84095 and rows["5"]["Nb habitants"] == 217763


@pytest.mark.parametrize("number, anomaly, status", [
    ("2", "Code postal : « 95100 » ne correspond pas à Sannois (INSEE 95582) (95110 attendu) (C5)", "À compléter"),
    ("3", "Le Chesnay : commune déléguée de Le Chesnay-Rocquencourt (INSEE 78158) (D6)", "Valide"),
    ("4", "Commune : « Herblay » lue comme Herblay-sur-Seine (INSEE 95306), seule commune de ce nom à cet endroit "
          "(D7)", "Valide"),
    ("5", "Commune : « Cergy-Pontoise » est une intercommunalité (CA de Cergy-Pontoise, 13 communes), pas une "
          "commune ; indiquez la commune du prospect (D8)", "À compléter"),
    ("6", "Commune : « Montigny » lue comme Montigny-le-Bretonneux (INSEE 78423), seule commune de ce nom à cet "
          "endroit (D9)", "Valide"),
    ("26", "Commune : « Franconvile » commune inconnue au code postal 95130 ; communes proches : Franconville "
           "(95130) (D29)", "À compléter"),
    ("1", None, "Valide"),
])
def test_communes_are_read_as_people_type_them(issue_file, number, anomaly, status):
    _, rows, _ = issue_file
    assert rows[number]["Anomalies"] in ((anomaly,) if anomaly else (None, ""))
    assert rows[number]["Statut"] == status


def test_a_row_whose_commune_is_not_known_is_never_valid(issue_file):
    _, rows, _ = issue_file
    for number in ("5", "26"):
        assert rows[number]["Statut"] != "Valide"
    assert Counter(r["Statut"] for r in rows.values()) == {"Valide": 27, "À compléter": 3}


def test_the_score_ranks_the_towns(issue_file):
    """The issue saw 24 of these 30 towns tied at about 70, "Stratégique"."""
    lines, rows, _ = issue_file
    scores = {n: r["Score"] for n, r in rows.items()}
    assert all(isinstance(s, (int, float)) for s in scores.values())
    assert len(set(scores.values())) >= 15
    population = {n: r["Nb habitants"] for n, r in rows.items()}
    for a in scores:  # two towns tie only when they are of a size
        for b in scores:
            if a < b and scores[a] == scores[b]:
                assert max(population[a], population[b]) / min(population[a], population[b]) < 1.2, (a, b)
    assert scores["9"] > scores["1"] > scores["10"] > scores["2"] > scores["29"] > scores["30"]  # by size
    categories = Counter(r["Catégorie"] for r in rows.values())
    assert categories["Stratégique"] <= 4 and categories["Accessible"] >= 3
    assert "Catégories : Accessible 3 (10\u00a0%), Important 24 (80\u00a0%), Stratégique 3 (10\u00a0%)" in lines


def test_other_header_spellings(tmp_path, capsys):
    headers = ["Identifiant", "Nom", "Type", "C.P.", "Localité", "Téléphone", "Courriel", "Population municipale",
               "Nbre de piscines", "Chargé d'affaires", "Date du dernier contact"]
    rows = [["A1", "Mairie de Poissy", "Collectivité", "78300", "Poissy", "01 39 22 55 00", "dst@ville-poissy.fr",
             40983, 2, "Antoine Lefèvre", "04/10/2026"]]
    path = assistant_file(tmp_path / "autres en-têtes.xlsx", headers, rows, title=False)
    lines = _qualify(path, capsys)
    assert lines[1:9] == [
        "« Identifiant » lu comme ID", "« Nom » lu comme Raison sociale", "« C.P. » lu comme Code postal",
        "« Localité » lu comme Commune", "« Courriel » lu comme E-mail",
        "« Population municipale » lu comme Population", "« Nbre de piscines » lu comme Piscines",
        "« Chargé d'affaires » lu comme Commercial",
    ]
    written = _sheet(path, header_row=1)["A1"]
    assert written["Statut"] == "Valide" and "2 piscines" in written["Facteurs"]


def test_without_the_population_nothing_is_computed_as_zero(tmp_path, capsys):
    headers, rows = without_column("Nb habitants")
    path = assistant_file(tmp_path / "sans population.xlsx", headers, rows)
    lines = _qualify(path, capsys)
    assert "Potentiel et score non estimés pour 30 lignes (population absente) : ajoutez la colonne " \
           "« Population »." in lines
    assert ("Catégories : Accessible 0 (0\u00a0%), Important 0 (0\u00a0%), Stratégique 0 (0\u00a0%), "
            "À qualifier 30 (100\u00a0%)") in lines
    versailles = _sheet(path)["1"]
    assert versailles["Potentiel CA (k€)"] == versailles["Score"] == "non estimé : population absente"
    assert versailles["Catégorie"] == "À qualifier"
    assert versailles["Facteurs"] == ("Potentiel non estimé : indiquez la population (colonne « Population » ; "
                                      "« fill » la complète pour une commune)")


def test_an_empty_population_cell_is_said_and_counted(tmp_path, capsys):
    rows = [list(r) for r in COMMUNES_30]
    rows[4][7] = None  # Cergy-Pontoise: not a commune, so nothing fills it
    path = assistant_file(tmp_path / "une population vide.xlsx", rows=rows)
    lines = _qualify(path, capsys)
    assert ("Potentiel et score non estimés pour 1 ligne (population absente) : indiquez la population "
            "(colonne « Population » ; « fill » la complète pour une commune).") in lines
    assert _sheet(path)["5"]["Score"] == "non estimé : population absente"


def test_a_typed_department_narrows_homonyms_and_is_not_asked_again(tmp_path, capsys):
    headers = ["ID", "Raison sociale", "Commune", "Département", "Téléphone"]
    rows = [["M1", "Mairie", "Saint-Martin", None, "01 39 22 55 00"],
            ["M2", "Mairie de Montigny", "Montigny", "95", "01 39 22 55 01"],
            ["M3", "Mairie de Saint-Martin", "Saint-Martin", "65", "01 39 22 55 02"],
            ["M4", "Mairie de Saint-Germain", "Saint-Germain", "78", "01 39 22 55 03"]]
    path = assistant_file(tmp_path / "homonymes.xlsx", headers, rows, title=False)
    _qualify(path, capsys)
    written = _sheet(path, header_row=1)
    assert written["M1"]["Anomalies"] == (
        "Commune : « Saint-Martin » désigne 5 communes (Saint-Martin (32300), Saint-Martin (54450), Saint-Martin "
        "(65360), Saint-Martin (67220), Saint-Martin (97150)) ; indiquez le code postal ou le département (C2)")
    assert written["M2"]["Anomalies"] == ("Commune : « Montigny » lue comme Montigny-lès-Cormeilles (INSEE 95424), "
                                          "seule commune de ce nom à cet endroit (C3)")
    assert written["M3"]["Anomalies"] in (None, "") and written["M3"]["Statut"] == "Valide"
    assert written["M4"]["Anomalies"] == (
        "Commune : « Saint-Germain » désigne 2 communes (Saint-Germain-de-la-Grange (78640), Saint-Germain-en-Laye "
        "(78100)) ; indiquez le code postal (C5)")


def test_a_former_insee_code_gives_the_current_commune(tmp_path, capsys):
    headers = ["ID", "Raison sociale", "Code INSEE", "Commune", "Téléphone"]
    path = assistant_file(tmp_path / "ancien code.xlsx", headers,
                          [["R1", "Mairie de Rocquencourt", "78524", None, "01 39 22 55 00"]], title=False)
    _qualify(path, capsys)
    row = _sheet(path, header_row=1)["R1"]
    assert row["Commune"] == "Le Chesnay-Rocquencourt"  # the empty cell filled
    assert row["Anomalies"] == ("Code INSEE : « 78524 » est un ancien code, la commune est aujourd'hui "
                                "Le Chesnay-Rocquencourt (78158) (C2)")
    assert row["Statut"] == "Valide"


def test_a_row_without_any_place_is_not_valid(tmp_path, capsys):
    headers = ["ID", "Raison sociale", "Commune", "Téléphone"]
    path = assistant_file(tmp_path / "sans commune.xlsx", headers,
                          [["S1", "Technocentre Renault", None, "01 39 22 55 00"]], title=False)
    _qualify(path, capsys)
    row = _sheet(path, header_row=1)["S1"]
    assert row["Anomalies"] == ("Commune : ni commune, ni code postal, ni code INSEE, la commune du prospect "
                                "n'est pas connue (C2)")
    assert row["Statut"] == "À compléter"


def test_a_column_pinned_in_parametres_is_read_as_said(tmp_path, capsys):
    path = assistant_file(tmp_path / "épinglé.xlsx", ["N°", "Raison sociale", "CP", "Ville", "Hab. (2020)",
                                                      "Contact", "Tél."],
                          [["1", "Mairie de Poissy", "78300", "Poissy", 37000, "dst@ville-poissy.fr",
                            "01 39 22 55 00"]])
    book = openpyxl.load_workbook(path)
    settings = book.create_sheet("Paramètres")
    for line in (["Paramètre", "Valeur"], ["Colonne Population", "Hab. (2020)"], ["Colonne E-mail", "Contact"],
                 ["Colonne Bidule", "x"], ["Colonne Téléphone", "Portable"], ["Colonne Fonction", "aucune"]):
        settings.append(line)
    book.save(path)
    lines = _qualify(path, capsys)
    assert "« Hab. (2020) » lu comme Population (indiqué dans Paramètres)" in lines
    assert "« Contact » lu comme E-mail (indiqué dans Paramètres)" in lines
    assert "Attention : Paramètres : « Colonne Bidule » ne désigne aucune colonne connue du fichier, la ligne est " \
           "ignorée (A4)" in lines
    assert "Attention : Paramètres : « Colonne Téléphone » indique « Portable », mais aucune colonne ne porte cet " \
           "en-tête ; la colonne est cherchée comme d'habitude (B5)" in lines
    row = _sheet(path)["1"]
    assert "Potentiel de 2" in row["Facteurs"]  # 37,000 inhabitants read
    assert row["Statut"] == "Valide"  # the e-mail read from « Contact », no decision-maker column


def test_two_columns_for_one_field_are_said_not_guessed(tmp_path, capsys):
    path = assistant_file(tmp_path / "deux téléphones.xlsx", ["ID", "Raison sociale", "Commune", "Portable",
                                                              "Téléphone"],
                          [["T1", "Mairie de Poissy", "Poissy", "06 12 34 56 78", "01 39 22 55 00"]], title=False)
    lines = _qualify(path, capsys)
    assert ("Attention : Plusieurs colonnes peuvent être « Téléphone » : « Téléphone » (E) est lue, pas "
            "« Portable » (D) ; pour en lire une autre, écrivez dans Paramètres la ligne « Colonne Téléphone » "
            "avec son en-tête") in lines


def test_rows_typed_under_the_template_table_are_read_and_the_table_widened(tmp_path, capsys):
    """The issue: « Lignes lues : 1 » on the template with 6 rows typed under its table."""
    path = Path(shutil.copy(COMMITTED / "prospects.xlsx", tmp_path / "prospects.xlsx"))
    book = openpyxl.load_workbook(path)
    sheet = book["Prospects"]
    header = [c.value for c in sheet[1]]
    for number, typed in enumerate(COMMUNES_30[6:12], start=2):  # row 2 is the table's, 3-7 are under it
        values = {"ID": typed[0], "Raison sociale": typed[1], "Code postal": typed[2], "Commune": typed[3],
                  "Téléphone": typed[5], "Population": typed[7]}
        for col, name in enumerate(header, start=1):
            if name in values:
                sheet.cell(row=number, column=col, value=values[name])
    assert sheet.tables["tblProspects"].ref.endswith("2")
    book.save(path)
    lines = _qualify(path, capsys)
    assert "Lignes lues : 6" in lines
    assert ("Les lignes 3 à 7 sont tapées sous le tableau « tblProspects » : lues avec la liste ; le tableau est "
            "agrandi pour les inclure, comme Excel le fait quand on tape sous un tableau.") in lines
    table = openpyxl.load_workbook(path)["Prospects"].tables["tblProspects"]
    assert table.ref.endswith("7")
    assert Counter(r["Statut"] for r in _sheet(path, "Prospects", 1).values()) == {"Valide": 6}


def test_a_total_line_under_a_table_is_not_a_prospect(tmp_path, capsys):
    headers = ["ID", "Raison sociale", "Commune", "Téléphone", "Population"]
    path = table_with_rows_under(tmp_path / "total.xlsx", headers,
                                 [["P1", "Mairie de Poissy", "Poissy", "01 39 22 55 00", 40983]],
                                 [["P2", "Mairie de Chatou", "Chatou", "01 30 09 32 00", 30598],
                                  ["Total", None, None, None, 71581]])
    lines = _qualify(path, capsys)
    assert "Lignes lues : 2" in lines
    assert "Attention : La ligne 4, sous le tableau « tblProspects », est une ligne de total : elle n'est pas lue " \
           "comme un prospect." in lines
    assert openpyxl.load_workbook(path)["Prospects"].tables["tblProspects"].ref == "A1:L3"


def test_a_dashboard_given_to_qualify_is_left_as_it_is(tmp_path, capsys):
    path = Path(shutil.copy(COMMITTED / "exemple_tableau_de_bord.xlsx", tmp_path / "tableau_de_bord.xlsx"))
    before = path.read_bytes()
    lines = _qualify(path, capsys, exit_code=2)  # nothing done: a script running it must know
    assert "Attention : Ce classeur ressemble à un tableau de bord : sicxl dashboard. Il n'a pas été modifié." in lines
    assert path.read_bytes() == before


def test_the_job_itself_refuses_a_dashboard_from_the_ribbon_too():
    """The add-in runs jobs on the open workbook, without the command line's runner."""
    with open_workbook(COMMITTED / "exemple_tableau_de_bord.xlsx") as book:
        result = qualify_job(book, Context(today=TODAY))
    assert not result.writes
    assert result.report.problems == [
        "Aucune feuille « Prospects » (ni tableau aux en-têtes ID, Raison sociale…) n'a été trouvée.",
        "Ce classeur ressemble à un tableau de bord : sicxl dashboard. Il n'a pas été modifié.",
    ]


def test_a_list_without_identifier_is_not_taken_and_the_report_says_what_to_add(tmp_path, capsys):
    headers, rows = without_column("N°")
    path = assistant_file(tmp_path / "sans identifiant.xlsx", headers, rows)
    before = path.read_bytes()
    lines = _qualify(path, capsys)
    assert "Attention : La feuille « Feuil1 » n'est pas lue comme une liste de prospects : il lui manque une " \
           "colonne ID." in lines
    assert path.read_bytes() == before


def test_other_jobs_given_the_wrong_workbook_change_nothing(tmp_path, capsys):
    for job, sample, kind in (("sample", "exemple_prospects.xlsx", "un fichier prospects : sicxl qualify"),
                              ("invite", "exemple_prospects.xlsx", "un fichier prospects : sicxl qualify"),
                              ("funnel", "exemple_enquete_satisfaction.xlsx",
                               "une enquête de satisfaction : sicxl survey")):
        path = Path(shutil.copy(COMMITTED / sample, tmp_path / sample))
        before = path.read_bytes()
        assert main([job, str(path)]) == 2
        assert f"Ce classeur ressemble à {kind}" in capsys.readouterr().out, job
        assert path.read_bytes() == before, job
