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


HELP_PRINT = "Imprime un classeur en PDF A4 (LibreOffice), avec une image PNG de chaque page."
HELP_WORKBOOK = "le classeur à imprimer"
HELP_SHEETS = "une feuille à imprimer (à répéter ; toutes par défaut)"
HELP_OUT = "le dossier où écrire le PDF et les images (par défaut : celui du classeur)"
HELP_DPI = "la résolution des images, en points par pouce"


def printed(pdf: Path, pages: int, folder: Path) -> str:
    return f"PDF : {pdf} ; {pages} page{'s' if pages > 1 else ''} en images dans {folder}"
