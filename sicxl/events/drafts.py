"""Personalised invitation e-mails as .eml drafts (see `documents.mail`).

Each draft goes to one person. It carries the agenda when its file exists beside
the workbook and, for a dated event with an organiser, that person's own meeting
request (.ics, METHOD:REQUEST), which Outlook shows with Accept and Decline.
"""

from __future__ import annotations

import datetime as dt

from sicxl.documents.mail import Attachment, Mailbox, draft
from sicxl.events.event import Event
from sicxl.events.ics import invitation_calendar
from sicxl.events.selection import Invitation
from sicxl.messages import events as msg

CALENDAR_NAME = "invitation.ics"


def sender(event: Event) -> Mailbox | None:
    return Mailbox(event.organizer, event.organizer_email) if event.organizer_email else None


def invitation_email(event: Event, invitation: Invitation, today: dt.date, agenda: Attachment | None = None,
                     with_calendar: bool = False) -> bytes:
    """The draft for one invited person with an e-mail address (CRLF line ends)."""
    event = event.readable()
    attachments = [agenda] if agenda is not None else []
    if with_calendar:
        attachments.append(Attachment(CALENDAR_NAME, invitation_calendar(event, invitation, today),
                                      {"method": "REQUEST"}))
    body = msg.invitation_body(event, msg.salutation(invitation.civility), agenda is not None, with_calendar)
    return draft(Mailbox(invitation.name or invitation.organisation, invitation.email),
                 msg.invitation_subject(event.title, event.date), body, f"{event.id}/{invitation.person}",
                 sender(event), attachments)
