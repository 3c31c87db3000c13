"""French wording of the prospect file: anomalies, factors, statuses, summaries."""

from __future__ import annotations

from collections.abc import Iterable

from sicxl.messages.french import a
from sicxl.values import format_number, format_percent, format_whole, quote

# Kinds of anomaly, as counted in the job summaries.
UNREADABLE = "Valeur illisible"
REQUIRED = "Champ obligatoire manquant"
DUPLICATE_ID = "Identifiant en double"
SIREN = "SIREN invalide"
INSEE = "Code INSEE invalide"
POSTAL_CODE = "Code postal invalide"
DEPARTMENT = "Département invalide"
PLACE = "Codes contradictoires"
PHONE = "Téléphone invalide"
EMAIL = "E-mail invalide"
NO_CONTACT = "Aucun moyen de contact"
UNDELIVERABLE = "NPAI"
OPT_OUT = "Opposition"
FUTURE = "Date dans le futur"
AMBIGUOUS = "Commune ambiguë"
UNKNOWN_COMMUNE = "Commune inconnue"
NOT_A_COMMUNE = "Intercommunalité au lieu d'une commune"
NO_PLACE = "Commune absente"
# Kinds that say how a commune was read: informative, they leave a row "Valide".
FORMER_CODE = "Ancien code INSEE"
FORMER_COMMUNE = "Commune déléguée ou associée"
READ_AS = "Commune lue d'après le début de son nom"
INFORMATIVE = frozenset({FORMER_CODE, FORMER_COMMUNE, READ_AS})


def cell_problem(header: str, reason: str, cell: str) -> str:
    """"Population : « douze » n'est pas un nombre (J14)"."""
    return f"{header} : {reason} ({cell})"


def required(header: str, cell: str) -> str:
    return f"{header} : obligatoire, la cellule est vide ({cell})"


def duplicate_id(value: str, cell: str, first_row: int) -> str:
    return f"ID : {quote(value)} est déjà utilisé ligne {first_row} ({cell})"


def value_problem(header: str, value: object, reason: str, cell: str) -> str:
    return f"{header} : {quote(value)} {reason} ({cell})"


def place_conflict(header: str, value: str, expected: str, commune: str, cell: str) -> str:
    return f"{header} : {quote(value)} ne correspond pas {a(commune)} ({expected} attendu) ({cell})"


def unknown_code(header: str, value: str, cell: str) -> str:
    return f"{header} : {quote(value)} n'existe pas dans le code officiel géographique ({cell})"


def _listed(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f"… (+{len(names) - limit})" if len(names) > limit else "")


def ambiguous_commune(name: str, candidates: list[str], narrowed: bool, cell: str) -> str:
    """Homonyms: `narrowed` when a postal code or département was typed already."""
    ask = "indiquez le code postal" if narrowed else "indiquez le code postal ou le département"
    return f"Commune : {quote(name)} désigne {len(candidates)} communes ({_listed(candidates)}) ; {ask} ({cell})"


def postal_code_communes(code: str, candidates: list[str], cell: str) -> str:
    return (f"Code postal : {quote(code)} couvre {len(candidates)} communes ({_listed(candidates)}) ; "
            f"indiquez la commune ({cell})")


def intercommunality(name: str, group: str, members: int, cell: str) -> str:
    """"Cergy-Pontoise" typed as a commune."""
    return (f"Commune : {quote(name)} est une intercommunalité ({group}, {members} communes), pas une commune ; "
            f"indiquez la commune du prospect ({cell})")


def in_postal_code(code: str) -> str:
    return f"au code postal {code}"


def in_department(department: str) -> str:
    return f"dans le département {department}"


def unknown_commune(name: str, area: str | None, closest: list[str], cell: str) -> str:
    where = f" {area}" if area else ""
    hint = f" ; communes proches : {_listed(closest)}" if closest else " ; vérifiez l'orthographe"
    return f"Commune : {quote(name)} commune inconnue{where}{hint} ({cell})"


def no_place(cell: str) -> str:
    return f"Commune : ni commune, ni code postal, ni code INSEE, la commune du prospect n'est pas connue ({cell})"


def former_code(value: str, name: str, insee: str, cell: str) -> str:
    return f"Code INSEE : {quote(value)} est un ancien code, la commune est aujourd'hui {name} ({insee}) ({cell})"


def former_commune(former: str, kind: str, name: str, insee: str, cell: str) -> str:
    """"Le Chesnay : commune déléguée de Le Chesnay-Rocquencourt"."""
    status = "commune associée, rattachée à" if kind == "associee" else "commune déléguée de"
    return f"{former} : {status} {name} (INSEE {insee}) ({cell})"


def commune_read_as(typed: str, name: str, insee: str, cell: str) -> str:
    return f"Commune : {quote(typed)} lue comme {name} (INSEE {insee}), seule commune de ce nom à cet endroit ({cell})"


def no_contact(cell: str) -> str:
    return f"Coordonnées : ni téléphone ni e-mail ({cell})"


def undeliverable(count: int, cell: str) -> str:
    plural = "courriers revenus" if count > 1 else "courrier revenu"
    return f"NPAI : {count} {plural}, ne plus écrire à cette adresse avant vérification ({cell})"


def opt_out(cell: str) -> str:
    return f"Opposition : le contact refuse la prospection (RGPD), ne pas le solliciter ({cell})"


def future_date(header: str, value: object, cell: str) -> str:
    return f"{header} : {quote(value)} est dans le futur ({cell})"


# Statuses (WORKBOOKS.md): the order is the priority.
STATUS_OPT_OUT = "Opposition"
STATUS_UNDELIVERABLE = "NPAI"
STATUS_DUPLICATE = "Doublon"
STATUS_INCOMPLETE = "À compléter"
STATUS_VALID = "Valide"

# Score factors, in words.
LINE_NAMES = {
    "energy": "énergie",
    "water": "eau",
    "transport": "transport",
    "waste": "déchets",
}


def factor_potential(total: float, parts: Iterable[tuple[str, float]]) -> str:
    """`parts`: (line, potential in k€/an); the lines under 1 k€ are left out."""
    detail = ", ".join(f"{LINE_NAMES[line]} {format_whole(round(v))}" for line, v in parts if v >= 1)
    return f"Potentiel de {format_whole(round(total))} k€/an" + (f" ({detail})" if detail else "")


def factor_venues(pools: int, ice_rinks: int, gyms: int) -> str:
    parts = []
    if pools:
        parts.append(f"{pools} piscine{'s' if pools > 1 else ''}")
    if ice_rinks:
        parts.append(f"{ice_rinks} patinoire{'s' if ice_rinks > 1 else ''}")
    if gyms:
        parts.append(f"{gyms} gymnase{'s' if gyms > 1 else ''}")
    return "Équipements énergivores : " + ", ".join(parts)


def factor_client(lines: Iterable[str]) -> str:
    return "Déjà client du groupe (" + ", ".join(LINE_NAMES[line] for line in lines) + ")"


def factor_competitor(lines: Iterable[str]) -> str:
    return "Marchés tenus par un concurrent (" + ", ".join(LINE_NAMES[line] for line in lines) + ")"


def factor_heat(heat: str) -> str:
    return {"Chaud": "Prospect chaud", "Tiède": "Prospect tiède", "Froid": "Prospect froid"}[heat]


NOT_ESTIMATED = {
    "population": "population absente",
    "unreadable population": "population illisible",
    "size": "ni population ni équipements",
}
MISSING_FIX = {
    "population": "indiquez la population (colonne « Population » ; « fill » la complète pour une commune)",
    "unreadable population": "corrigez la cellule Population (un nombre d'habitants)",
    "size": "indiquez la population ou le nombre d'équipements (Piscines, Patinoires, Gymnases, Autres ERP)",
}


def not_estimated(reason: str) -> str:
    """What the potential and score cells say when they cannot be computed."""
    return f"non estimé : {NOT_ESTIMATED[reason]}"


def factor_missing(reason: str) -> str:
    return f"Potentiel non estimé : {MISSING_FIX[reason]}"


def rows_not_estimated(count: int, reason: str, fix_column: str | None) -> str:
    """The report's line: how many rows, why, and which column would fix it."""
    rows = "ligne" if count == 1 else "lignes"
    fix = (f" : ajoutez la colonne « {fix_column} »" if fix_column else f" : {MISSING_FIX[reason]}")
    return f"Potentiel et score non estimés pour {count} {rows} ({NOT_ESTIMATED[reason]}){fix}."


FACTOR_DECISION_MAKER = "Décideur identifié"
FACTOR_NO_DECISION_MAKER = "Décideur inconnu"
FACTOR_UNREACHABLE = "Aucun contact joignable"


def factor_population(population: int) -> str:
    return f"{format_number(population, 0)} habitants"


# Parameters sheet.
def unknown_parameter(name: str, cell: str) -> str:
    return f"Paramètres : {quote(name)} n'est pas un paramètre connu, il est ignoré ({cell})"


def bad_parameter(name: str, value: object, cell: str, default: float) -> str:
    return (
        f"Paramètres : la valeur {quote(value)} de « {name} » n'est pas un nombre valide, "
        f"la valeur par défaut {format_number(default, 3)} est utilisée ({cell})"
    )


def negative_parameter(name: str, value: object, cell: str, default: float) -> str:
    return (
        f"Paramètres : la valeur {quote(value)} de « {name} » est négative, "
        f"la valeur par défaut {format_number(default, 3)} est utilisée ({cell})"
    )


def thresholds_disordered(low: float, high: float) -> str:
    return (
        f"Paramètres : le seuil « Important » ({format_number(low)}) dépasse le seuil "
        f"« Stratégique » ({format_number(high)}) ; les seuils par défaut sont utilisés"
    )


def default_shares(shares: dict[str, float]) -> str:
    detail = ", ".join(f"{name} {format_percent(share, 0)}" for name, share in shares.items())
    return (f"Avec les valeurs par défaut, les communes de 1 000 habitants ou plus des Yvelines et du Val-d'Oise "
            f"se répartissent ainsi : {detail}.")


PIN_HELP = ("Une colonne de la feuille des prospects porte un autre en-tête, ou sicxl la lit mal ? Ajoutez une "
            "ligne « Colonne Population » (ou Téléphone, Commune…) avec en valeur l'en-tête de votre colonne, "
            "ou « aucune ».")


PARAMETERS_CREATED = "Feuille « Paramètres » absente : créée avec les valeurs par défaut."


# Summaries.
def rows_read(count: int) -> str:
    return f"Lignes lues : {count}"


def cells_filled(count: int, by_column: dict[str, int]) -> str:
    detail = ", ".join(f"{h} {n}" for h, n in by_column.items())
    return f"Cellules complétées : {count}" + (f" ({detail})" if detail else "")


def rows_with_anomalies(count: int, total: int) -> str:
    return f"Lignes avec anomalies : {count} sur {total}"


def duplicate_pairs(count: int) -> str:
    return f"Doublons trouvés : {count}"


def categories(counts: dict[str, int]) -> str:
    """"Catégories : Accessible 107 (44 %), Important 89 (36 %), Stratégique 48 (20 %)"."""
    total = sum(counts.values())
    return "Catégories : " + ", ".join(
        f"{name} {n} ({format_percent(n / total, 0)})" if total else f"{name} {n}" for name, n in counts.items())


def statuses(counts: dict[str, int]) -> str:
    return "Statuts : " + ", ".join(f"{name} {n}" for name, n in counts.items())


NO_PROSPECTS_SHEET = (
    "Aucune feuille « Prospects » (ni tableau aux en-têtes ID, Raison sociale…) n'a été trouvée."
)


def not_a_prospect_list(sheet: str, missing: list[str]) -> str:
    """A sheet with some prospect headers but not the key ones."""
    return (f"La feuille « {sheet} » n'est pas lue comme une liste de prospects : il lui manque "
            + " et ".join(f"une colonne {m}" for m in missing) + ".")


def missing_columns(headers: list[str]) -> str:
    return "Colonnes absentes, les contrôles correspondants sont sautés : " + ", ".join(headers)


def extra_columns(headers: list[str]) -> str:
    return "Colonnes non reconnues, laissées telles quelles : " + ", ".join(headers)
