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

    def names(self) -> tuple[str, ...]:
        return (self.header, self.key, *self.aliases)


@dataclass(frozen=True)
class SheetSchema:
    name: str
    columns: tuple[Column, ...]
    table: str | None = None
    aliases: tuple[str, ...] = ()
    keys: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", {c.key: c for c in self.columns})

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


def normalize_header(text: object) -> str:
    """Fold a header for matching: case, accents, punctuation and spaces ignored.

    "  Code  postal " , "code_postal" and "CODE POSTAL" all fold to "codepostal",
    so that a user's retyped header still finds its column.
    """
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(
        ch for ch in decomposed.casefold() if ch.isalnum() and not unicodedata.combining(ch)
    )
