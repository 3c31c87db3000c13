"""Phone numbers and e-mail addresses, checked with the maintained libraries.

Both libraries cost 50-100 µs a call, 10 s on a 100,000-row file. The common
spellings take a fast path that gives the libraries' own answer: a French
number in national or +33 form is checked against phonenumbers' metadata
patterns for France (the test `is_valid_number` itself applies); a plain ASCII
address under a common top-level domain against a strict pattern, a subset of
what email-validator accepts (none of those domains is special-use). Anything
else goes through the full libraries; email-validator, whose import alone costs
a tenth of a second, is imported only then.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

_SEPARATORS = re.compile(r"[\s.\-/()\u00a0\u202f]+")
_FRENCH_NATIONAL = re.compile(r"(?:0|\+33|0033)(?:\(0\))?(\d{9})")
_FR_METADATA = phonenumbers.PhoneMetadata.metadata_for_region("FR")
_FR_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
             "voicemail", "fixed_line", "mobile")


def _fr_pattern() -> re.Pattern[str]:
    """A number is valid when it matches France's general pattern and one type's pattern
    (phonenumbers' `_number_type_helper`); both come from the library's metadata."""
    types = [getattr(_FR_METADATA, name) for name in _FR_TYPES]
    alternatives = "|".join(f"(?:{d.national_number_pattern})" for d in types if d and d.national_number_pattern)
    return re.compile(f"(?=(?:{_FR_METADATA.general_desc.national_number_pattern})$)(?:{alternatives})")


_FR_VALID = _fr_pattern()


def _french_national_number(text: str) -> str | None:
    """The 9 significant digits of a French number typed in a usual way, else None."""
    match = _FRENCH_NATIONAL.fullmatch(_SEPARATORS.sub("", text.replace("(0)", "")))
    return match.group(1) if match else None


@lru_cache(maxsize=65536)
def phone_problem(text: str) -> str | None:
    """None for a valid French (or international) number, else the French reason.

    Any usual spelling is accepted: "01 39 22 55 00", "01.39.22.55.00",
    "+33 (0)1 39 22 55 00", "0033139225500".
    """
    national = _french_national_number(text)
    if national is not None:
        return None if _FR_VALID.fullmatch(national) else "n'est pas un numéro valide (nombre de chiffres ?)"
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


_LABEL = r"(?![a-z0-9]{2}--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"  # "ab--" is reserved (IDNA)
_SIMPLE_EMAIL = re.compile(rf"[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:{_LABEL}\.)+([a-z]{{2,63}})", re.IGNORECASE)


# Top-level domains of a French sales team's contacts; none is a special-use name (RFC 6761:
# arpa, invalid, local, localhost, onion, test), which email-validator refuses.
_COMMON_TLDS = frozenset({"fr", "com", "net", "org", "eu", "info", "biz", "be", "ch", "lu", "re", "gp", "mq",
                          "gf", "yt", "nc", "pf", "pm", "io", "de", "es", "it", "uk"})


def _simple_valid_email(text: str) -> bool:
    match = _SIMPLE_EMAIL.fullmatch(text)
    return bool(match) and len(text) <= 254 and len(text.partition("@")[0]) <= 64 and (
        match.group(1).lower() in _COMMON_TLDS
    )


@lru_cache(maxsize=65536)
def email_problem(text: str) -> str | None:
    """None for a syntactically valid address; no DNS look-up (files are checked offline)."""
    if _simple_valid_email(text):
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return "n'est pas une adresse e-mail valide"
    return None
