"""Prospecting campaigns (WORKBOOKS.md section 1): calls, visit reports, deals, tenders,
and the sheets computed from them (`Entonnoir`, `Agenda`, `Suivi AO`).

Beyond WORKBOOKS.md, three optional user columns make the jobs possible:
`Appels.Campagne` (the campaign a call belongs to, for the funnel per campaign),
`Appels.À rappeler le` (the call-back the caller promised, for the agenda) and
`Affaires.Référence AO` / `Appels d'offres.ID prospect` (which tender a deal comes
from and whom it was won with, so that a won tender is listed as a deal to create
only once).
"""

from __future__ import annotations

from dataclasses import replace

from sicxl.schema.base import Column, Kind, SheetSchema
from sicxl.schema.deals import ANNUAL_AMOUNT, CONTRACT_DATES, CONTRACT_NUMBER, SERVICE, SERVICES  # noqa: F401  (SERVICES: the P1-P4 list, re-exported with the deal columns)
from sicxl.schema.prospects import DATE, HEATS, PROSPECTS, TEXT

RESULT_UNREACHABLE = "Injoignable"
RESULT_GATEKEEPER = "Barrage"
RESULT_INFORMATION = "Informations obtenues"
RESULT_APPOINTMENT = "RDV obtenu"
RESULT_REFUSAL = "Refus"
RESULTS = (RESULT_UNREACHABLE, RESULT_GATEKEEPER, RESULT_INFORMATION, RESULT_APPOINTMENT, RESULT_REFUSAL)
# A useful contact is a call that reached the decision maker and got an answer,
# whatever the answer: neither an unanswered call nor one stopped by a secretary.
USEFUL_RESULTS = (RESULT_INFORMATION, RESULT_APPOINTMENT, RESULT_REFUSAL)

STAGE_CONTACT = "Contact"
STAGE_APPOINTMENT = "RDV"
STAGE_PROPOSAL = "Proposition"
STAGE_SIGNED = "Signée"
STAGE_LOST = "Perdue"
DEAL_STAGES = (STAGE_CONTACT, STAGE_APPOINTMENT, STAGE_PROPOSAL, STAGE_SIGNED, STAGE_LOST)
# A deal is lost against another offer: "Perdue" is recorded once a proposal was made
# (a prospect who says no before that is logged as a call "Refus", not as a deal).
PROPOSAL_STAGES = (STAGE_PROPOSAL, STAGE_SIGNED, STAGE_LOST)

TENDER_SPOTTED = "Repéré"
TENDER_WITHDRAWN = "Dossier retiré"
TENDER_STUDY = "Étude en cours"
TENDER_SENT = "Offre envoyée"
TENDER_WON = "Gagné"
TENDER_LOST = "Perdu"
TENDER_STAGES = (TENDER_SPOTTED, TENDER_WITHDRAWN, TENDER_STUDY, TENDER_SENT, TENDER_WON, TENDER_LOST)

# SONCAS: the six buying motives of French sales training.
MOTIVATIONS = ("Sécurité", "Orgueil", "Nouveauté", "Confort", "Argent", "Sympathie")

AMOUNT = "# ##0"
PERCENT = "0.0 %"

CALLS = SheetSchema(
    name="Appels",
    table="tblAppels",
    aliases=("Journal des appels", "Appels téléphoniques", "Phoning"),
    columns=(
        Column("date", "Date", Kind.DATE, required=True, aliases=("Date appel", "Date de l'appel"),
               number_format=DATE, width=12),
        Column("prospect_id", "ID prospect", Kind.TEXT, required=True, aliases=("ID", "Prospect", "Identifiant"),
               width=11),
        Column("contact", "Interlocuteur", Kind.TEXT, aliases=("Contact", "Personne jointe"), width=22),
        Column("role", "Fonction", Kind.TEXT, aliases=("Poste", "Titre"), width=22),
        Column("result", "Résultat", Kind.CHOICE, required=True, choices=RESULTS, aliases=("Resultat", "Issue"),
               width=20, help="Injoignable, Barrage (secrétariat), Informations obtenues, RDV obtenu, Refus."),
        Column("heat", "Température", Kind.CHOICE, choices=HEATS, aliases=("Temperature", "Chaleur"), width=12,
               help="Le traitement « Appels » recopie la température et la date de l'appel le plus récent "
                    "dans les colonnes Température et Dernier contact de la feuille Prospects, seulement "
                    "si cet appel est plus récent que le dernier contact déjà saisi."),
        Column("appointment", "Date RDV", Kind.DATE, aliases=("RDV", "Date du RDV", "Rendez-vous"),
               number_format=DATE, width=12),
        Column("callback", "À rappeler le", Kind.DATE, aliases=("Rappel", "Date de rappel", "Rappeler le"),
               number_format=DATE, width=13),
        Column("objections", "Objections", Kind.TEXT, width=30),
        Column("notes", "Notes", Kind.TEXT, aliases=("Commentaire", "Remarques"), width=40),
        Column("campaign", "Campagne", Kind.TEXT, aliases=("Opération", "Campagne d'appels"), width=22),
    ),
)

VISIT_REPORTS = SheetSchema(
    name="Comptes rendus",
    table="tblComptesRendus",
    aliases=("Comptes-rendus", "Comptes rendus de visite", "CR visites", "Visites"),
    columns=(
        Column("date", "Date", Kind.DATE, required=True, aliases=("Date visite", "Date de visite"),
               number_format=DATE, width=12),
        Column("prospect_id", "ID prospect", Kind.TEXT, required=True, aliases=("ID", "Prospect", "Identifiant"),
               width=11),
        Column("met", "Personne rencontrée", Kind.TEXT, aliases=("Interlocuteur", "Contact"), width=22),
        Column("role", "Fonction", Kind.TEXT, aliases=("Poste", "Titre"), width=22),
        Column("remarks", "Remarques", Kind.TEXT, aliases=("Observations", "Notes"), width=40),
        Column("competitor", "Concurrent cité", Kind.TEXT, aliases=("Concurrent", "Concurrents"), width=18),
        Column("decisive", "Éléments décisifs", Kind.TEXT, aliases=("Points décisifs", "Critères de décision"),
               width=40),
        Column("motivations", "Motivations", Kind.TEXT, choices=MOTIVATIONS, aliases=("SONCAS", "Motivation"),
               width=18, help="SONCAS : Sécurité, Orgueil, Nouveauté, Confort, Argent, Sympathie ; "
                              "plusieurs possibles, séparées par des virgules."),
        Column("next_step", "Suite à donner", Kind.TEXT, aliases=("Suite", "Prochaine étape", "Actions"), width=30),
    ),
)

DEALS = SheetSchema(
    name="Affaires",
    table="tblAffaires",
    aliases=("Affaires en cours", "Opportunités", "Contrats"),
    columns=(
        Column("deal_id", "ID affaire", Kind.TEXT, required=True, aliases=("Affaire", "N° affaire"), width=11),
        Column("prospect_id", "ID prospect", Kind.TEXT, required=True, aliases=("ID", "Prospect", "Client"),
               width=11),
        # A deal at its first steps has no contract type nor amount yet: optional here.
        replace(SERVICE, required=False),
        replace(ANNUAL_AMOUNT, required=False),
        Column("stage", "Étape", Kind.CHOICE, required=True, choices=DEAL_STAGES, aliases=("Etape", "Stade"),
               width=13, help="Une affaire « Signée » compte dans le chiffre d'affaires du tableau de bord."),
        Column("date", "Date", Kind.DATE, aliases=("Date étape", "Date de signature"), number_format=DATE, width=12),
        Column("owner", "Commercial", Kind.TEXT, aliases=("Responsable", "Vendeur"), width=16),
        CONTRACT_NUMBER,
        *CONTRACT_DATES,
        Column("tender", "Référence AO", Kind.TEXT, aliases=("Appel d'offres", "Réf. AO"), width=14),
    ),
)

TENDERS = SheetSchema(
    name="Appels d'offres",
    table="tblAppelsOffres",
    aliases=("Appels d offres", "AO", "Consultations", "Marchés publics"),
    columns=(
        Column("reference", "Référence", Kind.TEXT, required=True, aliases=("Réf", "Référence AO", "N° consultation"),
               width=16),
        Column("buyer", "Acheteur", Kind.TEXT, required=True, aliases=("Pouvoir adjudicateur", "Collectivité"),
               width=26),
        Column("subject", "Objet", Kind.TEXT, aliases=("Objet du marché", "Intitulé"), width=40),
        Column("deadline", "Date limite", Kind.DATE, required=True,
               aliases=("Date limite de remise", "Date limite des offres", "Échéance"), number_format=DATE, width=12),
        Column("stage", "Étape", Kind.CHOICE, required=True, choices=TENDER_STAGES, aliases=("Etape", "Statut"),
               width=15),
        Column("next_action", "Prochaine action", Kind.TEXT, aliases=("Action", "À faire"), width=30),
        Column("owner", "Responsable", Kind.TEXT, aliases=("Commercial", "Chargé d'affaires"), width=16),
        Column("prospect_id", "ID prospect", Kind.TEXT, aliases=("ID",), width=11,
               help="Facultatif : à défaut, l'acheteur est cherché par son nom dans Prospects."),
    ),
)

# Computed sheets: their headers live here too, so that no header is spelled twice.

FUNNEL = SheetSchema(
    name="Entonnoir",
    columns=(
        Column("step", "Étape", Kind.TEXT, computed=True, width=34),
        Column("total", "Ensemble", Kind.NUMBER, computed=True, number_format=AMOUNT, width=12),
    ),
)

AGENDA = SheetSchema(
    name="Agenda",
    columns=(
        Column("owner", "Commercial", Kind.TEXT, computed=True, width=16),
        Column("date", "Date", Kind.DATE, computed=True, number_format=DATE, width=12),
        Column("kind", "Type", Kind.TEXT, computed=True, width=10),
        Column("heat", "Température", Kind.TEXT, computed=True, width=12),
        Column("prospect_id", "ID prospect", Kind.TEXT, computed=True, width=11),
        Column("name", "Raison sociale", Kind.TEXT, computed=True, width=28),
        Column("contact", "Interlocuteur", Kind.TEXT, computed=True, width=22),
        Column("phone", "Téléphone", Kind.TEXT, computed=True, number_format=TEXT, width=15),
        Column("objections", "Objections", Kind.TEXT, computed=True, width=30),
        Column("report_date", "Dernier compte rendu", Kind.DATE, computed=True, number_format=DATE, width=13),
        Column("decisive", "Éléments décisifs", Kind.TEXT, computed=True, width=40),
        Column("motivations", "Motivations", Kind.TEXT, computed=True, width=18),
        Column("competitor", "Concurrent cité", Kind.TEXT, computed=True, width=18),
        Column("next_step", "Suite à donner", Kind.TEXT, computed=True, width=30),
    ),
)

TENDER_WATCH = SheetSchema(
    name="Suivi AO",
    columns=(
        Column("reference", "Référence", Kind.TEXT, computed=True, width=16),
        Column("buyer", "Acheteur", Kind.TEXT, computed=True, width=26),
        Column("subject", "Objet", Kind.TEXT, computed=True, width=40),
        Column("deadline", "Date limite", Kind.DATE, computed=True, number_format=DATE, width=12),
        Column("days_left", "Jours restants", Kind.INTEGER, computed=True, number_format="0", width=10),
        Column("stage", "Étape", Kind.TEXT, computed=True, width=15),
        Column("next_action", "Prochaine action", Kind.TEXT, computed=True, width=30),
        Column("owner", "Responsable", Kind.TEXT, computed=True, width=16),
        Column("reason", "Motif", Kind.TEXT, computed=True, width=48),
    ),
)

# Columns of the "deals to create" block of `Suivi AO`: a won tender, proposed as a deal.
DEALS_TO_CREATE = SheetSchema(
    name="Suivi AO",
    columns=(
        Column("reference", "Référence AO", Kind.TEXT, computed=True, width=16),
        Column("prospect_id", "ID prospect", Kind.TEXT, computed=True, width=11),
        Column("buyer", "Acheteur", Kind.TEXT, computed=True, width=26),
        Column("subject", "Objet", Kind.TEXT, computed=True, width=40),
        Column("stage", "Étape", Kind.TEXT, computed=True, width=15),
        Column("owner", "Commercial", Kind.TEXT, computed=True, width=16),
        Column("reason", "Remarque", Kind.TEXT, computed=True, width=48),
    ),
)

# The blocks of `Agenda` that keep the sales cycle going (issue 17): contracts coming
# to term, proposals waiting for an answer, prospects and clients to contact again.
_SERVICE_OUT = Column("service", "Prestation", Kind.TEXT, computed=True, width=18)
_AMOUNT_OUT = Column("amount", ANNUAL_AMOUNT.header, Kind.NUMBER, computed=True, number_format=AMOUNT, width=12)
_DECISION_MAKER = Column("contact", PROSPECTS.header("decision_maker"), Kind.TEXT, computed=True, width=22)
RENEWALS = SheetSchema(
    name="Agenda",
    columns=(
        AGENDA.column("owner"),
        Column("end", "Fin du contrat", Kind.DATE, computed=True, number_format=DATE, width=12),
        Column("deadline", "Renégocier avant", Kind.DATE, computed=True, number_format=DATE, width=13),
        AGENDA.column("prospect_id"),
        AGENDA.column("name"),
        Column("contract", CONTRACT_NUMBER.header, Kind.TEXT, computed=True, number_format=TEXT, width=12),
        _SERVICE_OUT,
        _AMOUNT_OUT,
        Column("history", "Historique des affaires", Kind.TEXT, computed=True, width=50),
        AGENDA.column("report_date"),
        AGENDA.column("decisive"),
        AGENDA.column("next_step"),
    ),
)
AGEING_PROPOSALS = SheetSchema(
    name="Agenda",
    columns=(
        AGENDA.column("owner"),
        Column("date", "Proposition du", Kind.DATE, computed=True, number_format=DATE, width=12),
        Column("waiting", "Jours d'attente", Kind.INTEGER, computed=True, number_format="0", width=10),
        Column("deal_id", DEALS.header("deal_id"), Kind.TEXT, computed=True, width=11),
        AGENDA.column("prospect_id"),
        AGENDA.column("name"),
        _SERVICE_OUT,
        _AMOUNT_OUT,
        _DECISION_MAKER,
        AGENDA.column("phone"),
        AGENDA.column("report_date"),
        AGENDA.column("next_step"),
    ),
)
CONTACTS_DUE = SheetSchema(
    name="Agenda",
    columns=(
        AGENDA.column("owner"),
        Column("last", PROSPECTS.header("last_contact"), Kind.DATE, computed=True, number_format=DATE, width=12),
        Column("days", "Jours sans contact", Kind.INTEGER, computed=True, number_format="0", width=10),
        Column("frequency", "Fréquence (jours)", Kind.INTEGER, computed=True, number_format="0", width=10),
        Column("reason", "Motif", Kind.TEXT, computed=True, width=40),
        AGENDA.column("prospect_id"),
        AGENDA.column("name"),
        Column("category", PROSPECTS.header("category"), Kind.TEXT, computed=True, width=13),
        Column("relation", PROSPECTS.header("relation"), Kind.TEXT, computed=True, width=13),
        _DECISION_MAKER,
        AGENDA.column("phone"),
    ),
)
