"""Commune and intercommunality names folded the way people type them.

Users write "ST GERMAIN EN LAYE", "Saint-Germain-en-Laye" or "Le Chesnay" for
"Le Chesnay-Rocquencourt"; the official list writes each name once. Both sides
are folded by the same rule, so a lookup compares folded names only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sicxl.values import fold

_ARTICLE = re.compile(r"^(l'|le |la |les )")
_SAINT = re.compile(r"\b(st|ste|sts|stes)\b")
_SAINTS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_NOT_ALNUM = re.compile(r"[^a-z0-9 ]")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'", "-": " "})
# The legal form that opens an intercommunality's name: "CA de", "Communauté de communes du"...
_EPCI_FORM = re.compile(
    r"^(?:ca|cc|cu|metropole|eurometropole|agglo|communaute (?:d'agglomeration|de communes|urbaine|d'agglo))\b"
    r"\s*(?:de la |de l'|du |des |de |d'|l')?"
)
_EPCI_SUFFIX = re.compile(r"\s+(metropole|agglo|agglomeration)$")


@lru_cache(maxsize=131072)
def fold_commune(name: str) -> str:
    """A commune name folded for matching: "ST-GERMAIN EN LAYE" = "Saint-Germain-en-Laye".

    Accents, case, hyphens, apostrophes, ligatures (œ) and the usual abbreviations
    St/Ste are ignored; a leading article too ("Le Chesnay" = "Chesnay").
    """
    text = fold(name)
    text = text.replace("-", " ") if text.isascii() else text.translate(_LIGATURES)
    if "st" in text:  # each pattern tried only where it may apply: 35,000 names are folded at once
        text = _SAINT.sub(lambda m: _SAINTS[m.group(1)], text)
    if text.startswith(("l'", "le ", "la ", "les ")):
        text = _ARTICLE.sub("", text)
    return " ".join(_NOT_ALNUM.sub(" ", text).split())


def epci_core(name: str) -> str:
    """An intercommunality's name without its legal form, folded:
    "CA de Cergy-Pontoise", "Communauté d'agglomération de Cergy-Pontoise" and
    "Cergy-Pontoise Agglo" all give "cergy pontoise", which is what users type
    in a commune column."""
    text = fold(name).translate(_LIGATURES)
    text = _EPCI_SUFFIX.sub("", _EPCI_FORM.sub("", text))
    return fold_commune(text)


def starts_with_words(name: str, prefix: str) -> bool:
    """True when folded `name` begins with the whole words of folded `prefix`:
    "herblay sur seine" starts with "herblay", not with "herbl"."""
    return name == prefix or name.startswith(prefix + " ")
