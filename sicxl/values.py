"""Reading cell values the way French users type them.

Users type "1 354 304", "12,5", "4 avril 2007" or "04/04/07"; Excel hands us
floats, dates, text or error codes. Every parser here returns a value or raises
`ValueProblem` with a French reason, so the caller can name the cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache
from typing import Any, Callable

EXCEL_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
     "#GETTING_DATA", "#N/D", "#DIV/0 !", "#VALEUR!", "#VALEUR !", "#REF !", "#NOM?", "#NOMBRE!",
     "#NUL!", "#NOM ?"}
)

MONTHS_FR = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juin": 6, "jun": 6,
    "juillet": 7, "juil": 7, "jul": 7,
    "aout": 8, "aou": 8, "aug": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}
MONTH_NAMES_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                  "septembre", "octobre", "novembre", "décembre")

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")


class ValueProblem(ValueError):
    """A cell value that cannot be read; its message is French and names no cell."""


def is_blank(value: Any) -> bool:
    """Empty cell: None, empty or whitespace-only text, or NaN from pandas."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def is_error(value: Any) -> bool:
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS


def fold(text: Any) -> str:
    """Lower case without accents, single spaces: for comparing what users type."""
    return _fold(text if isinstance(text, str) else str(text))


class _Marks(dict):
    """A `str.translate` table that deletes the combining marks (accents) NFKD
    splits off letters, filled in as characters are met: the translation then
    runs in C, where a test of each character in Python cost three times more
    on a file of ten thousand distinct names. Bounded: a hostile file holding
    every character of Unicode leaves at most _MARKS_HELD of them remembered."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if len(self) < _MARKS_HELD:
            self[code] = kept
        return kept


_MARKS_HELD = 65_536


_MARKS = _Marks()


@lru_cache(maxsize=262144)
def _fold(text: str) -> str:
    """Cached: a file repeats the same few thousand names and choices. ASCII
    text has no accents to drop (its NFKD form is itself)."""
    if text.isascii():
        return " ".join(text.casefold().split())
    return " ".join(unicodedata.normalize("NFKD", text).translate(_MARKS).casefold().split())


def quote(value: Any) -> str:
    """Show a user's value inside a message, the French way."""
    text = format_value(value)
    if len(text) > 40:
        text = text[:37] + "…"
    return f"« {text} »"


def format_value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def format_number(value: float, decimals: int = 1) -> str:
    """French number format: narrow no-break space for thousands, comma for decimals."""
    text = f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    if decimals and text.endswith("," + "0" * decimals):
        text = text[: -(decimals + 1)]
    return text


@lru_cache(maxsize=65536)
def format_whole(units: int) -> str:
    """`format_number(x, 0)` of an x already rounded to units: cached, because a
    column of 100,000 amounts in k€ repeats the same few thousand figures."""
    return f"{units:,}".replace(",", "\u202f")


def format_percent(rate: float, decimals: int = 1) -> str:
    return format_number(rate * 100, decimals) + "\u00a0%"


def _check_not_error(value: Any) -> None:
    if is_error(value):
        raise ValueProblem(f"la cellule contient l'erreur {value.strip()}")


def parse_number(value: Any) -> float:
    """A number, from a float or from text typed the French way ("1 354 304", "12,5")."""
    _check_not_error(value)
    if isinstance(value, bool):
        raise ValueProblem(f"{quote(value)} n'est pas un nombre")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueProblem(f"{quote(value)} n'est pas un nombre")
        return float(value)
    if isinstance(value, str):
        text = _SPACES.sub("", value.strip())
        text = re.sub(r"(k€|€|eur|euros?)$", "", text, flags=re.IGNORECASE)
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):
            text = text.replace(".", "")
        text = text.replace(",", ".")
        if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
            return float(text)
    raise ValueProblem(f"{quote(value)} n'est pas un nombre")


def parse_int(value: Any) -> int:
    number = parse_number(value)
    if not number.is_integer():
        raise ValueProblem(f"{quote(value)} n'est pas un nombre entier")
    return int(number)


def parse_count(value: Any) -> int:
    """A count: an integer that cannot be negative (population, pools...)."""
    number = parse_int(value)
    if number < 0:
        raise ValueProblem(f"{quote(value)} est négatif, ce qui est impossible")
    return number


_DATE_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+\d{1,2}[:h]\d{2}(?::\d{2})?)?")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE_WORDS = re.compile(r"(?:[a-z]+\.?\s+)?(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make_date(year: int, month: int, day: int, original: Any) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(f"{quote(original)} n'est pas une date valide") from None


def parse_date(value: Any) -> dt.date:
    """A date from a date cell, an Excel serial number, or French text.

    Accepted text: 04/04/2007, 4/4/07, 04-04-2007, 2007-04-04, 4 avril 2007,
    mercredi 4 avril 2007, 1er avril 2007. Day first, as in France.
    """
    _check_not_error(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial range (1900-01-01 .. 9999-12-31)
            return (_EXCEL_EPOCH + dt.timedelta(days=float(value))).date()
        raise ValueProblem(f"{quote(value)} n'est pas une date")
    if isinstance(value, str):
        text = fold(value)
        if match := _DATE_NUMERIC.fullmatch(text):
            day, month, year = match.groups()
            return _make_date(_year(year), int(month), int(day), value)
        if match := _DATE_ISO.fullmatch(text):
            year, month, day = match.groups()
            return _make_date(int(year), int(month), int(day), value)
        if match := _DATE_WORDS.fullmatch(text):
            day, month_name, year = match.groups()
            if month_name in MONTHS_FR:
                return _make_date(int(year), MONTHS_FR[month_name], int(day), value)
    raise ValueProblem(f"{quote(value)} n'est pas une date")


_TIME_TEXT = re.compile(r"(\d{1,2})\s*(?:h|:)\s*(\d{2})?(?::\d{2})?(?:\s*min)?")


def parse_time(value: Any) -> dt.time:
    """A time of day from a time cell, an Excel fraction of a day (0.375 is 9:00),
    a date-time, or French text ("9h30", "09:30", "14 h", "9:30:00")."""
    _check_not_error(value)
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        if minutes < 24 * 60:
            return dt.time(minutes // 60, minutes % 60)
    if isinstance(value, str) and (match := _TIME_TEXT.fullmatch(fold(value))):
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        if hours < 24 and minutes < 60:
            return dt.time(hours, minutes)
    raise ValueProblem(f"{quote(value)} n'est pas une heure (attendu par exemple 9h30 ou 14:00)")


_MONTH_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})")
_MONTH_FR = re.compile(r"(\d{1,2})[-/.](\d{4})")
_MONTH_WORDS = re.compile(r"([a-z]+)\.?[\s\-']+(\d{2}|\d{4})")


def parse_month(value: Any) -> str:
    """A month as "AAAA-MM" from "2007-03", "03/2007", "mars 2007", "mars-07" or a date."""
    _check_not_error(value)
    if isinstance(value, (dt.date, dt.datetime)) or (
        isinstance(value, (int, float)) and not isinstance(value, bool)
    ):
        day = parse_date(value)
        return f"{day.year:04d}-{day.month:02d}"
    if isinstance(value, str):
        text = fold(value)
        month = year = None
        if match := _MONTH_ISO.fullmatch(text):
            year, month = int(match.group(1)), int(match.group(2))
        elif match := _MONTH_FR.fullmatch(text):
            month, year = int(match.group(1)), int(match.group(2))
        elif (match := _MONTH_WORDS.fullmatch(text)) and match.group(1) in MONTHS_FR:
            month, year = MONTHS_FR[match.group(1)], _year(match.group(2))
        else:
            try:
                day = parse_date(value)
            except ValueProblem:
                pass
            else:
                return f"{day.year:04d}-{day.month:02d}"
        if month is not None and year is not None and 1 <= month <= 12:
            return f"{year:04d}-{month:02d}"
    raise ValueProblem(f"{quote(value)} n'est pas un mois (attendu par exemple 2007-03 ou mars 2007)")


def parse_yes_no(value: Any) -> bool:
    _check_not_error(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = fold(value)
    if text in {"oui", "o", "yes", "y", "vrai", "true", "x", "1"}:
        return True
    if text in {"non", "n", "no", "faux", "false", "0", "-"}:
        return False
    raise ValueProblem(f"{quote(value)} n'est ni « oui » ni « non »")


def parse_code(value: Any, digits: int | None = None) -> str:
    """A code kept as text. A number cell loses its leading zeros in Excel, so
    8100.0 read for a 5-digit postal code comes back as "08100"."""
    if value.__class__ is str and value.isdigit():  # most codes: nothing to clean
        return value
    _check_not_error(value)
    if isinstance(value, bool):
        raise ValueProblem(f"{quote(value)} n'est pas un code")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem(f"{quote(value)} n'est pas un code")
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        if digits and len(text) < digits:
            text = text.zfill(digits)
        return text
    return _SPACES.sub("", str(value).strip()).upper()


@lru_cache(maxsize=64)
def _choices_index(choices: tuple[str, ...]) -> dict[str, str]:
    return {fold(choice).removesuffix("s"): choice for choice in choices}


def parse_choice(value: Any, choices: tuple[str, ...]) -> str:
    """One of `choices`, matched without case, accents or a plural "s"
    ("collectivites" is "Collectivité"); returns the canonical spelling."""
    _check_not_error(value)
    found = _choices_index(choices).get(fold(value).removesuffix("s"))
    if found is not None:
        return found
    listed = ", ".join(choices)
    raise ValueProblem(f"{quote(value)} n'est pas dans la liste ({listed})")


def parse_once(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`parse`, remembering each distinct value's outcome: the parsed value, or the
    `ValueProblem` (returned, not raised). Columns repeat the same few values
    (types, months, temperatures, codes); the parsers are pure, so this is exact."""
    seen: dict[tuple[type, Any], Any] = {}

    def parsed(value: Any) -> Any:
        key = (value.__class__, value)
        if key not in seen:
            seen[key] = outcome_of(parse, value)
        return seen[key]

    return parsed


def outcome_of(parse: Callable[[Any], Any], value: Any) -> Any:
    """`parse(value)`, or the `ValueProblem` it raised, returned: for callers that
    parse each distinct value once and report the problems cell by cell."""
    try:
        return parse(value)
    except ValueProblem as problem:
        return problem


def parse_or_none(parse: Callable[[Any], Any], value: Any) -> Any:
    """`parse(value)`, or None when the value is blank or unreadable: for cell
    functions, where a bad cell gives an empty result rather than a message."""
    if is_blank(value):
        return None
    try:
        return parse(value)
    except ValueProblem:
        return None


def text_of(value: Any) -> str:
    """The text of a cell as typed; numbers without a spurious '.0'."""
    if is_blank(value):
        return ""
    return format_value(value).strip()


def parse_percent(value: Any) -> float:
    """A rate between 0 and 1 from 0,05, "5 %", "5%" or 5 (a number above 1 is read
    as percentage points: users type 5 for 5 %); a %-formatted cell holds 0.05."""
    _check_not_error(value)
    text = value.strip() if isinstance(value, str) else None
    if text is not None and text.endswith("%"):
        rate = parse_number(text[:-1]) / 100
    else:
        rate = parse_number(value)
        if rate > 1:
            rate /= 100
    if not 0 <= rate <= 1:
        raise ValueProblem(f"{quote(value)} n'est pas un pourcentage entre 0 et 100 %")
    return rate
