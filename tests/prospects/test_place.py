from sicxl.prospects.place import authority_commune_name, check_place, fill_place
from sicxl.prospects.reading import Anomalies, read_rows
from sicxl.jobs.base import load_table
from sicxl.reference.communes import communes
from sicxl.schema.prospects import PROSPECTS
from tests.conftest import prospect_source


def _run(rows, fill=True):
    table = load_table(prospect_source(rows), PROSPECTS)
    anomalies = Anomalies()
    clean = read_rows(table, anomalies)
    filled = fill_place(table, clean, communes(), anomalies) if fill else None
    check_place(table, clean, communes(), anomalies)
    return table, clean, anomalies, filled


def test_fill_completes_codes_siren_and_population_of_a_commune_from_its_name():
    table, clean, anomalies, filled = _run([
        {"id": "P1", "name": "Mairie de Saint-Germain-en-Laye", "segment": "Collectivité"},
    ])
    row = clean.iloc[0]
    assert row["insee"] == "78551" and row["department"] == "78" and row["city"] == "Saint-Germain-en-Laye"
    assert row["siren"] == "200086924" and row["population"] == communes().get("78551").population
    assert row["postal_code"] is None  # two postal codes (78100, 78112): not guessed
    assert filled.count == 5


def test_fill_never_overwrites_what_the_user_typed():
    _, clean, _, filled = _run([
        {"id": "P1", "name": "Mairie de Poissy", "segment": "Collectivité", "city": "Poissy", "population": 12},
    ])
    assert clean.iloc[0]["population"] == 12
    assert "population" not in filled.filled


def test_an_organisation_does_not_get_the_commune_siren_nor_population():
    _, clean, _, _ = _run([
        {"id": "P1", "name": "Centre hospitalier de Versailles", "segment": "Santé", "city": "Le Chesnay-Rocquencourt"},
    ])
    row = clean.iloc[0]
    assert row["insee"] == "78158" and row["postal_code"] == "78150"
    assert row["siren"] is None and row["population"] is None


def test_homonym_communes_are_reported_not_guessed():
    _, clean, anomalies, _ = _run([{"id": "P1", "name": "Mairie", "segment": "Collectivité", "city": "Saint-Martin"}])
    assert clean.iloc[0]["insee"] is None
    assert "désigne 5 communes" in anomalies.text(2) and "(G2)" in anomalies.text(2)


def test_postal_code_narrows_homonyms():
    _, clean, _, _ = _run([{"id": "P1", "name": "Mairie", "city": "Saint-Martin", "postal_code": "65360"}])
    assert clean.iloc[0]["insee"] == "65392"


def test_contradicting_codes_are_reported_with_the_expected_value():
    _, _, anomalies, _ = _run([
        {"id": "P1", "name": "Mairie de Poissy", "segment": "Collectivité", "insee": "78498", "postal_code": "78100",
         "department": "92", "city": "Poissy"},
    ], fill=False)
    text = anomalies.text(2)
    assert "Code postal : « 78100 » ne correspond pas à Poissy (INSEE 78498) (78300 attendu) (F2)" in text
    assert "Département : « 92 »" in text


def test_unknown_codes_are_reported():
    _, _, anomalies, _ = _run([{"id": "P1", "name": "X", "insee": "78999", "postal_code": "78999"}], fill=False)
    assert "n'existe pas dans le code officiel géographique (E2)" in anomalies.text(2)
    assert "(F2)" in anomalies.text(2)


def test_authority_prefixes():
    assert authority_commune_name("Mairie de Saint-Germain-en-Laye") == "Saint-Germain-en-Laye"
    assert authority_commune_name("Ville d'Argenteuil") == "Argenteuil"
    assert authority_commune_name("Commune du Pecq") == "Pecq"
    assert authority_commune_name("ST GERMAIN EN LAYE (MAIRIE)") == "ST GERMAIN EN LAYE"
    assert authority_commune_name("Poissy - Mairie") == "Poissy"


def test_an_unreadable_cell_is_the_users_and_never_filled():
    table, clean, anomalies, filled = _run([
        {"id": "P1", "name": "Mairie de Poissy", "segment": "Collectivité", "city": "Poissy", "population": "douze"},
    ])
    assert "population" not in filled.filled and clean.iloc[0]["population"] is None
    assert "« douze » n'est pas un nombre" in anomalies.text(2)
