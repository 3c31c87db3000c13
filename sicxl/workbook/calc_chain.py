"""xl/calcChain.xml: Excel's order of formula evaluation.

An entry naming a cell that no longer holds a formula makes Excel report the file
as corrupt, so entries of cells overwritten by plain values (or cleared, or on a
replaced sheet) are removed. An empty chain is dropped altogether: Excel rebuilds it.
"""

from __future__ import annotations

from typing import Callable

from lxml import etree

from sicxl.workbook.package import NS_MAIN

_C = f"{{{NS_MAIN}}}c"


def prune(root: etree._Element, doomed: Callable[[str, str], bool]) -> bool:
    """Remove entries for which doomed(sheet_id, ref) holds; True if any was removed.

    An entry without `i` belongs to the sheet of the entry before it, so every
    remaining entry is given its sheet explicitly before neighbours disappear.
    """
    sheet = ""
    removed = False
    for node in list(root.iter(_C)):
        sheet = node.get("i") or sheet
        if doomed(sheet, node.get("r", "")):
            root.remove(node)
            removed = True
        else:
            node.set("i", sheet)
    return removed


def is_empty(root: etree._Element) -> bool:
    return next(root.iter(_C), None) is None
