"""The sheets the survey jobs write: `Échantillon` (the record and the field work),
the previous draw kept on a redraw, and `Résultats` (this year beside last year).

Plain values and styles (`writes.SheetWrite`): the jobs hand them to the shell.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from sicxl.messages import survey as msg
from sicxl.schema.survey import DATE, LEFT, MARKETS, OVERALL_THEME, PERCENT, RESERVE, ADDED, SAMPLE, THEMES
from sicxl.survey.compare import Change, YearOnYear
from sicxl.survey.fieldwork import Standing
from sicxl.survey.plan import GIVEN, SamplePlan
from sicxl.survey.record import RECORD_COLUMNS, drawn_mask
from sicxl.survey.results import SurveyResults
from sicxl.survey.settings import SurveySettings
from sicxl.values import is_blank
from sicxl.writes import Chart, SheetWrite, Style, Value

HEADER = Style(bold=True, fill="1F4E78", font_color="FFFFFF", wrap=True)
TITLE = Style(bold=True)
NOTE = Style(font_color="595959")
RATE = Style(number_format=PERCENT)
CHANGE = Style(number_format="+0.0%;-0.0%;0.0%")
CORRELATION = Style(number_format="0.00")
INTEGER = Style(number_format="0")
DAY = Style(number_format=DATE)
PILOT = Style(fill="FFF2CC")
RESERVED = Style(font_color="595959")
WEAK = Style(fill="FFC7CE")
STRONG = Style(fill="C6EFCE")
WRAP = Style(wrap=True)


class SheetGrid:
    """A computed sheet built cell by cell: values, styles, then one `SheetWrite`."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], Value] = {}
        self.styles: dict[tuple[int, int], Style] = {}

    def put(self, row: int, col: int, value: Any, style: Style | None = None) -> None:
        if isinstance(value, np.generic):  # numpy scalars from pandas: plain Python for the writers
            value = value.item()
        if isinstance(value, float) and math.isnan(value):
            value = None
        self.cells[(row, col)] = value
        if style is not None:
            self.styles[(row, col)] = style

    def line(self, row: int, col: int, values: Sequence[Any],
             styles: Sequence[Style | None] | Style | None = None) -> None:
        for offset, value in enumerate(values):
            style = styles[offset] if isinstance(styles, (list, tuple)) else styles
            self.put(row, col + offset, value, style)

    def sheet(self, name: str, widths: dict[int, float], freeze: str | None = None,
              charts: Sequence[Chart] = ()) -> SheetWrite:
        last_row = max((r for r, _ in self.cells), default=0)
        last_col = max((c for _, c in self.cells), default=0)
        rows = [[self.cells.get((r, c)) for c in range(1, last_col + 1)] for r in range(1, last_row + 1)]
        return SheetWrite(name, rows, dict(self.styles), widths, freeze, list(charts))




# --- Échantillon ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Draw:
    """How the sample in the sheet was drawn: the plan's figures and, for a sample
    kept from an earlier run, the day it was drawn."""

    plan: SamplePlan
    settings: SurveySettings
    drawn_on: dt.date | None
    frozen: bool


def _size_note(draw: Draw) -> str:
    plan, settings = draw.plan, draw.settings
    if draw.frozen:
        return msg.sample_frozen_note(draw.drawn_on)
    if plan.size != plan.requested:
        return msg.sample_size_capped(plan.requested)
    if plan.size_source == GIVEN:
        return msg.SAMPLE_SIZE_GIVEN
    return msg.sample_size_computed(settings.margin, settings.confidence, settings.expected_rate)


def _sample_block(grid: SheetGrid, draw: Draw, remarks: Sequence[str]) -> None:
    plan, settings = draw.plan, draw.settings
    col = len(SAMPLE.columns) + 2
    lines = [
        (msg.SAMPLE_POPULATION, plan.total, INTEGER, None),
        (msg.SAMPLE_EXCLUDED, plan.excluded, INTEGER, None),
        (msg.SAMPLE_ELIGIBLE, plan.total - plan.excluded, INTEGER, None),
        (msg.SAMPLE_SIZE, plan.size, INTEGER, _size_note(draw)),
        (msg.SAMPLE_MARGIN, plan.margin if math.isfinite(plan.margin) else msg.NOT_DEFINED, RATE,
         msg.sample_margin_note(settings.confidence)),
        (msg.SAMPLE_METHOD, plan.method, None, msg.SAMPLE_METHOD_NOTE.get(plan.method)),
        (None, None, None, msg.SAMPLE_ROUNDING),
        (msg.SAMPLE_SEED, plan.seed, INTEGER, msg.SAMPLE_SEED_NOTE),
        (msg.SAMPLE_DRAW, None, None, msg.SAMPLE_DRAW_NOTE),
        (msg.SAMPLE_PILOT, plan.pilot, INTEGER, msg.sample_pilot_note(settings.pilot_share)),
        (msg.SAMPLE_DATE, draw.drawn_on, DAY, msg.SAMPLE_KEPT if draw.frozen else msg.SAMPLE_RESERVE_NOTE),
    ]
    grid.put(1, col, msg.SAMPLE_HOW, TITLE)
    for row, (label, value, style, note) in enumerate(lines, start=2):
        grid.line(row, col, [label, value, note], [TITLE, style, NOTE])
    row = len(lines) + 3
    grid.line(row, col, msg.STRATA_HEADERS, HEADER)
    pilots = plan.sample.groupby("market")["pilot"].sum() if len(plan.sample) else pd.Series(dtype=int)
    for offset, market in enumerate(MARKETS, start=1):
        size = plan.population[market]
        grid.line(row + offset, col, [
            market, size, size - plan.eligible[market], plan.eligible[market], settings.last_rates.get(market),
            plan.allocation[market], int(pilots.get(market, 0)),
            plan.allocation[market] / size if size else None,
        ], [None, INTEGER, INTEGER, INTEGER, RATE, INTEGER, INTEGER, RATE])
    total_row = row + len(MARKETS) + 1
    grid.line(total_row, col, [msg.TOTAL, plan.total, plan.excluded, plan.total - plan.excluded, None, plan.size,
                               int(plan.sample["pilot"].sum()) if len(plan.sample) else 0,
                               plan.size / plan.total if plan.total else None],
              [TITLE, INTEGER, INTEGER, INTEGER, None, INTEGER, INTEGER, RATE])
    if remarks:
        grid.put(total_row + 2, col, msg.REMARKS, TITLE)
        for offset, remark in enumerate(remarks, start=3):
            grid.put(total_row + offset, col, remark)


def _record_line(client: dict[str, Any], standing: Standing | None) -> list[Any]:
    rank = client["reserve_rank"]
    rank = None if rank is None or (isinstance(rank, float) and math.isnan(rank)) else int(rank)
    drawn = client["state"] not in (RESERVE, ADDED) and not (client["state"] == LEFT and rank is not None)
    line = [client["id"], client["name"], client["market"], (msg.YES if client["pilot"] else msg.NO) if drawn else None,
            client["state"], rank, client["drawn_on"]]
    if standing is None:
        return line + [None] * 5
    return line + [standing.attempts, standing.last_contact, standing.channel or None, standing.state,
                   standing.remind_on]


def sample_sheet(record: pd.DataFrame, standings: dict[str, Standing], draw: Draw,
                 remarks: Sequence[str]) -> SheetWrite:
    """Sheet `Échantillon`: the record (drawn clients, then the reserve) with where
    each drawn client stands, and beside it how the sample was drawn."""
    grid = SheetGrid()
    grid.line(1, 1, [c.header for c in SAMPLE.columns], HEADER)
    drawn = drawn_mask(record)
    day_columns = {i + 1 for i, c in enumerate(SAMPLE.columns) if c.number_format == DATE}
    for row, (client, is_drawn) in enumerate(zip(record.to_dict("records"), drawn), start=2):
        style = PILOT if is_drawn and client["pilot"] else None if is_drawn else RESERVED
        values = _record_line(client, standings.get(client["id"]) if is_drawn else None)
        grid.line(row, 1, values, [DAY if col in day_columns else style for col in range(1, len(values) + 1)])
    _sample_block(grid, draw, remarks)
    widths = {i + 1: c.width for i, c in enumerate(SAMPLE.columns)}
    first = len(SAMPLE.columns) + 2
    widths.update({first: 30, first + 1: 12, first + 2: 14, first + 3: 12, first + 4: 14, first + 5: 12,
                   first + 6: 12, first + 7: 14})
    return grid.sheet(SAMPLE.name, widths, "A2")


def previous_draw_sheet(name: str, record: pd.DataFrame) -> SheetWrite:
    """The draw a redraw replaces, kept as it was (its record columns)."""
    grid = SheetGrid()
    headers = [SAMPLE.header(key) for key in RECORD_COLUMNS]
    grid.line(1, 1, headers, HEADER)
    for row, client in enumerate(record.to_dict("records"), start=2):
        grid.line(row, 1, _record_line(client, None)[: len(RECORD_COLUMNS)],
                  [DAY if key == "drawn_on" else None for key in RECORD_COLUMNS])
    return grid.sheet(name, {i + 1: SAMPLE.column(k).width for i, k in enumerate(RECORD_COLUMNS)}, "A2")


# --- Résultats -----------------------------------------------------------------------------

def _change_cells(change: Change | None) -> tuple[list[Any], list[Style | None]]:
    """Last year's rate, the change, and whether it is significant at 95 %."""
    if change is None:
        return [None, None, msg.NOT_COMPARED], [RATE, CHANGE, None]
    fill = (STRONG if change.difference > 0 else WEAK) if change.significant else None
    before = None if math.isnan(change.before) else change.before
    delta = None if math.isnan(change.difference) else change.difference
    return [before, delta, msg.significance(change)], [RATE, CHANGE, fill]


class ResultsLayout:
    """Sheet `Résultats`, block after block, top to bottom."""

    def __init__(self, results: SurveyResults, markets: Sequence[str], past: YearOnYear | None) -> None:
        self.results = results
        self.markets = list(markets)
        self.past = past
        self.grid = SheetGrid()
        self.row = 1
        self.charts: list[Chart] = []

    def title(self, text: str) -> None:
        self.grid.put(self.row, 1, text, TITLE)
        self.row += 1

    def note(self, text: str) -> None:
        self.grid.put(self.row, 1, text, NOTE)
        self.row += 1

    def headers(self, labels: Sequence[str]) -> None:
        self.grid.line(self.row, 1, labels, HEADER)
        self.row += 1

    def values(self, values: Sequence[Any], styles: Sequence[Style | None]) -> None:
        self.grid.line(self.row, 1, values, styles)
        self.row += 1

    def gap(self) -> None:
        self.row += 1

    def _compared(self) -> list[str]:
        return list(msg.CHANGE_HEADERS) if self.past is not None else []

    def _change(self, changes: dict, key: Any) -> tuple[list[Any], list[Style | None]]:
        if self.past is None:
            return [], []
        return _change_cells(changes.get(key))

    def intro(self, kept: int, today: dt.date) -> None:
        self.title(msg.RESULTS_TITLE)
        self.note(msg.RESULTS_DEFINITION)
        self.note(msg.results_respondents(kept, today))
        if self.past is not None:
            self.note(msg.results_compared(self.past.respondents))
        self.gap()

    def overall(self) -> None:
        estimate, question = self.results.overall, self.results.overall_question
        if estimate is None or question is None:
            return
        self.title(msg.OVERALL_TITLE)
        self.headers([*msg.OVERALL_HEADERS, *self._compared()])
        line = self.results.questions[self.results.questions["number"] == question.number].iloc[0]
        compared, styles = _change_cells(self.past.overall) if self.past is not None else ([], [])
        self.values([f"{question.label} {question.text}", estimate.rate, estimate.margin, estimate.low,
                     estimate.high, line["given"], line["no_answer"], *compared],
                    [None, RATE, RATE, RATE, RATE, INTEGER, INTEGER, *styles])
        self.note(msg.overall_used(question.label, self.results.overall_source))
        self.note(msg.satisfied_definition(question.label, question.satisfied_levels))
        self.gap()

    def themes(self) -> None:
        table = self.results.themes
        if table.empty:
            return
        self.title(msg.THEMES_TITLE)
        self.headers([*msg.THEMES_HEADERS, *self._compared(), *self.markets])
        for _, line in table.iterrows():
            style = WEAK if line["rank"] == 1 else None
            compared, styles = self._change(self.past.themes if self.past else {}, line["theme"])
            self.values([line["rank"], line["theme"], line["questions"], line["rate"], line["margin"], line["given"],
                         line["no_answer"], *compared, *(line[f"market:{m}"] for m in self.markets)],
                        [INTEGER, style, None, RATE, RATE, INTEGER, INTEGER, *styles, *[RATE] * len(self.markets)])
        self.gap()

    def market_table(self) -> None:
        table = self.results.markets
        themes = list(self.results.themes.sort_values("rank")["theme"]) if not self.results.themes.empty else []
        self.title(msg.MARKETS_TITLE)
        self.headers([*msg.MARKETS_HEADERS, *self._compared(), *themes])
        for _, line in table.iterrows():
            compared, styles = self._change(self.past.markets if self.past else {}, line["market"])
            self.values([line["market"], line["population"], line["respondents"], line.get("rate"),
                         line.get("margin"), *compared, *(line[f"theme:{t}"] for t in themes)],
                        [None, INTEGER, INTEGER, RATE, RATE, *styles, *[RATE] * len(themes)])
        if self.past is not None:
            self.note(msg.MARKET_TEST_NOTE)
        self.gap()

    def question_table(self) -> None:
        self.title(msg.QUESTIONS_TITLE)
        self.headers([*msg.QUESTIONS_HEADERS, *self._compared(), *self.markets])
        for _, line in self.results.questions.iterrows():
            compared, styles = self._change(self.past.questions if self.past else {}, line["number"])
            self.values([line["label"], line["text"], line["theme"], line["scale"], line["satisfied_from"],
                         line["given"], line["no_answer"], line["off_scale"], line["raw_rate"], line["rate"],
                         line["margin"], *compared, *(line[f"market:{m}"] for m in self.markets)],
                        [None, None, None, None, None, INTEGER, INTEGER, INTEGER, RATE, RATE, RATE, *styles,
                         *[RATE] * len(self.markets)])
        self.gap()

    def fieldwork(self, rates: pd.DataFrame | None) -> None:
        if rates is None:
            return
        self.title(msg.FIELDWORK_TITLE)
        self.headers(msg.FIELDWORK_HEADERS)
        for _, line in rates.iterrows():
            self.values([line["market"], line["drawn"], line["answered"], line["refused"], line["gave_up"],
                         line["in_progress"], line["rate"]], [None, *[INTEGER] * 5, RATE])
        drawn = int(rates["drawn"].sum())
        self.values([msg.TOTAL, drawn, int(rates["answered"].sum()), int(rates["refused"].sum()),
                     int(rates["gave_up"].sum()), int(rates["in_progress"].sum()),
                     rates["answered"].sum() / drawn if drawn else None], [TITLE, *[INTEGER] * 5, RATE])
        self.note(msg.FIELDWORK_NOTE)
        self.gap()

    def weak_points(self) -> None:
        question = self.results.overall_question
        if question is None or self.results.ipa_themes.empty:
            self.note(msg.IPA_NO_OVERALL)
            self.gap()
            return
        self.title(msg.ipa_title(question.label))
        self.headers(msg.IPA_THEME_HEADERS)
        first = self.row
        for _, line in self.results.ipa_themes.iterrows():
            fill = WEAK if line["quadrant"] == msg.QUADRANT_PRIORITY else None
            self.values([line["item"], line["importance"], line["performance"], line["quadrant"]],
                        [fill, CORRELATION, RATE, fill])
        last = self.row - 1
        themes = self.results.ipa_themes["item"].tolist()
        self.charts.append(Chart(
            kind="scatter", title=msg.IPA_CHART_TITLE, categories=(2, first, last),
            series=[(str(theme), 3, row, row) for theme, row in zip(themes, range(first, last + 1))],
            anchor=f"F{first - 1}", x_title=msg.IPA_IMPORTANCE, y_title=msg.IPA_PERFORMANCE,
        ))
        self.row = max(self.row, first + 16)  # leave the chart room
        self.headers(msg.IPA_QUESTION_HEADERS)
        for _, line in self.results.ipa_questions.iterrows():
            fill = WEAK if line["quadrant"] == msg.QUADRANT_PRIORITY else None
            self.values([line["item"], line["text"], line["theme"], line["importance"], line["performance"],
                         line["quadrant"]], [fill, None, None, CORRELATION, RATE, fill])
        self.gap()

    def open_answers(self, answers: pd.DataFrame, names: dict[str, str]) -> None:
        """The words of the open questions, theme by theme (the contract's order, then
        the general ones)."""
        if answers.empty:
            return
        self.title(msg.OPEN_TITLE)
        self.headers(msg.OPEN_HEADERS)
        order = {theme: rank for rank, theme in enumerate((*THEMES, OVERALL_THEME))}
        ranked = answers.assign(_theme=answers["theme"].map(lambda t: order.get(t, len(order))))
        for _, line in ranked.sort_values(["_theme", "number"], kind="stable").iterrows():
            self.values([msg.NO_THEME if is_blank(line["theme"]) else line["theme"],
                         f"{line['label']} {line['text']}", line["id"],
                         names.get(line["id"]), line["market"], line["answer"]],
                        [None, None, None, None, None, WRAP])
        self.gap()

    def distribution(self) -> None:
        self.title(msg.DISTRIBUTION_TITLE)
        self.headers(msg.DISTRIBUTION_HEADERS)
        for _, line in self.results.distribution.iterrows():
            self.values([line["label"], line["level"], line["count"], line["share"],
                         msg.YES if line["top2"] else msg.NO],
                        [None, None, INTEGER, RATE, STRONG if line["top2"] else None])
        self.gap()

    def notes(self, remarks: Sequence[str]) -> None:
        self.title(msg.METHOD_TITLE)
        lines = (*msg.METHOD_LINES, *(msg.COMPARISON_LINES if self.past is not None else ()), *self.results.notes)
        for text in lines:
            self.note(text)
        if remarks:
            self.gap()
            self.title(msg.REMARKS)
            for text in remarks:
                self.grid.put(self.row, 1, text)
                self.row += 1

    def sheet(self, name: str) -> SheetWrite:
        widths = {1: 34, 2: 44, 3: 22, 4: 16, 5: 12, 6: 12, 7: 12, 8: 12, 9: 12, 10: 12}
        widths.update({11 + i: 13 for i in range(len(self.markets) + 4)})
        return self.grid.sheet(name, widths, None, self.charts)


@dataclass
class ResultsInputs:
    """What `Résultats` shows besides this year's results."""

    past: YearOnYear | None = None
    rates: pd.DataFrame | None = None  # response rate per market (field work)
    open_answers: pd.DataFrame | None = None
    names: dict[str, str] | None = None  # client ID -> name, for the open answers


def results_sheet(name: str, results: SurveyResults, kept: int, today: dt.date, remarks: Sequence[str],
                  extra: ResultsInputs) -> SheetWrite:
    layout = ResultsLayout(results, list(results.markets["market"]), extra.past)
    layout.intro(kept, today)
    layout.overall()
    layout.themes()
    layout.market_table()
    layout.question_table()
    layout.fieldwork(extra.rates)
    layout.weak_points()
    if extra.open_answers is not None:
        layout.open_answers(extra.open_answers, extra.names or {})
    layout.distribution()
    layout.notes(remarks)
    return layout.sheet(name)
