"""The Office.js add-in's endpoints, fed what Excel sends (no Excel needed)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
import random
import re

import pytest
import xlwings.server
from fastapi.testclient import TestClient

from addin.book_writer import TEXT_MARK
from addin.scripts import RIBBON_JOBS
from addin.server import STATIC, app
from sicxl.formulas import prospects as formulas
from sicxl.jobs import load_jobs
from sicxl.jobs.base import Context, MemorySource
from sicxl.samples.prospects import commune_rows
from sicxl.schema.prospects import PROSPECTS
from sicxl.messages import addin as addin_msg
from tests.addin.payloads import HEADERS, TOKEN, book_call, function_call

KEYS = [c.key for c in PROSPECTS.user_columns]
HEADER = [PROSPECTS.header(k) for k in KEYS]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


@pytest.fixture(scope="module")
def table() -> list[list]:
    """The shared test table: realistic communes of Yvelines / Val-d'Oise, one bad population."""
    rows = [[r.get(k) for k in KEYS] for r in commune_rows(random.Random(7), 30)]
    rows[4][KEYS.index("population")] = "douze"
    return [HEADER] + rows


def cli_column(table: list[list], job: str, header: str) -> list:
    result = load_jobs()[job].run(MemorySource.from_rows({"Prospects": table}), Context(today=dt.date(2026, 11, 2)))
    return next(c for c in result.writes.columns if c.header == header).values


def result_of(response) -> list[list]:
    assert response.status_code == 200, response.text
    return response.json()["result"]


def test_score_through_office_js_matches_the_command_line(client, table):
    cells = result_of(client.post("/xlwings/custom-functions-call", json=function_call("score", table), headers=HEADERS))
    cli = cli_column(table, "score", "Score")
    assert cells[0] == ["Score"]
    for row, (cell, expected) in enumerate(zip(cells[1:], cli), start=2):
        if row == 6:  # the unreadable population: a message in its own cell, not a number
            assert cell[0].startswith("#VALEUR! Population : « douze » n'est pas un nombre")
        else:
            assert cell == [expected]


def test_category_and_potential_match_the_command_line(client, table):
    good = [table[0]] + table[1:5] + table[6:]  # without the bad row: every value comparable
    categories = result_of(client.post("/xlwings/custom-functions-call", json=function_call("category", good),
                                       headers=HEADERS))
    potentials = result_of(client.post("/xlwings/custom-functions-call", json=function_call("potential", good),
                                       headers=HEADERS))
    assert [c[0] for c in categories[1:]] == cli_column(good, "score", "Catégorie")
    assert [p[0] for p in potentials[1:]] == pytest.approx(cli_column(good, "score", "Potentiel CA (k€)"))


def test_validate_gives_the_anomalies_text_of_the_validate_job(client, table):
    cells = result_of(client.post("/xlwings/custom-functions-call", json=function_call("validate", table),
                                  headers=HEADERS))
    cli = [v or "" for v in cli_column(table, "validate", "Anomalies")]
    assert [c[0] for c in cells[1:]] == cli
    assert "« douze »" in cells[5][0]


def test_headerless_rows_are_read_in_the_documented_order(client):
    inputs = formulas.SCORE_INPUTS  # population, pools, ice rinks, gyms, other venues, energy provider...
    rows = [[30689, 2, 0, 5, 13, "En régie"], [None] * 6, [1200, 0, 0, 1, 2, "Groupe"]]
    headed = [[PROSPECTS.header(k) for k in inputs[:6]]] + rows
    plain = result_of(client.post("/xlwings/custom-functions-call", json=function_call("score", rows), headers=HEADERS))
    with_headers = result_of(client.post("/xlwings/custom-functions-call", json=function_call("score", headed),
                                         headers=HEADERS))
    assert plain == with_headers[1:]
    assert plain[1] == [""]  # an empty row gives an empty cell
    assert isinstance(plain[0][0], int) and 0 <= plain[0][0] <= 100


def test_french_payload_dates_as_serials_and_error_cells(client):
    """A last-contact date arrives as a serial (46000 = 9 December 2025); an error cell as an Excel error."""
    header = [PROSPECTS.header(k) for k in ("id", "name", "population", "last_contact", "phone")]
    future = (dt.date(2030, 1, 2) - dt.date(1899, 12, 30)).days
    rows = [header, ["P1", "Mairie de Trappes", 32000, 46000, "01 30 69 17 00"],
            ["P2", "Mairie de Plaisir", {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"},
             future, "01 30 79 63 00"]]
    cells = result_of(client.post("/xlwings/custom-functions-call", json=function_call("validate", rows),
                                  headers=HEADERS))
    assert cells[1] == [""]
    assert "#N/A" in cells[2][0] and "02/01/2030" in cells[2][0]


def test_dashboard_functions_through_office_js(client):
    rows = [["Objectif", "Réalisé", "Réalisé N-1"], [100, 120, 80], [None, None, None], [0, 5, 5],
            [None, None, None], [None, None, None]]
    variance = result_of(client.post("/xlwings/custom-functions-call", json=function_call("variance", rows),
                                     headers=HEADERS))
    growth = result_of(client.post("/xlwings/custom-functions-call",
                                   json=function_call("rate", rows, [["évolution"]]), headers=HEADERS))
    # an empty row inside the range keeps its empty cell; the empty rows after the last one are dropped
    assert variance == [["Écart"], [20.0], [""], [5.0]]
    assert growth == [["Évolution %"], [0.5], [""], [0.0]]


def test_a_whole_column_answers_down_to_its_last_filled_row(client, table):
    column = table + [[None] * len(table[0]) for _ in range(20_000)]
    whole = result_of(client.post("/xlwings/custom-functions-call", json=function_call("score", column),
                                  headers=HEADERS))
    assert whole == result_of(client.post("/xlwings/custom-functions-call", json=function_call("score", table),
                                          headers=HEADERS))
    empty = result_of(client.post("/xlwings/custom-functions-call",
                                  json=function_call("score", [[None] * 6 for _ in range(50)]), headers=HEADERS))
    assert empty == [[""]]


@pytest.mark.parametrize("authorization", ["mauvais", None, "", f" {TOKEN}x"])
def test_wrong_or_missing_token_is_refused_in_french(client, table, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    for response in (client.post("/xlwings/custom-functions-call", json=function_call("score", table), headers=headers),
                     client.post("/xlwings/custom-scripts-call/run_score", json=book_call({"Prospects": table}),
                                 headers=headers),
                     client.get("/token", headers=headers)):
        assert response.status_code == 401
        assert response.json() == {"detail": addin_msg.TOKEN_REFUSED}


def test_tokens_rotate_the_new_one_and_the_old_one_work_during_the_change(client, monkeypatch):
    monkeypatch.setenv("SICXL_TOKEN", "nouveau-jeton, ancien-jeton")
    assert client.get("/token", headers={"Authorization": "nouveau-jeton"}).status_code == 204
    assert client.get("/token", headers={"Authorization": "ancien-jeton"}).status_code == 204
    monkeypatch.setenv("SICXL_TOKEN", "nouveau-jeton")
    assert client.get("/token", headers={"Authorization": "ancien-jeton"}).status_code == 401


def test_a_server_without_token_says_so_in_french(client, monkeypatch):
    monkeypatch.delenv("SICXL_TOKEN")
    response = client.get("/token", headers=HEADERS)
    assert response.status_code == 503 and response.json() == {"detail": addin_msg.SERVER_WITHOUT_TOKEN}


def test_failures_answer_one_french_sentence_never_a_traceback(client, table, monkeypatch):
    unknown = client.post("/xlwings/custom-scripts-call/format_c", json=book_call({"Prospects": table}),
                          headers=HEADERS)
    assert unknown.status_code == 404 and unknown.json() == {"detail": addin_msg.UNKNOWN_SCRIPT.format(name="format_c")}
    nowhere = client.get("/xlwings/nulle-part")
    assert nowhere.status_code == 404 and nowhere.json() == {"detail": addin_msg.NOT_FOUND}
    malformed = client.post("/xlwings/custom-functions-call", content=b"{pas du json", headers=HEADERS)
    assert malformed.status_code == 422 and malformed.json() == {"detail": addin_msg.BAD_REQUEST}

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(xlwings.server, "custom_scripts_call", crash)
    failed = TestClient(app, raise_server_exceptions=False).post(
        "/xlwings/custom-scripts-call/run_score", json=book_call({"Prospects": table}), headers=HEADERS)
    assert failed.status_code == 500 and failed.json() == {"detail": addin_msg.SERVER_ERROR}
    assert "disk full" not in failed.text


def test_meta_lists_every_function_with_its_french_description_and_parameters(client):
    meta = client.get("/xlwings/custom-functions-meta").json()
    by_id = {f["id"]: f for f in meta["functions"]}
    expected = {"SCORE", "CATEGORY", "POTENTIAL", "VALIDATE", "VARIANCE", "RATE", "BREAKEVEN", "SIGNAL",
                "SAMPLE_SIZE", "TOP2BOX", "ADDRESS", "INVITABLE", "HEAT", "FUNNEL"}
    assert set(by_id) == expected
    assert by_id["SCORE"]["description"].startswith("Score 0-100")
    assert [p["name"] for p in by_id["SCORE"]["parameters"]] == ["lignes", "paramètres"]
    assert [p["name"] for p in by_id["RATE"]["parameters"]] == ["lignes", "taux"]
    assert [p["name"] for p in by_id["TOP2BOX"]["parameters"]] == ["réponses", "échelle"]
    assert by_id["SCORE"]["parameters"][1]["optional"] is True
    english = {"rows", "parameters", "kind", "today", "values", "answers", "scale", "calls", "deals", "margin",
               "confidence", "expected", "prospect_ids"}
    for function in meta["functions"]:
        assert function["description"] and all(p["description"] for p in function["parameters"])
        assert not english & {p["name"] for p in function["parameters"]}, function["id"]


def test_functions_code_associates_every_function(client):
    js = client.get("/xlwings/custom-functions-code").text
    for name in ("SCORE", "VALIDATE", "FUNNEL"):
        assert f'CustomFunctions.associate("{name}"' in js
    assert "placeholder" not in js


def test_score_button_writes_the_score_columns_and_says_so(client, table):
    response = client.post("/xlwings/custom-scripts-call/run_score", json=book_call({"Prospects": table}),
                           headers=HEADERS)
    assert response.status_code == 200, response.text
    actions = response.json()["actions"]
    values = [a for a in actions if a["func"] == "setValues"]
    # text goes behind Excel's text mark, so that Excel keeps it as written (book_writer.cell_value)
    headers = {a["values"][0][0].removeprefix(TEXT_MARK): a for a in values
               if len(a["values"]) == 1 and isinstance(a["values"][0][0], str)}
    assert {"Potentiel CA (k€)", "Score", "Catégorie", "Facteurs"} <= set(headers)
    score_col = headers["Score"]["start_column"]
    scores = next(a for a in values if a["start_column"] == score_col and a["start_row"] == 1)
    assert [r[0] for r in scores["values"]] == cli_column(table, "score", "Score")
    alert = next(a for a in actions if a["func"] == "alert")
    assert "Scorer" in alert["args"][1] and "cellules écrites" in alert["args"][0]
    assert any(a["func"] == "setRangeColor" for a in actions)


def test_manifest_declares_the_sic_tab_its_groups_and_the_functions_namespace(client):
    from lxml import etree

    xml = client.get("/manifest.xml").content
    root = etree.fromstring(xml)
    text = xml.decode()
    labels = {e.get("id"): e.get("DefaultValue") for e in root.iter("{*}String")}
    assert labels["Functions.Namespace"] == "SIC" and labels["SicTab.Label"] == "SIC"
    assert [labels[f"Group.{g}"] for g in ("prospects", "dashboard", "survey", "events")] == [
        "Prospects", "Tableau de bord", "Enquête", "Événements"]
    prospects = next(g for g in root.iter("{*}Group") if g.get("id") == "sic.group.prospects")
    buttons = [labels[c.find("{*}Label").get("resid")] for c in prospects.iter("{*}Control")]
    assert buttons == ["Compléter", "Valider", "Dédoublonner", "Scorer", "Qualifier"]
    assert "https://localhost:8000" not in text and "http://testserver/taskpane.html" in text


def test_taskpane_carries_the_ribbon_scripts_and_every_sentence_in_french(client):
    page = client.get("/taskpane.html").text
    settings = json.loads(re.search(r"const SIC_SETTINGS = (.*);\n", page).group(1))
    assert settings["scripts"]["qualify"] == "run_qualify" and settings["scripts"]["invite"] == "run_invite"
    assert settings["messages"]["serverDown"].startswith("Le serveur SIC ne répond pas")
    assert addin_msg.PAGE["save"] in page and "PLACEHOLDER" not in page and "{{" not in page
    assert "http://testserver/static/sic.js" in page


def test_every_ribbon_job_has_its_script(client):
    meta = client.get("/xlwings/custom-scripts-meta", headers=HEADERS).json()
    names = {m["function_name"]: m["name"] for m in meta}
    assert set(names) == {f"run_{job}" for job in RIBBON_JOBS}
    assert names["run_score"] == "Scorer" and names["run_dashboard"] == "Tableau de bord"


def test_a_job_that_crashes_says_so_in_french_without_the_technical_detail(client, table, monkeypatch):
    job = load_jobs()["score"]

    def crash(source, ctx):
        raise KeyError("colonne_interne")

    monkeypatch.setitem(load_jobs(), "score", replace(job, run=crash))
    response = client.post("/xlwings/custom-scripts-call/run_score", json=book_call({"Prospects": table}),
                           headers=HEADERS)
    alert = next(a for a in response.json()["actions"] if a["func"] == "alert")
    assert alert["args"][0] == addin_msg.JOB_CRASHED and "colonne_interne" not in response.text


def test_the_javascript_says_only_sentences_the_server_hands_over_and_uses_them_all():
    js = "".join((STATIC / name).read_text(encoding="utf-8") for name in ("sic.js", "custom-functions.js"))
    asked = set(re.findall(r'sicMessage\("(\w+)"\)', js)) | set(re.findall(r'\? "(\w+)" : "(\w+)"', js)[0])
    assert asked == set(addin_msg.BROWSER_MESSAGES)
    assert not re.search(r'(Error|Say|sicSay)\("[^"]*[a-zA-Z]{3}', js)  # no sentence typed in the scripts
