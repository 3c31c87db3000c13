"""E-mail drafts as .eml files, made with the standard library's `email` package.

Outlook opens an .eml that carries the header `X-Unsent: 1` as a draft ready to
send (a new message window with a Send button), not as a received mail; Thunderbird
and Apple Mail open it as a message to edit and send. Every draft has exactly one
recipient: sicxl never writes one message to a list of people, so that nobody sees
another's address. Names, subjects and bodies go through `documents.text` first
(an e-mail header may hold no line break). The MIME boundary is derived from
`key`, so that the same workbook gives the same bytes.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Iterable, Mapping

from sicxl.documents.text import multi_line, one_line


@dataclass(frozen=True)
class Mailbox:
    """Who a message goes to or comes from; `email` must already be a valid address."""

    name: str
    email: str

    def address(self) -> Address:
        user, domain = self.email.rsplit("@", 1)
        return Address(display_name=one_line(self.name), username=user, domain=domain)


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    params: Mapping[str, str] = field(default_factory=dict)  # e.g. {"method": "REQUEST"} for a meeting

    def mime_type(self) -> tuple[str, str]:
        guessed = mimetypes.guess_type(self.name)[0] or "application/octet-stream"
        maintype, subtype = guessed.split("/", 1)
        return maintype, subtype


def draft(to: Mailbox | None, subject: str, body: str, key: str, sender: Mailbox | None = None,
          attachments: Iterable[Attachment] = ()) -> bytes:
    """One draft to one person (or to nobody yet, when `to` is None: the user fills it)."""
    message = EmailMessage(policy=policy.SMTP)
    if sender is not None:
        message["From"] = sender.address()
    if to is not None:
        message["To"] = to.address()
    message["Subject"] = one_line(subject)
    message["X-Unsent"] = "1"
    message["Content-Language"] = "fr-FR"
    message.set_content(multi_line(body) + "\n")
    attached = False
    for attachment in attachments:
        maintype, subtype = attachment.mime_type()
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype,
                               filename=one_line(attachment.name) or "piece-jointe", params=dict(attachment.params))
        attached = True
    if attached:
        message.set_boundary(f"sicxl-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()}")
    return message.as_bytes()
