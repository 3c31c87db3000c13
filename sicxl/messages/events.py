"""French wording of events: exclusion reasons, follow-ups, anomalies, summaries."""

from __future__ import annotations

import datetime as dt

from sicxl.messages.french import counted
from sicxl.schema.prospects import PROSPECTS
from sicxl.values import MONTH_NAMES_FR, format_percent, format_value, quote

OPT_OUT_HEADER = PROSPECTS.header("opt_out")
UNDELIVERABLE_HEADER = PROSPECTS.header("undeliverable")

# Kinds of anomaly, as counted in the job reports.
UNREADABLE = "Valeur illisible"
EMAIL = "E-mail invalide"
NO_ADDRESS = "Ni e-mail ni adresse postale"
DUPLICATE = "Personne en double"
ADDRESS = "Adresse à vérifier"
NO_DATE = "Événement sans date"
MISSING_FILE = "Fichier absent"
UNKNOWN_EVENT = "Événement inconnu"
UNKNOWN_PARAMETER = "Paramètre inconnu"

# Address lines, as named in notes.
LINE_RECIPIENT = "ligne 1 (destinataire)"
LINE_PERSON = "ligne 2 (personne, fonction)"
LINE_BUILDING = "ligne 3 (bâtiment)"
LINE_STREET = "ligne 4 (voie)"
LINE_SPECIAL = "ligne 5 (BP, lieu-dit)"
LINE_CITY = "ligne 6 (code postal et commune)"

# Why a person is left out of an invitation list.
REASON_OPT_OUT = "Opposition : refus de prospection (RGPD)"
REASON_NO_ADDRESS = "Ni e-mail valide ni adresse postale complète"


def reason_undeliverable(count: int) -> str:
    returned = "1 courrier revenu" if count == 1 else f"{count} courriers revenus"
    return f"NPAI : {returned}"


def reason_unreadable(header: str) -> str:
    return f"{header} illisible : exclu par prudence, à vérifier"


def reason_duplicate_of(duplicate_of: str) -> str:
    return f"Doublon de {duplicate_of}"


def reason_same_person(key: str) -> str:
    return f"Doublon : même personne que {key}"


def reason_over_capacity(capacity: int) -> str:
    return f"Au-delà de la capacité ({capacity} places)"


# Problems, each completed by the job with the cell it concerns.
def in_sheet(sheet: str, text: str) -> str:
    """"Réponses : Réponse : « Peut-être » n'est pas dans la liste (…) (F4)"."""
    return f"{sheet} : {text}"


def line_cut(what: str, text: str, shortened: str) -> str:
    return f"Adresse, {what} trop longue (38 caractères au plus) : {quote(text)} raccourcie en {quote(shortened)}"


def bad_postal_code(code: str) -> str:
    return f"Code postal : {quote(code)} n'a pas 5 chiffres"


def bad_email(email: str, problem: str) -> str:
    return f"E-mail : {quote(email)} {problem}"


def unreadable(header: str, problem: str) -> str:
    return f"{header} : {problem}"


def no_address(who: str) -> str:
    return f"{who or 'Cette personne'} n'a ni e-mail valide ni adresse postale complète : pas d'invitation possible"


def same_person(who: str, key: str) -> str:
    return f"{who} figure déjà sous {key} : invité une seule fois"


def located(text: str, source: str, where: str) -> str:
    """A problem in a row of a source: "… (fichier prospects, J14)"."""
    return f"{text} ({source}, {where})"


# Events and files.
def event_without_date(event: str) -> str:
    return f"L'événement {event} n'a pas de date : pas d'invitation calendrier (.ics), échéances non calculées"


def unknown_event(event: str, known: list[str]) -> str:
    listed = ", ".join(known) or "aucun"
    return f"Événement {quote(event)} introuvable dans la feuille Événements (connus : {listed})"


def missing_agenda(event: str, name: str) -> str:
    return f"{event} : l'ordre du jour {quote(name)} est introuvable à côté du classeur ; courriels préparés sans pièce jointe"


def no_file_reader(event: str, name: str) -> str:
    return f"{event} : l'ordre du jour {quote(name)} n'a pas pu être lu (aucun accès aux fichiers) ; courriels sans pièce jointe"


def missing_organizer(event: str) -> str:
    return f"{event} : ni organisateur ni e-mail de l'organisateur valide ; pas d'invitation calendrier (.ics)"


def missing_letter_template(name: str) -> str:
    return f"Modèle de lettre {quote(name)} introuvable : le modèle intégré est utilisé"


def letter_template_used(name: str) -> str:
    return f"Lettres faites sur le modèle {quote(name)}"


def unknown_parameter(name: str, known: tuple[str, ...]) -> str:
    return f"Paramètre {quote(name)} inconnu (paramètres connus : {', '.join(known)}) : ignoré"


def no_prospects(event: str) -> str:
    return (f"{event} : aucun fichier prospects (option --prospects ou paramètre « Fichier prospects ») ; "
            "seul le personnel peut être invité")


def unreadable_prospects(detail: str) -> str:
    return f"Le fichier prospects n'a pas de feuille Prospects lisible : {detail}"


def missing_sheet(sheet: str) -> str:
    return f"Feuille {quote(sheet)} absente ou sans en-têtes reconnus"


def no_prospects_followup() -> str:
    return ("Aucun fichier prospects (option --prospects ou paramètre « Fichier prospects ») : "
            "nouveaux contacts non détectés, températures lues dans Réponses seulement")


def no_civility() -> str:
    return ("Colonne Civilité absente du fichier prospects : civilité lue devant le nom du décideur "
            "(« M. », « Mme »), laissée vide sinon (jamais devinée)")


# Summaries.
def invite_summary(event: str, invited: int, excluded: int, by_email: int, by_post: int) -> str:
    return (f"{event} : {invited} invités ({by_email} par e-mail, {by_post} par courrier), "
            f"{excluded} personnes écartées")


def exclusion_count(reason: str, count: int) -> str:
    return f"  - {reason} : {count}"


def target_summary(event: str, sources: list[str], segments: list[str], categories: list[str],
                   departments: list[str], functions: list[str]) -> str:
    parts = [f"sources {', '.join(sources)}"]
    for label, items in (("types", segments), ("catégories", categories), ("départements", departments),
                         ("fonctions ou agences", functions)):
        if items:
            parts.append(f"{label} {', '.join(items)}")
    return f"Cible de {event} : " + " ; ".join(parts)


def exports_summary(names: list[str], drafts: int) -> str:
    """The files written beside the workbook; e-mail drafts counted, not listed."""
    listed = names + ([f"{drafts} brouillons de courriel (.eml)"] if drafts else [])
    return f"Fichiers préparés à côté du classeur : {', '.join(listed)}" if listed else "Aucun fichier préparé"


def answers_summary(event: str, invited: int, accepted: int, declined: int, no_answer: int, rate: float,
                    present: int) -> str:
    return (f"{event} : {invited} invités, {accepted} acceptés, {declined} refus, {no_answer} sans réponse "
            f"(taux de réponse {format_percent(rate, 0)}), {present} présents")


def followup_summary(counts: dict[str, int]) -> str:
    listed = ", ".join(f"{action} : {n}" for action, n in counts.items()) or "aucune"
    return f"Relances à faire : {listed}"


# Follow-up details and states.
STATE_TODO = "À faire"
STATE_LATE = "En retard"
STATE_NO_DATE = "Date inconnue"


def thanks_detail(title: str) -> str:
    return f"Remercier de la visite sur le stand ({title}) dans les 7 jours"


def reminder_detail(title: str, date: dt.date | None) -> str:
    when = f" du {format_value(date)}" if date else ""
    return f"Relancer : pas de réponse à l'invitation ({title}{when})"


def call_back_detail(heat: str) -> str:
    return f"Prospect {heat.lower()} rencontré : rappeler pour proposer un rendez-vous"


def new_contact_detail(city: str) -> str:
    where = f" ({city})" if city else ""
    return f"Rencontré sur le stand, absent du fichier prospects{where} : à ajouter après vérification"



def salutation(civility: str) -> str:
    """The letter's salutation; unknown civility gives the neutral "Madame, Monsieur"."""
    return {"Mme": "Madame", "M.": "Monsieur"}.get(civility, "Madame, Monsieur")


WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def long_date(day: dt.date) -> str:
    """"jeudi 3 décembre 2026"."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS_FR[day.weekday()]} {first} {MONTH_NAMES_FR[day.month - 1]} {day.year}"


def hour(time: dt.time) -> str:
    return f"{time.hour} h {time.minute:02d}"


def event_when(event) -> str:
    """"le jeudi 3 décembre 2026 de 9 h 30 à 12 h 00" (as much as is known)."""
    if event.date is None:
        return "à une date à préciser"
    text = f"le {long_date(event.date)}"
    if event.start and event.end:
        return f"{text} de {hour(event.start)} à {hour(event.end)}"
    return f"{text} à {hour(event.start)}" if event.start else text


def invitation_subject(title: str, date: dt.date | None) -> str:
    return f"Invitation : {title}" + (f" – {long_date(date)}" if date else "")


def invitation_body(event, salutation_text: str, agenda_attached: bool, calendar_attached: bool = False) -> str:
    lines = [f"{salutation_text},", "",
             f"Nous avons le plaisir de vous inviter à « {event.title} », {event_when(event)}"
             + (f", {event.place}." if event.place else ".")]
    if event.agenda:
        lines += ["", "Ordre du jour :", event.agenda]
    if agenda_attached:
        lines += ["", "Vous trouverez l'ordre du jour en pièce jointe."]
    if calendar_attached:
        lines += ["", "L'invitation jointe (invitation.ics) ajoute le rendez-vous à votre agenda et nous "
                      "transmet votre réponse."]
    else:
        lines += ["", "Merci de nous confirmer votre présence en répondant à ce message."]
    lines += ["", "Bien cordialement,", "", event.organizer]
    return "\n".join(lines).rstrip() + "\n"


# The built-in invitation letter (fields between double braces, see events.letters).
LETTER_DATE_LINE = "Le {{date_lettre}}"
LETTER_SUBJECT_LINE = "Objet : invitation – {{titre}}"
LETTER_PARAGRAPHS = (
    "{{formule}},",
    "Nous avons le plaisir de vous inviter à « {{titre}} », {{quand}}, {{lieu}}.",
    "Nos équipes seront heureuses de vous présenter leurs solutions pour les équipements de "
    "{{organisme}} et d'échanger avec vous sur vos projets.",
    "Dans l'attente de vous y accueillir, nous vous prions d'agréer, {{formule}}, l'expression de nos "
    "salutations distinguées.",
)


# Thank-you letters and e-mails after a trade show (events.thanks).
THANKS_SUBJECT_LINE = "Objet : merci de votre visite – {{titre}}"
THANKS_PARAGRAPHS = (
    "{{formule}},",
    "Nous vous remercions de votre visite sur notre stand, {{jour}}, à l'occasion de « {{titre}} ».",
    "{{suite}}",
    "Nous vous prions d'agréer, {{formule}}, l'expression de nos salutations distinguées.",
)


def thanks_next_step(owner: str, warm: bool) -> str:
    """What comes next: the salesperson calls a warm prospect, else stays at hand."""
    if owner and warm:
        return (f"{owner}, qui suit vos projets chez nous, vous appellera dans les prochains jours pour convenir "
                "d'un rendez-vous.")
    if owner:
        return f"{owner}, qui suit vos projets chez nous, reste à votre disposition pour toute question."
    return "Notre équipe reste à votre disposition pour toute question sur nos solutions."


def thanks_subject(title: str) -> str:
    return f"Merci de votre visite – {title}"


def thanks_body(fields: dict[str, str]) -> str:
    return "\n".join([
        f"{fields['formule']},", "",
        f"Nous vous remercions de votre visite sur notre stand, {fields['jour']}, à l'occasion de "
        f"« {fields['titre']} ».", "", fields["suite"], "", "Bien cordialement,", "", fields["signataire"],
    ]).rstrip() + "\n"


def thanks_summary(event: str, emails: int, letters: int, due: dt.date | None) -> str:
    when = f" à envoyer au plus tard le {format_value(due)}" if due else ""
    return (f"{event} : remerciements{when} : {counted(emails, 'brouillon')} de courriel, "
            f"{counted(letters, 'lettre')} (sans adresse e-mail)")


def thanks_unreachable(event: str, who: str) -> str:
    return (f"{event} : {who or 'un visiteur'} n'a ni e-mail ni adresse postale connue : remerciement à faire "
            "à la main")


# Walk-ins of a trade show placed in the prospect file (issue 17).
PROSPECT_FILE_LABEL = "fichier prospects"


def unattributed_detail(prospect_id: str) -> str:
    """The same words the night a visitor's row is added and every night after, until
    a salesperson is named on it."""
    return f"Rencontré sur le stand, prospect {prospect_id} du fichier prospects sans commercial : à qualifier et attribuer"


def walk_in_added(prospect_id: str, name: str, organisation: str, event: str) -> str:
    who = ", ".join(part for part in (name, organisation) if part) or "visiteur sans nom"
    return f"Nouveau prospect {prospect_id} : {who}, rencontré sur le stand de {event}."


def walk_in_linked(prospect_id: str, name: str, organisation: str, event: str, match: str) -> str:
    who = ", ".join(part for part in (name, organisation) if part) or "visiteur sans nom"
    return f"Déjà dans le fichier prospects : {who} ({event}) rattaché à {match}."


def walk_ins_not_added(reason: str) -> str:
    return f"Nouveaux contacts du salon non ajoutés au fichier prospects : {reason}"
