"""Jobs of the prospect file: fill, validate, dedupe, score, and qualify (all four)."""

from __future__ import annotations

from collections import Counter

from sicxl.jobs import job_catalogue
from sicxl.jobs.base import (
    Context,
    JobResult,
    Report,
    Source,
    computed_column,
    find_table,
    job,
    load_table,
)
from sicxl.jobs.plans import other_kind
from sicxl.messages import prospects as msg
from sicxl.messages import tables as table_msg
from sicxl.prospects.parameters import defaults, parameters_sheet, read_parameters
from sicxl.prospects.pipeline import Qualification, qualify
from sicxl.prospects.score import NO_POPULATION
from sicxl.reference.communes import communes
from sicxl.schema.prospects import CATEGORIES, CATEGORY_CELLS, PARAMETERS, PROSPECTS, STATUSES, UNQUALIFIED
from sicxl.table import Table
from sicxl.values import fold
from sicxl.writes import ColumnWrite, Style, Writes

SHEETS = (PROSPECTS.name,)
STATUS_STYLES = {status: Style(fill=fill) for status, fill in {
    msg.STATUS_VALID: "C6EFCE",
    msg.STATUS_INCOMPLETE: "FFEB9C",
    msg.STATUS_DUPLICATE: "D9D9D9",
    msg.STATUS_UNDELIVERABLE: "FFC7CE",
    msg.STATUS_OPT_OUT: "FFC7CE",
}.items()}
CATEGORY_STYLES = {category: Style(fill=fill) for category, fill in
                   zip(CATEGORY_CELLS, ("DDEBF7", "BDD7EE", "9BC2E6", "F2F2F2"))}


class NoProspects(Exception):
    """The workbook has no prospect table: the job has nothing to do."""


def _load(source: Source, report: Report, name: str) -> Table:
    """The prospect table, the report opening with how its headers were read."""
    search = find_table(source, PROSPECTS)
    table = search.table
    if table is None:
        report.problem(msg.NO_PROSPECTS_SHEET)
        looks = other_kind(job_catalogue()[name], source.sheet_names(), job_catalogue())
        if looks:  # another kind of workbook: its sheets are not near-misses of a prospect list
            report.problem(looks)
        for rejected in [] if looks else search.rejected:
            report.problem(msg.not_a_prospect_list(
                rejected.sheet, [" ou ".join(PROSPECTS.header(k) for k in group)
                                 for group in PROSPECTS.missing_identity(rejected.columns)]))
        raise NoProspects
    for reading in table.readings:
        if reading.pinned or fold(reading.text) != fold(PROSPECTS.header(reading.key)):
            report.add(table_msg.read_as(reading.text, PROSPECTS.header(reading.key), reading.pinned))
    report.problems.extend(table.notes)
    missing = [c.header for c in table.missing(PROSPECTS.user_columns)]
    if missing:
        report.problem(msg.missing_columns(missing))
    if table.extra_headers:
        report.problem(msg.extra_columns(list(table.extra_headers.values())))
    report.counts["rows"] = len(table.frame)
    report.add(msg.rows_read(len(table.frame)))
    return table


def _rows_under(table: Table, writes: Writes, report: Report) -> None:
    """Say which rows typed under the Excel table were read, and whether the table
    now takes them in (it does when this job writes in them, see writes.ColumnWrite)."""
    if not table.under or table.excel_table is None:
        return
    written = max((int(r) for w in writes.columns if w.table == table.excel_table for r in w.rows), default=0)
    report.counts["rows_under_table"] = len(table.under)
    report.add(table_msg.rows_under_table(table.under, table.excel_table, widened=written >= max(table.under)))


def _fill_writes(table: Table, result: Qualification, report: Report) -> list[ColumnWrite]:
    writes = []
    by_column: dict[str, int] = {}
    for key, cells in result.filled.filled.items():
        column = PROSPECTS.column(key)
        rows = sorted(cells)
        style = Style(number_format=column.number_format) if column.number_format else None
        writes.append(ColumnWrite(table.sheet, table.columns[key], rows, [cells[r] for r in rows], style=style,
                                  table=table.excel_table))
        by_column[column.header] = len(rows)
    report.counts["filled"] = result.filled.count
    report.add(msg.cells_filled(result.filled.count, by_column))
    return writes


def _validate_writes(table: Table, result: Qualification, report: Report) -> list[ColumnWrite]:
    anomalies = result.anomalies
    texts = [anomalies.text(row) or None for row in table.rows]
    statuses = result.statuses.tolist() if result.statuses is not None else []
    report.anomalies.update(anomalies.count_by_kind())
    flagged = sum(1 for t in texts if t)
    report.counts["rows_with_anomalies"] = flagged
    report.add(msg.rows_with_anomalies(flagged, len(texts)))
    status_counts = Counter(statuses)
    report.counts.update({f"status:{s}": n for s, n in status_counts.items()})
    report.add(msg.statuses({s: status_counts[s] for s in STATUSES if status_counts[s]}))
    status_styles = [STATUS_STYLES[s] for s in statuses]
    return [
        computed_column(table, PROSPECTS.column("issues"), texts, wrap=True),
        computed_column(table, PROSPECTS.column("status"), statuses, status_styles),
    ]


def _dedupe_writes(table: Table, result: Qualification, report: Report) -> list[ColumnWrite]:
    from sicxl.prospects.dedupe import describe  # only after a search: see pipeline.duplicate_search

    values = [describe(result.duplicates[row]) if row in result.duplicates else None for row in table.rows]
    report.counts["duplicates"] = len(result.duplicates)
    report.counts.update({f"duplicate_search:{key}": count for key, count in result.search_counts.items()})
    report.add(msg.duplicate_pairs(len(result.duplicates)))
    return [computed_column(table, PROSPECTS.column("duplicate_of"), values)]


def _score_writes(table: Table, result: Qualification, report: Report) -> list[ColumnWrite]:
    scores = result.scores
    assert scores is not None
    categories = scores.category.tolist()
    counts = Counter(categories)
    shown = list(CATEGORY_CELLS) if counts[UNQUALIFIED] else list(CATEGORIES)
    report.counts.update({f"category:{c}": counts[c] for c in shown})
    report.add(msg.categories({c: counts[c] for c in shown}))
    for reason, count in Counter(scores.missing.dropna()).most_common():
        absent = reason == NO_POPULATION and not table.has("population")
        report.counts[f"not_estimated:{reason}"] = count
        report.add(msg.rows_not_estimated(count, reason, PROSPECTS.header("population") if absent else None))
    return [
        computed_column(table, PROSPECTS.column("potential"), scores.potential.tolist()),
        computed_column(table, PROSPECTS.column("score"), scores.score.tolist()),
        computed_column(table, PROSPECTS.column("category"), categories,
                        [CATEGORY_STYLES[c] for c in categories]),
        computed_column(table, PROSPECTS.column("factors"), scores.factors.tolist(), wrap=True),
    ]


def _run(source: Source, ctx: Context, name: str, *, fill: bool = False, validate: bool = False,
         dedupe: bool = False, score: bool = False) -> JobResult:
    """Run the qualification steps and keep the writes of the steps asked for."""
    report = Report(name)
    writes = Writes()
    try:
        table = _load(source, report, name)
    except NoProspects:
        return JobResult(writes, report)
    params = defaults()
    if score:  # only the score judges its parameters (every step reads the column pins, see find_table)
        params_table = load_table(source, PARAMETERS)
        params, problems = read_parameters(params_table)
        report.problems.extend(problems)
        if params_table is None:
            writes.sheets.append(parameters_sheet())
            report.add(msg.PARAMETERS_CREATED)
    _place_computed_columns(table, fill=fill, validate=validate, dedupe=dedupe, score=score)
    _progress(ctx, name, 1)
    result = qualify(table, communes(), params, ctx.today, fill=fill, check=validate, dedupe=dedupe, score=score)
    _progress(ctx, name, 2)
    if fill:
        writes.columns.extend(_fill_writes(table, result, report))
        if not validate:  # alone, fill still says what it found (homonyms, contradicting codes)
            report.anomalies.update(result.anomalies.count_by_kind())
    if score:
        writes.columns.extend(_score_writes(table, result, report))
    if validate:
        writes.columns.extend(_validate_writes(table, result, report))
    if dedupe:
        writes.columns.extend(_dedupe_writes(table, result, report))
    _rows_under(table, writes, report)
    _progress(ctx, name, 3)
    return JobResult(writes, report)


STEP_COLUMNS = {
    "score": ("potential", "score", "category", "factors"),
    "validate": ("issues", "status"),
    "dedupe": ("duplicate_of",),
}


def _place_computed_columns(table: Table, **steps: bool) -> None:
    """Create missing computed columns in the schema's order, whatever the step order."""
    wanted = {key for step, keys in STEP_COLUMNS.items() if steps.get(step) for key in keys}
    for column in PROSPECTS.computed_columns:
        if column.key in wanted:
            table.column_of(column.key)


def _progress(ctx: Context, name: str, step: int) -> None:
    if ctx.progress is not None:
        ctx.progress(name, step, 3)


@job("fill", "Compléter", SHEETS)
def fill_job(source: Source, ctx: Context) -> JobResult:
    """Complete empty INSEE code, postal code, department, commune, SIREN and population."""
    return _run(source, ctx, "fill", fill=True)


@job("validate", "Valider", SHEETS)
def validate_job(source: Source, ctx: Context) -> JobResult:
    """Write every anomaly of each row, and its status."""
    return _run(source, ctx, "validate", validate=True)


@job("dedupe", "Dédoublonner", SHEETS)
def dedupe_job(source: Source, ctx: Context) -> JobResult:
    """Point each duplicate at the row it repeats; nothing is merged or deleted."""
    return _run(source, ctx, "dedupe", dedupe=True)


@job("score", "Scorer", SHEETS)
def score_job(source: Source, ctx: Context) -> JobResult:
    """Estimate the yearly potential, the score, the category and its factors."""
    return _run(source, ctx, "score", score=True)


@job("qualify", "Qualifier", SHEETS)
def qualify_job(source: Source, ctx: Context) -> JobResult:
    """Fill, validate, dedupe and score in one pass."""
    return _run(source, ctx, "qualify", fill=True, validate=True, dedupe=True, score=True)
