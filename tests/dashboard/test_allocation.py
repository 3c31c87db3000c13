"""Fixed costs shared between markets, and each market's break-even adding up to the whole
(issue 17, point 6), on the master and in the copies `split` makes."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sicxl.dashboard.allocation import breakevens, key_bases, portfolio_share, shares
from sicxl.dashboard.breakeven import breakeven
from sicxl.dashboard.settings import RULE_EQUAL, RULE_MARGIN, RULE_REVENUE, SHARE_PARAMETER, read_settings
from sicxl.jobs import load_jobs
from sicxl.jobs.base import MemorySource, load_table
from sicxl.runner import run_job
from sicxl.samples.dashboard import build_dashboard
from sicxl.samples.demo import DEMO_TODAY
from sicxl.schema.dashboard import MARKETS
from sicxl.schema.portfolio import BY_MARKET, BY_OWNER
from sicxl.schema.prospects import PARAMETERS
from sicxl.server.split import split_workbook

COLUMNS = ["month", "owner", "market", "indicator", "value", "agency", "department"]
OBJECTIVES = pd.DataFrame([
    ["2026-03", "Claire Morel", "Collectivités", "CA signé", 300.0, "", ""],
    ["2026-09", "Claire Morel", "Santé", "CA signé", 100.0, "", ""],
    ["2026-09", "Julien Caron", "santé", "CA signé", 100.0, "", ""],  # typed in lower case: SUMIFS matches it
    ["2026-09", "Julien Caron", "Santé", "Marge brute", 60.0, "", ""],
    ["2026-09", "Julien Caron", "Collectivités", "Marge brute", 20.0, "", ""],
    ["2026-09", "Karim Benali", "", "CA signé", 100.0, "", ""],  # no market: « Autre »
    ["2025-09", "Karim Benali", "Tertiaire", "CA signé", 999.0, "", ""],  # another year
], columns=COLUMNS)


def test_the_key_follows_the_rule_of_parameters() -> None:
    by_revenue = key_bases(OBJECTIVES, 2026, RULE_REVENUE, "market", MARKETS)
    assert by_revenue == {"Collectivités": 300.0, "Habitat": 0.0, "Tertiaire": 0.0, "Santé": 200.0, None: 100.0}
    assert shares(by_revenue)["Santé"] == pytest.approx(1 / 3)
    assert key_bases(OBJECTIVES, 2026, RULE_MARGIN, "market", MARKETS)["Santé"] == 60.0
    equal = shares(key_bases(OBJECTIVES, 2026, RULE_EQUAL, "market", MARKETS))
    assert equal == {"Collectivités": 0.5, "Habitat": 0.0, "Tertiaire": 0.0, "Santé": 0.5, None: 0.0}
    assert all(math.isnan(s) for s in shares(key_bases(OBJECTIVES, 2024, RULE_REVENUE, "market", MARKETS)).values())


def test_the_markets_break_evens_add_up_to_the_whole() -> None:
    bases = key_bases(OBJECTIVES, 2026, RULE_REVENUE, "market", MARKETS)
    lines = breakevens(bases, {"Santé": 250.0}, fixed=3280.0, variable_rate=0.72)
    assert sum(line.fixed for line in lines) == pytest.approx(3280.0)
    assert sum(line.threshold for line in lines) == pytest.approx(breakeven(3280.0, 0.72))
    sante = next(line for line in lines if line.group == "Santé")
    assert (sante.fixed, sante.revenue, sante.margin) == pytest.approx((3280 / 3, 250.0, 250.0 - 3280 / 3 / 0.28))


def test_a_copy_s_share_is_its_market_s_or_salesperson_s() -> None:
    assert portfolio_share(OBJECTIVES, ["2026-10"], RULE_REVENUE, "market", "SANTÉ") == pytest.approx(1 / 3)
    assert portfolio_share(OBJECTIVES, [], RULE_REVENUE, "owner", "Claire Morel") == pytest.approx(400 / 600)
    assert portfolio_share(OBJECTIVES, ["2026-10"], RULE_REVENUE, "market", "Industrie") == 0.0
    assert portfolio_share(OBJECTIVES.iloc[:0], [], RULE_REVENUE, "market", "Santé") is None


def test_settings_are_read_as_people_type_them() -> None:
    table = load_table(MemorySource.from_rows({"Paramètres": [
        ["Paramètre", "Valeur", "Commentaire"], ["repartition des charges fixes", "parts egales", None],
        ["Part des charges fixes", "21,5 %", "écrit par split"], ["Fichier prospects", "prospects.xlsx", None]]}),
        PARAMETERS)
    settings, problems = read_settings(table)
    assert (settings.rule, settings.share, settings.prospect_file, problems) == (
        RULE_EQUAL, pytest.approx(0.215), "prospects.xlsx", [])


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The sample dashboard and its whole break-even (k€), as the dashboard job reports it."""
    path = build_dashboard(tmp_path_factory.mktemp("master") / "tableau_de_bord.xlsx")
    run = run_job(load_jobs()["dashboard"], path, today=DEMO_TODAY)
    return path, run.result.report.counts["breakeven"]


@pytest.mark.parametrize("by", [BY_MARKET, BY_OWNER])
def test_split_copies_bear_their_share_and_add_up_to_the_whole(master, by: str, tmp_path: Path) -> None:
    """Before issue 17 the Santé copy bore the 3,280 k€ of fixed costs of the whole team."""
    path, whole = master
    result = split_workbook(path, tmp_path, by)
    thresholds, copy_shares = {}, {}
    for portfolio, copy in result.written.items():
        sheet = openpyxl.load_workbook(copy)["Paramètres"]
        copy_shares[portfolio.name] = next(r[1] for r in sheet.iter_rows(values_only=True) if r[0] == SHARE_PARAMETER)
        run = run_job(load_jobs()["dashboard"], copy, today=DEMO_TODAY)
        thresholds[portfolio.name] = run.result.report.counts["breakeven"]
    assert sum(copy_shares.values()) == pytest.approx(1.0, abs=1e-5)
    assert sum(thresholds.values()) == pytest.approx(whole, abs=len(thresholds))  # each rounded to the k€
    if by == BY_MARKET:
        assert copy_shares == pytest.approx({"Collectivités": 0.325, "Habitat": 0.225, "Santé": 0.2,
                                             "Tertiaire": 0.25}, abs=1e-4)  # objectives typed to 0.1 k€
        assert thresholds["Santé"] == round(3280 * 0.2 / 0.28)
