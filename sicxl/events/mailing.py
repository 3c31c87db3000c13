"""The mailing list as CSV, for Word mail merge and French Excel.

French Excel and Word read a CSV in the system's list separator, the semicolon in
France, and take a file as UTF-8 only when it starts with a byte-order mark;
otherwise "Hélène" arrives as "HÃ©lÃ¨ne". Codes are written as text, never through
a number ("01400" stays "01400"); the postal code also opens line 6 of the address,
which is what the merged letter prints.

A cell that starts with =, +, -, @ would be run as a formula by a spreadsheet: it is
prefixed with a single quote (OWASP, "CSV
Injection"), so a name typed "=HYPERLINK(...)" is shown, never executed.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from sicxl.documents.text import one_line
from sicxl.events.postal import MAX_LINES
from sicxl.events.selection import Invitation
from sicxl.messages import events as msg
from sicxl.schema.events import ADDRESS_LINE, INVITATIONS, MAILING_KEYS, SALUTATION

FORMULA_TRIGGERS = ("=", "+", "-", "@")  # tabs and line breaks are gone (one_line)


def neutralize(value: Any) -> str:
    """The cell's text on one line (a mail-merge field is one line; `documents.text`),
    defused against formula injection (OWASP)."""
    text = "" if value is None else one_line(str(value))
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def mailing_headers() -> list[str]:
    address = [f"{ADDRESS_LINE} {n}" for n in range(1, MAX_LINES + 1)]
    return [INVITATIONS.header(k) for k in MAILING_KEYS] + [SALUTATION] + address


def mailing_row(invitation: Invitation) -> list[str]:
    lines = list(invitation.address_lines) + [""] * (MAX_LINES - len(invitation.address_lines))
    values = [getattr(invitation, key) for key in MAILING_KEYS]
    return [neutralize(v) for v in [*values, msg.salutation(invitation.civility), *lines]]


def mailing_csv(invitations: Iterable[Invitation]) -> bytes:
    """The invited people as CSV bytes: UTF-8 with BOM, ';', CRLF, one row each."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(mailing_headers())
    writer.writerows(mailing_row(i) for i in invitations if i.invited)
    return buffer.getvalue().encode("utf-8-sig")
