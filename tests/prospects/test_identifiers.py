import pytest

from sicxl.prospects.contacts import email_problem, format_phone, phone_problem
from sicxl.prospects.identifiers import (
    department_of_insee,
    department_problem,
    insee_problem,
    luhn_valid,
    postal_code_problem,
    siren_problem,
    siret_valid,
)
from sicxl.reference.communes import communes


def test_every_commune_siren_of_the_reference_passes_luhn():
    sirens = [c.siren for c in communes().by_insee.values() if c.siren]
    assert len(sirens) > 34000
    assert all(siren_problem(s) is None for s in sirens)


def test_any_single_wrong_digit_of_a_siren_fails_the_check():
    """What the key is for: one digit typed wrong, wherever, is always caught."""
    sirens = [c.siren for c in list(communes().by_insee.values())[:300] if c.siren]
    for siren in sirens:
        for position in range(9):
            for digit in "0123456789":
                typo = siren[:position] + digit + siren[position + 1:]
                assert luhn_valid(typo) == (typo == siren)


def test_siren_typo_is_caught_by_the_check_digit():
    assert siren_problem("200086924") is None  # Saint-Germain-en-Laye
    assert "clé" in siren_problem("200086925")
    assert "9 chiffres" in siren_problem("20008692")


def test_la_poste_establishments_are_the_documented_exception():
    assert siren_problem("356000000") is None
    la_poste_siret = "35600000000001"  # digits sum to 15: La Poste's rule, not Luhn's
    assert not luhn_valid(la_poste_siret) and siret_valid(la_poste_siret)
    assert not siret_valid("35600000000002")


def test_a_siret_in_the_siren_column_is_recognised():
    assert "356000000" in siren_problem("35600000000001")
    assert "SIREN en est les 9 premiers chiffres, 552100554" in siren_problem("55210055400013")
    assert "clé de contrôle est invalide" in siren_problem("55210055400014")


@pytest.mark.parametrize("code, ok", [("78551", True), ("2A004", True), ("97411", True), ("7855", False), ("7A551", False)])
def test_insee_format(code, ok):
    assert (insee_problem(code) is None) is ok


def test_postal_code_and_department_formats():
    assert postal_code_problem("01400") is None and postal_code_problem("1400") is not None
    assert department_problem("2B") is None and department_problem("971") is None
    assert department_problem("96") is not None and department_problem("00") is not None
    assert department_of_insee("97411") == "974" and department_of_insee("78551") == "78"


@pytest.mark.parametrize("phone", ["01 39 22 55 00", "01.39.22.55.00", "+33 1 39 22 55 00", "+33 (0)1 39 22 55 00",
                                   "0033139225500", "0139225500", "06 12 34 56 78"])
def test_french_phone_spellings_are_valid(phone):
    assert phone_problem(phone) is None
    assert format_phone(phone).replace(" ", "").endswith("139225500") or phone.startswith("06")


@pytest.mark.parametrize("phone", ["01 23 45", "abc", "01 39 22 55 00 00 00"])
def test_bad_phones(phone):
    assert phone_problem(phone) is not None


def test_emails():
    assert email_problem("dst@ville-poissy.fr") is None
    assert email_problem("contact@@mairie") is not None
    assert email_problem("jean.dupont@") is not None


from hypothesis import given, settings, strategies as st  # noqa: E402
import phonenumbers  # noqa: E402
from email_validator import EmailNotValidError, validate_email  # noqa: E402


@settings(max_examples=3000, deadline=None)
@given(st.from_regex(r"0[1-9][0-9]{8}", fullmatch=True), st.sampled_from(["{}", "+33{}", "0033{}"]))
def test_fast_phone_path_agrees_with_phonenumbers(number, spelling):
    text = spelling.format(number if spelling == "{}" else number[1:])
    expected = phonenumbers.is_valid_number(phonenumbers.parse(text, "FR"))
    assert (phone_problem(text) is None) is expected


@settings(max_examples=1500, deadline=None)
@given(st.from_regex(r"[a-zA-Z0-9._%+-]{1,12}@[a-zA-Z0-9.-]{1,12}\.[a-z]{1,4}", fullmatch=True))
def test_fast_email_path_agrees_with_email_validator(address):
    try:
        validate_email(address, check_deliverability=False)
        expected = True
    except EmailNotValidError:
        expected = False
    assert (email_problem(address) is None) is expected
