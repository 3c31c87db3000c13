"""French wording of the duplicate finder: the computed column « Doublon de »."""

from __future__ import annotations

from typing import Sequence

from sicxl.schema.prospects import PROSPECTS

NBSP = "\u00a0"
UNAVAILABLE = ("la recherche des doublons n'est pas disponible dans xlwings Lite (elle demande un module de "
               "comparaison que le navigateur ne peut pas installer). Lancez ce traitement depuis le complément "
               "SIC du serveur ou avec la commande sicxl ; Compléter et Scorer fonctionnent ici.")


def field_label(key: str) -> str:
    """A column named inside a sentence: its header in lower case, acronyms kept ("SIREN")."""
    header = PROSPECTS.header(key)
    return header if header.isupper() else header[0].lower() + header[1:]


def row_reference(row: int) -> str:
    """How a row without an ID is pointed at."""
    return f"ligne {row}"


def duplicate_of(original: str, similarity: int, fields: Sequence[str], differing: Sequence[str] = ()) -> str:
    """"P0012 (92 % : raison sociale, commune ; diffère : adresse)": the row
    repeated, how alike the two rows are, which of their fields agree and which,
    filled on both rows, disagree (issue 19: the salesperson sees why)."""
    labels = ", ".join(field_label(key) for key in fields)
    detail = f"{similarity}{NBSP}%" + (f"{NBSP}: {labels}" if labels else "")
    if differing:
        verb = "diffère" if len(differing) == 1 else "diffèrent"
        detail += f" ; {verb}{NBSP}: " + ", ".join(field_label(key) for key in differing)
    return f"{original} ({detail})"
