"""The custom functions Excel sees: =SIC.SCORE(...) (Office.js, the manifest's
namespace SIC + the function name) and the same in xlwings Lite.

Each function is a few lines: declare the argument to Excel (a 2-D range,
errors kept as their text so that a "#N/A" cell is reported, not read as
empty) and call the core in sicxl.formulas. The docstring is what Excel's
function wizard shows, in French.
"""

from __future__ import annotations

import xlwings as xw

from sicxl.formulas import campaigns, dashboard, events, prospects, survey

ROWS = "Plage des lignes (avec ou sans la ligne d'en-têtes)."
PARAMETERS = "Facultatif : la plage Paramètre / Valeur de la feuille Paramètres."


@xw.func
@xw.arg("rows", ndim=2, err_to_str=True, doc=ROWS)
@xw.arg("parameters", ndim=2, err_to_str=True, doc=PARAMETERS)
def score(rows, parameters=None):
    """Score 0-100 de chaque prospect (potentiel, relation, température, contact)."""
    return prospects.score(rows, parameters)


@xw.func
@xw.arg("rows", ndim=2, err_to_str=True, doc=ROWS)
@xw.arg("parameters", ndim=2, err_to_str=True, doc=PARAMETERS)
def category(rows, parameters=None):
    """Catégorie de chaque prospect : Accessible, Important ou Stratégique."""
    return prospects.category(rows, parameters)


@xw.func
@xw.arg("rows", ndim=2, err_to_str=True, doc=ROWS)
@xw.arg("parameters", ndim=2, err_to_str=True, doc=PARAMETERS)
def potential(rows, parameters=None):
    """Potentiel de chiffre d'affaires annuel (k€) de chaque prospect."""
    return prospects.potential(rows, parameters)


@xw.func
@xw.arg("rows", ndim=2, err_to_str=True, doc=ROWS)
@xw.arg("today", doc="Facultatif : la date de référence (par défaut aujourd'hui).")
def validate(rows, today=None):
    """Anomalies de chaque ligne de prospect, vide quand la ligne est valide."""
    return prospects.validate(rows, today)


@xw.func
@xw.arg("rows", ndim=2, err_to_str=True, doc="Colonnes Objectif et Réalisé (avec ou sans en-têtes).")
def variance(rows):
    """Écart = Réalisé − Objectif, ligne par ligne."""
    return dashboard.variance(rows)


@xw.func
@xw.arg("rows", ndim=2, err_to_str=True, doc="Colonnes Objectif, Réalisé et Réalisé N-1.")
@xw.arg("kind", doc="réalisation (par défaut), écart ou évolution.")
def rate(rows, kind=None):
    """Taux de réalisation, écart en % ou évolution sur N-1 ; « n.d. » si la base est nulle."""
    return dashboard.rate(rows, kind)


@xw.func
@xw.arg("rows", ndim=2, err_to_str=True, doc="Le tableau de la feuille Charges (Poste, Nature, Montant, Taux).")
def breakeven(rows):
    """Seuil de rentabilité (k€) : charges fixes / taux de marge sur coût variable."""
    return dashboard.breakeven(rows)


@xw.func
@xw.arg("values", ndim=2, err_to_str=True, doc="Une colonne d'écarts mensuels, du plus ancien au plus récent.")
def signal(values):
    """Écart ponctuel ou structurel à chaque mois (carte de contrôle XmR)."""
    return dashboard.signal(values)


@xw.func
@xw.arg("population", doc="Nombre de clients (vide : population infinie).")
@xw.arg("margin", doc="Marge d'erreur, par exemple 5 %.")
@xw.arg("confidence", doc="Facultatif : niveau de confiance, 95 % par défaut.")
@xw.arg("expected", doc="Facultatif : taux attendu, 50 % par défaut.")
def sample_size(population, margin, confidence=None, expected=None):
    """Nombre de clients à interroger pour une marge d'erreur donnée."""
    return survey.sample_size(population, margin, confidence, expected)


@xw.func
@xw.arg("answers", ndim=2, err_to_str=True, doc="Les réponses à une question.")
@xw.arg("scale", doc="L'échelle, par exemple « Satisfaction 4 niveaux » ou « 1-10 ».")
def top2box(answers, scale):
    """Taux de satisfaction : part des deux meilleures réponses parmi les réponses données."""
    return survey.top2box(answers, scale)


@xw.func
@xw.arg("rows", ndim=2, err_to_str=True, doc=ROWS)
def address(rows):
    """Adresse postale normalisée de chaque prospect (6 lignes de 38 caractères au plus)."""
    return events.address(rows)


@xw.func
@xw.arg("rows", ndim=2, err_to_str=True, doc=ROWS)
def invitable(rows):
    """« oui », ou la raison pour laquelle le prospect ne peut pas être invité."""
    return events.invitable(rows)


@xw.func
@xw.arg("prospect_ids", ndim=2, err_to_str=True, doc="La colonne des ID prospect.")
@xw.arg("calls", ndim=2, err_to_str=True, doc="Le tableau de la feuille Appels, avec ses en-têtes.")
def heat(prospect_ids, calls):
    """Dernière température notée dans les appels pour chaque prospect."""
    return campaigns.heat(prospect_ids, calls)


@xw.func
@xw.arg("calls", ndim=2, err_to_str=True, doc="Le tableau de la feuille Appels, avec ses en-têtes.")
@xw.arg("deals", ndim=2, err_to_str=True, doc="Facultatif : le tableau de la feuille Affaires.")
def funnel(calls, deals=None):
    """Entonnoir de prospection : étapes, chiffre d'affaires et taux de passage."""
    return campaigns.funnel(calls, deals)
