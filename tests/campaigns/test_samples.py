"""The campaign sheets of the template and of the sample."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from sicxl.jobs.base import Context
from sicxl.jobs.campaigns import calls as calls_job
from sicxl.jobs.campaigns import funnel as funnel_job
from sicxl.reference.communes import communes
from sicxl.samples.campaigns import CAMPAIGN, SAMPLE_TODAY, add_campaign_sheets
from sicxl.schema.campaigns import CALLS, DEALS, RESULTS, TENDERS, VISIT_REPORTS
from sicxl.schema.prospects import PROSPECTS
from sicxl.workbook import open_workbook

OWNERS = ("Claire Morel", "Antoine Lefèvre", "Julien Caron")


def _prospects(count: int) -> list[tuple[str, str, str]]:
    """(ID, salesperson, name) of real communes of Yvelines, as the lead's sample gives them."""
    names = sorted(c.name for c in communes().by_insee.values() if c.department == "78")[:count]
    return [(f"P{i:04d}", OWNERS[i % 3], f"Mairie de {name}") for i, name in enumerate(names, start=1)]


def _workbook_with_prospects(prospects: list[tuple[str, str, str]]) -> Workbook:
    workbook = Workbook()
    ws = workbook.active
    ws.title = PROSPECTS.name
    ws.append([PROSPECTS.header(k) for k in ("id", "owner", "name")])
    for row in prospects:
        ws.append(list(row))
    return workbook


def test_template_has_headers_lists_tables_and_frozen_header(tmp_path):
    workbook = _workbook_with_prospects([])
    add_campaign_sheets(workbook, sample=False)
    path = tmp_path / "modele.xlsx"
    workbook.save(path)
    saved = load_workbook(path)
    for schema in (CALLS, VISIT_REPORTS, DEALS, TENDERS):
        ws = saved[schema.name]
        assert [c.value for c in ws[1]] == [c.header for c in schema.columns]
        assert ws.freeze_panes == "A2"
        assert list(ws.tables) == [schema.table]
        assert ws.max_row <= 2
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in saved[CALLS.name].data_validations.dataValidation}
    assert lists["E2"] == '"' + ",".join(RESULTS) + '"'
    assert lists["B2"] == "'Prospects'!$A$2:$A$502"
    assert saved[CALLS.name]["F1"].comment is not None  # Température: says what the calls job updates


def test_sample_from_a_plain_prospect_list(tmp_path):
    prospects = _prospects(130)
    workbook = _workbook_with_prospects(prospects)
    add_campaign_sheets(workbook, prospects, sample=True)
    path = tmp_path / "prospects.xlsx"
    workbook.save(path)
    with open_workbook(path) as source:
        result = funnel_job(source, Context(today=SAMPLE_TODAY, options={"campaign": CAMPAIGN}))
        calls = calls_job(source, Context(today=SAMPLE_TODAY))
    rows = {r[0]: r[1] for r in result.writes.sheets[0].rows if len(r) > 1}
    assert [rows[k] for k in list(rows)[1:7]] == [114, 85, 30, 20, 12, 500]
    # the one planted flaw of the deals (issue 17: a signed deal whose amount was not typed)
    assert result.report.anomalies == {"Affaire signée sans montant": 1}
    assert not calls.report.anomalies


def test_sample_is_deterministic():
    first, second = Workbook(), Workbook()
    add_campaign_sheets(first, _prospects(120))
    add_campaign_sheets(second, _prospects(120))
    values = [[list(r) for r in wb[CALLS.name].iter_rows(values_only=True)] for wb in (first, second)]
    assert values[0] == values[1]


def test_sample_needs_114_communes():
    with pytest.raises(ValueError, match="114"):
        add_campaign_sheets(Workbook(), _prospects(100))
