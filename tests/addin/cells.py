"""The one table of cells every shell of the add-in is tested on (test_shells.py):
the classic desktop UDFs, the Office.js endpoint and xlwings Lite's main.py must
give the same answer for the same cells, error cells included.

Cells are written as a user's workbook holds them: numbers, French text ("30 689",
"5 %", "02/01/2030"), dates, empty cells, error cells (`Err`), whole ranges
with a header row or without, empty rows inside and after the data. Each shell
turns them into what its client really sends (test_shells.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class Err:
    """An error cell: "#N/A", "#DIV/0!"..."""

    text: str


@dataclass(frozen=True)
class Case:
    name: str
    function: str  # the Python name of addin/functions.py (SCORE = score...)
    args: tuple[Any, ...]  # a 2-D list of cells per range argument, a cell per scalar one
    check: Callable[[list[list[Any]]], bool] = field(default=lambda result: True, compare=False)


EMPTY = [None] * 9
PROSPECTS = [
    ["Population", "Piscines", "Patinoires", "Gymnases", "Autres ERP", "Prestataire énergie", "Téléphone", "E-mail",
     "Température"],
    [32000, 2, 0, 5, 13, "En régie", "01 30 69 17 00", "dst@mairie-trappes.fr", "Chaud"],
    ["30 689", 1, 0, 3, 9, "Engie", "01 39 20 15 00", None, "Tiède"],
    [Err("#N/A"), 2, 0, 5, 13, "En régie", "01 30 79 63 00", None, "Froid"],
    [12500, Err("#DIV/0!"), 0, 2, 4, "Dalkia", None, "contact@ville.fr", None],
    EMPTY,
    [4965, 0, 0, 0, 4, None, None, None, None],
    EMPTY, EMPTY, EMPTY,
]
PARAMETERS = [["Paramètre", "Valeur"], ["Seuil : Important", 40], ["Seuil : Stratégique", 70], [None, None]]
VALIDATED = [
    ["ID", "Raison sociale", "Code INSEE", "Code postal", "Commune", "Population", "Dernier contact", "Téléphone"],
    ["P0001", "Mairie de Trappes", "78621", "78190", "Trappes", 32000, dt.date(2025, 12, 9), "01 30 69 17 00"],
    ["P0002", "Mairie de Plaisir", "78490", "78370", "Plaisir", Err("#N/A"), "02/01/2030", "01 30 79 63 00"],
    ["P0003", "Mairie de Saint-Germain-en-Laye", "78551", "78100", "St Germain en Laye", "quarante", None, "0139"],
    [None] * 8,
]
DASHBOARD = [["Objectif", "Réalisé", "Réalisé N-1"], [100, 120, 80], [0, 5, 5], [250, Err("#VALUE!"), 240],
             [None, None, None], [180, 171, 150], [None, None, None]]
CHARGES = [["Poste", "Nature", "Montant annuel (k€)", "Taux (% du CA)"], ["Salaires", "Fixe", 2400, None],
           ["Loyers", "Fixe", 600, None], ["Achats d'énergie", "Variable", None, 0.55],
           ["Sous-traitance", "Variable", None, 0.15]]
CHARGES_BAD = CHARGES + [["Divers", "Fixe", Err("#REF!"), None]]
ADDRESSES = [["Raison sociale", "Décideur", "Fonction", "Adresse", "Code postal", "Commune", "E-mail", "NPAI",
              "Opposition"],
             ["Mairie de Trappes", "Mme Dupont", "DST", "1 place de la République", "78190", "Trappes",
              "dst@trappes.fr", 0, "non"],
             ["Mairie de Plaisir", None, None, None, "78370", "Plaisir", None, 0, "oui"],
             ["Centre aquatique", "M. Martin", None, "2 rue des Bains", Err("#N/A"), "Élancourt", None, 1, "non"]]
CALLS = [["Date", "ID prospect", "Résultat", "Température"],
         [dt.date(2026, 9, 14), "P1", "RDV obtenu", "Chaud"], [dt.date(2026, 6, 2), "P1", "Barrage", "Froid"],
         [dt.date(2026, 8, 30), "P2", "Refus", "Froid"], [Err("#N/A"), "P3", "Injoignable", "Tiède"],
         [None, None, None, None]]
DEALS = [["ID affaire", "ID prospect", "Étape", "Montant annuel (k€)"], ["A1", "P1", "Signée", 120],
         ["A2", "P2", "Proposition", 80]]


def _text(result: list[list[Any]], row: int) -> str:
    return str(result[row][0])


CASES = (
    Case("score with headers, French numbers, error cells, empty rows", "score", (PROSPECTS,),
         lambda r: r[0] == ["Score"] and len(r) == 7 and isinstance(r[1][0], (int, float))
         and _text(r, 3).startswith("#VALEUR! Population") and "#N/A" in _text(r, 3)  # not a score of 14
         and "#DIV/0!" in _text(r, 4) and r[5] == [""]),
    Case("score without headers", "score", ([row[:6] for row in PROSPECTS[1:3]],),
         lambda r: len(r) == 2 and all(isinstance(c[0], (int, float)) for c in r)),
    Case("category with a Paramètres range", "category", (PROSPECTS, PARAMETERS),
         lambda r: r[0] == ["Catégorie"] and r[1][0] in ("Accessible", "Important", "Stratégique")),
    Case("potential", "potential", (PROSPECTS,), lambda r: r[0] == ["Potentiel CA (k€)"] and r[1][0] > 0),
    Case("validate with dates as dates and as text", "validate", (VALIDATED, dt.date(2026, 11, 2)),
         lambda r: r[0] == ["Anomalies"] and "#N/A" in _text(r, 2) and "02/01/2030" in _text(r, 2)
         and "« quarante »" in _text(r, 3) and len(r) == 4),
    Case("variance", "variance", (DASHBOARD,), lambda r: r[:3] == [["Écart"], [20], [5]] and "#VALUE!" in _text(r, 3)),
    Case("rate of growth", "rate", (DASHBOARD, "évolution"), lambda r: r[0] == ["Évolution %"] and r[1] == [0.5]),
    Case("rate on a zero base", "rate", (DASHBOARD,), lambda r: r[2] == ["n.d."]),
    Case("rate of an unknown kind", "rate", (DASHBOARD, "marge"), lambda r: _text(r, 0).startswith("#VALEUR!")),
    Case("breakeven", "breakeven", (CHARGES,), lambda r: abs(r[0][0] - 10000) < 1e-6),
    Case("breakeven with an error cell", "breakeven", (CHARGES_BAD,), lambda r: "#REF!" in _text(r, 0)),
    Case("signal over a column with a gap", "signal", ([[2], [-1], [3], [None], [0], [1], [-2], [2], [1], [40]],),
         lambda r: r[3] == [""] and r[-1] == ["ponctuel"]),
    Case("sample size in French percentages", "sample_size", (1000, "5 %"), lambda r: r == [[278]]),
    Case("sample size with a bad margin", "sample_size", (1000, "cinq"), lambda r: _text(r, 0).startswith("#VALEUR!")),
    Case("top-2-box with an error answer", "top2box",
         ([["Très satisfait"], ["Plutôt satisfait"], ["Plutôt pas satisfait"], [Err("#N/A")], [None]],
          "Satisfaction (4 niveaux)"), lambda r: len(r) == 1),
    Case("addresses", "address", (ADDRESSES,),
         lambda r: r[0] == ["Adresse postale"] and _text(r, 1).endswith("78190 TRAPPES")),
    Case("invitable", "invitable", (ADDRESSES,), lambda r: r[1] == ["oui"] and r[2][0] != "oui"),
    Case("heat from the calls", "heat", ([["ID"], ["P1"], ["P2"], ["P3"], ["P4"]], CALLS),
         lambda r: r[:3] == [["Température"], ["Chaud"], ["Froid"]] and r[4] == [""]),
    Case("funnel of calls and deals", "funnel", (CALLS, DEALS), lambda r: len(r) > 3),
)
