"""Property (issue 13, point 9): any text a person can type in a cell (line breaks
typed with Alt+Enter, control characters pasted from elsewhere, emoji, 32,767
characters) goes through every file sicxl writes for people, and each file reads
back with the library of its format: Python's `email` parser for .eml, `icalendar`
for .ics, python-docx for letters and badges, `csv` for the mail-merge list."""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.header
import email.utils
import io
from email import policy

import docx
import icalendar
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sicxl.documents.mail import MAX_NAME, MAX_SUBJECT, Mailbox, draft, shown
from sicxl.documents.names import Unique, name_part
from sicxl.documents.text import multi_line, one_line
from sicxl.events.badges import badges_docx
from sicxl.events.drafts import invitation_email
from sicxl.events.ics import event_calendar, invitation_calendar
from sicxl.events.letters import letters_docx
from sicxl.events.mailing import mailing_csv, neutralize
from sicxl.events.selection import select
from sicxl.jobs.base import Context
from sicxl.jobs.events import invite
from tests.events.factories import events_workbook, meeting, prospect, prospects_frame, prospects_workbook, show

TODAY = dt.date(2026, 11, 2)
LONGEST = 32767  # Excel's longest cell
TYPED = st.sampled_from(["\n", "\r\n", "\r", "\t", "\x0b", "\x0c", "\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f",
                         "\u2028", "\ufeff", "\ufffe", "😀", "👩‍👩‍👧", "\u00a0", "é", '"', "'", ";", ",", ":", "\\",
                         "<", ">", "@", "=", "-", "^", "{{nom}}", " "])
ANY_TEXT = st.lists(st.one_of(TYPED, st.text(st.characters(codec="utf-8"), max_size=8)), max_size=12).map("".join)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def display_name(raw: bytes, header: str = "To") -> str:
    """The display name of a one-address header as RFC 2047 reads it. Python 3.11's
    modern parser (policy.default) adds a space between two adjacent encoded-words of
    a display name, which section 6.2 of RFC 2047 says to ignore (CPython gh-128110,
    fixed in later versions), so the phrase is decoded here: a quoted string is
    unquoted, encoded-words are decoded by the legacy decoder, which follows the RFC."""
    value = email.message_from_bytes(raw)[header]
    if "<" not in value:
        return ""
    phrase = value[: value.rindex("<")].strip()
    if phrase.startswith('"'):
        return email.utils.unquote(phrase)
    return str(email.header.make_header(email.header.decode_header(phrase)))


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _invitations(name: str, organisation: str, address: str, role: str):
    rows = [prospect(decision_maker=name, name=organisation, address=address, role=role),
            prospect(id="P0002", decision_maker=name, name=organisation + " (courrier)", address=address,
                     email=None, role=role, civility="Mme")]
    return [i for i in select("SAL-2026", prospects_frame(rows), None).invitations if i.invited]


@SETTINGS
@given(title=ANY_TEXT, name=ANY_TEXT, organisation=ANY_TEXT, place=ANY_TEXT, agenda=ANY_TEXT, role=ANY_TEXT)
@example(title="Salon\ndes maires", name="Hervé\x0bBertrand", organisation="Mairie 🎉", place="", agenda="1.\r\n2.",
         role="Maire\x00")
@example(title="S" * LONGEST, name="N" * LONGEST, organisation="O" * LONGEST, place="P" * LONGEST,
         agenda=("ligne\n" * 6000)[:LONGEST], role="R" * LONGEST)
def test_invitation_files_read_back(title: str, name: str, organisation: str, place: str, agenda: str,
                                    role: str) -> None:
    event = show(title=title or "Salon", place=place, agenda=agenda, organizer=name)
    invitations = _invitations(name, organisation, "12 rue de la Paix", role)
    by_mail, by_post = invitations[0], invitations[-1]

    rows = _csv_rows(mailing_csv(invitations))
    assert len(rows) == 1 + len(invitations)
    assert all(len(r) == len(rows[0]) for r in rows)
    assert rows[1][rows[0].index("Nom")] == neutralize(one_line(by_mail.name))

    [published] = icalendar.Calendar.from_ical(event_calendar(event, TODAY)).walk("VEVENT")
    assert str(published["SUMMARY"]) == one_line(event.title)
    assert str(published.get("DESCRIPTION", "")) == multi_line(agenda)
    [request] = icalendar.Calendar.from_ical(invitation_calendar(event, by_mail, TODAY)).walk("VEVENT")
    assert str(request["ATTENDEE"]) == f"mailto:{by_mail.email}"

    raw = invitation_email(event, by_mail, TODAY, with_calendar=True)
    message = email.message_from_bytes(raw, policy=policy.default)
    subject = str(message["Subject"])
    assert subject == shown(f"Invitation : {one_line(event.title)} – mardi 24 novembre 2026", MAX_SUBJECT)
    [to] = message["To"].addresses
    assert to.addr_spec == by_mail.email and display_name(raw) == shown(by_mail.name or by_mail.organisation, MAX_NAME)
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert one_line(event.title) in body and one_line(name) in body
    [calendar_part] = list(message.iter_attachments())
    icalendar.Calendar.from_ical(calendar_part.get_content())

    letters = _docx_text(letters_docx(event, [by_post], TODAY))
    assert one_line(event.title) in letters and "{{formule}}" not in letters and "{{titre}}" not in letters
    badges = _docx_text(badges_docx(event, invitations))
    assert one_line(by_mail.organisation) in badges or one_line(by_mail.name) in badges


@SETTINGS
@given(subject=ANY_TEXT, body=ANY_TEXT, name=ANY_TEXT)
@example(subject="x" * LONGEST, body="y" * LONGEST, name="z" * LONGEST)
def test_any_draft_reads_back(subject: str, body: str, name: str) -> None:
    raw = draft(Mailbox(name, "claire.morel@energies-territoires.fr"), subject, body, "clé")
    message = email.message_from_bytes(raw, policy=policy.default)
    assert str(message["Subject"]) == shown(subject, MAX_SUBJECT)
    assert display_name(raw) == shown(name, MAX_NAME)
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == multi_line(body) + "\n"


@SETTINGS
@given(values=st.lists(ANY_TEXT, min_size=1, max_size=6))
@example(values=["CON", "nul", "A/B", "A B", "../../etc/passwd", "C:\\Windows", "é" * LONGEST, "é" * LONGEST + "x"])
def test_file_names_from_any_cell_are_safe_and_distinct(values: list[str]) -> None:
    unique = Unique()
    names = [unique(v) for v in values]
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 64 and name.isascii() and "/" not in name and "\\" not in name
        assert not name.startswith(".") and name.casefold() not in ("con", "nul", "prn", "aux")
    assert name_part("SAL-2026") == "SAL-2026"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ANY_TEXT, name=ANY_TEXT, event_id=ANY_TEXT)
@example(title="Salon\ndes maires", name="Jean\x01Paul", event_id="SAL\n2026")
def test_invite_never_stops_on_what_a_cell_holds(title: str, name: str, event_id: str) -> None:
    rows = [{**show().__dict__, "id": one_line(event_id) or "E1", "title": title, "target": "Collectivité",
             "date": dt.date(2026, 11, 24), "start": dt.time(9), "end": dt.time(18), "agenda_file": None},
            {**meeting().__dict__, "title": title, "agenda_file": None}]
    staff = [{"staff_id": "E001", "name": name, "role": "Chargé d'affaires", "email": "a.b@energies-territoires.fr"},
             {"staff_id": "E002", "name": name + "bis", "role": "Assistante", "email": None}]
    ctx = Context(today=TODAY, options={"prospects_source": prospects_workbook([prospect(decision_maker=name)])})
    result = invite(events_workbook(rows, staff), ctx)
    for export in result.exports:
        if export.name.endswith(".eml"):
            message = email.message_from_bytes(export.content, policy=policy.default)
            assert message["X-Unsent"] == "1" and len(message["To"].addresses) == 1
        elif export.name.endswith(".ics"):
            icalendar.Calendar.from_ical(export.content)
        elif export.name.endswith(".docx"):
            _docx_text(export.content)
        elif export.name.endswith(".csv"):
            _csv_rows(export.content)
    assert any(e.name.endswith(".eml") for e in result.exports)


def test_accented_addresses() -> None:
    """An accented domain goes in its IDNA form; an address with accents before the @
    cannot be put in an ASCII header, so the draft says it in its first line."""
    raw = draft(Mailbox("Mairie", "technique@ville-saint-nom-la-bretèche.fr"), "Invitation", "Bonjour", "k")
    [to] = email.message_from_bytes(raw, policy=policy.default)["To"].addresses
    assert to.domain.encode().decode("idna") == "ville-saint-nom-la-bretèche.fr"
    message = email.message_from_bytes(draft(Mailbox("Hélène", "hélène@mairie.fr"), "Invitation", "Bonjour", "k"),
                                       policy=policy.default)
    assert "To" not in message
    assert message.get_body(("plain",)).get_content().startswith("[À envoyer à : hélène@mairie.fr")


@SETTINGS
@given(name=ANY_TEXT, organisation=ANY_TEXT, title=ANY_TEXT, owner=ANY_TEXT, street=ANY_TEXT)
@example(name="N" * LONGEST, organisation="O" * LONGEST, title="T" * LONGEST, owner="C" * LONGEST,
         street="S" * LONGEST)
def test_thank_you_files_read_back(name: str, organisation: str, title: str, owner: str, street: str) -> None:
    from sicxl.events.followup import FollowUp
    from sicxl.events.postal import postal_address
    from sicxl.events.thanks import thanks_email, thanks_letters

    address = postal_address(name, organisation, None, "Mme", street or "1 rue X", "78000", "Versailles")
    visitor = FollowUp("SAL-2026", "Remerciement", TODAY, "", "P0001", name, organisation, "", "a.b@mairie.fr",
                       owner, "", civility="Mme", address_lines=address.lines, warm=True)
    event = show(title=title or "Salon", date=dt.date(2026, 10, 29))
    raw = thanks_email(event, visitor, TODAY)
    message = email.message_from_bytes(raw, policy=policy.default)
    assert str(message["Subject"]) == shown(f"Merci de votre visite – {one_line(event.title)}", MAX_SUBJECT)
    assert display_name(raw) == shown(name or organisation, MAX_NAME)
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("Madame,") and one_line(event.title) in body and one_line(owner) in body
    letters = _docx_text(thanks_letters(event, [visitor], TODAY))
    assert one_line(event.title) in letters and "Madame," in letters


@SETTINGS
@given(owner=ANY_TEXT)
@example(owner="O" * LONGEST)
def test_dashboard_draft_reads_back(owner: str) -> None:
    from sicxl.dashboard.board import Board
    from sicxl.dashboard.mail import owner_email

    raw = owner_email(Board("2025-12", owner, [], []), "claire.morel@energies-territoires.fr",
                      "tableau_de_bord.pdf", b"%PDF-1.7")
    message = email.message_from_bytes(raw, policy=policy.default)
    assert display_name(raw) == shown(owner, MAX_NAME)
    assert str(message["Subject"]) == "Votre tableau de bord de décembre 2025"
    [pdf] = list(message.iter_attachments())
    assert pdf.get_content() == b"%PDF-1.7"
