"""xl/tables/tableN.xml: widen an Excel table to take in new computed columns, and
lengthen it to take in rows a job adds below it (issue 17: new prospect rows).

Excel checks that each tableColumn name equals the text of its header cell and that
names are unique (ignoring case); a mismatch makes it "repair" the file and drop the
table. So every column added or renamed here comes back with the exact header text
the sheet must carry.
"""

from __future__ import annotations

from lxml import etree

from sicxl.table import column_letter
from sicxl.workbook.package import NS_MAIN, parse_ref

_M = f"{{{NS_MAIN}}}"
FILLER_NAME = "Colonne{}"  # what French Excel calls an unnamed table column


def table_bounds(root: etree._Element) -> tuple[int, int, int, int]:
    return parse_ref(root.get("ref", "A1"))


def header_row(root: etree._Element) -> int | None:
    """The table's header row, None for a table without one."""
    if root.get("headerRowCount") == "0":
        return None
    return table_bounds(root)[0]


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate, number = f"{name}{number}", number + 1
    return candidate


def _ref(r1: int, c1: int, r2: int, c2: int) -> str:
    return f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"


def has_totals_row(root: etree._Element) -> bool:
    return root.get("totalsRowCount") not in (None, "0")


def update_table(root: etree._Element, headers: dict[int, str], last_col: int,
                 last_row: int | None = None) -> tuple[bool, dict[int, str]]:
    """Widen the table to `last_col`, lengthen it to `last_row` (when further down)
    and name columns after `headers` (col -> text).

    Returns whether the table changed, and col -> the header text to write (made
    unique when it repeats another column's name). A table with a totals row is
    never lengthened (the caller refuses it): the new rows would land under it.
    """
    r1, c1, r2, c2 = table_bounds(root)
    longer = last_row is not None and last_row > r2
    if longer:
        r2 = last_row
    columns = root.find(_M + "tableColumns")
    nodes = list(columns) if columns is not None else []
    written: dict[int, str] = {}
    for col, text in sorted(headers.items()):
        if c1 <= col <= c2 and col - c1 < len(nodes) and nodes[col - c1].get("name") != text:
            others = {n.get("name", "").casefold() for i, n in enumerate(nodes) if i != col - c1}
            written[col] = _unique(text, others)
            nodes[col - c1].set("name", written[col])
    wider = last_col > c2
    if wider:
        next_id = max((int(n.get("id", "0")) for n in nodes), default=0) + 1
        for col in range(c2 + 1, last_col + 1):
            taken = {n.get("name", "").casefold() for n in columns}
            written[col] = _unique(headers.get(col) or FILLER_NAME.format(col - c1 + 1), taken)
            etree.SubElement(columns, _M + "tableColumn", id=str(next_id), name=written[col])
            next_id += 1
        columns.set("count", str(len(columns)))
    if wider or longer:
        right = max(last_col, c2)
        root.set("ref", _ref(r1, c1, r2, right))
        auto = root.find(_M + "autoFilter")
        if auto is not None:
            a1, ac1, a2, _ = parse_ref(auto.get("ref", root.get("ref")))
            auto.set("ref", _ref(a1, ac1, r2 if longer else a2, right))
    return bool(written) or longer, (written if header_row(root) is not None else {})
