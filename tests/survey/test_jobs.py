"""`sample` then `survey` end to end on the sample workbook, read from the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sicxl.jobs.base import JOBS, Context, JobResult, MemorySource
from sicxl.jobs.survey import sample_job, survey_job
from sicxl.messages import survey as msg
from sicxl.schema.survey import MARKETS, PERCENT, SAMPLE
from sicxl.workbook import open_workbook
from tests.survey.conftest import TODAY, drawn_rows, find_row, rows_of, with_sheets


@pytest.fixture(scope="module")
def workbook(survey_workbook: Path) -> MemorySource:
    with open_workbook(survey_workbook) as book:
        names = book.sheet_names()
        return MemorySource({n: book.grid(n) for n in names}, {n: book.excel_tables(n) for n in names},
                            survey_workbook)


@pytest.fixture(scope="module")
def drawn(workbook: MemorySource) -> JobResult:
    return sample_job(workbook, Context(today=TODAY))


@pytest.fixture(scope="module")
def analysed(workbook: MemorySource, drawn: JobResult) -> JobResult:
    return survey_job(with_sheets(workbook, drawn), Context(today=TODAY))


def sample_ids(result: JobResult) -> list[str]:
    return [r[0] for r in drawn_rows(result)]


def test_jobs_are_registered_for_the_cli() -> None:
    assert JOBS["sample"].run is sample_job and JOBS["survey"].run is survey_job


def test_sample_draws_110_clients_none_interviewed_last_year(workbook: MemorySource, drawn: JobResult) -> None:
    clients = workbook.grid("Clients").values
    last_year = {r[0] for r in clients[1:] if r[3] == "oui"}
    ids = sample_ids(drawn)
    assert len(ids) == len(set(ids)) == 110
    assert not set(ids) & last_year
    assert drawn.report.counts["sample"] == 110 and drawn.report.counts["pilot"] == 6


def test_sample_sheet_says_how_it_was_drawn(workbook: MemorySource, drawn: JobResult) -> None:
    clients = workbook.grid("Clients").values[1:]
    sheet = next(s for s in drawn.writes.sheets if s.name == "Échantillon")
    rows = rows_of(drawn, "Échantillon")
    at = len(SAMPLE.columns) + 1  # the block starts one column after the table
    block = {r[at]: r[at + 1] for r in rows if len(r) > at + 1 and r[at]}
    assert block[msg.SAMPLE_POPULATION] == 599  # one customer's market is unreadable
    assert block[msg.SAMPLE_EXCLUDED] == sum(1 for r in clients if r[3] == "oui" and r[2] in MARKETS)
    assert block[msg.SAMPLE_SIZE] == 110 and block[msg.SAMPLE_SEED] == 2026
    assert block[msg.SAMPLE_METHOD] == "proportionnelle"
    assert block[msg.SAMPLE_DATE] == dt.date(2026, 4, 27)  # the day it was drawn, kept since
    strata = {r[at]: r[at:at + 8] for r in rows if len(r) > at + 1 and r[at] in MARKETS}
    assert sum(s[5] for s in strata.values()) == 110
    assert sum(s[6] for s in strata.values()) == 6
    pilots = [r for r in rows[1:] if r[3] == "oui"]
    assert len(pilots) == 6
    assert sheet.freeze == "A2"
    margin_cell = next((i + 1, at + 2) for i, r in enumerate(rows) if len(r) > at and r[at] == msg.SAMPLE_MARGIN)
    assert sheet.styles[margin_cell].number_format == PERCENT
    assert "PCG64" not in str(rows) and "numpy" not in str(rows).lower()


def test_sample_is_reproducible(workbook: MemorySource, drawn: JobResult) -> None:
    assert sample_ids(sample_job(workbook, Context(today=TODAY))) == sample_ids(drawn)


def test_sample_workbook_answers_come_from_the_drawn_sample(workbook: MemorySource, drawn: JobResult) -> None:
    answered = {r[0] for r in workbook.grid("Réponses").values[1:] if r[0]}
    outside = answered - set(sample_ids(drawn))
    assert len(outside) == 1  # the planted "not in the sample" respondent


def test_survey_reports_each_planted_flaw(analysed: JobResult) -> None:
    anomalies = analysed.report.anomalies
    assert anomalies[msg.KIND_OFF_SCALE] == 2
    assert anomalies[msg.KIND_TWICE] == 1
    assert anomalies[msg.KIND_NOT_IN_SAMPLE] == 1
    assert analysed.report.counts["respondents"] == 105
    assert any(line.startswith("Satisfaction globale (Q10") for line in analysed.report.lines)


def test_results_sheet_holds_overall_themes_markets_and_questions(analysed: JobResult) -> None:
    sheet = next(s for s in analysed.writes.sheets if s.name == "Résultats")
    rows = rows_of(analysed, "Résultats")
    overall = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("Q10 "))
    rate, margin = overall[1], overall[2]
    assert 0 < rate < 1 and 0 < margin < 0.2
    row = rows.index(overall) + 1
    assert sheet.styles[(row, 2)].number_format == PERCENT
    themes = [r[1] for r in rows if isinstance(r[0], int) and r[1] in
              ("Relation client", "Services", "Information", "Compétences", "Sécurité et environnement", "Prix")]
    assert len(themes) == 6
    theme_rates = [r[3] for r in rows if isinstance(r[0], int) and r[1] in themes]
    assert theme_rates == sorted(theme_rates)  # from the weakest
    for market in MARKETS:
        line = find_row(rows, market)
        assert line[2] > 0  # respondents in every market
    assert [find_row(rows, f"Q{n}")[1] for n in (1, 10)][1].startswith("Globalement")


def test_importance_performance_chart_over_the_theme_table(analysed: JobResult) -> None:
    sheet = next(s for s in analysed.writes.sheets if s.name == "Résultats")
    (chart,) = sheet.charts
    col, first, last = chart.categories
    assert last - first + 1 == 6
    assert {sheet.rows[r - 1][0] for r in range(first, last + 1)} == {
        "Relation client", "Services", "Information", "Compétences", "Sécurité et environnement", "Prix"}
    assert chart.kind == "scatter" and (chart.x_title, chart.y_title) == (msg.IPA_IMPORTANCE, msg.IPA_PERFORMANCE)
    for name, y_col, row, last_row in chart.series:  # one named point per theme
        assert row == last_row and sheet.rows[row - 1][0] == name and y_col == col + 1
    quadrants = {sheet.rows[r - 1][3] for r in range(first, last + 1)}
    assert msg.QUADRANT_PRIORITY in quadrants


def test_both_jobs_run_on_the_empty_template(survey_template: Path) -> None:
    with open_workbook(survey_template) as book:
        names = book.sheet_names()
        template = MemorySource({n: book.grid(n) for n in names}, {n: book.excel_tables(n) for n in names})
    drawn = sample_job(template, Context(today=TODAY))
    assert drawn.report.counts["sample"] == 0
    assert drawn.report.anomalies[msg.KIND_STRATUM] == len(MARKETS)
    analysed = survey_job(with_sheets(template, drawn), Context(today=TODAY))
    assert analysed.report.counts["respondents"] == 0
    rows = rows_of(analysed, "Résultats")
    assert find_row(rows, "Q1")[5] == 0  # no answer, no rate, no crash
