"""French as a French reader expects it (sicxl.messages.french): elision, contraction, plural."""

from __future__ import annotations

import pytest

from sicxl.messages import dashboard as dashboard_msg
from sicxl.messages import prospects as prospects_msg
from sicxl.messages.french import a, counted, de, elide, plural, starts_with_vowel_sound
from sicxl.samples.prospects import sample_rows


@pytest.mark.parametrize("name, expected", [
    ("Aubergenville", "d'Aubergenville"),
    ("Écquevilly", "d'Écquevilly"),
    ("Osny", "d'Osny"),
    ("Le Vésinet", "du Vésinet"),
    ("Les Mureaux", "des Mureaux"),
    ("La Celle-Saint-Cloud", "de La Celle-Saint-Cloud"),
    ("L'Isle-Adam", "de L'Isle-Adam"),
    ("Poissy", "de Poissy"),
    ("Hermeray", "de Hermeray"),  # aspirated h
    ("Herblay-sur-Seine", "d'Herblay-sur-Seine"),  # mute h
    ("Yvelines", "d'Yvelines"),
    ("ORGERUS", "d'ORGERUS"),
    ("  Andrésy ", "d'Andrésy"),
])
def test_de_before_a_place(name, expected):
    assert de(name) == expected


def test_a_person_takes_the_elision_but_never_the_contraction():
    assert de("Antoine Lefèvre", person=True) == "d'Antoine Lefèvre"
    assert de("Le Guen", person=True) == "de Le Guen"
    assert de("Isabelle Fournier", person=True) == "d'Isabelle Fournier"


def test_a_before_a_place():
    assert [a(n) for n in ("Versailles", "Le Pecq", "Les Mureaux", "Aubergenville")] == [
        "à Versailles", "au Pecq", "aux Mureaux", "à Aubergenville"]


def test_elision_of_other_short_words():
    assert elide("le", "hôpital") == "l'hôpital"
    assert elide("la", "habitation") == "l'habitation"
    assert elide("le", "hameau") == "le hameau"
    assert elide("que", "il") == "qu'il"
    assert elide("De", "Isabelle") == "D'Isabelle"
    assert elide("pour", "Antoine") == "pour Antoine"  # only the short words elide
    assert not starts_with_vowel_sound("") and not starts_with_vowel_sound("Yaoundé")


def test_plural_from_two():
    assert [plural(n, "contrat") for n in (0, 1, 1.5, 2)] == ["contrat", "contrat", "contrat", "contrats"]
    assert counted(8, "tableau", "tableaux") == "8 tableaux" and counted(1, "tableau", "tableaux") == "1 tableau"


def test_messages_use_the_rules():
    assert dashboard_msg.owner_sheet_title("Antoine Lefèvre") == "Tableau de bord d'Antoine Lefèvre"
    assert "d'Isabelle Fournier" in dashboard_msg.zero_objective("CA signé", "2025-04", "Isabelle Fournier")
    assert dashboard_msg.summary("2025-04", 8, 7) == (
        "Tableau de bord d'avril 2025 : 7 indicateurs, 8 tableaux de bord individuels.")
    assert "ne correspond pas au Vésinet" in prospects_msg.place_conflict("Code postal", "78000", "78110",
                                                                          "Le Vésinet", "F3")


def test_the_sample_names_its_town_halls_in_good_french():
    names = [row["name"] for row in sample_rows() if row.get("name")]
    assert not any(" de Le " in n or " de Les " in n or " DE LE " in n for n in names)
    assert not any(n.split(" de ", 1)[-1][:1] in "AEIOUÉÈ" for n in names if n.startswith("Mairie de "))
    assert any(n.startswith("Mairie d'") for n in names) and any(n.startswith("Mairie du ") for n in names)
