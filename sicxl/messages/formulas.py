"""French wording of the cell functions (SIC_SCORE, SIC_VALIDATE...)."""

from __future__ import annotations

from collections.abc import Sequence

ERROR_PREFIX = "#VALEUR!"  # what French Excel shows for #VALUE!: the user knows it means "bad input"
UNEXPECTED = "la fonction n'a pas pu calculer ce résultat ; les données sont-elles bien un tableau de valeurs ?"


def bad_row(reasons: Sequence[str]) -> str:
    """"#VALEUR! Population : « douze » n'est pas un nombre (A3)": an error the user
    recognises at once, followed by the reason, in the row's own cell."""
    return f"{ERROR_PREFIX} " + " ; ".join(reasons)


def unknown_choice(value: str, choices: Sequence[str]) -> str:
    return f"« {value} » n'est pas un choix possible ({', '.join(choices)})"


def missing_columns(headers: Sequence[str]) -> str:
    return "colonnes nécessaires absentes de la plage : " + ", ".join(headers)
