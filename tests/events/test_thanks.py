"""Issue 15, points 3 and 4: `followup` writes the thank-you letters (.docx) and
e-mail drafts (.eml) of a show's visitors, personalised and with the civility typed
for them; and the sample workbooks tell one story (answers only from people invited,
civilities that go with first names)."""

from __future__ import annotations

import datetime as dt
import email
import io
import re
from email import policy
from pathlib import Path

import docx
import icalendar
import pytest

from sicxl.jobs.base import Context, MemorySource
from sicxl.jobs.events import followup, invite
from sicxl.samples.people import FEMALE, MALE, civility_of
from sicxl.schema.events import INVITATIONS, RESPONSES
from sicxl.workbook import open_workbook
from tests.events.factories import SHOW_ROW, events_workbook, prospect, prospects_workbook

SHOW_DAY = dt.date(2026, 11, 24)
PROSPECTS = [
    prospect(decision_maker="Mme Hélène Dupré", owner="Claire Morel", heat="Chaud"),
    prospect(id="P0002", name="Centre hospitalier de Versailles", segment="Collectivité", role="Directeur",
             decision_maker="M. Hervé Bertrand", email=None, address="177 rue de Versailles", postal_code="78150",
             city="Le Chesnay-Rocquencourt", owner="Julien Caron", heat=None),
]


def _run(job, source: MemorySource, today: dt.date):
    return job(source, Context(today=today, options={"prospects_source": prospects_workbook(PROSPECTS)}))


def _after_the_show(today: dt.date):
    invited = _run(invite, events_workbook([SHOW_ROW]), SHOW_DAY - dt.timedelta(days=30))
    invitations = next(s.rows for s in invited.writes.sheets if s.name == INVITATIONS.name)
    responses = [
        {"event": "SAL-2026", "person": "P0001", "answer": "Accepté", "present": "oui"},
        {"event": "SAL-2026", "person": "P0002", "answer": "Accepté", "present": "oui"},
        {"event": "SAL-2026", "civility": "Mme", "name": "Nadia Benali", "organisation": "Mairie de Mantes-la-Jolie",
         "email": "n.benali@manteslajolie.fr", "present": "oui", "heat": "Tiède"},
        {"event": "SAL-2026", "name": "Visiteur pressé", "present": "oui"},  # nothing to write to
    ]
    source = events_workbook([SHOW_ROW], responses=responses, extra={INVITATIONS.name: invitations})
    return _run(followup, source, today)


def test_visitors_are_thanked_by_email_or_by_letter_with_their_civility() -> None:
    result = _after_the_show(SHOW_DAY + dt.timedelta(days=2))
    drafts = {e.name: e.content for e in result.exports if e.name.endswith(".eml")}
    assert set(drafts) == {"SAL-2026_remerciements/P0001.eml", "SAL-2026_remerciements/P0003.eml"}  # Nadia Benali, now a prospect
    mayor = email.message_from_bytes(drafts["SAL-2026_remerciements/P0001.eml"], policy=policy.default)
    assert mayor["To"].addresses[0].addr_spec == "cabinet.maire@mairie-conflans.fr"
    assert mayor["X-Unsent"] == "1" and mayor["From"].addresses[0].display_name == "Claire Morel"
    assert str(mayor["Subject"]) == "Merci de votre visite – Salon des maires et des collectivités locales 2026"
    body = mayor.get_body(("plain",)).get_content()
    assert body.startswith("Madame,") and "le mardi 24 novembre 2026" in body
    assert "Claire Morel, qui suit vos projets chez nous, vous appellera" in body  # a hot prospect
    walk_in = email.message_from_bytes(drafts["SAL-2026_remerciements/P0003.eml"], policy=policy.default)
    assert walk_in.get_body(("plain",)).get_content().startswith("Madame,")
    [letters] = [e for e in result.exports if e.name == "SAL-2026_lettres_remerciement.docx"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letters.content)).paragraphs)
    assert text.count("Objet : merci de votre visite") == 1
    assert "Monsieur," in text and "Madame" not in text  # Hervé Bertrand
    assert "M. Hervé Bertrand" in text and "78150 LE CHESNAY ROCQUENCOURT" in text
    assert "Julien Caron, qui suit vos projets chez nous, reste à votre disposition" in text
    assert any("Visiteur pressé n'a ni e-mail ni adresse postale connue" in p for p in result.report.problems)
    assert any("remerciements à envoyer au plus tard le 01/12/2026 : 2 brouillons de courriel, 1 lettre" in line
               for line in result.report.lines)


def test_no_thank_you_before_the_show() -> None:
    result = _after_the_show(SHOW_DAY - dt.timedelta(days=1))
    assert not [e for e in result.exports if "remerciement" in e.name]


# --- the sample workbooks tell one story ---------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sicxl.samples.demo import run

    folder = tmp_path_factory.mktemp("demo")
    for _ in run(folder):
        pass
    return folder


def _records(path: Path, sheet: str) -> list[dict]:
    with open_workbook(path) as book:
        values = book.grid(sheet).values
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_answers_come_only_from_people_the_invite_job_invited(demo: Path) -> None:
    invited = {(r["Événement"], r["ID personne"]) for r in _records(demo / "evenements.xlsx", INVITATIONS.name)
               if r["Statut"] == "Invité"}
    answers = [r for r in _records(demo / "evenements.xlsx", RESPONSES.name) if r["Réponse"]]
    assert len(answers) > 50
    assert [r for r in answers if (r["Événement"], r["ID personne"]) not in invited] == []


def test_salutations_follow_the_first_names(demo: Path) -> None:
    """No "Madame," to Hervé Bertrand: every letter and draft of the demo greets the
    person as their first name's usual civility does."""
    checked = 0
    for path in [*demo.glob("*_lettres*.docx")]:
        text = "\n".join(p.text for p in docx.Document(path).paragraphs)
        for civility, first, salutation in re.findall(r"\n(M\.|Mme) (\S+) .*\n(?:.*\n){2,5}?(Madame|Monsieur),",
                                                       text):
            assert civility_of(first) == civility and salutation == {"M.": "Monsieur", "Mme": "Madame"}[civility]
            checked += 1
    for path in demo.glob("*_remerciements/*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        first = message["To"].addresses[0].display_name.split()[-2]
        if first in MALE or first in FEMALE:
            salutation = {"M.": "Monsieur,", "Mme": "Madame,"}[civility_of(first)]
            assert message.get_body(("plain",)).get_content().startswith(salutation)
            checked += 1
    assert checked >= 5


def test_sample_people_carry_the_civility_of_their_first_name() -> None:
    from sicxl.samples.prospects import sample_rows
    from sicxl.samples.survey import client_rows

    names = [r["decision_maker"] for r in sample_rows() if r.get("decision_maker")]
    names += [r["contact"] for r in client_rows()]
    for name in names:
        civility, first = name.split()[:2]
        assert civility_of(first) == civility, name


def test_meeting_invitations_never_show_all_addresses_to_all(demo: Path) -> None:
    for path in demo.glob("*_calendrier.ics"):
        [event] = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        assert event.get("ATTENDEE") is None
    for path in demo.glob("*_courriels/*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert len(message["To"].addresses) == 1 and message["Cc"] is None and message["Bcc"] is None
        for part in message.iter_attachments():
            if part.get_content_type() == "text/calendar":
                [meeting] = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
                attendee = meeting["ATTENDEE"]
                assert not isinstance(attendee, list)
                assert str(attendee) == f"mailto:{message['To'].addresses[0].addr_spec}"
