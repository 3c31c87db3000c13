"""Build the packaged commune index from the official lists (run once per edition).

    python -m sicxl.reference.build ../shared/data

reads the four CSV files of the shared data (README there: `communes_france.csv`,
`communes_deleguees_associees.csv`, `communes_anciens_codes.csv`, `epci_france.csv`,
all from `@etalab/decoupage-administratif` 6.0.0) and writes
`sicxl/reference/data/communes.sqlite`: an SQLite database that a job loads into
memory in a few milliseconds instead of parsing 35,000 rows and folding their names at
every start (about half a second). SQLite is a data-only format: loading it runs
no code from the file, unlike a pickle. It is stored as it is: the wheel (a zip)
and git compress it anyway, as gzip did (1.6 MB), and inflating it at every start
cost 20 ms of a job's start.

The names are stored already folded (`fold_commune`), so a change to the folding
rule needs a rebuild; tests/reference checks the packaged index against a fresh
build from the shared data.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from pathlib import Path
from typing import Iterator

from sicxl.reference.names import epci_core, fold_commune

PACKAGED = Path(__file__).resolve().parent / "data" / "communes.sqlite"
SOURCES = {
    "communes": "communes_france.csv",
    "delegated": "communes_deleguees_associees.csv",
    "former": "communes_anciens_codes.csv",
    "epci": "epci_france.csv",
}

SCHEMA = """
CREATE TABLE commune (insee TEXT PRIMARY KEY, name TEXT NOT NULL, folded TEXT NOT NULL,
                      department TEXT NOT NULL, siren TEXT, postal_codes TEXT NOT NULL, population INTEGER)
                      WITHOUT ROWID;
CREATE INDEX commune_folded ON commune (folded);
CREATE TABLE postal_code (code TEXT NOT NULL, insee TEXT NOT NULL, PRIMARY KEY (code, insee)) WITHOUT ROWID;
CREATE TABLE delegated (insee TEXT NOT NULL, name TEXT NOT NULL, folded TEXT NOT NULL, kind TEXT NOT NULL,
                        department TEXT NOT NULL, current_insee TEXT NOT NULL);
CREATE INDEX delegated_folded ON delegated (folded);
CREATE INDEX delegated_current ON delegated (current_insee);
CREATE TABLE former_code (former TEXT PRIMARY KEY, current_insee TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE epci (siren TEXT PRIMARY KEY, name TEXT NOT NULL, folded TEXT NOT NULL, core TEXT NOT NULL,
                   kind TEXT NOT NULL, population INTEGER, members TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX epci_folded ON epci (folded);
CREATE INDEX epci_core ON epci (core);
"""


def _rows(folder: Path, name: str) -> Iterator[dict[str, str]]:
    with (folder / SOURCES[name]).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _number(text: str) -> int | None:
    return int(text) if text.strip() else None


def build(folder: Path) -> sqlite3.Connection:
    """The index as an in-memory database, from the CSV files in `folder`."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    for row in _rows(folder, "communes"):
        codes = [c for c in row["postal_codes"].split(";") if c]
        db.execute("INSERT INTO commune VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (row["insee_code"], row["name"], fold_commune(row["name"]), row["department"],
                    row["siren"] or None, ";".join(codes), _number(row["population"])))
        db.executemany("INSERT OR IGNORE INTO postal_code VALUES (?, ?)", [(c, row["insee_code"]) for c in codes])
    for row in _rows(folder, "delegated"):
        db.execute("INSERT INTO delegated VALUES (?, ?, ?, ?, ?, ?)",
                   (row["insee_code"], row["name"], fold_commune(row["name"]), row["kind"], row["department"],
                    row["current_insee_code"]))
    for row in _rows(folder, "former"):
        db.execute("INSERT OR IGNORE INTO former_code VALUES (?, ?)",
                   (row["former_insee_code"], row["current_insee_code"]))
    for row in _rows(folder, "epci"):
        db.execute("INSERT INTO epci VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (row["siren"], row["name"], fold_commune(row["name"]), epci_core(row["name"]), row["kind"],
                    _number(row["population"]), row["member_insee_codes"]))
    db.commit()
    db.execute("VACUUM")
    return db


def write(folder: Path, target: Path = PACKAGED) -> Path:
    """Build from `folder` and write the index to `target`."""
    target.write_bytes(build(folder).serialize())
    return target


if __name__ == "__main__":
    print(write(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")))
