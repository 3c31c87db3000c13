"""Jobs of the events workbook: `invite` (invitation lists and their files) and
`followup` (follow-ups and the summary of answers). WORKBOOKS.md section 4.

Both jobs read people from a second workbook, the prospect file. A job never opens
a file: the shell does, and hands over what the job needs in `ctx.options`:

- ``ctx.options["prospects_source"]``: a `Source` on the prospect workbook, opened
  by the shell for ``--prospects``; else the job asks the shell (`ctx.open_workbook`)
  for the « Fichier prospects » cell of `Paramètres` (a path relative to the events
  workbook's folder). Without it, only staff can be invited and new contacts met at
  a show cannot be told apart; both are reported.
- `ctx.read_file`: a callable ``(name: str) -> bytes | None`` that
  reads a file beside the workbook (None when it does not exist; SourceUnavailable,
  with a French reason, when the shell refuses to read it): the agenda
  attached to e-mails (« Fichier ordre du jour ») and the letter template
  (« Modèle de lettre »). Without it, e-mails go without the agenda, letters use the
  built-in template, and the report says so.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

import pandas as pd

from sicxl.documents.mail import Attachment
from sicxl.documents.names import Unique
from sicxl.events.badges import badges_docx
from sicxl.events.drafts import invitation_email
from sicxl.events.event import Event, events_from_frame
from sicxl.events.followup import FollowUp, follow_ups
from sicxl.events.ics import event_calendar
from sicxl.events.walk_ins import WalkIns, place_walk_ins
from sicxl.events.letters import letters_docx
from sicxl.events.mailing import mailing_csv
from sicxl.events.people import FROM_PROSPECTS, FROM_STAFF, PEOPLE_COLUMNS, PersonIndex, prospect_people, staff_people
from sicxl.events.responses import Response, latest_answers, invited_index, of_event, responses_from_frame, summarize
from sicxl.events.selection import Finding, Invitation, invitations_from_frame, select, valid_email
from sicxl.events.target import in_target, parse_target
from sicxl.events.thanks import thanks_email, thanks_letters
from sicxl.jobs.base import (
    Context,
    Export,
    JobResult,
    NoRoomBelow,
    Option,
    OtherWrites,
    Report,
    Source,
    SourceUnavailable,
    find_sheet,
    job,
    load_table,
    row_writes,
    rows_below,
)
from sicxl.messages import events as msg
from sicxl.messages import paths as paths_msg
from sicxl.prospects.pipeline import DuplicateSearchUnavailable
from sicxl.prospects.reading import Anomalies, read_rows
from sicxl.reference.communes import communes
from sicxl.schema.base import SheetSchema
from sicxl.schema.events import (
    ANSWER_SUMMARY, BY_POST, DECLINED, EVENT_PARAMETERS, EVENTS, FOLLOWUPS, INVITATIONS, KNOWN_PARAMETERS,
    LETTER_TEMPLATE_PARAMETER, PROSPECT_CONTACTS, PROSPECT_FILE_PARAMETER, PROSPECT_SOURCE, RESPONSES, STAFF,
    STAFF_SOURCE, THANKS, THANKS_TEMPLATE_PARAMETER,
)
from sicxl.table import Table
from sicxl.values import fold, is_blank, text_of
from sicxl.writes import SheetWrite, Style, Value, Writes

PROSPECTS_SOURCE = "prospects_source"
READ_FILE = "read_file"
EVENT_OPTION = Option("event", "ID de l'événement à traiter (sinon tous les événements)")
PROSPECTS_OPTION = Option("prospects", "Classeur des prospects (sinon le paramètre « Fichier prospects »)", "workbook")
HEADER_STYLE = Style(fill="1F4E78", font_color="FFFFFF", bold=True, wrap=True)


# ---- reading ---------------------------------------------------------------------------------


def _flush(anomalies: Anomalies, sheet: str, report: Report) -> None:
    """Row messages of a sheet into the report, with the sheet's name (they name their cell)."""
    for row in sorted(anomalies.messages):
        for kind, text in zip(anomalies.kinds[row], anomalies.messages[row]):
            report.anomalies[kind] += 1
            report.problem(msg.in_sheet(sheet, text))


def _sheet_table(source: Source, schema: SheetSchema) -> Table | None:
    """A sheet of the events workbook, found by its name only: `Réponses`,
    `Invitations` and `Relances` share headers, so searching every sheet for them
    (what `load_table` does for a renamed sheet) could read one for another."""
    sheet = find_sheet(source, schema)
    return load_table(source, schema, sheet) if sheet else None


def _typed(source: Source, schema: SheetSchema, report: Report) -> tuple[Table | None, pd.DataFrame]:
    table = _sheet_table(source, schema)
    if table is None:
        return None, pd.DataFrame(columns=[c.key for c in schema.columns])
    anomalies = Anomalies()
    clean = read_rows(table, anomalies)
    _flush(anomalies, table.sheet, report)
    return table, clean


def parameters(source: Source, report: Report | None = None) -> dict[str, Any]:
    """The events workbook's `Paramètres`, by folded name; unknown names reported."""
    table = _sheet_table(source, EVENT_PARAMETERS)
    if table is None or not table.has("parameter"):
        return {}
    known = {fold(name): name for name in KNOWN_PARAMETERS}
    found: dict[str, Any] = {}
    for name, value in zip(table.frame["parameter"], table.frame.get("value", pd.Series(dtype=object))):
        if is_blank(name):
            continue
        if fold(name) in known:
            found[known[fold(name)]] = value
        elif report is not None:
            report.anomalies[msg.UNKNOWN_PARAMETER] += 1
            report.problem(msg.unknown_parameter(text_of(name), KNOWN_PARAMETERS))
    return found


def prospects_path(source: Source, ctx: Context) -> str | None:
    """The prospect workbook the shell must open: ``--prospects``, else `Paramètres`."""
    path = ctx.option(PROSPECTS_OPTION.name) or parameters(source).get(PROSPECT_FILE_PARAMETER)
    return text_of(path) or None


def _events(source: Source, report: Report) -> list[Event]:
    table, clean = _typed(source, EVENTS, report)
    if table is None:
        report.problem(msg.missing_sheet(EVENTS.name))
        return []
    events, findings = events_from_frame(clean, table.frame)
    _report_findings(findings, {EVENTS.name: (table, {k: k for k in EVENTS.keys})}, report)
    return events


def _chosen(events: list[Event], ctx: Context, report: Report) -> list[Event]:
    """The events of this run: ``--event``, else all; those without a date reported."""
    wanted = ctx.option(EVENT_OPTION.name)
    if wanted:
        chosen = [e for e in events if fold(e.id) == fold(wanted)]
        if not chosen:
            report.anomalies[msg.UNKNOWN_EVENT] += 1
            report.problem(msg.unknown_event(text_of(wanted), [e.id for e in events]))
        events = chosen
    for event in events:
        if event.date is None:
            report.anomalies[msg.NO_DATE] += 1
            report.problem(msg.event_without_date(event.id))
    return events


Located = dict[str, tuple[Table, dict[str, str]]]  # source -> (table, people column -> schema key)


def _report_findings(findings: Iterable[Finding], tables: Located, report: Report) -> None:
    """Findings of the core, each placed in its cell ("E-mail : « x » … (fichier, J14)")."""
    for finding in findings:
        table, keys = tables[finding.source]
        key = keys.get(finding.field)
        where = table.cell(key, finding.row) if key and table.has(key) else f"ligne {finding.row}"
        report.anomalies[finding.kind] += 1
        report.problem(msg.located(finding.text, f"{finding.source}", where))


def _people(source: Source, ctx: Context, report: Report) -> tuple[pd.DataFrame, Located]:
    """Everyone an event can reach: prospects first (when given), then staff."""
    frames, tables = [], {}
    prospects = _prospects_source(source, ctx, report)
    if prospects is not None:
        table = load_table(prospects, PROSPECT_CONTACTS)
        if table is None:
            report.problem(msg.unreadable_prospects(msg.missing_sheet(PROSPECT_CONTACTS.name)))
        else:
            if not table.has("civility"):
                report.add(msg.no_civility())
            frames.append(prospect_people(table.frame))
            tables[PROSPECT_SOURCE] = (table, FROM_PROSPECTS)
    staff, _ = _typed(source, STAFF, report)
    if staff is not None:
        frames.append(staff_people(staff.frame))
        tables[STAFF_SOURCE] = (staff, {**FROM_STAFF, "key": "staff_id"})
    people = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(PEOPLE_COLUMNS))
    return people, tables


def _prospects_source(source: Source, ctx: Context, report: Report) -> Source | None:
    """The prospect workbook: opened by the shell for ``--prospects``, else asked of the
    shell from the « Fichier prospects » cell of `Paramètres`."""
    prospects = ctx.option(PROSPECTS_SOURCE)
    if prospects is not None or ctx.open_workbook is None:
        return prospects
    path = prospects_path(source, ctx)
    if not path:
        return None
    try:
        return ctx.open_workbook(path)
    except SourceUnavailable as problem:
        report.problem(msg.unreadable_prospects(str(problem)))
        return None


def _responses(source: Source, report: Report) -> list[Response]:
    table, clean = _typed(source, RESPONSES, report)
    return responses_from_frame(clean) if table is not None else []


# ---- writing ---------------------------------------------------------------------------------


def _kept_rows(source: Source, schema: SheetSchema, replaced: set[str]) -> list[list[Value]]:
    """Rows of a computed sheet for events this run does not recompute (kept as they are)."""
    table = _sheet_table(source, schema)
    if table is None or not table.has("event"):
        return []
    rows = []
    for values in table.frame.to_dict("records"):
        if fold(text_of(values.get("event"))) not in replaced:
            rows.append([values.get(c.key) for c in schema.columns])
    return rows


def computed_sheet(schema: SheetSchema, rows: Sequence[Sequence[Value]]) -> SheetWrite:
    """A computed sheet: schema headers, number formats and widths, frozen header."""
    styles: dict[tuple[int, int], Style] = {}
    for col, column in enumerate(schema.columns, start=1):
        styles[(1, col)] = HEADER_STYLE
        if column.number_format or column.key == "address":
            cell_style = Style(number_format=column.number_format, wrap=column.key == "address")
            for row in range(2, len(rows) + 2):
                styles[(row, col)] = cell_style
    return SheetWrite(
        name=schema.name,
        rows=[[c.header for c in schema.columns], *rows],
        styles=styles,
        widths={col: c.width for col, c in enumerate(schema.columns, start=1)},
        freeze="A2",
    )


def invitation_row(invitation: Invitation) -> list[Value]:
    values = {**vars(invitation), "address": "\n".join(invitation.address_lines)}
    return [values.get(c.key) if values.get(c.key) != "" else None for c in INVITATIONS.columns]


def follow_up_row(follow_up: FollowUp) -> list[Value]:
    values = vars(follow_up)
    return [values.get(c.key) if values.get(c.key) != "" else None for c in FOLLOWUPS.columns]


# ---- invite ----------------------------------------------------------------------------------


def _read_file(ctx: Context) -> Callable[[str], bytes | None] | None:
    reader = ctx.read_file or ctx.option(READ_FILE)
    return reader if callable(reader) else None


def _named_file(ctx: Context, name: str, report: Report, missing: str) -> bytes | None:
    """The bytes of a file a cell names, asked of the shell; a file that is absent
    (`missing` says so), or that the shell refuses to read (outside the workbook's
    folder...), is reported."""
    reader = _read_file(ctx)
    try:
        content = reader(name) if reader else None
    except SourceUnavailable as refused:
        report.anomalies[paths_msg.REFUSED_FILE] += 1
        report.problem(str(refused))
        return None
    if content is None:
        report.anomalies[msg.MISSING_FILE] += 1
        report.problem(missing)
    return content


def _agenda(event: Event, ctx: Context, report: Report) -> Attachment | None:
    if not event.agenda_file:
        return None
    name = event.agenda_file
    missing = msg.missing_agenda(event.id, name) if _read_file(ctx) else msg.no_file_reader(event.id, name)
    content = _named_file(ctx, name, report, missing)
    if content is None:
        return None
    return Attachment(name.replace("\\", "/").rsplit("/", 1)[-1], content)


def _letter_template(params: dict[str, Any], ctx: Context, report: Report,
                     parameter: str = LETTER_TEMPLATE_PARAMETER) -> bytes | None:
    """The users' .docx template named in `Paramètres`, None for the built-in one."""
    name = text_of(params.get(parameter))
    if not name:
        return None
    content = _named_file(ctx, name, report, msg.missing_letter_template(name))
    if content is not None:
        report.add(msg.letter_template_used(name))
    return content


def _event_exports(event: Event, base: str, invitations: list[Invitation], declined: set[str],
                   template: bytes | None, ctx: Context, report: Report) -> list[Export]:
    """The files of one event: mailing CSV, its calendar entry without attendees, one
    e-mail draft per person (with their own meeting request), letters, badges."""
    invited = [i for i in invitations if i.invited]
    exports = [Export(f"{base}_publipostage.csv", mailing_csv(invited))]
    with_calendar = False
    if event.date is not None:
        with_calendar = bool(valid_email(event.organizer_email))
        if with_calendar:
            exports.append(Export(f"{base}_calendrier.ics", event_calendar(event, ctx.today)))
        else:
            report.problem(msg.missing_organizer(event.id))
    agenda = _agenda(event, ctx, report)
    names = Unique()
    for invitation in (i for i in invited if i.email):  # one folder of drafts per event, not hundreds of files
        exports.append(Export(f"{base}_courriels/{names(invitation.person)}.eml",
                              invitation_email(event, invitation, ctx.today, agenda, with_calendar)))
    if any(i.channel == BY_POST for i in invited):
        exports.append(Export(f"{base}_lettres.docx", letters_docx(event, invited, ctx.today, template)))
    coming = [i for i in invited if i.person not in declined]
    if coming:
        exports.append(Export(f"{base}_badges.docx", badges_docx(event, coming)))
    return exports


def _summarize_selection(event: Event, invitations: list[Invitation], report: Report) -> None:
    invited = [i for i in invitations if i.invited]
    by_post = sum(1 for i in invited if i.channel == BY_POST)
    excluded = [i for i in invitations if not i.invited]
    report.add(msg.invite_summary(event.id, len(invited), len(excluded), len(invited) - by_post, by_post))
    reasons = pd.Series([i.reason for i in excluded], dtype=object).value_counts()
    for reason, count in reasons.items():
        report.add(msg.exclusion_count(reason, int(count)))
    report.counts["invited"] += len(invited)
    report.counts["excluded"] += len(excluded)


def _declined(event: Event, invitations: list[Invitation], responses: list[Response]) -> set[str]:
    latest = latest_answers(of_event(responses, event.id), invited_index(invitations))
    return {key for key, response in latest.items() if response.answer == DECLINED}


@job("invite", "Préparer les invitations", sheets=(EVENTS.name,), options=(EVENT_OPTION, PROSPECTS_OPTION))
def invite(source: Source, ctx: Context) -> JobResult:
    """The `Invitations` sheet of each event (or of ``--event``) and its files: the
    mailing list (CSV), the meeting request (.ics), e-mail drafts (.eml), letters
    for those without e-mail and badges (.docx). Contract with the shell: see the
    module docstring (``prospects_source``, ``read_file``)."""
    report = Report("invite")
    events = _chosen(_events(source, report), ctx, report)
    params = parameters(source, report)
    people, tables = _people(source, ctx, report)
    responses = _responses(source, report)
    template = _letter_template(params, ctx, report)
    rows: list[list[Value]] = []
    exports: list[Export] = []
    bases = Unique()
    for event in events:
        target = parse_target(event.target, event.type)
        if PROSPECT_SOURCE in target.sources and PROSPECT_SOURCE not in tables:
            report.problem(msg.no_prospects(event.id))
        report.add(msg.target_summary(event.id, sorted(target.sources), sorted(target.segments),
                                      sorted(target.categories), sorted(target.departments), list(target.functions)))
        selection = select(event.id, people[in_target(people, target)], event.capacity)
        _report_findings(selection.findings, tables, report)
        _summarize_selection(event, selection.invitations, report)
        rows.extend(invitation_row(i) for i in selection.invitations)
        exports += _event_exports(event, bases(event.id), selection.invitations,
                                  _declined(event, selection.invitations, responses), template, ctx, report)
    if ctx.option(EVENT_OPTION.name):
        rows = _kept_rows(source, INVITATIONS, {fold(e.id) for e in events}) + rows
    report.add(msg.exports_summary([e.name for e in exports if not e.name.endswith(".eml")],
                                   sum(e.name.endswith(".eml") for e in exports)))
    return JobResult(Writes(sheets=[computed_sheet(INVITATIONS, rows)]), report, exports)


# ---- followup --------------------------------------------------------------------------------


def _sent_invitations(source: Source, report: Report) -> list[Invitation]:
    """The `Invitations` sheet as `invite` wrote it (and users may have edited it)."""
    table, clean = _typed(source, INVITATIONS, report)
    if table is None:
        report.problem(msg.missing_sheet(INVITATIONS.name))
        return []
    return invitations_from_frame(clean)


def _prospect_index(people: pd.DataFrame, tables: Located, report: Report) -> PersonIndex | None:
    """The prospect file's people, to recognise visitors; None (and said) without it."""
    if PROSPECT_SOURCE not in tables:
        report.problem(msg.no_prospects_followup())
        return None
    return PersonIndex(people[people["source"] == PROSPECT_SOURCE].reset_index(drop=True))


def _of(invitations: list[Invitation], event: Event) -> list[Invitation]:
    return [i for i in invitations if fold(i.event) == fold(event.id)]


def _answer_summaries(events: list[Event], invitations: list[Invitation], responses: list[Response],
                      report: Report) -> list[list[Value]]:
    """`Synthèse des réponses`: one line per event of the workbook."""
    rows = []
    for event in events:
        summary = summarize(event.id, _of(invitations, event), of_event(responses, event.id))
        report.add(msg.answers_summary(event.id, summary.invited, summary.accepted, summary.declined,
                                       summary.no_answer, summary.answer_rate, summary.present))
        rows.append([event.id, event.title, event.date, summary.invited, summary.accepted, summary.declined,
                     summary.no_answer, summary.answer_rate, summary.present, summary.walk_ins])
    return rows


def _thanks_exports(events: list[Event], actions: list[FollowUp], params: dict[str, Any], ctx: Context,
                    report: Report) -> list[Export]:
    """The thank-you e-mail drafts and letters of the shows that took place."""
    template = _letter_template(params, ctx, report, THANKS_TEMPLATE_PARAMETER)
    exports: list[Export] = []
    bases = Unique()
    for event in events:
        visitors = [a for a in actions if a.event == event.id and a.action == THANKS]
        if not visitors or event.date is None or event.date > ctx.today:
            continue
        base, names = bases(event.id), Unique()
        by_mail = [v for v in visitors if valid_email(v.email)]
        by_post = [v for v in visitors if not valid_email(v.email) and v.address_lines]
        for visitor in by_mail:
            exports.append(Export(f"{base}_remerciements/{names(visitor.person or visitor.name)}.eml",
                                  thanks_email(event, visitor, ctx.today)))
        if by_post:
            exports.append(Export(f"{base}_lettres_remerciement.docx",
                                  thanks_letters(event, by_post, ctx.today, template)))
        for visitor in visitors:
            if visitor not in by_mail and visitor not in by_post:
                report.problem(msg.thanks_unreachable(event.id, visitor.name or visitor.organisation))
        report.add(msg.thanks_summary(event.id, len(by_mail), len(by_post), visitors[0].due))
    return exports

def _walk_ins(source: Source, ctx: Context, events: list[Event], responses: list[Response],
              prospects: PersonIndex, tables: Located, report: Report) -> tuple[WalkIns, list[OtherWrites]]:
    """The trade shows' visitors the prospect file does not know by ID, e-mail or name:
    linked to their row, or added as new prospect rows (events/walk_ins.py, issue 17);
    the rows to add go into the prospect workbook, which the shell saves."""
    visitors = [(event, response) for event in events if event.is_show for response in of_event(responses, event.id)
                if response.present and prospects.find(response.person, response.email, response.name,
                                                       response.organisation) is None]
    if not visitors:
        return WalkIns(), []
    table, _ = tables[PROSPECT_SOURCE]
    try:
        placed = place_walk_ins(visitors, read_rows(table, Anomalies()), communes())
    except DuplicateSearchUnavailable as problem:
        report.problem(msg.walk_ins_not_added(str(problem)))
        return WalkIns(), []
    prospect_file = _prospects_source(source, ctx, report)  # the one `_people` read: the shell opens it once
    try:
        rows = rows_below(prospect_file, table, len(placed.records))
    except NoRoomBelow as problem:
        report.problem(msg.walk_ins_not_added(str(problem)))
        return WalkIns({row: w for row, w in placed.by_response.items() if w.linked}), []
    for walk_in in placed.by_response.values():
        who = (walk_in.response.name, walk_in.response.organisation, walk_in.event.id)
        report.add(msg.walk_in_linked(walk_in.prospect_id, *who, walk_in.match) if walk_in.linked
                   else msg.walk_in_added(walk_in.prospect_id, *who))
    report.counts.update(walk_ins_added=len(placed.added), walk_ins_linked=len(placed.by_response) - len(placed.added))
    writes = Writes(columns=row_writes(table, rows, placed.records))
    return placed, [OtherWrites(prospect_file, writes, msg.PROSPECT_FILE_LABEL)] if writes else []



@job("followup", "Préparer les relances", sheets=(EVENTS.name,), options=(EVENT_OPTION, PROSPECTS_OPTION))
def followup(source: Source, ctx: Context) -> JobResult:
    """The `Relances` sheet (thank-yous, reminders, call-backs, new contacts) of each
    event (or of ``--event``), `Synthèse des réponses` for every event, and the
    thank-you e-mail drafts and letters of the shows that took place. Reads the
    `Invitations` sheet made by `invite`. A show's visitors the prospect file does not
    know are added to it, or linked to their row (`_walk_ins`): those rows are writes
    into the prospect workbook (JobResult.elsewhere), which the shell saves. Contract
    with the shell: see the module docstring (``prospects_source``, ``read_file``)."""
    report = Report("followup")
    every_event = _events(source, report)
    events = _chosen(every_event, ctx, report)
    invitations = _sent_invitations(source, report)
    responses = _responses(source, report)
    people, tables = _people(source, ctx, report)
    prospects = _prospect_index(people, tables, report)
    placed, elsewhere = _walk_ins(source, ctx, events, responses, prospects, tables, report) \
        if prospects is not None else (WalkIns(), [])
    if placed.records:  # the visitors' new rows, known from now on as the next run will know them
        prospects = prospects.with_people(prospect_people(pd.DataFrame(placed.records)))
    actions = [a for event in events
               for a in follow_ups(event, _of(invitations, event), responses, prospects, ctx.today,
                                   placed.by_response)]
    summary_rows = _answer_summaries(every_event, invitations, responses, report)
    exports = _thanks_exports(events, actions, parameters(source, report), ctx, report)
    counts = pd.Series([a.action for a in actions], dtype=object).value_counts()
    report.add(msg.followup_summary({str(k): int(v) for k, v in counts.items()}))
    report.counts.update({str(k): int(v) for k, v in counts.items()})
    rows = [follow_up_row(a) for a in actions]
    if ctx.option(EVENT_OPTION.name):
        rows = _kept_rows(source, FOLLOWUPS, {fold(e.id) for e in events}) + rows
    writes = Writes(sheets=[computed_sheet(FOLLOWUPS, rows), computed_sheet(ANSWER_SUMMARY, summary_rows)])
    return JobResult(writes, report, exports, elsewhere=elsewhere)
