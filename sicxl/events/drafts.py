"""Personalised invitation e-mails as .eml drafts, made with `email.message`.

Outlook opens an .eml that carries the header `X-Unsent: 1` as a draft ready to
send (a new message window with a Send button), not as a received mail. The
agenda is attached when its file exists beside the workbook. The MIME boundary is
derived from the event and the person, so the same workbook gives the same bytes.
"""

from __future__ import annotations

import mimetypes
import uuid
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage

from sicxl.events.event import Event
from sicxl.events.selection import Invitation
from sicxl.messages import events as msg


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes

    def mime_type(self) -> tuple[str, str]:
        guessed = mimetypes.guess_type(self.name)[0] or "application/octet-stream"
        maintype, subtype = guessed.split("/", 1)
        return maintype, subtype


def _address(name: str, email: str) -> Address:
    user, domain = email.rsplit("@", 1)
    return Address(display_name=name, username=user, domain=domain)


def invitation_email(event: Event, invitation: Invitation, agenda: Attachment | None = None) -> bytes:
    """The draft for one invited person with an e-mail address (CRLF line ends)."""
    message = EmailMessage(policy=policy.SMTP)
    if event.organizer_email:
        message["From"] = _address(event.organizer, event.organizer_email)
    message["To"] = _address(invitation.name, invitation.email)
    message["Subject"] = msg.invitation_subject(event.title, event.date)
    message["X-Unsent"] = "1"
    message["Content-Language"] = "fr-FR"
    message.set_content(msg.invitation_body(event, msg.salutation(invitation.civility), agenda is not None))
    if agenda is not None:
        maintype, subtype = agenda.mime_type()
        message.add_attachment(agenda.content, maintype=maintype, subtype=subtype, filename=agenda.name)
        message.set_boundary(f"sicxl-{uuid.uuid5(uuid.NAMESPACE_URL, f'{event.id}/{invitation.person}').hex}")
    return message.as_bytes()
