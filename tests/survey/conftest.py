"""Survey fixtures: a small realistic workbook held in memory, and the built sample."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

import pytest

from sicxl.jobs.base import JobResult, MemorySource
from sicxl.schema.survey import CLIENTS, PARAMETERS, QUESTIONNAIRE, SAMPLE, question_header
from sicxl.table import Grid

TODAY = dt.date(2026, 6, 1)

CLIENT_ROWS = [
    ("C01", "Mairie de Poissy", "Collectivités", "non"),
    ("C02", "Mairie de Conflans-Sainte-Honorine", "Collectivités", "oui"),
    ("C03", "Ville de Cergy", "Collectivités", "non"),
    ("C04", "Mairie d'Herblay-sur-Seine", "Collectivités", "non"),
    ("C05", "Résidence Les Tilleuls, Sartrouville - Seine-Ouest Habitat", "Habitat public", "non"),
    ("C06", "Résidence Le Parc, Mantes-la-Jolie - Habitat du Vexin", "Habitat public", "non"),
    ("C07", "Copropriété Les Acacias, Versailles", "Habitat privé", "non"),
    ("C08", "ASL Beauregard, Le Chesnay-Rocquencourt", "Habitat privé", "oui"),
    ("C09", "Immeuble de bureaux Horizon, Guyancourt", "Tertiaire", "non"),
    ("C10", "Cabinet Moreau et Associés", "Tertiaire", "non"),
    ("C11", "Clinique Saint-Louis", "Santé", "non"),
    ("C12", "Centre hospitalier de Pontoise", "Santé", "non"),
]

QUESTION_ROWS = [
    (1, "La réactivité de nos équipes à vos demandes", "Relation client", "Satisfaction (4 niveaux)", "non"),
    (2, "Le respect des délais d'intervention", "Services", "Note de 1 à 5", "non"),
    (3, "Le rapport qualité-prix de nos prestations", "Prix", "Satisfaction (4 niveaux)", "non"),
    (4, "Globalement, quelle note donnez-vous à nos services ?", "Satisfaction globale", "Note de 0 à 10", "oui"),
]


def clients_sheet(rows: Sequence[Sequence[Any]] = CLIENT_ROWS) -> list[list[Any]]:
    keys = ("id", "name", "market", "surveyed_last_year")
    return [[CLIENTS.header(k) for k in keys], *[list(r) for r in rows]]


def parameters_sheet(**values: Any) -> list[list[Any]]:
    """`Paramètres` with the given labels and values (label -> value)."""
    return [[c.header for c in PARAMETERS.columns], *[[label, value, None] for label, value in values.items()]]


def questionnaire_sheet(rows: Sequence[Sequence[Any]] = QUESTION_ROWS) -> list[list[Any]]:
    return [[c.header for c in QUESTIONNAIRE.columns], *[list(r) for r in rows]]


def answers_sheet(rows: Sequence[Sequence[Any]], questions: int = len(QUESTION_ROWS)) -> list[list[Any]]:
    return [["ID client", *(question_header(n) for n in range(1, questions + 1))], *[list(r) for r in rows]]


def sample_sheet(ids: Sequence[str], clients: Sequence[Sequence[Any]] = CLIENT_ROWS) -> list[list[Any]]:
    by_id = {c[0]: c for c in clients}
    return [[c.header for c in SAMPLE.columns], *[[i, by_id[i][1], by_id[i][2], "non"] for i in ids]]


def source(**sheets: list[list[Any]]) -> MemorySource:
    """Sheets by name; `Echantillon=` and `Reponses=` stand for the accented names."""
    names = {"Echantillon": "Échantillon", "Reponses": "Réponses", "Parametres": "Paramètres"}
    return MemorySource.from_rows({names.get(k, k): v for k, v in sheets.items()})


def with_sheets(source: MemorySource, result: JobResult) -> MemorySource:
    """The source with the computed sheets of `result` in place, as `apply_writes` would leave it."""
    grids = dict(source.grids)
    for sheet in result.writes.sheets:
        grids[sheet.name] = Grid([list(row) for row in sheet.rows])
    return MemorySource(grids, dict(source.tables), source.path)


def rows_of(result: JobResult, name: str) -> list[list[Any]]:
    return [list(r) for r in next(s for s in result.writes.sheets if s.name == name).rows]


def drawn_rows(result: JobResult) -> list[list[Any]]:
    """The rows of `Échantillon` of the clients drawn (not the reserve)."""
    return [r for r in rows_of(result, "Échantillon")[1:] if r[0] and r[4] == "Tiré"]


def find_row(rows: list[list[Any]], first: Any, col: int = 0) -> list[Any]:
    return next(r for r in rows if len(r) > col and r[col] == first)


@pytest.fixture(scope="session")
def survey_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sicxl.samples.survey import build_survey

    return build_survey(tmp_path_factory.mktemp("survey") / "enquete_satisfaction.xlsx")


@pytest.fixture(scope="session")
def survey_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sicxl.samples.survey import build_survey

    return build_survey(tmp_path_factory.mktemp("survey") / "enquete_modele.xlsx", sample=False)
