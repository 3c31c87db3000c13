"""Job `calls`: Température and Dernier contact follow the latest call, only when newer."""

from __future__ import annotations

import datetime as dt

from sicxl.campaigns.calls import latest_heat
from sicxl.jobs.campaigns import calls as calls_job
from sicxl.schema.prospects import PROSPECTS

from tests.campaigns.conftest import context, source


def _writes(result) -> dict[str, dict[int, object]]:
    """{key: {row: value}} of the Prospects columns written; columns by header position."""
    headers = ["id", "name", "segment", "decision_maker", "phone", "owner", "last_contact", "heat"]
    return {headers[w.col - 1]: dict(zip(w.rows, w.values)) for w in result.writes.columns}


def test_latest_call_wins_only_when_newer(ctx):
    calls = [
        # P0001 has Dernier contact 10/03/2025 (typed as text): an older call changes nothing.
        {"date": dt.date(2025, 3, 5), "prospect_id": "P0001", "result": "RDV obtenu", "heat": "Chaud"},
        # P0002 has none: its latest call gives date and temperature.
        {"date": dt.date(2025, 3, 2), "prospect_id": "P0002", "result": "Barrage", "heat": "Froid"},
        {"date": dt.date(2025, 3, 12), "prospect_id": "P0002", "result": "Informations obtenues", "heat": "Tiède"},
        # P0003 (01/03, Froid): the latest call states no temperature, an earlier newer one does.
        {"date": dt.date(2025, 3, 4), "prospect_id": "P0003", "result": "RDV obtenu", "heat": "Chaud"},
        {"date": dt.date(2025, 3, 7), "prospect_id": "P0003", "result": "Injoignable"},
        # P0004 (06/03): a call the same day is not newer.
        {"date": dt.date(2025, 3, 6), "prospect_id": "P0004", "result": "Refus", "heat": "Chaud"},
    ]
    result = calls_job(source(calls), ctx)
    written = _writes(result)
    assert written["last_contact"] == {3: dt.date(2025, 3, 12), 4: dt.date(2025, 3, 7)}
    assert written["heat"] == {3: "Tiède", 4: "Chaud"}
    assert result.report.counts["last_contact"] == 2
    assert all(w.sheet == PROSPECTS.name and w.header is None for w in result.writes.columns)


def test_same_temperature_is_not_rewritten(ctx):
    calls = [{"date": dt.date(2025, 3, 11), "prospect_id": "P0001", "result": "Informations obtenues",
              "heat": "Tiède"}]
    written = _writes(calls_job(source(calls), ctx))
    assert written == {"last_contact": {2: dt.date(2025, 3, 11)}}


def test_same_day_calls_lower_row_wins(ctx):
    calls = [
        {"date": dt.date(2025, 3, 12), "prospect_id": "P0002", "result": "Barrage", "heat": "Froid"},
        {"date": dt.date(2025, 3, 12), "prospect_id": "P0002", "result": "RDV obtenu", "heat": "Chaud"},
    ]
    assert _writes(calls_job(source(calls), ctx))["heat"] == {3: "Chaud"}


def test_future_call_is_reported_and_ignored(ctx):
    calls = [{"date": "20/03/2025", "prospect_id": "P0002", "result": "RDV obtenu", "heat": "Chaud"}]
    result = calls_job(source(calls), ctx)
    assert not result.writes
    assert "Appels — Date : le 20/03/2025 est dans le futur (nous sommes le 14/03/2025) (A2)" in result.report.lines
    assert result.report.anomalies["Date dans le futur"] == 1


def test_unknown_prospect_is_reported(ctx):
    calls = [{"date": dt.date(2025, 3, 3), "prospect_id": "P0999", "result": "Refus"}]
    result = calls_job(source(calls), ctx)
    assert not result.writes
    assert result.report.lines[-1] == "Appels — ID prospect : « P0999 » n'existe pas dans la feuille Prospects (B2)"


def test_result_outside_the_list_is_reported_but_the_call_counts(ctx):
    calls = [{"date": dt.date(2025, 3, 3), "prospect_id": "P0005", "result": "Rappeler", "heat": "Tiède"}]
    result = calls_job(source(calls), ctx)
    assert _writes(result) == {"last_contact": {6: dt.date(2025, 3, 3)}, "heat": {6: "Tiède"}}
    assert any("Résultat : « Rappeler » n'est pas dans la liste" in line and line.endswith("(E2)")
               for line in result.report.lines)


def test_french_text_dates_are_read_and_nonsense_reported(ctx):
    calls = [
        {"date": "4 mars 2025", "prospect_id": "P0002", "result": "Informations obtenues", "heat": "Froid"},
        {"date": "04/03/2025", "prospect_id": "P0005", "result": "Barrage"},
        {"date": "hier", "prospect_id": "P0003", "result": "Refus", "heat": "Chaud"},
    ]
    result = calls_job(source(calls), ctx)
    assert _writes(result)["last_contact"] == {3: dt.date(2025, 3, 4), 6: dt.date(2025, 3, 4)}
    assert "Appels — Date : « hier » n'est pas une date (A4)" in result.report.lines


def test_unreadable_last_contact_is_left_alone(ctx):
    prospects = [{"id": "P0001", "name": "Mairie de Rambouillet", "owner": "Claire Morel",
                  "last_contact": "début mars", "heat": "Froid"}]
    calls = [{"date": dt.date(2025, 3, 12), "prospect_id": "P0001", "result": "RDV obtenu", "heat": "Chaud"}]
    result = calls_job(source(calls, prospects=prospects), ctx)
    assert not result.writes
    assert "Prospects — Dernier contact : illisible, laissé tel quel (G2)" in result.report.lines


def test_missing_call_sheet_is_a_sheet_level_problem():
    from sicxl.jobs.base import MemorySource

    only_prospects = MemorySource.from_rows({"Prospects": [["ID", "Raison sociale"], ["P1", "Mairie de Maule"]]})
    result = calls_job(only_prospects, context())
    assert not result.writes
    assert result.report.problems == ["la feuille « Appels » est introuvable (ni par son nom ni par ses en-têtes)"]


def test_latest_heat_on_plain_values():
    heats = latest_heat(
        ["P1", "P2", "P3"],
        ["P1", "P1", "P2", "P2"],
        ["01/03/2025", "4 mars 2025", 45717, "n'importe quoi"],  # 45717 = Excel serial of 2025-03-01
        ["Froid", "chaud", "Tiède", "Froid"],
    )
    assert heats == ["Chaud", "Tiède", None]
