import datetime as dt

from sicxl.jobs.base import load_table
from sicxl.messages import prospects as msg
from sicxl.prospects.checks import check_rows
from sicxl.prospects.reading import Anomalies, read_rows
from sicxl.schema.prospects import PROSPECTS
from tests.conftest import TODAY, prospect_source

BASE = {"id": "P1", "name": "Mairie de Poissy", "segment": "Collectivité", "siren": "217804988", "insee": "78498",
        "postal_code": "78300", "city": "Poissy", "department": "78", "population": 38000,
        "phone": "01 39 22 55 00", "email": "dst@ville-poissy.fr", "undeliverable": 0, "opt_out": "non"}


def _check(*rows, headers=None):
    table = load_table(prospect_source(rows, headers), PROSPECTS)
    anomalies = Anomalies()
    clean = read_rows(table, anomalies)
    check_rows(table, clean, anomalies, TODAY)
    return table, clean, anomalies


def test_a_clean_row_has_no_anomaly():
    _, _, anomalies = _check(BASE)
    assert anomalies.text(2) == ""


def test_unreadable_cells_name_the_cell():
    _, clean, anomalies = _check({**BASE, "population": "douze"})
    assert "Population : « douze » n'est pas un nombre (J2)" in anomalies.text(2)
    assert clean.iloc[0]["population"] is None


def test_french_numbers_are_accepted_and_impossible_values_reported():
    _, clean, anomalies = _check({**BASE, "population": "1 354 304"}, {**BASE, "id": "P2", "population": -150})
    assert clean.iloc[0]["population"] == 1354304
    assert "Population : « -150 » est négatif, ce qui est impossible (J3)" in anomalies.text(3)


def test_required_fields_and_duplicate_ids():
    _, _, anomalies = _check({**BASE, "name": None}, {**BASE, "name": "Mairie de Poissy bis"})
    assert "Raison sociale : obligatoire, la cellule est vide (B2)" in anomalies.text(2)
    assert "ID : « P1 » est déjà utilisé ligne 2 (A3)" in anomalies.text(3)


def test_siren_phone_email_formats():
    _, _, anomalies = _check({**BASE, "siren": "217804989", "phone": "01 23 45", "email": "contact@@mairie"})
    text = anomalies.text(2)
    assert "SIREN : « 217804989 » clé de contrôle invalide" in text
    assert "Téléphone : « 01 23 45 »" in text and "E-mail : « contact@@mairie »" in text
    assert set(anomalies.kinds[2]) == {msg.SIREN, msg.PHONE, msg.EMAIL}


def test_siren_typed_as_a_number_keeps_its_digits():
    _, clean, anomalies = _check({**BASE, "siren": 217804988.0})
    assert clean.iloc[0]["siren"] == "217804988" and anomalies.text(2) == ""


def test_returned_mail_and_opposition_forbid_mailing():
    _, _, anomalies = _check({**BASE, "undeliverable": 2, "opt_out": "oui"})
    assert anomalies.has(2, msg.UNDELIVERABLE) and anomalies.has(2, msg.OPT_OUT)
    assert "NPAI : 2 courriers revenus" in anomalies.text(2)


def test_no_way_to_contact():
    _, _, anomalies = _check({**BASE, "phone": None, "email": None})
    assert anomalies.has(2, msg.NO_CONTACT)


def test_dates_typed_as_text_and_future_dates():
    _, clean, anomalies = _check({**BASE, "last_contact": "04/04/2025"},
                                 {**BASE, "id": "P2", "last_contact": TODAY + dt.timedelta(days=3)})
    assert clean.iloc[0]["last_contact"] == dt.date(2025, 4, 4)
    assert anomalies.has(3, msg.FUTURE)


def test_error_values_and_choices():
    _, _, anomalies = _check({**BASE, "population": "#N/A", "heat": "Brûlant", "segment": "Collectivites"})
    text = anomalies.text(2)
    assert "Population : la cellule contient l'erreur #N/A (J2)" in text
    assert "Température : « Brûlant » n'est pas dans la liste" in text
    assert "Type" not in text  # "Collectivites" matches "Collectivité" without accents


def test_moved_renamed_and_extra_columns():
    headers = ["email", "Notes internes", "name", "id", "CP", "Ville"]
    rows = [{"email": "dst@ville-poissy.fr", "Notes internes": "rappeler", "name": "Mairie de Poissy", "id": "P1",
             "CP": "7830", "Ville": "Poissy"}]
    table, clean, anomalies = _check(*rows, headers=headers)
    assert table.columns["postal_code"] == 5 and table.columns["city"] == 6
    assert table.extra_headers == {2: "Notes internes"}
    assert "Code postal : « 7830 » doit compter 5 chiffres (E2)" in anomalies.text(2)
