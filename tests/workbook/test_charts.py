"""Charts people read (issue 18): their XML read back from the written package."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree
from openpyxl import Workbook

from sicxl.schema.dashboard import MONTH_SHORT_FORMAT
from sicxl.workbook.charts import chart_xml
from sicxl.workbook.packager import write_package
from sicxl.writes import Chart, Formula, SheetWrite, Style, Writes

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
STEPS = ["Prospects contactés", "Contacts utiles", "RDV obtenus", "Propositions remises", "Contrats signés"]


def _xml(chart: Chart, rows: list[list[object]], styles: dict[tuple[int, int], Style]) -> etree._Element:
    return etree.fromstring(chart_xml(chart, "Feuille", rows, styles))


def test_a_month_axis_shows_months_in_french():
    rows = [["Mois", "Objectif"], *[[Formula(f"=EDATE(A1,{i})"), 10.0 * i] for i in range(12)]]
    styles = {(r, 1): Style(MONTH_SHORT_FORMAT) for r in range(2, 14)}
    root = _xml(Chart("line", "CA signé", (1, 2, 13), [("Objectif", 2, 2, 13)]), rows, styles)
    axis = root.find(f".//{C}dateAx")
    assert axis is not None and root.find(f".//{C}catAx") is None
    fmt = axis.find(f"{C}numFmt")
    assert fmt.get("formatCode") == "[$-40C]mmm yyyy" and fmt.get("sourceLinked") == "0"


def test_a_rate_axis_shows_percentages():
    rows = [["Indicateur", "Écart %"], ["CA signé", Formula("=-0.054")], ["Marge brute", Formula("=-0.19")]]
    root = _xml(Chart("bar", "Écart", (1, 2, 3), [("Écart %", 2, 2, 3)]), rows, {(2, 2): Style("0.0%"), (3, 2): Style("0.0%")})
    assert root.find(f".//{C}valAx/{C}numFmt").get("formatCode") == "0%"
    labels = root.find(f".//{C}ser/{C}dLbls")
    assert labels.find(f"{C}showVal").get("val") == "1" and labels.find(f"{C}numFmt").get("formatCode") == "0.0%"


def test_a_funnel_reads_top_to_bottom_in_funnel_order():
    rows = [["Étape", "Ensemble"], *[[step, 100 - 20 * i] for i, step in enumerate(STEPS)]]
    root = _xml(Chart("funnel", "Entonnoir", (1, 2, 6), [("Ensemble", 2, 2, 6)]), rows, {})
    category = root.find(f".//{C}catAx")
    assert category.find(f"{C}scaling/{C}orientation").get("val") == "maxMin"  # first category on top
    assert root.find(f".//{C}valAx/{C}crosses").get("val") == "max"  # the value axis stays at the bottom
    assert [p.findtext(f"{C}v") for p in root.iter(f"{C}pt")][:5] == STEPS


def test_titles_and_labels_are_french():
    rows = [["Type", "Montant"], ["P1 énergie", 40200], ["P2 entretien", 8150]]
    root = _xml(Chart("bar", "Par type de contrat", (1, 2, 3), [("Montant annuel (k€)", 2, 2, 3)]), rows,
                {(2, 2): Style("#,##0"), (3, 2): Style("#,##0")})
    assert root.find(f"{C}lang").get("val") == "fr-FR"
    assert "".join(root.find(f".//{C}title").itertext()) == "Par type de contrat"


def test_charts_by_row_draw_along_rows():
    rows = [["Indicateur", "janv.", "févr.", "mars"], ["CA signé", 1.0, 2.0, 3.0]]
    root = _xml(Chart("column", "CA", (1, 2, 4), [("CA signé", 2, 2, 4)], by_row=True), rows, {})
    refs = [f.text for f in root.iter(f"{C}f")]
    assert refs == ["'Feuille'!$B$1:$D$1", "'Feuille'!$B$2:$D$2"]


def test_written_anchors_are_disjoint_and_off_the_tables(tmp_path: Path):
    """The package itself: every chart's two-cell anchor covers no cell with content
    and no other chart (the two Répartition charts overlapped and hid the P1 bar)."""
    source = tmp_path / "book.xlsx"
    Workbook().save(source)
    rows: list[list[object]] = [["Répartition"], [], ["Par type de contrat"], ["Catégorie", "Montant"]]
    for block in range(2):
        rows += [[f"P{i + 1} {block}", 1000.0 * (i + 1)] for i in range(5)] + [[], [], ["Par type de client"],
                                                                                ["Catégorie", "Montant"]]
    charts = [Chart("bar", f"Bloc {b}", (1, 5 + 9 * b, 9 + 9 * b), [("Montant", 2, 5 + 9 * b, 9 + 9 * b)],
                    anchor=f"D{3 + 9 * b}", width_cm=14, height_cm=7) for b in range(2)]
    target = tmp_path / "out.xlsx"
    write_package(source, Writes(sheets=[SheetWrite("Répartition", rows, charts=charts)]), target)
    with zipfile.ZipFile(target) as archive:
        drawing = etree.fromstring(archive.read("xl/drawings/drawing1.xml"))
    anchors = []
    for anchor in drawing.iter(f"{XDR}twoCellAnchor"):
        start, end = (tuple(int(anchor.find(f"{XDR}{edge}/{XDR}{k}").text) for k in ("col", "colOff", "row", "rowOff"))
                      for edge in ("from", "to"))
        anchors.append((start, end))
    assert len(anchors) == 2
    filled = {(r, c) for r, line in enumerate(rows) for c, v in enumerate(line) if v not in (None, "")}
    for (c1, _, r1, _), (c2, off_x, r2, off_y) in anchors:
        covered = {(r, c) for r in range(r1, r2 + (off_y > 0)) for c in range(c1, c2 + (off_x > 0))}
        assert not covered & filled
    (a_start, a_end), (b_start, b_end) = anchors
    assert (a_end[2], a_end[3]) <= (b_start[2], b_start[3]) or (a_end[0], a_end[1]) <= (b_start[0], b_start[1])
