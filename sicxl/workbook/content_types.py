"""[Content_Types].xml: every part's MIME type, by extension or by name."""

from __future__ import annotations

from lxml import etree

from sicxl.workbook.package import NS_CT

CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_OVERRIDE = f"{{{NS_CT}}}Override"


def add_override(root: etree._Element, part: str, content_type: str) -> None:
    name = "/" + part
    for node in root.iter(_OVERRIDE):
        if node.get("PartName") == name:
            node.set("ContentType", content_type)
            return
    etree.SubElement(root, _OVERRIDE, PartName=name, ContentType=content_type)


def remove_overrides(root: etree._Element, parts: set[str]) -> None:
    names = {"/" + part for part in parts}
    for node in list(root.iter(_OVERRIDE)):
        if node.get("PartName") in names:
            root.remove(node)
