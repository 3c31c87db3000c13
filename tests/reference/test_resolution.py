"""Which commune a name designates, as people type communes (issue 14, point 3)."""

from __future__ import annotations

import pytest

from sicxl.reference.communes import communes
from sicxl.reference.resolution import (
    BY_FORMER_CODE,
    BY_FORMER_COMMUNE,
    BY_NAME,
    BY_START_OF_NAME,
    department_of_postal_code,
    resolve_code,
    resolve_name,
    resolve_postal_code,
)


def _insee(place):
    return place.commune.insee if place.commune else None


@pytest.mark.parametrize("name, postal_code, department, insee, how", [
    ("Versailles", "78000", None, "78646", BY_NAME),
    ("VERSAILLES CEDEX", None, None, None, None),  # the row reader strips Cedex; the name alone is not a commune
    ("Sannois", "95100", None, "95582", BY_NAME),  # Argenteuil's code: found in the département, checked later
    ("Le Chesnay", "78150", None, "78158", BY_FORMER_COMMUNE),
    ("Le Chesnay", None, None, "78158", BY_FORMER_COMMUNE),
    ("Rocquencourt", "78150", None, "78158", BY_FORMER_COMMUNE),  # not Rocquencourt (60): the postal code says 78
    ("Rocquencourt", None, None, "60544", BY_NAME),  # today's name first, when nothing narrows
    ("Herblay", "95220", None, "95306", BY_START_OF_NAME),
    ("Montigny", None, "78", "78423", BY_START_OF_NAME),
    ("Montigny", None, "95", "95424", BY_START_OF_NAME),
    ("Saint-Martin", "65360", None, "65392", BY_NAME),
])
def test_a_typed_name_finds_its_commune(name, postal_code, department, insee, how):
    place = resolve_name(communes(), name, postal_code, department)
    assert _insee(place) == insee
    if insee:
        assert place.how == how


def test_homonyms_are_listed_not_guessed():
    place = resolve_name(communes(), "Saint-Martin")
    assert place.commune is None and len(place.candidates) == 5
    montigny = resolve_name(communes(), "Montigny")  # five communes are named so; the start is not tried nationally
    assert montigny.commune is None and {c.department for c in montigny.candidates} == {"14", "18", "45", "54", "76"}


def test_an_intercommunality_says_so():
    place = resolve_name(communes(), "Cergy-Pontoise", "95000")
    assert place.commune is None and place.intercommunality.name == "CA de Cergy-Pontoise"


def test_an_unknown_name_comes_with_the_closest_ones_in_its_area():
    place = resolve_name(communes(), "Franconvile", "95130")
    assert place.commune is None and [c.name for c in place.closest] == ["Franconville"]
    place = resolve_name(communes(), "Sanois", None, "95")
    assert place.commune is None and "Sannois" in [c.name for c in place.closest]
    assert place.area.department == "95"


def test_codes():
    assert resolve_code(communes(), "78646").commune.name == "Versailles"
    former = resolve_code(communes(), "78524")
    assert former.how == BY_FORMER_CODE and former.commune.insee == "78158"
    assert resolve_code(communes(), "78999").commune is None
    assert resolve_postal_code(communes(), "78000").commune.name == "Versailles"
    assert len(resolve_postal_code(communes(), "95000").candidates) == 4
    assert department_of_postal_code("95100") == "95" and department_of_postal_code("97110") == "971"
    assert department_of_postal_code("20000") is None  # 2A or 2B


def test_the_closest_names_without_rapidfuzz(monkeypatch):
    """xlwings Lite (Pyodide) has no rapidfuzz: the standard library gives the same names."""
    import sys

    with_rapidfuzz = resolve_name(communes(), "Sanois", None, "95").closest
    monkeypatch.setitem(sys.modules, "rapidfuzz", None)  # import fails
    assert resolve_name(communes(), "Sanois", None, "95").closest == with_rapidfuzz
    assert [c.name for c in resolve_name(communes(), "Franconvile", "95130").closest] == ["Franconville"]
