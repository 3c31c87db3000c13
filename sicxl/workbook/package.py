"""The Open Packaging Conventions view of an .xlsx/.xlsm file: parts and how they link.

An .xlsx file is a zip of XML parts tied together by relationship parts. Reading
that map (which part is which sheet, which tables a sheet holds) costs a few
small XML parses, whatever the size of the sheets, so it stays cheap on large
workbooks; cell values are read elsewhere (python-calamine).
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from sicxl.table import TableRef, column_number

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TABLE = NS_REL + "/table"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_OFFICE_DOCUMENT = NS_REL + "/officeDocument"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def parse_xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def rels_path(part: str) -> str:
    """xl/workbook.xml -> xl/_rels/workbook.xml.rels"""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source_part: str, target: str) -> str:
    """A relationship target, relative to its source part, as a package part name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target)).lstrip("/")


def parse_ref(ref: str) -> tuple[int, int, int, int]:
    """"B3:E11" -> (first_row, first_col, last_row, last_col)."""
    start, _, end = ref.replace("$", "").partition(":")
    end = end or start

    def split(cell: str) -> tuple[int, int]:
        letters = "".join(ch for ch in cell if ch.isalpha())
        return int(cell[len(letters):]), column_number(letters)

    (r1, c1), (r2, c2) = split(start), split(end)
    return r1, c1, r2, c2


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # resolved part name, or the raw target when external
    external: bool = False


@dataclass
class SheetInfo:
    name: str
    sheet_id: str
    rel_id: str
    part: str | None  # None for a chartsheet or a missing target
    state: str = "visible"
    tables: list[TableRef] = field(default_factory=list)
    table_parts: dict[str, str] = field(default_factory=dict)  # table name -> part


class Package:
    """A read-only map of a workbook package; parts are read on demand."""

    def __init__(self, source: Path | BinaryIO) -> None:
        """`source`: the file's path, or the file itself, open (the reader's: parts
        are then read from the very file that was checked, whatever is renamed
        over its path meanwhile)."""
        self.zip = zipfile.ZipFile(source if hasattr(source, "read") else Path(source))
        self.names = self.zip.namelist()
        self._name_set = set(self.names)
        self.workbook_part = self._main_part()
        self.sheets = self._read_sheets()

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, part: str) -> bool:
        return part in self._name_set

    def read(self, part: str) -> bytes:
        return self.zip.read(part)

    def relationships(self, part: str) -> list[Relationship]:
        path = rels_path(part) if part else "_rels/.rels"
        if not self.has(path):
            return []
        rels = []
        for rel in parse_xml(self.read(path)).iter(f"{{{NS_PKG_REL}}}Relationship"):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            rels.append(
                Relationship(rel.get("Id", ""), rel.get("Type", ""),
                             target if external else resolve(part or "/", target), external)
            )
        return rels

    def _main_part(self) -> str:
        for rel in self.relationships(""):
            if rel.type == REL_OFFICE_DOCUMENT:
                return rel.target
        raise KeyError("no office document")

    def _read_sheets(self) -> list[SheetInfo]:
        root = parse_xml(self.read(self.workbook_part))
        by_id = {r.id: r for r in self.relationships(self.workbook_part)}
        sheets = []
        for node in root.iter(f"{{{NS_MAIN}}}sheet"):
            rel_id = node.get(f"{{{NS_REL}}}id", "")
            rel = by_id.get(rel_id)
            part = rel.target if rel is not None and rel.type == REL_WORKSHEET and self.has(rel.target) else None
            info = SheetInfo(node.get("name", ""), node.get("sheetId", ""), rel_id, part,
                             node.get("state", "visible"))
            if part:
                self._read_tables(info)
            sheets.append(info)
        return sheets

    def _read_tables(self, info: SheetInfo) -> None:
        assert info.part
        for rel in self.relationships(info.part):
            if rel.type != REL_TABLE or not self.has(rel.target):
                continue
            root = parse_xml(self.read(rel.target))
            name = root.get("displayName") or root.get("name") or ""
            first_row, first_col, last_row, last_col = parse_ref(root.get("ref", "A1"))
            if root.get("totalsRowCount") not in (None, "0"):
                last_row -= int(root.get("totalsRowCount", "0"))
            info.tables.append(TableRef(name, first_row, first_col, last_row, last_col))
            info.table_parts[name] = rel.target

    def sheet(self, name: str) -> SheetInfo:
        for info in self.sheets:
            if info.name == name:
                return info
        raise KeyError(name)
