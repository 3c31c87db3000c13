"""The building blocks of the workbook contract (WORKBOOKS.md).

A column is found by its header, never by its position: users move and insert
columns, rename them slightly, type accents or not. So each column declares its
canonical key (used by code), its French header (shown to users) and the aliases
that real files use for it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache


class Kind(Enum):
    """How a cell's value is read and checked."""

    TEXT = "text"
    CODE = "code"  # digits kept as text: leading zeros matter (postal code, INSEE)
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"  # one of `choices`
    YES_NO = "yes_no"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = Kind.TEXT
    computed: bool = False
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    number_format: str | None = None
    width: float = 14.0
    help: str = ""


@dataclass(frozen=True)
class SheetSchema:
    """A sheet of the contract.

    `identity`: the columns that make a sheet this table, as groups of keys of
    which one at least must be present (the prospect list: an ID, and a name or
    a commune); without it any two matching headers are enough.
    `settings`: the sheet of two columns (Paramètre, Valeur) where users pin a
    column to the header it has in their file ("Colonne Population" = "Nb hab.").
    """

    name: str
    columns: tuple[Column, ...]
    table: str | None = None
    aliases: tuple[str, ...] = ()
    identity: tuple[tuple[str, ...], ...] = ()
    settings: "SheetSchema | None" = None
    keys: dict[str, Column] = field(init=False, repr=False, compare=False)
    names: dict[str, tuple[str, bool]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", {c.key: c for c in self.columns})
        object.__setattr__(self, "names", _name_index(self.columns))

    def column(self, key: str) -> Column:
        return self.keys[key]

    @property
    def user_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.computed)

    @property
    def computed_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.computed)

    def header(self, key: str) -> str:
        return self.keys[key].header

    def recognise(self, text: object) -> tuple[str, bool] | None:
        """(key, exact) of the column a header names, None when it names none.
        `exact`: the header is the contract's own (not an alias)."""
        return self.names.get(normalize_header(text))

    def missing_identity(self, keys: "set[str] | dict[str, int]") -> list[tuple[str, ...]]:
        """The identity groups of which no column is among `keys`."""
        return [group for group in self.identity if not any(k in keys for k in group)]


def _name_index(columns: tuple[Column, ...]) -> dict[str, tuple[str, bool]]:
    """Folded header -> (key, exact). Headers and aliases first; the code keys
    ("postal_code") only where no header or alias already reads that way."""
    index: dict[str, tuple[str, bool]] = {}
    for column in columns:
        index.setdefault(normalize_header(column.header), (column.key, True))
    for column in columns:
        for alias in column.aliases:
            index.setdefault(normalize_header(alias), (column.key, False))
    for column in columns:
        index.setdefault(normalize_header(column.key), (column.key, True))
    return index


def ambiguous_names(schema: SheetSchema) -> dict[str, set[str]]:
    """Folded headers or aliases that would name two columns of `schema`: the
    vocabulary must never leave a guess between two columns (a test checks none)."""
    seen: dict[str, set[str]] = {}
    for column in schema.columns:
        for name in (column.header, *column.aliases):
            seen.setdefault(normalize_header(name), set()).add(column.key)
    return {name: keys for name, keys in seen.items() if len(keys) > 1}


# Abbreviations people type in headers, each read as its full word ("Nb habitants" =
# "Nombre d'habitants", "Tél." = "Téléphone"). Only abbreviations with one meaning
# in a sales team's files: a header must never be a guess between two columns.
ABBREVIATIONS = {
    "nb": "nombre", "nbr": "nombre", "nbre": "nombre",
    "n": "numero", "no": "numero", "num": "numero",
    "tel": "telephone", "pop": "population", "hab": "habitant",
    "dep": "departement", "dept": "departement", "dpt": "departement",
    "adr": "adresse", "ref": "reference", "cial": "commercial", "resp": "responsable", "fct": "fonction",
}
# Words that do not change what a header means: "Nombre d'habitants" = "Nombre habitants".
SMALL_WORDS = frozenset({"d", "l", "de", "du", "des", "la", "le", "les", "au", "aux", "en"})
_PERCENT = str.maketrans({"%": " pourcent "})


def _singular(word: str) -> str:
    """French plurals folded: "habitants" -> "habitant", "eaux" -> "eau"."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    if len(word) > 3 and word.endswith(("aux", "eux")):
        return word[:-1]
    return word


def normalize_header(text: object) -> str:
    """Fold a header for matching, the way people type headers.

    Case, accents, spaces, punctuation and abbreviation dots are ignored, plurals
    are read as singulars, the usual abbreviations as their full word and small
    words (de, du, d') dropped: "Nb habitants", "NOMBRE D'HABITANTS" and
    "Nbre d'hab." all fold to "nombrehabitant"; "C.P." and "CP" to "cp";
    "E-mail" and "Email" to "email".
    """
    if text is None:
        return ""
    return _normalize(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=16384)
def _normalize(text: str) -> str:
    """Cached: the header scan folds the same first rows for every schema tried."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_PERCENT))
    plain = "".join(ch if ch.isalnum() else " " for ch in decomposed.casefold() if not unicodedata.combining(ch))
    words = [ABBREVIATIONS.get(word, word) for word in map(_singular, plain.split())]
    return "".join(w for w in words if w not in SMALL_WORDS) or "".join(words)
