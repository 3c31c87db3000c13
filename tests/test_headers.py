"""Headers as people type them (issue 14, point 1): one folding rule, an unambiguous
vocabulary in every sheet of the contract, pins and repeated columns."""

from __future__ import annotations

import importlib

import pytest

from sicxl.schema.base import SheetSchema, ambiguous_names, normalize_header
from sicxl.schema.prospects import PROSPECTS
from sicxl.table import Pin, match_headers

MODULES = ("prospects", "campaigns", "dashboard", "survey", "events", "portfolio", "deals")


def _schemas() -> list[SheetSchema]:
    found = []
    for name in MODULES:
        module = importlib.import_module(f"sicxl.schema.{name}")
        found += [value for value in vars(module).values() if isinstance(value, SheetSchema)]
    return found


@pytest.mark.parametrize("schema", _schemas(), ids=lambda s: s.name)
def test_no_header_of_the_contract_names_two_columns(schema):
    """Never a guess between two candidates: a folded header or alias names one column."""
    assert ambiguous_names(schema) == {}


@pytest.mark.parametrize("typed, key", [
    ("Nb habitants", "population"), ("NOMBRE D'HABITANTS", "population"), ("Nbre d'hab.", "population"),
    ("Habitants", "population"), ("Pop.", "population"), ("Population municipale", "population"),
    ("CP", "postal_code"), ("C.P.", "postal_code"), ("code postal", "postal_code"), ("Code_Postal", "postal_code"),
    ("Ville", "city"), ("Localité", "city"), ("LOCALITE", "city"),
    ("Tél.", "phone"), ("Tel", "phone"), ("Téléphone", "phone"), ("Standard", "phone"), ("Portable", "phone"),
    ("Mail", "email"), ("Courriel", "email"), ("Adresse mail", "email"), ("E-mail", "email"), ("Email", "email"),
    ("N°", "id"), ("Nº", "id"), ("Dépt", "department"), ("Dép.", "department"), ("Nb piscines", "pools"),
    ("Piscine", "pools"), ("Cial", "owner"), ("Date du dernier contact", "last_contact"),
])
def test_the_vocabulary_reads_the_usual_spellings(typed, key):
    assert PROSPECTS.recognise(typed)[0] == key


def test_folding():
    assert normalize_header("Nb habitants") == normalize_header("Nombre d'habitants") == "nombrehabitant"
    assert normalize_header("  Code  postal ") == normalize_header("code_postal") == "codepostal"
    assert normalize_header("Écart %") != normalize_header("Écart")
    assert normalize_header(None) == "" and normalize_header(12) == "12"


def test_the_contract_header_wins_over_an_alias_then_the_leftmost():
    match = match_headers(PROSPECTS, {1: "ID", 2: "Portable", 3: "Téléphone", 4: "Standard"})
    assert match.found["phone"] == 3
    assert match.notes == ["Plusieurs colonnes peuvent être « Téléphone » : « Téléphone » (C) est lue, pas "
                           "« Portable » (B), « Standard » (D) ; pour en lire une autre, écrivez dans Paramètres "
                           "la ligne « Colonne Téléphone » avec son en-tête"]


def test_pins_override_the_vocabulary():
    headers = {1: "ID", 2: "Contact", 3: "Mail", 4: "Nb hab 2020"}
    match = match_headers(PROSPECTS, headers, [Pin("email", "contact", "B2"), Pin("population", "D", "B3"),
                                               Pin("decision_maker", None, "B4")])
    assert match.found == {"id": 1, "email": 2, "population": 4}
    assert match.extra == {3: "Mail"}  # the pinned field is not read twice
    assert [(r.key, r.text, r.pinned) for r in match.readings if r.pinned] == [
        ("email", "Contact", True), ("population", "Nb hab 2020", True)]
