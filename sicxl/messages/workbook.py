"""French messages about workbook files: opening, saving, refusing."""

from __future__ import annotations

from pathlib import Path

from sicxl.messages.french import counted, plural


def not_found(path: Path) -> str:
    return f"Le fichier « {path} » est introuvable."


def locked(path: Path, owner: str | None, libreoffice: bool = False) -> str:
    who = f" par {owner}" if owner else ""
    program = "LibreOffice" if libreoffice else "Excel"
    return (
        f"Le classeur « {path.name} » est ouvert dans {program}{who} : fermez-le puis relancez, "
        "ou indiquez un autre fichier de sortie avec --out."
    )


def no_read_right(path: Path) -> str:
    return (
        f"Vous n'avez pas le droit de lire « {path.name} » : demandez à son propriétaire ou "
        "à l'administrateur du serveur de vous en donner l'accès."
    )


def cannot_read(path: Path, reason: str) -> str:
    return f"Impossible de lire « {path.name} » : {reason}."


_REPAIR = "ouvrez-le dans Excel et enregistrez-le de nouveau (Fichier > Enregistrer sous), puis relancez."


def duplicate_part(path: Path, part: str) -> str:
    return (
        f"Le classeur « {path.name} » contient deux fois l'élément « {part} » : il n'est pas sûr de "
        f"savoir lequel lire. Il n'a pas été lu ; {_REPAIR}"
    )


def unknown_compression(path: Path, part: str) -> str:
    return (
        f"Le classeur « {path.name} » est compressé d'une façon qu'Excel n'utilise pas (élément « {part} ») : "
        f"il n'a pas été lu ; {_REPAIR}"
    )


def _number(value: int) -> str:
    """12000 -> "12 000" (a narrow no-break space between thousands, as French writes them)."""
    return f"{value:,}".replace(",", "\u202f")


def too_many_parts(path: Path, count: int) -> str:
    return (
        f"Le classeur « {path.name} » contient {_number(count)} éléments, bien plus qu'un classeur Excel : "
        f"il n'a pas été lu ; {_REPAIR}"
    )


def _size(limit: int) -> str:
    return f"{limit / (1 << 30):g} Go" if limit >= 1 << 30 else f"{limit / (1 << 20):g} Mo"


def package_too_large(path: Path, limit: int) -> str:
    return (
        f"Le classeur « {path.name} » décompressé dépasserait {_size(limit)} : il n'a pas été lu. "
        "Partagez-le en plusieurs classeurs (par exemple un par année ou par secteur), puis relancez."
    )


def part_too_large(path: Path, part: str, limit: int) -> str:
    return (
        f"L'élément « {part} » du classeur « {path.name} » décompressé dépasserait {_size(limit)} : "
        "le classeur n'a pas été lu. Partagez-le en plusieurs classeurs, puis relancez."
    )


def part_too_compressed(path: Path, part: str) -> str:
    return (
        f"L'élément « {part} » du classeur « {path.name} » se décompresse en un volume plus de cent fois "
        "supérieur à sa taille, ce qu'aucun classeur ordinaire ne fait : il n'a pas été lu. "
        "Si ce classeur est le vôtre, ouvrez-le dans Excel, videz les cellules inutiles et enregistrez-le."
    )


def part_larger_than_declared(path: Path, part: str) -> str:
    return (
        f"L'élément « {part} » du classeur « {path.name} » est plus grand que ce que le fichier annonce : "
        f"le classeur est endommagé ou falsifié et n'a pas été lu ; {_REPAIR}"
    )


def text_too_long(path: Path, part: str, limit: int) -> str:
    return (
        f"Le classeur « {path.name} » contient un texte de plus de {_number(limit)} caractères (élément « {part} »), "
        "la limite d'une cellule Excel : il n'a pas été lu. Raccourcissez ce texte, puis relancez."
    )


def sheet_too_large(path: Path, sheet: str, cell: str) -> str:
    return (
        f"La feuille « {sheet} » de « {path.name} » a des cellules remplies jusqu'en {cell}, éparpillées "
        "sur une zone trop grande pour être lue. Videz les cellules qui n'ont rien à faire là (Ctrl+Fin "
        "montre la dernière), enregistrez, puis relancez."
    )


def stray_cells(sheet: str, cells: list[str]) -> str:
    shown = ", ".join(cells[:5]) + (" …" if len(cells) > 5 else "")
    end = "(Ctrl+Fin montre la dernière cellule remplie)."
    if len(cells) == 1:
        return (f"Feuille « {sheet} » : la cellule {shown}, très loin du tableau, n'a pas été lue ; elle reste "
                f"dans le classeur. Si elle n'a rien à faire là, videz-la {end}")
    return (f"Feuille « {sheet} » : les {len(cells)} cellules {shown}, très loin du tableau, n'ont pas été "
            f"lues ; elles restent dans le classeur. Si elles n'ont rien à faire là, videz-les {end}")


def changed_while_read(path: Path) -> str:
    return f"Le classeur « {path.name} » a été remplacé pendant sa lecture : relancez."


CHANGE_REPLACED = "un autre fichier a été enregistré à sa place"
CHANGE_MODIFIED = "il a été modifié"
CHANGE_REMOVED = "il a été supprimé ou renommé"


def changed_since_read(path: Path, cause: str) -> str:
    return (
        f"Enregistrement refusé : depuis que sicxl a lu « {path.name} », {cause} (sans doute un "
        "enregistrement d'un collègue). Les résultats, calculés sur l'ancienne version, n'ont pas été "
        "écrits et son travail est intact : relancez pour traiter la nouvelle version."
    )


def read_only_file(path: Path) -> str:
    return (
        f"« {path.name} » est en lecture seule : sicxl ne l'a pas modifié. Retirez la lecture seule "
        "(Propriétés du fichier) ou indiquez un autre fichier de sortie avec --out."
    )


def no_write_right(path: Path) -> str:
    return (
        f"Vous n'avez pas le droit de modifier « {path.name} » : il n'a pas été modifié. Demandez ce droit "
        "à son propriétaire ou indiquez un autre fichier de sortie avec --out."
    )


def folder_read_only(folder: Path) -> str:
    return (
        f"Le dossier « {folder} » est en lecture seule : rien n'y a été écrit. Choisissez un dossier où "
        "vous pouvez écrire, ou demandez ce droit à l'administrateur du serveur."
    )


def disk_full(path: Path) -> str:
    return (
        f"Le disque est plein : « {path.name} » n'a pas pu être écrit et le fichier d'origine n'a pas été "
        "modifié. Libérez de la place (ou prévenez l'administrateur du serveur), puis relancez."
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
    return f"{label[:1].upper()}{label[1:]} « {path.name} » complété ({counted(cells, 'cellule')} {plural(cells, 'écrite')})."


def other_not_written(label: str, reason: str) -> str:
    return f"{label[:1].upper()}{label[1:]} n'a pas été complété : {reason}"


def other_not_a_file(label: str) -> str:
    return f"{label} : ce classeur n'est pas un fichier que sicxl peut enregistrer d'ici."


def other_read_only(label: str, path: Path) -> str:
    return f"{label} : « {path.name} » est un classeur binaire (.xlsb), lu sans être modifié."


def processing_crashed(path: Path) -> str:
    return (
        f"le traitement de « {path.name} » s'est arrêté net (mémoire épuisée ou contenu piégé) ; "
        "le classeur n'a pas été modifié et les autres classeurs ont été traités."
    )


def processing_timeout(path: Path, seconds: float) -> str:
    return (
        f"le traitement de « {path.name} » a dépassé {seconds / 60:.0f} minutes et a été arrêté ; "
        "le classeur n'a pas été modifié."
    )


def processing_error(path: Path, log: Path | None) -> str:
    where = f" ; transmettez le fichier {log} à l'équipe sicxl" if log else ""
    return f"erreur imprévue en traitant « {path.name} », qui n'a pas été modifié{where}."
