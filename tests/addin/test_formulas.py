"""The cell functions' core (sicxl.formulas) on realistic ranges and bad input."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from sicxl.dashboard.breakeven import breakeven
from sicxl.events.selection import invitable as invitable_of
from sicxl.formulas import campaigns, dashboard, events, prospects, survey
from sicxl.survey.sample_size import sample_size

CELL = st.one_of(st.none(), st.text(max_size=12), st.integers(-10**6, 10**9),
                 st.floats(allow_nan=True, allow_infinity=True), st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=8), min_size=1, max_size=6))
def test_prospect_functions_never_raise_and_answer_one_cell_per_row(rows):
    width = max(len(r) for r in rows)
    rows = [r + [None] * (width - len(r)) for r in rows]
    for function in (prospects.score, prospects.category, prospects.potential, prospects.validate):
        result = function(rows)
        assert len(result) == len(rows) and all(len(cell) == 1 for cell in result)


def test_parameters_range_changes_the_category_as_the_sheet_would():
    row = [[30689, 2, 0, 5, 13, "En régie"]]
    strict = [["Paramètre", "Valeur"], ["Seuil : Important", 95], ["Seuil : Stratégique", 99]]
    assert prospects.category(row) != prospects.category(row, strict)
    assert prospects.category(row, strict) == [["Accessible"]]


def test_a_commune_without_population_is_not_scored_in_a_cell():
    """Issue 14, point 2: `=SIC_SCORE(A1:F3)` on an assistant's headers, one town hall
    without its population: that row says so, the other is scored, nothing made up."""
    rows = [["Type", "Nb habitants", "Piscines", "Gymnases", "Tél.", "Température"],
            ["Collectivité", 30689, 2, 5, "01 30 16 51 00", "Chaud"],
            ["Collectivité", None, 1, 2, "01 34 11 11 11", "Tiède"]]
    scores = prospects.score(rows)
    assert isinstance(scores[1][0], (int, float)) and 0 <= scores[1][0] <= 100
    assert scores[2] == ["non estimé : population absente"]
    assert prospects.potential(rows)[2] == ["non estimé : population absente"]
    assert prospects.category(rows)[2] == ["À qualifier"]


def test_breakeven_of_the_charges_table():
    charges = [["Poste", "Nature", "Montant annuel (k€)", "Taux (% du CA)"],
               ["Salaires", "Fixe", 2400, None], ["Loyers", "Fixe", 600, None],
               ["Achats d'énergie", "Variable", None, 0.55], ["Sous-traitance", "Variable", None, 0.15]]
    assert math.isclose(dashboard.breakeven(charges)[0][0], breakeven(3000, 0.55 + 0.15))
    assert math.isclose(dashboard.breakeven(charges)[0][0], 10000.0)
    bad = charges + [["Divers", "Fixe", "beaucoup", None]]
    assert dashboard.breakeven(bad)[0][0].startswith("#VALEUR!")


def test_rate_is_not_defined_on_a_zero_base_and_signal_spots_a_one_off():
    assert dashboard.rate([[0, 12]]) == [["n.d."]]
    series = [[v] for v in (2, -1, 3, 0, 1, -2, 2, 1, 40)]
    assert dashboard.signal(series)[-1] == ["ponctuel"]
    assert dashboard.signal([[None]]) == [[""]]


def test_sample_size_reads_french_percentages():
    assert survey.sample_size([[1000]], [["5 %"]]) == [[sample_size(1000, 0.05)]]
    assert survey.sample_size([["mille"]], [[0.05]])[0][0].startswith("#VALEUR!")


def test_invitable_and_address_on_prospect_rows():
    headers = ["Raison sociale", "Code postal", "Commune", "Adresse", "E-mail", "NPAI", "Opposition"]
    rows = [headers, ["Mairie de Trappes", "78190", "Trappes", "1 place de la République", "dst@trappes.fr", 0, "non"],
            ["Mairie de Plaisir", "78370", "Plaisir", "", None, 0, "oui"]]
    assert events.invitable(rows)[1:] == [["oui"], [invitable_of(opt_out="oui")]]
    lines = events.address(rows)[1][0].split("\n")
    assert lines[-1] == "78190 TRAPPES" and all(len(line) <= 38 for line in lines)


def test_heat_takes_the_latest_call():
    calls = [["Date", "ID prospect", "Résultat", "Température"],
             [45600, "P1", "RDV obtenu", "Chaud"], [45500, "P1", "Barrage", "Froid"], [45550, "P2", "Refus", "Froid"]]
    assert campaigns.heat([["ID"], ["P1"], ["P2"], ["P3"]], calls) == [["Température"], ["Chaud"], ["Froid"], [""]]
