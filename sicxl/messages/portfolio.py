"""French text of the portfolio copies (split, merge) and of `sicxl regenerate`."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

# -- split ----------------------------------------------------------------------------------

HELP_SPLIT = "créer un classeur par commercial, par marché (responsables) et pour la direction"
HELP_SPLIT_WORKBOOK = "le classeur maître à découper (prospects ou tableau de bord)"
HELP_SPLIT_OUT = "dossier où écrire les classeurs découpés"
HELP_SPLIT_BY = ("« Commercial » : un classeur par commercial ; « Marché » : un par marché ; "
                 "sans cette option : les deux, plus le classeur complet de la direction")
HELP_PATTERN = "modèle du nom des fichiers (par défaut : « {workbook} - {name}.xlsx »)"
HELP_NO_COMPUTE = "ne pas recalculer les colonnes et feuilles calculées des classeurs découpés"
VALIDATION_TITLE = "Valeur non prévue"
VALIDATION_ERROR = "Choisissez une valeur de la liste."


def market_copy(market: str) -> str:
    return f"Marché {market}"


def salesperson_copy(name: str) -> str:
    """A salesperson whose name is a role's ("Direction"): his copy says he is one."""
    return f"{name} (commercial)"


def copy_title(workbook: str, name: str) -> str:
    return f"{workbook} — {name}"


def unnamed_column(number: int) -> str:
    return f"Colonne{number}"


def copy_written(name: str, path: Path, rows: int) -> str:
    return f"{name} : {rows} ligne{'s' if rows > 1 else ''} → {path.name}"


def sheets_left_out(sheets: Sequence[str]) -> str:
    listed = ", ".join(f"« {s} »" for s in sheets)
    return (f"Feuilles non reprises dans les copies (calculées, recalculées dans chaque copie, ou inconnues "
            f"de sicxl) : {listed}.")


def rows_unattributed(count: int) -> str:
    return (f"{count} ligne{'s' if count > 1 else ''} sans commercial unique (aucun, inconnu ou plusieurs) : "
            "elles ne figurent que dans les classeurs des responsables de marché et de la direction.")


def copy_would_replace_master(name: str, path: Path) -> str:
    return f"{name} : la copie « {path.name} » porterait le nom du classeur maître : elle n'est pas écrite."


def cannot_split_xlsb(path: Path) -> str:
    return f"« {path.name} » est un classeur binaire (.xlsb) : enregistrez-le en .xlsx pour le découper."


def nothing_to_split(path: Path) -> str:
    return (f"« {path.name} » n'a aucune feuille à découper (Prospects, Appels, Affaires, Objectifs, "
            "Réalisé, Contrats...).")


def split_title(path: Path) -> str:
    return f"Découpage par portefeuille — {path.name}"


# -- merge ----------------------------------------------------------------------------------

HELP_MERGE = "reporter dans le classeur maître les modifications des classeurs des commerciaux"
HELP_MERGE_MASTER = "le classeur maître"
HELP_MERGE_COPIES = "les classeurs découpés, modifiés par les commerciaux"

REASONS = {
    "both_changed": "modifiée dans le maître et dans la copie depuis le découpage : la valeur du maître est gardée",
    "not_owned": "la ligne n'appartient pas à ce portefeuille dans le maître : rien n'est reporté",
    "leaves_portfolio": ("la copie change à qui revient la ligne (commercial, prospect ou type) : ce changement se "
                         "fait dans le maître, il n'est pas reporté"),
    "deleted_in_master": "ligne supprimée du maître depuis le découpage : rien n'est reporté",
    "line_changed_in_master": ("ligne modifiée dans la copie, mais modifiée ou supprimée dans le maître depuis le "
                               "découpage : rien n'est reporté"),
    "line_changed": "ligne modifiée dans la copie, sur une feuille que tient la direction : à reporter à la main si elle est juste",
    "deleted_in_copy": "ligne supprimée dans la copie : elle est gardée dans le maître",
    "new_row": "ligne ajoutée dans la copie, sur une feuille que tient la direction : à recopier à la main si elle est juste",
    "new_not_owned": "ligne ajoutée dans la copie pour un autre portefeuille : non reportée",
    "already_in_master": ("prospect ajouté dans la copie mais déjà présent dans le maître : non ajouté une seconde "
                          "fois ; les appels et affaires de la copie le concernant vont à la ligne du maître"),
    "id_taken": "ligne ajoutée dans la copie avec une référence qui existe déjà dans le maître : non reportée",
    "no_key": "ligne ajoutée dans la copie sans sa référence : non reportée",
    "no_room": ("ligne ajoutée dans la copie, mais le tableau du maître ne peut pas s'agrandir (ligne de total, "
                "ou cellules saisies juste en dessous) : à recopier à la main"),
    "no_snapshot": "colonne absente au découpage et valeurs différentes : la valeur du maître est gardée",
    "duplicate_id": "ID en double : la ligne n'est pas fusionnée",
    "column_missing": "colonne de la copie absente du maître : cette valeur de la ligne ajoutée n'est pas reportée",
    "sheet_missing": "feuille absente de la copie ou du maître : rien n'en est reporté",
}


def unverified_copy_deals() -> str:
    return ("Ce classeur est une copie découpée que le serveur ne reconnaît pas (feuille de suivi modifiée, ou "
            "copie découpée ailleurs) : les affaires signées du fichier prospects n'y sont pas reprises.")


def not_a_copy(path: Path) -> str:
    return (f"« {path.name} » n'est pas un classeur découpé par sicxl (feuille de suivi absente) : "
            "il n'est pas fusionné.")


def unknown_copy(path: Path) -> str:
    return (f"« {path.name} » n'est pas fusionné : le serveur n'a pas trace de cette copie (sa feuille de suivi "
            "a été modifiée, ou la copie n'a pas été découpée sur ce serveur). Seule une copie intacte, "
            "découpée ici, peut revenir dans le maître.")


def old_copy(path: Path) -> str:
    return (f"« {path.name} » n'est pas fusionné : il a été découpé par une version précédente de sicxl, dont "
            "les copies ne peuvent pas être vérifiées. Reportez ses changements à la main, puis refaites le "
            "découpage.")


def other_master(path: Path, master: str) -> str:
    return f"« {path.name} » a été découpé à partir de « {master} », pas de ce classeur : il n'est pas fusionné."


def cannot_merge_xlsb(path: Path) -> str:
    return f"« {path.name} » est un classeur binaire (.xlsb) : enregistrez-le en .xlsx pour y fusionner les copies."


def copy_merged(path: Path, cells: int, rows: int, added: int, conflicts: int) -> str:
    return (f"{path.name} : {cells} cellule{'s' if cells > 1 else ''} reportée{'s' if cells > 1 else ''} "
            f"sur {rows} ligne{'s' if rows > 1 else ''}, {added} ligne{'s' if added > 1 else ''} "
            f"ajoutée{'s' if added > 1 else ''}, {conflicts} point{'s' if conflicts > 1 else ''} à examiner.")


def row_added(sheet: str, label: str, numbered: bool, copy_key: str, owner_filled: bool) -> str:
    notes = []
    if numbered:
        notes.append(f"l'ID {copy_key} de la copie est déjà pris dans le maître : nouvel ID" if copy_key
                     else "ID attribué, la copie n'en donnait pas")
    if owner_filled:
        notes.append("commercial complété : celui de la copie")
    return f"  + {sheet} : {label}" + (f" ({' ; '.join(notes)})" if notes else "")


def conflicts_listed(count: int, sheet: str) -> str:
    if not count:
        return "Aucun conflit."
    return f"{count} point{'s' if count > 1 else ''} à examiner, listé{'s' if count > 1 else ''} dans la feuille « {sheet} »."


def merge_title(path: Path) -> str:
    return f"Fusion des copies — {path.name}"


NO_CONFLICT = "Aucun point à examiner : toutes les modifications de la copie ont été reportées."

# -- regenerate -----------------------------------------------------------------------------

HELP_REGENERATE = "mettre à jour tous les classeurs sicxl d'un dossier (tâche planifiée)"
HELP_FOLDER = "le dossier (sous-dossiers compris) où chercher les classeurs"
HELP_DRY_RUN = "dire ce qui serait fait, sans rien écrire"
HELP_REGENERATE_REPORT = ("écrire le compte rendu JSON dans ce fichier (et sa version lisible à côté, en .txt) ; "
                          "par défaut : « sicxl-regeneration.json » dans le dossier")
HELP_WAIT = "attendre au plus ce nombre de secondes qu'une autre régénération du dossier se termine (600)"

STATUS = {
    "written": "mis à jour",
    "would_write": "serait mis à jour",
    "unchanged": "déjà à jour",
    "open": "ignoré : ouvert dans Excel",
    "locked": "ignoré : en cours d'écriture par un autre traitement sicxl",
    "failed": "ÉCHEC",
}


def regenerate_title(folder: Path, dry_run: bool) -> str:
    return f"Régénération de {folder}" + (" (simulation : rien n'est écrit)" if dry_run else "")


def workbook_line(path: str, kind: str, status: str, jobs: Sequence[str]) -> str:
    done = f" — {', '.join(jobs)}" if jobs else ""
    return f"• {path} ({kind}) : {STATUS[status]}{done}"


def changed_cells(sheet: str, count: int) -> str:
    return f"    {sheet} : {count} cellule{'s' if count > 1 else ''} modifiée{'s' if count > 1 else ''}"


def open_in_program(owner: str | None, libreoffice: bool) -> str:
    program = "LibreOffice" if libreoffice else "Excel"
    return f"ouvert dans {program}" + (f" par {owner}" if owner else "") + " : il sera traité à la prochaine exécution"


def regenerate_summary(counts: dict[str, int], total: int) -> str:
    parts = [f"{n} {STATUS[s]}" for s, n in counts.items() if n]
    return f"{total} classeur{'s' if total > 1 else ''} sicxl : " + (", ".join(parts) if parts else "rien à faire") + "."


def run_busy(folder: Path, seconds: float) -> str:
    return (f"Une autre régénération de {folder} est en cours depuis plus de {seconds:.0f} s : "
            "cette exécution s'arrête sans rien modifier.")


def report_written(json_path: Path, text_path: Path) -> str:
    return f"Compte rendu : {text_path} (et {json_path.name} pour les outils)"


def workbook_locked(seconds: float) -> str:
    return f"un autre traitement sicxl écrit ce classeur depuis plus de {seconds:.0f} s"


def job_failed(label: str, reason: str) -> str:
    return f"{label} : {reason}"


def unexpected(error: str) -> str:
    return f"erreur imprévue ({error})"


PROGRESS = "Régénération"
REPORT_FILE = "sicxl-regeneration.json"


def folder_not_found(folder: Path) -> str:
    return f"Le dossier « {folder} » est introuvable."
