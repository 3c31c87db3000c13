"""A prospect's commune: completing its codes from the official list, and checking them.

A row names its commune by INSEE code, by name (with postal code or department
to tell homonyms apart) or, for a local authority, by its own name ("Mairie de
Poissy"). Once the commune is known, the empty cells among INSEE code, postal
code, department and commune are completed; for the commune itself (a
Collectivité) its SIREN and legal population too. Codes that contradict the
commune are reported, never corrected: the user's value may be the right one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from sicxl.messages import prospects as msg
from sicxl.prospects.identifiers import department_of_insee
from sicxl.prospects.reading import Anomalies
from sicxl.reference.communes import Commune, Communes, fold_commune
from sicxl.schema.prospects import PROSPECTS
from sicxl.table import Table

_AUTHORITY_PREFIX = re.compile(
    r"^(mairie|ville|commune|hotel de ville|municipalite)\s+(de la |de l'|du |des |de |d')", re.IGNORECASE
)
_AUTHORITY_SUFFIX = re.compile(r"\s*(\((mairie|ville|commune)\)|[-–]\s*(mairie|hotel de ville))\s*$", re.IGNORECASE)
_CEDEX = re.compile(r"\s+cedex(\s+\d+)?$", re.IGNORECASE)
COLLECTIVITE = "Collectivité"
PLACE_KEYS = ("name", "segment", "siren", "insee", "postal_code", "city", "department", "population")


def authority_commune_name(name: str) -> str:
    """"Mairie de Saint-Germain-en-Laye", "ST GERMAIN EN LAYE (MAIRIE)" -> the commune's name."""
    return _AUTHORITY_SUFFIX.sub("", _AUTHORITY_PREFIX.sub("", name.strip()))


def is_the_commune(row: Mapping[str, Any], commune: Commune) -> bool:
    """True when the prospect is the commune itself, not an organisation located there.

    Only then do the commune's SIREN and population describe the prospect.
    """
    if row.get("segment") not in (COLLECTIVITE, None) or not row.get("name"):
        return False
    return fold_commune(authority_commune_name(str(row["name"]))) == fold_commune(commune.name)


def records(frame: pd.DataFrame, keys: Sequence[str] | None = None,
            positions: Sequence[int] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {key: value}) pairs over `keys` (default: all columns), for the
    rows at `positions` (default: all); much faster than `iterrows` or
    `to_dict("records")` on 100,000 rows."""
    keys = list(frame.columns) if keys is None else [k for k in keys if k in frame]
    if positions is None:
        columns = [frame[k].tolist() for k in keys]
        rows = frame.index.tolist()
    else:  # only the columns read, only at these rows: no copy of the frame
        take = list(positions)
        columns = [frame[k].to_numpy()[take].tolist() for k in keys]
        rows = frame.index.to_numpy()[take].tolist()
    for row, *values in zip(rows, *columns):
        yield row, dict(zip(keys, values))


@dataclass
class PlaceResult:
    filled: dict[str, dict[int, Any]] = field(default_factory=dict)  # key -> row -> value

    def fill(self, key: str, row: int, value: Any) -> None:
        self.filled.setdefault(key, {})[row] = value

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.filled.values())


def find_commune(row: Mapping[str, Any], communes: Communes) -> tuple[Commune | None, int]:
    """The commune a row designates, and how many candidates its name had (for messages)."""
    insee = row.get("insee")
    if insee:
        return communes.get(insee), 1
    postal_code, department = row.get("postal_code"), row.get("department")
    city = row.get("city")
    if city:
        found = communes.named(_CEDEX.sub("", str(city)), postal_code, department)
        return (found[0], 1) if len(found) == 1 else (None, len(found))
    if postal_code:
        found = communes.with_postal_code(postal_code)
        if len(found) == 1:
            return found[0], 1
    if row.get("name") and row.get("segment") in (COLLECTIVITE, None):
        found = communes.named(authority_commune_name(str(row["name"])), postal_code, department)
        if len(found) == 1:
            return found[0], 1
    return None, 0


def _expected_values(row: Mapping[str, Any], commune: Commune) -> dict[str, Any]:
    expected: dict[str, Any] = {
        "insee": commune.insee,
        "department": commune.department,
        "city": commune.name,
    }
    if len(commune.postal_codes) == 1:
        expected["postal_code"] = commune.postal_codes[0]
    if is_the_commune(row, commune):
        if commune.siren:
            expected["siren"] = commune.siren
        if commune.population is not None:
            expected["population"] = commune.population
    return expected


def fill_place(table: Table, clean: pd.DataFrame, communes: Communes, anomalies: Anomalies) -> PlaceResult:
    """Complete the empty place cells of every row, in `clean` and in the result.

    Only cells the user left empty: a cell holding something unreadable ("douze")
    is the user's, reported by the checks and never overwritten."""
    result = PlaceResult()
    fillable = [k for k in ("insee", "postal_code", "department", "city", "siren", "population") if table.has(k)]
    if not fillable:
        return result
    blank = table.frame[fillable].isna().to_numpy()
    with_blanks = np.flatnonzero(blank.any(axis=1)).tolist()
    for position, (row_number, row) in zip(with_blanks, records(clean, PLACE_KEYS, with_blanks)):
        empty = [k for k, is_blank in zip(fillable, blank[position]) if is_blank]
        commune, candidates = find_commune(row, communes)
        if commune is None:
            if candidates > 1 and row.get("city"):
                cell = table.cell("city", row_number) if table.has("city") else f"ligne {row_number}"
                anomalies.add(row_number, msg.AMBIGUOUS, msg.ambiguous_commune(str(row["city"]), candidates, cell))
            continue
        for key, value in _expected_values(row, commune).items():
            if key in empty:
                clean.at[row_number, key] = value
                result.fill(key, row_number, value)
    return result


def check_place(table: Table, clean: pd.DataFrame, communes: Communes, anomalies: Anomalies) -> None:
    """Report codes unknown to the official list or contradicting each other."""
    for row_number, row in records(clean, PLACE_KEYS):
        insee, postal_code = row.get("insee"), row.get("postal_code")
        if postal_code and len(postal_code) == 5 and postal_code.isdigit() and not communes.is_postal_code(postal_code):
            anomalies.add(row_number, msg.POSTAL_CODE,
                          msg.unknown_code(PROSPECTS.header("postal_code"), postal_code, _cell(table, "postal_code", row_number)))
        if not insee:
            continue
        commune = communes.get(insee)
        if commune is None:
            if len(insee) == 5:
                anomalies.add(row_number, msg.INSEE,
                              msg.unknown_code(PROSPECTS.header("insee"), insee, _cell(table, "insee", row_number)))
            continue
        _check_against(table, row_number, row, commune, anomalies)


def _check_against(table: Table, row_number: int, row: Mapping[str, Any], commune: Commune, anomalies: Anomalies) -> None:
    conflicts: list[tuple[str, str, str]] = []
    postal_code = row.get("postal_code")
    if postal_code and communes_postal_mismatch(postal_code, commune):
        conflicts.append(("postal_code", postal_code, " ou ".join(commune.postal_codes)))
    department = row.get("department")
    if department and department != department_of_insee(commune.insee):
        conflicts.append(("department", department, commune.department))
    city = row.get("city")
    if city and fold_commune(_CEDEX.sub("", city)) != fold_commune(commune.name):
        conflicts.append(("city", city, commune.name))
    siren = row.get("siren")
    if siren and commune.siren and siren != commune.siren and is_the_commune(row, commune):
        conflicts.append(("siren", siren, commune.siren))
    for key, value, expected in conflicts:
        anomalies.add(row_number, msg.PLACE, msg.place_conflict(
            PROSPECTS.header(key), value, expected, f"{commune.name} (INSEE {commune.insee})",
            _cell(table, key, row_number)))


def communes_postal_mismatch(postal_code: str, commune: Commune) -> bool:
    return bool(commune.postal_codes) and postal_code not in commune.postal_codes


def _cell(table: Table, key: str, row: int) -> str:
    return table.cell(key, row) if table.has(key) else f"ligne {row}"
