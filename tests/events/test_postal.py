"""Addresses in the French postal norm NF Z10-011, on real addresses."""

from __future__ import annotations

import string

from hypothesis import given, strategies as st

from sicxl.events.postal import MAX_LINES, MAX_WIDTH, address_lines, has_postal_address, postal_address, postal_text


def test_town_hall_of_conflans_in_the_six_line_layout() -> None:
    lines = address_lines(name="Laurent Brosse", organisation="Mairie de Conflans-Sainte-Honorine", role="Maire",
                          civility="M.", address="Hôtel de ville, 63 rue Maurice Berteaux", postal_code="78700",
                          city="Conflans-Sainte-Honorine")
    assert lines == [
        "Mairie de Conflans-Sainte-Honorine",  # 1: the organisation
        "M. Laurent Brosse, Maire",  # 2: the person and function
        "Hôtel de ville",  # 3: the building
        "63 RUE MAURICE BERTEAUX",  # 4: number and street, capitals
        "78700 CONFLANS SAINTE HONORINE",  # 6: code and commune without hyphens
    ]


def test_cs_mention_and_cedex_of_the_val_d_oise_department() -> None:
    lines = address_lines(name="Anne Leclerc", organisation="Conseil départemental du Val-d'Oise",
                          address="Hôtel du Département, 2 avenue du Parc, CS 20201 Cergy", postal_code="95032",
                          city="Cergy-Pontoise Cedex")
    assert lines[3:] == ["2 AVENUE DU PARC", "CS 20201 CERGY", "95032 CERGY PONTOISE CEDEX"]


def test_last_line_in_capitals_without_accents_or_punctuation() -> None:
    lines = address_lines(organisation="Mairie de L'Haÿ-les-Roses", address="41, rue Jean Jaurès",
                          postal_code="94240", city="L'Haÿ-les-Roses")
    assert lines[-2:] == ["41 RUE JEAN JAURES", "94240 L HAY LES ROSES"]
    assert postal_text("Saint-Germain-en-Laye") == "SAINT GERMAIN EN LAYE"


def test_postal_code_stored_as_a_number_gets_its_leading_zero_back() -> None:
    lines = address_lines(organisation="Mairie", address="1 place de la Mairie", postal_code=1400.0,
                          city="L'Abergement-Clémenciat")
    assert lines[-1] == "01400 L ABERGEMENT CLEMENCIAT"


def test_longest_commune_name_is_abbreviated_then_cut_with_a_note() -> None:
    address = postal_address(organisation="Mairie", address="1 place de la Mairie", postal_code="51290",
                             city="Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson")
    assert address.lines[-1] == "51290 ST REMY EN BOUZEMONT ST GENEST"
    assert len(address.lines[-1]) <= MAX_WIDTH
    assert "ligne 6" in address.notes[0]


def test_long_street_uses_la_poste_abbreviations_first() -> None:
    address = postal_address(organisation="Mairie", address="12 boulevard du Maréchal de Lattre de Tassigny",
                             postal_code="95100", city="Argenteuil")
    assert address.lines[1] == "12 BD DU MAL DE LATTRE DE TASSIGNY"
    assert address.notes == ()


def test_function_dropped_rather_than_exceed_38_characters() -> None:
    lines = address_lines(name="Anne-Sophie Delacroix", organisation="Versailles Habitat",
                          role="Directrice du patrimoine et de la maintenance", civility="Mme",
                          address="9 rue Saint-Charles", postal_code="78000", city="Versailles")
    assert lines[1] == "Mme Anne-Sophie Delacroix"


def test_lieu_dit_and_bp_go_to_line_five() -> None:
    lines = address_lines(organisation="Mairie de Bazemont", address="Lieu-dit Le Bourg, BP 12",
                          postal_code="78580", city="Bazemont")
    assert lines == ["Mairie de Bazemont", "LIEU DIT LE BOURG BP 12", "78580 BAZEMONT"]


def test_usable_postal_address_needs_street_code_and_commune() -> None:
    assert has_postal_address("4 avenue de Paris", "78000", "Versailles")
    assert not has_postal_address(None, "78000", "Versailles")
    assert not has_postal_address("4 avenue de Paris", "7800", "Versailles")
    assert not has_postal_address("4 avenue de Paris", "78000", None)


words = st.text(alphabet=string.ascii_letters + "éèàçôÿ'- ,", min_size=0, max_size=80)


@given(name=words, organisation=words, role=words, address=words, city=words)
def test_never_more_than_six_lines_of_38_characters(name: str, organisation: str, role: str, address: str,
                                                   city: str) -> None:
    lines = address_lines(name=name, organisation=organisation, role=role, address=address, postal_code="78000",
                          city=city)
    assert len(lines) <= MAX_LINES
    assert all(0 < len(line) <= MAX_WIDTH for line in lines)


def test_civility_typed_before_the_name_is_read_never_guessed():
    from sicxl.events.people import split_civility

    assert split_civility("Mme Claire Morel") == ("Mme", "Claire Morel")
    assert split_civility("M. Jean Martin") == ("M.", "Jean Martin")
    assert split_civility("Monsieur Paul Roux") == ("M.", "Paul Roux")
    assert split_civility("Claire Morel") == ("", "Claire Morel")
    assert split_civility("Marc Dupont") == ("", "Marc Dupont")
