"""The files beside the workbook, read back with the library of each format."""

from __future__ import annotations

import csv
import datetime as dt
import email
import io
from email import policy

import docx
import icalendar

from sicxl.events.badges import badges_docx
from sicxl.documents.mail import Attachment
from sicxl.events.drafts import invitation_email
from sicxl.events.ics import event_calendar, event_uid, invitation_calendar
from sicxl.events.letters import letters_docx
from sicxl.events.mailing import mailing_csv, neutralize
from sicxl.events.selection import select

from tests.events.factories import meeting, prospect, prospects_frame, show

TODAY = dt.date(2026, 11, 2)


def _invitations():
    rows = [
        prospect(civility="M."),
        prospect(id="P0002", name="Mairie de L'Abergement-Clémenciat", decision_maker="=HYPERLINK(\"x\")",
                 role="-Maire", address="1 place de la Mairie", postal_code=1400, city="L'Abergement-Clémenciat",
                 email=None, department="01", civility="Mme"),
        prospect(id="P0003", name="Mairie de Cergy", decision_maker="Hélène Dupré", email="@dgs@ville-cergy.fr",
                 address="3 place Olympe de Gouges", postal_code="95000", city="Cergy"),
        prospect(id="P0004", opt_out="oui", email="refus@ville-poissy.fr"),
    ]
    return select("SAL-2026", prospects_frame(rows), None).invitations


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_is_utf8_with_bom_semicolons_and_only_the_invited() -> None:
    content = mailing_csv(_invitations())
    assert content.startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(content)
    assert rows[0][:3] == ["Événement", "ID personne", "Civilité"]
    assert [r[1] for r in rows[1:]] == ["P0001", "P0002", "P0003"]
    assert b"\r\n" in content and content.count(b";") > 10


def test_csv_keeps_codes_as_text() -> None:
    rows = _csv_rows(mailing_csv(_invitations()))
    header = rows[0]
    second = dict(zip(header, rows[2]))
    assert second["Code postal"] == "01400"
    assert second["Adresse 4"] == "01400 L ABERGEMENT CLEMENCIAT"


def test_csv_neutralises_formula_injection() -> None:
    rows = _csv_rows(mailing_csv(_invitations()))
    second = dict(zip(rows[0], rows[2]))
    assert second["Nom"] == "'=HYPERLINK(\"x\")"
    assert second["Fonction"] == "'-Maire"
    assert second["Formule d'appel"] == "Madame"
    for value in ("+33 1 39 22 55 00", "@SUM(A1)", "=1+1"):
        assert neutralize(value) == "'" + value
    assert neutralize("\t=1+1") == "'=1+1" and neutralize("\r\n-x") == "'-x"  # spaces first, then the guard
    assert neutralize("Mairie de Poissy") == "Mairie de Poissy"


def test_ics_without_attendees_paris_time_and_a_stable_uid() -> None:
    content = event_calendar(show(), TODAY)
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    [event] = calendar.walk("VEVENT")
    assert event.get("ATTENDEE") is None  # nobody's address shown to anybody
    assert str(event["ORGANIZER"]) == "mailto:claire.morel@energies-territoires.fr"
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART").strftime("%Y-%m-%d %H:%M %z") == "2026-11-24 09:00 +0100"
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)
    assert str(event["UID"]) == event_uid(show(title="Autre titre"))
    assert content == event_calendar(show(), TODAY)  # deterministic


def test_ics_request_names_one_attendee_only() -> None:
    invitation = _invitations()[0]
    calendar = icalendar.Calendar.from_ical(invitation_calendar(show(), invitation, TODAY))
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    attendee = event["ATTENDEE"]
    assert not isinstance(attendee, list)
    assert str(attendee) == "mailto:cabinet.maire@mairie-conflans.fr"
    assert attendee.params["RSVP"] == "TRUE" and attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["CN"] == "Laurent Brosse"
    assert str(event["UID"]) == event_uid(show())  # every person's request is the same meeting


def test_meeting_drafts_each_carry_one_persons_request() -> None:
    from tests.events.factories import staff_frame

    staff = staff_frame([{"staff_id": f"E{n:03d}", "name": f"Salarié {n}", "role": "Chargé d'affaires",
                          "agency": "Cergy", "email": f"salarie.{n}@energies-territoires.fr"} for n in range(1, 41)])
    invitations = select("REU-2026-12", staff, 40).invitations
    seen = set()
    for invitation in invitations:
        message = email.message_from_bytes(invitation_email(meeting(), invitation, TODAY, with_calendar=True),
                                           policy=policy.default)
        assert message["To"].addresses[0].addr_spec == invitation.email and "Cc" not in message
        [part] = [a for a in message.iter_attachments() if a.get_content_type() == "text/calendar"]
        assert part.get_param("method") == "REQUEST"
        [event] = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
        assert str(event["ATTENDEE"]) == f"mailto:{invitation.email}"
        assert event.decoded("DTEND").strftime("%H:%M") == "12:30"
        seen.add(str(event["UID"]))
    assert len(seen) == 1


def test_eml_is_an_unsent_draft_with_the_agenda_attached() -> None:
    invitation = _invitations()[0]
    agenda = Attachment("ordre_du_jour.pdf", b"%PDF-1.4 ordre du jour")
    message = email.message_from_bytes(invitation_email(meeting(), invitation, TODAY, agenda), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "Laurent Brosse <cabinet.maire@mairie-conflans.fr>"
    assert message["From"] == "Antoine Lefèvre <antoine.lefevre@energies-territoires.fr>"
    assert message["Subject"] == "Invitation : Réunion commerciale de fin d'année – jeudi 10 décembre 2026"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Monsieur,") and "de 9 h 30 à 12 h 30" in body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "ordre_du_jour.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == b"%PDF-1.4 ordre du jour"


def test_eml_without_agenda_is_plain_text() -> None:
    message = email.message_from_bytes(invitation_email(show(), _invitations()[0], TODAY), policy=policy.default)
    assert message.get_content_type() == "text/plain"
    assert not list(message.iter_attachments())


def test_letters_only_for_people_without_email_one_page_each() -> None:
    document = docx.Document(io.BytesIO(letters_docx(show(), _invitations(), TODAY)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("Objet : invitation") == 2  # P0002 (no e-mail) and P0003 (invalid e-mail)
    assert "01400 L ABERGEMENT CLEMENCIAT" in text and "95000 CERGY" in text
    assert "Madame," in text and "Le lundi 2 novembre 2026" in text
    assert "{{" not in text


def test_letters_from_a_users_template() -> None:
    template = docx.Document()
    template.add_paragraph("{{adresse}}")
    template.add_paragraph("{{formule}}, venez nous voir : {{titre}}.")
    buffer = io.BytesIO()
    template.save(buffer)
    document = docx.Document(io.BytesIO(letters_docx(show(), _invitations(), TODAY, buffer.getvalue())))
    texts = [p.text for p in document.paragraphs if p.text]
    assert "Madame, venez nous voir : Salon des maires et des collectivités locales 2026." in texts


def test_badges_sheet_two_per_row() -> None:
    invited = [i for i in _invitations() if i.status == "Invité"]
    document = docx.Document(io.BytesIO(badges_docx(show(), invited)))
    [table] = document.tables
    assert len(table.rows) == 2 and len(table.columns) == 2
    assert table.cell(0, 0).paragraphs[0].text == "Laurent Brosse"
    assert "Mairie de Cergy" in table.cell(1, 0).text
