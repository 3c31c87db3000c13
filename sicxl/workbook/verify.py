"""Check a written package before it replaces the user's file.

The saving layer refuses to replace a workbook when this finds anything: a part
the writer did not own that is missing, altered or moved is exactly the silent
loss (a button's macro, a text box) users must never suffer.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.parsers import expat

from sicxl.workbook.packager import PackageChanges

_CHUNK = 1 << 20


def _intact(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Reading a member to its end makes zipfile check its CRC."""
    try:
        with archive.open(info) as stream:
            while stream.read(_CHUNK):
                pass
        return True
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def _well_formed(archive: zipfile.ZipFile, name: str) -> bool:
    """Expat with namespaces on, and no handlers: a C-speed scan that still
    catches what makes Excel refuse a part (bad nesting, unbound prefixes)."""
    if not (name.endswith(".xml") or name.endswith(".rels")):
        return True
    parser = expat.ParserCreate(namespace_separator=" ")
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
        return True
    except (expat.ExpatError, zipfile.BadZipFile, OSError):
        return False


def verify_package(source: Path, target: Path, changes: PackageChanges) -> list[str]:
    """Parts that should have been untouched but differ, are missing or moved, and
    written parts that are not well-formed XML; empty when the target is safe."""
    problems: list[str] = []
    try:
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(target) as new:
            new_infos = {i.filename: i for i in new.infolist()}
            owned = changes.changed | changes.added | changes.removed
            kept = [i for i in old.infolist() if i.filename not in owned]
            for info in kept:
                copy = new_infos.get(info.filename)
                if copy is None or (copy.CRC, copy.file_size) != (info.CRC, info.file_size) or not _intact(new, copy):
                    problems.append(info.filename)
            order = [n for n in new.namelist() if n not in owned]
            if order != [i.filename for i in kept]:
                problems.extend(n for n, k in zip(order, kept) if n != k.filename and n not in problems)
            for name in sorted(changes.removed & set(new_infos)):
                problems.append(name)
            for name in sorted(changes.changed | changes.added):
                if name not in new_infos or not _intact(new, new_infos[name]) or not _well_formed(new, name):
                    problems.append(name)
    except (zipfile.BadZipFile, OSError) as error:
        problems.append(f"{target}: {error}")
    return problems
