"""French text about the files a workbook names in its cells, and the server's settings."""

from __future__ import annotations

import errno
from pathlib import Path

REFUSED_FILE = "Fichier refusé"  # anomaly kind in job reports

_ADVICE = ("indiquez le chemin du fichier à partir du dossier du classeur (par exemple "
           "« Pièces jointes\\ordre du jour.pdf »), ou demandez à l'administrateur d'autoriser son dossier")


def outside(name: str, folder: Path) -> str:
    return (f"Le fichier « {name} » n'est pas lu : il se trouve en dehors du dossier du classeur ({folder}) "
            f"et des dossiers autorisés par l'administrateur ; {_ADVICE}.")


def windows_drive(name: str) -> str:
    return f"Le fichier « {name} » n'est pas lu : un chemin avec lettre de lecteur (C:\\…) n'est pas accepté ; {_ADVICE}."


def network_path(name: str) -> str:
    return f"Le fichier « {name} » n'est pas lu : un chemin réseau (\\\\serveur\\partage\\…) n'est pas accepté ; {_ADVICE}."


def bad_characters(name: str) -> str:
    return (f"Le fichier « {name} » n'est pas lu : son chemin contient un caractère qu'un nom de fichier "
            "ne peut pas contenir (deux-points, retour à la ligne ou caractère de contrôle).")


def not_a_file(name: str) -> str:
    return f"« {name} » n'est pas un fichier ordinaire (dossier, périphérique ou tube) : il n'est pas lu."


def unreadable(name: str, reason: str) -> str:
    return f"Le fichier « {name} » n'a pas pu être lu ({reason})."


def too_big(name: str, size: int, limit: int) -> str:
    return (f"Le fichier « {name} » n'est pas lu : il pèse {size / 1e6:.0f} Mo, au-delà de la limite de "
            f"{limit / 1e6:.0f} Mo d'une pièce jointe.")


def moved_while_read(name: str) -> str:
    return f"Le fichier « {name} » a été déplacé ou remplacé pendant sa lecture : il n'est pas lu."


_SYSTEM_REASONS = {
    errno.EACCES: "droits insuffisants",
    errno.EPERM: "droits insuffisants",
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota du disque atteint",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EROFS: "disque en lecture seule",
    errno.ENOENT: "dossier introuvable",
    errno.EIO: "erreur de lecture ou d'écriture du disque",
}


def system_reason(error: OSError) -> str:
    """What the operating system refused, in words (never its English text)."""
    reason = _SYSTEM_REASONS.get(error.errno or 0)
    return reason or f"erreur du système n° {error.errno}"


# -- the server's settings ---------------------------------------------------------------------


def settings_unsafe(path: Path) -> str:
    return (f"Le fichier de réglages « {path} » peut être modifié par un autre compte que celui qui exécute "
            "sicxl : il n'est pas utilisé. Donnez-le à ce compte et retirez les droits d'écriture des autres "
            "(chmod 600).")


def settings_unreadable(path: Path, detail: str) -> str:
    return f"Le fichier de réglages « {path} » est illisible ({detail}) : corrigez-le, ou retirez-le."


def settings_missing(path: Path, variable: str) -> str:
    return f"Le fichier de réglages « {path} » indiqué par la variable {variable} est introuvable."


def setting_wrong_type(path: Path, name: str, expected: str) -> str:
    return f"Dans le fichier de réglages « {path} », « {name} » doit être {expected}."


def state_folder_unsafe(folder: Path) -> str:
    return (f"Le dossier d'état de sicxl « {folder} » peut être modifié par un autre compte que celui qui "
            "exécute sicxl : les registres des copies découpées n'y seraient pas à l'abri. Donnez-le à ce "
            "compte (chmod 700), ou indiquez-en un autre (réglage state_folder).")


def state_folder_unusable(folder: Path, detail: str) -> str:
    return f"Le dossier d'état de sicxl « {folder} » est inutilisable ({detail})."
