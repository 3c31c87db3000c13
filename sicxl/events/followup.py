"""What to do after (or before) an event: the `Relances` list.

Rules (issue 7):
- thank-you: every visitor of a trade show's stand is thanked within 7 days of the
  show (due date = show date + 7 days);
- reminder: every invited person who has not answered is reminded, one week before
  the event (or today when that week has begun); none once the event is past;
- call-back: a warm or hot prospect met on the stand (Température typed in
  `Réponses`, else the prospect file's) is called back by their salesperson within
  the same 7 days;
- new contact: a visitor the prospect file does not know is added to it as a
  prospect row (or linked to the row they already have) by `walk_ins` (issue 17);
  a visitor whose row names no salesperson is listed with its ID « à qualifier et
  attribuer », the night the row is added and every night after until someone is
  named on it (so that the task never vanishes unattended, and a second run finds
  the list as the first left it); one the file cannot take is listed to be added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from sicxl.events.event import Event
from sicxl.events.people import PersonIndex
from sicxl.events.postal import has_postal_address, postal_address
from sicxl.events.responses import Response, invited_index, latest_answers, of_event
from sicxl.events.selection import Invitation
from sicxl.events.walk_ins import WalkIn
from sicxl.messages import events as msg
from sicxl.schema.events import CALL_BACK, NEW_CONTACT, REMINDER, THANKS
from sicxl.schema.prospects import HEATS
from sicxl.values import ValueProblem, is_blank, parse_choice

THANKS_WITHIN = dt.timedelta(days=7)
REMIND_BEFORE = dt.timedelta(days=7)
WARM_HEATS = HEATS[1:]  # Tiède, Chaud


@dataclass(frozen=True)
class FollowUp:
    event: str
    action: str
    due: dt.date | None
    state: str
    person: str
    name: str
    organisation: str
    role: str
    email: str
    owner: str
    detail: str
    civility: str = ""  # as typed for the person (Réponses, else the prospect file): never guessed
    address_lines: tuple[str, ...] = ()  # for a letter, when the prospect file has the address
    warm: bool = False  # a warm or hot prospect, whom the salesperson calls back


def _heat(value: object) -> str:
    """The prospect file's Température as one of HEATS, "" when blank or unreadable."""
    try:
        return parse_choice(value, HEATS) if not is_blank(value) else ""
    except ValueProblem:
        return ""


def state_of(due: dt.date | None, today: dt.date) -> str:
    if due is None:
        return msg.STATE_NO_DATE
    return msg.STATE_LATE if today > due else msg.STATE_TODO


def thanks_due(event: Event) -> dt.date | None:
    """The show date + 7 days: the thank-you window of the stand's visitors."""
    return event.date + THANKS_WITHIN if event.date else None


def _follow_up(event: Event, action: str, due: dt.date | None, today: dt.date, response: Response,
               person: dict | None, detail: str, warm: bool = False) -> FollowUp:
    person = person or {}
    mailable = has_postal_address(person.get("address"), person.get("postal_code"), person.get("city"))
    address = postal_address(person.get("name"), person.get("organisation"), person.get("role"),
                             person.get("civility"), person.get("address"), person.get("postal_code"),
                             person.get("city")) if mailable else None
    return FollowUp(
        event=event.id, action=action, due=due, state=state_of(due, today),
        person=person.get("key") or response.person, name=response.name or person.get("name", ""),
        organisation=response.organisation or person.get("organisation", ""),
        role=response.role or person.get("role", ""), email=response.email or person.get("email", ""),
        owner=person.get("owner", ""), detail=detail, civility=response.civility or person.get("civility", ""),
        address_lines=address.lines if address is not None else (), warm=warm,
    )


def show_follow_ups(event: Event, responses: list[Response], prospects: PersonIndex | None,
                    today: dt.date, walk_ins: Mapping[Any, WalkIn] | None = None) -> list[FollowUp]:
    """Thank-yous, call-backs and new contacts of a trade show's visitors; `walk_ins`
    (by Response.row) are the visitors linked to a row of the prospect file that does
    not spell them the same way (walk_ins.py); the rows added for the others are in
    `prospects` already."""
    due = thanks_due(event)
    actions = []
    for response in (r for r in responses if r.present):
        known = prospects.find(response.person, response.email, response.name, response.organisation) \
            if prospects is not None else None
        walk_in = (walk_ins or {}).get(response.row)
        if known is None and walk_in is not None and walk_in.linked:
            known = prospects.find(walk_in.prospect_id, "", "", "")
        heat = response.heat or _heat((known or {}).get("heat"))
        actions.append(_follow_up(event, THANKS, due, today, response, known, msg.thanks_detail(event.title),
                                  heat in WARM_HEATS))
        if heat in WARM_HEATS:
            actions.append(_follow_up(event, CALL_BACK, due, today, response, known, msg.call_back_detail(heat)))
        if prospects is not None and known is None:
            actions.append(_follow_up(event, NEW_CONTACT, due, today, response, None,
                                      msg.new_contact_detail(response.city)))
        elif prospects is not None and is_blank(known.get("owner")):  # a walk-in's row, until it is attributed
            actions.append(_follow_up(event, NEW_CONTACT, due, today, response, known,
                                      msg.unattributed_detail(known.get("key", ""))))
    return actions


def reminders(event: Event, invitations: list[Invitation], responses: list[Response],
              today: dt.date) -> list[FollowUp]:
    """Invited people without an answer, while the event is still to come."""
    if event.date is not None and event.date < today:
        return []
    due = max(today, event.date - REMIND_BEFORE) if event.date else None
    latest = latest_answers(responses, invited_index(invitations))
    return [
        FollowUp(event.id, REMINDER, due, state_of(due, today), i.person, i.name, i.organisation, i.role,
                 i.email, i.owner, msg.reminder_detail(event.title, event.date))
        for i in invitations
        if i.invited and not (i.person in latest and latest[i.person].answered)
    ]


def follow_ups(event: Event, invitations: list[Invitation], responses: list[Response],
               prospects: PersonIndex | None, today: dt.date,
               walk_ins: Mapping[Any, WalkIn] | None = None) -> list[FollowUp]:
    """Every follow-up of one event, by due date (unknown dates last), then action."""
    answers = of_event(responses, event.id)
    actions = reminders(event, invitations, answers, today)
    if event.is_show:
        actions += show_follow_ups(event, answers, prospects, today, walk_ins)
    order = {action: n for n, action in enumerate((CALL_BACK, THANKS, NEW_CONTACT, REMINDER))}
    return sorted(actions, key=lambda f: (f.due is None, f.due or today, order[f.action]))
