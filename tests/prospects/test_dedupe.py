"""The duplicate finder of the prospect file (issue 2, dedupe): one test per rule."""

from __future__ import annotations

import random
import string
from typing import Any, Callable

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sicxl.jobs.base import Context, MemorySource
from sicxl.jobs.prospects import dedupe_job, qualify_job, validate_job
from sicxl.prospects import dedupe
from sicxl.prospects.dedupe import DedupeRules, DuplicateMatch, describe, find_duplicates
from sicxl.prospects.identifiers import department_of_insee
from sicxl.prospects.normalize import address_key, department_of, email_key, name_key, phone_key, siren_key
from tests.conftest import TODAY, prospect_source

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


@settings(max_examples=300)
@given(st.one_of(
    st.lists(st.sampled_from("0123456789 .-"), min_size=8, max_size=18).map("".join),
    st.tuples(st.lists(st.sampled_from("0123456789"), min_size=10, max_size=10),
              st.lists(st.sampled_from(["", " ", ".", "-"]), min_size=10, max_size=10)).map(
        lambda pair: "".join(d + sep for d, sep in zip(*pair)).strip())))
def test_phone_key_reads_the_usual_forms_at_once_as_the_long_way_reads_them(typed: str) -> None:
    """The fast path (`_PLAIN_PHONE`) answers what the general reading answers."""
    from sicxl.prospects import normalize

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(normalize, "_PLAIN_PHONE", normalize.re.compile(r"(?!)"))  # never matches
        long_way = phone_key(typed)
    assert phone_key(typed) == long_way


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
    # "Mairie de Poissy" in the 78 is Poissy, as fill would say: the two rows are in one commune
    assert (match.original_row, match.similarity, match.fields) == (2, 100, ("name", "city", "phone"))
    assert describe(match) == f"P0001 (100{NBSP}%{NBSP}: raison sociale, commune, téléphone)"


def test_same_email_and_same_commune_is_a_duplicate_when_a_name_is_missing() -> None:
    table = frame(
        {"id": "P0001", "name": "Collège Saint-Louis", **POISSY, "email": "contact@college-st-louis.fr"},
        {"id": "P0002", "insee": "78498", "email": "CONTACT@college-st-louis.fr "},
    )
    assert find_duplicates(table)[3].fields == ("city", "email")


def test_same_email_with_agreeing_names_is_a_duplicate_though_the_names_differ_in_form() -> None:
    """"Clg" is not "Collège" by spelling, but the names still agree once the
    commune is set apart: the shared address is the proof."""
    table = frame(
        {"id": "P0001", "name": "Collège Saint-Louis de Poissy", **POISSY, "email": "contact@college-st-louis.fr"},
        {"id": "P0002", "name": "Clg St Louis", "insee": "78498", "email": "contact@college-st-louis.fr"},
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
    """Rows with no name, one commune and one phone are the same organisation
    (rule 4), unless that phone is everybody's."""
    rows = [{"id": "P0000", "name": "Résidence Les Lilas", "insee": "78498", "phone": "01 30 00 00 01"}]
    rows += [{"id": f"P{n:04d}", "insee": "78498", "phone": "01 30 00 00 01"} for n in range(1, 5)]
    assert len(find_duplicates(frame(*rows), DedupeRules(generic_contact_rows=4))) == 0
    assert len(find_duplicates(frame(*rows))) == 4


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


def test_big_blocks_scored_by_sorted_neighbourhoods_find_the_same_pairs() -> None:
    """A block bigger than `block_rows` is scored by sorted neighbourhoods, in
    batches: the same duplicates as every pair of the block."""
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
    small = find_duplicates(table, DedupeRules(block_rows=1000))
    chunked = find_duplicates(table, DedupeRules(block_rows=2, window=3, batch_pairs=100))
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


# --- hard negatives, on small workbooks typed the way users type them (issue 19) -----------------

HEADERS = ("ID", "Nom", "Type", "N° SIREN", "Code INSEE", "CP", "Ville", "Dépt", "Adresse", "Tél", "Mail", "Contact")


def doublons(*rows: tuple[Any, ...], job: Callable[..., Any] = dedupe_job) -> dict[str, str]:
    """Run a job on a Prospects sheet with these rows under HEADERS: « Doublon de » by ID."""
    grid = [["Fichier prospects Yvelines (export CRM)"], list(HEADERS), *[list(row) for row in rows]]
    result = job(MemorySource.from_rows({"Prospects": grid}), Context(today=TODAY))
    column = next(w for w in result.writes.columns if w.header == "Doublon de")
    return {row[0]: text for row, text in zip(rows, column.values) if text}


def test_a_town_hall_and_its_ccas_on_one_switchboard_are_two_organisations() -> None:
    found = doublons(
        ("P1", "Mairie de Poissy", "Collectivité", "217804988", "78498", "78300", "Poissy", "78",
         "Place de la République", "01 39 22 55 00", "mairie@ville-poissy.fr", "M. Jean Martin"),
        ("P2", "CCAS de Poissy", "Collectivité", None, "78498", "78300", "Poissy", "78",
         "Place de la République", "01 39 22 55 00", None, None),
        ("P3", "POISSY (MAIRIE)", "Collectivité", None, None, "78300", "POISSY", None, None, "01.39.22.55.00",
         None, None),
        ("P4", "Centre communal d'action sociale de Poissy", "Collectivité", None, None, None, "Poissy", None,
         None, "+33 1 39 22 55 00", None, None),
    )
    assert set(found) == {"P3", "P4"}
    assert found["P3"].startswith("P1 (") and found["P4"].startswith("P2 (")


def test_two_schools_of_one_commune_behind_one_desk_are_two_schools() -> None:
    found = doublons(
        ("P1", "École maternelle Jules Ferry", "Collectivité", None, "78498", "78300", "Poissy", "78",
         "12 rue Jules Ferry", "01 39 79 03 10", "ecoles@ville-poissy.fr", None),
        ("P2", "École élémentaire Jules Ferry", "Collectivité", None, "78498", "78300", "Poissy", "78",
         "12 rue Jules Ferry", "01 39 79 03 10", "ecoles@ville-poissy.fr", None),
        ("P3", "Groupe scolaire Victor Hugo", "Collectivité", None, "78498", "78300", "Poissy", "78",
         "5 avenue Victor Hugo", "01 39 79 03 20", "ecoles@ville-poissy.fr", None),
        ("P4", "Collège Le Corbusier", "Collectivité", None, "78498", "78300", "Poissy", "78",
         "Rue des Écoles", None, None, None),
        ("P5", "Lycée Le Corbusier", "Collectivité", None, "78498", "78300", "Poissy", "78",
         "Rue des Écoles", None, None, None),
        ("P6", "ECOLE MATERNELLE JULES FERY", "Collectivité", None, None, "78300", "Poissy", None,
         None, "01 39 79 03 10", None, None),
    )
    assert list(found) == ["P6"] and found["P6"].startswith("P1 (")


def test_the_same_name_in_two_communes_is_two_organisations() -> None:
    found = doublons(
        ("P1", "Collège Jean Moulin", "Collectivité", None, "78498", "78300", "Poissy", "78", None, None,
         "contact@college-jean-moulin.fr", None),
        ("P2", "Collège Jean Moulin", "Collectivité", None, "78646", "78000", "Versailles", "78", None, None,
         "contact@college-jean-moulin.fr", None),
        ("P3", "Martin Chauffage SARL", "Tertiaire", None, None, "78300", "Poissy", None, None, "01 30 65 10 10",
         None, None),
        ("P4", "Martin Chauffage", "Tertiaire", None, None, "95000", "Cergy", None, None, "01 30 65 10 10",
         None, None),
    )
    assert found == {}


def test_homonym_communes_are_told_apart_by_their_codes_or_not_paired() -> None:
    found = doublons(
        ("P1", "Mairie de Saint-Martin", "Collectivité", "213203896", "32389", "32300", "Saint-Martin", "32",
         None, None, None, None),
        ("P2", "Mairie de Saint-Martin", "Collectivité", None, None, "65360", "Saint-Martin", None, None, None,
         None, None),
        ("P3", "Mairie de Saint-Martin", "Collectivité", None, None, None, "Saint-Martin", None, None, None,
         None, None),  # which of the ten Saint-Martin? nothing says
        ("P4", "Mairie de St Martin", "Collectivité", None, None, "65360", None, None, None, None, None, None),
    )
    assert found == {"P4": found.get("P4")} and found["P4"].startswith("P2 (")


def test_sites_sharing_one_contact_address_do_not_chain_into_one_group() -> None:
    found = doublons(
        ("P1", "Martin Chauffage", "Tertiaire", None, "78498", "78300", "Poissy", "78", "3 rue de la Paix",
         "01 30 65 10 10", "contact@martin-chauffage.fr", None),
        ("P2", "Martin Chauffage agence des Cettons", "Tertiaire", None, "78498", "78300", "Poissy", "78",
         "Zone industrielle des Cettons", "01 30 65 20 20", "contact@martin-chauffage.fr", None),
        ("P3", "Martin Chauffage agence Gare", "Tertiaire", None, "78498", "78300", "Poissy", "78",
         "40 avenue de la Gare", None, "contact@martin-chauffage.fr", None),
        ("P4", None, "Tertiaire", None, "78498", "78300", "Poissy", "78", None, "01 30 65 10 10", None, None),
    )
    # the nameless row is the first site (its switchboard); the agencies are their own
    assert list(found) == ["P4"] and found["P4"].startswith("P1 (")


def test_a_weak_link_does_not_chain_two_organisations() -> None:
    """A row without name shares a phone with one residence and an e-mail with
    another: it may be either, but the two residences are not one group."""
    table = frame(
        {"id": "P1", "name": "Résidence Les Lilas", **POISSY, "phone": "01 30 00 00 01"},
        {"id": "P2", **POISSY, "phone": "01 30 00 00 01", "email": "gardien@residences-poissy.fr"},
        {"id": "P3", "name": "Résidence Les Cèdres", **POISSY, "email": "gardien@residences-poissy.fr"},
    )
    found = groups(find_duplicates(table), table)
    assert len(found) == 1 and frozenset({"P1", "P3"}) not in found and not any({"P1", "P3"} <= g for g in found)
    assert dedupe.search_duplicates(table).counts["links_refused"] == 1


def test_dedupe_alone_finds_the_twin_whose_postal_code_has_a_typo() -> None:
    """`qualify` fills the INSEE code before looking for duplicates; `dedupe` alone
    places the row the same way, so both find the same twin."""
    rows = (
        ("P1", "Lycée Charles de Gaulle", "Collectivité", "197800321", "78498", "78300", "Poissy", "78",
         "10 rue Gustave Eiffel", "01 39 11 22 33", None, None),
        ("P2", "LYCEE CHARLES DE GAULLE", None, None, None, "78030", "Poissy", None, "10, r. Gustave Eiffel", None,
         None, None),
    )
    alone, qualified = doublons(*rows), doublons(*rows, job=qualify_job)
    assert alone == qualified and alone["P2"].startswith("P1 (")
    assert "commune" in alone["P2"]


def test_the_reason_names_the_fields_that_agree_and_those_that_differ() -> None:
    found = doublons(
        ("P1", "EHPAD Les Tilleuls", "Santé", None, "78498", "78300", "Poissy", "78", "12 avenue de la Gare",
         "01 39 00 00 01", "accueil@ehpad-tilleuls.fr", "Mme Anne DUPONT"),
        ("P2", "Ehpad les Tilleul", "Santé", None, "78498", "78300", "Poissy", "78", "12 av. de la Gare",
         "01 39 00 00 02", "accueil@ehpad-tilleuls.fr", "M. Pierre DURAND"),
    )
    assert found["P2"] == (f"P1 (84{NBSP}%{NBSP}: raison sociale, commune, adresse, e-mail ; "
                           f"diffèrent{NBSP}: décideur, téléphone)")


def test_overseas_communes_are_checked_against_their_three_digit_department() -> None:
    """Dumbéa (988), Papeete (987), Alo (986): no false alarm on the department."""
    source = prospect_source([
        {"id": "P1", "name": "Mairie de Dumbéa", "segment": "Collectivité", "insee": "98805", "postal_code": "98835",
         "city": "Dumbéa", "department": "988", "phone": "+687 41 40 00"},
        {"id": "P2", "name": "Mairie de Papeete", "segment": "Collectivité", "insee": "98735",
         "postal_code": "98714", "city": "Papeete", "department": "987"},
        {"id": "P3", "name": "Circonscription d'Alo", "segment": "Collectivité", "insee": "98611", "city": "Alo",
         "department": "986"},
    ])
    issues = next(w for w in validate_job(source, Context(today=TODAY)).writes.columns if w.header == "Anomalies")
    assert not any("Département" in (text or "") for text in issues.values)
    assert [department_of_insee(code) for code in ("98805", "98735", "98611", "97411", "2A004")] == [
        "988", "987", "986", "974", "2A"]
    assert department_of("98805", None, None) == department_of(None, "98835", None) == "988"
