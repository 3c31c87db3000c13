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

import pandas as pd

from sicxl.campaigns.deals import read_deals
from sicxl.campaigns.reading import read_prospects
from sicxl.dashboard.allocation import breakevens, by_group, key_bases, year_revenue
from sicxl.dashboard.board import board, owners, revenue_by_month, select, trend, year_to_date
from sicxl.dashboard.breakeven import breakeven, breakeven_date, margin_rate, month_start, safety
from sicxl.dashboard.deals import actual_rows, agencies, contracts_index, deal_lines, mark_counted, typed_keys
from sicxl.dashboard.inputs import Entries, read_contracts, read_costs, read_entries
from sicxl.dashboard.measures import ratio
from sicxl.dashboard.mix import mix
from sicxl.dashboard.settings import RULE_REVENUE
from sicxl.dashboard.sheets import (BREAKEVEN_LABELS, BREAKEVEN_TOP, MONTHS_HEADER_ROW, TREND_FIRST_COL,
                                   owner_sheet_name)
from sicxl.jobs.base import Context, load_table
from sicxl.jobs.dashboard import PROSPECT_KEYS, dashboard_job
from sicxl.messages import dashboard as msg
from sicxl.prospects.reading import Anomalies
from sicxl.samples.dashboard import team_rows
from sicxl.samples.demo import DEMO_TODAY
from sicxl.samples.prospects import build_prospects
from sicxl.schema.campaigns import DEALS
from sicxl.schema.dashboard import (ACTUALS, BREAKEVEN_SHEET, CHARGES, CONTRACTS, CUSTOMER_TYPE, DASHBOARD_SHEET,
                                    INDICATORS, MARKETS, MIX_SHEET, OBJECTIVES, REVENUE, VIEWS_SHEET)
from sicxl.schema.prospects import PROSPECTS
from sicxl.schema.deals import SERVICES
from sicxl.workbook import open_workbook
from sicxl.workbook.convert import recalculate
from sicxl.workbook.packager import write_package
from sicxl.writes import Formula


pytestmark = pytest.mark.slow
Cell = tuple[str, int, int]


@pytest.fixture(scope="module")
def recalculated(sample_path: Path, tmp_path_factory: pytest.TempPathFactory):
    """The sample dashboard fed by the sample prospect file's signed deals (issue 17)."""
    folder = tmp_path_factory.mktemp("recalc")
    copy = Path(shutil.copy(sample_path, folder / "tableau_de_bord.xlsx"))
    prospects = build_prospects(folder / "prospects.xlsx")
    with open_workbook(copy) as source, open_workbook(prospects) as deals_file:
        result = dashboard_job(source, Context(today=DEMO_TODAY, options={"prospects_source": deals_file}))
        core = core_figures(source, deals_file, {s.name: s.rows for s in result.writes.sheets})
    written = folder / "written.xlsx"
    write_package(copy, result.writes, written)
    values = load_workbook(recalculate(written, folder / "recalculated.xlsx"), data_only=True)
    return result, core, values, written


def rows_labelled(rows: list[list[Any]], label: str) -> list[int]:
    """The worksheet rows whose column A reads `label`."""
    return [i for i, line in enumerate(rows, start=1) if line and line[0] == label]


def deal_actuals(source, deals_file, typed: Entries, objectives: Entries) -> tuple[pd.DataFrame, pd.DataFrame]:  # noqa: E501
    """The contract lines of the signed deals (all of them, and the rows they add to Réalisé)."""
    prospects = read_prospects(load_table(deals_file, PROSPECTS), Anomalies(), PROSPECT_KEYS)
    deal_table = load_table(deals_file, DEALS)
    deals = read_deals(deal_table, prospects.index, Anomalies())
    contracts = load_table(source, CONTRACTS)
    lines = deal_lines(deals, deal_table.frame["service"].to_dict(), prospects,
                       contracts_index(zip(contracts.rows, contracts.frame["contract"])),
                       agencies(objectives.frame, typed.frame))
    mark_counted(lines, typed_keys(typed.frame, True), True, typed.months()[0])
    return lines.taken, actual_rows(lines)


def view_figures(sheets: dict[str, list[list[Any]]], actuals: pd.DataFrame, objectives: pd.DataFrame, month: str,
                 closed: set[str], costs, expected: dict[Cell, Any]) -> None:
    """`Marchés et zones`: every block, as the core computes it (the SUMIFS of a group
    matches without case; « Autre » is the total minus the groups)."""
    rows = sheets[VIEWS_SHEET]
    expected[(VIEWS_SHEET, 3, 2)] = dt.date(int(month[:4]), 1, 1)
    for key, label in (("market", msg.MARKET_DIMENSION), ("agency", msg.AGENCY_DIMENSION),
                       ("department", msg.DEPARTMENT_DIMENSION)):
        (title,) = rows_labelled(rows, msg.view_title(label))
        labels = [(line or [None])[0] for line in rows[title + 1:]]
        labels = labels[:labels.index(msg.TOTAL) + 1]
        groups = [g for g in labels if g not in (msg.OTHER, msg.TOTAL)]
        figures = {}
        for months, col in (([month], 2), (year_to_date(month), 5)):
            sums = [by_group(select(frame, REVENUE).loc[lambda f: f["month"].isin(months)], key, groups)
                    for frame in (objectives, actuals)]
            for group in groups:
                figures[(group, col)] = (sums[0][group], sums[1][group])
            figures[(msg.OTHER, col)] = (sums[0][None], sums[1][None])
            figures[(msg.TOTAL, col)] = tuple(sum(s.values()) for s in sums)
        for offset, group in enumerate(labels):
            row = title + 2 + offset
            for col in (2, 5):
                objective, actual = figures[(group, col)]
                expected.update({(VIEWS_SHEET, row, col): objective, (VIEWS_SHEET, row, col + 1): actual,
                                 (VIEWS_SHEET, row, col + 2): ratio(actual, objective)})
    year = int(month[:4])
    bases = key_bases(objectives, year, RULE_REVENUE, "market", MARKETS)
    revenues = year_revenue(objectives, actuals, closed, year, "market", MARKETS)
    lines = breakevens(bases, revenues, costs.fixed, costs.variable_rate)
    (title,) = rows_labelled(rows, msg.MARKET_BREAKEVEN_TITLE)
    expected.update({(VIEWS_SHEET, title + 2, 2): costs.fixed, (VIEWS_SHEET, title + 3, 2): costs.variable_rate,
                     (VIEWS_SHEET, title + 4, 2): margin_rate(costs.variable_rate)})
    first = title + 7
    for offset, line in enumerate(lines):
        for col, value in enumerate([line.base, line.share, line.fixed, line.threshold, line.revenue, line.margin,
                                     line.index], start=2):
            expected[(VIEWS_SHEET, first + offset, col)] = value
    total_row = first + len(lines)
    sums = [sum(getattr(line, name) for line in lines) for name in ("base", "share", "fixed", "threshold", "revenue")]
    revenue = sums[-1]
    whole = breakeven(costs.fixed, costs.variable_rate)
    for col, value in enumerate([*sums, revenue - sums[3], (revenue - sums[3]) / revenue], start=2):
        expected[(VIEWS_SHEET, total_row, col)] = value
    expected[(VIEWS_SHEET, total_row + 1, 5)] = whole
    assert math.isclose(sums[3], whole)  # the markets' break-evens add up to the whole
    (table,) = rows_labelled(rows, msg.MARKET_MONTHS_TITLE)
    for index in range(12):
        m, row = f"{year}-{index + 1:02d}", table + 2 + index
        source = select(actuals if m in closed else objectives, REVENUE)
        per_market = by_group(source[source["month"] == m], "market", MARKETS)
        everything = sum(per_market.values())
        for col, value in enumerate([month_start(m), *per_market.values(), everything], start=1):
            expected[(VIEWS_SHEET, row, col)] = value


def core_figures(source, deals_file, sheets: dict[str, list[list[Any]]]) -> dict[Cell, Any]:
    """What every formula cell must show, computed by the core alone."""
    typed = read_entries(load_table(source, ACTUALS))
    objective_entries = read_entries(load_table(source, OBJECTIVES))
    objectives = objective_entries.frame
    taken, dealt = deal_actuals(source, deals_file, typed, objective_entries)
    actuals = pd.concat([typed.frame, dealt], ignore_index=True)
    month = max(typed.frame["month"])
    closed = set(select(typed.frame, REVENUE)["month"])  # the months the team closed in Réalisé
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
        (title,) = rows_labelled(sheets[name], msg.TREND_BLOCK)
        for index, indicator in enumerate(i for i in INDICATORS if i.key):
            frame = trend(actuals, objectives, indicator, month, owner)
            col = TREND_FIRST_COL + 2 * index
            assert sheets[name][title][col - 1] == indicator.name
            for offset, (m, values) in enumerate(frame.iterrows()):
                row = title + 3 + offset
                expected[(name, row, 1)] = month_start(m)
                expected[(name, row, col)] = values["objective"]
                expected[(name, row, col + 1)] = values["actual"]
    costs = read_costs(load_table(source, CHARGES))
    view_figures(sheets, actuals, objectives, month, closed, costs, expected)
    year = revenue_by_month(actuals, objectives, REVENUE, int(month[:4]))
    year["revenue"] = [a if m in closed else o for m, a, o in zip(year.index, year["actual"], year["objective"])]
    year["cumulative"] = year["revenue"].cumsum()
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
    typed_contracts = read_contracts(load_table(source, CONTRACTS)).frame
    taken = taken.assign(service=[s.split()[0] for s in taken["service"]])
    contracts = pd.concat([typed_contracts, taken[["service", "customer_type", "amount"]]], ignore_index=True)
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
    assert wrong == [], '\n'.join(map(str, wrong))
    assert checked > 1500


def test_sample_figures_after_recalculation(recalculated) -> None:
    _, _, values, _ = recalculated
    mix_sheet = values[MIX_SHEET]
    amounts = {mix_sheet.cell(r, 1).value: mix_sheet.cell(r, 2).value for r in range(5, 9)}
    # the reference portfolio (P1 40.2 M€, P2 8.15 M€, P3 4.9 M€, P4 8.15 M€) and the 17 contracts of the
    # prospect file's signed deals (AF-039 is already in Contrats: counted once)
    assert amounts == {"P1 énergie": 40200 + 45 + 29 + 48 + 40 + 120 + 90 + 150, "P2 entretien": 8150 + 18 + 27 + 85
                       + 33 + 35 + 25 + 62, "P3 garantie totale": 4904 + 21 + 54 + 38 + 48, "P4 gros renouvellement": 8150}
    assert values[BREAKEVEN_SHEET].cell(BREAKEVEN_TOP + 8, 2).value.date().month == 9


def test_input_correction_flows_into_the_dashboard(recalculated, tmp_path: Path) -> None:
    """A corrected input changes the dashboard without rerunning sicxl."""
    result, expected, _, written = recalculated
    book = load_workbook(written)
    sheet = book[ACTUALS.name]
    last = sheet.max_row
    assert (sheet.cell(last, 1).value, sheet.cell(last, 6).value) == ("2026-10", "Frais commerciaux")
    sheet.cell(last, 7).value += 100
    book.save(tmp_path / "corrected.xlsx")
    values = load_workbook(recalculate(tmp_path / "corrected.xlsx", tmp_path / "again.xlsx"), data_only=True)
    board_rows = {s.name: s.rows for s in result.writes.sheets}[DASHBOARD_SHEET]
    row = rows_labelled(board_rows, "Frais commerciaux")[0]
    assert values[DASHBOARD_SHEET].cell(row, 3).value == pytest.approx(expected[(DASHBOARD_SHEET, row, 3)] + 100)


def test_pdf_and_preview_through_libreoffice(sample_path: Path, tmp_path: Path, capsys) -> None:
    """`sicxl dashboard tableau_de_bord.xlsx --pdf`, as the monthly meeting needs it."""
    from sicxl.cli import main

    copy = Path(shutil.copy(sample_path, tmp_path / "tableau_de_bord.xlsx"))
    build_prospects(tmp_path / "prospects.xlsx")  # the « Fichier prospects » of the sample's Paramètres
    assert main(["dashboard", str(copy), "--pdf", "--today", DEMO_TODAY.strftime("%d/%m/%Y")]) == 0
    out = capsys.readouterr().out
    pdf = tmp_path / "tableau_de_bord_2026-10.pdf"
    pages = sorted((tmp_path / "tableau_de_bord_2026-10_pages").glob("page_*.png"))
    assert pdf.read_bytes().startswith(b"%PDF") and len(pages) >= 2 + 1 + 1  # dashboard, break-even, views, mix
    assert all(page.read_bytes().startswith(b"\x89PNG") for page in pages)
    assert "Affaires signées du fichier prospects : 18 reprises comme contrats (12 comptées dans le réalisé" in out
    assert [line for line in out.splitlines() if line.startswith("Attention")] == [
        "Attention : Affaire « AF-037 » non reprise : N° de contrat manquant : l'affaire ne peut être comptée "
        "qu'une fois, par son numéro.",
        "Attention : Affaire « AF-038 » non reprise : montant annuel manquant ou illisible."]
    drafts = sorted((tmp_path / "tableau_de_bord_2026-10_courriels").glob("*.eml"))
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
