"""The custom functions Excel sees: =SIC.SCORE(...) (Office.js, the manifest's
namespace SIC + the function name), the same in xlwings Lite, and =SIC_SCORE(...)
in the classic desktop add-in (addin/classic/udfs.py declares these under SIC_ names).

Each function is a few lines: declare its arguments to Excel and call the core
in sicxl.formulas. A range argument is read by `range_arg`: 2-D, error cells
kept as their text (a "#N/A" population is reported, not read as an empty
cell), trailing empty rows dropped before any per-cell work (addin/ranges.py).
What Excel's function wizard shows is French: the parameter names (they are
the Python names below, hence the accents) and their descriptions, and the
docstring as the function's description.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import xlwings as xw

from addin.ranges import Rows
from sicxl.formulas import campaigns, dashboard, events, prospects, survey

ROWS = "Plage des lignes (avec ou sans la ligne d'en-têtes)."
PARAMETERS = "Facultatif : la plage Paramètre / Valeur de la feuille Paramètres."
CALLS = "Le tableau de la feuille Appels, avec ses en-têtes."


def range_arg(name: str, doc: str) -> Callable[[Any], Any]:
    """A range argument: 2-D, errors as their text, trailing empty rows dropped."""
    return xw.arg(name, Rows, ndim=2, err_to_str=True, doc=doc)


@xw.func
@range_arg("lignes", ROWS)
@range_arg("paramètres", PARAMETERS)
def score(lignes, paramètres=None):
    """Score 0-100 de chaque prospect (potentiel, relation, température, contact)."""
    return prospects.score(lignes, paramètres)


@xw.func
@range_arg("lignes", ROWS)
@range_arg("paramètres", PARAMETERS)
def category(lignes, paramètres=None):
    """Catégorie de chaque prospect : Accessible, Important ou Stratégique."""
    return prospects.category(lignes, paramètres)


@xw.func
@range_arg("lignes", ROWS)
@range_arg("paramètres", PARAMETERS)
def potential(lignes, paramètres=None):
    """Potentiel de chiffre d'affaires annuel (k€) de chaque prospect."""
    return prospects.potential(lignes, paramètres)


@xw.func
@range_arg("lignes", ROWS)
@xw.arg("date_du_jour", doc="Facultatif : la date de référence des contrôles (par défaut aujourd'hui).")
def validate(lignes, date_du_jour=None):
    """Anomalies de chaque ligne de prospect, vide quand la ligne est valide."""
    return prospects.validate(lignes, date_du_jour)


@xw.func
@range_arg("lignes", "Colonnes Objectif et Réalisé (avec ou sans en-têtes).")
def variance(lignes):
    """Écart = Réalisé − Objectif, ligne par ligne."""
    return dashboard.variance(lignes)


@xw.func
@range_arg("lignes", "Colonnes Objectif, Réalisé et Réalisé N-1.")
@xw.arg("taux", doc="Facultatif : réalisation (par défaut), écart ou évolution.")
def rate(lignes, taux=None):
    """Taux de réalisation, écart en % ou évolution sur N-1 ; « n.d. » si la base est nulle."""
    return dashboard.rate(lignes, taux)


@xw.func
@range_arg("charges", "Le tableau de la feuille Charges (Poste, Nature, Montant, Taux).")
def breakeven(charges):
    """Seuil de rentabilité (k€) : charges fixes / taux de marge sur coût variable."""
    return dashboard.breakeven(charges)


@xw.func
@range_arg("écarts", "Une colonne d'écarts mensuels, du plus ancien au plus récent.")
def signal(écarts):
    """Écart ponctuel ou structurel à chaque mois (carte de contrôle XmR)."""
    return dashboard.signal(écarts)


@xw.func
@xw.arg("population", doc="Nombre de clients (vide : population infinie).")
@xw.arg("marge", doc="Marge d'erreur, par exemple 5 %.")
@xw.arg("confiance", doc="Facultatif : niveau de confiance, 95 % par défaut.")
@xw.arg("taux_attendu", doc="Facultatif : taux attendu, 50 % par défaut.")
def sample_size(population, marge, confiance=None, taux_attendu=None):
    """Nombre de clients à interroger pour une marge d'erreur donnée."""
    return survey.sample_size(population, marge, confiance, taux_attendu)


@xw.func
@range_arg("réponses", "Les réponses à une question.")
@xw.arg("échelle", doc="L'échelle, par exemple « Satisfaction 4 niveaux » ou « 1-10 ».")
def top2box(réponses, échelle):
    """Taux de satisfaction : part des deux meilleures réponses parmi les réponses données."""
    return survey.top2box(réponses, échelle)


@xw.func
@range_arg("lignes", ROWS)
def address(lignes):
    """Adresse postale normalisée de chaque prospect (6 lignes de 38 caractères au plus)."""
    return events.address(lignes)


@xw.func
@range_arg("lignes", ROWS)
def invitable(lignes):
    """« oui », ou la raison pour laquelle le prospect ne peut pas être invité."""
    return events.invitable(lignes)


@xw.func
@range_arg("id_prospects", "La colonne des ID prospect.")
@range_arg("appels", CALLS)
def heat(id_prospects, appels):
    """Dernière température notée dans les appels pour chaque prospect."""
    return campaigns.heat(id_prospects, appels)


@xw.func
@range_arg("appels", CALLS)
@range_arg("affaires", "Facultatif : le tableau de la feuille Affaires.")
def funnel(appels, affaires=None):
    """Entonnoir de prospection : étapes, chiffre d'affaires et taux de passage."""
    return campaigns.funnel(appels, affaires)
