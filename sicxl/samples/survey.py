"""The satisfaction survey workbook: its template and a realistic sample.

The sample holds about 600 customers over the five markets: the communes
(collectivités) are real communes of Yvelines and Val-d'Oise from the packaged
national list; housing offices, co-ownerships, office buildings and clinics bear
plausible invented names. About 110 customers were interviewed last year. The
answers (`Réponses`) come from the customers that the `sample` job draws with the
workbook's own parameters (same core, same seed), so that running `sicxl sample`
then `sicxl survey` on it gives results; they carry the flaws real entry has:
"NSP" and blanks, spellings ("plutôt satisfaite", "Tres satisfait"), an answer
off its scale, a customer entered twice, one who was not drawn.
Deterministic (seeded), so tests can rely on it.
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path
from typing import Any, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from sicxl.messages.french import de
from sicxl.reference.communes import communes
from sicxl.schema.base import Column
from sicxl.schema.prospects import YES_NO
from sicxl.schema.survey import (ALLOCATION, CLIENTS, MARKETS, OVERALL_THEME, PARAMETERS, PERCENT, QUESTIONNAIRE,
                                 SURVEY_PARAMETERS, THEMES, responses_schema)
from sicxl.survey.allocation import METHODS
from sicxl.survey.clients import read_clients
from sicxl.survey.plan import plan_sample
from sicxl.survey.scales import AGREEMENT_4, SATISFACTION_4, SCALE_NAMES, Scale, numeric_scale
from sicxl.survey.settings import SurveySettings, parameter_lines
from sicxl.workbook.measure import column_width

SEED = 20260601
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
DEPARTMENTS = ("78", "95")
MARKET_SIZES = {"Tertiaire": 120, "Habitat public": 120, "Habitat privé": 130, "Collectivités": 170, "Santé": 60}
LAST_YEAR_RESPONDENTS = 110
LAST_RATES = {"Tertiaire": 0.78, "Habitat public": 0.64, "Habitat privé": 0.70, "Collectivités": 0.82,
              "Santé": 0.75}
MARKET_MOOD = {"Tertiaire": 0.15, "Habitat public": -0.35, "Habitat privé": -0.1, "Collectivités": 0.35,
               "Santé": 0.0}
NON_RESPONDENTS = 5
NO_ANSWER = "NSP"  # offered in the answer drop-downs; read as "no answer"

# (theme, text, scale, level of satisfaction, weight in the overall judgement)
QUESTIONS: tuple[tuple[str, str, Scale, float, float], ...] = (
    ("Relation client", "La disponibilité et l'écoute de votre interlocuteur habituel", SATISFACTION_4, 0.6, 0.10),
    ("Relation client", "La réactivité de nos équipes à vos demandes", SATISFACTION_4, 0.1, 0.30),
    ("Services", "La qualité des interventions de maintenance", SATISFACTION_4, 0.4, 0.25),
    ("Services", "Le respect des délais d'intervention", numeric_scale(1, 5), -0.1, 0.15),
    ("Information", "La clarté des rapports d'exploitation et des factures", SATISFACTION_4, -0.5, 0.05),
    ("Compétences", "La compétence technique de nos techniciens", SATISFACTION_4, 0.7, 0.05),
    ("Compétences", "Nos conseils vous aident à réduire vos consommations d'énergie", AGREEMENT_4, 0.0, 0.0),
    ("Sécurité et environnement", "Le respect des règles de sécurité et d'environnement sur vos sites",
     SATISFACTION_4, 0.8, 0.0),
    ("Prix", "Le rapport qualité-prix de nos prestations", SATISFACTION_4, -0.9, 0.10),
    (OVERALL_THEME, "Globalement, quelle note de 0 à 10 donnez-vous à nos services ?", numeric_scale(0, 10), 0.0, 0.0),
)
"""The yearly questionnaire: nine questions over the six themes, then the overall one."""

FIRST_NAMES = ("Jean", "Marie", "Philippe", "Nathalie", "Pierre", "Isabelle", "Laurent", "Sophie", "Éric",
               "Catherine", "François", "Valérie", "Olivier", "Sandrine", "Thierry", "Christine", "Hervé",
               "Céline", "Stéphane", "Anne", "Nicolas", "Karine", "Julien", "Aurélie", "Bruno", "Hélène")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
              "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
              "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
              "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller")
ROLES = {
    "Tertiaire": ("Directeur immobilier", "Responsable des services généraux", "Facility manager",
                  "Directrice administrative et financière"),
    "Habitat public": ("Directeur du patrimoine", "Responsable de la maintenance", "Chargée de gestion technique"),
    "Habitat privé": ("Gestionnaire de copropriété", "Président du conseil syndical", "Syndic bénévole"),
    "Collectivités": ("Directeur des services techniques", "Directrice générale des services",
                      "Adjoint au maire chargé des travaux", "Responsable énergie"),
    "Santé": ("Directeur des services économiques", "Ingénieur biomédical et travaux", "Responsable technique",
              "Directrice d'établissement"),
}
RESIDENCES = ("Les Tilleuls", "Les Acacias", "Le Parc", "Les Peupliers", "Les Glycines", "Le Clos Fleuri",
              "Les Marronniers", "Beauregard", "Les Hauts de Seine", "Le Belvédère", "Les Cèdres", "La Roseraie",
              "Les Érables", "Le Bois Joli", "Les Coteaux", "La Fontaine", "Les Vergers", "Bellevue",
              "Le Moulin", "Les Lilas", "Les Charmilles", "La Garenne", "Les Sablons", "Le Village")
LANDLORDS = ("Seine-Ouest Habitat", "Val-de-Seine Logement", "Habitat du Vexin", "Foyers d'Île-de-France",
             "Logis de l'Ouest Parisien", "Toit et Avenir", "Résidences du Val d'Oise")
OFFICE_NAMES = ("Le Colombier", "Horizon", "Le Cristal", "Atlantis", "Le Parc Avenue", "Les Portes de l'Ouest",
                "Le Millénaire", "Odyssée", "Le Carré Vert", "L'Orée du Bois", "Le Quartz", "Panorama",
                "Le Méridien", "Les Terrasses", "Le Pavillon", "Europa")
FIRMS = ("Cabinet {last} et Associés", "Groupe {last}", "{last} Conseil", "Société {last} Industries",
         "Mutuelle {last}", "Siège régional {last} Assurances")
HEALTH = ("Centre hospitalier {of_city}", "Clinique Saint-{saint}", "EHPAD {residence}", "Polyclinique {of_city}",
          "Maison de santé {of_city}", "Résidence médicalisée {residence}", "Clinique {residence}",
          "Centre de rééducation {of_city}")
SAINTS = ("Louis", "Joseph", "Martin", "Germain", "Jean", "Michel", "Vincent", "Paul", "Benoît", "Rémi")
SPELLINGS = {"Très satisfait": ("Tres satisfait", "très satisfaite", "TRES SATISFAIT"),
             "Plutôt satisfait": ("plutôt satisfaite", "Plutot satisfait", "Satisfait"),
             "Plutôt pas satisfait": ("plutot pas satisfait", "Peu satisfait"),
             "Pas du tout satisfait": ("pas du tout satisfaite",)}


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())[:18] or "contact"


def _communes(rng: random.Random) -> list[tuple[str, int]]:
    """Real communes of Yvelines and Val-d'Oise with 1,000 inhabitants or more, shuffled."""
    found = sorted((c.name, c.population or 0) for c in communes().by_insee.values()
                   if c.department in DEPARTMENTS and (c.population or 0) >= 1000)
    rng.shuffle(found)
    return found


def _organisation(market: str, rng: random.Random, towns: list[tuple[str, int]], index: int) -> tuple[str, str]:
    """(name, commune) of one customer of `market`."""
    city, population = towns[index % len(towns)]
    if market == "Collectivités":
        return (f"Ville {de(city)}" if population >= 20000 else f"Mairie {de(city)}"), city
    if market == "Habitat public":
        return f"Résidence {rng.choice(RESIDENCES)}, {city} - {rng.choice(LANDLORDS)}", city
    if market == "Habitat privé":
        kind = rng.choice(("Copropriété {r}", "Syndicat des copropriétaires {r}", "ASL {r}"))
        return f"{kind.format(r=rng.choice(RESIDENCES))}, {city}", city
    if market == "Tertiaire":
        if rng.random() < 0.5:
            return f"Immeuble de bureaux {rng.choice(OFFICE_NAMES)}, {city}", city
        return rng.choice(FIRMS).format(last=rng.choice(LAST_NAMES)), city
    return rng.choice(HEALTH).format(of_city=de(city), saint=rng.choice(SAINTS), residence=rng.choice(RESIDENCES)), city


def client_rows(seed: int = SEED) -> list[dict[str, Any]]:
    """About 600 customers with unique names, last year's respondents flagged."""
    rng = random.Random(seed)
    towns = _communes(rng)
    rows: list[dict[str, Any]] = []
    taken: set[str] = set()
    for market, count in MARKET_SIZES.items():
        index = 0
        while sum(1 for r in rows if r["market"] == market) < count:
            name, city = _organisation(market, rng, towns, index if market == "Collectivités" else rng.randrange(400))
            index += 1
            if name in taken:
                continue
            taken.add(name)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            rows.append({
                "name": name, "market": market, "city": city,
                "contact": f"{rng.choice(('M.', 'Mme'))} {first} {last}", "role": rng.choice(ROLES[market]),
                "phone": "01 " + " ".join(f"{rng.randint(10, 99)}" for _ in range(4)),
                "email": f"{_slug(first)[0]}.{_slug(last)}@{_slug(name.split(' - ')[-1])}.fr",
            })
    rng.shuffle(rows)
    interviewed = set(rng.sample(range(len(rows)), LAST_YEAR_RESPONDENTS))
    for number, row in enumerate(rows, start=1):
        row["id"] = f"CL{number:04d}"
        row["surveyed_last_year"] = "oui" if number - 1 in interviewed else "non"
    rows[41]["market"] = "Industrie"  # not a market of the survey: reported, never drawn
    return rows


def sample_settings() -> SurveySettings:
    return SurveySettings(sample_size=110, seed=2026, last_rates=dict(LAST_RATES))


def drawn_clients(rows: Sequence[dict[str, Any]], settings: SurveySettings) -> pd.DataFrame:
    """The customers the `sample` job will draw from these rows (same core, same seed)."""
    frame = pd.DataFrame(list(rows), index=pd.RangeIndex(2, len(rows) + 2, name="row"))
    clients, _ = read_clients(frame)
    return plan_sample(clients, settings).sample


def _answer(scale: Scale, latent: float, rng: random.Random) -> Any:
    """The answer a customer of satisfaction `latent` (about N(0.5, 1)) gives on `scale`."""
    if rng.random() < 0.04:
        return rng.choice(("NSP", None, "Sans opinion"))
    if scale.numeric:
        low, high = int(scale.scores[-1]), int(scale.scores[0])
        centre, spread = (3.6, 0.9) if high == 5 else (low + 0.76 * (high - low), 0.15 * (high - low))
        return int(min(high, max(low, round(centre + spread * latent))))
    cuts = (1.1, -0.1, -1.2)  # best level above 1.1, then...
    level = scale.levels[sum(latent < c for c in cuts)]
    if level in SPELLINGS and rng.random() < 0.1:
        return rng.choice(SPELLINGS[level])
    return level


def answer_rows(rows: Sequence[dict[str, Any]], drawn: pd.DataFrame, seed: int = SEED) -> list[dict[str, Any]]:
    """One row per interviewed customer, in interview order, with the flaws of real entry."""
    rng = random.Random(seed + 1)
    respondents = list(drawn["id"])
    rng.shuffle(respondents)
    respondents = respondents[NON_RESPONDENTS:]
    market_of = {r["id"]: r["market"] for r in rows}
    answers = []
    for client in respondents:
        mood = MARKET_MOOD[market_of[client]] + rng.gauss(0.3, 0.5)
        line: dict[str, Any] = {"id": client}
        drivers = []
        for number, (_, _, scale, level, weight) in enumerate(QUESTIONS, start=1):
            if number < len(QUESTIONS):
                latent = mood + level + rng.gauss(0, 0.8)
                drivers.append(weight * latent)
            else:
                latent = sum(drivers) / sum(q[4] for q in QUESTIONS) + rng.gauss(0, 0.35)
            line[f"q{number}"] = _answer(scale, latent, rng)
        answers.append(line)
    answers[7]["q4"] = 6  # off the 1-5 scale
    answers[23]["q3"] = "Moyen"  # not a level of the satisfaction scale
    twin = dict(answers[12])
    twin["q9"] = "Plutôt pas satisfait"
    answers.insert(60, twin)  # the same customer entered twice
    outsider = next(r["id"] for r in rows if r["id"] not in set(drawn["id"]) and r["market"] in MARKETS)
    answers.insert(85, {"id": outsider, **{f"q{n}": "Plutôt satisfait" for n in range(1, 10)}, "q10": 8})
    return answers


def _header(ws: Any, headers: Sequence[str]) -> None:
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col, value=header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _list(ws: Any, col: int, choices: Sequence[str], title: str, last_row: int, first_row: int = 2) -> None:
    """A drop-down list on a column (the blank stays allowed)."""
    letter = get_column_letter(col)
    validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle=title, error="Choisissez une valeur de la liste.")
    validation.add(f"{letter}{first_row}:{letter}{last_row}")
    ws.add_data_validation(validation)


def _table(ws: Any, name: str, columns: Sequence[Column], rows: Sequence[dict[str, Any]], freeze: str) -> None:
    """Header, rows, widths, formats, an Excel table and a frozen header row."""
    _header(ws, [c.header for c in columns])
    for row_index, row in enumerate(rows, start=2):
        for col, column in enumerate(columns, start=1):
            cell = ws.cell(row=row_index, column=col, value=row.get(column.key))
            if column.number_format:
                cell.number_format = column.number_format
    for col, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column_width(column.header, column.width)
    table = Table(displayName=name, ref=f"A1:{get_column_letter(len(columns))}{max(2, len(rows) + 1)}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = freeze


def _write_clients(ws: Any, rows: Sequence[dict[str, Any]]) -> None:
    _table(ws, CLIENTS.table, CLIENTS.columns, rows, "C2")
    last = len(rows) + 500
    keys = [c.key for c in CLIENTS.columns]
    _list(ws, keys.index("market") + 1, MARKETS, CLIENTS.header("market"), last)
    _list(ws, keys.index("surveyed_last_year") + 1, YES_NO, CLIENTS.header("surveyed_last_year"), last)


def _write_parameters(ws: Any, settings: SurveySettings) -> None:
    rows = [{"parameter": label, "value": value, "comment": comment}
            for label, value, comment in parameter_lines(settings)]
    _table(ws, "tblParametresEnquete", PARAMETERS.columns, rows, "A2")
    for row, parameter in enumerate(SURVEY_PARAMETERS, start=2):
        if parameter.percent:
            ws.cell(row=row, column=2).number_format = PERCENT
        if parameter is ALLOCATION:
            _list(ws, 2, METHODS, ALLOCATION.label, row, row)


def _write_questionnaire(ws: Any) -> None:
    rows = [{"number": n, "text": text, "theme": theme, "scale": scale.name,
             "overall": "oui" if theme == OVERALL_THEME else "non"}
            for n, (theme, text, scale, _, _) in enumerate(QUESTIONS, start=1)]
    _table(ws, QUESTIONNAIRE.table, QUESTIONNAIRE.columns, rows, "A2")
    keys = [c.key for c in QUESTIONNAIRE.columns]
    _list(ws, keys.index("theme") + 1, (*THEMES, OVERALL_THEME), QUESTIONNAIRE.header("theme"), 100)
    _list(ws, keys.index("scale") + 1, SCALE_NAMES, QUESTIONNAIRE.header("scale"), 100)
    _list(ws, keys.index("overall") + 1, YES_NO, QUESTIONNAIRE.header("overall"), 100)
    for row in range(2, len(rows) + 2):
        ws.cell(row=row, column=keys.index("text") + 1).alignment = Alignment(wrap_text=True)


def _write_answers(ws: Any, answers: Sequence[dict[str, Any]], last_row: int) -> None:
    schema = responses_schema((n, text) for n, (_, text, _, _, _) in enumerate(QUESTIONS, start=1))
    _table(ws, schema.table, schema.columns, answers, "B2")
    for col, (_, text, scale, _, _) in enumerate(QUESTIONS, start=2):
        levels = scale.levels[::-1] if scale.numeric else scale.levels
        _list(ws, col, (*levels, NO_ANSWER), text[:32], last_row)


def build_survey(path: Path | str, sample: bool = True) -> Path:
    """Write the survey workbook: the empty template (Paramètres with their defaults,
    the yearly questionnaire, empty Clients and Réponses), or the realistic sample."""
    path = Path(path)
    settings = sample_settings() if sample else SurveySettings()
    rows = client_rows() if sample else []
    answers = answer_rows(rows, drawn_clients(rows, settings)) if sample else []
    workbook = Workbook()
    clients_sheet = workbook.active
    clients_sheet.title = CLIENTS.name
    _write_clients(clients_sheet, rows)
    _write_parameters(workbook.create_sheet(PARAMETERS.name), settings)
    _write_questionnaire(workbook.create_sheet(QUESTIONNAIRE.name))
    _write_answers(workbook.create_sheet(responses_schema(()).name), answers, max(len(answers) + 200, 300))
    workbook.save(path)
    return path


__all__ = ["QUESTIONS", "answer_rows", "build_survey", "client_rows", "drawn_clients", "sample_settings"]
