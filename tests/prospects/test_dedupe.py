"""The duplicate finder of the prospect file (issue 2, dedupe): one test per rule."""

from __future__ import annotations

import random
import string
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sicxl.prospects import dedupe
from sicxl.prospects.dedupe import DedupeRules, DuplicateMatch, describe, find_duplicates
from sicxl.prospects.normalize import address_key, email_key, name_key, phone_key, siren_key

NBSP = "\u00a0"

SAINT_GERMAIN = {"insee": "78551", "postal_code": "78100", "city": "Saint-Germain-en-Laye", "department": "78"}
POISSY = {"insee": "78498", "postal_code": "78300", "city": "Poissy", "department": "78"}


def frame(*rows: dict[str, Any], first_row: int = 2) -> pd.DataFrame:
    """A Prospects table as the jobs hand it over: indexed by worksheet row, raw values."""
    records = {first_row + n: row for n, row in enumerate(rows)}
    table = pd.DataFrame.from_dict(records, orient="index", dtype=object)
    table.index.name = "row"
    return table.astype(object).where(table.notna(), None)


def groups(matches: dict[int, DuplicateMatch], table: pd.DataFrame) -> set[frozenset[str]]:
    """The groups of IDs found: each original with the rows pointing at it."""
    members: dict[int, set[str]] = {}
    for match in matches.values():
        members.setdefault(match.original_row, {table.at[match.original_row, "id"]}).add(table.at[match.row, "id"])
    return {frozenset(group) for group in members.values()}


# --- normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, key", [
    ("Mairie de Saint-Germain-en-Laye", "saint germain en laye"),
    ("ST GERMAIN EN LAYE (MAIRIE)", "saint germain en laye"),
    ("Ville de Poissy", "poissy"),
    ("Hôtel de Ville de Poissy", "poissy"),
    ("Commune d'Épône", "epone"),
    ("Mairie de Ville-d'Avray", "avray"),
    ("Ville-d'Avray", "avray"),
    ("Mairei de Poissy", "poissy"),  # one slip of the keyboard
    ("Lycée Marie Curie", "lycee marie curie"),  # a first name, not a mistyped "Mairie"
    ("Dalkia S.A.R.L.", "dalkia"),
    ("DALKIA SAS", "dalkia"),
    ("Centre hospitalier de Poissy", "ch poissy"),
    ("C.H. Poissy", "ch poissy"),
    ("Office public de l'habitat de Poissy", "oph poissy"),
    ("OPH de Poissy", "oph poissy"),
    ("Mairie", "mairie"),
])
def test_name_key_folds_what_users_vary(typed: str, key: str) -> None:
    assert name_key(typed) == key


def test_housing_office_keeps_its_oph_so_it_is_not_the_commune() -> None:
    assert name_key("OPH de Poissy") != name_key("Mairie de Poissy")


@pytest.mark.parametrize("typed", ["01 39 22 55 00", "+33 1 39 22 55 00", "+33 (0)1 39 22 55 00", "0033139225500",
                                   "01.39.22.55.00", 139225500.0, "01 39 22 55 00 / 06 12 34 56 78",
                                   "Tél. : 01-39-22-55-00 poste 12"])
def test_phone_key_reads_every_usual_spelling(typed: Any) -> None:
    assert phone_key(typed) == "0139225500"


@pytest.mark.parametrize("typed", [None, "", "00 00 00 00 00", "01 23 45 67 89", "12 34", "+262 262 12 34 56",
                                   "#N/A", True])
def test_phone_key_ignores_what_identifies_nobody(typed: Any) -> None:
    assert phone_key(typed) is None


@pytest.mark.parametrize("typed", ["272 800 017", 272800017.0, 272800017, "272800017", "27280001700012",
                                   "SIREN : 272 800 017"])
def test_siren_key_reads_text_numbers_and_siret(typed: Any) -> None:
    assert siren_key(typed) == "272800017"


@pytest.mark.parametrize("typed", ["000000000", "12345", "", None, 2.5, "#VALEUR!"])
def test_siren_key_ignores_placeholders_and_unreadable(typed: Any) -> None:
    assert siren_key(typed) is None


def test_email_and_address_keys() -> None:
    assert email_key(" Contact@Ville-Poissy.FR ") == "contact@ville-poissy.fr"
    assert email_key("mailto:dst@poissy.fr; accueil@poissy.fr") == "dst@poissy.fr"
    assert email_key("pas d'adresse") is None
    assert address_key("12, av. de la Gare") == address_key("12 avenue de la gare") == "12 avenue gare"


# --- rules ---------------------------------------------------------------------------------------


def test_town_hall_typed_two_ways_in_the_same_commune_is_a_duplicate() -> None:
    table = frame(
        {"id": "P0001", "name": "Mairie de Saint-Germain-en-Laye", "segment": "Collectivité", **SAINT_GERMAIN},
        {"id": "P0002", "name": "ST GERMAIN EN LAYE (MAIRIE)", "segment": "collectivite", "insee": "78551"},
    )
    assert find_duplicates(table) == {
        3: DuplicateMatch(row=3, original_row=2, original_id="P0001", similarity=100, fields=("name", "city")),
    }


def test_homonym_communes_are_not_duplicates() -> None:
    """Two communes may bear the same name in different departments."""
    table = frame(
        {"id": "P0001", "name": "Mairie de Saint-Martin", "insee": "78560", "department": "78"},
        {"id": "P0002", "name": "Mairie de Saint-Martin", "insee": "32389", "department": "32"},
        {"id": "P0003", "name": "Ville de Saint-Martin", "city": "Saint-Martin", "department": "65"},
        {"id": "P0004", "name": "Saint-Martin", "city": "Saint Martin", "department": "66"},
    )
    assert find_duplicates(table) == {}


def test_same_name_in_different_insee_codes_is_not_a_duplicate() -> None:
    table = frame({"id": "P1", "name": "Poissy", "insee": "78498"}, {"id": "P2", "name": "Poissy", "insee": "78123"})
    assert find_duplicates(table) == {}


def test_same_siren_typed_with_spaces_and_as_a_number_is_a_duplicate() -> None:
    table = frame(
        {"id": "P0010", "name": "Versailles Habitat", "segment": "Habitat public", "siren": "272 800 017",
         "insee": "78646"},
        {"id": "P0011", "name": "OPH de Versailles", "segment": "Habitat public", "siren": 272800017.0},
    )
    match = find_duplicates(table)[3]
    assert (match.original_id, match.similarity, match.fields) == ("P0010", 100, ("siren",))


def test_two_hospitals_of_the_same_city_are_not_duplicates() -> None:
    table = frame(
        {"id": "P0020", "name": "Centre hospitalier intercommunal de Poissy", "segment": "Santé", **POISSY,
         "address": "10 rue du Champ Gaillard", "phone": "01 39 27 40 50"},
        {"id": "P0021", "name": "Clinique Saint-Louis", "segment": "Santé", **POISSY,
         "address": "1 rue Basset", "phone": "01 30 65 41 00"},
        {"id": "P0022", "name": "Hôpital privé de Poissy", "segment": "Santé", **POISSY},
    )
    assert find_duplicates(table) == {}


def test_same_phone_spelt_differently_with_a_similar_name_is_a_duplicate() -> None:
    table = frame(
        {"id": "P0001", "name": "Mairie de Poissy", "phone": "01 39 22 55 00", "department": "78"},
        {"id": "P0002", "name": "Ville de Poissy", "phone": "+33 1 39 22 55 00"},
    )
    match = find_duplicates(table)[3]
    assert (match.original_row, match.similarity, match.fields) == (2, 100, ("name", "phone"))
    assert describe(match) == f"P0001 (100{NBSP}%{NBSP}: raison sociale, téléphone)"


def test_same_email_and_same_commune_is_a_duplicate_even_with_a_mangled_name() -> None:
    table = frame(
        {"id": "P0001", "name": "Collège Saint-Louis", **POISSY, "email": "contact@college-st-louis.fr"},
        {"id": "P0002", "name": "Ensemble scolaire St-Louis", "insee": "78498",
         "email": "CONTACT@college-st-louis.fr "},
    )
    assert find_duplicates(table)[3].fields == ("city", "email")


def test_shared_phone_alone_is_not_a_duplicate() -> None:
    """A head office's switchboard answers for several organisations in several towns."""
    table = frame(
        {"id": "P0001", "name": "Dalkia Île-de-France", "insee": "92026", "phone": "01 71 00 71 00"},
        {"id": "P0002", "name": "Syndic Martin", "insee": "78646", "phone": "01 71 00 71 00"},
    )
    assert find_duplicates(table) == {}


def test_two_sirens_make_two_organisations_even_with_a_shared_switchboard() -> None:
    table = frame(
        {"id": "P0001", "name": "Mairie de Poissy", "segment": "Collectivité", "siren": "217804988", **POISSY,
         "phone": "01 39 22 55 00"},
        {"id": "P0002", "name": "CCAS de Poissy", "segment": "Collectivité", "siren": "267800213", **POISSY,
         "phone": "01 39 22 55 00"},
        {"id": "P0003", "name": "Poissy Services SAS", "segment": "Tertiaire", "siren": "512345671", **POISSY},
        {"id": "P0004", "name": "Poissy Services SARL", "segment": "Tertiaire", "siren": "498765432", **POISSY},
    )
    assert find_duplicates(table) == {}


def test_a_commune_and_its_housing_office_are_not_duplicates() -> None:
    table = frame(
        {"id": "P0001", "name": "Mairie de Poissy", "segment": "Collectivité", **POISSY},
        {"id": "P0002", "name": "Poissy", "segment": "Habitat public", **POISSY},
    )
    assert find_duplicates(table) == {}


def test_similar_name_in_the_same_commune_is_a_duplicate_with_a_weighted_similarity() -> None:
    table = frame(
        {"id": "P0001", "name": "EHPAD Les Tilleuls", **POISSY, "address": "12 avenue de la Gare"},
        {"id": "P0002", "name": "EHPAD Les Tilleul", "city": "POISSY", "postal_code": 78300.0,
         "address": "12, av. de la Gare"},
    )
    match = find_duplicates(table)[3]
    assert match.fields == ("name", "city", "address")
    # name 3 × 96.6, address 1 × 100, commune 1 × 100
    assert match.similarity == 98


def test_a_clearly_different_address_vetoes_a_borderline_name() -> None:
    table = frame(
        {"id": "P0001", "name": "Martin Chauffage", "insee": "78498", "address": "3 rue de la Paix"},
        {"id": "P0002", "name": "Martin Chauffage Ile", "insee": "78498", "address": "Zone industrielle des Cettons"},
    )
    assert find_duplicates(table, DedupeRules(name_threshold=85)) == {}
    table.loc[3, "address"] = "3 rue de la Paix"
    assert 3 in find_duplicates(table, DedupeRules(name_threshold=85))


def test_rows_known_only_by_department_are_compared_within_it() -> None:
    table = frame(
        {"id": "P0001", "name": "Syndic Lefebvre Gestion", "department": "78"},
        {"id": "P0002", "name": "Syndic Lefebvre Gestoin", "department": 78.0},
        {"id": "P0003", "name": "Syndic Lefebvre Gestion", "department": "95"},
        {"id": "P0004", "name": "Syndic Lefebvre Gestion"},  # no place at all: not compared by name
    )
    assert groups(find_duplicates(table), table) == {frozenset({"P0001", "P0002"})}


def test_a_row_without_insee_meets_its_twin_by_postal_code() -> None:
    table = frame(
        {"id": "P0001", "name": "Lycée Charles de Gaulle", **POISSY},
        {"id": "P0002", "name": "Lycee Charles-de-Gaulle", "postal_code": "78300", "city": "Poissy"},
    )
    assert find_duplicates(table)[3].fields == ("name", "city")


def test_the_original_is_the_first_row_of_the_sheet_whatever_the_frame_order() -> None:
    table = frame(
        {"id": "P0003", "name": "Dalkia SA", "siren": "456500537"},
        {"id": "P0001", "name": "DALKIA", "siren": "456 500 537"},
        {"id": "P0002", "name": "Dalkia", "siren": 456500537},
        first_row=10,
    ).iloc[[2, 0, 1]]
    matches = find_duplicates(table)
    assert {(m.row, m.original_row, m.original_id) for m in matches.values()} == {
        (11, 10, "P0003"), (12, 10, "P0003")}


def test_an_original_without_id_is_named_by_its_row() -> None:
    table = frame({"name": "Mairie de Poissy", **POISSY}, {"id": "P0009", "name": "Ville de Poissy", **POISSY},
                  first_row=5)
    match = find_duplicates(table)[6]
    assert describe(match) == f"ligne 5 (100{NBSP}%{NBSP}: raison sociale, commune)"


def test_a_phone_shared_by_many_rows_proves_nothing() -> None:
    rows = [{"id": f"P{n:04d}", "name": f"Résidence {name}", "insee": "78498", "phone": "01 30 00 00 01"}
            for n, name in enumerate(["Les Lilas", "Les Cèdres", "Bellevue", "Le Parc", "Les Sources"])]
    assert len(find_duplicates(frame(*rows), DedupeRules(generic_contact_rows=4))) == 0
    assert len(find_duplicates(frame(*rows))) == 4  # same commune, same phone: rule 2


def test_nothing_is_merged_or_deleted() -> None:
    table = frame({"id": "P1", "name": "Mairie de Poissy", **POISSY}, {"id": "P2", "name": "Ville de Poissy", **POISSY})
    before = table.copy()
    find_duplicates(table)
    pd.testing.assert_frame_equal(table, before)


def test_missing_columns_and_empty_tables() -> None:
    assert find_duplicates(pd.DataFrame()) == {}
    assert find_duplicates(frame({"name": "Poissy"})) == {}
    table = frame({"id": "A", "city": "Poissy"}, {"id": "B", "city": "Poissy"})  # no names: nothing to compare
    assert find_duplicates(table) == {}


def test_bad_cells_are_ignored_not_matched() -> None:
    table = frame(
        {"id": "P1", "name": "#N/A", "siren": "#VALEUR!", "phone": True, "insee": 78498.5, **{"city": "Poissy"}},
        {"id": "P2", "name": "#N/A", "siren": "#VALEUR!", "phone": True, "insee": "#REF!", **{"city": "Poissy"}},
        {"id": "P3", "name": 12.0, "siren": float("nan"), "email": "@", "postal_code": "abcde"},
    )
    assert find_duplicates(table) == {}


def test_big_blocks_scored_by_chunks_find_the_same_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A block bigger than SMALL_BLOCK goes through chunked `cdist`: same result."""
    rng = random.Random(3)
    trades = ["Chauffage", "Plomberie", "Électricité", "Menuiserie", "Couverture", "Serrurerie"]
    rows = []
    for n in range(260):
        owner = "".join(rng.choice(string.ascii_lowercase) for _ in range(8)).capitalize()
        name = f"{owner} {rng.choice(trades)}"
        rows.append({"id": f"P{n:04d}", "name": name, "insee": "78498"})
        if n % 10 == 0:  # the same firm typed again, with the INSEE code (level 0) or without (department level)
            place = {"insee": "78498"} if n % 20 else {"city": "Poissy", "postal_code": "78300"}
            rows.append({"id": f"D{n:04d}", "name": name.upper().replace("É", "E"), **place})
    table = frame(*rows)
    small = find_duplicates(table)
    monkeypatch.setattr(dedupe, "SMALL_BLOCK", 2)
    chunked = find_duplicates(table, DedupeRules(chunk_cells=1000))
    assert chunked == small
    assert {m.original_id for m in small.values()} == {f"P{n:04d}" for n in range(0, 260, 10)}


# --- properties ----------------------------------------------------------------------------------

_NAMES = ["Mairie de Poissy", "Ville de Poissy", "POISSY (MAIRIE)", "Clinique Saint-Louis", "Clinique St Louis",
          "OPH de Poissy", "Centre hospitalier de Poissy", "CH Poissy", "Dalkia", "DALKIA SA", None]
_PLACES = [POISSY, {"insee": "78498"}, {"postal_code": "78300", "city": "Poissy"}, {"department": "78"},
           {"insee": "78123"}, {}]
_PHONES = ["01 39 22 55 00", "+33 1 39 22 55 00", "01 30 65 41 00", None]
_SIRENS = ["217804988", "217 804 988", 217804988.0, "456500537", None]

prospect = st.fixed_dictionaries({
    "name": st.sampled_from(_NAMES), "place": st.sampled_from(_PLACES), "phone": st.sampled_from(_PHONES),
    "siren": st.sampled_from(_SIRENS), "segment": st.sampled_from(["Collectivité", "Santé", None]),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(prospect, min_size=2, max_size=14), st.randoms(use_true_random=False))
def test_shuffling_rows_does_not_change_the_groups(rows: list[dict[str, Any]], rnd: random.Random) -> None:
    records = [{"id": f"P{n:03d}", "name": r["name"], "phone": r["phone"], "siren": r["siren"],
                "segment": r["segment"], **r["place"]} for n, r in enumerate(rows)]
    shuffled = records[:]
    rnd.shuffle(shuffled)
    first, second = frame(*records), frame(*shuffled)
    found = find_duplicates(first)
    assert groups(found, first) == groups(find_duplicates(second), second)
    for match in found.values():
        assert match.original_row < match.row and 0 <= match.similarity <= 100


cell = st.one_of(st.none(), st.text(max_size=30), st.integers(-10**12, 10**12),
                 st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                 st.sampled_from(["#N/A", "#DIV/0!", " ", "Mairie de", "St", "0033", "@", "2A", "97"]))
COLUMNS = ("id", "name", "segment", "siren", "insee", "postal_code", "city", "department", "address", "phone",
           "email", "decision_maker")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({key: cell for key in COLUMNS}), max_size=12))
def test_random_cells_never_crash(rows: list[dict[str, Any]]) -> None:
    table = frame(*rows) if rows else pd.DataFrame()
    for match in find_duplicates(table).values():
        assert isinstance(describe(match), str)


def test_random_strings_as_names_never_crash() -> None:
    rng = random.Random(11)
    alphabet = string.ascii_letters + string.digits + " '-.()éèàçœÉ&/_#@"
    rows = [{"id": f"R{n}", "name": "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))),
             "insee": rng.choice(["78498", "78551", None])} for n in range(400)]
    find_duplicates(frame(*rows))
