"""The campaign jobs: `calls`, `funnel`, `agenda`, `tenders` (issues 4 and 17).

Each reads the sheets it needs, hands typed frames to `sicxl.campaigns`, and
returns the writes and a French report naming every bad cell.
"""

from __future__ import annotations

from typing import Any, Callable

import pandas as pd

from sicxl.campaigns import agenda as agenda_core
from sicxl.campaigns import funnel as funnel_core
from sicxl.campaigns import renewals as renewals_core
from sicxl.campaigns import tenders as tenders_core
from sicxl.campaigns import upkeep
from sicxl.campaigns.calls import ContactUpdate, contact_updates, latest_contacts, read_calls
from sicxl.campaigns.deals import read_deals
from sicxl.campaigns.reading import Anomalies, read_prospects, report_lines, unreadable_ids
from sicxl.campaigns.sheets import CycleBlocks, FunnelSection, agenda_sheet, funnel_sheet, tenders_sheet
from sicxl.campaigns.visits import read_reports
from sicxl.jobs.base import Context, JobResult, Option, Report, Source, job, load_table
from sicxl.messages import campaigns as msg
from sicxl.schema.base import SheetSchema
from sicxl.schema.campaigns import CALLS, DEALS, TENDERS, VISIT_REPORTS
from sicxl.prospects.parameters import read_parameters
from sicxl.schema.prospects import CATEGORIES, PARAMETERS, PROSPECTS, STATUSES
from sicxl.table import Table
from sicxl.values import ValueProblem, parse_choice, parse_count, parse_date, parse_or_none, text_of
from sicxl.writes import ColumnWrite, Style, Writes

AGENDA_DAYS = 14
TENDER_DAYS = 30

DAYS = Option("days", "Nombre de jours à venir pris en compte", "int")
MONTHS = Option("months", "Horizon des contrats à échéance, en mois (sinon le paramètre « Échéances : horizon (mois) »)",
                "int")
AGENDA_PROSPECT_KEYS = ("name", "owner", "heat", "phone", "decision_maker", "last_contact", "relation", "opt_out")
FREQUENCY_KEYS = dict(zip(CATEGORIES, ("contact_accessible", "contact_important", "contact_strategic")))
FROM = Option("from", "Premier jour des appels de la campagne", "date")
TO = Option("to", "Dernier jour des appels de la campagne", "date")
CAMPAIGN = Option("campaign", "Nom de la campagne (colonne Campagne des appels)")
SEGMENT = Option("type", "Type de prospects de la campagne (Collectivité, Santé...)")


class _Reading:
    """The sheets a job reads, with their anomalies, for the report."""

    def __init__(self, source: Source, report: Report) -> None:
        self.source = source
        self.report = report
        self.anomalies: list[tuple[str, Anomalies]] = []

    def table(self, schema: SheetSchema) -> Table | None:
        table = load_table(self.source, schema)
        if table is None:
            self.report.problem(msg.missing_sheet(schema.name))
        return table

    def read(self, table: Table, reader: Callable[[Anomalies], Any]) -> Any:
        anomalies = Anomalies()
        self.anomalies.append((table.sheet, anomalies))
        return reader(anomalies)

    def finish(self) -> None:
        for sheet, anomalies in self.anomalies:
            self.report.lines.extend(report_lines(sheet, anomalies))
            self.report.anomalies.update(anomalies.count_by_kind())


def _option(ctx: Context, report: Report, option: Option, parse: Callable[[Any], Any], default: Any = None) -> Any:
    value = ctx.option(option.name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        return parse(value)
    except ValueProblem as problem:
        report.problem(msg.bad_option(option.name, value, str(problem)))
        return default


def _prospect_column(table: Table, key: str, updates: list[ContactUpdate], value_of: Callable[[ContactUpdate], Any],
                     style: Style) -> ColumnWrite | None:
    changed = [u for u in updates if value_of(u) is not None]
    if not changed:
        return None
    missing = not table.has(key)
    return ColumnWrite(
        sheet=table.sheet,
        col=table.column_of(key),
        rows=[u.row for u in changed],
        values=[value_of(u) for u in changed],
        header=PROSPECTS.header(key) if missing else None,
        header_row=table.header_row if missing else None,
        table=table.excel_table,
        style=style,
    )


@job("calls", "Mettre à jour les prospects depuis les appels", sheets=(CALLS.name,))
def calls(source: Source, ctx: Context) -> JobResult:
    """`Température` and `Dernier contact` of each prospect from its latest call,
    only when that call is newer than the `Dernier contact` in the sheet."""
    report = Report("calls")
    reading = _Reading(source, report)
    prospect_table, call_table = reading.table(PROSPECTS), reading.table(CALLS)
    if prospect_table is None or call_table is None:
        return JobResult(Writes(), report)
    prospects = reading.read(prospect_table, lambda a: read_prospects(prospect_table, a, ("last_contact", "heat")))
    logged = reading.read(call_table, lambda a: read_calls(call_table, prospects.index, ctx.today, a))
    locked = unreadable_ids(prospect_table, prospects, "last_contact")
    latest = latest_contacts(logged) if len(logged) else pd.DataFrame(columns=["last_date", "call_heat", "heat_date"])
    updates = contact_updates(prospects, latest, locked)
    for pid in sorted(locked & set(latest.index)):
        cell = prospect_table.cell("last_contact", int(prospects.at[pid, "row"]))
        report.add(msg.in_sheet(prospect_table.sheet, msg.kept_unreadable(PROSPECTS.header("last_contact"), cell)))
    writes = Writes()
    for key, value_of, style in (
        ("last_contact", lambda u: u.last_contact, Style(number_format=PROSPECTS.column("last_contact").number_format)),
        ("heat", lambda u: u.heat, None),
    ):
        write = _prospect_column(prospect_table, key, updates, value_of, style)
        if write is not None:
            writes.columns.append(write)
    dates = sum(u.last_contact is not None for u in updates)
    heats = sum(u.heat is not None for u in updates)
    report.add(msg.calls_summary(len(logged), dates, heats))
    report.counts.update(calls=len(logged), last_contact=dates, heat=heats)
    reading.finish()
    return JobResult(writes, report)


def _deal_facts(reading: _Reading, prospect_ids: pd.Index) -> pd.DataFrame:
    table = reading.table(DEALS)
    if table is None:
        return pd.DataFrame(columns=[*(c.key for c in DEALS.user_columns), "known_prospect"])
    return reading.read(table, lambda a: read_deals(table, prospect_ids, a))


def _funnel_sections(logged: pd.DataFrame, deals: pd.DataFrame, owners: pd.Series,
                     campaign: str | None, has_campaigns: bool) -> list[FunnelSection]:
    if campaign or not has_campaigns:
        groups = [(campaign or msg.ALL_CAMPAIGNS, logged)]
    else:
        names = funnel_core.campaign_names(logged)
        labels = logged["campaign"].fillna(msg.NO_CAMPAIGN)
        groups = [(name, logged[labels == name]) for name in names]
        if len(groups) > 1:
            groups.append((msg.ALL_CAMPAIGNS, logged))
    sections = []
    for name, calls_of in groups:
        steps = funnel_core.prospect_steps(calls_of, deals)
        dates = calls_of["date"]
        title = msg.funnel_title(name, dates.min() if len(dates) else None, dates.max() if len(dates) else None)
        sections.append(FunnelSection(title, funnel_core.funnel_of(steps), funnel_core.funnel_by_owner(steps, owners)))
    return sections


@job("funnel", "Entonnoir de prospection", sheets=(CALLS.name,), options=(FROM, TO, CAMPAIGN, SEGMENT))
def funnel(source: Source, ctx: Context) -> JobResult:
    """Sheet `Entonnoir`: per campaign, overall and per salesperson."""
    report = Report("funnel")
    reading = _Reading(source, report)
    prospect_table, call_table = reading.table(PROSPECTS), reading.table(CALLS)
    if prospect_table is None or call_table is None:
        return JobResult(Writes(), report)
    prospects = reading.read(prospect_table, lambda a: read_prospects(prospect_table, a, ("owner", "segment")))
    logged = reading.read(call_table, lambda a: read_calls(call_table, prospects.index, ctx.today, a))
    deals = _deal_facts(reading, prospects.index)
    chosen = funnel_core.CampaignFilter(
        start=_option(ctx, report, FROM, parse_date), end=_option(ctx, report, TO, parse_date),
        campaign=_option(ctx, report, CAMPAIGN, text_of), segment=_option(ctx, report, SEGMENT, text_of),
    )
    selected = funnel_core.select_calls(logged, prospects, chosen)
    known_deals = deals[deals["known_prospect"].astype(bool)]
    has_campaigns = call_table.has("campaign") and logged["campaign"].notna().any()
    sections = _funnel_sections(selected, known_deals, prospects["owner"], chosen.campaign, has_campaigns)
    for section in sections:
        f = section.overall
        report.add(msg.funnel_summary(section.title, f.contacted, f.signed, f.revenue))
    reading.finish()
    return JobResult(Writes(sheets=[funnel_sheet(sections)]), report)


def _computed_choices(table: Table, prospects: pd.DataFrame, key: str, choices: tuple[str, ...]) -> pd.Series:
    """A computed column of Prospects (Catégorie, Statut) as sicxl wrote it, by ID; None
    where absent or altered."""
    if not table.has(key):
        return pd.Series(None, index=prospects.index, dtype=object)
    raw = table.frame[key]
    return prospects["row"].map(lambda row: parse_or_none(lambda v: parse_choice(v, choices), raw[row]))


def _cycle(reading: _Reading, ctx: Context, prospect_table: Table, prospects: pd.DataFrame, logged: pd.DataFrame,
           visits: pd.DataFrame) -> CycleBlocks:
    """Renewals, waiting proposals and contacts due (issue 17), with Paramètres' horizons."""
    params, problems = read_parameters(load_table(reading.source, PARAMETERS))
    reading.report.problems.extend(problems)
    months = _option(ctx, reading.report, MONTHS, parse_count, int(params["renewal_months"]))
    proposal_days = int(params["proposal_days"])
    deals = _deal_facts(reading, prospects.index)
    prospects = prospects.assign(category=_computed_choices(prospect_table, prospects, "category", CATEGORIES),
                                 status=_computed_choices(prospect_table, prospects, "status", STATUSES))
    frequencies = {category: int(params[key]) for category, key in FREQUENCY_KEYS.items()}
    contacts, unclassified = upkeep.contacts_due(prospects, logged, visits, deals, ctx.today, frequencies)
    if unclassified:
        reading.report.add(msg.unclassified(unclassified))
    return CycleBlocks(renewals_core.renewals(deals, prospects, visits, ctx.today, months),
                       renewals_core.ageing_proposals(deals, prospects, visits, ctx.today, proposal_days),
                       contacts, ctx.today, months, proposal_days)


@job("agenda", "Agenda des rappels et RDV", sheets=(CALLS.name,), options=(DAYS, MONTHS))
def agenda(source: Source, ctx: Context) -> JobResult:
    """Sheet `Agenda`, per salesperson: call-backs and appointments of the next days,
    contracts coming to term, proposals waiting for an answer, contacts due."""
    report = Report("agenda")
    reading = _Reading(source, report)
    prospect_table, call_table = reading.table(PROSPECTS), reading.table(CALLS)
    if prospect_table is None or call_table is None:
        return JobResult(Writes(), report)
    days = _option(ctx, report, DAYS, parse_count, AGENDA_DAYS)
    prospects = reading.read(prospect_table, lambda a: read_prospects(prospect_table, a, AGENDA_PROSPECT_KEYS))
    logged = reading.read(call_table, lambda a: read_calls(call_table, prospects.index, ctx.today, a))
    report_table = reading.table(VISIT_REPORTS)
    if report_table is None:
        visits = pd.DataFrame(columns=[c.key for c in VISIT_REPORTS.user_columns])
    else:
        visits = reading.read(report_table, lambda a: read_reports(report_table, prospects.index, ctx.today, a))
    lines = agenda_core.agenda(logged, prospects, visits, ctx.today, days)
    kinds = lines["kind"].value_counts()
    report.add(msg.agenda_summary(int(kinds.get(msg.AGENDA_APPOINTMENT, 0)), int(kinds.get(msg.AGENDA_CALLBACK, 0)),
                                  days))
    cycle = _cycle(reading, ctx, prospect_table, prospects, logged, visits)
    report.add(msg.agenda_cycle_summary(len(cycle.renewals), len(cycle.proposals), len(cycle.contacts),
                                        cycle.months, cycle.proposal_days))
    late = sum(1 for d in cycle.renewals["deadline"] if d is not None and d < ctx.today)
    if late:
        report.add(msg.notice_passed(late))
    report.counts.update(lines=len(lines), renewals=len(cycle.renewals), proposals=len(cycle.proposals),
                         contacts=len(cycle.contacts), notice_passed=late)
    reading.finish()
    return JobResult(Writes(sheets=[agenda_sheet(lines, ctx.today, days, cycle)]), report)


@job("tenders", "Suivi des appels d'offres", sheets=(TENDERS.name,), options=(DAYS,))
def tenders(source: Source, ctx: Context) -> JobResult:
    """Sheet `Suivi AO`: deadlines of the next days, late steps, won tenders to turn into deals."""
    report = Report("tenders")
    reading = _Reading(source, report)
    tender_table = reading.table(TENDERS)
    if tender_table is None:
        return JobResult(Writes(), report)
    days = _option(ctx, report, DAYS, parse_count, TENDER_DAYS)
    known = reading.read(tender_table, lambda a: tenders_core.read_tenders(tender_table, a))
    prospect_table = reading.table(PROSPECTS)
    prospects = (pd.DataFrame(columns=["name"]) if prospect_table is None
                 else reading.read(prospect_table, lambda a: read_prospects(prospect_table, a, ("name",))))
    deals = _deal_facts(reading, prospects.index)
    deadlines = tenders_core.upcoming_deadlines(known, ctx.today, days)
    late = tenders_core.late_steps(known, ctx.today)
    to_create = tenders_core.deals_to_create(known, deals["tender"], prospects)
    report.add(msg.tenders_summary(len(deadlines), len(late), len(to_create), days))
    report.counts.update(deadlines=len(deadlines), late=len(late), deals_to_create=len(to_create))
    reading.finish()
    return JobResult(Writes(sheets=[tenders_sheet(deadlines, late, to_create, days)]), report)

