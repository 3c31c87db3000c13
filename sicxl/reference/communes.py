"""The official list of French communes, to complete and check a prospect's place.

Source: `@etalab/decoupage-administratif` 6.0.0 (official geographic code 2026,
legal populations in force on 1 January 2026); see data/README.md. Besides the
current communes it holds what users still type although it is no commune of
today: the delegated and associated former communes of a "commune nouvelle",
the former INSEE codes, and the intercommunalities.

The list is shipped as a ready index (build.py): loading it is one read of the
file into an in-memory SQLite database, a few milliseconds, so a job on a small
file does not spend half a second rebuilding it at every start.
"""

from __future__ import annotations

import sqlite3
import threading
from functools import cache, cached_property
from importlib import resources
from typing import Iterable, NamedTuple

from sicxl.reference.names import fold_commune  # noqa: F401  (re-exported: the folding rule of commune names)

INDEX = "data/communes.sqlite"
_COMMUNE_COLUMNS = "insee, name, department, siren, postal_codes, population"
_CODES_PER_QUERY = 900  # under SQLite's oldest limit on a statement's parameters (999)


class Commune(NamedTuple):
    insee: str
    name: str
    department: str
    siren: str | None
    postal_codes: tuple[str, ...]
    population: int | None


class FormerCommune(NamedTuple):
    """A delegated or associated commune: a former commune inside a current one."""

    insee: str
    name: str
    kind: str  # "deleguee" or "associee"
    department: str
    current: Commune


class Intercommunality(NamedTuple):
    siren: str
    name: str
    kind: str  # CA, CC, CU, METRO
    population: int | None
    members: tuple[str, ...]  # INSEE codes of the member communes


def _commune(row: tuple) -> Commune:
    insee, name, department, siren, postal_codes, population = row
    return Commune(insee, name, department, siren, tuple(postal_codes.split(";")) if postal_codes else (), population)


class Communes:
    """Look-ups by INSEE code, postal code and folded name over the national list.

    Every answer is cached: a file repeats the same few hundred communes, and a
    query costs microseconds once. Thread-safe (the add-in's server calls cell
    functions from several threads)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._by_insee: dict[str, Commune | None] = {}
        self._former_of: dict[str, list[FormerCommune]] = {}
        self._queries: dict[tuple[str, tuple], list[tuple]] = {}

    def _all(self, sql: str, *args: object) -> list[tuple]:
        key = (sql, args)
        if key not in self._queries:
            with self._lock:
                self._queries[key] = self._db.execute(sql, args).fetchall()
        return self._queries[key]

    def _communes(self, where: str, *args: object) -> list[Commune]:
        return [self._remember(_commune(row)) for row in
                self._all(f"SELECT {_COMMUNE_COLUMNS} FROM commune WHERE {where} ORDER BY insee", *args)]

    def _remember(self, commune: Commune) -> Commune:
        """One object per commune, whichever query found it first."""
        return self._by_insee.setdefault(commune.insee, commune)

    def __len__(self) -> int:
        return self._all("SELECT count(*) FROM commune")[0][0]

    def get(self, insee: str) -> Commune | None:
        """The current commune of this INSEE code (None for a former or unknown code)."""
        if insee not in self._by_insee:
            self.prefetch((insee,))
        return self._by_insee.get(insee)

    def prefetch(self, codes: Iterable[object]) -> None:
        """Load the communes of these INSEE codes in a few queries, so that `get`
        answers each from memory, unknown and former codes included (None): a
        large file names thousands of communes: for ten thousand, one query per
        code costs three times more than these, and so does the whole list
        (`by_insee`)."""
        wanted = sorted({code for code in codes if isinstance(code, str) and code not in self._by_insee})
        for start in range(0, len(wanted), _CODES_PER_QUERY):
            chunk = wanted[start: start + _CODES_PER_QUERY]
            with self._lock:
                rows = self._db.execute(f"SELECT {_COMMUNE_COLUMNS} FROM commune WHERE insee IN "
                                        f"({', '.join('?' * len(chunk))})", chunk).fetchall()
            for row in rows:
                self._remember(_commune(row))
            for code in chunk:
                self._by_insee.setdefault(code, None)

    def current_of(self, former_insee: str) -> Commune | None:
        """The commune that a former INSEE code belongs to today (78524 -> 78158)."""
        rows = self._all("SELECT current_insee FROM former_code WHERE former = ?", former_insee)
        return self.get(rows[0][0]) if rows else None

    def named(self, folded: str) -> list[Commune]:
        """Current communes whose folded name is `folded` (homonyms included)."""
        return self._communes("folded = ?", folded)

    def starting_with(self, folded: str) -> list[Commune]:
        """Current communes whose folded name starts with the whole words of `folded`
        ("herblay" finds "Herblay-sur-Seine"); `folded` itself excluded."""
        return self._communes("folded > ? AND folded < ?", folded + " ", folded + "!")

    def with_postal_code(self, postal_code: str) -> list[Commune]:
        return self._communes("insee IN (SELECT insee FROM postal_code WHERE code = ?)", postal_code)

    @cached_property
    def postal_codes(self) -> frozenset[str]:
        """Every postal code of a current commune (6,000 codes, one query)."""
        return frozenset(row[0] for row in self._all("SELECT DISTINCT code FROM postal_code"))

    def is_postal_code(self, postal_code: str) -> bool:
        return postal_code in self.postal_codes

    def in_department(self, department: str) -> list[Commune]:
        return self._communes("department = ?", department)

    def former_named(self, folded: str) -> list[FormerCommune]:
        """Delegated or associated communes bearing this folded name ("chesnay")."""
        return self._former("folded = ?", folded)

    def former_of(self, insee: str) -> list[FormerCommune]:
        """The delegated or associated communes inside the current commune `insee`."""
        if insee not in self._former_of:
            self._former_of[insee] = self._former("current_insee = ?", insee)
        return self._former_of[insee]

    def _former(self, where: str, *args: object) -> list[FormerCommune]:
        found = []
        for insee, name, kind, department, current_insee in self._all(
                f"SELECT insee, name, kind, department, current_insee FROM delegated WHERE {where} "
                f"ORDER BY current_insee, insee", *args):
            current = self.get(current_insee)
            if current is not None:
                found.append(FormerCommune(insee, name, kind, department, current))
        return found

    def intercommunalities_named(self, folded: str, core: str) -> list[Intercommunality]:
        """Intercommunalities whose full folded name is `folded`, or whose name
        without its legal form is `core` ("cergy pontoise")."""
        rows = self._all("SELECT siren, name, kind, population, members FROM epci WHERE folded = ? OR core = ? "
                         "ORDER BY siren", folded, core)
        return [Intercommunality(siren, name, kind, population, tuple(members.split(";")) if members else ())
                for siren, name, kind, population, members in rows]

    @cached_property
    def departments(self) -> frozenset[str]:
        return frozenset(row[0] for row in self._all("SELECT DISTINCT department FROM commune"))

    @cached_property
    def by_insee(self) -> dict[str, Commune]:
        """Every current commune by INSEE code, in one query; `get` answers from it
        afterwards. For whoever walks the whole list (samples, benches) and for a
        large file, where one query beats one per commune (a small file looks its
        few communes up one by one)."""
        return {c.insee: c for c in self._communes("1")}

    def all(self) -> Iterable[Commune]:
        return self.by_insee.values()


def open_index(data: bytes) -> Communes:
    """The index from the bytes of the database (see build.py)."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.deserialize(data)
    db.execute("PRAGMA query_only = ON")
    return Communes(db)


@cache
def communes() -> Communes:
    """The national list, loaded once per process (a few milliseconds)."""
    return open_index(resources.files("sicxl.reference").joinpath(INDEX).read_bytes())
