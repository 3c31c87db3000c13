"""The satisfaction survey workbook (WORKBOOKS.md section 3, issue 6).

Sheets `Clients`, `Paramètres`, `Échantillon` (written by `sample`, then kept:
the survey's record), `Suivi des contacts` (the field work), `Questionnaire`,
`Réponses` (ID client, then one column per question), `Réponses N-1` (last year's)
and `Résultats` (computed by `survey`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable

from sicxl.schema.base import Column, Kind, SheetSchema
from sicxl.schema.prospects import PARAMETERS as _PROSPECT_PARAMETERS
from sicxl.schema.prospects import YES_NO
from sicxl.survey.allocation import METHODS, PROPORTIONAL
from sicxl.survey.scales import QUESTION_KINDS, SCALE_NAMES

MARKETS = ("Tertiaire", "Habitat public", "Habitat privé", "Collectivités", "Santé")
"""The strata of the sample, in the order they are drawn and shown."""

THEMES = ("Relation client", "Services", "Information", "Compétences", "Sécurité et environnement", "Prix")
OVERALL_THEME = "Satisfaction globale"
"""Theme of the overall-satisfaction question, which belongs to no theme above."""

TEXT = "@"
PERCENT = "0.0%"  # shown "0,0 %" by French Excel

CLIENT_ID = Column("id", "ID client", Kind.TEXT, required=True,
                   aliases=("ID", "Identifiant client", "Code client", "N° client", "Réf client"),
                   number_format=TEXT, width=11)
CLIENT_NAME = Column("name", "Raison sociale", Kind.TEXT, aliases=("Nom", "Organisme", "Nom du client"), width=40)
MARKET = Column("market", "Marché", Kind.CHOICE, required=True, choices=MARKETS,
                aliases=("Strate", "Segment", "Type de client", "Type"), width=16)

CLIENTS = SheetSchema(
    name="Clients",
    table="tblClients",
    aliases=("Fichier clients", "Base clients", "Portefeuille"),
    columns=(
        CLIENT_ID,
        CLIENT_NAME,
        MARKET,
        Column("surveyed_last_year", "Interrogé l'an dernier", Kind.YES_NO, choices=YES_NO,
               aliases=("Interrogé N-1", "Interrogé en N-1", "Enquêté l'an dernier", "Répondant N-1"), width=12),
        Column("city", "Commune", Kind.TEXT, aliases=("Ville",), width=22),
        Column("contact", "Interlocuteur", Kind.TEXT, aliases=("Contact", "Décideur"), width=24),
        Column("role", "Fonction", Kind.TEXT, aliases=("Poste", "Titre"), width=30),
        Column("phone", "Téléphone", Kind.TEXT, aliases=("Tél", "Tel"), number_format=TEXT, width=15),
        Column("email", "E-mail", Kind.TEXT, aliases=("Email", "Courriel", "Mail"), width=34),
    ),
)

PARAMETERS = replace(
    _PROSPECT_PARAMETERS,
    columns=tuple(replace(c, kind=Kind.TEXT) if c.key == "value" else c for c in _PROSPECT_PARAMETERS.columns),
)
"""Same two-column sheet as the prospect file's; values may be words here (Neyman)."""


@dataclass(frozen=True)
class Parameter:
    """A line of `Paramètres`: its label, default and the comment shown beside it."""

    key: str
    label: str
    default: Any
    comment: str
    percent: bool = False


SAMPLE_SIZE = Parameter(
    "sample_size", "Taille d'échantillon", None,
    "Nombre de clients à interroger. Laisser vide pour la calculer à partir de la marge "
    "d'erreur et du niveau de confiance (formule de Cochran, avec correction de population finie).")
MARGIN = Parameter(
    "margin", "Marge d'erreur", 0.05,
    "Demi-largeur voulue de l'intervalle de confiance du taux de satisfaction (5 % = ± 5 points).",
    percent=True)
CONFIDENCE = Parameter(
    "confidence", "Niveau de confiance", 0.95,
    "Probabilité que l'intervalle contienne le vrai taux (95 % : usage courant).", percent=True)
EXPECTED_RATE = Parameter(
    "expected_rate", "Proportion attendue", 0.5,
    "Taux de satisfaction attendu pour le calcul de la taille ; 50 % donne la taille la plus prudente.",
    percent=True)
ALLOCATION = Parameter(
    "allocation", "Répartition", PROPORTIONAL,
    "Répartition de l'échantillon entre marchés : « proportionnelle » (au nombre de clients) ou "
    "« Neyman » (plus d'entretiens là où la satisfaction de l'an dernier était la plus partagée).")
PILOT_SHARE = Parameter(
    "pilot_share", "Part du pilote", 0.05,
    "Part de l'échantillon interrogée d'abord pour tester le questionnaire (au moins un client).",
    percent=True)
SEED = Parameter(
    "seed", "Graine aléatoire", 2026,
    "Nombre entier : le même fichier et la même graine redonnent le même échantillon. "
    "Changer la graine pour un autre tirage.")
LAST_RATE_LABEL = "Satisfaction N-1"


def last_rate_parameter(market: str) -> Parameter:
    """Last year's satisfaction rate of a market: the spread of Neyman allocation."""
    return Parameter(
        f"last_rate:{market}", f"{LAST_RATE_LABEL} {market}", None,
        f"Taux de satisfaction de l'an dernier pour le marché {market} (répartition de Neyman ; "
        "vide : 50 %, l'hypothèse la plus prudente).", percent=True)


MAX_ATTEMPTS = Parameter(
    "max_attempts", "Tentatives maximum", 5,
    "Nombre de tentatives de contact après lequel un client injoignable est abandonné (Suivi des contacts).")
CUTOFF_LABEL = "Satisfait à partir de"
TOP_TWO = "les deux meilleures"


def cutoff_parameter(scale: str) -> Parameter:
    """The lowest answer counted as satisfied on one scale (top-2-box by default)."""
    return Parameter(
        f"cutoff:{scale}", f"{CUTOFF_LABEL} ({scale})", None,
        "Réponse la plus basse comptée comme satisfaite sur cette échelle (une note, ou un niveau). Vide : "
        f"{TOP_TWO} réponses (top-2-box), la définition du taux de satisfaction de l'enquête. Une colonne "
        "« Satisfait à partir de » de Questionnaire peut la préciser question par question.")


SURVEY_PARAMETERS = (SAMPLE_SIZE, MARGIN, CONFIDENCE, EXPECTED_RATE, ALLOCATION, PILOT_SHARE, SEED,
                     *(last_rate_parameter(m) for m in MARKETS), MAX_ATTEMPTS,
                     *(cutoff_parameter(name) for name in SCALE_NAMES))
ALLOCATION_CHOICES = METHODS

PILOT = Column("pilot", "Pilote", Kind.YES_NO, choices=YES_NO, aliases=("Test", "Pré-test"), width=8)

SAMPLE_STATES = ("Tiré", "Réserve", "Réserve : ajouté après le tirage", "Sorti du fichier clients")
DRAWN, RESERVE, ADDED, LEFT = SAMPLE_STATES
CONTACT_STATES = ("Répondu", "Refus", "Abandon : injoignable", "À relancer", "À contacter")
ANSWERED, REFUSED, GAVE_UP, TO_REMIND, TO_CONTACT = CONTACT_STATES
DATE = "dd/mm/yyyy"

SAMPLE = SheetSchema(
    name="Échantillon",
    aliases=("Echantillon", "Tirage"),
    columns=(
        CLIENT_ID, CLIENT_NAME, MARKET, PILOT,
        Column("state", "Situation", Kind.CHOICE, choices=SAMPLE_STATES, width=20,
               help="Tiré ; Réserve (remplaçants, dans l'ordre du rang) ; ajouté au fichier après le tirage ; "
                    "sorti du fichier depuis le tirage."),
        Column("reserve_rank", "Rang de réserve", Kind.INTEGER, width=9),
        Column("drawn_on", "Date", Kind.DATE, number_format=DATE, width=11,
               help="Date du tirage, ou date d'entrée dans la réserve."),
        Column("attempts", "Tentatives", Kind.INTEGER, width=10),
        Column("last_contact", "Dernier contact", Kind.DATE, number_format=DATE, width=12),
        Column("channel", "Canal", Kind.TEXT, width=11),
        Column("contact_state", "Suivi", Kind.CHOICE, choices=CONTACT_STATES, width=18),
        Column("remind_on", "Relance le", Kind.DATE, number_format=DATE, width=11),
    ),
)
"""Written by `sample` and read back by `sample` and `survey`: once drawn, the
sample is the survey's record (issue 15). Who was drawn, the reserve, the date,
and, from `Suivi des contacts`, where each drawn client stands."""

CHANNELS = ("Téléphone", "Fax", "Courrier", "E-mail")
RESULTS_OF_CONTACT = ("Répondu", "À rappeler", "Injoignable", "Refus", "Questionnaire envoyé")
CONTACT_ANSWERED, CONTACT_CALL_BACK, CONTACT_UNREACHABLE, CONTACT_REFUSED, CONTACT_SENT = RESULTS_OF_CONTACT

FIELDWORK = SheetSchema(
    name="Suivi des contacts",
    table="tblSuiviContacts",
    aliases=("Suivi", "Suivi du terrain", "Contacts", "Relances enquête"),
    columns=(
        Column("date", "Date", Kind.DATE, required=True, aliases=("Date du contact", "Le"), number_format=DATE,
               width=11),
        Column("id", "ID client", Kind.TEXT, required=True, aliases=CLIENT_ID.aliases, number_format=TEXT,
               width=11),
        Column("channel", "Canal", Kind.CHOICE, choices=CHANNELS, aliases=("Moyen", "Mode"), width=11),
        Column("result", "Résultat", Kind.CHOICE, choices=RESULTS_OF_CONTACT, aliases=("Issue",), width=18),
        Column("remind_on", "Relance le", Kind.DATE, aliases=("Rappeler le", "À relancer le"), number_format=DATE,
               width=11),
        Column("notes", "Notes", Kind.TEXT, aliases=("Commentaire",), width=40),
    ),
)
"""One row per attempt to reach a drawn client (phone, fax, mail), typed by the
assistants: `sample` sums it up per client in `Échantillon`, `survey` gives the
response rate per market."""

QUESTIONNAIRE = SheetSchema(
    name="Questionnaire",
    table="tblQuestionnaire",
    aliases=("Questions",),
    columns=(
        Column("number", "N°", Kind.INTEGER, required=True, aliases=("Numéro", "No", "Num", "N° question"), width=6),
        Column("text", "Question", Kind.TEXT, required=True, aliases=("Libellé", "Intitulé"), width=60),
        Column("theme", "Thème", Kind.CHOICE, choices=(*THEMES, OVERALL_THEME), aliases=("Rubrique",), width=24),
        Column("scale", "Échelle", Kind.CHOICE, required=True, choices=QUESTION_KINDS,
               aliases=("Type d'échelle", "Modalités", "Échelle de réponse"), width=26),
        Column("overall", "Question globale", Kind.YES_NO, choices=YES_NO,
               aliases=("Globale", "Satisfaction globale"), width=10,
               help="oui pour la question de satisfaction globale ; sans « oui », c'est la dernière question."),
        Column("satisfied_from", "Satisfait à partir de", Kind.TEXT,
               aliases=("Seuil de satisfaction", "Seuil satisfait"), width=16,
               help="La réponse la plus basse comptée satisfaite pour cette question (une note, ou un niveau de "
                    "l'échelle) ; vide : le seuil de son échelle dans Paramètres, sinon les deux meilleures."),
    ),
)

RESPONSES = SheetSchema(
    name="Réponses",
    table="tblReponses",
    aliases=("Reponses", "Saisie", "Saisie des réponses"),
    columns=(CLIENT_ID,),
)


def question_key(number: int) -> str:
    return f"q{number}"


def question_header(number: int) -> str:
    """Header of a question's column in `Réponses`: Q1, Q2..."""
    return f"Q{number}"


def responses_schema(questions: Iterable[tuple[int, str]]) -> SheetSchema:
    """`Réponses` with one column per question, found by "Q3", "3", "Question 3"
    or the question's own text."""
    columns = [
        Column(question_key(n), question_header(n), Kind.TEXT, aliases=(str(n), f"Question {n}", text), width=14)
        for n, text in questions
    ]
    return replace(RESPONSES, columns=(*RESPONSES.columns, *columns))


LAST_YEAR = SheetSchema(
    name="Réponses N-1",
    table="tblReponsesN1",
    aliases=("Reponses N-1", "Réponses l'an dernier", "Réponses année précédente"),
    columns=(CLIENT_ID, replace(MARKET, required=False)),
)
"""Last year's answers, kept as they were typed: the results of both years are
computed with this year's questionnaire and cut-offs, so that they compare."""


def last_year_schema(questions: Iterable[tuple[int, str]]) -> SheetSchema:
    """`Réponses N-1` with one column per question, found like those of `Réponses`."""
    return replace(LAST_YEAR, columns=(*LAST_YEAR.columns, *responses_schema(questions).columns[1:]))


RESULTS = SheetSchema(name="Résultats", aliases=("Resultats",), columns=())
