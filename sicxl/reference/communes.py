"""The official list of French communes, to complete and check a prospect's place.

Source: `@etalab/decoupage-administratif` 6.0.0 (official geographic code 2026,
legal populations in force on 1 January 2026); see data/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import pandas as pd

from sicxl.values import fold

_ARTICLE = re.compile(r"^(l'|le |la |les )")
_SAINT = re.compile(r"\b(st|ste|sts|stes)\b")


@lru_cache(maxsize=131072)
def fold_commune(name: str) -> str:
    """A commune name folded for matching: "ST-GERMAIN EN LAYE" = "Saint-Germain-en-Laye".

    Accents, case, hyphens, apostrophes and the usual abbreviations St/Ste are
    ignored; a leading article too ("Le Chesnay" = "Chesnay").
    """
    text = fold(name).replace("-", " ").replace("’", "'")
    text = _SAINT.sub(lambda m: {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}[m.group(1)], text)
    text = _ARTICLE.sub("", text)
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text).split())


@dataclass(frozen=True)
class Commune:
    insee: str
    name: str
    department: str
    siren: str | None
    postal_codes: tuple[str, ...]
    population: int | None


class Communes:
    """Look-ups by INSEE code, postal code and name over the national list."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.by_insee: dict[str, Commune] = {}
        self.by_name: dict[str, list[Commune]] = {}
        self.by_postal_code: dict[str, list[Commune]] = {}
        for row in frame.itertuples(index=False):
            codes = tuple(row.postal_codes.split(";")) if isinstance(row.postal_codes, str) else ()
            population = int(row.population) if isinstance(row.population, str) else None
            commune = Commune(row.insee_code, row.name, row.department,
                              row.siren if isinstance(row.siren, str) else None, codes, population)
            self.by_insee[commune.insee] = commune
            self.by_name.setdefault(fold_commune(commune.name), []).append(commune)
            for code in codes:
                self.by_postal_code.setdefault(code, []).append(commune)
        self.departments = frozenset(c.department for c in self.by_insee.values())

    def __len__(self) -> int:
        return len(self.by_insee)

    def get(self, insee: str) -> Commune | None:
        return self.by_insee.get(insee)

    def named(self, name: str, postal_code: str | None = None, department: str | None = None) -> list[Commune]:
        """Communes bearing `name`, narrowed by postal code or department when given.

        Homonyms are common (there are dozens of "Saint-Martin"), so a name alone
        identifies a commune only when the result holds exactly one.
        """
        found = self.by_name.get(fold_commune(name), [])
        if postal_code:
            found = [c for c in found if postal_code in c.postal_codes] or found
        if department:
            found = [c for c in found if c.department == department] or found
        return found

    def with_postal_code(self, postal_code: str) -> list[Commune]:
        return self.by_postal_code.get(postal_code, [])

    def is_postal_code(self, postal_code: str) -> bool:
        return postal_code in self.by_postal_code


@cache
def communes() -> Communes:
    """The national list, loaded once per process (about 0.3 s)."""
    data = resources.files("sicxl.reference").joinpath("data/communes_france.csv.gz")
    with data.open("rb") as handle:
        frame = pd.read_csv(handle, compression="gzip", dtype=str, keep_default_na=False, na_values=[""])
    return Communes(frame)
