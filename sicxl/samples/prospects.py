"""The prospect workbook: its empty template and a realistic sample.

The sample is built from the real communes of Yvelines (78) and Val-d'Oise (95)
with the flaws real files have: codes left empty, a SIREN mistyped, phones in
every spelling, a number typed "12 500" as text, a date typed as text, a
commune entered twice under two spellings, returned mail, a GDPR opposition.
It is deterministic (seeded), so tests can rely on it.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from sicxl.prospects.parameters import PARAMETERS_LIST
from sicxl.reference.communes import communes
from sicxl.samples.campaigns import add_campaign_sheets
from sicxl.samples.people import civility_of
from sicxl.schema.prospects import HEATS, PARAMETERS, PROSPECTS, SEGMENTS, YES_NO

SEED = 20261126
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
COMPUTED_FILL = PatternFill("solid", fgColor="7F7F7F")
COMPETITORS = {
    "energy": ("Engie Solutions", "Idex", "Coriance", "En régie"),
    "water": ("Veolia Eau", "Suez", "Saur", "En régie"),
    "transport": ("Keolis", "Transdev", "RATP Dev"),
    "waste": ("Paprec", "Suez Recyclage", "Veolia Propreté", "En régie"),
}
FIRST_NAMES = ("Jean", "Marie", "Philippe", "Nathalie", "Pierre", "Isabelle", "Laurent", "Sophie", "Éric",
               "Catherine", "François", "Valérie", "Olivier", "Sandrine", "Thierry", "Christine", "Hervé")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
              "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
              "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet")
ROLES = ("Directeur des services techniques", "Directeur général des services", "Maire",
         "Adjoint au maire chargé des travaux", "Responsable énergie", "Directrice des finances")
OWNERS = ("Claire Morel", "Antoine Lefèvre", "Julien Caron", "Sophie Marchand")
# « Statut client » typed by the team where the deals do not tell it (a client served before the file
# kept its deals); elsewhere it is left blank, and the agenda deduces it from the signed deals.
KNOWN_CLIENTS = {"Versailles Habitat": "Client"}
SAMPLE_PARAMETERS = {"zone_departments": "78, 95"}  # the zone of the sample: Yvelines and Val-d'Oise
OTHER_ORGANISATIONS = (
    ("Centre hospitalier de Versailles", "Santé", "78646", "78150", "177 rue de Versailles"),
    ("Centre hospitalier intercommunal de Poissy Saint-Germain", "Santé", "78498", "78300", "10 rue du Champ Gaillard"),
    ("Hôpital privé de l'Ouest parisien", "Santé", "78621", "78190", "14 avenue Castiglione del Lago"),
    ("Centre hospitalier René Dubos", "Santé", "95127", "95300", "6 avenue de l'Île-de-France"),
    ("Groupe hospitalier Eaubonne-Montmorency", "Santé", "95203", "95600", "28 rue du Docteur Roux"),
    ("Versailles Habitat", "Habitat public", "78646", "78000", "9 rue Saint-Charles"),
    ("Les Résidences Yvelines Essonne", "Habitat public", "78423", "78180", "2 place de la Mairie"),
    ("Val d'Oise Habitat", "Habitat public", "95127", "95000", "5 rue de la Gare"),
    ("Copropriété Parly 2", "Habitat privé", "78158", "78150", "2 avenue Charles de Gaulle"),
    ("Résidence Les Hauts de Cergy", "Habitat privé", "95127", "95800", "12 rue des Chênes"),
    ("Technocentre Renault", "Industrie", "78297", "78280", "1 avenue du Golf"),
    ("Parc d'activités de Saint-Quentin", "Tertiaire", "78423", "78180", "3 avenue du Centre"),
    ("Université de Cergy", "Tertiaire", "95127", "95000", "33 boulevard du Port"),
    ("Aéroport de Roissy - bâtiments tertiaires", "Tertiaire", "95527", "95700", "1 rue de France"),
    ("Safran Aircraft Engines", "Industrie", "95282", "95400", "Rue Ferdinand Buisson"),
)


def _header_cells(ws: Any, headers: list[str], computed: set[int]) -> None:
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col, value=header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = COMPUTED_FILL if col in computed else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _phone(rng: random.Random) -> str:
    """A number of Île-de-France (01), in one of the spellings users type."""
    digits = [rng.randint(10, 99) for _ in range(4)]
    return rng.choice(("01 {} {} {} {}", "01.{}.{}.{}.{}", "+33 1 {} {} {} {}")).format(*digits)


def _person(rng: random.Random) -> str:
    """"M. Hervé Bertrand": the civility follows the first name (`people.civility_of`).
    The coin the sample once tossed for the civility is still tossed, unused, so that
    every later draw of the generator, hence the rest of the sample, stays the same."""
    rng.choice(("M.", "Mme"))
    first = rng.choice(FIRST_NAMES)
    return f"{civility_of(first)} {first} {rng.choice(LAST_NAMES)}"


def _venues(population: int, rng: random.Random) -> tuple[int, int, int, int]:
    pools = population // 22000 + (1 if population > 8000 and rng.random() < 0.5 else 0)
    rinks = 1 if population > 40000 and rng.random() < 0.5 else 0
    gyms = max(0, population // 6000 + rng.randint(-1, 1)) if population > 2000 else 0
    other = population // 2500 + rng.randint(0, 3)
    return pools, rinks, gyms, other


def _providers(rng: random.Random, population: int) -> dict[str, str | None]:
    providers: dict[str, str | None] = {}
    for line, names in COMPETITORS.items():
        if line == "transport" and population < 10000:
            providers[line] = None
            continue
        roll = rng.random()
        providers[line] = "Groupe" if roll < 0.12 else (None if roll < 0.4 else rng.choice(names))
    return providers


def commune_rows(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Communes of 78 and 95 with 1,000 inhabitants or more, biggest first, then sampled."""
    ref = communes()
    candidates = [c for c in ref.by_insee.values() if c.department in ("78", "95") and (c.population or 0) >= 1000]
    candidates.sort(key=lambda c: c.insee)
    chosen = rng.sample(candidates, count)
    rows = []
    for index, commune in enumerate(chosen, start=1):
        population = commune.population or 0
        pools, rinks, gyms, other = _venues(population, rng)
        slug = commune.name.lower().replace(" ", "-").replace("'", "")
        slug = "".join(ch for ch in slug if ch.isalnum() or ch == "-")
        rows.append({
            "id": f"P{index:04d}", "name": f"Mairie de {commune.name}", "segment": "Collectivité",
            "siren": commune.siren, "insee": commune.insee, "postal_code": commune.postal_codes[0],
            "city": commune.name, "department": commune.department,
            "address": f"{rng.randint(1, 40)} {rng.choice(('place de la Mairie', 'rue de la République', 'place du Général de Gaulle', 'avenue de Paris'))}",
            "population": population, "pools": pools, "ice_rinks": rinks, "gyms": gyms, "other_venues": other,
            **{f"provider_{k}": v for k, v in _providers(rng, population).items()},
            "decision_maker": _person(rng), "role": rng.choice(ROLES), "phone": _phone(rng),
            "email": f"{rng.choice(('dst', 'dgs', 'technique', 'energie'))}@ville-{slug}.fr"[:60],
            "undeliverable": 0, "opt_out": "non", "owner": rng.choice(OWNERS),
            "last_contact": None, "heat": None,
        })
    return rows


def organisation_rows(rng: random.Random, first_index: int) -> list[dict[str, Any]]:
    ref = communes()
    rows = []
    for offset, (name, segment, insee, postal_code, address) in enumerate(OTHER_ORGANISATIONS):
        commune = ref.get(insee)
        rows.append({
            "id": f"P{first_index + offset:04d}", "name": name, "segment": segment, "siren": None,
            "insee": insee, "postal_code": postal_code, "city": commune.name if commune else None,
            "department": insee[:2], "address": address, "population": None, "pools": 0, "ice_rinks": 0,
            "gyms": 0, "other_venues": rng.randint(2, 12),
            **{f"provider_{k}": v for k, v in _providers(rng, 0).items()},
            "decision_maker": _person(rng), "role": rng.choice(("Directeur technique", "Responsable patrimoine",
                                                                "Directeur des achats")),
            "phone": _phone(rng), "email": None, "undeliverable": 0, "opt_out": "non",
            "owner": rng.choice(OWNERS), "last_contact": None, "heat": None,
            "relation": KNOWN_CLIENTS.get(name),
        })
    return rows


def plant_flaws(rows: list[dict[str, Any]], rng: random.Random) -> None:
    """The flaws of real files, each at a known place (tests rely on them)."""
    rows[1].update(insee=None, postal_code=None, department=None, siren=None)  # fill completes
    rows[2].update(insee=None, population=None)  # fill from the commune name
    rows[3]["siren"] = rows[3]["siren"][:-1] + str((int(rows[3]["siren"][-1]) + 1) % 10)  # Luhn fails
    rows[4]["phone"] = "01 23 45"  # too short
    rows[5]["email"] = "contact@@mairie"  # invalid
    rows[6]["undeliverable"] = 2  # returned mail
    rows[7]["opt_out"] = "oui"  # GDPR opposition
    rows[8]["population"] = "douze"  # unreadable
    rows[9]["population"] = -150  # impossible
    rows[10]["population"] = f"{rows[10]['population']:,}".replace(",", " ")  # French text number
    rows[11]["last_contact"] = "04/04/2025"  # date typed as text
    rows[12]["postal_code"] = "78999"  # unknown code
    rows[13]["department"] = "92"  # contradicts the INSEE code
    rows[14].update(phone=None, email=None)  # no contact
    twin = dict(rows[15])
    twin.update(id=f"P{len(rows) + 1:04d}", name=twin["name"].replace("Mairie de ", "Ville de ").upper(),
                insee=twin["insee"], phone=twin["phone"], owner=rng.choice(OWNERS))
    rows.append(twin)  # the same commune entered twice
    rows[16]["name"] = None  # required field missing


def _write_prospects(ws: Any, rows: list[dict[str, Any]]) -> None:
    headers = [c.header for c in PROSPECTS.columns]
    computed = {i for i, c in enumerate(PROSPECTS.columns, start=1) if c.computed}
    _header_cells(ws, headers, computed)
    for row_index, row in enumerate(rows, start=2):
        for col, column in enumerate(PROSPECTS.columns, start=1):
            value = row.get(column.key)
            cell = ws.cell(row=row_index, column=col, value=value)
            if column.number_format:
                cell.number_format = column.number_format
    for col, column in enumerate(PROSPECTS.columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    last = get_column_letter(len(headers))
    table = Table(displayName=PROSPECTS.table, ref=f"A1:{last}{max(2, len(rows) + 1)}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "C2"
    _add_lists(ws, len(rows) + 500)


def _add_lists(ws: Any, last_row: int) -> None:
    """Drop-down lists on Type, Température and Opposition."""
    for key, choices in (("segment", SEGMENTS), ("heat", HEATS), ("opt_out", YES_NO)):
        col = get_column_letter([c.key for c in PROSPECTS.columns].index(key) + 1)
        validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle=PROSPECTS.header(key),
                                    error="Choisissez une valeur de la liste.")
        validation.add(f"{col}2:{col}{last_row}")
        ws.add_data_validation(validation)


def _write_parameters(ws: Any, sample: bool) -> None:
    headers = [c.header for c in PARAMETERS.columns]
    _header_cells(ws, headers, set())
    values = SAMPLE_PARAMETERS if sample else {}
    for row, parameter in enumerate(PARAMETERS_LIST, start=2):
        ws.cell(row=row, column=1, value=parameter.label)
        ws.cell(row=row, column=2, value=values.get(parameter.key, parameter.default))
        ws.cell(row=row, column=3, value=parameter.comment)
    for col, column in enumerate(PARAMETERS.columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.freeze_panes = "A2"


def sample_rows(seed: int = SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = commune_rows(rng, 150)
    rows.extend(organisation_rows(rng, len(rows) + 1))
    plant_flaws(rows, rng)
    return rows


def build_prospects(path: Path, sample: bool = True) -> Path:
    """Write the prospect workbook: the template, or (sample=True) the realistic sample
    with its prospecting campaign (sheets Appels, Comptes rendus, Affaires...)."""
    rows = sample_rows() if sample else []
    workbook = Workbook()
    ws = workbook.active
    ws.title = PROSPECTS.name
    _write_prospects(ws, rows)
    add_campaign_sheets(workbook, rows, sample=sample)
    _write_parameters(workbook.create_sheet(PARAMETERS.name), sample)
    workbook.save(path)
    return path
