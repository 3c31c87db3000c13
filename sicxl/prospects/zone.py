"""The communes of a zone that a prospect file should hold (issue 17, point 1).

The assistant's first task of a campaign is to build the prospect file of "the
communes of more than 1,000 inhabitants of the zone": every commune of the
chosen departments whose legal population reaches the threshold, from the
official list (`sicxl.reference.communes`). A commune already in the file is
never added twice, whatever its spelling: a row is that commune when the
commune resolution of `place` (INSEE code, commune and postal code, or the
authority's own name: "Mairie de ST GERMAIN EN LAYE") designates it and the row
is the commune itself rather than an organisation located there, or when the
row carries the commune's SIREN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from sicxl.messages.french import de
from sicxl.prospects.place import COLLECTIVITE, PLACE_KEYS, is_the_commune, locate, records
from sicxl.reference.communes import Commune, Communes

_SEPARATORS = re.compile(r"[\s,;/]+")


def parse_departments(text: str) -> list[str]:
    """"78, 95" / "78;95" / "78 95" -> ["78", "95"]; "8" -> "08" (a number cell)."""
    codes = [code.upper() for code in _SEPARATORS.split(text.strip()) if code]
    return list(dict.fromkeys(code.zfill(2) if code.isdigit() and len(code) == 1 else code for code in codes))


def zone_communes(communes: Communes, departments: Sequence[str], min_population: int) -> list[Commune]:
    """The communes of `departments` with at least `min_population` inhabitants,
    by department then INSEE code (the official list's order)."""
    wanted = set(departments)
    chosen = [c for c in communes.by_insee.values()
              if c.department in wanted and c.population is not None and c.population >= min_population]
    return sorted(chosen, key=lambda c: (list(departments).index(c.department), c.insee))


def communes_in_file(clean: pd.DataFrame, communes: Communes) -> set[str]:
    """INSEE codes of the communes the file already holds as prospects (module docstring)."""
    by_siren = {c.siren: c.insee for c in communes.by_insee.values() if c.siren}
    places = locate(clean, communes)
    found: set[str] = set()
    for row_number, row in records(clean, PLACE_KEYS):
        if row.get("siren") in by_siren:
            found.add(by_siren[row["siren"]])
            continue
        commune = places[row_number].commune
        if commune is not None and is_the_commune(row, commune, communes):
            found.add(commune.insee)
    return found


def authority_name(commune: Commune) -> str:
    """"Mairie de Poissy", "Mairie du Chesnay-Rocquencourt", "Mairie des Mureaux",
    "Mairie d'Achères": the town hall's name, as the samples and users write it,
    which `place.authority_commune_name` reads back as the commune."""
    return f"Mairie {de(commune.name)}"


@dataclass(frozen=True)
class ZoneRow:
    """A commune to add, as a row of `Prospects` (schema keys)."""

    commune: Commune

    def record(self, prospect_id: str) -> dict[str, Any]:
        commune = self.commune
        return {
            "id": prospect_id, "name": authority_name(commune), "segment": COLLECTIVITE, "siren": commune.siren,
            "insee": commune.insee, "postal_code": commune.postal_codes[0] if len(commune.postal_codes) == 1 else None,
            "city": commune.name, "department": commune.department, "population": commune.population,
        }


def missing_communes(zone: Iterable[Commune], present: set[str]) -> list[ZoneRow]:
    return [ZoneRow(c) for c in zone if c.insee not in present]


def per_department(zone: Sequence[Commune], added: Sequence[ZoneRow]) -> Mapping[str, tuple[int, int]]:
    """department -> (communes of the zone, communes added), in the zone's order."""
    counts: dict[str, list[int]] = {}
    for commune in zone:
        counts.setdefault(commune.department, [0, 0])[0] += 1
    for row in added:
        counts[row.commune.department][1] += 1
    return {dep: (total, new) for dep, (total, new) in counts.items()}
