"""The classic desktop add-in's functions (Windows, local Python, xlwings COM):
=SIC_SCORE(A1:AA500) etc. Excel takes the name from the Python function, hence
the SIC_ names. Set `UDF Modules` to `addin.classic.udfs` in the xlwings ribbon
tab (or the xlwings.conf sheet) and click "Import Functions".

`expand="table"` makes the result spill on Excel versions without dynamic
arrays; Excel 365 spills natively. The work is in sicxl.formulas, shared with
the Office.js and Lite add-ins (addin/functions.py).
"""

from __future__ import annotations

import xlwings as xw

from sicxl.formulas import campaigns, dashboard, events, prospects, survey


@xw.func
@xw.arg("rows", ndim=2)
@xw.arg("parameters", ndim=2)
@xw.ret(expand="table")
def SIC_SCORE(rows, parameters=None):
    """Score 0-100 de chaque prospect (potentiel, relation, température, contact)."""
    return prospects.score(rows, parameters)


@xw.func
@xw.arg("rows", ndim=2)
@xw.arg("parameters", ndim=2)
@xw.ret(expand="table")
def SIC_CATEGORY(rows, parameters=None):
    """Catégorie de chaque prospect : Accessible, Important ou Stratégique."""
    return prospects.category(rows, parameters)


@xw.func
@xw.arg("rows", ndim=2)
@xw.arg("parameters", ndim=2)
@xw.ret(expand="table")
def SIC_POTENTIAL(rows, parameters=None):
    """Potentiel de chiffre d'affaires annuel (k€) de chaque prospect."""
    return prospects.potential(rows, parameters)


@xw.func
@xw.arg("rows", ndim=2)
@xw.ret(expand="table")
def SIC_VALIDATE(rows, today=None):
    """Anomalies de chaque ligne de prospect, vide quand la ligne est valide."""
    return prospects.validate(rows, today)


@xw.func
@xw.arg("rows", ndim=2)
@xw.ret(expand="table")
def SIC_VARIANCE(rows):
    """Écart = Réalisé − Objectif, ligne par ligne."""
    return dashboard.variance(rows)


@xw.func
@xw.arg("rows", ndim=2)
@xw.ret(expand="table")
def SIC_RATE(rows, kind=None):
    """Taux de réalisation, écart en % ou évolution sur N-1 ; « n.d. » si la base est nulle."""
    return dashboard.rate(rows, kind)


@xw.func
@xw.arg("rows", ndim=2)
def SIC_BREAKEVEN(rows):
    """Seuil de rentabilité (k€) : charges fixes / taux de marge sur coût variable."""
    return dashboard.breakeven(rows)


@xw.func
@xw.arg("values", ndim=2)
@xw.ret(expand="table")
def SIC_SIGNAL(values):
    """Écart ponctuel ou structurel à chaque mois (carte de contrôle XmR)."""
    return dashboard.signal(values)


@xw.func
def SIC_SAMPLE_SIZE(population, margin, confidence=None, expected=None):
    """Nombre de clients à interroger pour une marge d'erreur donnée."""
    return survey.sample_size(population, margin, confidence, expected)


@xw.func
@xw.arg("answers", ndim=2)
def SIC_TOP2BOX(answers, scale):
    """Taux de satisfaction : part des deux meilleures réponses parmi les réponses données."""
    return survey.top2box(answers, scale)


@xw.func
@xw.arg("rows", ndim=2)
@xw.ret(expand="table")
def SIC_ADDRESS(rows):
    """Adresse postale normalisée de chaque prospect (6 lignes de 38 caractères au plus)."""
    return events.address(rows)


@xw.func
@xw.arg("rows", ndim=2)
@xw.ret(expand="table")
def SIC_INVITABLE(rows):
    """« oui », ou la raison pour laquelle le prospect ne peut pas être invité."""
    return events.invitable(rows)


@xw.func
@xw.arg("prospect_ids", ndim=2)
@xw.arg("calls", ndim=2)
@xw.ret(expand="table")
def SIC_HEAT(prospect_ids, calls):
    """Dernière température notée dans les appels pour chaque prospect."""
    return campaigns.heat(prospect_ids, calls)


@xw.func
@xw.arg("calls", ndim=2)
@xw.arg("deals", ndim=2)
@xw.ret(expand="table")
def SIC_FUNNEL(calls, deals=None):
    """Entonnoir de prospection : étapes, chiffre d'affaires et taux de passage."""
    return campaigns.funnel(calls, deals)
