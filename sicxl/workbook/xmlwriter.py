"""The few XML text rules every part writer shares (XlsxWriter's xmlwriter.py role).

Parts we rewrite as text (worksheet rows, new sheets, charts) must stay valid XML 1.0
whatever a job puts in a cell: a stray control character copied from another system
would otherwise make Excel refuse the whole file.
"""

from __future__ import annotations

import re

from lxml import etree

# XML 1.0 forbids these characters even escaped (https://www.w3.org/TR/xml/#charsets).
_ILLEGAL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
_ILLEGAL = re.compile(f"[{_ILLEGAL_CHARS}]")
# A text none of these characters occur in is its own escaped form (escape_text).
TEXT_SPECIALS = re.compile(f"[&<>{_ILLEGAL_CHARS}]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def clean(text: str) -> str:
    """Drop the characters XML 1.0 cannot carry at all."""
    return _ILLEGAL.sub("", text)


def escape_text(text: str) -> str:
    return clean(text).translate(_TEXT_ESCAPES)


def escape_attr(text: str) -> str:
    return clean(text).translate(_ATTR_ESCAPES)


def needs_preserve(text: str) -> bool:
    """Excel trims leading/trailing blanks of a <t> unless xml:space="preserve"."""
    return bool(text) and (text[0] in " \t\n\r" or text[-1] in " \t\n\r")


def serialize(root: etree._Element) -> bytes:
    """A small part rewritten from a tree, with the declaration Excel itself writes."""
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")
