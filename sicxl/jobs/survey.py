"""Jobs of the satisfaction survey (issue 6): `sample` draws the sample into sheet
`Échantillon`; `survey` computes sheet `Résultats` from `Réponses`.

Both only read the user's sheets (Clients, Paramètres, Questionnaire, Réponses)
and write whole computed sheets; every problem found is reported with its cell,
in the job's report and in a "Remarques" block of the computed sheet.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Sequence

import numpy as np
import pandas as pd

from sicxl.jobs.base import Context, JobResult, Report, Source, find_sheet, job, load_table
from sicxl.messages import survey as msg
from sicxl.schema.base import SheetSchema
from sicxl.schema.prospects import DATE
from sicxl.schema.survey import (CLIENTS, MARKETS, PARAMETERS, PERCENT, QUESTIONNAIRE, RESPONSES, RESULTS, SAMPLE,
                                 responses_schema)
from sicxl.survey.answers import code_answers
from sicxl.survey.clients import population_by_market, read_clients
from sicxl.survey.issues import Issue
from sicxl.survey.plan import GIVEN, SamplePlan, plan_sample
from sicxl.survey.questionnaire import Questionnaire, read_questionnaire
from sicxl.survey.results import SurveyResults, analyse
from sicxl.survey.settings import SurveySettings, parameter_lines, read_settings
from sicxl.table import Table, column_letter
from sicxl.values import is_blank, text_of
from sicxl.writes import Chart, SheetWrite, Style, Value, Writes

HEADER = Style(bold=True, fill="1F4E78", font_color="FFFFFF", wrap=True)
TITLE = Style(bold=True)
NOTE = Style(font_color="595959")
RATE = Style(number_format=PERCENT)
CORRELATION = Style(number_format="0.00")
INTEGER = Style(number_format="0")
PILOT = Style(fill="FFF2CC")
WEAK = Style(fill="FFC7CE")
STRONG = Style(fill="C6EFCE")


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


# --- reading -----------------------------------------------------------------------------

def _load(source: Source, schema: SheetSchema, report: Report, schema_for_name: SheetSchema | None = None,
          only_named: bool = False) -> Table | None:
    sheet = find_sheet(source, schema_for_name or schema)
    if only_named and sheet is None:
        return None
    table = load_table(source, schema, sheet)
    if table is None:
        report.problem(msg.sheet_missing(schema.name))
        return None
    report.problems.extend(table.notes)
    missing = [c.header for c in table.missing([c for c in schema.columns if c.required])]
    if missing:
        report.problem(msg.columns_missing(table.sheet, missing))
    return table


def _where(table: Table | None, issue: Issue) -> str | None:
    if table is None:
        return None
    if issue.row is not None and issue.key in table.columns:
        return table.cell(issue.key, issue.row)
    if issue.row is not None:
        return msg.row_of(issue.row)
    if issue.key in table.columns:
        return msg.column_of(column_letter(table.columns[issue.key]))
    return None


def _record(report: Report, issues: Sequence[Issue], tables: dict[str, Table | None], default: str) -> list[str]:
    """Count each issue by kind and keep its located message for the report and the sheet."""
    lines = []
    for issue in issues:
        sheet = issue.sheet or default
        table = tables.get(sheet)
        line = msg.located(issue.message, table.sheet if table else sheet, _where(table, issue))
        report.anomalies[issue.kind] += 1
        report.problem(line)
        lines.append(line)
    return lines


def _settings(source: Source) -> tuple[SurveySettings, Table | None, list[Issue]]:
    sheet = find_sheet(source, PARAMETERS)
    table = load_table(source, PARAMETERS, sheet) if sheet else None
    if table is None:
        return SurveySettings(), None, []
    frame = table.frame
    lines = [(row, frame.at[row, "parameter"] if "parameter" in frame else None,
              frame.at[row, "value"] if "value" in frame else None) for row in frame.index]
    settings, issues = read_settings(lines)
    return settings, table, issues


def _parameters_sheet() -> SheetWrite:
    """`Paramètres` with every default and its comment, when the workbook has none."""
    grid = SheetGrid()
    grid.line(1, 1, [c.header for c in PARAMETERS.columns], HEADER)
    for row, (label, value, comment) in enumerate(parameter_lines(), start=2):
        grid.line(row, 1, [label, value, comment])
    return grid.sheet(PARAMETERS.name, {i + 1: c.width for i, c in enumerate(PARAMETERS.columns)}, "A2")


# --- sample ------------------------------------------------------------------------------

def _sample_block(grid: SheetGrid, plan: SamplePlan, settings: SurveySettings, today: dt.date,
                  remarks: Sequence[str]) -> None:
    col = len(SAMPLE.columns) + 2
    if plan.size_source == GIVEN:
        size_note = msg.SAMPLE_SIZE_GIVEN
    else:
        size_note = msg.sample_size_computed(settings.margin, settings.confidence, settings.expected_rate)
    if plan.size != plan.requested:
        size_note = msg.sample_size_capped(plan.requested)
    lines = [
        (msg.SAMPLE_POPULATION, plan.total, INTEGER, None),
        (msg.SAMPLE_EXCLUDED, plan.excluded, INTEGER, None),
        (msg.SAMPLE_ELIGIBLE, plan.total - plan.excluded, INTEGER, None),
        (msg.SAMPLE_SIZE, plan.size, INTEGER, size_note),
        (msg.SAMPLE_MARGIN, plan.margin if math.isfinite(plan.margin) else msg.NOT_DEFINED, RATE,
         msg.sample_margin_note(settings.confidence)),
        (msg.SAMPLE_METHOD, plan.method, None, msg.SAMPLE_METHOD_NOTE.get(plan.method)),
        (None, None, None, msg.SAMPLE_ROUNDING),
        (msg.SAMPLE_SEED, plan.seed, INTEGER, msg.SAMPLE_SEED_NOTE),
        (msg.SAMPLE_DRAW, None, None, msg.SAMPLE_DRAW_NOTE),
        (msg.SAMPLE_PILOT, plan.pilot, INTEGER, msg.sample_pilot_note(settings.pilot_share)),
        (msg.SAMPLE_DATE, today, Style(number_format=DATE), None),
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


def sample_sheet(plan: SamplePlan, settings: SurveySettings, today: dt.date, remarks: Sequence[str]) -> SheetWrite:
    """Sheet `Échantillon`: the drawn clients (a table `survey` reads back) and,
    beside it, how they were drawn."""
    grid = SheetGrid()
    grid.line(1, 1, [c.header for c in SAMPLE.columns], HEADER)
    for row, (_, client) in enumerate(plan.sample.iterrows(), start=2):
        pilot = bool(client["pilot"])
        grid.line(row, 1, [client["id"], client["name"], client["market"], msg.YES if pilot else msg.NO],
                  PILOT if pilot else None)
    _sample_block(grid, plan, settings, today, remarks)
    widths = {i + 1: c.width for i, c in enumerate(SAMPLE.columns)}
    first = len(SAMPLE.columns) + 2
    widths.update({first: 30, first + 1: 12, first + 2: 14, first + 3: 12, first + 4: 14, first + 5: 12,
                   first + 6: 12, first + 7: 14})
    return grid.sheet(SAMPLE.name, widths, "A2")


@job("sample", "Tirer l'échantillon", sheets=(CLIENTS.name, QUESTIONNAIRE.name))
def sample_job(source: Source, ctx: Context) -> JobResult:
    """Draw the stratified sample of the year's survey into sheet `Échantillon`."""
    report = Report("sample")
    clients_table = _load(source, CLIENTS, report)
    if clients_table is None or "id" not in clients_table.columns or "market" not in clients_table.columns:
        return JobResult(Writes(), report)
    clients, client_issues = read_clients(clients_table.frame)
    settings, parameters_table, parameter_issues = _settings(source)
    plan = plan_sample(clients, settings)
    tables = {CLIENTS.name: clients_table, PARAMETERS.name: parameters_table}
    remarks = _record(report, parameter_issues, tables, PARAMETERS.name)
    remarks += _record(report, [*client_issues, *plan.issues], tables, CLIENTS.name)
    writes = Writes(sheets=[sample_sheet(plan, settings, ctx.today, remarks)])
    if parameters_table is None:
        writes.sheets.append(_parameters_sheet())
    report.counts.update(clients=plan.total, eligible=plan.total - plan.excluded, sample=plan.size, pilot=plan.pilot)
    report.add(msg.sample_summary(plan.size, plan.total, plan.total - plan.excluded, plan.method, plan.seed,
                                  plan.pilot))
    report.add(msg.sample_allocation(plan.allocation))
    return JobResult(writes, report)


# --- survey ------------------------------------------------------------------------------

def _sample_ids(source: Source, report: Report) -> tuple[set[str] | None, Table | None]:
    """IDs of `Échantillon`, or None (and said) when the sample was never drawn."""
    table = _load(source, SAMPLE, report, only_named=True)
    if table is None or "id" not in table.columns:
        report.problem(msg.NO_SAMPLE_SHEET)
        return None, table
    return {text_of(v) for v in table.frame["id"] if not is_blank(v)}, table


class ResultsLayout:
    """Sheet `Résultats`, block after block, top to bottom."""

    def __init__(self, results: SurveyResults, markets: Sequence[str]) -> None:
        self.results = results
        self.markets = list(markets)
        self.grid = SheetGrid()
        self.row = 1
        self.charts: list[Chart] = []

    def title(self, text: str) -> None:
        self.grid.put(self.row, 1, text, TITLE)
        self.row += 1

    def headers(self, labels: Sequence[str]) -> None:
        self.grid.line(self.row, 1, labels, HEADER)
        self.row += 1

    def values(self, values: Sequence[Any], styles: Sequence[Style | None]) -> None:
        self.grid.line(self.row, 1, values, styles)
        self.row += 1

    def gap(self) -> None:
        self.row += 1

    def intro(self, kept: int, today: dt.date) -> None:
        self.title(msg.RESULTS_TITLE)
        self.grid.put(self.row, 1, msg.RESULTS_DEFINITION, NOTE)
        self.row += 1
        self.grid.put(self.row, 1, msg.results_respondents(kept, today), NOTE)
        self.row += 2

    def overall(self) -> None:
        estimate, question = self.results.overall, self.results.overall_question
        if estimate is None or question is None:
            return
        self.title(msg.OVERALL_TITLE)
        self.headers(msg.OVERALL_HEADERS)
        line = self.results.questions[self.results.questions["number"] == question.number].iloc[0]
        self.values([f"{question.label} {question.text}", estimate.rate, estimate.margin, estimate.low,
                     estimate.high, line["given"], line["no_answer"]],
                    [None, RATE, RATE, RATE, RATE, INTEGER, INTEGER])
        self.grid.put(self.row, 1, msg.overall_used(question.label, self.results.overall_source), NOTE)
        self.row += 2

    def themes(self) -> None:
        table = self.results.themes
        if table.empty:
            return
        self.title(msg.THEMES_TITLE)
        self.headers([*msg.THEMES_HEADERS, *self.markets])
        for _, line in table.iterrows():
            style = WEAK if line["rank"] == 1 else None
            self.values([line["rank"], line["theme"], line["questions"], line["rate"], line["margin"], line["given"],
                         line["no_answer"], *(line[f"market:{m}"] for m in self.markets)],
                        [INTEGER, style, None, RATE, RATE, INTEGER, INTEGER, *[RATE] * len(self.markets)])
        self.gap()

    def market_table(self) -> None:
        table = self.results.markets
        themes = list(self.results.themes.sort_values("rank")["theme"]) if not self.results.themes.empty else []
        self.title(msg.MARKETS_TITLE)
        self.headers([*msg.MARKETS_HEADERS, *themes])
        for _, line in table.iterrows():
            self.values([line["market"], line["population"], line["respondents"], line.get("rate"),
                         line.get("margin"), *(line[f"theme:{t}"] for t in themes)],
                        [None, INTEGER, INTEGER, RATE, RATE, *[RATE] * len(themes)])
        self.gap()

    def question_table(self) -> None:
        self.title(msg.QUESTIONS_TITLE)
        self.headers([*msg.QUESTIONS_HEADERS, *self.markets])
        for _, line in self.results.questions.iterrows():
            self.values([line["label"], line["text"], line["theme"], line["scale"], line["given"], line["no_answer"],
                         line["off_scale"], line["raw_rate"], line["rate"], line["margin"],
                         *(line[f"market:{m}"] for m in self.markets)],
                        [None, None, None, None, INTEGER, INTEGER, INTEGER, RATE, RATE, RATE,
                         *[RATE] * len(self.markets)])
        self.gap()

    def weak_points(self) -> None:
        question = self.results.overall_question
        if question is None or self.results.ipa_themes.empty:
            self.grid.put(self.row, 1, msg.IPA_NO_OVERALL, NOTE)
            self.row += 2
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
        for text in (*msg.METHOD_LINES, *self.results.notes):
            self.grid.put(self.row, 1, text, NOTE)
            self.row += 1
        if remarks:
            self.gap()
            self.title(msg.REMARKS)
            for text in remarks:
                self.grid.put(self.row, 1, text)
                self.row += 1

    def sheet(self) -> SheetWrite:
        widths = {1: 34, 2: 44, 3: 22, 4: 16, 5: 12, 6: 12, 7: 12, 8: 12, 9: 12, 10: 12}
        widths.update({11 + i: 13 for i in range(len(self.markets))})
        return self.grid.sheet(RESULTS.name, widths, None, self.charts)


def results_sheet(results: SurveyResults, kept: int, today: dt.date, remarks: Sequence[str]) -> SheetWrite:
    layout = ResultsLayout(results, list(results.markets["market"]))
    layout.intro(kept, today)
    layout.overall()
    layout.themes()
    layout.market_table()
    layout.question_table()
    layout.weak_points()
    layout.distribution()
    layout.notes(remarks)
    return layout.sheet()


def _questionnaire(source: Source, report: Report) -> tuple[Questionnaire, Table | None, list[Issue]]:
    table = _load(source, QUESTIONNAIRE, report)
    if table is None:
        return Questionnaire((), None), None, []
    questionnaire, issues = read_questionnaire(table.frame)
    return questionnaire, table, issues


@job("survey", "Analyser l'enquête", sheets=(QUESTIONNAIRE.name, RESPONSES.name))
def survey_job(source: Source, ctx: Context) -> JobResult:
    """Satisfaction rates, margins of error and weak points into sheet `Résultats`."""
    report = Report("survey")
    clients_table = _load(source, CLIENTS, report)
    questionnaire, questionnaire_table, question_issues = _questionnaire(source, report)
    tables: dict[str, Table | None] = {CLIENTS.name: clients_table, QUESTIONNAIRE.name: questionnaire_table}
    remarks = _record(report, question_issues, tables, QUESTIONNAIRE.name)
    if clients_table is None or "id" not in clients_table.columns:
        return JobResult(Writes(), report)
    if not questionnaire.questions:
        report.problem(msg.NO_QUESTIONS)
        return JobResult(Writes(), report)
    schema = responses_schema((q.number, q.text) for q in questionnaire.questions)
    responses_table = _load(source, schema, report, schema_for_name=RESPONSES)
    if responses_table is None:
        return JobResult(Writes(), report)
    for question in questionnaire.questions:
        if question.key not in responses_table.columns:
            report.problem(msg.question_column_missing(question.label))
    questionnaire = questionnaire.only(set(responses_table.columns))
    clients, client_issues = read_clients(clients_table.frame)
    sample, _ = _sample_ids(source, report)
    markets = dict(zip(clients["id"], clients["market"]))
    answers, answer_issues = code_answers(responses_table.frame, questionnaire, markets, sample)
    tables[RESPONSES.name] = responses_table
    remarks += _record(report, client_issues, tables, CLIENTS.name)
    remarks += _record(report, answer_issues, tables, RESPONSES.name)
    results = analyse(answers, questionnaire, population_by_market(clients[clients["market"].notna()]))
    report.counts.update(rows=len(responses_table.frame), respondents=len(answers))
    report.add(msg.survey_summary(len(answers), len(responses_table.frame)))
    if results.overall is not None and results.overall_question is not None and not math.isnan(results.overall.rate):
        report.add(msg.overall_line(results.overall_question.label, results.overall.rate, results.overall.margin))
    if not results.themes.empty and not math.isnan(results.themes["rate"].iloc[0]):
        report.add(msg.weakest_theme(results.themes["theme"].iloc[0], results.themes["rate"].iloc[0]))
    if not results.ipa_themes.empty:
        priority = results.ipa_themes[results.ipa_themes["quadrant"] == msg.QUADRANT_PRIORITY]["item"]
        report.add(msg.priorities(list(priority)))
    sheet = results_sheet(results, len(answers), ctx.today, remarks)
    return JobResult(Writes(sheets=[sheet]), report)
