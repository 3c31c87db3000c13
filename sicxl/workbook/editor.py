"""Pending edits of a package, gathered before a single streaming pass writes it.

Small parts (workbook, rels, content types, styles, tables, calc chain) are edited
as lxml trees and serialized once; the parts that can be huge (worksheets holding
changed cells) are only described here and streamed by the packager. Whatever is
not touched here is copied byte for byte.
"""

from __future__ import annotations

from typing import Callable

from lxml import etree

from sicxl.workbook.package import Package, parse_xml, rels_path
from sicxl.workbook.relationships import new_relationships
from sicxl.workbook.xmlwriter import serialize

CONTENT_TYPES = "[Content_Types].xml"


class PackageEditor:
    def __init__(self, package: Package) -> None:
        self.package = package
        self._trees: dict[str, etree._Element] = {}
        self._touched: set[str] = set()
        self.new_bytes: dict[str, bytes] = {}  # whole new content of changed or added parts
        self.streamed: dict[str, object] = {}  # part -> SheetEdits, rewritten while zipping
        self.removed: set[str] = set()

    def exists(self, part: str) -> bool:
        if part in self.removed:
            return False
        return self.package.has(part) or part in self.new_bytes or part in self._trees

    def tree(self, part: str, create: Callable[[], etree._Element] | None = None) -> etree._Element:
        """The part as a tree to edit; call `touch` once it has really changed."""
        if part not in self._trees:
            if self.package.has(part) and part not in self.removed:
                self._trees[part] = parse_xml(self.package.read(part))
            elif create is not None:
                self._trees[part] = create()
                self.removed.discard(part)
                self._touched.add(part)
            else:
                raise KeyError(part)
        return self._trees[part]

    def rels(self, part: str) -> etree._Element:
        return self.tree(rels_path(part), new_relationships)

    def touch(self, part: str) -> None:
        self._touched.add(part)

    def put(self, part: str, data: bytes) -> None:
        self.removed.discard(part)
        self._trees.pop(part, None)
        self._touched.discard(part)
        self.new_bytes[part] = data

    def remove(self, part: str) -> None:
        self._trees.pop(part, None)
        self._touched.discard(part)
        self.new_bytes.pop(part, None)
        self.streamed.pop(part, None)
        if self.package.has(part):
            self.removed.add(part)

    def free_name(self, pattern: str) -> str:
        """The first unused part name of a numbered family, e.g. xl/charts/chart{}.xml."""
        number = 1
        while self.exists(pattern.format(number)) or pattern.format(number) in self.removed:
            number += 1
        return pattern.format(number)

    def finish(self) -> None:
        for part in sorted(self._touched):
            self.new_bytes[part] = serialize(self._trees[part])
        self._touched.clear()

    @property
    def changed(self) -> set[str]:
        return {p for p in (*self.new_bytes, *self.streamed) if self.package.has(p)}

    @property
    def added(self) -> set[str]:
        return {p for p in (*self.new_bytes, *self.streamed) if not self.package.has(p)}
