"""The parameters of the prospect workbook, editable by users in sheet `Paramètres`:
the weights and thresholds of the score, and those of the sales cycle (issue 17:
the zone of the file, contract renewals, ageing proposals, contact frequencies).

A parameter missing from the sheet takes its default; an unknown or malformed
one is reported, never silently ignored. The defaults are orders of magnitude
of a French energy-services contract book: a commune's energy bill is about
30 € per inhabitant and year, a public pool costs 150-300 k€ of energy a year,
an ice rink more; they are starting points for the team to tune.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sicxl.messages import prospects as msg
from sicxl.schema.base import normalize_header
from sicxl.schema.prospects import PARAMETERS
from sicxl.table import Table
from sicxl.values import ValueProblem, is_blank, parse_number, text_of
from sicxl.writes import SheetWrite, Style


@dataclass(frozen=True)
class Parameter:
    key: str
    label: str  # the text of the `Paramètre` cell
    default: float | str
    comment: str


PARAMETERS_LIST: tuple[Parameter, ...] = (
    Parameter("energy_per_inhabitant", "Énergie : k€ par habitant", 0.03,
              "Dépense d'énergie des bâtiments communaux par habitant et par an (k€). 0,03 = 30 €/hab."),
    Parameter("energy_per_pool", "Énergie : k€ par piscine", 200.0,
              "Facture énergétique annuelle d'une piscine publique (k€)."),
    Parameter("energy_per_ice_rink", "Énergie : k€ par patinoire", 300.0,
              "Facture énergétique annuelle d'une patinoire (k€)."),
    Parameter("energy_per_gym", "Énergie : k€ par gymnase", 20.0,
              "Facture énergétique annuelle d'un gymnase (k€)."),
    Parameter("energy_per_venue", "Énergie : k€ par autre ERP", 10.0,
              "Facture énergétique annuelle d'un autre établissement recevant du public (k€)."),
    Parameter("water_per_inhabitant", "Eau : k€ par habitant", 0.012,
              "Chiffre d'affaires annuel d'un contrat d'eau par habitant (k€)."),
    Parameter("transport_per_inhabitant", "Transport : k€ par habitant", 0.02,
              "Chiffre d'affaires annuel d'un contrat de transport urbain par habitant (k€)."),
    Parameter("transport_min_population", "Transport : population minimale", 10000.0,
              "En dessous de ce nombre d'habitants, pas de réseau de transport urbain à proposer."),
    Parameter("waste_per_inhabitant", "Déchets : k€ par habitant", 0.015,
              "Chiffre d'affaires annuel d'un contrat de collecte des déchets par habitant (k€)."),
    Parameter("floor_potential", "Potentiel plancher (k€)", 50.0,
              "Potentiel qui vaut la note zéro : en dessous, un prospect ne justifie pas une démarche."),
    Parameter("reference_potential", "Potentiel de référence (k€)", 1500.0,
              "Potentiel qui vaut la note maximale ; entre le plancher et la référence, la note croît "
              "comme le logarithme du potentiel (doubler le potentiel ajoute toujours autant de points)."),
    Parameter("weight_potential", "Poids : potentiel", 60.0,
              "Poids du potentiel de chiffre d'affaires dans le score (les poids sont relatifs)."),
    Parameter("weight_relation", "Poids : déjà client", 15.0,
              "Poids d'une relation existante (le groupe sert déjà la commune sur une activité)."),
    Parameter("weight_heat", "Poids : température", 15.0,
              "Poids de la température du prospect (Chaud, Tiède, Froid)."),
    Parameter("weight_contact", "Poids : contact", 10.0,
              "Poids d'un décideur identifié et joignable."),
    Parameter("threshold_important", "Seuil : Important", 45.0,
              "Score à partir duquel un prospect est classé Important (en dessous : Accessible)."),
    Parameter("threshold_strategic", "Seuil : Stratégique", 70.0,
              "Score à partir duquel un prospect est classé Stratégique."),
    Parameter("group_names", "Noms du groupe", "Groupe; Nous",
              "Noms (séparés par « ; ») qui, dans les colonnes Prestataire, désignent notre groupe : "
              "l'activité est alors déjà servie."),
    Parameter("zone_departments", "Zone : départements", "",
              "Départements de la zone (par exemple « 78, 95 ») : le traitement « Communes de la zone » ajoute "
              "au fichier leurs communes qui n'y sont pas encore."),
    Parameter("zone_population", "Zone : population minimale", 1000.0,
              "Population légale à partir de laquelle une commune de la zone est ajoutée au fichier."),
    Parameter("renewal_months", "Échéances : horizon (mois)", 12.0,
              "L'agenda liste les contrats dont la date de fin tombe dans ce nombre de mois."),
    Parameter("proposal_days", "Propositions : relance après (jours)", 30.0,
              "Une affaire à l'étape « Proposition » depuis plus de ce nombre de jours est signalée dans l'agenda."),
    Parameter("contact_strategic", "Contact : Stratégique (jours)", 30.0,
              "Délai maximal entre deux contacts d'un prospect ou client de catégorie Stratégique."),
    Parameter("contact_important", "Contact : Important (jours)", 60.0,
              "Délai maximal entre deux contacts d'un prospect ou client de catégorie Important."),
    Parameter("contact_accessible", "Contact : Accessible (jours)", 120.0,
              "Délai maximal entre deux contacts d'un prospect ou client de catégorie Accessible."),
)

BY_LABEL = {normalize_header(p.label): p for p in PARAMETERS_LIST}
BY_LABEL.update({normalize_header(p.key): p for p in PARAMETERS_LIST})


@dataclass
class ScoreParameters:
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def group_names(self) -> list[str]:
        return [n.strip() for n in str(self.values["group_names"]).split(";") if n.strip()]


def defaults() -> ScoreParameters:
    return ScoreParameters({p.key: p.default for p in PARAMETERS_LIST})


def read_parameters(table: Table | None) -> tuple[ScoreParameters, list[str]]:
    """The parameters in force, and the French problems found in the sheet."""
    params = defaults()
    problems: list[str] = []
    if table is None:
        return params, problems
    for row, name, value in zip(table.rows, table.frame.get("parameter", []), table.frame.get("value", [])):
        if is_blank(name):
            continue
        parameter = BY_LABEL.get(normalize_header(name))
        if parameter is None:
            problems.append(msg.unknown_parameter(text_of(name), table.cell("parameter", row)))
            continue
        if isinstance(parameter.default, str):
            params.values[parameter.key] = text_of(value) or parameter.default
            continue
        cell = table.cell("value", row) if table.has("value") else f"ligne {row}"
        try:
            number = parse_number(value)
        except ValueProblem:
            problems.append(msg.bad_parameter(parameter.label, value, cell, parameter.default))
            continue
        if number < 0:
            problems.append(msg.negative_parameter(parameter.label, value, cell, parameter.default))
            continue
        params.values[parameter.key] = number
    if params["threshold_important"] > params["threshold_strategic"]:
        problems.append(msg.thresholds_disordered(params["threshold_important"], params["threshold_strategic"]))
        base = defaults()
        params.values["threshold_important"] = base["threshold_important"]
        params.values["threshold_strategic"] = base["threshold_strategic"]
    return params, problems


def parameters_sheet() -> SheetWrite:
    """The `Paramètres` sheet with every default and its explanation."""
    header = [c.header for c in PARAMETERS.columns]
    rows: list[list[Any]] = [header]
    rows.extend([p.label, p.default, p.comment] for p in PARAMETERS_LIST)
    bold = Style(bold=True, fill="D9E1F2")
    styles = {(1, col): bold for col in range(1, len(header) + 1)}
    return SheetWrite(
        name=PARAMETERS.name,
        rows=rows,
        styles=styles,
        widths={i + 1: c.width for i, c in enumerate(PARAMETERS.columns)},
        freeze="A2",
    )
