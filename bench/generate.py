"""A large, realistic prospect workbook for benchmarks (cached between runs)."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from openpyxl import Workbook

from sicxl.reference.communes import communes
from sicxl.schema.prospects import PROSPECTS
from sicxl.samples.prospects import FIRST_NAMES, LAST_NAMES, OWNERS, ROLES, _phone

CACHE = Path(tempfile.gettempdir()) / "sicxl-bench"


ORGANISATIONS = (("Collège {}", "Collectivité"), ("EHPAD de {}", "Santé"), ("Résidence {} Habitat", "Habitat public"),
                 ("Clinique de {}", "Santé"), ("Copropriété Les Jardins de {}", "Habitat privé"),
                 ("Centre commercial de {}", "Tertiaire"))


def prospect_rows(count: int, seed: int = 7) -> list[list[object]]:
    """`count` rows: every French commune once (its town hall), then organisations
    located in them, with a few per cent of flaws and planted twins."""
    rng = random.Random(seed)
    ref = list(communes().by_insee.values())
    rows = []
    for index in range(1, count + 1):
        commune = ref[(index - 1) % len(ref)]
        population = commune.population or 0
        label, segment = ("Mairie de {}", "Collectivité") if index <= len(ref) else rng.choice(ORGANISATIONS)
        row = {
            "id": f"P{index:06d}", "name": label.format(commune.name), "segment": segment,
            "siren": commune.siren if segment == "Collectivité" and index <= len(ref) else None,
            "insee": commune.insee,
            "postal_code": commune.postal_codes[0] if commune.postal_codes else None,
            "city": commune.name, "department": commune.department, "address": "1 place de la Mairie",
            "population": population, "pools": population // 20000, "ice_rinks": 0,
            "gyms": population // 6000, "other_venues": population // 2500,
            "provider_energy": rng.choice(("Groupe", "Idex", None)), "provider_water": rng.choice(("Veolia Eau", None)),
            "decision_maker": f"M. {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", "role": rng.choice(ROLES),
            "phone": _phone(rng), "email": f"contact{index}@mairie.fr", "undeliverable": 0, "opt_out": "non",
            "owner": rng.choice(OWNERS), "heat": rng.choice(("Froid", "Tiède", "Chaud", None)),
        }
        roll = rng.random()
        if roll < 0.05:
            row["insee"] = row["postal_code"] = None
        elif roll < 0.08:
            row["population"] = f"{population:,}".replace(",", " ")
        elif roll < 0.10:
            row["phone"] = "01 23"
        elif roll < 0.13 and rows:
            twin = rows[rng.randrange(len(rows))]
            row = dict(zip([c.key for c in PROSPECTS.user_columns], twin), id=row["id"])
        rows.append([row.get(c.key) for c in PROSPECTS.user_columns])
    return rows


def prospect_workbook(count: int) -> Path:
    """The path of a cached workbook of `count` prospects, built on first use."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"prospects-{count}.xlsx"
    if not path.exists():
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(PROSPECTS.name)
        sheet.append([c.header for c in PROSPECTS.user_columns])
        for row in prospect_rows(count):
            sheet.append(row)
        workbook.save(path)
    return path
