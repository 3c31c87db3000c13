"""French wording about workbooks and the jobs that fit them."""

from __future__ import annotations

from collections.abc import Sequence

KINDS = {
    "prospects": "un fichier prospects",
    "tableau de bord": "un tableau de bord",
    "enquête": "une enquête de satisfaction",
    "événements": "un classeur d'événements",
}


def looks_like(kind: str, jobs: Sequence[str]) -> str:
    """"Ce classeur ressemble à un tableau de bord : sicxl dashboard"; nothing was changed."""
    others = f" (ou {', '.join(jobs[1:])})" if len(jobs) > 1 else ""
    return f"Ce classeur ressemble à {KINDS.get(kind, kind)} : sicxl {jobs[0]}{others}. Il n'a pas été modifié."
