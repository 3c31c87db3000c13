"""Follow-ups after a show and a meeting, and the summary of answers."""

from __future__ import annotations

import datetime as dt

from sicxl.events.followup import follow_ups, thanks_due
from sicxl.events.people import PersonIndex
from sicxl.events.responses import Response, summarize
from sicxl.events.selection import select
from sicxl.schema.events import CALL_BACK, NEW_CONTACT, REMINDER, THANKS

from tests.events.factories import meeting, prospect, prospects_frame, show

PROSPECTS = [
    prospect(),  # P0001, Tiède in the file
    prospect(id="P0002", name="Mairie de Cergy", decision_maker="Hélène Dupré", email="dgs@ville-cergy.fr",
             heat="Froid", owner="Julien Caron"),
    prospect(id="P0003", name="Mairie de Poissy", decision_maker="Marc Petit", email="dst@ville-poissy.fr",
             heat=None, owner="Sophie Marchand"),
]


def _context():
    people = prospects_frame(PROSPECTS)
    return select("SAL-2026", people, None).invitations, PersonIndex(people)


def _visit(row: int, **values) -> Response:
    return Response(event="SAL-2026", row=row, present=True, **values)


def test_thank_you_due_seven_days_after_the_show_for_every_visitor() -> None:
    invitations, index = _context()
    visitors = [_visit(2, person="P0001", answer="Accepté"), _visit(3, person="P0002", answer="Accepté"),
                Response(event="SAL-2026", row=4, person="P0003", answer="Refusé", present=False)]
    actions = follow_ups(show(), invitations, visitors, index, dt.date(2026, 11, 26))
    thanks = [a for a in actions if a.action == THANKS]
    assert [(a.person, a.due) for a in thanks] == [("P0001", dt.date(2026, 12, 1)), ("P0002", dt.date(2026, 12, 1))]
    assert thanks_due(show()) == dt.date(2026, 11, 24) + dt.timedelta(days=7)
    assert {a.state for a in thanks} == {"À faire"}
    late = follow_ups(show(), invitations, visitors, index, dt.date(2026, 12, 2))
    assert {a.state for a in late if a.action == THANKS} == {"En retard"}


def test_call_back_for_warm_and_hot_prospects_met() -> None:
    invitations, index = _context()
    visitors = [_visit(2, person="P0001"),  # Tiède in the prospect file
                _visit(3, email="dgs@ville-cergy.fr", heat="Chaud"),  # found by e-mail, heat noted on the stand
                _visit(4, person="P0003")]  # no heat: no call-back
    actions = follow_ups(show(), invitations, visitors, index, dt.date(2026, 11, 26))
    calls = [(a.person, a.owner, a.detail) for a in actions if a.action == CALL_BACK]
    assert calls == [("P0001", "Claire Morel", "Prospect tiède rencontré : rappeler pour proposer un rendez-vous"),
                     ("P0002", "Julien Caron", "Prospect chaud rencontré : rappeler pour proposer un rendez-vous")]


def test_new_contacts_met_on_the_stand_are_listed_never_added() -> None:
    invitations, index = _context()
    visitor = _visit(5, name="Nadia Benali", organisation="Mairie de Mantes-la-Jolie",
                     role="Directrice des services techniques", email="n.benali@manteslajolie.fr",
                     city="Mantes-la-Jolie", heat="Chaud")
    actions = follow_ups(show(), invitations, [visitor], index, dt.date(2026, 11, 26))
    assert sorted(a.action for a in actions) == sorted([THANKS, CALL_BACK, NEW_CONTACT])
    [new] = [a for a in actions if a.action == NEW_CONTACT]
    assert (new.name, new.organisation, new.due) == ("Nadia Benali", "Mairie de Mantes-la-Jolie",
                                                     dt.date(2026, 12, 1))
    assert "absent du fichier prospects" in new.detail
    assert len(index.people) == 3  # the prospect file is untouched


def test_reminders_for_invited_people_without_answer_before_the_event() -> None:
    invitations, index = _context()
    answers = [Response(event="SAL-2026", row=2, person="P0001", answer="Accepté"),
               Response(event="SAL-2026", row=3, email="dgs@ville-cergy.fr", answer="Sans réponse")]
    actions = follow_ups(show(), invitations, answers, index, dt.date(2026, 11, 2))
    reminders = [(a.person, a.due) for a in actions if a.action == REMINDER]
    assert reminders == [("P0002", dt.date(2026, 11, 17)), ("P0003", dt.date(2026, 11, 17))]
    close = follow_ups(show(), invitations, answers, index, dt.date(2026, 11, 20))
    assert {a.due for a in close if a.action == REMINDER} == {dt.date(2026, 11, 20)}
    past = follow_ups(show(), invitations, answers, index, dt.date(2026, 11, 25))
    assert not [a for a in past if a.action == REMINDER]


def test_meeting_has_reminders_but_no_thank_you() -> None:
    invitations, index = _context()
    actions = follow_ups(meeting(id="SAL-2026"), invitations, [_visit(2, person="P0001")], index,
                         dt.date(2026, 11, 2))
    assert {a.action for a in actions} == {REMINDER}


def test_event_without_date_gives_follow_ups_without_due_date() -> None:
    invitations, index = _context()
    actions = follow_ups(show(date=None), invitations, [_visit(2, person="P0001")], index, dt.date(2026, 11, 2))
    thanks = [a for a in actions if a.action == THANKS]
    assert [(a.due, a.state) for a in thanks] == [(None, "Date inconnue")]


def test_summary_of_answers() -> None:
    invitations, _ = _context()
    answers = [Response(event="SAL-2026", row=2, person="P0001", answer="Refusé"),
               Response(event="SAL-2026", row=3, person="P0001", answer="Accepté", present=True),  # changed mind
               Response(event="SAL-2026", row=4, email="dgs@ville-cergy.fr", answer="Refusé"),
               _visit(5, name="Nadia Benali", organisation="Mairie de Mantes-la-Jolie")]
    summary = summarize("SAL-2026", invitations, answers)
    assert (summary.invited, summary.accepted, summary.declined, summary.no_answer) == (3, 1, 1, 1)
    assert (summary.present, summary.walk_ins) == (2, 1)
    assert summary.answer_rate == 2 / 3
