"""One cell as SpreadsheetML text: the value rules shared by edited and new sheets.

Strings are written inline (t="inlineStr") so that xl/sharedStrings.xml stays
byte-identical; Excel converts them to shared strings on its next save. Dates are
serial numbers that only a date number format makes look like dates.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from dataclasses import replace

from sicxl.workbook.xmlwriter import escape_text, needs_preserve
from sicxl.writes import Formula, Style

DATE_FORMAT = "dd/mm/yyyy"  # French users' reading of a date
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
EXCEL_MAX_TEXT = 32767  # longer strings make Excel repair the file
_EPOCH_1900 = dt.datetime(1899, 12, 30)  # serial 0, past Excel's 1900-02-29 bug
_EPOCH_1904 = dt.datetime(1904, 1, 1)


def is_blank(value: object) -> bool:
    """None, NaN and NaT all mean "no value": the cell is cleared."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT are the only values unequal to themselves
    except (TypeError, ValueError):
        return False


def is_date(value: object) -> bool:
    return isinstance(value, (dt.date, dt.datetime)) and not isinstance(value, dt.time)


def effective_style(value: object, style: Style | None) -> Style | None:
    """A date written without a number format would show as a bare serial number."""
    if not is_date(value) or (style is not None and style.number_format):
        return style
    has_time = isinstance(value, dt.datetime) and value.time() != dt.time(0)
    return replace(style or Style(), number_format=DATETIME_FORMAT if has_time else DATE_FORMAT)


def excel_serial(value: dt.date, date1904: bool = False) -> float | int:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    delta = value.replace(tzinfo=None) - (_EPOCH_1904 if date1904 else _EPOCH_1900)
    if delta.seconds == 0 and delta.microseconds == 0:
        return delta.days
    return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400


def _number(value: float | int) -> str:
    if type(value) is int or isinstance(value, numbers.Integral):
        return str(int(value))
    number = float(value)
    if math.isinf(number):
        raise ValueError("an infinite number cannot be stored in a cell")
    return repr(number) if number != int(number) or abs(number) >= 1e16 else str(int(number))


def inline_string(text: str) -> str:
    text = text[:EXCEL_MAX_TEXT]
    space = ' xml:space="preserve"' if needs_preserve(text) else ""
    return f"<is><t{space}>{escape_text(text)}</t></is>"


def render_cell(ref: str, value: object, style_id: int | None, date1904: bool = False) -> str:
    """The <c> element for a non-blank value; `style_id` None writes no s attribute."""
    s = f' s="{style_id}"' if style_id else ""
    if isinstance(value, str):
        return f'<c r="{ref}"{s} t="inlineStr">{inline_string(value)}</c>'
    kind = type(value)
    if kind is int or kind is float:  # the common case, before the slower ABC checks
        return f'<c r="{ref}"{s}><v>{_number(value)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, numbers.Real):
        return f'<c r="{ref}"{s}><v>{_number(value)}</v></c>'
    if isinstance(value, Formula):
        # No cached <v>: Excel and LibreOffice compute it (fullCalcOnLoad is set).
        return f'<c r="{ref}"{s}><f>{escape_text(value.text[1:])}</f></c>'
    if is_date(value):
        return f'<c r="{ref}"{s}><v>{_number(excel_serial(value, date1904))}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr">{inline_string(str(value))}</c>'
