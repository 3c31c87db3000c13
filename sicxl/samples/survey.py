"""The satisfaction survey workbook: its template and a realistic sample.

The sample holds about 600 customers over the five markets: the communes
(collectivités) are real communes of Yvelines and Val-d'Oise from the packaged
national list; housing offices, co-ownerships, office buildings and clinics bear
plausible invented names, their contacts a civility that goes with their first
name. The 110 customers interviewed last year answered then: their answers are in
`Réponses N-1`. This year's sample was drawn on `DRAWN_ON` by the `sample` job
itself (same core, same seed), so `Échantillon` is there, with its reserve; the
assistants logged every call, fax and letter in `Suivi des contacts` (five drawn
clients did not answer: refusals, unreachable, one to call back); `Réponses` holds
the answers of the others, with the flaws real entry has: "NSP" and blanks,
spellings ("plutôt satisfaite", "Tres satisfait"), an answer off its scale, a
customer entered twice, one who was not drawn, and words to the two open
questions. On the 0-10 question the team counts 7 and more as satisfied, as its
history does (83 % last year): that cut-off is set in `Paramètres`.
Deterministic (seeded), so tests can rely on it.
"""

from __future__ import annotations

import datetime as dt
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

from sicxl.jobs.base import Context, MemorySource
from sicxl.jobs.survey import sample_job
from sicxl.reference.communes import communes
from sicxl.samples.people import FEMALE, MALE, civility_of
from sicxl.schema.base import Column
from sicxl.schema.prospects import YES_NO
from sicxl.schema.survey import (ALLOCATION, CHANNELS, CLIENTS, CONTACT_ANSWERED, CONTACT_CALL_BACK, CONTACT_REFUSED,
                                 CONTACT_SENT, CONTACT_UNREACHABLE, DATE, FIELDWORK, MARKETS, OVERALL_THEME,
                                 PARAMETERS, PERCENT, QUESTIONNAIRE, RESULTS_OF_CONTACT, SAMPLE, SURVEY_PARAMETERS,
                                 THEMES, last_year_schema, responses_schema)
from sicxl.survey.allocation import METHODS
from sicxl.survey.clients import read_clients
from sicxl.survey.plan import plan_sample
from sicxl.survey.scales import AGREEMENT_4, OPEN_QUESTION, QUESTION_KINDS, SATISFACTION_4, Scale, numeric_scale
from sicxl.survey.settings import SurveySettings, parameter_lines
from sicxl.writes import SheetWrite

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
DRAWN_ON = dt.date(2026, 4, 27)
FIELD_DAYS = [DRAWN_ON + dt.timedelta(days=d) for d in range(7, 33) if (DRAWN_ON + dt.timedelta(days=d)).weekday() < 5]
LAST_YEAR_MOOD = -0.5  # last year's customers were less satisfied: 82 % counted 7 or more
HISTORY_CUTOFF = 7  # the team's history counts 7 and more out of 10 as satisfied

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
OPEN_QUESTIONS = (
    ("Services", "Une remarque sur nos interventions chez vous ?"),
    (OVERALL_THEME, "Que devrions-nous améliorer en priorité ?"),
)
"""Asked after the rated ones, answered in words (Q11, Q12)."""
REMARKS = {
    "Services": {
        True: ("Techniciens ponctuels et soigneux, rien à redire.", "Intervention rapide lors de la panne de janvier.",
               "Très bon suivi de la maintenance de la chaufferie."),
        False: ("Délais trop longs en période de chauffe.", "Le technicien n'avait pas les pièces, il a fallu "
                "revenir deux fois.", "Pas de compte rendu après la visite d'entretien."),
    },
    OVERALL_THEME: {
        True: ("Continuer ainsi, et nous tenir informés des aides aux économies d'énergie.",
               "Un seul interlocuteur pour tous nos sites serait un plus."),
        False: ("Des factures plus lisibles, avec le détail des consommations.", "Revoir les prix, trop élevés "
                "par rapport à la concurrence.", "Répondre plus vite au téléphone.",
                "Prévenir avant les coupures pour travaux."),
    },
}

FIRST_NAMES = (*MALE, *FEMALE)
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
HEALTH = ("Centre hospitalier de {city}", "Clinique Saint-{saint}", "EHPAD {residence}", "Polyclinique de {city}",
          "Maison de santé de {city}", "Résidence médicalisée {residence}", "Clinique {residence}",
          "Centre de rééducation de {city}")
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
        return (f"Ville de {city}" if population >= 20000 else f"Mairie de {city}"), city
    if market == "Habitat public":
        return f"Résidence {rng.choice(RESIDENCES)}, {city} - {rng.choice(LANDLORDS)}", city
    if market == "Habitat privé":
        kind = rng.choice(("Copropriété {r}", "Syndicat des copropriétaires {r}", "ASL {r}"))
        return f"{kind.format(r=rng.choice(RESIDENCES))}, {city}", city
    if market == "Tertiaire":
        if rng.random() < 0.5:
            return f"Immeuble de bureaux {rng.choice(OFFICE_NAMES)}, {city}", city
        return rng.choice(FIRMS).format(last=rng.choice(LAST_NAMES)), city
    return rng.choice(HEALTH).format(city=city, saint=rng.choice(SAINTS), residence=rng.choice(RESIDENCES)), city


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
                "contact": f"{civility_of(first)} {first} {last}", "role": rng.choice(ROLES[market]),
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
    top = numeric_scale(0, 10)
    return SurveySettings(sample_size=110, seed=2026, last_rates=dict(LAST_RATES),
                          cutoffs={top.name: top.code(HISTORY_CUTOFF) + 1},
                          cutoff_cells={top.name: HISTORY_CUTOFF})


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


def _answers_of(client: str, mood: float, rng: random.Random) -> dict[str, Any]:
    """One questionnaire filled by a customer of overall `mood`, open questions included."""
    line: dict[str, Any] = {"id": client}
    drivers = []
    for number, (_, _, scale, level, weight) in enumerate(QUESTIONS, start=1):
        if number < len(QUESTIONS):
            latent = mood + level + rng.gauss(0, 0.8)
            drivers.append(weight * latent)
        else:
            latent = sum(drivers) / sum(q[4] for q in QUESTIONS) + rng.gauss(0, 0.35)
        line[f"q{number}"] = _answer(scale, latent, rng)
    for number, (theme, _) in enumerate(OPEN_QUESTIONS, start=len(QUESTIONS) + 1):
        if rng.random() < 0.45:
            line[f"q{number}"] = rng.choice(REMARKS[theme][mood > 0.5])
    return line


def answer_rows(rows: Sequence[dict[str, Any]], drawn: pd.DataFrame, seed: int = SEED) -> list[dict[str, Any]]:
    """One row per interviewed customer, in interview order, with the flaws of real entry."""
    rng = random.Random(seed + 1)
    respondents = non_respondents_and_respondents(drawn, seed)[1]
    market_of = {r["id"]: r["market"] for r in rows}
    answers = [_answers_of(client, MARKET_MOOD[market_of[client]] + rng.gauss(0.3, 0.5), rng)
               for client in respondents]
    answers[7]["q4"] = 6  # off the 1-5 scale
    answers[23]["q3"] = "Moyen"  # not a level of the satisfaction scale
    twin = dict(answers[12])
    twin["q9"] = "Plutôt pas satisfait"
    answers.insert(60, twin)  # the same customer entered twice
    outsider = next(r["id"] for r in rows if r["id"] not in set(drawn["id"]) and r["market"] in MARKETS
                    and r["surveyed_last_year"] == "non")
    answers.insert(85, {"id": outsider, **{f"q{n}": "Plutôt satisfait" for n in range(1, 10)}, "q10": 8})
    return answers


def non_respondents_and_respondents(drawn: pd.DataFrame, seed: int = SEED) -> tuple[list[str], list[str]]:
    """The drawn customers who did not answer, and those who did, in interview order."""
    order = list(drawn["id"])
    random.Random(seed + 2).shuffle(order)
    return order[:NON_RESPONDENTS], order[NON_RESPONDENTS:]


def last_year_rows(rows: Sequence[dict[str, Any]], seed: int = SEED) -> list[dict[str, Any]]:
    """Last year's answers: every customer interviewed last year, a little less satisfied."""
    rng = random.Random(seed + 3)
    answers = []
    for row in rows:
        if row["surveyed_last_year"] == "oui" and row["market"] in MARKETS:
            mood = MARKET_MOOD[row["market"]] + LAST_YEAR_MOOD + rng.gauss(0.3, 0.5)
            answers.append({"market": row["market"], **_answers_of(row["id"], mood, rng)})
    return answers


def _attempt(day: dt.date, client: str, channel: str, result: str, remind: dt.date | None = None,
             notes: str | None = None) -> dict[str, Any]:
    return {"date": day, "id": client, "channel": channel, "result": result, "remind_on": remind, "notes": notes}


def contact_rows(drawn: pd.DataFrame, seed: int = SEED) -> list[dict[str, Any]]:
    """The field work as the assistants logged it: mostly calls, some questionnaires
    sent by fax or post; the non-respondents refused, could not be reached in five
    attempts, or are to be called back."""
    rng = random.Random(seed + 4)
    silent, respondents = non_respondents_and_respondents(drawn, seed)
    log: list[dict[str, Any]] = []
    for client in respondents:
        days = sorted(rng.sample(FIELD_DAYS, rng.choice((1, 1, 2, 3))))
        channel = rng.choices(CHANNELS[:3], weights=(8, 1, 1))[0]
        for day in days[:-1]:
            missed = CONTACT_SENT if channel != "Téléphone" else rng.choice((CONTACT_UNREACHABLE, CONTACT_CALL_BACK))
            log.append(_attempt(day, client, channel, missed, None if missed != CONTACT_CALL_BACK else days[-1]))
        log.append(_attempt(days[-1], client, channel, CONTACT_ANSWERED))
    refusals, unreachable, call_back = silent[:2], silent[2:4], silent[4:]
    for client in refusals:
        log.append(_attempt(rng.choice(FIELD_DAYS), client, "Téléphone", CONTACT_REFUSED, notes="Pas le temps"))
    for client in unreachable:
        for day in sorted(rng.sample(FIELD_DAYS, 5)):
            log.append(_attempt(day, client, rng.choice(("Téléphone", "Téléphone", "Fax")), CONTACT_UNREACHABLE))
    for client in call_back:
        for day in sorted(rng.sample(FIELD_DAYS[-8:], 2)):
            log.append(_attempt(day, client, "Téléphone", CONTACT_CALL_BACK, FIELD_DAYS[-1] + dt.timedelta(days=5),
                                "Rappeler après le conseil d'administration"))
    return sorted(log, key=lambda r: r["date"])


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
        ws.column_dimensions[get_column_letter(col)].width = column.width
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


def _questions() -> list[tuple[int, str]]:
    """(N°, text) of every question, rated then open."""
    rated = [(n, text) for n, (_, text, _, _, _) in enumerate(QUESTIONS, start=1)]
    return rated + [(n, text) for n, (_, text) in enumerate(OPEN_QUESTIONS, start=len(QUESTIONS) + 1)]


def _write_questionnaire(ws: Any) -> None:
    rows = [{"number": n, "text": text, "theme": theme, "scale": scale.name,
             "overall": "oui" if theme == OVERALL_THEME else "non"}
            for n, (theme, text, scale, _, _) in enumerate(QUESTIONS, start=1)]
    rows += [{"number": n, "text": text, "theme": theme, "scale": OPEN_QUESTION, "overall": "non"}
             for n, (theme, text) in enumerate(OPEN_QUESTIONS, start=len(QUESTIONS) + 1)]
    _table(ws, QUESTIONNAIRE.table, QUESTIONNAIRE.columns, rows, "A2")
    keys = [c.key for c in QUESTIONNAIRE.columns]
    _list(ws, keys.index("theme") + 1, (*THEMES, OVERALL_THEME), QUESTIONNAIRE.header("theme"), 100)
    _list(ws, keys.index("scale") + 1, QUESTION_KINDS, QUESTIONNAIRE.header("scale"), 100)
    _list(ws, keys.index("overall") + 1, YES_NO, QUESTIONNAIRE.header("overall"), 100)
    for row in range(2, len(rows) + 2):
        ws.cell(row=row, column=keys.index("text") + 1).alignment = Alignment(wrap_text=True)


def _answer_lists(ws: Any, first_col: int, last_row: int) -> None:
    for col, (_, text, scale, _, _) in enumerate(QUESTIONS, start=first_col):
        levels = scale.levels[::-1] if scale.numeric else scale.levels
        _list(ws, col, (*levels, NO_ANSWER), text[:32], last_row)


def _write_answers(ws: Any, answers: Sequence[dict[str, Any]], last_row: int) -> None:
    schema = responses_schema(_questions())
    _table(ws, schema.table, schema.columns, answers, "B2")
    _answer_lists(ws, 2, last_row)


def _write_last_year(ws: Any, answers: Sequence[dict[str, Any]]) -> None:
    schema = last_year_schema(_questions())
    _table(ws, schema.table, schema.columns, answers, "C2")
    _answer_lists(ws, 3, max(len(answers) + 200, 300))


def _write_contacts(ws: Any, log: Sequence[dict[str, Any]]) -> None:
    _table(ws, FIELDWORK.table, FIELDWORK.columns, log, "C2")
    keys = [c.key for c in FIELDWORK.columns]
    last = len(log) + 500
    _list(ws, keys.index("channel") + 1, CHANNELS, FIELDWORK.header("channel"), last)
    _list(ws, keys.index("result") + 1, RESULTS_OF_CONTACT, FIELDWORK.header("result"), last)


def _write_computed(ws: Any, sheet: SheetWrite) -> None:
    """A sheet the `sample` job wrote, as it would land in the file."""
    for row, values in enumerate(sheet.rows, start=1):
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=row, column=col, value=value)
    fills: dict[str, PatternFill] = {}
    fonts: dict[tuple[bool, str | None], Font] = {}
    for (row, col), style in sheet.styles.items():
        cell = ws.cell(row=row, column=col)
        if style.number_format:
            cell.number_format = style.number_format
        if style.fill:
            cell.fill = fills.setdefault(style.fill, PatternFill("solid", fgColor=style.fill))
        if style.bold or style.font_color:
            cell.font = fonts.setdefault((style.bold, style.font_color), Font(bold=style.bold, color=style.font_color))
    for col, width in sheet.widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = sheet.freeze


def _grid(ws: Any) -> list[list[Any]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def drawn_sheet(workbook: Workbook, answers_sheet: str) -> SheetWrite:
    """`Échantillon` as the `sample` job wrote it: drawn on `DRAWN_ON` (before any
    answer), then brought up to date with the field work at its end."""
    grids = {ws.title: _grid(ws) for ws in workbook.worksheets}
    before = {name: grid for name, grid in grids.items() if name not in (answers_sheet, FIELDWORK.name)}
    drawn = sample_job(MemorySource.from_rows(before), Context(today=DRAWN_ON))
    [sheet] = [w for w in drawn.writes.sheets if w.name == SAMPLE.name]
    after = sample_job(MemorySource.from_rows({**grids, SAMPLE.name: [list(r) for r in sheet.rows]}),
                       Context(today=FIELD_DAYS[-1]))
    return next(w for w in after.writes.sheets if w.name == SAMPLE.name)


def build_survey(path: Path | str, sample: bool = True) -> Path:
    """Write the survey workbook: the empty template (Paramètres with their defaults,
    the yearly questionnaire, empty Clients, Réponses, Suivi des contacts and Réponses
    N-1), or the realistic sample (with its sample drawn)."""
    path = Path(path)
    settings = sample_settings() if sample else SurveySettings()
    rows = client_rows() if sample else []
    drawn = drawn_clients(rows, settings) if sample else None
    answers = answer_rows(rows, drawn) if drawn is not None else []
    workbook = Workbook()
    clients_sheet = workbook.active
    clients_sheet.title = CLIENTS.name
    _write_clients(clients_sheet, rows)
    _write_parameters(workbook.create_sheet(PARAMETERS.name), settings)
    contacts = workbook.create_sheet(FIELDWORK.name)
    _write_contacts(contacts, contact_rows(drawn) if drawn is not None else [])
    _write_questionnaire(workbook.create_sheet(QUESTIONNAIRE.name))
    answers_sheet = responses_schema(()).name
    _write_answers(workbook.create_sheet(answers_sheet), answers, max(len(answers) + 200, 300))
    _write_last_year(workbook.create_sheet(last_year_schema(()).name), last_year_rows(rows) if sample else [])
    if drawn is not None:
        sample_ws = workbook.create_sheet(SAMPLE.name, index=2)
        _write_computed(sample_ws, drawn_sheet(workbook, answers_sheet))
    workbook.save(path)
    return path


__all__ = ["QUESTIONS", "answer_rows", "build_survey", "client_rows", "contact_rows", "drawn_clients",
           "last_year_rows", "sample_settings"]
