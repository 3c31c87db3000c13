"""`Marchés et zones`: revenue by market, agency and department, break-even per market (issue 17, point 6).
Every formula is checked against the core after LibreOffice's recalculation in test_recalc.py."""

from __future__ import annotations

from sicxl.jobs.base import Context
from sicxl.jobs.dashboard import dashboard_job
from sicxl.messages import dashboard as msg
from sicxl.schema.dashboard import MARKETS, VIEWS_SHEET
from sicxl.writes import Formula

from .conftest import TODAY, small_source


def _views(result):
    return next(s for s in result.writes.sheets if s.name == VIEWS_SHEET)


def _labels(rows, title: str) -> list[str]:
    top = next(i for i, r in enumerate(rows) if r and r[0] == title)
    labels = []
    for row in rows[top + 2:]:
        labels.append(row[0] if row else None)
        if labels[-1] == msg.TOTAL:
            return labels
    raise AssertionError("no total row")


def test_sample_views_by_market_agency_and_department(sample_source) -> None:
    rows = _views(dashboard_job(sample_source, Context(today=TODAY))).rows
    assert _labels(rows, msg.view_title("Marché")) == [*MARKETS, msg.OTHER, msg.TOTAL]
    assert _labels(rows, msg.view_title("Agence")) == ["Cergy", "Saint-Quentin-en-Yvelines", "Versailles",
                                                       msg.OTHER, msg.TOTAL]
    assert _labels(rows, msg.view_title("Département")) == ["78", "95", msg.OTHER, msg.TOTAL]
    key = next(i for i, r in enumerate(rows) if r and r[0] == msg.MARKET_BREAKEVEN_TITLE) + 1
    assert rows[key][:2] == [msg.KEY_LABEL, msg.key_rule("CA")]
    assert _labels(rows, msg.MARKET_BREAKEVEN_TITLE)[-6:] == [*MARKETS, msg.OTHER, msg.TOTAL]
    top = next(i for i, r in enumerate(rows, start=1) if r and r[0] == msg.view_title("Département"))
    yvelines = rows[top + 1]  # the first group: « 78 »
    assert yvelines[1] == Formula("=SUMIFS('Objectifs'!$G:$G,'Objectifs'!$H:$H,$B$2,'Objectifs'!$F:$F,\"CA signé\","
                               "'Objectifs'!$C:$C,\"78\")")


def test_a_view_needs_its_column_in_both_inputs() -> None:
    objectives = [["2025-03", "Claire Morel", "Santé", "CA signé", 100]]
    actuals = [["2025-03", "Claire Morel", "Santé", "CA signé", 90]]
    result = dashboard_job(small_source(objectives, actuals), Context(today=TODAY))
    assert msg.no_dimension("Agence", "Objectifs ou Réalisé") in result.report.lines
    assert msg.no_dimension("Département", "Objectifs ou Réalisé") in result.report.lines
    rows = _views(result).rows
    assert _labels(rows, msg.view_title("Marché"))[-1] == msg.TOTAL
    assert not any(r and r[0] == msg.MARKET_BREAKEVEN_TITLE for r in rows)  # no Charges: no break-even


def test_charges_without_rates_give_no_break_even_and_say_why() -> None:
    objectives = [["2025-03", "Claire Morel", "Santé", "CA signé", 100]]
    charges = [["Poste", "Nature", "Montant annuel (k€)"], ["Salaires", "Fixe", 1950]]
    result = dashboard_job(small_source(objectives, objectives, Charges=charges), Context(today=TODAY))
    assert msg.missing_columns("Charges", ["Taux (% du CA)"]) in result.report.problems
    assert "Seuil de rentabilité" not in [s.name for s in result.writes.sheets]
