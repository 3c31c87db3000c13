"""Phone numbers and e-mail addresses, checked with the maintained libraries."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email


@lru_cache(maxsize=65536)
def phone_problem(text: str) -> str | None:
    """None for a valid French (or international) number, else the French reason.

    Any usual spelling is accepted: "01 39 22 55 00", "01.39.22.55.00",
    "+33 (0)1 39 22 55 00", "0033139225500".
    """
    try:
        number = phonenumbers.parse(text.replace("(0)", ""), "FR")
    except phonenumbers.NumberParseException:
        return "n'est pas un numéro de téléphone"
    if not phonenumbers.is_valid_number(number):
        return "n'est pas un numéro valide (nombre de chiffres ?)"
    return None


@lru_cache(maxsize=65536)
def format_phone(text: str) -> str:
    """The national spelling "01 39 22 55 00", or the text unchanged when unreadable."""
    try:
        number = phonenumbers.parse(text.replace("(0)", ""), "FR")
    except phonenumbers.NumberParseException:
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


@lru_cache(maxsize=65536)
def email_problem(text: str) -> str | None:
    """None for a syntactically valid address; no DNS look-up (files are checked offline)."""
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return "n'est pas une adresse e-mail valide"
    return None
