"""Job `funnel`: the sample campaign's figures and rates, per salesperson and overall."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sicxl.campaigns.funnel import funnel_table
from sicxl.jobs.base import Context
from sicxl.jobs.campaigns import funnel as funnel_job
from sicxl.messages import campaigns as msg
from sicxl.samples.campaigns import CAMPAIGN, HEALTH_CAMPAIGN, SAMPLE_TODAY
from sicxl.workbook import open_workbook

from tests.campaigns.conftest import source

STEP_ROWS = [msg.STEP_LABELS[k] for k in ("contacted", "useful", "appointments", "proposals", "signed", "revenue")]


def _sections(sheet) -> dict[str, dict[str, list]]:
    """{campaign title: {row label: values from column B}} of the Entonnoir sheet."""
    sections: dict[str, dict[str, list]] = {}
    current: dict[str, list] = {}
    for row in sheet.rows:
        if len(row) == 1:
            current = sections.setdefault(row[0], {})
        elif row:
            current[row[0]] = list(row[1:])
    return sections


def _run(path: Path, **options) -> tuple:
    with open_workbook(path) as workbook:
        result = funnel_job(workbook, Context(today=SAMPLE_TODAY, options=options))
    return result, _sections(result.writes.sheets[0])


def _campaign(sections: dict, name: str) -> dict[str, list]:
    return next(v for k, v in sections.items() if k.startswith(f"Campagne : {name} —"))


def test_sample_campaign_reproduces_the_issue_figures(sample_prospects_master):
    result, sections = _run(sample_prospects_master)
    figures = _campaign(sections, CAMPAIGN)
    assert [figures[label][0] for label in STEP_ROWS] == [114, 85, 30, 20, 12, 500]
    rates = {label: values[0] for label, values in figures.items() if label in msg.RATE_LABELS.values()}
    assert round(rates["Contacts utiles / contactés"], 3) == 0.746
    assert round(rates["RDV / contacts utiles"], 3) == 0.353
    assert rates["Contrats / RDV"] == pytest.approx(0.4)
    assert round(rates["Global : contrats / contactés"], 3) == 0.105
    assert result.report.problems == []


def test_salespeople_add_up_to_the_whole(sample_prospects_master):
    _, sections = _run(sample_prospects_master)
    for figures in sections.values():
        header = figures[msg.STEP_LABELS["contacted"]]
        for label in STEP_ROWS:
            overall, *owners = figures[label]
            assert sum(owners) == pytest.approx(overall), label
        assert len(header) >= 2


def test_one_section_per_campaign_then_all(sample_prospects_master):
    result, sections = _run(sample_prospects_master)
    titles = list(sections)
    assert titles[0].startswith(f"Campagne : {HEALTH_CAMPAIGN}")
    assert titles[1].startswith(f"Campagne : {CAMPAIGN}")
    assert titles[2].startswith(f"Campagne : {msg.ALL_CAMPAIGNS}")
    charts = result.writes.sheets[0].charts
    assert [c.kind for c in charts] == ["funnel"] * 3  # first step on top
    first = charts[1]
    labels = [result.writes.sheets[0].rows[r - 1][0] for r in range(first.categories[1], first.categories[2] + 1)]
    assert labels == STEP_ROWS[:5]
    assert first.series[0][1] == 2


def test_campaign_option_and_period(sample_prospects_master):
    _, by_name = _run(sample_prospects_master, campaign=CAMPAIGN.upper())
    assert len(by_name) == 1
    assert next(iter(by_name.values()))[msg.STEP_LABELS["contacted"]][0] == 114
    _, by_period = _run(sample_prospects_master, **{"from": "01/09/2026", "to": dt.date(2026, 11, 2)})
    assert [v[msg.STEP_LABELS["signed"]][0] for v in by_period.values()] == [12]


def test_bad_option_is_reported(sample_prospects_master):
    result, _ = _run(sample_prospects_master, **{"from": "la rentrée"})
    assert result.report.problems == ["option --from : « la rentrée » ignorée (« la rentrée » n'est pas une date)"]


def test_step_definitions(ctx):
    calls = [
        {"date": dt.date(2025, 3, 3), "prospect_id": "P0001", "result": "Barrage"},
        {"date": dt.date(2025, 3, 4), "prospect_id": "P0002", "result": "Refus"},
        {"date": dt.date(2025, 3, 4), "prospect_id": "P0003", "result": "Informations obtenues"},
        {"date": dt.date(2025, 3, 5), "prospect_id": "P0004", "result": "RDV obtenu"},
        {"date": dt.date(2025, 3, 6), "prospect_id": "P0005", "result": "RDV obtenu"},
    ]
    deals = [
        # Signed before the campaign called it: not the campaign's doing.
        {"deal_id": "A1", "prospect_id": "P0003", "stage": "Signée", "amount": 40, "date": dt.date(2024, 6, 1),
         "contract": "C-1"},
        {"deal_id": "A2", "prospect_id": "P0004", "stage": "Signée", "amount": "35,5", "date": dt.date(2025, 3, 10),
         "contract": "C-2", "service": "P1"},
        {"deal_id": "A3", "prospect_id": "P0005", "stage": "Perdue", "amount": 20, "date": dt.date(2025, 3, 12)},
    ]
    result = funnel_job(source(calls, deals), ctx)
    figures = next(iter(_sections(result.writes.sheets[0]).values()))
    assert [figures[label][0] for label in STEP_ROWS] == [5, 4, 2, 2, 1, 35.5]
    assert figures["Contrats / propositions"][0] == 0.5


def test_funnel_table_on_plain_values():
    rows = funnel_table(
        ["P1", "P1", "P2", "P3", "P4"],
        ["Barrage", "RDV obtenu", "Refus", "Injoignable", "rdv OBTENU"],
        ["P1", "P4", "P4"],
        ["Signée", "signée", "Proposition"],
        [120, "80", "douze"],
    )
    table = dict((r[0], r[1]) for r in rows[1:])
    assert rows[0] == ["Étape", "Nombre"]
    assert [table[label] for label in STEP_ROWS] == [4, 3, 2, 2, 2, 200.0]
    assert table["Global : contrats / contactés"] == 0.5
    assert funnel_table([], [])[1] == [msg.STEP_LABELS["contacted"], 0]


from hypothesis import given, settings, strategies as st  # noqa: E402

from sicxl.campaigns.funnel import funnel_by_owner, funnel_of, prospect_steps  # noqa: E402
from sicxl.schema.campaigns import DEAL_STAGES, RESULTS  # noqa: E402
import pandas as pd  # noqa: E402

_call = st.tuples(st.sampled_from(["P1", "P2", "P3", "P4", "P5", "P6"]), st.sampled_from(RESULTS),
                  st.integers(0, 30))
_deal = st.tuples(st.sampled_from(["P1", "P2", "P3", "P4", "P5", "P6"]), st.sampled_from(DEAL_STAGES),
                  st.integers(0, 90), st.integers(0, 40))


@settings(max_examples=60, deadline=None)
@given(st.lists(_call, min_size=1, max_size=25), st.lists(_deal, max_size=10))
def test_split_per_salesperson_always_adds_up(calls, deals):
    start = dt.date(2025, 1, 1)
    call_frame = pd.DataFrame([{"prospect_id": p, "result": r, "date": start + dt.timedelta(days=d)}
                               for p, r, d in calls], dtype=object)
    deal_frame = pd.DataFrame([{"prospect_id": p, "stage": s, "amount": a, "date": start + dt.timedelta(days=d)}
                               for p, s, a, d in deals], columns=["prospect_id", "stage", "amount", "date"],
                              dtype=object)
    steps = prospect_steps(call_frame, deal_frame)
    owners = {"P1": "Claire Morel", "P2": "Claire Morel", "P3": "Julien Caron", "P4": "Julien Caron"}
    overall, parts = funnel_of(steps), funnel_by_owner(steps, owners).values()
    for step in ("contacted", "useful", "appointments", "proposals", "signed", "revenue"):
        assert sum(getattr(p, step) for p in parts) == pytest.approx(getattr(overall, step))
    assert overall.contacted >= overall.useful >= overall.appointments
