"""Who is invited to an event, and why each left-out person is left out."""

from __future__ import annotations

import pandas as pd

from sicxl.events.selection import INVITABLE, invitable, select
from sicxl.events.target import in_target, parse_target
from sicxl.schema.events import BY_EMAIL, BY_POST, EXCLUDED, INVITED, PROSPECT_SOURCE, STAFF_SOURCE

from tests.events.factories import prospect, prospects_frame, staff_frame


def _draw(rows: list[dict], capacity: int | None = None):
    return select("SAL-2026", prospects_frame(rows), capacity)


def _reason(rows: list[dict], person: str, capacity: int | None = None) -> str:
    return next(i.reason for i in _draw(rows, capacity).invitations if i.person == person)


def test_valid_prospect_is_invited_by_email() -> None:
    [invitation] = _draw([prospect()]).invitations
    assert (invitation.status, invitation.channel, invitation.rank) == (INVITED, BY_EMAIL, 1)
    assert invitation.address_lines[-1] == "78700 CONFLANS SAINTE HONORINE"


def test_opposition_is_always_honoured() -> None:
    assert _reason([prospect(opt_out="oui")], "P0001") == "Opposition : refus de prospection (RGPD)"


def test_unreadable_opposition_excludes_too_and_is_reported() -> None:
    selection = _draw([prospect(opt_out="peut-être")])
    assert selection.invitations[0].status == EXCLUDED
    assert "Opposition illisible" in selection.invitations[0].reason
    assert [(f.field, f.row) for f in selection.findings] == [("opt_out", 2)]


def test_npai_from_one_returned_mail() -> None:
    assert _reason([prospect(undeliverable=1)], "P0001") == "NPAI : 1 courrier revenu"
    assert _reason([prospect(undeliverable="3")], "P0001") == "NPAI : 3 courriers revenus"
    assert _reason([prospect(undeliverable=0)], "P0001") == ""


def test_duplicate_named_by_the_prospect_file() -> None:
    rows = [prospect(), prospect(id="P0151", email="dst@mairie-conflans.fr", duplicate_of="P0001 (94 %)")]
    assert _reason(rows, "P0151") == "Doublon de P0001 (94 %)"


def test_same_person_twice_is_invited_once() -> None:
    rows = [prospect(), prospect(id="P0152", name="Ville de Conflans-Sainte-Honorine")]  # same e-mail
    selection = _draw(rows)
    assert [i.status for i in selection.invitations] == [INVITED, EXCLUDED]
    assert selection.invitations[1].reason == "Doublon : même personne que P0001"
    assert selection.findings[0].kind == "Personne en double"


def test_same_person_in_prospects_and_staff_is_a_duplicate_across_sources() -> None:
    people = pd.concat([
        prospects_frame([prospect(email="laurent.brosse@energies-territoires.fr")]),
        staff_frame([{"staff_id": "E007", "name": "Laurent Brosse", "role": "Chargé d'affaires",
                      "agency": "Cergy", "email": "Laurent.Brosse@energies-territoires.fr"}]),
    ], ignore_index=True)
    selection = select("SAL-2026", people, None)
    assert [(i.source, i.status) for i in selection.invitations] == [(PROSPECT_SOURCE, INVITED),
                                                                     (STAFF_SOURCE, EXCLUDED)]
    assert selection.invitations[1].reason == "Doublon : même personne que P0001"


def test_no_email_nor_postal_address() -> None:
    row = prospect(email=None, address=None)
    assert _reason([row], "P0001") == "Ni e-mail valide ni adresse postale complète"


def test_invalid_email_falls_back_to_post_and_is_reported() -> None:
    selection = _draw([prospect(email="contact@@mairie")])
    invitation = selection.invitations[0]
    assert (invitation.status, invitation.channel, invitation.email) == (INVITED, BY_POST, "")
    assert selection.findings[0].kind == "E-mail invalide"
    assert "contact@@mairie" in selection.findings[0].text


def test_over_capacity_ranked_by_category_then_score() -> None:
    rows = [
        prospect(id="P0010", email="a@ville-poissy.fr", name="Mairie de Poissy", category="Accessible", score=40),
        prospect(id="P0011", email="b@ville-versailles.fr", name="Mairie de Versailles", category="Stratégique",
                 score=88),
        prospect(id="P0012", email="c@ville-cergy.fr", name="Mairie de Cergy", category="Important", score=60),
        prospect(id="P0013", email="d@ville-sartrouville.fr", name="Mairie de Sartrouville", category="Important",
                 score=75),
    ]
    selection = _draw(rows, capacity=2)
    invited = {i.person: i.rank for i in selection.invitations if i.status == INVITED}
    assert invited == {"P0011": 1, "P0013": 2}
    assert _reason(rows, "P0012", capacity=2) == "Au-delà de la capacité (2 places)"
    assert _reason(rows, "P0010", capacity=2) == "Au-delà de la capacité (2 places)"


def test_excluded_people_do_not_take_seats() -> None:
    rows = [prospect(opt_out="oui"), prospect(id="P0002", email="dgs@ville-cergy.fr", name="Mairie de Cergy")]
    selection = _draw(rows, capacity=1)
    assert [i.status for i in selection.invitations] == [EXCLUDED, INVITED]


def test_invitable_says_oui_or_the_reason() -> None:
    assert invitable(opt_out="non", undeliverable=0, email="dgs@ville-cergy.fr") == INVITABLE
    assert invitable(opt_out="OUI") == "Opposition : refus de prospection (RGPD)"
    assert invitable(undeliverable=2, email="dgs@ville-cergy.fr") == "NPAI : 2 courriers revenus"
    assert invitable(address="2 avenue du Parc", postal_code="95032", city="Cergy") == INVITABLE
    assert invitable() == "Ni e-mail valide ni adresse postale complète"


def test_target_reads_segments_categories_departments_and_functions() -> None:
    target = parse_target("Collectivités, Habitat public ; Stratégique ; 78, 95 ; Maire, DGS", "Salon")
    assert target.sources == {PROSPECT_SOURCE}
    assert target.segments == {"Collectivité", "Habitat public"}
    assert target.categories == {"Stratégique"}
    assert target.departments == {"78", "95"}
    assert target.functions == ("maire", "dgs")


def test_target_filters_the_file() -> None:
    people = prospects_frame([
        prospect(),  # Maire, 78, Collectivité, Important
        prospect(id="P0002", role="Adjoint au maire chargé des travaux", department="95"),
        prospect(id="P0003", role="Directeur des services techniques", department="78"),
        prospect(id="P0004", segment="Santé", role="Maire", department="78"),
    ])
    mask = in_target(people, parse_target("Collectivité ; Maire ; 78", "Salon"))
    assert people.loc[mask, "key"].tolist() == ["P0001"]
    mask = in_target(people, parse_target("Collectivité ; maire", "Salon"))
    assert people.loc[mask, "key"].tolist() == ["P0001", "P0002"]


def test_meeting_convenes_staff_by_agency_or_function() -> None:
    people = staff_frame([
        {"staff_id": "E001", "name": "Claire Morel", "role": "Directrice marketing", "agency": "Versailles"},
        {"staff_id": "E002", "name": "Julien Caron", "role": "Chargé d'affaires", "agency": "Cergy"},
    ])
    assert in_target(people, parse_target("", "Réunion")).tolist() == [True, True]
    assert in_target(people, parse_target("Cergy", "Réunion")).tolist() == [False, True]


def test_address_cut_to_38_characters_is_reported_for_the_invited() -> None:
    row = prospect(city="Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson", postal_code="51290")
    selection = _draw([row])
    assert [(f.field, f.kind) for f in selection.findings] == [("address", "Adresse à vérifier")]
    assert selection.invitations[0].address_lines[-1] == "51290 ST REMY EN BOUZEMONT ST GENEST"
