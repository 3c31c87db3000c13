"""The `dashboard` job: the monthly dashboard of the sales team (issues 5 and 17, WORKBOOKS.md section 2).

Reads `Objectifs`, `Réalisé`, `Charges`, `Contrats` and `Paramètres`, and the
signed deals of the prospect file (``--prospects``, else the « Fichier
prospects » of `Paramètres`); writes the computed `Période` column of Objectifs
and Réalisé, then `Tableau de bord`, one `TB <commercial>` per salesperson,
`Seuil de rentabilité`, `Marchés et zones`, `Répartition` and `Contrats des
affaires`, whose figures are live formulas. A job never opens a file: the
prospect workbook is opened by the shell (``ctx.options["prospects_source"]``
for the option, ``ctx.open_workbook`` for the parameter). With `--pdf`, the
dashboard is also exported as a PDF and a PNG preview through a converter that
the shell hands in `ctx.print_pdf` (a function (writes, sheet names) -> a
printout: the PDF and a PNG of each page): converting needs the written workbook and LibreOffice,
which is I/O, so the job only calls it and stays the same from the ribbon and
the command line. With `--pdf`, each salesperson also gets an e-mail draft (.eml)
with the PDF of their own `TB` sheet, addressed from the `Équipe` sheet
(Commercial, E-mail): one recipient a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

import pandas as pd

from sicxl.campaigns.deals import read_deals
from sicxl.campaigns.reading import read_prospects
from sicxl.dashboard import allocation
from sicxl.dashboard.board import Board, board, owners
from sicxl.dashboard.breakeven import breakeven
from sicxl.dashboard.contract_lines import deal_contracts_sheet
from sicxl.dashboard.deals import (DealLines, Scope, actual_rows, agencies, contracts_index, deal_lines,
                                   mark_counted, typed_keys)
from sicxl.dashboard.inputs import (
    Costs,
    Entries,
    RowIssue,
    missing_months,
    read_contracts,
    read_costs,
    read_entries,
)
from sicxl.dashboard.mail import owner_email
from sicxl.dashboard.settings import Settings, read_settings
from sicxl.dashboard.sheets import (
    InputRefs,
    breakeven_sheet,
    dashboard_sheet,
    mix_sheet,
    owner_sheet_name,
)
from sicxl.dashboard.views import Dimension, views_sheet
from sicxl.documents.names import Unique
from sicxl.jobs.base import (
    Context,
    Export,
    JobResult,
    Option,
    Report,
    Source,
    SourceUnavailable,
    computed_column,
    job,
    load_table,
)
from sicxl.messages import dashboard as msg
from sicxl.messages import portfolio as portfolio_msg
from sicxl.portfolio.roles import Role
from sicxl.prospects.contacts import email_problem
from sicxl.prospects.reading import Anomalies
from sicxl.schema.base import SheetSchema
from sicxl.schema.campaigns import DEALS
from sicxl.schema.dashboard import (
    ACTUALS,
    CHARGES,
    CONTRACTS,
    DASHBOARD_SHEET,
    DEAL_CONTRACTS_SHEET,
    MARKETS,
    OBJECTIVES,
    OWNER_SHEET_PREFIX,
    PERIOD,
    REVENUE,
    TEAM,
)
from sicxl.schema.portfolio import SNAPSHOT
from sicxl.schema.prospects import PARAMETERS, PROSPECTS
from sicxl.table import Table
from sicxl.values import ValueProblem, fold, is_blank, parse_month, text_of
from sicxl.writes import ColumnWrite, Writes

MAX_LISTED = 40  # row problems listed one by one in the report; the rest are counted
PROSPECTS_SOURCE = "prospects_source"
PROSPECT_KEYS = ("name", "segment", "department", "insee", "owner")

class Printout(Protocol):
    pdf: bytes
    pages: list[bytes]


class PdfConverter(Protocol):
    """Prints `sheets` of the workbook with `writes` applied; `pictures`: a PNG of each page too."""

    def __call__(self, writes: Writes, sheets: Sequence[str], pictures: bool = True) -> Printout: ...


def _table(source: Source, schema: SheetSchema, report: Report) -> Table | None:
    """The input table, or None (reported) when the sheet or a required column is missing."""
    table = load_table(source, schema)
    if table is not None and table.sheet == DEAL_CONTRACTS_SHEET:
        table = None  # sicxl's own copy of the deals is never read as the users' `Contrats`
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
        report.problem(msg.more_problems(len(issues) - MAX_LISTED))


def _period_column(table: Table, entries: Entries) -> ColumnWrite:
    """The computed `Période` column: the month each row counts for, empty when it does not."""
    return computed_column(table, PERIOD, [entries.periods[row] for row in table.rows])


def _month(ctx: Context, actuals: Entries, report: Report) -> str | None:
    """The month asked for (any usual spelling), else the latest month with typed actuals
    (the month the team closed; signed deals arrive every day and close no month)."""
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


# -- the signed deals of the prospect file -------------------------------------------------


def _prospect_file(ctx: Context, settings: Settings, report: Report) -> Source | None:
    """The prospect workbook: opened by the shell for ``--prospects``, else asked of the
    shell from the « Fichier prospects » of `Paramètres`."""
    given = ctx.option(PROSPECTS_SOURCE)
    if given is not None:
        return given
    if settings.prospect_file and ctx.open_workbook is None:  # the ribbon: no file is opened from Excel
        report.add(msg.deals_not_read_here(settings.prospect_file))
    elif settings.prospect_file:
        try:
            return ctx.open_workbook(settings.prospect_file)
        except SourceUnavailable as problem:
            report.problem(msg.unreadable_prospects(str(problem)))
    else:
        report.add(msg.no_deals_source())
    return None


def _scope(source: Source, ctx: Context, report: Report) -> Scope:
    """A portfolio copy takes only its market's or salesperson's deals, by the file
    server's record of the copy (ctx.portfolio_of), never by what the copy says of
    itself; a copy the server cannot vouch for takes none, and says so."""
    if SNAPSHOT.name not in source.sheet_names():
        return Scope()
    portfolio = ctx.portfolio_of(source) if ctx.portfolio_of is not None else None
    if portfolio is None:
        report.problem(portfolio_msg.unverified_copy_deals())
        return Scope(owners=frozenset())
    name = frozenset({fold(portfolio.name)})
    return {Role.MANAGER: Scope(markets=name), Role.SALESPERSON: Scope(owners=name)}.get(portfolio.role, Scope())


@dataclass(frozen=True)
class Inputs:
    """`Objectifs` and `Réalisé`: their tables and their rows that count."""

    objectives_table: Table
    actuals_table: Table
    objectives: Entries
    actuals: Entries


def _inputs(source: Source, report: Report, writes: Writes) -> Inputs | None:
    """Objectifs and Réalisé read and checked, with their `Période` columns; None when
    one is missing (reported)."""
    objectives_table, actuals_table = _table(source, OBJECTIVES, report), _table(source, ACTUALS, report)
    if objectives_table is None or actuals_table is None:
        return None
    inputs = Inputs(objectives_table, actuals_table, read_entries(objectives_table), read_entries(actuals_table))
    for table, entries in ((objectives_table, inputs.objectives), (actuals_table, inputs.actuals)):
        writes.columns.append(_period_column(table, entries))
        _report_issues(entries.issues, report)
        gaps = missing_months(entries)
        if gaps:
            report.problem(msg.missing_months(table.sheet, gaps))
    return inputs


def _deals(source: Source, ctx: Context, settings: Settings, contracts: Table | None, inputs: Inputs,
           report: Report) -> DealLines | None:
    """The contract lines of the prospect file's signed deals, or None without deals."""
    prospects_file = _prospect_file(ctx, settings, report)
    if prospects_file is None:
        return None
    deal_table, prospect_table = load_table(prospects_file, DEALS), load_table(prospects_file, PROSPECTS)
    if deal_table is None or prospect_table is None:
        report.problem(msg.unreadable_prospects(msg.missing_sheet(DEALS.name if deal_table is None else PROSPECTS.name)))
        return None
    prospects = read_prospects(prospect_table, Anomalies(), PROSPECT_KEYS)
    deals = read_deals(deal_table, prospects.index, Anomalies())
    raw_services = deal_table.frame["service"].to_dict() if deal_table.has("service") else {}
    in_contracts = contracts_index(zip(contracts.rows, contracts.frame["contract"])) \
        if contracts is not None and contracts.has("contract") else {}
    actuals, by_market = inputs.actuals, inputs.actuals_table.has("market")
    lines = deal_lines(deals, raw_services, prospects, in_contracts, agencies(inputs.objectives.frame, actuals.frame),
                       _scope(source, ctx, report))
    months = actuals.months()
    mark_counted(lines, typed_keys(actuals.frame, by_market), by_market, months[0] if months else None)
    _report_deals(lines, report)
    return lines


def _report_deals(lines: DealLines, report: Report) -> None:
    already = len(lines.in_contracts)
    report.add(msg.deals_summary(len(lines.taken), lines.revenue, lines.counted, len(lines.left_out), already))
    if len(lines.taken):
        report.add(msg.deals_taken(list(lines.taken["deal_id"])))
    for deal, reason in zip(lines.left_out["deal_id"], lines.left_out["reason"]):
        (report.add if deal in lines.in_contracts else report.problem)(msg.deal_left_out(deal, reason))
    if lines.outside:
        report.add(msg.deals_outside(lines.outside))
    report.counts.update(deals_taken=len(lines.taken), deals_left_out=len(lines.left_out) - already,
                         deals_in_contracts=already, deals_counted=lines.counted)


# -- the sheets ------------------------------------------------------------------------------


def _dimensions(objectives: Table, actuals: Table, frames: Sequence[pd.DataFrame],
                report: Report) -> list[Dimension]:
    """The views by market, agency and department whose column both inputs have."""
    dimensions = []
    for key, label in (("market", msg.MARKET_DIMENSION), ("agency", msg.AGENCY_DIMENSION),
                       ("department", msg.DEPARTMENT_DIMENSION)):
        if not (objectives.has(key) and actuals.has(key)):
            report.add(msg.no_dimension(label, f"{objectives.sheet} ou {actuals.sheet}"))
            continue
        if key == "market":
            groups: Sequence[str] = MARKETS
        else:
            found = {value for frame in frames for value in frame[key].fillna("") if value}
            groups = sorted(found, key=str.casefold)
        dimensions.append(Dimension(key, label, groups))
    return dimensions


def _market_breakevens(objectives: pd.DataFrame, actuals: pd.DataFrame, typed: Entries, costs: Costs,
                       settings: Settings, month: str, report: Report) -> None:
    """The per-market break-evens of `Marchés et zones`, in the report: they add up to the whole."""
    year = int(month[:4])
    closed = set(typed.frame.loc[typed.frame["indicator"] == REVENUE.name, "month"])
    bases = allocation.key_bases(objectives, year, settings.rule, "market", MARKETS)
    revenues = allocation.year_revenue(objectives, actuals, closed, year, "market", MARKETS)
    lines = allocation.breakevens(bases, revenues, costs.fixed * settings.share, costs.variable_rate)
    for line in lines:
        if line.base:
            report.add(msg.market_breakeven(line.group or msg.OTHER, line.share, line.fixed, line.threshold,
                                            line.revenue))
        report.counts[f"breakeven:{line.group or msg.OTHER}"] = round(line.threshold)
    whole = breakeven(costs.fixed * settings.share, costs.variable_rate)
    report.add(msg.breakevens_add_up(sum(line.threshold for line in lines), float(whole)))
    report.counts["breakeven"] = round(float(whole))


def _contract_refs(contracts: Table | None, lines: DealLines | None, writes: Writes) -> tuple[list[InputRefs], InputRefs | None]:
    refs = [InputRefs(contracts.sheet, dict(contracts.columns))] if contracts is not None else []
    if lines is None:
        return refs, None
    sheet, deal_refs = deal_contracts_sheet(lines)
    writes.sheets.append(sheet)
    return [*refs, deal_refs], deal_refs


@job("dashboard", "Tableau de bord", sheets=(OBJECTIVES.name, ACTUALS.name),
     options=(Option("month", msg.HELP_MONTH, "month"), Option("pdf", msg.HELP_PDF, "flag"),
              Option("prospects", msg.HELP_PROSPECTS, "workbook")))
def dashboard_job(source: Source, ctx: Context) -> JobResult:
    """Tableau de bord du mois : écarts, taux, signaux, seuil de rentabilité par marché, vues par
    marché, agence et département, répartition, affaires signées reprises comme contrats ;
    avec --pdf, le PDF de l'équipe et un brouillon de courriel par commercial avec le sien."""
    report = Report("dashboard")
    writes = Writes()
    settings, problems = read_settings(load_table(source, PARAMETERS))
    report.problems.extend(problems)
    contracts = _table(source, CONTRACTS, report)
    if contracts is not None:
        _report_issues(read_contracts(contracts).issues, report)
    inputs = _inputs(source, report, writes)
    lines = _deals(source, ctx, settings, contracts, inputs, report) if inputs is not None else None
    month = _month(ctx, inputs.actuals, report) if inputs is not None else None
    contract_refs, deal_refs = _contract_refs(contracts, lines, writes)
    boards = _dashboards(source, inputs, lines, deal_refs, settings, month, report, writes) \
        if inputs is not None and month is not None else []
    if contract_refs:
        writes.sheets.append(mix_sheet(contract_refs))
    exports: list[Export] = []
    if month is not None and ctx.option("pdf"):
        printed = [s.name for s in writes.sheets if not s.name.startswith(OWNER_SHEET_PREFIX)]
        exports = _pdf(ctx, writes, month, printed, report)
        exports += _owner_drafts(source, ctx, writes, month, boards, report)
    return JobResult(writes, report, exports)


def _dashboards(source: Source, inputs: Inputs, lines: DealLines | None, deal_refs: InputRefs | None,
                settings: Settings, month: str, report: Report, writes: Writes) -> list[Board]:
    """The team's and each salesperson's dashboard, the break-even sheet and the views;
    returns each salesperson's board."""
    objectives_table, actuals_table = inputs.objectives_table, inputs.actuals_table
    objectives, actuals = inputs.objectives, inputs.actuals
    objective_refs = InputRefs(objectives_table.sheet, dict(objectives_table.columns))
    actual_refs = InputRefs(actuals_table.sheet, dict(actuals_table.columns), deals=deal_refs)
    counted = actual_rows(lines) if lines is not None and len(lines.taken) else actuals.frame.iloc[:0]
    all_actuals = pd.concat([actuals.frame, counted], ignore_index=True)
    team = board(all_actuals, objectives.frame, month)
    _report_board(team, report)
    writes.sheets.append(dashboard_sheet(DASHBOARD_SHEET, team, objective_refs, actual_refs))
    names = [DASHBOARD_SHEET]
    boards = []
    if objectives_table.has("owner") and actuals_table.has("owner"):
        for owner in owners(all_actuals, objectives.frame):
            own = board(all_actuals, objectives.frame, month, owner)
            _report_board(own, report)
            names.append(owner_sheet_name(owner))
            boards.append(own)
            writes.sheets.append(dashboard_sheet(names[-1], own, objective_refs, actual_refs))
    report.add(msg.summary(month, len(names) - 1, len(team.month_lines)))
    costs_table = _table(source, CHARGES, report)
    if costs_table is not None and not (costs_table.has("amount") and costs_table.has("rate")):
        report.problem(msg.missing_columns(costs_table.sheet, [CHARGES.header(k) for k in ("amount", "rate")
                                                               if not costs_table.has(k)]))
        costs_table = None  # the break-even needs both the fixed amounts and the variable rates
    costs_refs = InputRefs(costs_table.sheet, dict(costs_table.columns)) if costs_table is not None else None
    if costs_table is not None:
        costs = read_costs(costs_table)
        _report_issues(costs.issues, report)
        if costs.variable_rate >= 1:
            report.problem(msg.no_margin(costs.variable_rate))
        if settings.share != 1:
            report.add(msg.book_share(settings.share))
        writes.sheets.append(breakeven_sheet(month, costs_refs, objective_refs, actual_refs, share=settings.share))
        if objectives_table.has("market") and actuals_table.has("market"):
            _market_breakevens(objectives.frame, all_actuals, actuals, costs, settings, month, report)
    frames = [objectives.frame, actuals.frame, *([lines.taken] if lines is not None else [])]
    dimensions = _dimensions(objectives_table, actuals_table, frames, report)
    writes.sheets.append(views_sheet(month, objective_refs, actual_refs, costs_refs, dimensions, settings.share,
                                     settings.rule))
    return boards


def _pdf(ctx: Context, writes: Writes, month: str, sheets: Sequence[str], report: Report) -> list[Export]:
    """The PDF of the dashboards and a PNG of each of its pages, through the shell's converter."""
    converter: PdfConverter | None = ctx.print_pdf
    if converter is None:
        report.problem(msg.pdf_unavailable(msg.NO_CONVERTER))
        return []
    try:
        printout = converter(writes, sheets)
    except (OSError, RuntimeError) as error:
        report.problem(msg.pdf_unavailable(str(error)))
        return []
    stem = f"tableau_de_bord_{month}"
    width = len(str(len(printout.pages)))
    pages = [Export(f"{stem}_pages/page_{number:0{width}d}.png", png)
             for number, png in enumerate(printout.pages, start=1)]
    report.add(msg.pdf_written(f"{stem}.pdf"))
    if pages:
        report.add(msg.pages_written(len(pages), f"{stem}_pages"))
    return [Export(f"{stem}.pdf", printout.pdf), *pages]


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
            pdf = converter(writes, [owner_sheet_name(owner)], pictures=False).pdf
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
