"""A prospect's commune: finding it as people type it, completing its codes, checking them.

A row names its commune by INSEE code (current or former), by name (today's, a
former commune merged into a "commune nouvelle", the start of a renamed one; with
postal code or département to tell homonyms apart; sicxl.reference.resolution)
or, for a local authority, by its own name ("Mairie de Poissy"). Once the commune
is known, the empty cells among INSEE code, postal code, department and commune
are completed; for the commune itself (a Collectivité) its SIREN and legal
population too. Codes that contradict the commune are reported, never corrected:
the user's value may be the right one. A row whose commune cannot be told is
reported too (homonyms, an intercommunality, an unknown name with the closest
ones): its status is never "Valide".
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
from sicxl.reference.communes import Commune, Communes
from sicxl.reference.names import fold_commune, starts_with_words
from sicxl.reference.resolution import (
    BY_FORMER_CODE,
    BY_FORMER_COMMUNE,
    BY_POSTAL_CODE,
    BY_START_OF_NAME,
    Place,
    resolve_code,
    resolve_name,
    resolve_postal_code,
)
from sicxl.schema.prospects import PROSPECTS
from sicxl.table import Table

_AUTHORITY_PREFIX = re.compile(
    r"^(mairie|ville|commune|hotel de ville|municipalite)\s+(de la |de l'|du |des |de |d')", re.IGNORECASE
)
_AUTHORITY_SUFFIX = re.compile(r"\s*(\((mairie|ville|commune)\)|[-–]\s*(mairie|hotel de ville))\s*$", re.IGNORECASE)
_CEDEX = re.compile(r"\s+cedex(\s+\d+)?$", re.IGNORECASE)
COLLECTIVITE = "Collectivité"
PLACE_KEYS = ("name", "segment", "siren", "insee", "postal_code", "city", "department", "population")
LOOKUP_KEYS = ("insee", "city", "postal_code", "department", "name", "segment")
NOWHERE = Place(None)


def authority_commune_name(name: str) -> str:
    """"Mairie de Saint-Germain-en-Laye", "ST GERMAIN EN LAYE (MAIRIE)" -> the commune's name."""
    return _AUTHORITY_SUFFIX.sub("", _AUTHORITY_PREFIX.sub("", name.strip()))


def commune_names(commune: Commune, communes: Communes) -> set[str]:
    """The folded names a commune answers to: today's, and its former communes'."""
    return {fold_commune(commune.name), *(fold_commune(f.name) for f in communes.former_of(commune.insee))}


def names_the_commune(typed: str, commune: Commune, communes: Communes) -> bool:
    """True when `typed` is a name of `commune`: today's, a former commune's, or the
    start of today's ("Herblay" for Herblay-sur-Seine)."""
    if typed == commune.name:
        return True
    folded, official = fold_commune(_CEDEX.sub("", typed)), fold_commune(commune.name)
    return (folded == official or starts_with_words(official, folded)
            or folded in commune_names(commune, communes))


def is_the_commune(row: Mapping[str, Any], commune: Commune, communes: Communes) -> bool:
    """True when the prospect is the commune itself, not an organisation located there.

    Only then do the commune's SIREN and population describe the prospect.
    """
    if row.get("segment") not in (COLLECTIVITE, None) or not row.get("name"):
        return False
    return names_the_commune(authority_commune_name(str(row["name"])), commune, communes)


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


def find_place(row: Mapping[str, Any], communes: Communes) -> Place:
    """The commune a row designates (module docstring), or why none is told."""
    insee, city = row.get("insee"), row.get("city")
    postal_code, department = row.get("postal_code"), row.get("department")
    if insee:
        return resolve_code(communes, insee)
    if city:
        return resolve_name(communes, _CEDEX.sub("", str(city)), postal_code, department)
    if row.get("name") and row.get("segment") in (COLLECTIVITE, None):
        place = resolve_name(communes, authority_commune_name(str(row["name"])), postal_code, department)
        if place.found and place.how != BY_START_OF_NAME:
            return place
    if postal_code:
        return resolve_postal_code(communes, postal_code)
    return NOWHERE


def locate(clean: pd.DataFrame, communes: Communes) -> dict[int, Place]:
    """The place of every row, each distinct set of place cells resolved once (a file
    repeats its few hundred communes)."""
    found: dict[tuple, Place] = {}
    places: dict[int, Place] = {}
    if "insee" in clean:
        communes.prefetch(clean["insee"].tolist())
    columns = [clean[k].tolist() if k in clean else [None] * len(clean) for k in LOOKUP_KEYS]
    for row_number, *values in zip(clean.index.tolist(), *columns):
        insee, city, postal_code, department, name, segment = values
        key = (insee, city, postal_code, department) if insee or city else (postal_code, department, name, segment)
        if key not in found:
            found[key] = find_place(dict(zip(LOOKUP_KEYS, values)), communes)
        places[row_number] = found[key]
    return places


PLACE_FACTS = ("insee", "department", "city", "postal_code")  # the commune's, whoever the prospect
OWN_FACTS = ("siren", "population")  # the commune's only when the prospect is the commune itself


def _place_facts(commune: Commune) -> dict[str, Any]:
    facts: dict[str, Any] = {"insee": commune.insee, "department": commune.department, "city": commune.name}
    if len(commune.postal_codes) == 1:
        facts["postal_code"] = commune.postal_codes[0]
    return facts


def _own_facts(row: Mapping[str, Any], commune: Commune, communes: Communes) -> dict[str, Any]:
    if not is_the_commune(row, commune, communes):
        return {}
    facts: dict[str, Any] = {}
    if commune.siren:
        facts["siren"] = commune.siren
    if commune.population is not None:
        facts["population"] = commune.population
    return facts


def fill_place(table: Table, clean: pd.DataFrame, communes: Communes, anomalies: Anomalies,
               places: Mapping[int, Place] | None = None) -> PlaceResult:
    """Complete the empty place cells of every row whose commune is known, in
    `clean` and in the result.

    Only cells the user left empty: a cell holding something unreadable ("douze")
    is the user's, reported by the checks and never overwritten. Whether the
    prospect is the commune itself (its SIREN and population) is asked only of
    rows where one of those two is empty: it compares names, the costly part."""
    result = PlaceResult()
    fillable = [k for k in (*PLACE_FACTS, *OWN_FACTS) if table.has(k)]
    if not fillable:
        return result
    places = places if places is not None else locate(clean, communes)
    blank = table.frame[fillable].isna().to_numpy()
    with_blanks = np.flatnonzero(blank.any(axis=1)).tolist()
    of_commune: dict[str, dict[str, Any]] = {}  # a file repeats its communes
    own: dict[tuple, dict[str, Any]] = {}  # and its organisations
    for position, (row_number, row) in zip(with_blanks, records(clean, PLACE_KEYS, with_blanks)):
        commune = places[row_number].commune
        if commune is None:
            continue
        empty = [k for k, is_blank in zip(fillable, blank[position]) if is_blank]
        if commune.insee not in of_commune:
            of_commune[commune.insee] = _place_facts(commune)
        facts = of_commune[commune.insee]
        if any(key in OWN_FACTS for key in empty):
            seen = (commune.insee, row.get("name"), row.get("segment"))
            if seen not in own:
                own[seen] = _own_facts(row, commune, communes)
            facts = {**facts, **own[seen]}
        for key in empty:
            if key in facts:
                result.fill(key, row_number, facts[key])
    for key, cells in result.filled.items():
        set_cells(clean, key, cells)
    return result


def set_cells(clean: pd.DataFrame, key: str, cells: Mapping[int, Any]) -> None:
    """Write the filled values into `clean` in one assignment per column (one
    `.at` per cell costs a hundred times more on a large file). The parsed
    columns hold objects (sicxl.prospects.reading); any other keeps its type."""
    if clean[key].dtype != object:
        clean.loc[list(cells), key] = list(cells.values())
        return
    column = clean[key].to_numpy(dtype=object, copy=True)
    column[clean.index.get_indexer(list(cells))] = list(cells.values())
    clean[key] = pd.Series(column, index=clean.index, dtype=object)  # not inferred as strings


def check_place(table: Table, clean: pd.DataFrame, communes: Communes, anomalies: Anomalies,
                places: Mapping[int, Place] | None = None) -> None:
    """Say how each row's commune was read, or why it could not be; report codes
    unknown to the official list or contradicting the commune."""
    places = places if places is not None else locate(clean, communes)
    for row_number, row in records(clean, PLACE_KEYS):
        postal_code = row.get("postal_code")
        known_code = bool(postal_code) and communes.is_postal_code(postal_code)
        if postal_code and len(postal_code) == 5 and postal_code.isdigit() and not known_code:
            anomalies.add(row_number, msg.POSTAL_CODE, msg.unknown_code(
                PROSPECTS.header("postal_code"), postal_code, table.where(row_number, "postal_code")))
        place = places[row_number]
        if place.commune is None:
            _unresolved(table, row_number, row, place, anomalies)
            continue
        _reading_notes(table, row_number, row, place, anomalies)
        _check_against(table, row_number, row, place.commune, communes, anomalies, known_code)


def _unresolved(table: Table, row: int, values: Mapping[str, Any], place: Place, anomalies: Anomalies) -> None:
    """Why the row's commune is not known: the message says what to type."""
    insee, city = values.get("insee"), values.get("city")
    if insee:
        if len(insee) == 5:
            anomalies.add(row, msg.INSEE, msg.unknown_code(PROSPECTS.header("insee"), insee, table.where(row, "insee")))
        return  # a code of another length is reported by the format checks
    if city:
        cell = table.where(row, "city")
        if place.candidates:
            anomalies.add(row, msg.AMBIGUOUS, msg.ambiguous_commune(
                str(city), _described(place.candidates), not place.area.national, cell))
        elif place.intercommunality is not None:
            group = place.intercommunality
            anomalies.add(row, msg.NOT_A_COMMUNE, msg.intercommunality(str(city), group.name, len(group.members), cell))
        else:
            anomalies.add(row, msg.UNKNOWN_COMMUNE, msg.unknown_commune(
                str(city), _area_text(place), _described(place.closest), cell))
    elif place.how == BY_POSTAL_CODE and place.candidates:
        anomalies.add(row, msg.AMBIGUOUS, msg.postal_code_communes(
            str(values.get("postal_code")), _described(place.candidates), table.where(row, "postal_code")))
    elif not values.get("postal_code"):
        anomalies.add(row, msg.NO_PLACE, msg.no_place(table.where(row, "city")))


def _described(communes: Sequence[Commune]) -> list[str]:
    return [f"{c.name} ({c.postal_codes[0] if c.postal_codes else c.department})" for c in communes]


def _area_text(place: Place) -> str | None:
    if place.area.postal_code:
        return msg.in_postal_code(place.area.postal_code)
    if place.area.department:
        return msg.in_department(place.area.department)
    return None


def _reading_notes(table: Table, row: int, values: Mapping[str, Any], place: Place, anomalies: Anomalies) -> None:
    """How a commune typed otherwise than by today's name and code was read."""
    commune = place.commune
    assert commune is not None
    if place.how == BY_FORMER_CODE:
        anomalies.add(row, msg.FORMER_CODE, msg.former_code(str(values.get("insee")), commune.name, commune.insee,
                                                            table.where(row, "insee")))
    elif place.how == BY_FORMER_COMMUNE and place.former is not None:
        anomalies.add(row, msg.FORMER_COMMUNE, msg.former_commune(
            place.former.name, place.former.kind, commune.name, commune.insee, table.where(row, "city")))
    elif place.how == BY_START_OF_NAME:
        anomalies.add(row, msg.READ_AS, msg.commune_read_as(str(values.get("city") or values.get("name")),
                                                            commune.name, commune.insee, table.where(row, "city")))


def _check_against(table: Table, row_number: int, row: Mapping[str, Any], commune: Commune, communes: Communes,
                   anomalies: Anomalies, known_code: bool) -> None:
    conflicts: list[tuple[str, str, str]] = []
    postal_code = row.get("postal_code")
    if postal_code and known_code and communes_postal_mismatch(postal_code, commune):
        conflicts.append(("postal_code", postal_code, " ou ".join(commune.postal_codes)))
    department = row.get("department")
    if department and department != department_of_insee(commune.insee):
        conflicts.append(("department", department, commune.department))
    city = row.get("city")
    if city and row.get("insee") and not names_the_commune(city, commune, communes):
        conflicts.append(("city", city, commune.name))
    siren = row.get("siren")
    if siren and commune.siren and siren != commune.siren and is_the_commune(row, commune, communes):
        conflicts.append(("siren", siren, commune.siren))
    for key, value, expected in conflicts:
        anomalies.add(row_number, msg.PLACE, msg.place_conflict(
            PROSPECTS.header(key), value, expected, f"{commune.name} (INSEE {commune.insee})",
            table.where(row_number, key)))


def communes_postal_mismatch(postal_code: str, commune: Commune) -> bool:
    return bool(commune.postal_codes) and postal_code not in commune.postal_codes
