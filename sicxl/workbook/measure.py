"""How wide a cell's text shows, in Excel's own width unit: the digit.

Excel (and LibreOffice) measure a column in widths of the digit "0" of the
workbook's default font, so a text measured in digits needs the same column width
whatever the font really is: the widths below are DejaVu Sans's advances divided
by its digit's (LibreOffice's stand-in for Calibri when Calibri is absent, the
widest of the usual sans fonts), which Calibri's ratios match within a few percent.
The shown text of a number or a date is estimated from its number format the way
Excel renders it, so that a column is never too narrow for its figures (`###`).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from typing import Iterable

from sicxl.workbook.cells import effective_style, is_blank
from sicxl.writes import Formula, Style

# Advance widths in digits, by character (DejaVu Sans: digit 0.636 em).
_NARROW = dict.fromkeys("ijlI.,;:'!|", 0.45) | dict.fromkeys("ftr()[]-/\u00a0\u202f", 0.6)
_WIDE = dict.fromkeys("mw%", 1.5) | dict.fromkeys("MW@", 1.55) | {"—": 1.6, "…": 1.6}
SPACE, UPPER, LOWER, OTHER = 0.5, 1.12, 0.95, 0.8
BOLD = 1.15  # bold text is wider: up to 19 % for LibreOffice's bold stand-in
PADDING = 2.0  # the cell's inner margins, and a little slack
WRAP_LOSS = 3.0  # digits lost at the end of a wrapped line: the next word did not fit

# The longest names Excel shows for months and days in French ("mmmm", "mmm", "dddd").
_LONGEST = {"mmmm": "septembre", "mmm": "févr.", "dddd": "mercredi", "ddd": "mer.", "yyyy": "2025", "yy": "25",
            "mm": "12", "m": "12", "dd": "28", "d": "28", "hh": "23", "h": "23", "ss": "59"}
_DATE_TOKENS = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss", re.IGNORECASE)
_LOCALE = re.compile(r"\[\$[^\]]*\]|\[[a-z]+\]", re.IGNORECASE)  # [$-40C], [Red]
_QUOTED = re.compile(r'"([^"]*)"|\\(.)')
# What a formula's result is taken to look like, by the kind of its number format.
_FORMULA_NUMBER = -99_999.9
_FORMULA_RATE = -0.999
_FORMULA_DATE = dt.date(2025, 9, 28)
_FORMULA_TEXT = "n.d."


class _CharWidths(dict):
    """Each character's width, worked out on first sight: text_width maps a text through
    it at C speed (a 100,000-row computed column is measured in a fraction of a second)."""

    def __missing__(self, char: str) -> float:
        if char.isdigit():
            width = 1.0
        elif char == " ":
            width = SPACE
        elif char in _NARROW:
            width = _NARROW[char]
        elif char in _WIDE:
            width = _WIDE[char]
        elif char.isupper():
            width = UPPER
        elif char.isalpha():
            width = LOWER
        else:
            width = OTHER
        self[char] = width
        return width


_CHAR_WIDTHS = _CharWidths()


def text_width(text: str, bold: bool = False) -> float:
    """The width of one line of `text`, in digits."""
    return sum(map(_CHAR_WIDTHS.__getitem__, text)) * (BOLD if bold else 1.0)


def header_width(text: str) -> float:
    """The column width a bold header needs to show whole on one line."""
    return round(text_width(text, bold=True) + PADDING, 1)


MAX_TEXT_WIDTH = 40.0  # a column widened for a text it shows: no wider (a page is 1 page wide)


def column_width(header: str | None, width: float, texts: Iterable[str] = ()) -> float:
    """A column's width: the one planned, or wider if its header needs it (« Potentiel
    CA (k€) », « Dernier contact » were cut), or a short text shown in it unwrapped
    (« non estimé : population absente » in the Score column), up to MAX_TEXT_WIDTH."""
    shown = max((text_width(t) + PADDING for t in texts), default=0.0)
    return max(width, header_width(header or ""), min(shown, MAX_TEXT_WIDTH))


def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines a wrapped text takes in a column `width` digits wide: its typed
    lines, each broken between words where the next word no longer fits."""
    room = max(width - PADDING, 1.0)
    space = SPACE * (BOLD if bold else 1.0)
    count = 0
    for line in text.split("\n"):
        count += 1
        used = 0.0
        for word in line.split():
            size = text_width(word, bold)
            if used and used + space + size > room:
                count += 1
                used = 0.0
            used += (space if used else 0.0) + size
            while used > room:  # a word longer than the line goes on over the next ones
                count += 1
                used -= room
    return count


def line_room(width: float) -> float:
    """How many characters a line of a wrapped text holds in a column `width` digits wide,
    estimated: lower-case letters, and a word's end lost per line."""
    return max(width - PADDING - WRAP_LOSS, 1.0) / LOWER


def estimated_lines(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column `width` digits wide, estimated
    from its length: cheap enough for 100,000 rows of a computed column."""
    room = line_room(width)
    return sum(max(1, math.ceil(len(line) / room)) for line in text.split("\n"))


def longest_word(text: str, bold: bool = False) -> float:
    return max((text_width(word, bold) for word in text.split()), default=0.0)


def _sections(number_format: str) -> str:
    """The positive section of a format, without colours and locale tags."""
    return _LOCALE.sub("", number_format.split(";")[0])


def is_date_format(number_format: str | None) -> bool:
    if not number_format:
        return False
    plain = _QUOTED.sub("", _sections(number_format)).lower()
    return bool(re.search(r"[dy]|m{3,}", plain)) or ("m" in plain and "0" not in plain and "#" not in plain)


def is_percent_format(number_format: str | None) -> bool:
    return bool(number_format) and "%" in _QUOTED.sub("", _sections(number_format))


def _shown_date(value: dt.date, number_format: str) -> str:
    """A date shown in its format, with the longest French names (widths, not display)."""
    def token(match: re.Match[str]) -> str:
        return _LONGEST.get(match.group().lower(), match.group())

    pattern = _sections(number_format)
    literals = _QUOTED.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), pattern)
    return _DATE_TOKENS.sub(token, literals)


def _grouped(digits: str) -> str:
    return re.sub(r"(?<=\d)(?=(\d{3})+$)", " ", digits)


def _shown_number(value: float, number_format: str) -> str:
    """A number shown in its format: decimals, thousands grouping, percent, literals."""
    pattern = _sections(number_format)
    plain = _QUOTED.sub("", pattern)
    if not plain or plain.lower() == "general" or not re.search(r"[0#?]", plain):
        return f"{value:.10g}" if isinstance(value, float) else str(value)
    if "%" in plain:
        value = value * 100
    decimals = len(re.match(r"[0#?]*", plain.split(".", 1)[1]).group()) if "." in plain else 0
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    if "," in plain.split(".")[0] or re.search(r"[#0] [#0]", plain):
        whole = _grouped(whole)
    shown = ("-" if value < 0 else "") + whole + ("," + fraction if fraction else "")
    literals = "".join(m.group(1) if m.group(1) is not None else m.group(2) for m in _QUOTED.finditer(pattern))
    return shown + literals + (" %" if "%" in plain else "")


def shown_text(value: object, style: Style | None) -> str:
    """The text a cell shows (an estimate of its width for numbers and formulas)."""
    if is_blank(value):
        return ""
    if isinstance(value, str):
        return value
    style = effective_style(value, style)
    number_format = style.number_format if style is not None and style.number_format else "General"
    if isinstance(value, Formula):
        if is_date_format(number_format):
            value = _FORMULA_DATE
        elif is_percent_format(number_format):
            value = _FORMULA_RATE
        elif number_format in ("General", "@"):
            return _FORMULA_TEXT
        else:
            value = _FORMULA_NUMBER
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, (dt.date, dt.datetime)):
        return _shown_date(value, number_format) if is_date_format(number_format) else "45 000"
    if isinstance(value, numbers.Real) and math.isfinite(float(value)):
        if is_date_format(number_format):
            return _shown_date(_FORMULA_DATE, number_format)
        return _shown_number(float(value) if not isinstance(value, int) else value, number_format)
    return str(value)
