"""French text of the monthly dashboard: signals, labels of the computed sheets, report lines."""

from __future__ import annotations

from sicxl.messages.french import counted, de, plural
from sicxl.values import MONTH_NAMES_FR, format_number, format_percent, quote

NOT_DEFINED = "n.d."  # a rate whose base is zero: "non défini", never #DIV/0!

ONE_OFF = "ponctuel"
STRUCTURAL = "structurel"

# XmR rules (Wheeler, "Understanding Variation", 1993; Western Electric, "Statistical
# Quality Control Handbook", 1956): the words shown in the `Règle` column.
RULES = {
    "beyond_limits": "1 point au-delà des limites naturelles (moyenne ± 2,66 × écart mobile moyen)",
    "run_of_eight": "8 mois de suite du même côté de la moyenne",
    "two_of_three": "2 mois sur 3 au-delà de 2 sigma, du même côté",
    "four_of_five": "4 mois sur 5 au-delà de 1 sigma, du même côté",
}

DASHBOARD_TITLE = "Tableau de bord commercial"
OWNER_TITLE = "Tableau de bord {of_owner}"
MONTH_LABEL = "Mois"
OWNER_LABEL = "Commercial"
YEAR_START_LABEL = "Début d'exercice"
MONTH_BLOCK = "Le mois"
YTD_BLOCK = "Cumul depuis le début de l'année"
TREND_BLOCK = "Tendance sur 12 mois"
TREND_INDICATOR = "Indicateur"
VARIANCE_CHART = "Écart au plan du mois (en % de l'objectif)"
TREND_CHART = "{indicator} : réalisé et objectif sur 12 mois"
SIGNAL_NOTE = ("Signal : carte de contrôle XmR sur l'écart mensuel au plan (réalisé − objectif) ; "
               "« ponctuel » = un mois hors des limites naturelles, « structurel » = une série "
               "(règles de Western Electric). Valeur calculée par sicxl à la date du rapport.")

BREAKEVEN_TITLE = "Seuil de rentabilité {year}"
FIXED_COSTS = "Charges fixes (k€)"
VARIABLE_RATE = "Taux de charges variables"
MARGIN_RATE = "Taux de marge sur coût variable"
BREAKEVEN_REVENUE = "Seuil de rentabilité (k€)"
YEAR_REVENUE = "CA de l'année : réalisé, puis objectif (k€)"
SAFETY_MARGIN = "Marge de sécurité (k€)"
SAFETY_INDEX = "Indice de sécurité"
BREAKEVEN_DATE = "Point mort"
NOT_REACHED = "non atteint"
BREAKEVEN_NOTE = ("Point mort : date où le CA cumulé de l'année atteint le seuil, mois par mois "
                  "(saisonnalité comprise) ; le réalisé compte pour les mois passés, l'objectif pour les suivants.")

MIX_TITLE = "Répartition du chiffre d'affaires des contrats"
BY_SERVICE = "Par type de contrat"
BY_CUSTOMER = "Par type de client"
TOTAL = "Total"
OTHER = "Autre ou non renseigné"


def month_name(month: str) -> str:
    """"2025-03" -> "mars 2025"."""
    year, number = month.split("-")
    return f"{MONTH_NAMES_FR[int(number) - 1]} {year}"


def owner_sheet_title(owner: str) -> str:
    """"Tableau de bord d'Antoine Lefèvre"."""
    return OWNER_TITLE.format(of_owner=de(owner, person=True))


# Row-level problems, each naming the cell.
def bad_month(reason: str, cell: str) -> str:
    return f"Mois : {reason} ({cell}) ; ligne non comptée."


def missing_value(label: str, cell: str) -> str:
    return f"{label} : valeur manquante ({cell}) ; ligne non comptée."


def text_number(label: str, value: object, cell: str) -> str:
    return (f"{label} : {quote(value)} est saisi comme du texte, qu'Excel ne sait pas additionner ({cell}) ; "
            "ressaisissez-le comme un nombre. Ligne non comptée.")


def not_a_number(label: str, reason: str, cell: str) -> str:
    return f"{label} : {reason} ({cell}) ; ligne non comptée."


def unknown_indicator(value: object, cell: str, suggestion: str | None) -> str:
    hint = f" : écrivez « {suggestion} »" if suggestion else " (absent du modèle)"
    return f"Indicateur {quote(value)} inconnu{hint} ({cell}) ; ligne non comptée."


def duplicate_line(cell: str, first_row: int) -> str:
    return f"Ligne en double de la ligne {first_row} ({cell}) : seule la première est comptée."


def zero_objective(indicator: str, month: str, owner: str | None) -> str:
    who = f" {de(owner, person=True)}" if owner else ""
    return f"Objectif nul pour « {indicator} »{who} en {month_name(month)} : taux affichés « {NOT_DEFINED} »."


def missing_months(sheet: str, months: list[str]) -> str:
    listed = ", ".join(month_name(m) for m in months)
    return f"Feuille « {sheet} » : aucun chiffre pour {listed}."


def bad_cost(label: str, reason: str, cell: str) -> str:
    return f"{label} : {reason} ({cell})."


def rate_as_percent(value: float, cell: str) -> str:
    return (f"Taux {quote(value)} lu comme {format_percent(value, 0)} ({cell}) : "
            f"saisissez {format_number(value, 0)} % ou {format_number(value / 100, 2)}.")


def unknown_service(value: object, cell: str) -> str:
    return f"Prestation {quote(value)} inconnue ({cell}) : attendu P1, P2, P3 ou P4 ; comptée dans « {OTHER} »."


def unknown_customer_type(value: object, cell: str, suggestion: str | None) -> str:
    hint = f" : écrivez « {suggestion} »" if suggestion else ""
    return f"Type de client {quote(value)} inconnu{hint} ({cell}) ; compté dans « {OTHER} »."


def missing_sheet(sheet: str) -> str:
    return f"La feuille « {sheet} » est introuvable : les tableaux qui en dépendent restent vides."


def no_actuals() -> str:
    return "Aucun réalisé lisible : indiquez le mois avec --month (AAAA-MM)."


def bad_option_month(value: object, reason: str) -> str:
    return f"Option mois {quote(value)} : {reason}."


def no_margin(rate: float) -> str:
    return (f"Les charges variables font {format_percent(rate)} du CA : la marge sur coût variable "
            "n'est pas positive, le seuil de rentabilité est « n.d. ».")


def signal_line(indicator: str, label: str, rule: str) -> str:
    return f"{indicator} : écart {label} ({rule})."


def summary(month: str, owners: int, lines: int) -> str:
    return (f"Tableau de bord {de(month_name(month))} : {counted(lines, 'indicateur')}, "
            f"{counted(owners, 'tableau de bord individuel', 'tableaux de bord individuels')}.")


def pdf_written(name: str) -> str:
    return f"Export imprimable : {name}."


def pages_written(count: int, folder: str) -> str:
    return f"Aperçu de chaque page ({count} page{'s' if count > 1 else ''}) : {folder}."


def pdf_unavailable(reason: str) -> str:
    return f"L'export PDF n'a pas pu être produit : {reason}"


# Kinds of row problems, as counted in the report.
KIND_MONTH = "mois illisible"
KIND_VALUE = "valeur illisible"
KIND_TEXT_NUMBER = "nombre saisi en texte"
KIND_INDICATOR = "indicateur inconnu"
KIND_DUPLICATE = "ligne en double"
KIND_COST = "charge illisible"
KIND_CONTRACT = "contrat incomplet"


HELP_MONTH = "mois du tableau de bord, AAAA-MM (par défaut : le dernier mois qui a du réalisé)"
HELP_PDF = "exporter aussi les tableaux de bord en PDF A4 imprimable, avec un aperçu PNG de chaque page (LibreOffice)"
NO_CONVERTER = "aucun convertisseur PDF n'est disponible dans ce mode de lancement."
def more_problems(count: int) -> str:
    return f"… et {plural(count, 'une autre ligne', f'{count} autres lignes')} du même genre (voir les comptes par nature)."


def missing_columns(sheet: str, headers: list[str]) -> str:
    listed = ", ".join(f"« {h} »" for h in headers)
    many = len(headers)
    return f"Feuille « {sheet} » : {plural(many, 'colonne')} {listed} {plural(many, 'introuvable')} ; la feuille n'est pas lue."


# The monthly report sent to each salesperson (dashboard --pdf).
def owner_subject(month_title: str) -> str:
    return f"Votre tableau de bord {de(month_title)}"


def owner_body(first_name: str, month_title: str, figures: list[str], sender: str | None = None) -> str:
    lines = [f"Bonjour {first_name}," if first_name else "Bonjour,", "",
             f"Vous trouverez en pièce jointe votre tableau de bord {de(month_title)}."]
    if figures:
        lines += ["", "En bref :", *(f"- {figure}" for figure in figures)]
    lines += ["", "Bonne lecture,"]
    return "\n".join(lines) + "\n"


def owner_figure(indicator: str, unit: str, actual: str, objective: str, achievement: str) -> str:
    """"CA signé : 412,5 k€ réalisés pour un objectif de 380,0 k€ (108,6 %)"."""
    return f"{indicator} : {actual} {unit} réalisés pour un objectif de {objective} {unit} ({achievement})"


def owner_drafts_written(count: int, month_title: str) -> str:
    return (f"{counted(count, 'brouillon')} de courriel {plural(count, 'préparé')}, un par commercial, avec son "
            f"tableau de bord {de(month_title)} en PDF (un destinataire chacun).")


def owner_without_email(owner: str) -> str:
    return (f"Pas d'adresse e-mail valide pour {owner} dans la feuille Équipe : son brouillon est préparé sans "
            "destinataire.")


NO_TEAM_SHEET = ("Feuille Équipe absente (Commercial, E-mail) : les brouillons des commerciaux sont préparés sans "
                 "destinataire.")


# Signed deals of the prospect file as contract lines (issue 17).
DEAL_CONTRACTS_TITLE = "Contrats des affaires signées du fichier prospects"
DEAL_CONTRACTS_NOTE = ("Chaque affaire signée compte une fois, par son N° de contrat : son montant annuel dans "
                       "« CA signé » et un contrat dans « Nombre de contrats » du mois de signature (si « Compté dans "
                       "le réalisé » dit oui), et dans la feuille Répartition.")
DEALS_LEFT_OUT_TITLE = "Affaires signées non reprises"
DEAL_NO_CONTRACT = "N° de contrat manquant : l'affaire ne peut être comptée qu'une fois, par son numéro"
DEAL_NO_AMOUNT = "montant annuel manquant ou illisible"
DEAL_NO_DATE = "date de signature manquante : le mois du réalisé est inconnu"
HELP_PROSPECTS = "Classeur des prospects, dont les affaires signées alimentent le tableau de bord (sinon le paramètre « Fichier prospects »)"


def row_label(row: int) -> str:
    return f"ligne {row}"


def deal_in_contracts(row: int) -> str:
    return f"déjà dans la feuille Contrats (ligne {row}) : compté une fois, par cette ligne"


def deal_contract_taken(deal: str) -> str:
    return f"N° de contrat déjà repris pour l'affaire {deal}"


def deal_unknown_service(value: object) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "type de contrat (Prestation) manquant : attendu P1, P2, P3 ou P4"
    return f"type de contrat {quote(value)} inconnu : attendu P1, P2, P3 ou P4"


def deal_already_typed(row: int) -> str:
    return f"non : déjà saisi dans Réalisé (ligne {row})"


def deal_before_actuals(first_month: str | None) -> str:
    if first_month is None:
        return "non : la feuille Réalisé n'a aucun mois lisible"
    return f"non : signé avant le premier mois du réalisé ({month_name(first_month)}), compté dans la répartition seulement"


def deals_summary(taken: int, revenue: float, counted: int, left_out: int, already: int) -> str:
    refused = left_out - already
    return (f"Affaires signées du fichier prospects : {taken} {plural(taken, 'reprise')} comme contrats "
            f"({counted} {plural(counted, 'comptée')} dans le réalisé pour {format_number(revenue, 0)} k€), "
            f"{refused} {plural(refused, 'écartée')}, {already} déjà dans la feuille Contrats.")


def deal_left_out(deal: object, reason: str) -> str:
    return f"Affaire {quote(deal)} non reprise : {reason}."


def deals_outside(count: int) -> str:
    return (f"{counted(count, 'affaire')} {plural(count, 'signée')} d'autres portefeuilles {plural(count, 'laissée')} "
            "de côté dans ce classeur.")


def no_deals_source() -> str:
    return ("Aucun fichier prospects indiqué (--prospects ou paramètre « Fichier prospects ») : "
            "les affaires signées ne sont pas reprises.")


def deals_not_read_here(name: str) -> str:
    return (f"Les affaires signées de « {name} » ne sont reprises que par le traitement lancé sur le serveur "
            "(sicxl dashboard ou la mise à jour de nuit), qui ouvre ce fichier.")


def unreadable_prospects(reason: str) -> str:
    return f"Fichier prospects illisible, affaires non reprises : {reason}"


def unknown_setting(name: str, cell: str, known: tuple[str, ...]) -> str:
    return f"Paramètre {quote(name)} inconnu ({cell}) ; paramètres connus : {', '.join(known)}."


def bad_setting(name: str, reason: str, cell: str) -> str:
    return f"Paramètre « {name} » : {reason} ({cell}) ; valeur par défaut utilisée."


# `Marchés et zones` (issue 17).
VIEWS_TITLE = "CA signé par marché, agence et département ; seuil de rentabilité par marché"
MARKET_DIMENSION, AGENCY_DIMENSION, DEPARTMENT_DIMENSION = "Marché", "Agence", "Département"
MARKET_BREAKEVEN_TITLE = "Seuil de rentabilité par marché"
MARKET_MONTHS_TITLE = "CA de l'année par marché : réalisé des mois clos, puis objectif (k€)"
KEY_LABEL = "Clé de répartition des charges fixes"
WHOLE_BREAKEVEN = "Seuil de rentabilité de l'ensemble (k€)"
MARKET_BREAKEVEN_NOTE = ("Chaque marché porte sa part des charges fixes selon la clé (Paramètres) ; les seuils des "
                         "marchés s'additionnent en celui de l'ensemble.")


def view_title(dimension: str) -> str:
    return f"CA signé par {dimension.lower()}"


def key_rule(rule: str) -> str:
    if rule == "Parts égales":
        return "parts égales entre les marchés qui ont des objectifs dans l'année"
    return f"part de chaque marché dans l'objectif « {'CA signé' if rule == 'CA' else rule} » de l'année"


def no_dimension(label: str, sheets: str) -> str:
    return f"Vue par {label.lower()} : colonne « {label} » absente de {sheets} ; vue non produite."


def deals_taken(deals: list[object]) -> str:
    listed = ", ".join(str(d) for d in deals[:20]) + (" …" if len(deals) > 20 else "")
    return f"Affaires reprises : {listed} (feuille « Contrats des affaires »)."


def book_share(share: float) -> str:
    return (f"Ce classeur porte {format_percent(share)} des charges fixes (paramètre « Part des charges fixes », "
            "écrit par la séparation en portefeuilles).")


def market_breakeven(market: str, share: float, fixed: float, threshold: float, revenue: float) -> str:
    return (f"{market} : {format_percent(share)} des charges fixes, soit {format_number(fixed, 0)} k€ ; "
            f"seuil de rentabilité {format_number(threshold, 0)} k€ pour un CA de l'année de "
            f"{format_number(revenue, 0)} k€.")


def breakevens_add_up(total: float, whole: float) -> str:
    return (f"Somme des seuils des marchés : {format_number(total, 0)} k€ ; seuil de l'ensemble : "
            f"{format_number(whole, 0)} k€.")


SHARE_COMMENT = ("Part des charges fixes que porte ce classeur : celle de son marché ou de son commercial dans la clé "
                 "de répartition du classeur maître, écrite par la séparation en portefeuilles.")
