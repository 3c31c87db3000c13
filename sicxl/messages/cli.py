"""French text of the command line."""

from __future__ import annotations

import errno
from pathlib import Path

from sicxl.messages.french import counted, plural
from sicxl.messages.paths import system_reason
from sicxl.values import format_whole

DESCRIPTION = "sicxl : le système d'information commercial dans vos classeurs Excel."
HELP_WORKBOOK = "le classeur à traiter (.xlsx, .xlsm ; .xlsb en lecture seule)"
HELP_OUT = "écrire le résultat dans ce fichier au lieu de modifier le classeur"
HELP_REPORT = "écrire aussi un compte rendu au format JSON dans ce fichier"
HELP_TODAY = "date du jour à utiliser (JJ/MM/AAAA), pour rejouer un traitement"
HELP_DEBUG = "afficher le détail technique des erreurs"
HELP_DEMO = "créer les classeurs d'exemple et y lancer tous les traitements"
METAVARS = {"int": "NOMBRE", "date": "JJ/MM/AAAA", "month": "AAAA-MM", "path": "FICHIER", "workbook": "CLASSEUR"}
HELP_DEMO_FOLDER = "dossier où créer les classeurs d'exemple (par défaut : demo)"


def job_title(label: str, workbook: Path) -> str:
    return f"{label} — {workbook.name}"


def saved(path: Path) -> str:
    return f"Résultats enregistrés dans {path}"


def nothing_written(path: Path) -> str:
    return f"Rien à écrire dans {path.name}."


def xlsb_notice(source: Path, target: Path) -> str:
    return (
        f"« {source.name} » est un classeur binaire (.xlsb), lu sans être modifié : "
        f"les résultats sont enregistrés dans « {target.name} »."
    )


def other_workbook_busy(path: Path) -> str:
    return (
        f"Le classeur « {path.name} » est en cours de mise à jour par un autre traitement sicxl : "
        "relancez dans quelques minutes."
    )


def internal_error(log: Path | None) -> str:
    send = f" Transmettez le fichier {log} à l'équipe sicxl." if log else " Prévenez l'équipe sicxl."
    return "Le traitement s'est arrêté sur une erreur imprévue ; le classeur n'a pas été modifié." + send


def system_error(error: OSError) -> str:
    """An error of the system (disk, rights) outside a workbook's own saving."""
    where = f" ({error.filename})" if error.filename else ""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", None)):
        return f"Le disque est plein{where} : le traitement s'est arrêté. Libérez de la place, puis relancez."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Accès refusé{where} : le traitement s'est arrêté. Vérifiez vos droits sur ce dossier, puis relancez."
    return f"Le traitement s'est arrêté sur une erreur du système{where} : {system_reason(error)}."


def report_not_written(path: Path, reason: str, written: Path | None) -> str:
    done = (f"Les résultats ont bien été enregistrés dans {written}, mais le compte rendu n'a pas pu être écrit"
            if written else "Le compte rendu n'a pas pu être écrit")
    return f"{done} ({path}) : {reason}"


def run_report_not_written(path: Path, reason: str) -> str:
    return (f"Les classeurs ont été traités comme indiqué ci-dessus, mais le compte rendu n'a pas pu être "
            f"écrit ({path}) : {reason}")


def demo_written(path: Path) -> str:
    return f"Classeur d'exemple créé : {path}"


def demo_job(label: str, workbook: Path) -> str:
    return f"\n== {label} — {workbook.name} =="


def demo_split(path: Path, copies: int) -> str:
    return f"\n== Séparation par marché — {path.name} : {counted(copies, 'classeur')} {plural(copies, 'écrit')} à côté =="


def demo_breakevens(parts: dict[str, int], whole: int) -> str:
    listed = " ; ".join(f"{name} {format_whole(value)} k€" for name, value in parts.items())
    return (f"Seuil de rentabilité de chaque marché, dans son propre classeur : {listed} ; "
            f"somme {format_whole(sum(parts.values()))} k€ ; seuil de l'ensemble {format_whole(whole)} k€.")


ARGPARSE = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide",
    "show program's version number and exit": "afficher la version de sicxl",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choisir parmi %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "expected one argument": "une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
}
"""argparse's own sentences, in French: users never see an English word."""
