"""The add-in's own JavaScript (static/sic.js, the served custom-functions code, the
task pane's settings), run in node over a stub of Office.js (tests/addin/js) and
talking to the real server over HTTP: sign-in, French messages, whole columns,
and the ribbon's writes, counted in round trips to Excel and compared with what
the command line writes."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwings.server

from sicxl.jobs import load_jobs
from sicxl.messages import addin as msg
from sicxl.runner import run_job
from sicxl.writes import Style, Writes
from tests.addin.live import NODE, free_port, live_server, run_addin
from tests.addin.payloads import TOKEN, EXCEL_EPOCH, error_cell, office_sheets

pytestmark = [pytest.mark.slow, pytest.mark.skipif(NODE is None, reason="node is not installed")]
WORKBOOKS = Path(__file__).resolve().parents[2] / "workbooks"
SIGN_IN = {"do": "signIn", "token": TOKEN}
SAY = msg.BROWSER_MESSAGES


@pytest.fixture(scope="module")
def origin() -> Iterator[str]:
    with live_server() as url:
        yield url


@pytest.fixture(scope="module")
def prospects() -> list[dict[str, Any]]:
    return office_sheets(WORKBOOKS / "exemple_prospects.xlsx")


def test_a_button_without_token_opens_the_task_pane_and_the_token_is_kept_once_accepted(origin, prospects):
    steps = [{"do": "click", "job": "score"}, {"do": "signIn", "token": ""}, {"do": "signIn", "token": "mauvais"},
             SIGN_IN, {"do": "click", "job": "score"}, {"do": "signOut"}, {"do": "click", "job": "fill"}]
    first, empty, wrong, right, scored, signed_out, again = run_addin(origin, prospects, steps)["results"]
    assert first["taskpaneShown"] == 1 and first["state"] == SAY["tokenMissing"] and first["completed"]
    assert first["dialogs"] == [] and first["requests"] == [] and first["syncs"] == 0
    assert empty["state"] == SAY["tokenEmpty"] and empty["token"] is None
    assert wrong["state"] == msg.TOKEN_REFUSED and wrong["token"] is None
    assert right["state"] == SAY["tokenSaved"] and right["token"] == TOKEN
    assert scored["taskpaneShown"] == 0 and scored["dialogs"][0]["title"] == "SIC : Scorer"
    assert "cellules écrites" in scored["dialogs"][0]["prompt"] and scored["lost"] == 0
    assert signed_out["token"] is None and again["state"] == SAY["tokenMissing"] and again["taskpaneShown"] == 1


def test_a_formula_without_token_or_with_a_wrong_one_shows_french_not_json(origin, prospects):
    args = [[["Population", "Piscines"], [30689, 2], [12000, None]]]
    call = {"do": "call", "function": "SCORE", "args": args}
    missing, wrong, right = run_addin(origin, prospects, [call, {"do": "signIn", "token": "mauvais"}, call])["results"][0:3]
    assert missing["error"] == {"code": "#VALUE!", "message": SAY["tokenMissing"], "isFunctionError": True}
    assert missing["taskpaneShown"] == 1
    assert wrong["state"] == msg.TOKEN_REFUSED
    assert right["error"]["message"] == SAY["tokenMissing"]  # the wrong token was never kept
    done = run_addin(origin, prospects, [SIGN_IN, call])["results"][1]
    assert done["value"][0] == ["Score"] and isinstance(done["value"][1][0], int)


def test_a_token_changed_on_the_server_reopens_the_task_pane(origin, prospects, monkeypatch):
    """Signed in last month; since then the administrator replaced the token."""
    monkeypatch.setenv("SICXL_TOKEN", "jeton-du-mois")
    call = {"do": "call", "function": "VARIANCE", "args": [[[100, 120]]]}
    refused, click = run_addin(origin, prospects, [call, {"do": "click", "job": "score"}],
                               storage={"sicxl.token": TOKEN})["results"]
    assert refused["error"]["message"] == msg.TOKEN_REFUSED and refused["taskpaneShown"] == 1
    assert click["state"] == msg.TOKEN_REFUSED and click["taskpaneShown"] == 1 and click["dialogs"] == []


def test_server_down_and_server_failure_are_said_in_french(origin, prospects, monkeypatch):
    down = f"http://127.0.0.1:{free_port()}"
    steps = [SIGN_IN, {"do": "origin", "origin": down}, {"do": "click", "job": "score"},
             {"do": "call", "function": "SIGNAL", "args": [[[1], [2]]]}]
    _, _, click, call = run_addin(origin, prospects, steps)["results"]
    assert click["dialogs"] == [{"title": "SIC", "prompt": SAY["serverDown"]}] and click["completed"]
    assert call["error"]["message"] == SAY["serverDown"]

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disque plein")

    monkeypatch.setattr(xlwings.server, "custom_scripts_call", crash)
    failed = run_addin(origin, prospects, [SIGN_IN, {"do": "click", "job": "score"}])["results"][1]
    assert failed["dialogs"] == [{"title": "SIC", "prompt": msg.SERVER_ERROR}]


def test_a_whole_column_leaves_excel_cut_to_its_filled_rows(origin, prospects):
    header, *rows = next(s for s in prospects if s["name"] == "Prospects")["values"]
    block = [header[9:15]] + [r[9:15] for r in rows]
    steps = [SIGN_IN, {"do": "call", "function": "SCORE", "args": [block]},
             {"do": "call", "function": "SCORE", "args": [block], "wholeColumn": True}]
    _, short, whole = run_addin(origin, prospects, steps)["results"]
    assert whole["value"] == short["value"] and len(whole["value"]) == len(block)
    assert whole["requests"][0]["bytes"] == short["requests"][0]["bytes"] < 100_000


def test_error_cells_reach_the_function_as_errors(origin, prospects):
    rows = [["Population", "Piscines"], [error_cell("#N/A"), 2], [30689, 2]]
    call = run_addin(origin, prospects, [SIGN_IN, {"do": "call", "function": "SCORE", "args": [rows]}])["results"][1]
    assert call["value"][1][0].startswith("#VALEUR! Population :") and "#N/A" in call["value"][1][0]
    assert isinstance(call["value"][2][0], int)


def excel_value(value: Any) -> Any:
    """A cell of a workbook the command line wrote, as the stub holds it."""
    if isinstance(value, (dt.datetime, dt.date)):
        moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        return (moment - EXCEL_EPOCH).total_seconds() / 86400
    return "" if value is None else value


def written(writes: Writes) -> dict[tuple[str, int, int], Style | None]:
    """Every cell a job writes (1-based row, column), with its style."""
    cells: dict[tuple[str, int, int], Style | None] = {}
    for column in writes.columns:
        if column.header is not None and column.header_row is not None:
            cells[(column.sheet, column.header_row, column.col)] = None
        for index, row in enumerate(column.rows):
            cells[(column.sheet, row, column.col)] = column.style_at(index)
    for sheet in writes.sheets:
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cells[(sheet.name, r, c)] = sheet.styles.get((r, c))
        for (r, c), style in sheet.styles.items():
            cells[(sheet.name, r, c)] = style
    return cells


def differences(stub_book: list[dict], cli_file: Path, writes: Writes) -> list[str]:
    """Where the workbook the add-in wrote in Excel differs from the command line's file."""
    stub = {s["name"]: s["cells"] for s in stub_book}
    cli = openpyxl.load_workbook(cli_file)
    found = []
    for (sheet, row, col), style in written(writes).items():
        cell = stub[sheet].get(f"{row - 1},{col - 1}", {"value": "", "numberFormat": "General", "fill": None,
                                                         "fontColor": None, "bold": False, "wrap": False})
        expected = excel_value(cli[sheet].cell(row, col).value)
        if cell["value"] != expected and not (isinstance(expected, float) and cell["value"] == pytest.approx(expected)):
            found.append(f"{sheet}!R{row}C{col}: {cell['value']!r} in Excel, {expected!r} from the command line")
        if style is not None:
            wanted = {"numberFormat": style.number_format or cell["numberFormat"], "fill": f"#{style.fill}" if style.fill else cell["fill"],
                      "fontColor": f"#{style.font_color}" if style.font_color else cell["fontColor"],
                      "bold": style.bold or cell["bold"], "wrap": style.wrap or cell["wrap"]}
            found += [f"{sheet}!R{row}C{col} {k}: {cell[k]!r} instead of {v!r}" for k, v in wanted.items() if cell[k] != v]
    return found


@pytest.mark.parametrize("job, workbook", [
    ("dashboard", "exemple_tableau_de_bord.xlsx"), ("score", "exemple_prospects.xlsx"),
    ("fill", "exemple_prospects.xlsx"), ("survey", "exemple_enquete_satisfaction.xlsx"),
    ("invite", "exemple_evenements.xlsx"),
])
def test_ribbon_writes_what_the_command_line_writes_in_a_few_round_trips(origin, tmp_path, job, workbook):
    source = tmp_path / workbook
    shutil.copy(WORKBOOKS / workbook, source)
    click = run_addin(origin, office_sheets(source), [SIGN_IN, {"do": "click", "job": job}])
    result = click["results"][1]
    assert result["dialogs"] and result["lost"] == 0
    assert result["syncs"] < 20, f"{result['syncs']} round trips to Excel"
    cli = run_job(load_jobs()[job], source, out=tmp_path / "cli.xlsx")
    assert differences(click["book"], tmp_path / "cli.xlsx", cli.result.writes) == []
