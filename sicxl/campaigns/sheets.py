"""The computed sheets of the campaign jobs, laid out as `SheetWrite`s.

Figures are written as values: they come from several sheets joined by prospect,
which a formula could not follow when users insert rows. Layout only here; the
figures come from `funnel`, `agenda` and `tenders`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Sequence

import pandas as pd

from sicxl.campaigns.funnel import RATES, STEPS, Funnel
from sicxl.messages import campaigns as msg
from sicxl.schema.base import SheetSchema
from sicxl.schema.campaigns import (AGEING_PROPOSALS, AGENDA, AMOUNT, CONTACTS_DUE, DEALS_TO_CREATE, FUNNEL, PERCENT,
                                   RENEWALS, TENDER_WATCH)
from sicxl.table import column_letter
from sicxl.writes import Chart, SheetWrite, Style, Value

TITLE = Style(bold=True, font_color="1F3864")
HEADER = Style(bold=True, fill="D9E1F2", wrap=True)
COUNT = Style(number_format=AMOUNT)
RATE = Style(number_format=PERCENT)
HEAT_FILLS = {"Chaud": "F8CBAD", "Tiède": "FFE699", "Froid": "DDEBF7"}
LATE = Style(fill="F8CBAD")
CM_PER_ROW = 0.5


@dataclass(frozen=True)
class FunnelSection:
    title: str
    overall: Funnel
    by_owner: dict[str, Funnel]


class _Sheet:
    """Rows appended one by one, with the styles of their cells."""

    def __init__(self) -> None:
        self.rows: list[list[Value]] = []
        self.styles: dict[tuple[int, int], Style] = {}

    @property
    def next_row(self) -> int:
        return len(self.rows) + 1

    def add(self, values: Sequence[Value], style: Style | None = None,
            styles: Sequence[Style | None] | None = None) -> int:
        row = self.next_row
        self.rows.append(list(values))
        for col, value in enumerate(values, start=1):
            cell_style = styles[col - 1] if styles is not None else style
            if cell_style is not None:
                self.styles[(row, col)] = cell_style
        return row

    def blank(self) -> None:
        self.rows.append([])

    def table(self, schema: SheetSchema, frame: pd.DataFrame,
              row_styles: Sequence[dict[str, Style]] | None = None) -> None:
        """A header row and one row per line of `frame`, in the schema's columns."""
        columns = schema.columns
        self.add([c.header for c in columns], HEADER)
        for index, line in enumerate(frame[[c.key for c in columns]].itertuples(index=False)):
            extra = row_styles[index] if row_styles is not None else {}
            styles = [extra.get(c.key) or (Style(number_format=c.number_format) if c.number_format else None)
                      for c in columns]
            self.add([plain_value(v) for v in line], styles=styles)


def plain_value(value: Any) -> Value:
    """A value of a frame as a cell holds it: NaN as an empty cell, a Timestamp as a date."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _funnel_block(sheet: _Sheet, section: FunnelSection) -> list[Chart]:
    owners = list(section.by_owner)
    funnels = [section.overall, *section.by_owner.values()]
    counts = [None] + [COUNT] * len(funnels)
    rates = [None] + [RATE] * len(funnels)
    sheet.add([section.title], TITLE)
    sheet.add([FUNNEL.header("step"), FUNNEL.header("total"), *owners], HEADER)
    first_step = sheet.next_row
    for step in STEPS:
        sheet.add([msg.STEP_LABELS[step], *(f.count(step) for f in funnels)], styles=counts)
    last_step = sheet.next_row - 1
    sheet.add([msg.STEP_LABELS["revenue"], *(round(f.revenue, 3) for f in funnels)], styles=counts)
    sheet.blank()
    sheet.add([msg.RATE_HEADER, FUNNEL.header("total"), *owners], HEADER)
    for index, rate in enumerate(RATES):
        sheet.add([msg.RATE_LABELS[rate], *(f.rates()[index] for f in funnels)], styles=rates)
    anchor_col = len(funnels) + 3
    chart = Chart(
        kind="bar",
        title=f"{msg.FUNNEL_CHART_TITLE} — {section.title.split(' — ')[0]}",
        categories=(1, first_step, last_step),
        series=[(FUNNEL.header("total"), 2, first_step, last_step)],
        anchor=f"{column_letter(anchor_col)}{first_step - 1}",
        height_cm=max(6.0, (sheet.next_row - first_step + 2) * CM_PER_ROW),
    )
    sheet.blank()
    sheet.blank()
    return [chart]


def funnel_sheet(sections: Sequence[FunnelSection]) -> SheetWrite:
    """`Entonnoir`: per campaign, the steps and the rates, overall then per salesperson,
    with a bar chart of the overall steps beside each block."""
    sheet = _Sheet()
    charts: list[Chart] = []
    for section in sections:
        charts += _funnel_block(sheet, section)
    owners = max((len(s.by_owner) for s in sections), default=0)
    widths = {1: FUNNEL.column("step").width, **{c: FUNNEL.column("total").width for c in range(2, owners + 3)}}
    return SheetWrite(FUNNEL.name, sheet.rows, sheet.styles, widths, freeze="B1", charts=charts)


def _widths(*schemas: SheetSchema) -> dict[int, float]:
    """Column widths of a sheet holding blocks of these schemas: the widest of each column."""
    widths: dict[int, float] = {}
    for schema in schemas:
        for index, column in enumerate(schema.columns, start=1):
            widths[index] = max(widths.get(index, 0.0), column.width)
    return widths


@dataclass(frozen=True)
class CycleBlocks:
    """The blocks of the agenda that keep the sales cycle going (issue 17), with the
    horizons they were drawn with: contracts ending within `months`, proposals
    waiting more than `proposal_days`, contacts due."""

    renewals: pd.DataFrame
    proposals: pd.DataFrame
    contacts: pd.DataFrame
    today: dt.date
    months: int
    proposal_days: int


def _cycle_blocks(sheet: _Sheet, cycle: CycleBlocks) -> None:
    horizon = (pd.Timestamp(cycle.today) + pd.DateOffset(months=cycle.months)).date()
    late = [{"deadline": LATE} if d is not None and d < cycle.today else {} for d in cycle.renewals["deadline"]]
    blocks = (
        (msg.RENEWALS_TITLE.format(horizon=horizon.strftime("%d/%m/%Y"), months=cycle.months), RENEWALS,
         cycle.renewals, late),
        (msg.PROPOSALS_TITLE.format(days=cycle.proposal_days), AGEING_PROPOSALS, cycle.proposals, None),
        (msg.CONTACTS_TITLE, CONTACTS_DUE, cycle.contacts, None),
    )
    for title, schema, frame, styles in blocks:
        sheet.blank()
        sheet.add([title], TITLE)
        sheet.table(schema, frame, styles)


def agenda_sheet(lines: pd.DataFrame, today: dt.date, days: int, cycle: CycleBlocks | None = None) -> SheetWrite:
    """`Agenda`: one line per appointment or call-back, the temperature coloured; then
    the contracts coming to term (a notice already begun in red), the waiting
    proposals and the contacts due, each block by salesperson."""
    sheet = _Sheet()
    sheet.add([msg.agenda_title(today, today + dt.timedelta(days=days))], TITLE)
    heat_styles = [{"heat": Style(fill=HEAT_FILLS[h])} if h in HEAT_FILLS else {} for h in lines["heat"]]
    sheet.table(AGENDA, lines, heat_styles)
    schemas = (AGENDA,)
    if cycle is not None:
        _cycle_blocks(sheet, cycle)
        schemas = (AGENDA, RENEWALS, AGEING_PROPOSALS, CONTACTS_DUE)
    return SheetWrite(AGENDA.name, sheet.rows, sheet.styles, _widths(*schemas), freeze="C3")


def tenders_sheet(deadlines: pd.DataFrame, late: pd.DataFrame, to_create: pd.DataFrame, days: int) -> SheetWrite:
    """`Suivi AO`: the deadlines to come, the late steps, the deals to create."""
    sheet = _Sheet()
    sheet.add([msg.DEADLINES_TITLE.format(days=days)], TITLE)
    sheet.table(TENDER_WATCH, deadlines)
    sheet.blank()
    sheet.add([msg.LATE_TITLE], TITLE)
    sheet.table(TENDER_WATCH, late, [{"reason": LATE}] * len(late))
    sheet.blank()
    sheet.add([msg.DEALS_TO_CREATE_TITLE], TITLE)
    sheet.table(DEALS_TO_CREATE, to_create)
    return SheetWrite(TENDER_WATCH.name, sheet.rows, sheet.styles, _widths(TENDER_WATCH, DEALS_TO_CREATE), freeze="A2")
