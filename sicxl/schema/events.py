"""The events workbook (WORKBOOKS.md section 4): events, staff, invitations, answers,
follow-ups, parameters.

People invited to a trade show come from the prospect workbook (its `Prospects`
sheet, `PROSPECTS`, reused here with one optional column, `Civilité`); staff
convened to an internal meeting come from `Personnel`.

`Invitations`, `Relances` and `Synthèse des réponses` are computed sheets, written
whole by the `invite` and `followup` jobs. Their columns are not flagged
`computed` because the jobs read them back: `followup` reads who was invited, and a
job run for one event keeps the rows of the other events.
"""

from __future__ import annotations

from sicxl.schema.base import Column, Kind, SheetSchema
from sicxl.schema.prospects import CATEGORIES, HEATS, PARAMETERS, PROSPECTS, YES_NO

EVENT_TYPES = ("Salon", "Réunion")
SHOW, MEETING = EVENT_TYPES
ANSWERS = ("Accepté", "Refusé", "Sans réponse")
ACCEPTED, DECLINED, NO_ANSWER = ANSWERS
INVITATION_STATUSES = ("Invité", "Exclu")
INVITED, EXCLUDED = INVITATION_STATUSES
CHANNELS = ("E-mail", "Courrier")
BY_EMAIL, BY_POST = CHANNELS
CIVILITIES = ("M.", "Mme")
ACTIONS = ("Remerciement", "Relance", "Rappel commercial", "Nouveau contact")
THANKS, REMINDER, CALL_BACK, NEW_CONTACT = ACTIONS

TEXT = "@"
DATE = "dd/mm/yyyy"
TIME = "hh:mm"
PERCENT = "0%"

# The two sources of people, named as users see them in messages.
PROSPECT_SOURCE = "Prospects"
STAFF_SOURCE = "Personnel"

CIVILITY = Column("civility", "Civilité", Kind.CHOICE, choices=CIVILITIES, aliases=("Civ", "Titre de civilité"),
                  width=9)

EVENTS = SheetSchema(
    name="Événements",
    table="tblEvenements",
    aliases=("Evenements", "Agenda"),
    columns=(
        Column("id", "ID", Kind.TEXT, required=True, aliases=("ID événement", "Code"), width=12),
        Column("type", "Type", Kind.CHOICE, required=True, choices=EVENT_TYPES, width=10),
        Column("title", "Titre", Kind.TEXT, required=True, aliases=("Intitulé", "Nom"), width=40),
        Column("date", "Date", Kind.DATE, required=True, number_format=DATE, width=12),
        Column("start", "Début", Kind.TEXT, aliases=("Heure de début", "De"), number_format=TIME, width=8),
        Column("end", "Fin", Kind.TEXT, aliases=("Heure de fin", "À"), number_format=TIME, width=8),
        Column("place", "Lieu", Kind.TEXT, aliases=("Adresse du lieu", "Salle"), width=36),
        Column("agenda", "Ordre du jour", Kind.TEXT, aliases=("Programme",), width=50,
               help="Points de l'ordre du jour, un par ligne"),
        Column("agenda_file", "Fichier ordre du jour", Kind.TEXT, aliases=("Pièce jointe",), width=28,
               help="Nom du fichier joint aux courriels, à côté du classeur"),
        Column("target", "Cible", Kind.TEXT, aliases=("Public", "Invités"), width=50,
               help="Types, catégories, fonctions, départements ou agences, séparés par des virgules"),
        Column("capacity", "Capacité", Kind.INTEGER, aliases=("Places", "Nombre de places"), width=10),
        Column("organizer", "Organisateur", Kind.TEXT, aliases=("Responsable",), width=22),
        Column("organizer_email", "E-mail organisateur", Kind.TEXT, aliases=("Courriel organisateur",), width=28),
    ),
)

STAFF = SheetSchema(
    name="Personnel",
    table="tblPersonnel",
    aliases=("Salariés", "Collaborateurs", "Équipe"),
    columns=(
        Column("staff_id", "Matricule", Kind.TEXT, aliases=("ID", "Identifiant"), width=11),
        CIVILITY,
        Column("name", "Nom", Kind.TEXT, required=True, aliases=("Nom et prénom", "Prénom et nom"), width=26),
        Column("role", "Fonction", Kind.TEXT, aliases=("Poste", "Métier"), width=30),
        Column("agency", "Agence", Kind.TEXT, aliases=("Site", "Implantation", "Établissement"), width=20),
        Column("email", "E-mail", Kind.TEXT, aliases=("Email", "Courriel", "Mail"), width=32),
    ),
)

# The prospect sheet as events read it: the prospect schema itself, plus the
# civility that some files carry (never guessed when absent).
PROSPECT_CONTACTS = SheetSchema(
    name=PROSPECTS.name,
    table=PROSPECTS.table,
    aliases=PROSPECTS.aliases,
    columns=PROSPECTS.columns + (() if "civility" in PROSPECTS.keys else (CIVILITY,)),
)

INVITATIONS = SheetSchema(
    name="Invitations",
    columns=(
        Column("event", "Événement", Kind.TEXT, required=True, width=12),
        Column("status", "Statut", Kind.CHOICE, choices=INVITATION_STATUSES, width=9),
        Column("reason", "Motif d'exclusion", Kind.TEXT, width=44),
        Column("rank", "Rang", Kind.INTEGER, width=6),
        Column("source", "Source", Kind.TEXT, width=10),
        Column("person", "ID personne", Kind.TEXT, required=True, width=12),
        CIVILITY,
        Column("name", "Nom", Kind.TEXT, width=24),
        Column("role", "Fonction", Kind.TEXT, width=28),
        Column("organisation", "Organisme", Kind.TEXT, width=28),
        Column("address", "Adresse postale", Kind.TEXT, width=40, help="Norme AFNOR NF Z10-011, 6 lignes de 38 caractères"),
        PROSPECTS.column("postal_code"),
        Column("email", "E-mail", Kind.TEXT, width=30),
        Column("channel", "Canal", Kind.CHOICE, choices=CHANNELS, width=10),
        Column("category", "Catégorie", Kind.CHOICE, choices=CATEGORIES, width=12),
        Column("score", "Score", Kind.INTEGER, width=7),
        Column("owner", "Commercial", Kind.TEXT, width=16),
    ),
)

RESPONSES = SheetSchema(
    name="Réponses",
    table="tblReponses",
    aliases=("Reponses", "RSVP", "Inscriptions"),
    columns=(
        Column("event", "Événement", Kind.TEXT, required=True, aliases=("ID événement", "Evenement"), width=12),
        Column("person", "ID personne", Kind.TEXT, aliases=("ID", "ID prospect", "Matricule"), width=12),
        CIVILITY,
        Column("name", "Nom", Kind.TEXT, aliases=("Nom et prénom", "Visiteur"), width=24),
        Column("organisation", "Organisme", Kind.TEXT, aliases=("Raison sociale", "Collectivité", "Société"), width=28),
        Column("role", "Fonction", Kind.TEXT, width=26),
        Column("email", "E-mail", Kind.TEXT, aliases=("Email", "Courriel"), width=30),
        Column("city", "Commune", Kind.TEXT, aliases=("Ville",), width=20),
        Column("answer", "Réponse", Kind.CHOICE, choices=ANSWERS, aliases=("RSVP",), width=13),
        Column("answered_on", "Date de réponse", Kind.DATE, number_format=DATE, width=12),
        Column("present", "Présence", Kind.YES_NO, choices=YES_NO, aliases=("Présent", "Venu sur le stand"), width=10),
        Column("heat", "Température", Kind.CHOICE, choices=HEATS, aliases=("Intérêt",), width=12),
        Column("notes", "Notes", Kind.TEXT, aliases=("Commentaire",), width=40),
    ),
)

FOLLOWUPS = SheetSchema(
    name="Relances",
    columns=(
        Column("event", "Événement", Kind.TEXT, required=True, width=12),
        Column("action", "Action", Kind.CHOICE, choices=ACTIONS, width=18),
        Column("due", "Échéance", Kind.DATE, number_format=DATE, width=12),
        Column("state", "État", Kind.TEXT, width=14),
        Column("person", "ID personne", Kind.TEXT, width=12),
        Column("name", "Nom", Kind.TEXT, width=24),
        Column("organisation", "Organisme", Kind.TEXT, width=28),
        Column("role", "Fonction", Kind.TEXT, width=24),
        Column("email", "E-mail", Kind.TEXT, width=30),
        Column("owner", "Commercial", Kind.TEXT, width=16),
        Column("detail", "Détail", Kind.TEXT, width=60),
    ),
)

ANSWER_SUMMARY = SheetSchema(
    name="Synthèse des réponses",
    columns=(
        Column("event", "Événement", Kind.TEXT, width=12),
        Column("title", "Titre", Kind.TEXT, width=40),
        Column("date", "Date", Kind.DATE, number_format=DATE, width=12),
        Column("invited", "Invités", Kind.INTEGER, width=9),
        Column("accepted", ACCEPTED, Kind.INTEGER, width=9),
        Column("declined", DECLINED, Kind.INTEGER, width=9),
        Column("no_answer", NO_ANSWER, Kind.INTEGER, width=12),
        Column("answer_rate", "Taux de réponse", Kind.NUMBER, number_format=PERCENT, width=12),
        Column("present", "Présents", Kind.INTEGER, width=9),
        Column("walk_ins", "Présents non invités", Kind.INTEGER, width=12),
    ),
)

# The mailing list for Word mail merge: the invitation columns, the address split
# into its lines (merge fields « Adresse_1 » ... « Adresse_6 ») and the salutation.
ADDRESS_LINE = "Adresse"
SALUTATION = "Formule d'appel"
MAILING_KEYS = ("event", "person", "civility", "name", "role", "organisation", "postal_code", "email", "channel")

# `Paramètres` of the events workbook: the same two columns as everywhere.
EVENT_PARAMETERS = PARAMETERS
PROSPECT_FILE_PARAMETER = "Fichier prospects"
LETTER_TEMPLATE_PARAMETER = "Modèle de lettre"
THANKS_TEMPLATE_PARAMETER = "Modèle de lettre de remerciement"
KNOWN_PARAMETERS = (PROSPECT_FILE_PARAMETER, LETTER_TEMPLATE_PARAMETER, THANKS_TEMPLATE_PARAMETER)
