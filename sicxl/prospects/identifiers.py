"""French administrative identifiers: SIREN, INSEE commune code, postal code, department."""

from __future__ import annotations

import re

LA_POSTE_SIREN = "356000000"
"""La Poste's establishments (SIRET 356000000xxxxx) are too many for the Luhn key:
INSEE's exception is that the sum of their digits is a multiple of 5."""

_INSEE = re.compile(r"(\d{2}|2A|2B)\d{3}")
_POSTAL_CODE = re.compile(r"\d{5}")
_DEPARTMENT = re.compile(r"0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-8]|98[4-9]")


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # a digit doubled, its two digits added


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum that INSEE uses for SIREN and SIRET numbers: every second
    digit from the right doubled."""
    return (sum(map(int, digits[::-1][::2])) + sum(_DOUBLED[int(d)] for d in digits[::-1][1::2])) % 10 == 0


def siret_valid(siret: str) -> bool:
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_SIREN + "00000":
        return sum(int(d) for d in siret) % 5 == 0
    return luhn_valid(siret)


def siren_problem(siren: str) -> str | None:
    """None when `siren` is a valid SIREN, else the French reason.

    A 14-digit SIRET typed in the SIREN column is recognised and reported as such
    (its first 9 digits are the SIREN), since users often paste one for the other.
    """
    if re.fullmatch(r"\d{14}", siren):
        if not siret_valid(siren):
            return "est un SIRET (14 chiffres) dont la clé de contrôle est invalide"
        return f"est un SIRET (14 chiffres) : le SIREN en est les 9 premiers chiffres, {siren[:9]}"
    if not re.fullmatch(r"\d{9}", siren):
        return "doit compter 9 chiffres"
    if luhn_valid(siren):
        return None
    return "clé de contrôle invalide (faute de frappe ?)"


def insee_problem(insee: str) -> str | None:
    if not _INSEE.fullmatch(insee):
        return "doit compter 5 caractères (2 chiffres ou 2A/2B, puis 3 chiffres)"
    return None


def postal_code_problem(code: str) -> str | None:
    if not _POSTAL_CODE.fullmatch(code):
        return "doit compter 5 chiffres"
    return None


def department_problem(code: str) -> str | None:
    if not _DEPARTMENT.fullmatch(code):
        return "n'est pas un numéro de département"
    return None


def department_of_insee(insee: str) -> str:
    """Overseas communes have 3-digit codes (971 Guadeloupe ... 976 Mayotte, 975
    Saint-Pierre-et-Miquelon, 977-978 Saint-Barthélemy and Saint-Martin, and the
    Pacific: 986 Wallis-et-Futuna, 987 Polynésie française, 988 Nouvelle-Calédonie),
    the others 2 characters (issue 19: Dumbéa 98805 is in 988, not 98)."""
    return insee[:3] if insee.startswith(("97", "98")) else insee[:2]


def normalize_department(code: str) -> str:
    """"8" typed in a number cell means department "08"."""
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code
