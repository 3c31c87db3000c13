"""French messages about converting a workbook with LibreOffice (PDF, PNG, recalculation)."""

from __future__ import annotations

from pathlib import Path


def soffice_missing() -> str:
    return "LibreOffice (soffice) est introuvable : installez-le pour produire le PDF."


def conversion_failed(path: Path, target: str, detail: str) -> str:
    tail = f" ({detail.strip()[:200]})" if detail.strip() else ""
    return f"LibreOffice n'a pas pu convertir « {path.name} » en {target}{tail}."


def conversion_timeout(path: Path, seconds: int) -> str:
    return f"LibreOffice n'a pas fini de convertir « {path.name} » en {seconds} secondes."
