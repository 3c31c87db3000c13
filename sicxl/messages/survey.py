"""French wording of the satisfaction survey: problems, report lines, sheet labels."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from sicxl.messages.french import counted, plural
from sicxl.values import format_number, format_percent, quote

# Kinds of problem, as counted in the job summaries.
KIND_PARAMETER = "Paramètre illisible"
KIND_CLIENTS = "Client illisible"
KIND_STRATUM = "Strate vide"
KIND_SIZE = "Taille d'échantillon impossible"
KIND_QUESTIONNAIRE = "Question illisible"
KIND_NO_ID = "Réponse sans ID client"
KIND_TWICE = "Répondant en double"
KIND_UNKNOWN = "Client inconnu"
KIND_NOT_IN_SAMPLE = "Hors échantillon"
KIND_OFF_SCALE = "Réponse hors échelle"

# Importance-performance quadrants (Martilla & James 1977).
QUADRANT_PRIORITY = "Priorité d'amélioration"
QUADRANT_SECONDARY = "Priorité secondaire"
QUADRANT_STRENGTH = "Point fort à conserver"
QUADRANT_OVERKILL = "Effort peut-être excessif"

# --- scales, sizes, allocation -------------------------------------------------------

SCALE_MISSING = "l'échelle n'est pas indiquée"


def scale_unknown(value: str, names: Sequence[str]) -> str:
    return f"{value} n'est pas une échelle connue ({', '.join(names)}, ou « de 1 à 7 »)"


def scale_too_short(low: int, high: int) -> str:
    return f"une échelle de {low} à {high} n'a pas au moins trois notes"


def answer_off_scale(value: str, levels: str, position: int) -> str:
    return f"la réponse n° {position}, {value}, n'est pas sur l'échelle ({levels})"


def cutoff_off_scale(value: str, scale: str, levels: str) -> str:
    return f"le seuil {value} n'est pas une réponse de l'échelle « {scale} » ({levels})"


def confidence_out_of_range(confidence: float) -> str:
    return f"le niveau de confiance doit être strictement entre 0 et 100 % (lu : {quote(confidence)})"


def margin_out_of_range(margin: float) -> str:
    return f"la marge d'erreur doit être strictement entre 0 et 100 % (lue : {quote(margin)})"


def expected_rate_out_of_range(rate: float) -> str:
    return f"la proportion attendue doit être entre 0 et 100 % (lue : {quote(rate)})"


def population_negative(population: float) -> str:
    return f"la population ne peut pas être négative (lue : {quote(population)})"


def allocation_unknown(method: str) -> str:
    return f"répartition {quote(method)} inconnue (proportionnelle ou Neyman)"


def sample_size_negative(n: int) -> str:
    return f"la taille d'échantillon ne peut pas être négative ({n})"


def sample_smaller_than_strata(n: int, strata: int) -> str:
    return f"un échantillon de {n} ne peut pas donner au moins un entretien à chacun des {strata} marchés"


def sample_larger_than_population(n: int, available: int) -> str:
    return f"un échantillon de {n} dépasse les {available} clients qui peuvent être tirés"


# --- Paramètres, Clients, Questionnaire, Réponses -----------------------------------

def cell_problem(header: str, reason: str) -> str:
    """"Marché : « Banque » n'est pas dans la liste (...)"; the job adds the cell."""
    return f"{header} : {reason}"


def parameter_unknown(label: str) -> str:
    return f"paramètre {label} inconnu, ignoré"


TOP_TWO_DEFAULT = "les deux meilleures réponses"


def parameter_bad(label: str, reason: str, default: Any) -> str:
    shown = "aucune" if default is None else default if default == TOP_TWO_DEFAULT else quote(default)
    return f"{label} : {reason} ; valeur par défaut utilisée ({shown})"


CLIENT_WITHOUT_ID = "client sans ID client : ligne ignorée"


def client_twice(client: str, first_row: int) -> str:
    return f"ID client {quote(client)} déjà présent ligne {first_row} : seule la première ligne compte"


def market_missing(client: str) -> str:
    return f"le client {quote(client)} n'a pas de marché : il ne peut pas être tiré"


def surveyed_unreadable(reason: str) -> str:
    return f"Interrogé l'an dernier : {reason} ; le client est traité comme déjà interrogé et n'est pas tiré"


def question_number_twice(number: int, first_row: int) -> str:
    return f"la question n° {number} est déjà déclarée ligne {first_row} : ligne ignorée"


def question_without_theme(label: str) -> str:
    return f"{label} n'a pas de thème : elle compte dans les questions, pas dans les thèmes"


def overall_twice(extra: str, used: str) -> str:
    return f"{extra} est aussi marquée question globale : c'est {used} qui est retenue"


ANSWER_WITHOUT_ID = "réponse sans ID client : ligne ignorée"


def answered_twice(client: str, first_row: int) -> str:
    return f"le client {quote(client)} a déjà répondu ligne {first_row} : seule la première réponse est comptée"


def client_unknown(client: str) -> str:
    return f"le client {quote(client)} n'est pas dans la feuille Clients : réponse ignorée"


def client_without_market(client: str) -> str:
    return f"le client {quote(client)} n'a pas de marché lisible dans Clients : réponse ignorée"


def in_reserve(client: str) -> str:
    return (f"le client {quote(client)} est dans la réserve, pas dans l'échantillon : réponse ignorée (pour un "
            "remplaçant, mettez sa Situation à « Tiré » dans Échantillon)")


def not_in_sample(client: str) -> str:
    return f"le client {quote(client)} n'a pas été tiré dans l'échantillon : réponse ignorée"


def answer_off_scale_cell(label: str, value: str, scale: str, levels: str) -> str:
    return (f"{label} : {value} n'est pas sur l'échelle « {scale} » ({levels}) : "
            "réponse écartée du taux")


# --- strata and sample size ---------------------------------------------------------

def stratum_empty(market: str) -> str:
    return f"aucun client du marché {market} dans Clients : la strate est vide et n'est pas tirée"


def stratum_all_excluded(market: str, count: int) -> str:
    return (f"les {count} clients du marché {market} ont tous été interrogés l'an dernier : "
            "aucun ne peut être tiré cette année")


def sample_larger(requested: int, available: int, total: int) -> str:
    return (f"la taille demandée ({requested}) dépasse les {available} clients qui peuvent être tirés "
            f"({total} clients moins ceux interrogés l'an dernier) : tous les clients éligibles sont tirés")


def sample_too_small(requested: int, strata: int) -> str:
    return (f"la taille demandée ({requested}) ne donne pas un entretien à chacun des {strata} marchés : "
            f"l'échantillon est porté à {strata}")


def strata_without_answer(name: str, strata: Iterable[str]) -> str:
    return (f"{name} : aucune réponse pour {', '.join(strata)} ; le taux pondéré ne porte que sur les "
            "autres marchés")


def strata_with_one_answer(name: str, strata: Iterable[str]) -> str:
    return (f"{name} : une seule réponse pour {', '.join(strata)} ; la variance de cette strate ne peut pas "
            "être estimée, la marge d'erreur est sous-estimée")


# --- jobs: where, sheets missing, report lines -----------------------------------------

def located(message: str, sheet: str, where: str | None) -> str:
    text = message[:1].upper() + message[1:]
    return f"{text} ({sheet}, {where})" if where else f"{text} ({sheet})"


def column_of(letter: str) -> str:
    return f"colonne {letter}"


def row_of(row: int) -> str:
    return f"ligne {row}"


def sheet_missing(sheet: str) -> str:
    return f"la feuille « {sheet} » est introuvable (ni par son nom ni par ses en-têtes)"


def columns_missing(sheet: str, headers: Sequence[str]) -> str:
    many = len(headers)
    return f"feuille {sheet} : {plural(many, 'colonne')} {plural(many, 'absente')} : {', '.join(headers)}"


def question_column_missing(label: str) -> str:
    return f"la colonne de {label} est absente de Réponses : la question n'est pas analysée"


NO_SAMPLE_SHEET = ("la feuille Échantillon est absente : lancez d'abord « sicxl sample » ; "
                   "les réponses ne sont pas contrôlées par rapport à l'échantillon")
NO_QUESTIONS = "aucune question lisible dans Questionnaire : pas de résultats"


def sample_summary(size: int, total: int, eligible: int, method: str, seed: int, pilot: int) -> str:
    return (f"Échantillon tiré : {size} clients sur {total} ({eligible} éligibles), "
            f"répartition {method}, graine {seed} ; pilote : {counted(pilot, 'client')}.")


def sample_allocation(allocation: dict[str, int]) -> str:
    return "Répartition par marché : " + ", ".join(f"{m} {n}" for m, n in allocation.items()) + "."


def survey_summary(kept: int, rows: int) -> str:
    left = rows - kept
    return f"Répondants retenus : {kept} sur {counted(rows, 'ligne')} de Réponses ({left} {plural(left, 'écartée')})."


def satisfied_answers(levels: Sequence[str]) -> str:
    """"9 et 10", "7 à 10", "Très satisfait, Plutôt satisfait": the answers counted satisfied."""
    if len(levels) == 1:
        return levels[0]
    if all(level.isdigit() for level in levels):
        return f"{levels[-1]} et {levels[0]}" if len(levels) == 2 else f"{levels[-1]} à {levels[0]}"
    return ", ".join(levels)


def overall_line(label: str, rate: float, margin: float, levels: Sequence[str]) -> str:
    return (f"Satisfaction globale ({label}, satisfaits : {satisfied_answers(levels)}) : {format_percent(rate)} "
            f"± {format_number(margin * 100)} points à 95 %, pondérée par marché.")


def change_text(change: Any) -> str:
    """"+7,9 points (significatif à 95 %, p = 0,012)"."""
    points = f"{change.difference * 100:+.1f}".replace(".", ",").replace("-", "−")
    if not change.tested:
        return f"{points} points (pas de test possible)"
    verdict = "significatif" if change.significant else "non significatif"
    return f"{points} points ({verdict} à 95 %, p = {change.p_value:.3f})".replace(".", ",")


def overall_change(change: Any) -> str:
    return f"Par rapport à l'an dernier ({format_percent(change.before)}) : {change_text(change)}."


def significant_changes(labels: Sequence[str]) -> str:
    if not labels:
        return "Aucune question n'a évolué de façon significative depuis l'an dernier (test à 95 %)."
    return "Évolutions significatives depuis l'an dernier (test à 95 %) : " + ", ".join(labels) + "."


def response_rate_line(answered: int, drawn: int) -> str:
    rate = format_percent(answered / drawn) if drawn else "n.d."
    return f"Taux de réponse : {answered} répondants sur {drawn} clients tirés ({rate})."


def weakest_theme(theme: str, rate: float) -> str:
    return f"Thème le plus faible : {theme} ({format_percent(rate)})."


def priorities(items: Sequence[str]) -> str:
    return "Priorités d'amélioration : " + (", ".join(items) if items else "aucune") + "."


# --- sheet labels ---------------------------------------------------------------------

SAMPLE_HOW = "Comment l'échantillon a été tiré"
SAMPLE_POPULATION = "Clients (population)"
SAMPLE_EXCLUDED = "Exclus : interrogés l'an dernier"
SAMPLE_ELIGIBLE = "Clients éligibles"
SAMPLE_SIZE = "Taille de l'échantillon"
SAMPLE_SIZE_GIVEN = "fixée dans Paramètres"


def sample_size_computed(margin: float, confidence: float, expected: float) -> str:
    return (f"calculée : marge ± {format_percent(margin)}, confiance {format_percent(confidence)}, "
            f"proportion attendue {format_percent(expected)} (Cochran, correction de population finie)")


def sample_size_capped(requested: int) -> str:
    return f"demandée : {requested}, voir Remarques"


SAMPLE_MARGIN = "Marge d'erreur obtenue"
NOT_DEFINED = "n.d."  # no interview, no margin: "non défini"


def sample_margin_note(confidence: float) -> str:
    return f"± sur un taux de 50 %, à {format_percent(confidence)} de confiance"


SAMPLE_METHOD = "Répartition entre marchés"
SAMPLE_METHOD_NOTE = {
    "proportionnelle": "proportionnelle au nombre de clients de chaque marché",
    "Neyman": "Neyman : proportionnelle au nombre de clients × √(p(1-p)), p = satisfaction N-1",
}
SAMPLE_ROUNDING = "arrondi au plus fort reste, au moins un client par marché, jamais plus que ses clients éligibles"
SAMPLE_SEED = "Graine aléatoire"
SAMPLE_SEED_NOTE = "même fichier et même graine : même échantillon"
SAMPLE_DRAW = "Tirage"
SAMPLE_DRAW_NOTE = ("au hasard dans chaque marché, chaque client éligible ayant la même chance d'être tiré ; "
                    "tirage reproductible : même fichier et même graine, même échantillon")
SAMPLE_KEPT = "échantillon figé depuis ce jour : les lancements suivants le gardent tel quel"
SAMPLE_RESERVE_NOTE = ("les autres clients éligibles forment la réserve (remplaçants), dans un ordre tiré au "
                       "hasard par marché")


def sample_frozen_note(day: Any) -> str:
    when = f" le {day:%d/%m/%Y}" if day else ""
    return f"figée : échantillon tiré{when}, jamais retiré sans l'option --redraw"


def previous_draw_sheet(day: Any) -> str:
    return f"Échantillon du {day:%d-%m-%Y}" if day else "Échantillon précédent"


HELP_REDRAW = ("Tirer un nouvel échantillon à la place de celui déjà tiré : l'ancien est gardé dans une feuille "
               "« Échantillon du JJ-MM-AAAA », et les réponses des clients qui ne sont plus tirés ne comptent "
               "plus (le rapport dit lesquelles). Même graine et mêmes clients : même tirage ; changez la graine "
               "pour un autre.")


def redraw_kept(name: str, size: int, day: Any) -> str:
    when = f" du {day:%d/%m/%Y}" if day else ""
    return f"Nouveau tirage : l'ancien échantillon{when} ({size} clients) est gardé dans la feuille « {name} »."


def redraw_loses(count: int, clients: Sequence[str]) -> str:
    if not count:
        return "Aucune réponse déjà saisie n'est perdue : tous les répondants sont encore tirés."
    listed = ", ".join(clients[:10]) + (" …" if count > 10 else "")
    whose = "viennent de clients qui ne sont plus tirés et ne compteront" if count > 1 else \
        "vient d'un client qui n'est plus tiré et ne comptera"
    return f"Attention : {counted(count, 'réponse')} déjà {plural(count, 'saisie')} {whose} plus ({listed})."


def sample_kept(size: int, day: Any, added: int, left: int) -> str:
    when = f" le {day:%d/%m/%Y}" if day else ""
    text = f"Échantillon gardé tel qu'il a été tiré{when} : {size} clients, aucun retiré ni remplacé"
    if added:
        text += f" ; {counted(added, 'nouveau client', 'nouveaux clients')} mis en réserve"
    if left:
        text += f" ; {counted(left, 'client')} {plural(left, 'sorti')} du fichier clients, {plural(left, 'marqué')}"
    return text + "."


def size_differs(requested: int, kept: int) -> str:
    return (f"Paramètres demandent aujourd'hui {requested} clients, l'échantillon tiré en compte {kept} : "
            "il reste tel quel (option --redraw pour un nouveau tirage).")


def answers_without_sample(count: int) -> str:
    return (f"{counted(count, 'réponse')} {'sont' if count > 1 else 'est'} déjà {plural(count, 'saisie')} dans Réponses mais la feuille Échantillon est absente ou vide : "
            "aucun tirage n'est fait, il ne serait pas celui dont viennent ces réponses. Remettez la feuille "
            "Échantillon du tirage, ou lancez « sicxl sample --redraw » pour tirer quand même.")


def contacts_of_undrawn(rows: list[tuple[int, str]]) -> str:
    shown = ", ".join(f"ligne {row} : {client}" for row, client in rows[:5]) + (" …" if len(rows) > 5 else "")
    many = len(rows) > 1
    return (f"Suivi des contacts : {counted(len(rows), 'ligne')} {'concernent' if many else 'concerne'} un client "
            f"qui n'est pas tiré ({shown}) : {'elles ne comptent' if many else 'elle ne compte'} pas dans le suivi ; "
            "corrigez l'ID, ou, pour un client de la réserve, mettez sa Situation à « Tiré » dans Échantillon.")


def fieldwork_summary(counts: dict[str, int]) -> str:
    listed = ", ".join(f"{state} : {n}" for state, n in counts.items()) or "aucun client tiré"
    return f"Suivi des contacts : {listed}."


def in_sheet(sheet: str, text: str) -> str:
    return f"{sheet} : {text}"
SAMPLE_PILOT = "Pilote"


def sample_pilot_note(share: float) -> str:
    return f"{format_percent(share)} de l'échantillon, au moins un client, tirés au hasard dans l'échantillon"


SAMPLE_DATE = "Date du tirage"
STRATA_HEADERS = ("Marché (strate)", "Clients", "Exclus N-1", "Éligibles", "Satisfaction N-1", "Échantillon",
                  "Dont pilote", "Taux de sondage")
TOTAL = "Total"
REMARKS = "Remarques"
YES, NO = "oui", "non"

RESULTS_TITLE = "Résultats de l'enquête de satisfaction"
RESULTS_DEFINITION = ("Taux de satisfaction = part des réponses satisfaites parmi les réponses données : par défaut "
                      "les deux meilleures (top-2-box), sinon à partir du seuil « Satisfait à partir de » de la "
                      "question ou de son échelle (Paramètres) ; les « sans réponse » sont exclues du taux et "
                      "comptées à part. Taux pondérés par marché (poids : nombre de clients), marge d'erreur à 95 %.")


def results_respondents(kept: int, day: Any) -> str:
    return f"Répondants retenus : {kept} — calcul du {day:%d/%m/%Y}"


OVERALL_TITLE = "Satisfaction globale"
OVERALL_HEADERS = ("Question", "Taux pondéré", "Marge ±", "Borne basse", "Borne haute", "Réponses", "Sans réponse")
OVERALL_SOURCE = {
    "column": "question marquée « oui » dans la colonne Question globale de Questionnaire",
    "theme": "question du thème « Satisfaction globale »",
    "last": "aucune question marquée globale : c'est la dernière question du questionnaire",
}


def overall_used(label: str, source: str) -> str:
    return f"Question globale : {label} ({OVERALL_SOURCE[source]})."


THEMES_TITLE = "Par thème (du plus faible au plus fort)"
THEMES_HEADERS = ("Rang", "Thème", "Questions", "Taux pondéré", "Marge ±", "Réponses", "Sans réponse")
MARKETS_TITLE = "Par marché"
MARKETS_HEADERS = ("Marché", "Clients", "Répondants", "Satisfaction globale", "Marge ±")
QUESTIONS_TITLE = "Par question"
QUESTIONS_HEADERS = ("N°", "Question", "Thème", "Échelle", "Satisfait à partir de", "Réponses", "Sans réponse",
                     "Hors échelle", "Taux brut", "Taux pondéré", "Marge ±")
CHANGE_HEADERS = ("N-1", "Évolution (points)", "Significatif à 95 %")
NOT_COMPARED = "pas en N-1"


def significance(change: Any) -> str:
    if not change.tested:
        return "n.d."
    return (f"{'oui' if change.significant else 'non'} (p = {change.p_value:.3f})").replace(".", ",")


def results_compared(respondents: int) -> str:
    return (f"Comparaison avec l'an dernier : {respondents} répondants de Réponses N-1, comptés avec le même "
            "questionnaire et les mêmes seuils de satisfaction.")


def satisfied_definition(label: str, levels: Sequence[str]) -> str:
    return f"Comptées satisfaites pour {label} : {satisfied_answers(levels)}."


MARKET_TEST_NOTE = ("Évolution par marché : test de deux proportions (proportion commune sous l'hypothèse d'égalité) "
                    "sur la question globale.")
FIELDWORK_TITLE = "Taux de réponse par marché"
FIELDWORK_HEADERS = ("Marché", "Tirés", "Répondu", "Refus", "Abandon : injoignable", "En cours", "Taux de réponse")
FIELDWORK_NOTE = ("Taux de réponse = clients qui ont répondu / clients tirés (Suivi des contacts et Réponses) ; "
                  "en cours : à relancer ou pas encore contactés.")
OPEN_TITLE = "Réponses ouvertes par thème"
OPEN_HEADERS = ("Thème", "Question", "ID client", "Client", "Marché", "Réponse")
NO_THEME = "Sans thème"
COMPARISON_LINES = (
    "Évolution : taux de l'année moins taux de l'an dernier, les deux calculés sur leurs réponses avec le "
    "questionnaire et les seuils de cette année.",
    "Significatif à 95 % : la différence des deux taux pondérés rapportée à √(v₁ + v₂) (deux échantillons "
    "indépendants) dépasse 1,96 en valeur absolue (p < 0,05) ; sinon l'écart peut venir du hasard du tirage.",
)


def ipa_title(label: str) -> str:
    return f"Points faibles : importance-performance (importance = corrélation avec {label})"


IPA_THEME_HEADERS = ("Thème", "Importance", "Performance (taux)", "Quadrant")
IPA_QUESTION_HEADERS = ("Question", "Libellé", "Thème", "Importance", "Performance (taux)", "Quadrant")
IPA_CHART_TITLE = "Importance et performance par thème"
IPA_IMPORTANCE = "Importance"
IPA_PERFORMANCE = "Performance"
IPA_NO_OVERALL = "Pas de question globale lisible : l'analyse importance-performance est impossible."
DISTRIBUTION_TITLE = "Répartition des réponses"
DISTRIBUTION_HEADERS = ("Question", "Réponse", "Effectif", "Part", "Comptée satisfaite")
METHOD_TITLE = "Méthode"
METHOD_LINES = (
    "Taux pondéré : Σ W_h·p_h, W_h = part des clients du marché h.",
    "Variance : Σ W_h²·(1 - n_h/N_h)·s_h²/n_h (Cochran, Sampling Techniques, 1977, éq. 5.6 ; "
    "proportions : § 5.8) ; marge = 1,96 × √variance.",
    "Taux d'un thème : pour chaque répondant, part de ses réponses satisfaites parmi celles du thème ; "
    "puis pondération par marché.",
    "Importance : corrélation de Pearson entre les notes de la question et celles de la question globale ; "
    "quadrants autour des moyennes (Martilla et James, 1977).",
)
