"""Searching every part of a workbook package for strings, whatever their encoding."""

from __future__ import annotations

import html
import unicodedata
import zipfile
from pathlib import Path
from typing import Iterable


def _variants(text: str) -> set[bytes]:
    forms = {unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)}
    out: set[bytes] = set()
    for form in forms:
        for candidate in (form, form.casefold()):
            out |= {candidate.encode("utf-8"), candidate.encode("utf-16-le"), candidate.encode("latin-1", "ignore")}
    return {v for v in out if len(v) >= 4}


def part_texts(path: Path) -> dict[str, bytes]:
    """Each part decompressed; XML parts also with character references decoded."""
    parts = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith((".xml", ".rels", ".vml")):
                decoded = html.unescape(data.decode("utf-8", errors="replace"))
                data = data + b"\n" + decoded.encode("utf-8")
            parts[name] = data
    return parts


def leaks(path: Path, secrets: Iterable[str]) -> list[tuple[str, str]]:
    """(part, secret) for every secret found anywhere in the package, in any spelling."""
    found = []
    parts = part_texts(path)
    folded = {name: data.lower() for name, data in parts.items()}
    for secret in secrets:
        for variant in _variants(secret):
            for name, data in folded.items():
                if variant.lower() in data:
                    found.append((name, secret))
    return sorted(set(found))
