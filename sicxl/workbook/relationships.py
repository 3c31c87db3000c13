"""Relationship parts (*.rels): how one part points at another.

Targets are written relative to the source part, as Excel writes them, so that a
reader resolving them either way finds the part.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from sicxl.workbook.package import NS_PKG_REL, NS_REL, resolve

REL_DRAWING = NS_REL + "/drawing"
REL_CHART = NS_REL + "/chart"
REL_CALC_CHAIN = NS_REL + "/calcChain"
_TAG = f"{{{NS_PKG_REL}}}Relationship"


def new_relationships() -> etree._Element:
    return etree.Element(f"{{{NS_PKG_REL}}}Relationships", nsmap={None: NS_PKG_REL})


def relative_target(source_part: str, part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source_part) or ".")


def add_relationship(root: etree._Element, source_part: str, rel_type: str, part: str) -> str:
    """Add a link to `part` and return its fresh rId (never reusing a taken one)."""
    taken = {node.get("Id") for node in root.iter(_TAG)}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    rel_id = f"rId{number}"
    etree.SubElement(root, _TAG, Id=rel_id, Type=rel_type, Target=relative_target(source_part, part))
    return rel_id


def remove_relationships(root: etree._Element, source_part: str, parts: set[str]) -> bool:
    """Drop the links to `parts`; True when one was removed."""
    removed = False
    for node in list(root.iter(_TAG)):
        if node.get("TargetMode") != "External" and resolve(source_part, node.get("Target", "")) in parts:
            root.remove(node)
            removed = True
    return removed
