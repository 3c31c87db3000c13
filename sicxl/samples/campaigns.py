"""The campaign sheets of the prospect workbook: `Appels`, `Comptes rendus`,
`Affaires`, `Appels d'offres`, as a template or with a realistic sample.

The sample replays the phoning campaign of issue 4: 114 communes called, 85
useful contacts, 30 appointments, 20 proposals, 12 contracts signed for 500 k€ a
year, plus a small earlier campaign towards hospitals, call-backs and meetings
due in the days after `today`, and public tenders at every step. It also keeps
the contracts signed in earlier years (issue 17, `HISTORY`): some come to term
within the year (renewals, one whose notice has already begun), one has ended
(a former client), one runs to 2031, and three signed deals the dashboard
cannot take: one without its contract number yet, one without its amount, one
already typed in the dashboard's `Contrats`. Deterministic: one seeded random
generator, dates counted from `today`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from sicxl.samples.dashboard import contract_rows
from sicxl.schema.base import SheetSchema
from sicxl.schema.campaigns import (
    CALLS,
    DEALS,
    RESULT_APPOINTMENT,
    RESULT_GATEKEEPER,
    RESULT_INFORMATION,
    RESULT_REFUSAL,
    RESULT_UNREACHABLE,
    SERVICES,
    STAGE_APPOINTMENT,
    STAGE_LOST,
    STAGE_PROPOSAL,
    STAGE_SIGNED,
    TENDER_SENT,
    TENDER_SPOTTED,
    TENDER_STUDY,
    TENDER_LOST,
    TENDER_WITHDRAWN,
    TENDER_WON,
    TENDERS,
    VISIT_REPORTS,
)
from sicxl.schema.prospects import PROSPECTS

SEED = 20070404
SAMPLE_TODAY = dt.date(2026, 11, 2)  # the demo's "today" (sicxl.samples.demo.DEMO_TODAY)
TEMPLATE_ROWS = 500  # drop-down lists and formats reach this far below the header

CAMPAIGN = "Communes 78-95 automne 2026"
CAMPAIGN_START = dt.date(2026, 9, 7)
HEALTH_CAMPAIGN = "Établissements de santé printemps 2026"
HEALTH_START = dt.date(2026, 4, 13)

# The campaign of issue 4: how many prospects end at each step.
CONTACTED, USEFUL, APPOINTMENTS, REFUSALS = 114, 85, 30, 15
# Of the 30 appointments: 12 signed, 5 lost, 3 proposals pending, 10 still at the meeting stage.
SIGNED_AMOUNTS = (62, 18, 45, 27, 85, 33, 21, 54, 38, 29, 48, 40)  # k€ a year, 500 in all
LOST, PENDING = 5, 3
# Contracts of earlier years: (signed, service index or name, k€ a year, years, notice in months, contract number).
# None as contract number: not known yet; None as amount: not typed.
HISTORY = (
    (dt.date(2019, 3, 15), 0, 120, 8, 6, "C2019-0042"),  # ends March 2027: notice already begun
    (dt.date(2020, 12, 10), 1, 35, 6, 3, "C2020-0017"),  # ends December 2026
    (dt.date(2021, 8, 20), 2, 48, 6, 6, "C2021-0064"),  # ends August 2027
    (dt.date(2021, 12, 20), 0, 90, 5, 3, "C2021-0088"),  # ends January 2027
    (dt.date(2018, 4, 5), 1, 25, 7, 3, "C2018-0031"),  # ended April 2025: a former client
    (dt.date(2023, 1, 12), 0, 150, 8, 6, "C2023-0005"),  # runs to 2031
    (dt.date(2022, 5, 17), 1, 40, 5, 3, None),  # signed, its contract number not typed yet
    (dt.date(2022, 9, 6), 2, None, 5, 3, "C2022-0071"),  # signed without its amount
)
CAMPAIGN_YEARS, CAMPAIGN_NOTICE = 5, 3  # the campaign's contracts: 5 years, 3 months' notice
DASHBOARD_CONTRACT = next(r for r in contract_rows() if r[3] == "Collectivité")  # in the dashboard sample's Contrats

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
MEN = ("Jean", "Philippe", "Pierre", "Laurent", "Éric", "François", "Olivier", "Thierry", "Hervé")
WOMEN = ("Marie", "Nathalie", "Isabelle", "Sophie", "Catherine", "Valérie", "Sandrine", "Christine")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
              "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux")
DECIDERS = ("Directeur des services techniques", "Directeur général des services", "Maire",
            "Adjoint au maire chargé des travaux", "Responsable énergie")
GATEKEEPERS = (("Secrétariat du maire", "Assistante"), ("Accueil de la mairie", "Standard"),
               ("Secrétariat des services techniques", "Assistante"))
OBJECTIONS = ("Contrat en cours jusqu'en 2028", "Budget voté, rien avant l'an prochain",
              "Satisfait du prestataire actuel", "Passe obligatoirement par un appel d'offres",
              "Chaufferies rénovées il y a 3 ans", None, None)
COMPETITORS = ("Engie Solutions", "Idex", "Coriance", "Dalkia", None)
DECISIVE = ("Garantie de résultat sur les consommations", "Intervention sous 4 h en hiver",
            "Intéressement aux économies d'énergie", "Rapport mensuel de consommation par bâtiment",
            "Reprise du personnel de la régie", "Financement du renouvellement des chaudières (P4)")
MOTIVES = ("Sécurité", "Argent", "Confort, Sécurité", "Argent, Nouveauté", "Orgueil", "Sympathie, Confort")
NEXT_STEPS = ("Envoyer une proposition P1 + P2", "Visiter la chaufferie avec le DST",
              "Présenter l'offre en commission travaux", "Rappeler après le vote du budget")


def _term(signed: dt.date, years: int, notice: int) -> dict[str, Any]:
    """Start on the first day of the month after signing, end `years` later, and the notice."""
    start = (signed.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return {"start": start, "end": start.replace(year=start.year + years) - dt.timedelta(days=1), "notice": notice}


@dataclass(frozen=True)
class CampaignProspect:
    id: str
    owner: str
    name: str = ""
    segment: str = ""


def _prospect(item: Mapping[str, Any] | Sequence[Any]) -> CampaignProspect | None:
    """A prospect row of the lead's sample (a dict by schema key) or a tuple (id, owner[, name[, segment]])."""
    if isinstance(item, Mapping):
        if not item.get("id") or str(item.get("opt_out") or "").lower() == "oui":
            return None
        return CampaignProspect(str(item["id"]), item.get("owner") or "", item.get("name") or "",
                                item.get("segment") or "")
    return CampaignProspect(*(str(v or "") for v in item))


# --- the sheets, as templates -------------------------------------------------------------


def _header(ws: Worksheet, schema: SheetSchema) -> None:
    for col, column in enumerate(schema.columns, start=1):
        cell = ws.cell(row=1, column=col, value=column.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if column.help:
            cell.comment = Comment(column.help, "sicxl", width=320, height=120)
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.freeze_panes = "A2"


def _write_rows(ws: Worksheet, schema: SheetSchema, rows: list[dict[str, Any]]) -> None:
    for index, row in enumerate(rows, start=2):
        for col, column in enumerate(schema.columns, start=1):
            cell = ws.cell(row=index, column=col, value=row.get(column.key))
            if column.number_format:
                cell.number_format = column.number_format


def _lists(ws: Worksheet, schema: SheetSchema, prospect_list: str | None) -> None:
    """Drop-down lists on every column with choices, and on `ID prospect` the IDs of
    the Prospects table. Motivations accept several values, so a typed list only warns."""
    last = TEMPLATE_ROWS + 1
    for col, column in enumerate(schema.columns, start=1):
        letter = get_column_letter(col)
        if column.choices:
            formula = '"' + ",".join(column.choices) + '"'
            strict = column.key != "motivations"
        elif column.key == "prospect_id" and prospect_list:
            formula, strict = prospect_list, False
        else:
            continue
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                    errorStyle="stop" if strict else "warning", errorTitle=column.header,
                                    error="Choisissez une valeur de la liste.")
        validation.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(validation)


def _sheet(workbook: Workbook, schema: SheetSchema, rows: list[dict[str, Any]], prospect_list: str | None) -> None:
    ws = workbook.create_sheet(schema.name)
    _header(ws, schema)
    _write_rows(ws, schema, rows)
    table = Table(displayName=schema.table, ref=f"A1:{get_column_letter(len(schema.columns))}{max(2, len(rows) + 1)}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    _lists(ws, schema, prospect_list)


def _prospect_list(workbook: Workbook) -> str | None:
    """The Prospects IDs as a list source, when the workbook has the Prospects sheet."""
    if PROSPECTS.name not in workbook.sheetnames:
        return None
    ws = workbook[PROSPECTS.name]
    for col in range(1, ws.max_column + 1):
        if ws.cell(row=1, column=col).value == PROSPECTS.header("id"):
            letter = get_column_letter(col)
            return f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${max(ws.max_row, 2) + TEMPLATE_ROWS}"
    return None


def add_campaign_sheets(workbook: Workbook, prospects: Iterable[Mapping[str, Any] | Sequence[Any]] = (),
                        sample: bool = True, today: dt.date = SAMPLE_TODAY) -> None:
    """Add `Appels`, `Comptes rendus`, `Affaires` and `Appels d'offres` to `workbook`.

    Call it after the Prospects sheet is written, so that `ID prospect` offers the
    IDs as a drop-down list. With `sample`, the sheets hold the sample campaign
    over the first 114 eligible communes of `prospects` (dicts by schema key as
    `sicxl.samples.prospects` builds them, or tuples (id, owner[, name[, segment]])).
    """
    rows: dict[str, list[dict[str, Any]]] = {CALLS.name: [], VISIT_REPORTS.name: [], DEALS.name: [],
                                             TENDERS.name: []}
    if sample:
        rows = SampleCampaign([p for p in map(_prospect, prospects) if p], today).build()
    prospect_list = _prospect_list(workbook)
    for schema in (CALLS, VISIT_REPORTS, DEALS, TENDERS):
        _sheet(workbook, schema, rows[schema.name], prospect_list)


# --- the sample ---------------------------------------------------------------------------


class SampleCampaign:
    """The rows of the sample, built prospect by prospect from one seeded generator."""

    def __init__(self, prospects: list[CampaignProspect], today: dt.date) -> None:
        communes = [p for p in prospects if p.segment in ("", "Collectivité")]
        if len(communes) < CONTACTED:
            raise ValueError(f"the sample campaign needs {CONTACTED} communes, {len(communes)} given")
        self.today = today
        self.rng = random.Random(SEED)
        self.campaign = communes[:CONTACTED]
        used = {p.id for p in self.campaign}
        self.others = [p for p in prospects if p.id not in used]
        self.calls: list[dict[str, Any]] = []
        self.reports: list[dict[str, Any]] = []
        self.deals: list[dict[str, Any]] = []
        self.tenders: list[dict[str, Any]] = []

    def build(self) -> dict[str, list[dict[str, Any]]]:
        order = list(range(CONTACTED))
        self.rng.shuffle(order)
        chosen = [self.campaign[i] for i in order]
        meetings = chosen[:APPOINTMENTS]
        refusals = chosen[APPOINTMENTS:APPOINTMENTS + REFUSALS]
        informed = chosen[APPOINTMENTS + REFUSALS:USEFUL]
        unreached = chosen[USEFUL:]
        for prospect in unreached:
            self._unreached(prospect)
        for prospect in informed:
            self._useful(prospect, RESULT_INFORMATION)
        for prospect in refusals:
            self._useful(prospect, RESULT_REFUSAL)
        for index, prospect in enumerate(meetings):
            self._meeting(prospect, index)
        self._health_campaign()
        self._tenders(meetings)
        self._history()
        self.calls.sort(key=lambda c: c["date"])
        self.reports.sort(key=lambda r: r["date"])
        return {CALLS.name: self.calls, VISIT_REPORTS.name: self.reports, DEALS.name: self.deals,
                TENDERS.name: self.tenders}

    # people and dates

    def _person(self) -> str:
        civility, names = self.rng.choice((("M.", MEN), ("Mme", WOMEN)))
        return f"{civility} {self.rng.choice(names)} {self.rng.choice(LAST_NAMES)}"

    def _campaign_day(self, start: dt.date = CAMPAIGN_START, weeks: int = 6) -> dt.date:
        """A working day of the campaign."""
        day = start + dt.timedelta(days=self.rng.randrange(weeks * 7))
        return day + dt.timedelta(days=8 - day.isoweekday() if day.isoweekday() > 5 else 0)

    def _call(self, prospect: CampaignProspect, day: dt.date, result: str, campaign: str = CAMPAIGN,
              **values: Any) -> dict[str, Any]:
        if result == RESULT_UNREACHABLE:
            contact, role = None, None
        elif result == RESULT_GATEKEEPER:
            contact, role = self.rng.choice(GATEKEEPERS)
        else:
            contact, role = self._person(), self.rng.choice(DECIDERS)
        call = {"date": day, "prospect_id": prospect.id, "contact": contact, "role": role, "result": result,
                "campaign": campaign, **values}
        self.calls.append(call)
        return call

    # the steps of the funnel

    def _unreached(self, prospect: CampaignProspect) -> None:
        day = self._campaign_day()
        for attempt in range(self.rng.randint(1, 3)):
            result = self.rng.choice((RESULT_UNREACHABLE, RESULT_GATEKEEPER))
            self._call(prospect, day, result, notes="Rappeler le DST en direct" if result == RESULT_GATEKEEPER else None)
            day += dt.timedelta(days=self.rng.randint(2, 6))

    def _useful(self, prospect: CampaignProspect, result: str) -> None:
        day = self._campaign_day()
        if self.rng.random() < 0.4:
            self._call(prospect, day, RESULT_GATEKEEPER)
            day += dt.timedelta(days=self.rng.randint(1, 5))
        heat = "Froid" if result == RESULT_REFUSAL else self.rng.choice(("Froid", "Tiède", "Tiède", "Chaud"))
        callback = None
        if result == RESULT_INFORMATION and self.rng.random() < 0.35:
            callback = self.today + dt.timedelta(days=self.rng.randint(-3, 25))
        self._call(prospect, day, result, heat=heat, callback=callback, objections=self.rng.choice(OBJECTIONS),
                   notes="Contrat d'exploitation à échéance : demander la date exacte" if callback else None)

    def _meeting(self, prospect: CampaignProspect, index: int) -> None:
        """An appointment; index < 12 signs, then 5 lost, 3 proposals pending, 10 meetings."""
        day = self._campaign_day(weeks=4)
        meeting = day + dt.timedelta(days=self.rng.randint(7, 21))
        upcoming = index >= len(SIGNED_AMOUNTS) + LOST + PENDING and index % 2 == 0
        if upcoming:  # a meeting set far ahead, due in the agenda
            meeting = self.today + dt.timedelta(days=self.rng.randint(1, 12))
        self._call(prospect, day, RESULT_APPOINTMENT, heat=self.rng.choice(("Tiède", "Chaud")),
                   appointment=meeting, objections=self.rng.choice(OBJECTIONS))
        if not upcoming:
            self._report(prospect, meeting)
        stage, amount, date = STAGE_APPOINTMENT, None, meeting
        if index < len(SIGNED_AMOUNTS):
            stage, amount = STAGE_SIGNED, SIGNED_AMOUNTS[index]
            date = min(meeting + dt.timedelta(days=self.rng.randint(10, 30)), self.today - dt.timedelta(days=1))
        elif index < len(SIGNED_AMOUNTS) + LOST:
            stage, amount = STAGE_LOST, self.rng.randint(15, 70)
            date = meeting + dt.timedelta(days=self.rng.randint(10, 25))
        elif index < len(SIGNED_AMOUNTS) + LOST + PENDING:
            stage, amount = STAGE_PROPOSAL, self.rng.randint(20, 90)
            date = meeting + dt.timedelta(days=7)
            presentation = self.today + dt.timedelta(days=self.rng.randint(2, 9))
            self._call(prospect, self.today - dt.timedelta(days=self.rng.randint(1, 4)), RESULT_APPOINTMENT,
                       heat="Chaud", appointment=presentation, notes="Présentation de la proposition au maire")
        self._deal(prospect, stage, amount, min(date, self.today))

    def _report(self, prospect: CampaignProspect, day: dt.date) -> None:
        self.reports.append({
            "date": day, "prospect_id": prospect.id, "met": self._person(), "role": self.rng.choice(DECIDERS),
            "remarks": "Patrimoine de " + str(self.rng.randint(8, 40)) + " bâtiments, chaufferies au gaz",
            "competitor": self.rng.choice(COMPETITORS), "decisive": self.rng.choice(DECISIVE),
            "motivations": self.rng.choice(MOTIVES), "next_step": self.rng.choice(NEXT_STEPS),
        })

    def _deal(self, prospect: CampaignProspect, stage: str, amount: int | None, day: dt.date,
              tender: str | None = None) -> None:
        number = len(self.deals) + 1
        signed = stage == STAGE_SIGNED
        self.deals.append({
            "deal_id": f"AF-{number:03d}", "prospect_id": prospect.id,
            "service": self.rng.choice(SERVICES[:3]) if amount else None, "amount": amount, "stage": stage,
            "date": day, "owner": prospect.owner,
            "contract": f"C{day.year}-{100 + number:04d}" if signed else None, "tender": tender,
            **(_term(day, CAMPAIGN_YEARS, CAMPAIGN_NOTICE) if signed else {}),
        })

    def _history(self) -> None:
        """The contracts of earlier years (HISTORY), and one of the dashboard's own `Contrats`
        also recorded as a deal (the dashboard counts it once)."""
        holders = self.others[6:6 + len(HISTORY) + 1] or self.campaign[-len(HISTORY) - 1:]
        for prospect, (signed, service, amount, years, notice, contract) in zip(holders, HISTORY):
            self._signed_before(prospect, signed, SERVICES[service], amount, contract, _term(signed, years, notice))
        number, signed, _, _, service, amount, start, end, notice = DASHBOARD_CONTRACT
        self._signed_before(holders[-1], signed, service, amount, number, {"start": start, "end": end,
                                                                            "notice": notice})

    def _signed_before(self, prospect: CampaignProspect, signed: dt.date, service: str, amount: int | None,
                       contract: str | None, term: dict[str, Any]) -> None:
        self.deals.append({
            "deal_id": f"AF-{len(self.deals) + 1:03d}", "prospect_id": prospect.id, "service": service,
            "amount": amount, "stage": STAGE_SIGNED, "date": signed, "owner": prospect.owner, "contract": contract,
            "tender": None, **term,
        })

    def _health_campaign(self) -> None:
        """A small earlier campaign towards other prospects: a second section of the funnel."""
        for prospect in self.others[-8:]:
            day = self._campaign_day(HEALTH_START, weeks=3)
            result = self.rng.choice((RESULT_GATEKEEPER, RESULT_INFORMATION, RESULT_APPOINTMENT))
            self._call(prospect, day, result, campaign=HEALTH_CAMPAIGN,
                       heat=None if result == RESULT_GATEKEEPER else "Tiède")

    def _tenders(self, meetings: list[CampaignProspect]) -> None:
        """Tenders at every step; one won tender is already a signed deal, another is not."""
        buyers = [p.name or p.id for p in self.others[:6]] or [p.name or p.id for p in self.campaign[-6:]]
        plan = (
            (TENDER_SPOTTED, 25, "Exploitation des installations de chauffage (P1-P2)", "Retirer le dossier"),
            (TENDER_SPOTTED, 12, "Maintenance des équipements thermiques des écoles", "Retirer le dossier"),
            (TENDER_WITHDRAWN, 6, "Marché global de performance énergétique", "Lancer l'étude BE"),
            (TENDER_STUDY, 9, "Exploitation de la piscine intercommunale", "Valider le mémoire technique"),
            (TENDER_STUDY, -3, "Contrat P2-P3 des gymnases", "Vérifier l'envoi"),
            (TENDER_SENT, -20, "Chauffage des bâtiments communaux", "Attendre la décision"),
            (TENDER_SENT, -120, "Réseau de chaleur du centre-ville", "Relancer l'acheteur"),
            (TENDER_LOST, -45, "Éclairage public et signalisation", "Demander le rapport d'analyse"),
            (TENDER_WON, -60, "Exploitation des chaufferies du groupe scolaire", "Réunion de coordination"),
        )
        for number, (stage, days, subject, action) in enumerate(plan, start=1):
            self.tenders.append({
                "reference": f"AO-{self.today.year}-{number:03d}", "buyer": buyers[number % len(buyers)],
                "subject": subject, "deadline": self.today + dt.timedelta(days=days), "stage": stage,
                "next_action": action, "owner": self.rng.choice([p.owner for p in self.campaign]),
            })
        signed = next(d for d in self.deals if d["stage"] == STAGE_SIGNED)
        won_before = meetings[0]
        self.tenders.append({
            "reference": f"AO-{self.today.year}-{len(plan) + 1:03d}", "buyer": won_before.name or won_before.id,
            "subject": "Marché P1-P2 des bâtiments communaux", "deadline": signed["date"] - dt.timedelta(days=20),
            "stage": TENDER_WON, "next_action": "Réunion de coordination tenue", "owner": won_before.owner,
            "prospect_id": won_before.id,
        })
        signed["tender"] = self.tenders[-1]["reference"]
