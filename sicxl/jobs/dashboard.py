"""The `dashboard` job: the monthly dashboard of the sales team (issue 5, WORKBOOKS.md section 2).

Reads `Objectifs`, `Réalisé`, `Charges` and `Contrats`; writes the computed
`Période` column of Objectifs and Réalisé, then `Tableau de bord`, one
`TB <commercial>` per salesperson, `Seuil de rentabilité` and `Répartition`,
whose figures are live formulas. With `--pdf`, the dashboard is also exported
as a PDF and a PNG preview through a converter that the shell hands in
`ctx.print_pdf` (a function (writes, sheet names) -> (pdf bytes,
png bytes)): converting needs the written workbook and LibreOffice, which is
I/O, so the job only calls it and stays the same from the ribbon and the
command line. With `--pdf`, each salesperson also gets an e-mail draft (.eml) with
the PDF of their own `TB` sheet, addressed from the `Équipe` sheet (Commercial,
E-mail): one recipient a draft.
"""

from __future__ import annotations

from typing import Callable, Sequence

from sicxl.dashboard.board import Board, board, owners
from sicxl.dashboard.inputs import (
    Entries,
    RowIssue,
    missing_months,
    read_contracts,
    read_costs,
    read_entries,
)
from sicxl.dashboard.mail import owner_email
from sicxl.dashboard.sheets import (
    InputRefs,
    breakeven_sheet,
    dashboard_sheet,
    mix_sheet,
    owner_sheet_name,
)
from sicxl.documents.names import Unique
from sicxl.jobs.base import (
    Context,
    Export,
    JobResult,
    Option,
    Report,
    Source,
    computed_column,
    job,
    load_table,
)
from sicxl.messages import dashboard as msg
from sicxl.prospects.contacts import email_problem
from sicxl.schema.base import SheetSchema
from sicxl.schema.dashboard import (
    ACTUALS,
    CHARGES,
    CONTRACTS,
    DASHBOARD_SHEET,
    OBJECTIVES,
    OWNER_SHEET_PREFIX,
    PERIOD,
    TEAM,
)
from sicxl.table import Table
from sicxl.values import ValueProblem, fold, is_blank, parse_month, text_of
from sicxl.writes import ColumnWrite, Writes

MAX_LISTED = 40  # row problems listed one by one in the report; the rest are counted

PdfConverter = Callable[[Writes, Sequence[str]], tuple[bytes, bytes]]


def _table(source: Source, schema: SheetSchema, report: Report) -> Table | None:
    """The input table, or None (reported) when the sheet or a required column is missing."""
    table = load_table(source, schema)
    if table is None:
        report.problem(msg.missing_sheet(schema.name))
        return None
    report.problems.extend(table.notes)
    missing = [c.header for c in schema.user_columns if c.required and not table.has(c.key)]
    if missing:
        report.problem(msg.missing_columns(table.sheet, missing))
        return None
    return table


def _report_issues(issues: Sequence[RowIssue], report: Report) -> None:
    for issue in issues:
        report.anomalies[issue.kind] += 1
    for issue in issues[:MAX_LISTED]:
        report.problem(issue.message)
    if len(issues) > MAX_LISTED:
        report.problem(msg.MORE_PROBLEMS.format(count=len(issues) - MAX_LISTED))


def _period_column(table: Table, entries: Entries) -> ColumnWrite:
    """The computed `Période` column: the month each row counts for, empty when it does not."""
    return computed_column(table, PERIOD, [entries.periods[row] for row in table.rows])


def _month(ctx: Context, actuals: Entries, report: Report) -> str | None:
    """The month asked for (any usual spelling), else the latest month with actuals."""
    asked = ctx.option("month")
    if asked is not None:
        try:
            return parse_month(asked)
        except ValueProblem as problem:
            report.problem(msg.bad_option_month(asked, str(problem)))
    months = actuals.months()
    if not months:
        report.problem(msg.no_actuals())
        return None
    return months[-1]


def _report_board(result: Board, report: Report) -> None:
    for line in result.month_lines:
        if line.objective == 0:
            report.problem(msg.zero_objective(line.indicator.name, result.month, result.owner))
        if line.signal.label and result.owner is None:
            rules = " ; ".join(msg.RULES[r] for r in line.signal.rules)
            report.add(msg.signal_line(line.indicator.name, line.signal.label, rules))
            report.counts[f"signal {line.signal.label}"] += 1


def _dashboards(source: Source, ctx: Context, report: Report,
                writes: Writes) -> tuple[str, list[str], list[Board]] | None:
    """Objectifs and Réalisé -> Période columns, the team's and each salesperson's dashboard,
    the break-even sheet. Returns the month, the dashboard sheets' names and each
    salesperson's board."""
    objectives_table, actuals_table = _table(source, OBJECTIVES, report), _table(source, ACTUALS, report)
    if objectives_table is None or actuals_table is None:
        return None
    objectives, actuals = read_entries(objectives_table), read_entries(actuals_table)
    for table, entries in ((objectives_table, objectives), (actuals_table, actuals)):
        writes.columns.append(_period_column(table, entries))
        _report_issues(entries.issues, report)
        gaps = missing_months(entries)
        if gaps:
            report.problem(msg.missing_months(table.sheet, gaps))
    month = _month(ctx, actuals, report)
    if month is None:
        return None
    objective_refs = InputRefs(objectives_table.sheet, dict(objectives_table.columns))
    actual_refs = InputRefs(actuals_table.sheet, dict(actuals_table.columns))
    team = board(actuals.frame, objectives.frame, month)
    _report_board(team, report)
    writes.sheets.append(dashboard_sheet(DASHBOARD_SHEET, team, objective_refs, actual_refs))
    names = [DASHBOARD_SHEET]
    boards = []
    if objectives_table.has("owner") and actuals_table.has("owner"):
        for owner in owners(actuals.frame, objectives.frame):
            own = board(actuals.frame, objectives.frame, month, owner)
            _report_board(own, report)
            names.append(owner_sheet_name(owner))
            boards.append(own)
            writes.sheets.append(dashboard_sheet(names[-1], own, objective_refs, actual_refs))
    report.add(msg.summary(month, len(names) - 1, len(team.month_lines)))
    costs_table = _table(source, CHARGES, report)
    if costs_table is not None:
        costs = read_costs(costs_table)
        _report_issues(costs.issues, report)
        if costs.variable_rate >= 1:
            report.problem(msg.no_margin(costs.variable_rate))
        writes.sheets.append(breakeven_sheet(month, InputRefs(costs_table.sheet, dict(costs_table.columns)),
                                             objective_refs, actual_refs))
    return month, names, boards


def _mix(source: Source, report: Report, writes: Writes) -> None:
    table = _table(source, CONTRACTS, report)
    if table is None:
        return
    _report_issues(read_contracts(table).issues, report)
    writes.sheets.append(mix_sheet(InputRefs(table.sheet, dict(table.columns))))


def _pdf(ctx: Context, writes: Writes, month: str, sheets: Sequence[str], report: Report) -> list[Export]:
    """The PDF and PNG preview of the dashboards, through the shell's converter."""
    converter: PdfConverter | None = ctx.print_pdf
    if converter is None:
        report.problem(msg.pdf_unavailable(msg.NO_CONVERTER))
        return []
    try:
        pdf, png = converter(writes, sheets)
    except (OSError, RuntimeError) as error:
        report.problem(msg.pdf_unavailable(str(error)))
        return []
    stem = f"tableau_de_bord_{month}"
    exports = [Export(f"{stem}.pdf", pdf), Export(f"{stem}.png", png)]
    for export in exports:
        report.add(msg.pdf_written(export.name))
    return exports


def _addresses(source: Source, report: Report) -> dict[str, str]:
    """Each salesperson's e-mail from `Équipe` (name folded), invalid ones left out."""
    table = load_table(source, TEAM)
    if table is None or not table.has("owner") or not table.has("email"):
        report.problem(msg.NO_TEAM_SHEET)
        return {}
    return {fold(owner): text_of(email) for owner, email in zip(table.frame["owner"], table.frame["email"])
            if not is_blank(owner) and email_problem(text_of(email)) is None}


def _owner_drafts(source: Source, ctx: Context, writes: Writes, month: str, boards: Sequence[Board],
                  report: Report) -> list[Export]:
    """One e-mail draft per salesperson, with the PDF of their own `TB` sheet."""
    converter: PdfConverter | None = ctx.print_pdf
    if converter is None or not boards:
        return []
    addresses = _addresses(source, report)
    exports, names = [], Unique()
    for own in boards:
        owner = own.owner or ""
        try:
            pdf, _ = converter(writes, [owner_sheet_name(owner)])
        except (OSError, RuntimeError) as error:
            report.problem(msg.pdf_unavailable(str(error)))
            return exports
        email = addresses.get(fold(owner))
        if addresses and email is None:
            report.problem(msg.owner_without_email(owner))
        name = names(owner)
        draft = owner_email(own, email, f"tableau_de_bord_{month}_{name}.pdf", pdf)
        exports.append(Export(f"tableau_de_bord_{month}_courriels/{name}.eml", draft))
    report.add(msg.owner_drafts_written(len(exports), msg.month_name(month)))
    return exports


@job("dashboard", "Tableau de bord", sheets=(OBJECTIVES.name, ACTUALS.name),
     options=(Option("month", msg.HELP_MONTH, "month"), Option("pdf", msg.HELP_PDF, "flag")))
def dashboard_job(source: Source, ctx: Context) -> JobResult:
    """Tableau de bord du mois : écarts, taux, signaux, seuil de rentabilité et répartition ;
    avec --pdf, le PDF de l'équipe et un brouillon de courriel par commercial avec le sien."""
    report = Report("dashboard")
    writes = Writes()
    done = _dashboards(source, ctx, report, writes)
    _mix(source, report, writes)
    exports: list[Export] = []
    if done is not None and ctx.option("pdf"):
        month, _, boards = done
        printed = [s.name for s in writes.sheets if not s.name.startswith(OWNER_SHEET_PREFIX)]
        exports = _pdf(ctx, writes, month, printed, report)
        exports += _owner_drafts(source, ctx, writes, month, boards, report)
    return JobResult(writes, report, exports)
