"""Thank-you letters and e-mails to the visitors of a trade show's stand.

Every visitor is thanked within 7 days of the show (`followup`): by e-mail when
their address is known (one draft each, see `documents.mail`), else by a letter
(one .docx, a page each, the built-in template or « Modèle de lettre de
remerciement »). Each is personalised: the civility typed for the person ("Madame,"
or "Monsieur,", "Madame, Monsieur," when none is known: never guessed), their
organisation, the show, and the salesperson who follows them up, who will call a
warm prospect back.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from sicxl.documents.mail import Mailbox, draft
from sicxl.documents.text import one_line
from sicxl.events.drafts import sender
from sicxl.events.event import Event
from sicxl.events.followup import FollowUp
from sicxl.events.letters import default_template, fields, merge
from sicxl.messages import events as msg


def thanks_fields(event: Event, visitor: FollowUp, today: dt.date) -> dict[str, str]:
    """The fields of a thank-you letter: those of every letter (`letters.fields`),
    `commercial` and `suite` (what comes next)."""
    return {**fields(event, visitor, today), "commercial": one_line(visitor.owner),
            "suite": one_line(msg.thanks_next_step(visitor.owner, visitor.warm))}


def thanks_letters(event: Event, visitors: Iterable[FollowUp], today: dt.date,
                   template: bytes | None = None) -> bytes:
    """One letter a page for the visitors to thank by post."""
    records = [thanks_fields(event, v, today) for v in visitors]
    return merge(template or default_template(msg.THANKS_SUBJECT_LINE, msg.THANKS_PARAGRAPHS), records)


def thanks_email(event: Event, visitor: FollowUp, today: dt.date) -> bytes:
    """The draft that thanks one visitor who left an e-mail address."""
    values = thanks_fields(event, visitor, today)
    return draft(Mailbox(visitor.name or visitor.organisation, visitor.email), msg.thanks_subject(values["titre"]),
                 msg.thanks_body(values), f"merci/{event.id}/{visitor.person or visitor.email}", sender(event))
