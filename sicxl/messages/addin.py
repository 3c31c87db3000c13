"""French wording of the Excel add-in's ribbon: buttons, groups, end-of-run messages."""

from __future__ import annotations

TAB = "SIC"
GROUPS = {  # ribbon group id -> label
    "prospects": "Prospects",
    "campaigns": "Campagnes",
    "dashboard": "Tableau de bord",
    "survey": "Enquête",
    "events": "Événements",
}
TITLE = "SIC"
NOTHING_WRITTEN = "Aucune cellule modifiée."
JOB_FAILED = "Le traitement n'a pas pu aboutir : {reason}"
UNKNOWN_BUTTON = "Bouton inconnu : {name}."


def cells_written(count: int) -> str:
    return f"{count} cellule{'s' if count > 1 else ''} écrite{'s' if count > 1 else ''}."


def exports_left(names: list[str]) -> str:
    """Files (CSV, .ics, letters) cannot be written beside the workbook from Office.js."""
    return ("Fichiers non écrits depuis Excel (lancez la commande sicxl sur le serveur de fichiers) : "
            + ", ".join(names))


def charts_left(count: int) -> str:
    return (f"{count} graphique{'s' if count > 1 else ''} non dessiné{'s' if count > 1 else ''} depuis le ruban : "
            "lancez la commande sicxl pour les obtenir.")
