"""The `communes` job: build the prospect file from the communes of a zone (issue 17, point 1).

Adds to `Prospects` every commune of the chosen departments whose legal
population reaches the threshold and which the file does not hold yet
(`sicxl.prospects.zone`), with its SIREN, INSEE code, postal code, department
and population, under new IDs in the file's own pattern
(`sicxl.prospects.new_ids`), in rows right under the table. The departments and
the threshold come from the options, else from `Paramètres` (« Zone :
départements », « Zone : population minimale »). Never run by `regenerate`:
adding rows is the assistant's decision.
"""

from __future__ import annotations

from typing import Any

from sicxl.jobs.base import (
    Context,
    JobResult,
    NoRoomBelow,
    Option,
    Report,
    Source,
    job,
    load_table,
    row_writes,
    rows_below,
)
from sicxl.messages import prospects as prospect_msg
from sicxl.messages import zone as msg
from sicxl.prospects.new_ids import new_ids
from sicxl.prospects.parameters import read_parameters
from sicxl.prospects.reading import Anomalies, read_rows
from sicxl.prospects.zone import communes_in_file, missing_communes, parse_departments, per_department, zone_communes
from sicxl.reference.communes import communes
from sicxl.schema.prospects import PARAMETERS, PROSPECTS
from sicxl.values import ValueProblem, parse_count, text_of
from sicxl.writes import Writes

DEPARTMENTS = Option("departments", msg.HELP_DEPARTMENTS)
POPULATION = Option("population", msg.HELP_POPULATION, "int")


def _zone(ctx: Context, params: Any, report: Report) -> tuple[list[str], int] | None:
    """The departments and threshold asked for (options first, then Paramètres)."""
    known = communes().departments
    departments = parse_departments(text_of(ctx.option(DEPARTMENTS.name) or params["zone_departments"]))
    unknown = [d for d in departments if d not in known]
    if unknown:
        report.problem(msg.unknown_departments(unknown))
    departments = [d for d in departments if d in known]
    if not departments:
        report.problem(msg.NO_DEPARTMENT)
        return None
    raw = ctx.option(POPULATION.name, params["zone_population"])
    try:
        return departments, parse_count(raw)
    except ValueProblem:
        report.problem(msg.bad_population(raw))
        return None


@job("communes", msg.LABEL, sheets=(PROSPECTS.name,), options=(DEPARTMENTS, POPULATION))
def communes_job(source: Source, ctx: Context) -> JobResult:
    """Ajoute à la feuille Prospects les communes de la zone qui n'y sont pas encore."""
    report = Report("communes")
    table = load_table(source, PROSPECTS)
    if table is None:
        report.problem(prospect_msg.NO_PROSPECTS_SHEET)
        return JobResult(Writes(), report)
    params, problems = read_parameters(load_table(source, PARAMETERS))
    report.problems.extend(problems)
    zone = _zone(ctx, params, report)
    if zone is None:
        return JobResult(Writes(), report)
    departments, threshold = zone
    reference = communes()
    clean = read_rows(table, Anomalies())
    in_zone = zone_communes(reference, departments, threshold)
    added = missing_communes(in_zone, communes_in_file(clean, reference))
    ids = new_ids(clean["id"], len(added))
    try:
        rows = rows_below(source, table, len(added))
    except NoRoomBelow as problem:
        report.problem(str(problem))
        return JobResult(Writes(), report)
    for department, (total, count) in per_department(in_zone, added).items():
        report.add(msg.department_line(department, total, count, threshold))
    report.add(msg.summary(len(added), ids[0] if ids else None, ids[-1] if ids else None))
    report.counts.update(msg.counts(per_department(in_zone, added)))
    report.counts["added"] = len(added)
    records = [row.record(prospect_id) for row, prospect_id in zip(added, ids)]
    absent = [PROSPECTS.header(key) for key in (records[0] if records else {}) if not table.has(key)]
    if absent:
        report.problem(msg.columns_absent(absent))
    return JobResult(Writes(columns=row_writes(table, rows, records)), report)
