"""French wording of the job that builds the prospect file from the communes of a zone."""

from __future__ import annotations

from typing import Mapping, Sequence

from sicxl.messages.french import counted, plural
from sicxl.values import format_whole

LABEL = "Ajouter les communes de la zone"
HELP_DEPARTMENTS = "Départements de la zone, par exemple « 78,95 » (sinon le paramètre « Zone : départements »)"
HELP_POPULATION = "Population légale minimale des communes ajoutées (sinon le paramètre « Zone : population minimale »)"
NO_DEPARTMENT = (
    "Aucun département indiqué : donnez-les avec --departments 78,95 ou dans le paramètre « Zone : départements » "
    "de la feuille Paramètres. Rien n'a été ajouté."
)


def unknown_departments(codes: Sequence[str]) -> str:
    many = len(codes)
    return (f"{plural(many, 'Département')} {plural(many, 'inconnu')} de la liste officielle des communes, "
            f"{plural(many, 'ignoré')} : {', '.join(codes)}.")


def bad_population(value: object) -> str:
    return f"Population minimale : « {value} » n'est pas un nombre entier positif ; rien n'a été ajouté."


def department_line(department: str, total: int, added: int, threshold: int) -> str:
    return (f"Département {department} : {counted(total, 'commune')} de {format_whole(threshold)} habitants ou plus, "
            f"{total - added} déjà dans le fichier, {added} {plural(added, 'ajoutée')}.")


def summary(added: int, first_id: str | None, last_id: str | None) -> str:
    if not added:
        return "Aucune commune à ajouter : le fichier les contient déjà toutes."
    return f"{counted(added, 'commune')} {plural(added, 'ajoutée')} à la feuille Prospects, sous les ID {first_id} à {last_id}."


def counts(per_department: Mapping[str, tuple[int, int]]) -> dict[str, int]:
    """Machine counts of the report: added per department."""
    return {f"added:{dep}": added for dep, (_, added) in per_department.items()}


def columns_absent(headers: Sequence[str]) -> str:
    many = len(headers)
    return (f"{plural(many, 'Colonne')} {plural(many, 'absente')} de la feuille Prospects, {plural(many, 'laissée')} "
            f"de côté pour les communes ajoutées : {', '.join(headers)}.")
