"""Check a written package before it replaces the user's file.

The saving layer refuses to replace a workbook when this finds anything: a part
the writer did not own that is missing, altered or moved is exactly the silent
loss (a button's macro, a text box) users must never suffer.

A kept part is checked against the source's compressed bytes (what the writer
copied; equal bytes, method, sizes and CRC mean the same content without inflating
150 MB of untouched sheets), and else by content: its CRC and size, and a full read
that makes zipfile check the CRC. A written part is read in full (CRC) and scanned
as XML, unless the writer already scanned it as it produced it
(PackageChanges.scanned): the CRC then ties the bytes on disk to the scanned ones.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import BinaryIO

from sicxl.workbook.packager import PackageChanges
from sicxl.workbook.xmlscan import XmlScan
from sicxl.workbook.zip_io import same_stored_bytes

_CHUNK = 1 << 22


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _intact(archive: zipfile.ZipFile, info: zipfile.ZipInfo, scan: XmlScan | None = None) -> bool:
    """Reading a member to its end makes zipfile check its CRC; `scan`, when given,
    sees every byte in the same pass and must find well-formed XML."""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                if scan is not None:
                    scan.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    return scan is None or scan.close()


def _kept(old: zipfile.ZipFile, info: zipfile.ZipInfo, new: zipfile.ZipFile, copy: zipfile.ZipInfo | None) -> bool:
    if copy is None or (copy.CRC, copy.file_size) != (info.CRC, info.file_size):
        return False
    try:
        if same_stored_bytes(old, info, new, copy):
            return True
    except (zipfile.BadZipFile, ValueError, OSError, UnicodeDecodeError):
        pass
    return _intact(new, copy)


def _written(new: zipfile.ZipFile, info: zipfile.ZipInfo | None, changes: PackageChanges) -> bool:
    if info is None:
        return False
    scan = XmlScan() if _is_xml(info.filename) and info.filename not in changes.scanned else None
    return _intact(new, info, scan)


def verify_package(source: Path | BinaryIO, target: Path, changes: PackageChanges) -> list[str]:
    """Parts that should have been untouched but differ, are missing or moved, and
    written parts that are not well-formed XML; empty when the target is safe."""
    problems: list[str] = []
    try:
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(target) as new:
            new_infos = {i.filename: i for i in new.infolist()}
            owned = changes.changed | changes.added | changes.removed
            kept = [i for i in old.infolist() if i.filename not in owned]
            problems += [i.filename for i in kept if not _kept(old, i, new, new_infos.get(i.filename))]
            order = [n for n in new.namelist() if n not in owned]
            if order != [i.filename for i in kept]:
                problems.extend(n for n, k in zip(order, kept) if n != k.filename and n not in problems)
            for name in sorted(changes.removed & set(new_infos)):
                problems.append(name)
            for name in sorted(changes.changed | changes.added):
                if not _written(new, new_infos.get(name), changes):
                    problems.append(name)
    except (zipfile.BadZipFile, OSError) as error:
        problems.append(f"{target}: {error}")
    return problems
