"""Postal addresses in the French norm (AFNOR NF Z10-011, La Poste's address rules).

The norm gives an address at most 6 lines of at most 38 characters, each line with
one role, empty lines removed:

1. the addressee: for an organisation its name (raison sociale), else the person;
2. the person and/or service (for an organisation: civility, name, function);
3. the complement: building, entrance, residence, industrial zone;
4. number and street;
5. a special delivery mention (BP, CS, TSA) or a lieu-dit;
6. postal code and commune (or CEDEX code and label).

The last three lines are written in capitals, without accents or punctuation, as
La Poste's RNVP processing does, so that sorting machines read them. A line too
long is first shortened with La Poste's standard abbreviations (AVENUE -> AV,
SAINT -> ST...), and cut at a word only as a last resort, with a note asking to
check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sicxl.messages import events as msg
from sicxl.values import ValueProblem, fold, parse_code, text_of

MAX_LINES = 6
MAX_WIDTH = 38

# La Poste's abbreviations of street types and titles (norm's annex), used only
# when a line exceeds 38 characters.
STREET_ABBREVIATIONS = {
    "AVENUE": "AV", "BOULEVARD": "BD", "PLACE": "PL", "ROUTE": "RTE", "CHEMIN": "CHE",
    "ALLEE": "ALL", "IMPASSE": "IMP", "SQUARE": "SQ", "FAUBOURG": "FG", "PROMENADE": "PROM",
    "QUARTIER": "QUA", "RESIDENCE": "RES", "BATIMENT": "BAT", "IMMEUBLE": "IMM", "CENTRE": "CTRE",
    "SAINT": "ST", "SAINTE": "STE", "GRAND": "GD", "GRANDE": "GDE",
    "DOCTEUR": "DR", "GENERAL": "GAL", "MARECHAL": "MAL", "PRESIDENT": "PDT", "PROFESSEUR": "PR",
    "LIEUTENANT": "LT", "COMMANDANT": "CDT", "CAPITAINE": "CNE", "MONSEIGNEUR": "MGR",
}
# In a commune's name La Poste abbreviates only these (libellé d'acheminement).
COMMUNE_ABBREVIATIONS = {"SAINT": "ST", "SAINTE": "STE"}

_SPECIAL = re.compile(r"(b\.?\s?p\.?|cs|tsa|boite postale|case postale|lieu[\s-]?dit|hameau)\b")
_STREET_WORDS = (
    "rue", "avenue", "av", "boulevard", "bd", "place", "chemin", "route", "allee", "impasse", "quai",
    "cours", "square", "sentier", "voie", "parvis", "esplanade", "rond point", "promenade", "faubourg",
    "passage", "mail", "rampe", "villa", "cite", "ruelle", "traverse", "montee", "chaussee", "clos",
)
_STREET = re.compile(r"(\d+\s*(bis|ter|quater|[a-d])?\b|(" + "|".join(_STREET_WORDS) + r")\b)")
_NUMBER_ONLY = re.compile(r"\d+\s*(bis|ter|quater|[a-d])?")
_PARTS = re.compile(r"[\n;,]+")


@dataclass(frozen=True)
class PostalAddress:
    """The address lines, and what had to be shortened or is missing (French)."""

    lines: tuple[str, ...]
    notes: tuple[str, ...] = ()


def postal_text(text: str) -> str:
    """Capitals without accents or punctuation: "L'Haÿ-les-Roses" -> "L HAY LES ROSES"."""
    plain = re.sub(r"[^0-9a-z]+", " ", fold(text))
    return " ".join(plain.upper().split())


def _clean(value: Any) -> str:
    return " ".join(text_of(value).split())


def _shorten_words(text: str, width: int) -> str:
    """Cut between words to at most `width` characters (a single long word is cut)."""
    if len(text) <= width:
        return text
    cut = text[: width + 1].rsplit(" ", 1)[0]
    return cut if 0 < len(cut) <= width else text[:width]


def _fit(text: str, what: str, notes: list[str], abbreviations: dict[str, str] | None = None) -> str:
    if len(text) <= MAX_WIDTH:
        return text
    if abbreviations:
        text = " ".join(abbreviations.get(word, word) for word in text.split())
        if len(text) <= MAX_WIDTH:
            return text
    shortened = _shorten_words(text, MAX_WIDTH)
    notes.append(msg.line_cut(what, text, shortened))
    return shortened


def _split_street(address: str) -> tuple[str, str, str]:
    """(complement, street, special mention) from the street cell as users type it:
    "Hôtel de ville, 1 place du Général de Gaulle, BP 12" gives one of each."""
    parts = [p.strip() for p in _PARTS.split(address) if p.strip()]
    merged: list[str] = []
    for part in parts:  # "12, rue de la Paix": the number belongs to the street
        if merged and _NUMBER_ONLY.fullmatch(fold(merged[-1])):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    building, street, special = [], [], []
    for part in merged:
        folded = fold(part)
        if _SPECIAL.match(folded):
            special.append(part)
        elif _STREET.match(folded):
            street.append(part)
        else:
            building.append(part)
    return " ".join(building), " ".join(street), " ".join(special)


def _recipient_lines(civility: str, name: str, role: str, organisation: str) -> tuple[str, str]:
    identity = " ".join(p for p in (civility, name) if p)
    if not organisation:
        return identity, role
    if identity and role:
        both = f"{identity}, {role}"
        return organisation, both if len(both) <= MAX_WIDTH else identity
    return organisation, identity or role


def _city_line(postal_code: str, city: str, notes: list[str]) -> str:
    commune = postal_text(city)
    line = f"{postal_code} {commune}".strip()
    if len(line) <= MAX_WIDTH:
        return line
    commune = " ".join(COMMUNE_ABBREVIATIONS.get(w, w) for w in commune.split())
    room = MAX_WIDTH - len(postal_code) - 1
    if len(commune) > room:
        cedex = re.search(r" CEDEX( \d+)?$", commune)
        tail = cedex.group(0) if cedex else ""
        head = _shorten_words(commune[: len(commune) - len(tail)], room - len(tail))
        notes.append(msg.line_cut(msg.LINE_CITY, f"{postal_code} {commune}", f"{postal_code} {head}{tail}"))
        commune = head + tail
    return f"{postal_code} {commune}".strip()


def postal_address(
    name: Any = None,
    organisation: Any = None,
    role: Any = None,
    civility: Any = None,
    address: Any = None,
    postal_code: Any = None,
    city: Any = None,
) -> PostalAddress:
    """The address lines of one addressee in the NF Z10-011 layout (module docstring)."""
    notes: list[str] = []
    first, second = _recipient_lines(_clean(civility), _clean(name), _clean(role), _clean(organisation))
    building, street, special = _split_street(_clean(address))
    code = _clean(postal_code)
    try:
        code = parse_code(postal_code, 5) if code else ""
    except ValueProblem:
        pass
    if code and not re.fullmatch(r"\d{5}", code):
        notes.append(msg.bad_postal_code(code))
    lines = (
        _fit(first, msg.LINE_RECIPIENT, notes),
        _fit(second, msg.LINE_PERSON, notes),
        _fit(building, msg.LINE_BUILDING, notes),
        _fit(postal_text(street), msg.LINE_STREET, notes, STREET_ABBREVIATIONS),
        _fit(postal_text(special), msg.LINE_SPECIAL, notes, STREET_ABBREVIATIONS),
        _city_line(code, _clean(city), notes),
    )
    return PostalAddress(tuple(line for line in lines if line), tuple(notes))


def address_lines(
    name: Any = None,
    organisation: Any = None,
    role: Any = None,
    civility: Any = None,
    address: Any = None,
    postal_code: Any = None,
    city: Any = None,
) -> list[str]:
    """The normalised address lines (at most 6 of at most 38 characters).

    Wrapped by the add-in as SIC_ADDRESS; the notes of `postal_address` are left out.
    """
    return list(postal_address(name, organisation, role, civility, address, postal_code, city).lines)


def has_postal_address(address: Any, postal_code: Any, city: Any) -> bool:
    """Mail can be sent: a street (or BP) line, a 5-digit postal code and a commune."""
    try:
        code = parse_code(postal_code, 5)
    except ValueProblem:
        return False
    return bool(_clean(address)) and bool(_clean(city)) and re.fullmatch(r"\d{5}", code) is not None
