"""French messages about workbook files: opening, saving, refusing."""

from __future__ import annotations

from pathlib import Path


def not_found(path: Path) -> str:
    return f"Le fichier « {path} » est introuvable."


def locked(path: Path, owner: str | None) -> str:
    who = f" par {owner}" if owner else ""
    return (
        f"Le classeur « {path.name} » est ouvert dans Excel{who} : fermez-le puis relancez, "
        "ou indiquez un autre fichier de sortie avec --out."
    )


def encrypted(path: Path) -> str:
    return (
        f"Le classeur « {path.name} » est protégé par un mot de passe : enregistrez-en une copie "
        "sans mot de passe pour que sicxl puisse le lire."
    )


def legacy_xls(path: Path) -> str:
    return (
        f"Le classeur « {path.name} » est au format Excel 97-2003 (.xls) : enregistrez-le au "
        "format .xlsx (Fichier > Enregistrer sous) puis relancez."
    )


def not_a_workbook(path: Path) -> str:
    return f"Le fichier « {path.name} » n'est pas un classeur Excel lisible (.xlsx, .xlsm ou .xlsb)."


def corrupt(path: Path) -> str:
    return (
        f"Le classeur « {path.name} » est endommagé et ne peut pas être lu : "
        "ouvrez-le dans Excel pour le réparer, puis relancez."
    )


def sheet_missing(path: Path, sheet: str) -> str:
    return f"Le classeur « {path.name} » n'a pas de feuille « {sheet} » ni de tableau aux en-têtes attendus."


def would_lose_parts(path: Path, parts: list[str]) -> str:
    shown = ", ".join(parts[:5]) + (" …" if len(parts) > 5 else "")
    return (
        f"Enregistrement refusé : « {path.name} » perdrait des éléments que sicxl ne sait pas "
        f"conserver ({shown}). Le classeur n'a pas été modifié ; indiquez un autre fichier "
        "avec --out pour y écrire les résultats."
    )


def parts_lost_in_copy(path: Path, parts: list[str]) -> str:
    shown = ", ".join(parts[:5]) + (" …" if len(parts) > 5 else "")
    return (
        f"« {path.name} » a été écrit sans certains éléments du classeur d'origine ({shown}) ; "
        "le classeur d'origine, lui, n'a pas été modifié."
    )


def cannot_write(path: Path, reason: str) -> str:
    return f"Impossible d'enregistrer « {path.name} » : {reason}."


def saved(path: Path) -> str:
    return f"Classeur enregistré : {path}"


def nothing_to_write(path: Path) -> str:
    return f"Aucune modification à écrire dans « {path.name} »."


def table_with_totals(table: str, sheet: str) -> str:
    return (
        f"Le tableau « {table} » de la feuille « {sheet} » a une ligne de total : sicxl ne peut pas y "
        "ajouter de lignes sans la déplacer. Désactivez la ligne de total (Création de tableau > Ligne "
        "Total), relancez, puis réactivez-la."
    )


def no_room_below(sheet: str, row: int) -> str:
    return (
        f"Feuille « {sheet} » : la ligne {row}, sous le tableau, n'est pas vide ; sicxl n'ajoute pas de "
        "lignes par-dessus. Déplacez ce qui est écrit sous le tableau, puis relancez."
    )


def other_written(label: str, path: Path, cells: int) -> str:
    return f"{label[:1].upper()}{label[1:]} « {path.name} » complété ({cells} cellule(s) écrite(s))."


def other_not_written(label: str, reason: str) -> str:
    return f"{label[:1].upper()}{label[1:]} n'a pas été complété : {reason}"


def other_not_a_file(label: str) -> str:
    return f"{label} : ce classeur n'est pas un fichier que sicxl peut enregistrer d'ici."


def other_read_only(label: str, path: Path) -> str:
    return f"{label} : « {path.name} » est un classeur binaire (.xlsb), lu sans être modifié."
