"""Jobs of the satisfaction survey: `sample` draws the sample into sheet
`Échantillon`, then keeps it (issue 15); `survey` computes sheet `Résultats` from
`Réponses`, beside last year's results from `Réponses N-1`.

Both only read the user's sheets (Clients, Paramètres, Questionnaire, Réponses,
Réponses N-1, Suivi des contacts) and `Échantillon`, the sample's record; every
problem found is reported with its cell, in the job's report and in a "Remarques"
block of the computed sheet.

`sample`, first rule that applies:
1. `--redraw` (`redraw` option): a new draw; the previous one is kept whole in a
   sheet « Échantillon du JJ-MM-AAAA », and the report says which typed answers
   no longer count;
2. a sample already drawn: kept as it is (`survey.record.freeze`): no client
   swapped, new clients in the reserve, clients who left marked;
3. answers already typed without any sample: nothing is drawn (a draw now would
   not be the one the answers came from), and the report says how to go on;
4. otherwise: the first draw.
`regenerate` runs `sample` without options: it never redraws.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from typing import Sequence

import pandas as pd

from sicxl.jobs.base import Context, JobResult, Option, Report, Source, find_sheet, job, load_table
from sicxl.messages import survey as msg
from sicxl.prospects.reading import Anomalies, read_rows
from sicxl.schema.base import SheetSchema
from sicxl.schema.survey import (ADDED, CLIENTS, FIELDWORK, LEFT, LAST_YEAR, MARKETS, PARAMETERS, QUESTIONNAIRE, RESPONSES,
                                 RESULTS, SAMPLE, last_year_schema, responses_schema)
from sicxl.survey.answers import code_answers, open_answers
from sicxl.survey.clients import population_by_market, read_clients
from sicxl.survey.compare import YearOnYear, compare
from sicxl.survey.fieldwork import Standing, response_rates, standings
from sicxl.survey.issues import Issue
from sicxl.survey.plan import SamplePlan, plan_sample
from sicxl.survey.questionnaire import Questionnaire, read_questionnaire
from sicxl.survey.record import (draw_date, drawn_ids, drawn_mask, freeze, in_order, new_record,
                                 population_at_draw, read_record)
from sicxl.survey.results import analyse
from sicxl.survey.sample_size import margin_of_error
from sicxl.survey.settings import SurveySettings, parameter_lines, read_settings
from sicxl.survey.sheets import (HEADER, Draw, ResultsInputs, SheetGrid, previous_draw_sheet, results_sheet,
                                 sample_sheet)
from sicxl.table import Table, column_letter
from sicxl.values import ValueProblem, is_blank, parse_choice, text_of
from sicxl.writes import SheetWrite, Writes

REDRAW = Option("redraw", msg.HELP_REDRAW, "flag")


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


def _record_issues(report: Report, issues: Sequence[Issue], tables: dict[str, Table | None],
                   default: str) -> list[str]:
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


def _typed(source: Source, schema: SheetSchema, report: Report) -> tuple[Table | None, pd.DataFrame]:
    """A sheet found by its name, read cell by cell with its schema's types; cells
    that cannot be read are reported with their address and read as blank."""
    sheet = find_sheet(source, schema)
    table = load_table(source, schema, sheet) if sheet else None
    if table is None:
        return None, pd.DataFrame(columns=[c.key for c in schema.columns])
    anomalies = Anomalies()
    clean = read_rows(table, anomalies)
    for row in sorted(anomalies.messages):
        for kind, text in zip(anomalies.kinds[row], anomalies.messages[row]):
            report.anomalies[kind] += 1
            report.problem(msg.in_sheet(table.sheet, text))
    return table, clean


def _answered(source: Source) -> set[str]:
    """The client IDs of the rows typed in `Réponses` (whatever their answers); the
    sheet is recognised by its ID column and the questions' columns."""
    questions = _sheet(source, QUESTIONNAIRE)
    questionnaire = read_questionnaire(questions.frame)[0] if questions is not None else Questionnaire((), None)
    table = _sheet(source, responses_schema((q.number, q.text) for q in questionnaire.every_question))
    if table is None or not table.has("id"):
        return set()
    return {text_of(v) for v in table.frame["id"] if not is_blank(v)}


def _sheet(source: Source, schema: SheetSchema) -> Table | None:
    """The schema's table in the sheet of its name (or alias), None without one."""
    sheet = find_sheet(source, schema)
    return load_table(source, schema, sheet) if sheet else None


def _record(source: Source, report: Report) -> pd.DataFrame | None:
    """The sample's record read back from `Échantillon`, None when never drawn."""
    table, clean = _typed(source, SAMPLE, report)
    if table is None or not table.has("id"):
        return None
    record = read_record(clean)
    return record if len(record) else None


def _contacts(source: Source, report: Report) -> pd.DataFrame | None:
    """The typed rows of `Suivi des contacts` that say when and whom; None without the sheet."""
    table, clean = _typed(source, FIELDWORK, report)
    if table is None:
        return None
    clean = clean.assign(id=clean["id"].map(text_of))
    return clean[clean["date"].map(lambda d: isinstance(d, dt.date)) & (clean["id"] != "")]


# --- sample ------------------------------------------------------------------------------

def _frozen_plan(plan: SamplePlan, record: pd.DataFrame, settings: SurveySettings) -> SamplePlan:
    """The figures of a kept sample: its own size, markets and pilot, the population now."""
    drawn = record[drawn_mask(record)]
    allocation = {m: int((drawn["market"] == m).sum()) for m in MARKETS}
    size = len(drawn)
    try:
        margin = margin_of_error(size, plan.total, settings.confidence, settings.expected_rate)
    except ValueProblem:
        margin = math.nan
    return replace(plan, size=size, requested=size, allocation=allocation, pilot=int(drawn["pilot"].sum()),
                   margin=margin, sample=drawn.assign(pilot=drawn["pilot"].astype(bool)), issues=[])


def _previous_name(source: Source, drawn_on: dt.date | None) -> str:
    """« Échantillon du 01-06-2026 », numbered when that name is taken."""
    base = msg.previous_draw_sheet(drawn_on)
    taken = {name.casefold() for name in source.sheet_names()}
    name, number = base, 1
    while name.casefold() in taken:
        number += 1
        name = f"{base} ({number})"
    return name


def _redraw(source: Source, old: pd.DataFrame | None, new: pd.DataFrame, answered: set[str], report: Report,
            writes: Writes) -> None:
    """Keep the previous draw in its own sheet and say what the new draw loses."""
    lost = sorted(answered - drawn_ids(new))
    if old is not None:
        name = _previous_name(source, draw_date(old))
        writes.sheets.append(previous_draw_sheet(name, old))
        report.add(msg.redraw_kept(name, int(drawn_mask(old).sum()), draw_date(old)))
    report.add(msg.redraw_loses(len(lost), lost))


def _settle(source: Source, ctx: Context, clients: pd.DataFrame, plan: SamplePlan, settings: SurveySettings,
            report: Report, writes: Writes) -> tuple[pd.DataFrame, bool] | None:
    """The record to write and whether it was kept from an earlier draw (rules of the
    module docstring); None when nothing may be drawn."""
    old = _record(source, report)
    answered = _answered(source)
    if ctx.option(REDRAW.name):
        record = new_record(plan.sample, clients, settings.seed, ctx.today)
        _redraw(source, old, record, answered, report, writes)
        return record, False
    if old is not None:
        kept = freeze(old, clients, ctx.today)
        added = int((kept["state"] == ADDED).sum() - (old["state"] == ADDED).sum())
        report.add(msg.sample_kept(int(drawn_mask(kept).sum()), draw_date(kept), added,
                                   int((kept["state"] == LEFT).sum())))
        if plan.requested != int(drawn_mask(kept).sum()):
            report.add(msg.size_differs(plan.requested, int(drawn_mask(kept).sum())))
        return kept, True
    if answered:
        report.problem(msg.answers_without_sample(len(answered)))
        return None
    return new_record(plan.sample, clients, settings.seed, ctx.today), False


def _standings(source: Source, record: pd.DataFrame, settings: SurveySettings, report: Report
               ) -> dict[str, Standing]:
    contacts = _contacts(source, report)
    if contacts is None:
        contacts = pd.DataFrame(columns=[c.key for c in FIELDWORK.columns])
    drawn = list(record.loc[drawn_mask(record), "id"])
    elsewhere = contacts[~contacts["id"].isin(drawn)]
    if len(elsewhere):  # a mistyped ID, or a reserve client called before being drawn
        report.add(msg.contacts_of_undrawn([(int(row), client) for row, client in elsewhere["id"].items()]))
    return standings(drawn, contacts, _answered(source) & set(drawn), settings.max_attempts)


@job("sample", "Tirer l'échantillon", sheets=(CLIENTS.name, QUESTIONNAIRE.name), options=(REDRAW,))
def sample_job(source: Source, ctx: Context) -> JobResult:
    """Draw the stratified sample of the year's survey into sheet `Échantillon`, then
    keep it: see the module docstring."""
    report = Report("sample")
    clients_table = _load(source, CLIENTS, report)
    if clients_table is None or "id" not in clients_table.columns or "market" not in clients_table.columns:
        return JobResult(Writes(), report)
    clients, client_issues = read_clients(clients_table.frame)
    settings, parameters_table, parameter_issues = _settings(source)
    plan = plan_sample(clients, settings)
    writes = Writes()
    settled = _settle(source, ctx, clients, plan, settings, report, writes)
    if settled is None:
        return JobResult(writes, report)
    record, kept = settled
    tables = {CLIENTS.name: clients_table, PARAMETERS.name: parameters_table}
    remarks = _record_issues(report, parameter_issues, tables, PARAMETERS.name)
    remarks += _record_issues(report, [*client_issues, *([] if kept else plan.issues)], tables, CLIENTS.name)
    shown = _frozen_plan(plan, record, settings) if kept else plan
    draw = Draw(shown, settings, draw_date(record) or ctx.today, kept)
    standing = _standings(source, record, settings, report)
    writes.sheets.append(sample_sheet(in_order(record), standing, draw, remarks))
    if parameters_table is None:
        writes.sheets.append(_parameters_sheet())
    report.counts.update(clients=plan.total, eligible=plan.total - plan.excluded, sample=shown.size,
                         pilot=shown.pilot, reserve=int((~drawn_mask(record)).sum()))
    if not kept:
        report.add(msg.sample_summary(shown.size, plan.total, plan.total - plan.excluded, plan.method, plan.seed,
                                      plan.pilot))
    report.add(msg.sample_allocation(shown.allocation))
    report.add(msg.fieldwork_summary(pd.Series([s.state for s in standing.values()], dtype=object)
                                     .value_counts().to_dict()))
    return JobResult(writes, report)


# --- survey ------------------------------------------------------------------------------

def _questionnaire(source: Source, report: Report, settings: SurveySettings
                   ) -> tuple[Questionnaire, Table | None, list[Issue]]:
    table = _load(source, QUESTIONNAIRE, report)
    if table is None:
        return Questionnaire((), None), None, []
    questionnaire, issues = read_questionnaire(table.frame, settings.cutoffs)
    return questionnaire, table, issues


def _last_year(source: Source, questionnaire: Questionnaire, markets: dict[str, str | None], report: Report
               ) -> tuple[Table | None, pd.DataFrame, list[Issue]]:
    """Last year's answers coded like this year's; a client who has left since keeps
    the market typed beside their answers."""
    schema = last_year_schema((q.number, q.text) for q in questionnaire.questions)
    sheet = find_sheet(source, LAST_YEAR)
    table = load_table(source, schema, sheet) if sheet else None
    if table is None:
        return None, pd.DataFrame(), []
    known = dict(markets)
    if table.has("market"):
        for client, market in zip(table.frame["id"] if table.has("id") else [], table.frame["market"]):
            try:
                if text_of(client) and not is_blank(market):
                    known[text_of(client)] = parse_choice(market, MARKETS)
            except ValueProblem:
                pass
    answers, issues = code_answers(table.frame, questionnaire.only(set(table.columns)), known)
    return table, answers, [replace(i, sheet=LAST_YEAR.name) for i in issues]


def _sample_side(source: Source, report: Report) -> tuple[pd.DataFrame | None, set[str] | None, set[str],
                                                              dict[str, str]]:
    """The record, who was drawn, who is in the reserve, and the market of each drawn
    client (for those who left `Clients` since)."""
    record = _record(source, report)
    if record is None:
        report.problem(msg.NO_SAMPLE_SHEET)
        return None, None, set(), {}
    drawn = record[drawn_mask(record)]
    markets = {c: m for c, m in zip(drawn["id"], drawn["market"]) if m in MARKETS}
    return record, drawn_ids(record), set(record.loc[~drawn_mask(record), "id"]), markets


@job("survey", "Analyser l'enquête", sheets=(QUESTIONNAIRE.name, RESPONSES.name))
def survey_job(source: Source, ctx: Context) -> JobResult:
    """Satisfaction rates, margins of error, last year's comparison, response rates,
    open answers and weak points into sheet `Résultats`."""
    report = Report("survey")
    settings, parameters_table, parameter_issues = _settings(source)
    clients_table = _load(source, CLIENTS, report)
    questionnaire, questionnaire_table, question_issues = _questionnaire(source, report, settings)
    tables: dict[str, Table | None] = {CLIENTS.name: clients_table, QUESTIONNAIRE.name: questionnaire_table,
                                       PARAMETERS.name: parameters_table}
    remarks = _record_issues(report, parameter_issues, tables, PARAMETERS.name)
    remarks += _record_issues(report, question_issues, tables, QUESTIONNAIRE.name)
    if clients_table is None or "id" not in clients_table.columns:
        return JobResult(Writes(), report)
    if not questionnaire.questions:
        report.problem(msg.NO_QUESTIONS)
        return JobResult(Writes(), report)
    schema = responses_schema((q.number, q.text) for q in questionnaire.every_question)
    responses_table = _load(source, schema, report, schema_for_name=RESPONSES)
    if responses_table is None:
        return JobResult(Writes(), report)
    for question in questionnaire.every_question:
        if question.key not in responses_table.columns:
            report.problem(msg.question_column_missing(question.label))
    questionnaire = questionnaire.only(set(responses_table.columns))
    clients, client_issues = read_clients(clients_table.frame)
    record, sample, reserve, drawn_markets = _sample_side(source, report)
    markets = {**drawn_markets, **dict(zip(clients["id"], clients["market"]))}
    answers, answer_issues = code_answers(responses_table.frame, questionnaire, markets, sample, reserve)
    tables[RESPONSES.name] = responses_table
    remarks += _record_issues(report, client_issues, tables, CLIENTS.name)
    remarks += _record_issues(report, answer_issues, tables, RESPONSES.name)
    population = population_by_market(clients[clients["market"].notna()])
    if record is not None:
        population = population_at_draw(population, record)
    results = analyse(answers, questionnaire, population)
    extra = ResultsInputs(open_answers=open_answers(responses_table.frame, questionnaire, answers),
                          names=dict(zip(clients["id"], clients["name"])))
    last_table, last_answers, last_issues = _last_year(source, questionnaire, markets, report)
    if last_table is not None:
        tables[LAST_YEAR.name] = last_table
        remarks += _record_issues(report, last_issues, tables, LAST_YEAR.name)
        extra.past = compare(results, analyse(last_answers, questionnaire, population), len(last_answers))
    if sample is not None:
        extra.rates = _rates(source, sample, drawn_markets, set(answers["id"]), settings, report)
    _summarize(report, results, answers, responses_table, extra)
    sheet = results_sheet(RESULTS.name, results, len(answers), ctx.today, remarks, extra)
    return JobResult(Writes(sheets=[sheet]), report)


def _rates(source: Source, sample: set[str], markets: dict[str, str], respondents: set[str],
           settings: SurveySettings, report: Report) -> pd.DataFrame:
    contacts = _contacts(source, report)
    if contacts is None:
        contacts = pd.DataFrame(columns=[c.key for c in FIELDWORK.columns])
    standing = standings(sorted(sample), contacts, respondents, settings.max_attempts)
    return response_rates(markets, standing)


def _summarize(report: Report, results, answers: pd.DataFrame, responses_table: Table, extra: ResultsInputs) -> None:
    report.counts.update(rows=len(responses_table.frame), respondents=len(answers))
    report.add(msg.survey_summary(len(answers), len(responses_table.frame)))
    if results.overall is not None and results.overall_question is not None and not math.isnan(results.overall.rate):
        question = results.overall_question
        report.add(msg.overall_line(question.label, results.overall.rate, results.overall.margin,
                                    question.satisfied_levels))
        if extra.past is not None and extra.past.overall is not None:
            report.add(msg.overall_change(extra.past.overall))
    if not results.themes.empty and not math.isnan(results.themes["rate"].iloc[0]):
        report.add(msg.weakest_theme(results.themes["theme"].iloc[0], results.themes["rate"].iloc[0]))
    if extra.past is not None:
        significant = [f"Q{n}" for n, c in extra.past.questions.items() if c.significant]
        report.add(msg.significant_changes(significant))
    if extra.rates is not None:
        drawn = int(extra.rates["drawn"].sum())
        report.add(msg.response_rate_line(int(extra.rates["answered"].sum()), drawn))
    if not results.ipa_themes.empty:
        priority = results.ipa_themes[results.ipa_themes["quadrant"] == msg.QUADRANT_PRIORITY]["item"]
        report.add(msg.priorities(list(priority)))
