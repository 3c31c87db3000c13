"""The `dashboard` job: live formulas, colours by business sense, signals, report, PDF export."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

import pytest

from sicxl.jobs.base import Context, JOBS
from sicxl.jobs.dashboard import dashboard_job
from sicxl.messages import dashboard as msg
from sicxl.samples.dashboard import team_rows
from sicxl.schema.dashboard import ACTUALS, BREAKEVEN_SHEET, DASHBOARD_SHEET, MIX_SHEET, OBJECTIVES, VIEWS_SHEET
from sicxl.writes import Formula, Writes

from .conftest import TODAY, small_source


@pytest.fixture(scope="module")
def result(sample_source):
    return dashboard_job(sample_source, Context(today=TODAY))


def sheet(result, name: str):
    return next(s for s in result.writes.sheets if s.name == name)


def row_of(write, label: str, after: int = 0) -> int:
    return next(i for i, r in enumerate(write.rows, start=1) if i > after and r and r[0] == label)


def test_job_is_registered_with_its_options() -> None:
    job = JOBS["dashboard"]
    assert {o.name: o.kind for o in job.options} == {"month": "month", "pdf": "flag", "prospects": "workbook"}


def test_sheets_written(result) -> None:
    names = [s.name for s in result.writes.sheets]
    assert names[0] == DASHBOARD_SHEET and BREAKEVEN_SHEET in names and MIX_SHEET in names
    assert sum(n.startswith("TB ") for n in names) == 8
    assert "TB Julien Caron" in names


def test_period_column_is_written_on_both_inputs(result) -> None:
    columns = {c.sheet: c for c in result.writes.columns}
    assert set(columns) == {OBJECTIVES.name, ACTUALS.name}
    period = columns[ACTUALS.name]
    assert period.header == "Période" and period.col == 8  # after the user columns
    assert period.values[0] == dt.date(2024, 11, 1) and period.values[-1] == dt.date(2026, 10, 1)


def test_month_line_formulas_are_live_sumifs(result) -> None:
    board = sheet(result, DASHBOARD_SHEET)
    assert board.rows[1][1] == dt.date(2026, 10, 1)  # latest month with actuals
    row = row_of(board, "CA signé")
    line = board.rows[row - 1]
    assert line[1] == Formula(f"=SUMIFS('Objectifs'!$G:$G,'Objectifs'!$H:$H,$B$2,'Objectifs'!$F:$F,$A{row})")
    assert line[2] == Formula(f"=SUMIFS('Réalisé'!$G:$G,'Réalisé'!$H:$H,$B$2,'Réalisé'!$F:$F,$A{row})")
    assert line[4] == Formula(f'=IF(B{row}=0,"n.d.",IFERROR((C{row}-B{row})/ABS(B{row}),"n.d."))')
    assert line[6].text.endswith(f"EDATE($B$2,-12),'Réalisé'!$F:$F,$A{row})")
    assert all(isinstance(v, Formula) for v in line[1:8])
    ytd = board.rows[row_of(board, "CA signé", after=row) - 1]
    assert '">="&$B$3' in ytd[1].text and '"<="&$B$2' in ytd[1].text


def test_indices_are_averaged_and_guarded(result) -> None:
    board = sheet(result, DASHBOARD_SHEET)
    line = board.rows[row_of(board, "Indice de satisfaction") - 1]
    assert line[2].text.startswith("=IFERROR(AVERAGEIFS(") and line[2].text.endswith(',"n.d.")')


def test_only_the_signal_is_a_value(result) -> None:
    board = sheet(result, DASHBOARD_SHEET)
    signals = {name: [*board.rows[row_of(board, name) - 1], None, None][8]
               for name in ("Marge brute", "Nombre de RDV", "Frais commerciaux")}
    assert signals == {"Marge brute": msg.STRUCTURAL,  # planted margin squeeze
                       "Nombre de RDV": msg.ONE_OFF,  # planted Salon des maires
                       "Frais commerciaux": None}


def test_owner_sheet_filters_on_his_name(result) -> None:
    own = sheet(result, "TB Julien Caron")
    assert own.rows[3][:2] == [msg.OWNER_LABEL, "Julien Caron"]
    row = row_of(own, "CA signé")
    assert own.rows[row - 1][2].text.endswith(",'Réalisé'!$D:$D,$B$4)")
    assert own.rows[row - 1][8] == msg.STRUCTURAL  # planted: losing ground since May


def _colour_of(board, row: int, variance: float) -> str | None:
    """The fill Excel would give D{row} holding `variance`, by the sheet's live rules."""
    import re

    for rule in board.conditional:
        if rule.cells != f"D{row}:E{row}":
            continue
        sign, op = re.fullmatch(rf"AND\(ISNUMBER\(D{row}\),(-?)D{row}([<>])0\)", rule.formula).groups()
        value = -variance if sign else variance
        if (value > 0) if op == ">" else (value < 0):
            return rule.style.fill
    return None


def test_variance_colours_follow_business_sense(result) -> None:
    board = sheet(result, DASHBOARD_SHEET)
    margin = row_of(board, "Marge brute")
    costs = row_of(board, "Frais commerciaux")
    meetings = row_of(board, "Nombre de RDV")
    assert _colour_of(board, margin, -120.0) == "FFC7CE"  # revenue below plan: bad
    assert _colour_of(board, margin, 80.0) == "C6EFCE"
    assert _colour_of(board, costs, 15.0) == "FFC7CE"  # a cost above plan: bad
    assert _colour_of(board, costs, -15.0) == "C6EFCE"
    assert _colour_of(board, meetings, 3.0) == "C6EFCE"
    assert _colour_of(board, meetings, 0.0) is None
    assert board.styles[(meetings, 5)].number_format == "0.0%"


def test_charts(result) -> None:
    board = sheet(result, DASHBOARD_SHEET)
    kinds = [c.kind for c in board.charts]
    assert kinds == ["bar", "line", "line", "line"]
    first = row_of(board, "CA signé")
    assert board.charts[0].series[0][1:] == (5, first, first + 6)


def test_breakeven_and_mix_formulas(result) -> None:
    seuil = sheet(result, BREAKEVEN_SHEET)
    threshold = seuil.rows[row_of(seuil, msg.BREAKEVEN_REVENUE) - 1][1]
    assert threshold == Formula('=IF($B$6<=0,"n.d.",$B$4/$B$6)')
    mix = sheet(result, MIX_SHEET)
    p1 = mix.rows[row_of(mix, "P1 énergie") - 1]
    assert p1[1] == Formula("=SUMIFS('Contrats'!$F:$F,'Contrats'!$E:$E,\"P1*\")")
    assert p1[3].text.startswith('=IF($B$10=0,"n.d.",')


def test_signals_are_reported(result) -> None:
    text = result.report.text()
    assert "Marge brute : écart structurel (8 mois de suite" in text
    assert "Nombre de RDV : écart ponctuel" in text
    assert result.report.anomalies == {}


def test_zero_objective_and_bad_rows_are_reported() -> None:
    objectives = [["2025-03", "Claire Morel", "Santé", "CA signé", 0], ["2025-03", "Claire Morel", "Santé", "CA signé", 5]]
    actuals = [["2025-03", "Claire Morel", "Santé", "CA signé", 90], ["2025-13", "Claire Morel", "Santé", "CA signé", 1],
               ["2025-03", "Claire Morel", "Santé", "Chiffre magique", 3]]
    result = dashboard_job(small_source(objectives, actuals), Context(today=TODAY))
    report = result.report
    assert report.anomalies == {msg.KIND_DUPLICATE: 1, msg.KIND_MONTH: 1, msg.KIND_INDICATOR: 1}
    assert any("Objectif nul pour « CA signé »" in p for p in report.problems)
    assert any("Charges" in p for p in report.problems)  # missing sheet: reported, the job goes on
    assert [s.name for s in result.writes.sheets] == [DASHBOARD_SHEET, "TB Claire Morel", VIEWS_SHEET]


def test_month_option_in_any_form(sample_source) -> None:
    result = dashboard_job(sample_source, Context(today=TODAY, options={"month": "juin 2025"}))
    assert result.writes.sheets[0].rows[1][1] == dt.date(2025, 6, 1)


def test_no_readable_actuals_stops_nothing() -> None:
    result = dashboard_job(small_source([], []), Context(today=TODAY))
    assert msg.no_actuals() in result.report.problems


def test_pdf_goes_through_the_shell_converter(sample_source) -> None:
    calls: list[Sequence[str]] = []

    def converter(writes: Writes, sheets: Sequence[str]) -> tuple[bytes, bytes]:
        calls.append(list(sheets))
        return b"%PDF-1.7", b"\x89PNG"

    result = dashboard_job(sample_source, Context(today=TODAY, options={"pdf": True}, print_pdf=converter))
    assert calls[0] == [DASHBOARD_SHEET, BREAKEVEN_SHEET, VIEWS_SHEET, MIX_SHEET]
    assert sorted(calls[1:]) == sorted([f"TB {owner}"] for owner, _ in team_rows())  # then each one's own sheet
    assert [(e.name, e.content) for e in result.exports[:2]] == [("tableau_de_bord_2026-10.pdf", b"%PDF-1.7"),
                                                                ("tableau_de_bord_2026-10.png", b"\x89PNG")]


def test_pdf_failure_is_reported(sample_source) -> None:
    def broken(writes: Writes, sheets: Sequence[str]) -> tuple[bytes, bytes]:
        raise RuntimeError("LibreOffice absent")

    result = dashboard_job(sample_source, Context(today=TODAY, options={"pdf": True}, print_pdf=broken))
    assert result.exports == [] and any("LibreOffice absent" in p for p in result.report.problems)
