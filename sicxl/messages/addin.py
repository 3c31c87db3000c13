"""French wording of the Excel add-in: ribbon, task pane, sign-in, end-of-run and error messages.

The add-in's own JavaScript (static/sic.js, custom-functions.js, the task pane)
shows only these sentences: the server hands them to the page it serves
(`BROWSER_MESSAGES`), so that even "the server does not answer" is said in
French, never as raw JSON or a browser error.
"""

from __future__ import annotations

TAB = "SIC"
GROUPS = {  # ribbon group id -> label
    "prospects": "Prospects",
    "campaigns": "Campagnes",
    "dashboard": "Tableau de bord",
    "survey": "Enquête",
    "events": "Événements",
}
ACCOUNT_GROUP = "Compte"
SIGN_IN = "Connexion"
SIGN_IN_TIP = ("Ouvre le volet SIC pour saisir le jeton d'accès fourni par votre administrateur "
               "(une seule fois par poste), ou le remplacer quand il change.")
JOB_TIPS = {  # ribbon button -> its tooltip (at most 250 characters)
    "fill": ("Complète les codes INSEE, codes postaux, départements, communes, SIREN et populations vides "
             "d'après la liste officielle des communes ; ne remplace jamais une valeur saisie."),
    "validate": "Écrit chaque anomalie d'une ligne en toutes lettres, en nommant la cellule, et le statut de la ligne.",
    "dedupe": "Signale chaque doublon en pointant la ligne qu'il répète, avec la similarité et les champs identiques.",
    "score": "Estime le potentiel de chiffre d'affaires, le score de 0 à 100, la catégorie et ses raisons.",
    "qualify": "Compléter, valider, dédoublonner et scorer en une seule fois.",
    "calls": "Met à jour la température et la date du dernier contact de chaque prospect d'après ses appels.",
    "funnel": "Feuille Entonnoir : contacts, rendez-vous, propositions, contrats et taux par campagne et commercial.",
    "agenda": "Rappels et rendez-vous des prochains jours par commercial, prospects chauds d'abord.",
    "tenders": "Appels d'offres : échéances proches, étapes en retard, marchés gagnés à transformer en affaires.",
    "dashboard": ("Tableau de bord du mois en formules Excel : objectifs, réalisé, écarts, taux, N-1, signaux, "
                  "seuil de rentabilité et répartition P1-P4."),
    "sample": "Tire l'échantillon stratifié de l'enquête, reproductible, sans les répondants de l'an dernier.",
    "survey": "Taux de satisfaction par question, thème et marché, avec marge d'erreur, points faibles et priorités.",
    "invite": "Feuille Invitations : les invités de l'événement, et la raison de chaque personne écartée.",
    "followup": "Feuille Relances : remerciements, relances, rappels des prospects intéressés, contacts à ajouter.",
}
TITLE = "SIC"
NOTHING_WRITTEN = "Aucune cellule modifiée."
JOB_FAILED = "Le traitement n'a pas pu aboutir : {reason}"
JOB_CRASHED = ("Le traitement s'est arrêté sur une erreur imprévue. Prévenez votre administrateur : le détail "
               "technique est dans le journal du serveur (ou de xlwings sur ce poste).")
UNKNOWN_BUTTON = "Bouton inconnu : {name}."
UNKNOWN_SCRIPT = "Traitement inconnu : {name}."

# What the server answers when it refuses a call (the `detail` the add-in shows).
TOKEN_REFUSED = ("Jeton d'accès absent ou refusé par le serveur SIC : il est incorrect ou a changé. "
                 "Onglet SIC → Connexion : collez le jeton fourni par votre administrateur.")
SERVER_WITHOUT_TOKEN = ("Le serveur SIC n'est pas configuré (aucun jeton d'accès défini) : "
                        "prévenez votre administrateur.")
SERVER_ERROR = ("Le serveur SIC a rencontré une erreur et le traitement n'a pas abouti. "
                "Réessayez ; si cela recommence, prévenez votre administrateur.")
NOT_FOUND = "Cette adresse n'existe pas sur le serveur SIC : le complément est-il à jour ? Prévenez votre administrateur."
BAD_REQUEST = ("Le serveur SIC n'a pas compris la demande envoyée par Excel. Fermez et rouvrez le classeur ; "
               "si cela recommence, prévenez votre administrateur.")

# Said by the add-in's JavaScript in Excel (task pane, cells, ribbon).
BROWSER_MESSAGES = {
    "tokenMissing": ("Connectez-vous d'abord : onglet SIC → Connexion, puis collez le jeton fourni par "
                     "votre administrateur."),
    "serverDown": ("Le serveur SIC ne répond pas. Vérifiez votre connexion au réseau de l'entreprise, puis "
                   "réessayez dans quelques minutes ; si cela dure, prévenez votre administrateur."),
    "serverError": SERVER_ERROR,
    "tokenEmpty": "Collez le jeton d'accès dans la case avant d'enregistrer.",
    "tokenChecking": "Vérification du jeton auprès du serveur SIC…",
    "tokenSaved": "Connexion réussie : le jeton est enregistré sur ce poste. Vous pouvez fermer ce volet.",
    "tokenKept": "Vous êtes connecté : un jeton est enregistré sur ce poste.",
    "tokenForgotten": "Jeton effacé de ce poste.",
    "writeFailed": ("Excel n'a pas pu écrire le résultat du traitement dans le classeur (feuille protégée ou "
                    "en cours de modification ?). Réessayez ; si cela recommence, prévenez votre administrateur."),
}
PAGE = {  # the task pane's labels
    "title": TITLE,
    "heading": "SIC : système d'information commercial",
    "intro": "Jeton d'accès fourni par votre administrateur (une seule fois par poste) :",
    "save": "Se connecter",
    "forget": "Effacer le jeton",
}


def cells_written(count: int) -> str:
    return f"{count} cellule{'s' if count > 1 else ''} écrite{'s' if count > 1 else ''}."


def exports_left(names: list[str]) -> str:
    """Files (CSV, .ics, letters) cannot be written beside the workbook from Office.js."""
    return ("Fichiers non écrits depuis Excel (lancez la commande sicxl sur le serveur de fichiers) : "
            + ", ".join(names))


def charts_left(count: int) -> str:
    return (f"{count} graphique{'s' if count > 1 else ''} non dessiné{'s' if count > 1 else ''} depuis le ruban : "
            "lancez la commande sicxl pour les obtenir.")
