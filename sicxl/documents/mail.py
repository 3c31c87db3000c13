"""E-mail drafts as .eml files, made with the standard library's `email` package.

Outlook opens an .eml that carries the header `X-Unsent: 1` as a draft ready to
send (a new message window with a Send button), not as a received mail; Thunderbird
and Apple Mail open it as a message to edit and send. Every draft has exactly one
recipient: sicxl never writes one message to a list of people, so that nobody sees
another's address. Names, subjects and bodies go through `documents.text` first
(an e-mail header may hold no line break).

Headers are encoded with the classic `email.header` API: Python 3.11's modern
folder drops the space between two encoded-words when it folds a long accented
subject or name ("Salon 𐀀 😀" read back "Salon 𐀀😀"), the classic encoder keeps
every space inside the encoded text (RFC 2047, section 5). A subject is cut at
`MAX_SUBJECT` characters and a name at `MAX_NAME` (a cell may hold 32,767): no
mail program shows more, and a name stays one encoded-word on one line. The MIME
boundary is derived from `key`, so that the same workbook gives the same bytes.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from email import charset, encoders, policy
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import formataddr
from typing import Iterable, Mapping

from email_validator import EmailNotValidError, validate_email

from sicxl.documents.text import multi_line, one_line
from sicxl.messages import documents as msg

MAX_SUBJECT = 250
MAX_NAME = 100
_UTF8_QP = charset.Charset("utf-8")
_UTF8_QP.header_encoding = charset.BASE64
_UTF8_QP.body_encoding = charset.QP  # readable in a text editor, safe for any line length
_GENERATION = policy.compat32.clone(linesep="\r\n")


def shown(text: str, limit: int) -> str:
    """What a header shows of a cell: one line, cut at `limit` characters."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def ascii_address(address: str) -> str | None:
    """The address as a header (or a calendar's mailto:) can carry it: an accented
    domain in its IDNA form ("bretèche.fr" -> "xn--bretche-5xa.fr"); None when the
    part before the @ has accents (RFC 6531 mail, which ASCII cannot name)."""
    if address.isascii():
        return address
    try:
        return validate_email(address, check_deliverability=False).ascii_email
    except EmailNotValidError:
        return None


@dataclass(frozen=True)
class Mailbox:
    """Who a message goes to or comes from; `email` must already be a valid address."""

    name: str
    email: str

    def header(self) -> str | None:
        address = ascii_address(self.email)
        return formataddr((shown(self.name, MAX_NAME), address), charset="utf-8") if address else None


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    params: Mapping[str, str] = field(default_factory=dict)  # e.g. {"method": "REQUEST"} for a meeting

    def mime_type(self) -> tuple[str, str]:
        guessed = mimetypes.guess_type(self.name)[0] or "application/octet-stream"
        maintype, subtype = guessed.split("/", 1)
        return maintype, subtype

    def part(self) -> MIMEBase:
        maintype, subtype = self.mime_type()
        params = {"charset": "utf-8", **self.params} if maintype == "text" else dict(self.params)
        part = MIMEBase(maintype, subtype, **params)
        part.set_payload(self.content)
        encoders.encode_base64(part)
        name = one_line(self.name) or "piece-jointe"
        part.add_header("Content-Disposition", "attachment",
                        filename=name if name.isascii() else ("utf-8", "", name))
        return part


def _text(body: str) -> MIMENonMultipart:
    part = MIMENonMultipart("text", "plain")
    part.set_payload(multi_line(body) + "\n", _UTF8_QP)
    return part


def draft(to: Mailbox | None, subject: str, body: str, key: str, sender: Mailbox | None = None,
          attachments: Iterable[Attachment] = ()) -> bytes:
    """One draft to one person (or to nobody yet, when `to` is None: the user fills it)."""
    parts = [a.part() for a in attachments]
    to_header = to.header() if to is not None else None
    if to is not None and to_header is None:
        body = f"{msg.send_to(to.email)}\n\n{body}"
    message: MIMEBase = _text(body)
    if parts:
        boundary = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()
        message = MIMEMultipart("mixed", boundary=f"sicxl-{boundary}")
        message.attach(_text(body))
        for part in parts:
            message.attach(part)
    if sender is not None and (from_header := sender.header()):
        message["From"] = from_header
    if to_header:
        message["To"] = to_header
    subject = shown(subject, MAX_SUBJECT)
    message["Subject"] = Header(subject, "us-ascii" if subject.isascii() else "utf-8", header_name="Subject")
    message["X-Unsent"] = "1"
    message["Content-Language"] = "fr-FR"
    return message.as_bytes(policy=_GENERATION)
