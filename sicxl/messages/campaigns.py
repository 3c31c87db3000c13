"""French wording of prospecting campaigns: calls, deals, funnel, agenda, tenders."""

from __future__ import annotations

import datetime as dt

from sicxl.messages.french import counted, plural
from sicxl.messages.prospects import FUTURE, REQUIRED, UNREADABLE, cell_problem, required
from sicxl.values import format_number, format_value, quote

__all__ = ["FUTURE", "REQUIRED", "UNREADABLE", "cell_problem", "required"]

# Kinds of anomaly, as counted in the job summaries.
UNKNOWN_PROSPECT = "Prospect inconnu"
NO_PROSPECT = "Affaire sans prospect"
DUPLICATE_CONTRACT = "N° de contrat en double"
SIGNED_WITHOUT_AMOUNT = "Affaire signée sans montant"
NEGATIVE_AMOUNT = "Montant négatif"
DUPLICATE_PROSPECT = "ID prospect en double"

NO_OWNER = "(sans commercial)"
NO_CAMPAIGN = "(sans campagne)"
ALL_CAMPAIGNS = "Toutes campagnes"

# The funnel's steps and rates, in the order of the sheet.
STEP_LABELS = {
    "contacted": "Prospects contactés",
    "useful": "Contacts utiles (décideur joint)",
    "appointments": "RDV obtenus",
    "proposals": "Propositions remises",
    "signed": "Contrats signés",
    "revenue": "CA annuel signé (k€)",
}
RATE_HEADER = "Taux de conversion"
COUNT_HEADER = "Nombre"
RATE_LABELS = {
    ("useful", "contacted"): "Contacts utiles / contactés",
    ("appointments", "useful"): "RDV / contacts utiles",
    ("proposals", "appointments"): "Propositions / RDV",
    ("signed", "proposals"): "Contrats / propositions",
    ("signed", "appointments"): "Contrats / RDV",
    ("signed", "contacted"): "Global : contrats / contactés",
}
FUNNEL_CHART_TITLE = "Entonnoir de prospection"

AGENDA_APPOINTMENT = "RDV"
AGENDA_CALLBACK = "Rappel"

DEADLINES_TITLE = "Dates limites des {days} prochains jours"
LATE_TITLE = "Étapes en retard"
DEALS_TO_CREATE_TITLE = "Appels d'offres gagnés : affaires à créer dans Affaires"
DEAL_STAGE_FOR_WON = "Signée"


def in_sheet(sheet: str, message: str) -> str:
    """A row-level message in a job report, which reads several sheets."""
    return f"{sheet} — {message}"


def missing_sheet(sheet: str) -> str:
    return f"la feuille « {sheet} » est introuvable (ni par son nom ni par ses en-têtes)"


def unknown_prospect(value: str, cell: str) -> str:
    return f"ID prospect : {quote(value)} n'existe pas dans la feuille Prospects ({cell})"


def future_date(header: str, value: dt.date, today: dt.date, cell: str) -> str:
    return f"{header} : le {format_value(value)} est dans le futur (nous sommes le {format_value(today)}) ({cell})"


def no_prospect(cell: str) -> str:
    return f"ID prospect : affaire sans prospect, la cellule est vide ({cell})"


def duplicate_contract(value: str, cell: str, first_cell: str) -> str:
    return f"N° contrat : {quote(value)} est déjà utilisé en {first_cell} ({cell})"


def duplicate_prospect(value: str, cell: str, first_row: int) -> str:
    return f"ID : {quote(value)} figure déjà ligne {first_row} ; seule cette première ligne est mise à jour ({cell})"


def signed_without_amount(cell: str) -> str:
    return f"Montant annuel : affaire signée sans montant, elle ne compte pas dans le CA signé ({cell})"


def negative_amount(value: float, cell: str) -> str:
    return f"Montant annuel : {format_number(value)} k€ est négatif ({cell})"


def kept_unreadable(header: str, cell: str) -> str:
    return f"{header} : illisible, laissé tel quel ({cell})"


def bad_option(name: str, value: object, reason: str) -> str:
    return f"option --{name} : {quote(value)} ignorée ({reason})"


def calls_summary(calls: int, dates: int, heats: int) -> str:
    return (f"{counted(calls, 'appel')} pris en compte ; Dernier contact mis à jour pour {counted(dates, 'prospect')}, "
            f"Température pour {heats}.")


def funnel_title(campaign: str, first: dt.date | None, last: dt.date | None) -> str:
    if first is None or last is None:
        return f"Campagne : {campaign} (aucun appel)"
    return f"Campagne : {campaign} — appels du {format_value(first)} au {format_value(last)}"


def funnel_summary(campaign: str, contacted: int, signed: int, revenue: float) -> str:
    return (f"{campaign} : {counted(contacted, 'prospect')} {plural(contacted, 'contacté')}, "
            f"{counted(signed, 'contrat')} {plural(signed, 'signé')}, "
            f"{format_number(revenue)} k€ de CA annuel.")


def agenda_title(first: dt.date, last: dt.date) -> str:
    return f"Rappels et RDV du {format_value(first)} au {format_value(last)}"


def agenda_summary(appointments: int, callbacks: int, days: int) -> str:
    return f"{appointments} RDV et {counted(callbacks, 'rappel')} dans les {days} prochains jours."


def tenders_summary(deadlines: int, late: int, to_create: int, days: int) -> str:
    return (f"{counted(deadlines, 'date limite', 'dates limites')} dans les {days} prochains jours, "
            f"{counted(late, 'étape')} en retard, {counted(to_create, 'affaire')} à créer.")


# Why a tender step is late; `days` counts down to the deadline (negative once past).
def late_no_offer(days_past: int) -> str:
    return f"date limite dépassée depuis {counted(days_past, 'jour')} sans offre envoyée : classer « Perdu » ou vérifier"


def late_study(days_left: int, lead: int) -> str:
    return f"étude non commencée à J-{days_left} (le bureau d'études demande {lead} jours)"


def late_withdrawal(days_left: int, lead: int) -> str:
    return f"dossier non retiré à J-{days_left} (à retirer au plus tard à J-{lead})"


def late_result(days_past: int) -> str:
    return f"offre envoyée il y a plus de {days_past} jours sans résultat : demander la décision à l'acheteur"


def buyer_not_found(buyer: str) -> str:
    return f"acheteur {quote(buyer)} introuvable dans Prospects : créer la fiche, puis l'affaire"


def buyer_ambiguous(buyer: str, count: int) -> str:
    return f"{count} prospects s'appellent {quote(buyer)} : indiquer l'ID prospect dans l'appel d'offres"


def tender_unknown_prospect(value: str) -> str:
    return f"l'ID prospect {quote(value)} de l'appel d'offres n'existe pas dans Prospects"


def won_tender(reference: str) -> str:
    return f"marché {reference} gagné : créer l'affaire et fixer la réunion de coordination"


# The sales cycle in the agenda (issue 17): renewals, waiting proposals, contacts due.
def history_item(deal: object, service: object, amount: object, stage: object, day: object) -> str:
    parts = [str(deal or "?")]
    if service:
        parts.append(str(service))
    if amount is not None:
        parts.append(f"{format_number(float(amount), 0)} k€")
    when = f" le {format_value(day)}" if day else ""
    return ", ".join(parts) + f" : {stage or 'étape inconnue'}{when}"


RENEWALS_TITLE = "Contrats arrivant à échéance d'ici le {horizon} (horizon : {months} mois)"
PROPOSALS_TITLE = "Propositions en attente depuis plus de {days} jours"
CONTACTS_TITLE = "Prospects et clients à recontacter (fréquence par catégorie, décideur manquant)"
NEVER_CONTACTED = "jamais contacté"
NO_DECISION_MAKER = "décideur manquant"
NO_CATEGORY = "catégorie inconnue (lancez « Qualifier »)"


def overdue(days: int, frequency: int) -> str:
    return f"sans contact depuis {days} jours (au plus {frequency})"


def agenda_cycle_summary(renewals: int, proposals: int, contacts: int, months: int, days: int) -> str:
    return (f"Cycle de vente : {counted(renewals, 'contrat')} à échéance dans les {months} mois, "
            f"{counted(proposals, 'proposition')} en attente depuis plus de {days} jours, "
            f"{counted(contacts, 'prospect ou client', 'prospects ou clients')} à recontacter.")


def notice_passed(count: int) -> str:
    return f"Attention : {counted(count, 'contrat')} dont le préavis a déjà commencé (« Renégocier avant » dépassé)."


def unclassified(count: int) -> str:
    return (f"{counted(count, 'prospect')} sans catégorie, dont la fréquence de contact est inconnue : "
            "lancez « Qualifier » pour les classer.")
