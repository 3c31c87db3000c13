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
from typing import Sequence

from sicxl.workbook.xmlwriter import TEXT_SPECIALS, escape_text, needs_preserve
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


def cell_body(value: object, date1904: bool = False) -> str:
    """A cell's markup after its r and s attributes: the one statement of the value
    rules, which `render_cell` and the column renderer below both follow."""
    if isinstance(value, str):
        return f' t="inlineStr">{inline_string(value)}</c>'
    kind = type(value)
    if kind is int or kind is float:  # the common case, before the slower ABC checks
        return f"><v>{_number(value)}</v></c>"
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, numbers.Real):
        return f"><v>{_number(value)}</v></c>"
    if isinstance(value, Formula):
        # No cached <v>: Excel and LibreOffice compute it (fullCalcOnLoad is set).
        return f"><f>{escape_text(value.text[1:])}</f></c>"
    if is_date(value):
        return f"><v>{_number(excel_serial(value, date1904))}</v></c>"
    return f' t="inlineStr">{inline_string(str(value))}</c>'


def render_cell(ref: str, value: object, style_id: int | None, date1904: bool = False) -> str:
    """The <c> element for a non-blank value; `style_id` None writes no s attribute."""
    s = f' s="{style_id}"' if style_id else ""
    return f'<c r="{ref}"{s}{cell_body(value, date1904)}'


# -- whole columns -----------------------------------------------------------------
# A computed column is 100,000 cells of one or two types: rendering it type by type
# with C-level joins, instead of one cell_body call per cell, is what keeps a write
# fast (issue 9). Every fast path yields exactly cell_body's bytes (tests/workbook/
# test_cells.py compares them); anything unusual goes through cell_body itself.
_TEXT_OPEN, _TEXT_CLOSE = ' t="inlineStr"><is><t>', "</t></is></c>"
_SPACES = " \t\n\r"  # those xml:space="preserve" keeps at either end (needs_preserve)
_EDGE_SPACES = [*("\x00" + c for c in _SPACES), *(c + "\x00" for c in _SPACES)]


def _plain_texts(texts: list[str]) -> bool:
    """True when no text needs escaping, cleaning, truncating or xml:space, so that
    each is written as it is."""
    if max(map(len, texts)) > EXCEL_MAX_TEXT or TEXT_SPECIALS.search("".join(texts)):
        return False
    joined = "\x00".join(texts)  # "\x00" ends texts: no text holds one (checked above)
    if joined and (joined[0] in _SPACES or joined[-1] in _SPACES):
        return False
    return not any(edge in joined for edge in _EDGE_SPACES)


def _text_bodies(texts: list[str], date1904: bool) -> list[bytes]:
    if not _plain_texts(texts):
        return [cell_body(t).encode() for t in texts]
    # One join, one encode, one split: no text holds "\x00" (_plain_texts).
    joined = (_TEXT_CLOSE + "\x00" + _TEXT_OPEN).join(texts)
    return (_TEXT_OPEN + joined + _TEXT_CLOSE).encode().split(b"\x00")


def _int_bodies(values: list[int], date1904: bool) -> list[bytes]:
    return [b"><v>%d</v></c>" % v for v in values]


def _float_bodies(values: list[float], date1904: bool) -> list[bytes]:
    if not all(map(math.isfinite, values)):
        return [b"" if math.isnan(v) else cell_body(v).encode() for v in values]  # NaN is blank; inf raises
    return [b"><v>%d</v></c>" % v if v.is_integer() and -1e16 < v < 1e16 else b"><v>%s</v></c>" % repr(v).encode()
            for v in values]


def _date_bodies(values: list[dt.date], date1904: bool) -> list[bytes]:
    """Plain dates are whole days from the epoch (excel_serial without its datetime)."""
    epoch = (_EPOCH_1904 if date1904 else _EPOCH_1900).toordinal()
    return [b"><v>%d</v></c>" % (v.toordinal() - epoch) for v in values]


def _none_bodies(values: list[None], date1904: bool) -> list[bytes]:
    return [b""] * len(values)


def _other_bodies(values: list[object], date1904: bool) -> list[bytes]:
    return [b"" if is_blank(v) else cell_body(v, date1904).encode() for v in values]


_BODIES = {str: _text_bodies, int: _int_bodies, float: _float_bodies, dt.date: _date_bodies,
           type(None): _none_bodies}


def cell_bodies(values: Sequence[object], date1904: bool = False) -> list[bytes]:
    """`cell_body(v).encode()` for every value, b"" for a blank one, rendered a
    whole type at a time."""
    values = list(values)
    kinds = list(map(type, values))
    present = set(kinds)
    if len(present) == 1:
        kind = present.pop()
        return _BODIES.get(kind, _other_bodies)(values, date1904)
    bodies: list[bytes] = [b""] * len(values)
    for kind in present:
        at = [i for i, k in enumerate(kinds) if k is kind]
        rendered = _BODIES.get(kind, _other_bodies)([values[i] for i in at], date1904)
        for i, body in zip(at, rendered):
            bodies[i] = body
    return bodies
