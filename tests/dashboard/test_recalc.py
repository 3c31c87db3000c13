"""The written dashboard, recalculated by LibreOffice, gives the core's figures in every formula cell."""

from __future__ import annotations

import datetime as dt
import email
import math
import shutil
import subprocess
from email import policy
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from sicxl.dashboard.board import board, owners, revenue_by_month, trend
from sicxl.dashboard.breakeven import breakeven, breakeven_date, margin_rate, month_start, safety
from sicxl.dashboard.inputs import read_contracts, read_costs, read_entries
from sicxl.dashboard.mix import mix
from sicxl.dashboard.sheets import BREAKEVEN_LABELS, BREAKEVEN_TOP, MONTHS_HEADER_ROW, owner_sheet_name
from sicxl.jobs.base import Context, load_table
from sicxl.jobs.dashboard import dashboard_job
from sicxl.messages import dashboard as msg
from sicxl.samples.dashboard import team_rows
from sicxl.schema.dashboard import (ACTUALS, BREAKEVEN_SHEET, CHARGES, CONTRACTS, CUSTOMER_TYPE, DASHBOARD_SHEET,
                                    INDICATORS, MIX_SHEET, OBJECTIVES, REVENUE)
from sicxl.schema.deals import SERVICES
from sicxl.workbook import open_workbook
from sicxl.workbook.convert import recalculate
from sicxl.workbook.packager import write_package
from sicxl.writes import Formula

from .conftest import TODAY

pytestmark = pytest.mark.slow
Cell = tuple[str, int, int]


@pytest.fixture(scope="module")
def recalculated(sample_path: Path, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("recalc")
    copy = Path(shutil.copy(sample_path, folder / "tableau_de_bord.xlsx"))
    with open_workbook(copy) as source:
        result = dashboard_job(source, Context(today=TODAY))
        core = core_figures(source, {s.name: s.rows for s in result.writes.sheets})
    written = folder / "written.xlsx"
    write_package(copy, result.writes, written)
    values = load_workbook(recalculate(written, folder / "recalculated.xlsx"), data_only=True)
    return result, core, values, written


def rows_labelled(rows: list[list[Any]], label: str) -> list[int]:
    """The worksheet rows whose column A reads `label`."""
    return [i for i, line in enumerate(rows, start=1) if line and line[0] == label]


def core_figures(source, sheets: dict[str, list[list[Any]]]) -> dict[Cell, Any]:
    """What every formula cell must show, computed by the core alone."""
    actuals = read_entries(load_table(source, ACTUALS)).frame
    objectives = read_entries(load_table(source, OBJECTIVES)).frame
    month = max(actuals["month"])
    expected: dict[Cell, Any] = {}
    for owner in [None, *owners(actuals, objectives)]:
        name = owner_sheet_name(owner) if owner else DASHBOARD_SHEET
        expected[(name, 3, 2)] = dt.date(int(month[:4]), 1, 1)
        figures = board(actuals, objectives, month, owner)
        for line, ytd in zip(figures.month_lines, figures.ytd_lines):
            for row, each in zip(rows_labelled(sheets[name], line.indicator.name), (line, ytd)):
                values = [each.objective, each.actual, each.variance, each.variance_rate, each.achievement,
                          each.previous, each.growth]
                expected.update({(name, row, col): v for col, v in enumerate(values, start=2)})
        for indicator in (i for i in INDICATORS if i.key):
            (title,) = rows_labelled(sheets[name], msg.TREND_BLOCK.format(indicator=indicator.name))
            frame = trend(actuals, objectives, indicator, month, owner)
            for offset, (m, values) in enumerate(frame.iterrows()):
                row = title + 2 + offset
                expected[(name, row, 1)] = month_start(m)
                expected[(name, row, 2)] = values["objective"]
                expected[(name, row, 3)] = values["actual"]
    costs = read_costs(load_table(source, CHARGES))
    year = revenue_by_month(actuals, objectives, REVENUE, int(month[:4]))
    threshold = breakeven(costs.fixed, costs.variable_rate)
    revenue = float(year["revenue"].sum())
    margin = safety(revenue, threshold)
    date = breakeven_date(list(year.index), list(year["revenue"]), threshold)
    summary = {msg.FIXED_COSTS: costs.fixed, msg.VARIABLE_RATE: costs.variable_rate,
               msg.MARGIN_RATE: margin_rate(costs.variable_rate), msg.BREAKEVEN_REVENUE: threshold,
               msg.YEAR_REVENUE: revenue, msg.SAFETY_MARGIN: margin.margin, msg.SAFETY_INDEX: margin.index,
               msg.BREAKEVEN_DATE: date}
    for index, label in enumerate(BREAKEVEN_LABELS):
        if label in summary:
            expected[(BREAKEVEN_SHEET, BREAKEVEN_TOP + index, 2)] = summary[label]
    for index, (m, values) in enumerate(year.iterrows()):
        row = MONTHS_HEADER_ROW + 1 + index
        crossed = date is not None and date.strftime("%Y-%m") == m
        for col, value in enumerate([month_start(m), values["actual"], values["objective"], values["revenue"],
                                     values["cumulative"], date if crossed else ""], start=1):
            expected[(BREAKEVEN_SHEET, row, col)] = value
    contracts = read_contracts(load_table(source, CONTRACTS)).frame
    blocks = ((msg.BY_SERVICE, "service", SERVICES, [s.split()[0] for s in SERVICES]),
              (msg.BY_CUSTOMER, "customer_type", CUSTOMER_TYPE.choices, CUSTOMER_TYPE.choices))
    for title, column, labels, order in blocks:
        (top,) = rows_labelled(sheets[MIX_SHEET], title)
        shares = mix(contracts[column], contracts["amount"], order)
        rows = [*shares.itertuples(index=False), (shares["amount"].sum(), 1.0)]
        assert [line[0] for line in sheets[MIX_SHEET][top + 1: top + 1 + len(rows)]] == [*labels, msg.OTHER, msg.TOTAL]
        for offset, (amount, share) in enumerate(rows):
            row = top + 2 + offset
            expected.update({(MIX_SHEET, row, 2): amount, (MIX_SHEET, row, 3): amount / 1000,
                             (MIX_SHEET, row, 4): share})
    return expected


def same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, float) and math.isnan(expected):
        return actual == msg.NOT_DEFINED
    if expected is None:
        return actual == msg.NOT_REACHED
    if isinstance(expected, dt.date):
        return isinstance(actual, dt.datetime) and actual.date() == expected
    if isinstance(expected, str):
        return actual in (expected, None)
    return isinstance(actual, (int, float)) and math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)


def test_every_formula_cell_matches_the_core(recalculated) -> None:
    result, expected, values, _ = recalculated
    checked, wrong = 0, []
    for sheet in result.writes.sheets:
        for r, line in enumerate(sheet.rows, start=1):
            for c, value in enumerate(line, start=1):
                if not isinstance(value, Formula):
                    continue
                assert (sheet.name, r, c) in expected, f"no core figure for {sheet.name}!{r},{c}: {value.text}"
                got = values[sheet.name].cell(r, c).value
                checked += 1
                if not same(got, expected[(sheet.name, r, c)]):
                    wrong.append((sheet.name, r, c, value.text, got, expected[(sheet.name, r, c)]))
    assert wrong == []
    assert checked > 1500


def test_sample_figures_after_recalculation(recalculated) -> None:
    _, _, values, _ = recalculated
    mix_sheet = values[MIX_SHEET]
    shares = {mix_sheet.cell(r, 1).value: round(mix_sheet.cell(r, 4).value * 100, 2) for r in range(5, 9)}
    assert shares == {"P1 énergie": 65.47, "P2 entretien": 13.27, "P3 garantie totale": 7.99,
                      "P4 gros renouvellement": 13.27}
    assert values[BREAKEVEN_SHEET].cell(BREAKEVEN_TOP + 8, 2).value.date().month == 10


def test_input_correction_flows_into_the_dashboard(recalculated, tmp_path: Path) -> None:
    """A corrected input changes the dashboard without rerunning sicxl."""
    result, expected, _, written = recalculated
    book = load_workbook(written)
    sheet = book[ACTUALS.name]
    last = sheet.max_row
    assert (sheet.cell(last, 1).value, sheet.cell(last, 5).value) == ("2025-12", "Frais commerciaux")
    sheet.cell(last, 6).value += 100
    book.save(tmp_path / "corrected.xlsx")
    values = load_workbook(recalculate(tmp_path / "corrected.xlsx", tmp_path / "again.xlsx"), data_only=True)
    board_rows = {s.name: s.rows for s in result.writes.sheets}[DASHBOARD_SHEET]
    row = rows_labelled(board_rows, "Frais commerciaux")[0]
    assert values[DASHBOARD_SHEET].cell(row, 3).value == pytest.approx(expected[(DASHBOARD_SHEET, row, 3)] + 100)


def test_pdf_and_preview_through_libreoffice(sample_path: Path, tmp_path: Path, capsys) -> None:
    """`sicxl dashboard tableau_de_bord.xlsx --pdf`, as the monthly meeting needs it."""
    from sicxl.cli import main

    copy = Path(shutil.copy(sample_path, tmp_path / "tableau_de_bord.xlsx"))
    assert main(["dashboard", str(copy), "--pdf", "--today", TODAY.strftime("%d/%m/%Y")]) == 0
    out = capsys.readouterr().out
    pdf, png = tmp_path / "tableau_de_bord_2025-12.pdf", tmp_path / "tableau_de_bord_2025-12.png"
    assert pdf.read_bytes().startswith(b"%PDF") and png.read_bytes().startswith(b"\x89PNG")
    assert "Attention" not in out
    drafts = sorted((tmp_path / "tableau_de_bord_2025-12_courriels").glob("*.eml"))
    assert len(drafts) == 8  # one per salesperson, each with the PDF of their own sheet
    message = email.message_from_bytes(drafts[0].read_bytes(), policy=policy.default)
    [attached] = list(message.iter_attachments())
    printed = tmp_path / "attached.pdf"
    printed.write_bytes(attached.get_content())
    text = subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True).stdout
    owner = message["To"].addresses[0].display_name
    assert owner in text and all(other not in text for other, _ in team_rows() if other != owner)


def test_variance_colours_are_live_rules_in_the_file(recalculated) -> None:
    """The colours are conditional formats Excel re-evaluates when an input changes,
    and LibreOffice reads them back from the written file."""
    import openpyxl

    written = recalculated[3]
    for path in (written, written.with_name("recalculated.xlsx")):  # ours, and LibreOffice's re-save
        book = openpyxl.load_workbook(path)
        rules = book[DASHBOARD_SHEET].conditional_formatting
        formulas = [rule.formula[0] for block in rules for rule in block.rules]
        assert any(f.startswith("AND(ISNUMBER(D") and ">0" in f for f in formulas), path.name
        fills = {rule.dxf.fill.bgColor.rgb for block in rules for rule in block.rules if rule.dxf and rule.dxf.fill}
        assert {"FFC6EFCE", "FFFFC7CE"} <= fills, path.name
