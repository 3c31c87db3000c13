"""Issue 15, point 1: a drawn sample is the survey's record. Once drawn (or once an
answer exists) no job draws it again: new clients go to the reserve, clients who
left are marked, and only `--redraw` draws anew, keeping the old draw in a sheet."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from sicxl.cli import main
from sicxl.jobs.base import Context, MemorySource
from sicxl.jobs.survey import _previous_name, sample_job, survey_job
from sicxl.messages import survey as msg
from sicxl.schema.survey import ADDED, CLIENTS, DRAWN, LEFT, RESERVE, RESPONSES, SAMPLE
from sicxl.workbook import open_workbook
from tests.survey.conftest import (CLIENT_ROWS, TODAY, answers_sheet, clients_sheet, drawn_rows, parameters_sheet,
                                   questionnaire_sheet, rows_of, source, with_sheets)

LATER = dt.date(2026, 11, 2)


def _book(path: Path) -> MemorySource:
    with open_workbook(path) as book:
        names = book.sheet_names()
        return MemorySource({n: book.grid(n) for n in names}, {n: book.excel_tables(n) for n in names}, path)


def _sample_state(book: MemorySource) -> dict[str, str]:
    values = book.grid(SAMPLE.name).values
    return {r[0]: r[4] for r in values[1:] if r and r[0]}


def _headline(book: MemorySource) -> tuple[float, float]:
    row = next(r for r in book.grid("Résultats").values if isinstance(r[0], str) and r[0].startswith("Q10 "))
    return row[1], row[2]


def _add_client(path: Path, values: list) -> None:
    """What an assistant does in Excel: one more line typed under tblClients."""
    book = openpyxl.load_workbook(path)
    sheet = book[CLIENTS.name]
    sheet.append(values)
    table = sheet.tables[CLIENTS.table]
    first, _ = table.ref.split(":")
    table.ref = f"{first}:{openpyxl.utils.get_column_letter(len(CLIENTS.columns))}{sheet.max_row}"
    book.save(path)


@pytest.fixture(scope="module")
def regenerated(survey_workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo survey regenerated as it is, and a copy with one client added first."""
    folders = []
    for name, add in (("tel_quel", False), ("client_ajoute", True)):
        folder = tmp_path_factory.mktemp(name)
        path = Path(shutil.copy(survey_workbook, folder / "enquete_satisfaction.xlsx"))
        if add:
            _add_client(path, ["CL9001", "Mairie de Jouy-en-Josas", "Collectivités", "non", "Jouy-en-Josas",
                               "Mme Sophie Martin", "Directrice générale des services", "01 39 56 00 00",
                               "dgs@jouy-en-josas.fr"])
        assert main(["regenerate", str(folder), "--today", "02/11/2026", "--report",
                     str(folder.parent / f"{name}.json")]) == 0
        folders.append(path)
    return folders[0], folders[1]


def test_regenerate_after_a_client_is_added_keeps_the_sample_and_its_answers(
        survey_workbook: Path, regenerated: tuple[Path, Path]) -> None:
    shipped = _sample_state(_book(survey_workbook))
    as_is, added = (_book(p) for p in regenerated)
    after = _sample_state(added)
    drawn = {c for c, s in shipped.items() if s == DRAWN}
    assert len(drawn) == 110
    assert {c for c, s in after.items() if s == DRAWN} == drawn  # nobody swapped
    assert after["CL9001"] == ADDED  # the new client waits in the reserve
    assert {c: s for c, s in after.items() if c != "CL9001"} == shipped
    assert added.grid(RESPONSES.name).values == _book(survey_workbook).grid(RESPONSES.name).values
    assert _headline(added) == _headline(as_is)
    report = "\n".join(str(r) for r in added.grid("Résultats").values)
    assert "Répondants retenus : 105" in report


def test_a_client_who_left_is_marked_and_their_answer_still_counts(survey_workbook: Path) -> None:
    book = _book(survey_workbook)
    answered = {r[0] for r in book.grid(RESPONSES.name).values[1:] if r[0]}
    state = _sample_state(book)
    leaving = next(c for c, s in sorted(state.items()) if s == DRAWN and c in answered)
    clients = [r for r in book.grid(CLIENTS.name).values if r[0] != leaving]
    gone = MemorySource({**book.grids, CLIENTS.name: type(book.grid(CLIENTS.name))(clients)}, {}, None)
    result = sample_job(gone, Context(today=LATER))
    rows = {r[0]: r for r in rows_of(result, SAMPLE.name)[1:] if r[0]}
    assert rows[leaving][4] == LEFT
    assert len([r for r in rows.values() if r[4] in (DRAWN, LEFT) and r[5] is None]) == 110
    assert any("1 client sorti du fichier clients" in line for line in result.report.lines)
    analysed = survey_job(with_sheets(gone, result), Context(today=LATER))
    assert analysed.report.counts["respondents"] == 105


def test_a_kept_sample_is_never_redrawn_even_when_the_parameters_change(survey_workbook: Path) -> None:
    book = _book(survey_workbook)
    grid = [list(r) for r in book.grid("Paramètres").values]
    size_row = next(r for r in grid if r[0] == "Taille d'échantillon")
    size_row[1] = 150
    seed_row = next(r for r in grid if r[0] == "Graine aléatoire")
    seed_row[1] = 7
    changed = MemorySource({**book.grids, "Paramètres": type(book.grid("Paramètres"))(grid)}, {}, None)
    result = sample_job(changed, Context(today=LATER))
    assert {r[0] for r in drawn_rows(result)} == {c for c, s in _sample_state(book).items() if s == DRAWN}
    assert any("Paramètres demandent aujourd'hui 150 clients" in line for line in result.report.lines)


def test_answers_without_any_sample_stop_the_draw_and_say_why() -> None:
    answers = answers_sheet([("C01", "Très satisfait", 4, "Plutôt satisfait", 9)])
    result = sample_job(source(Clients=clients_sheet(), Questionnaire=questionnaire_sheet(), Reponses=answers),
                        Context(today=TODAY))
    assert not result.writes.sheets
    assert any("aucun tirage n'est fait" in p and "--redraw" in p for p in result.report.problems)


def test_redraw_keeps_the_old_draw_in_a_sheet_and_says_which_answers_no_longer_count(survey_workbook: Path) -> None:
    book = _book(survey_workbook)
    grid = [list(r) for r in book.grid("Paramètres").values]
    next(r for r in grid if r[0] == "Graine aléatoire")[1] = 7  # another seed: another draw
    changed = MemorySource({**book.grids, "Paramètres": type(book.grid("Paramètres"))(grid)}, {}, None)
    result = sample_job(changed, Context(today=LATER, options={"redraw": True}))
    names = [s.name for s in result.writes.sheets]
    assert names[0] == "Échantillon du 27-04-2026" and SAMPLE.name in names
    old = rows_of(result, "Échantillon du 27-04-2026")
    assert len([r for r in old[1:] if r[4] == DRAWN]) == 110
    lost = next(line for line in result.report.lines if "ne compteront plus" in line)
    assert "réponses déjà saisies viennent de clients qui ne sont plus tirés" in lost
    assert {r[6] for r in drawn_rows(result)} == {LATER}
    twice = MemorySource({**changed.grids, "Échantillon du 27-04-2026": changed.grid(SAMPLE.name)})
    assert _previous_name(twice, dt.date(2026, 4, 27)) == "Échantillon du 27-04-2026 (2)"  # an old draw is never lost


def test_first_draw_lists_the_reserve_in_a_random_order_per_market() -> None:
    result = sample_job(source(Clients=clients_sheet(), Parametres=parameters_sheet(**{"Taille d'échantillon": 6})),
                        Context(today=TODAY))
    rows = rows_of(result, SAMPLE.name)[1:]
    drawn = [r for r in rows if r[0] and r[4] == DRAWN]
    reserve = [r for r in rows if r[0] and r[4] == RESERVE]
    eligible = [c for c in CLIENT_ROWS if c[3] == "non"]
    assert len(drawn) == 6 and len(drawn) + len(reserve) == len(eligible)
    for market in {r[2] for r in reserve}:
        assert sorted(r[5] for r in reserve if r[2] == market) == list(range(1, 1 + sum(r[2] == market
                                                                                      for r in reserve)))
    assert all(r[3] is None for r in reserve) and all(r[6] == TODAY for r in rows if r[0])
    again = sample_job(source(Clients=clients_sheet(), Parametres=parameters_sheet(**{"Taille d'échantillon": 6})),
                       Context(today=TODAY))
    assert rows_of(again, SAMPLE.name) == rows_of(result, SAMPLE.name)


def test_a_reserve_client_made_drawn_by_hand_replaces_a_refusal() -> None:
    first = sample_job(source(Clients=clients_sheet(), Parametres=parameters_sheet(**{"Taille d'échantillon": 6})),
                       Context(today=TODAY))
    rows = [list(r) for r in rows_of(first, SAMPLE.name)]
    substitute = next(r for r in rows[1:] if r[0] and r[4] == RESERVE)
    substitute[4] = DRAWN  # typed by the assistant
    sheets = {"Clients": clients_sheet(), "Echantillon": rows, "Questionnaire": questionnaire_sheet(),
              "Reponses": answers_sheet([(substitute[0], "Très satisfait", 5, "Plutôt satisfait", 9)])}
    kept = sample_job(source(**sheets), Context(today=TODAY))
    assert substitute[0] in {r[0] for r in drawn_rows(kept)} and len(drawn_rows(kept)) == 7
    analysed = survey_job(source(**sheets), Context(today=TODAY))
    assert analysed.report.counts["respondents"] == 1
    assert not analysed.report.anomalies[msg.KIND_NOT_IN_SAMPLE]
