"""Cell text made safe for the files that go out: e-mails, letters, calendars, CSV.

A cell holds whatever a person typed or pasted: line breaks (Alt+Enter in Excel),
control characters pasted from another program (a vertical tab, an escape, a
NUL), emoji, up to 32,767 characters. The formats that carry it are stricter: an
e-mail header may not hold a line break (RFC 5322), XML (so .docx) refuses every
C0 control but tab and line breaks (XML 1.0, section 2.2), iCalendar text refuses
controls but tab (RFC 5545, section 3.3.11), and Word mail merge stops on them.

So, before writing: line breaks of every spelling become one "\\n" (kept where the
field is multi-line, an address, an agenda; a space in a one-line field, a name or
a subject); tabs become spaces; every other control character (C0, DEL, C1), the
byte-order mark U+FEFF (invisible, and read as a file's start by CSV readers), the
noncharacters U+FFFE/U+FFFF and lone surrogates are removed. Letters, emoji and
length are left alone: they are the user's text.
"""

from __future__ import annotations

import re
from typing import Any

from sicxl.values import text_of

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_REMOVED = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")


def multi_line(value: Any) -> str:
    """The cell's text with "\\n" line breaks and no control character; trimmed."""
    text = text_of(value) if not isinstance(value, str) else value
    text = _REMOVED.sub("", _LINE_BREAKS.sub("\n", text)).replace("\t", " ")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def one_line(value: Any) -> str:
    """The cell's text on one line: line breaks read as spaces, spaces collapsed."""
    return " ".join(multi_line(value).split())
