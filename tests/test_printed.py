"""Every sheet sicxl writes reads well and prints on A4 (issue 18), checked on what a
reader gets: the demo's workbooks and `sicxl dashboard --pdf` printed by LibreOffice
(sicxl.workbook.convert, the command that made the README's pictures), read back from
the PDF with poppler; and the charts read back from the package."""

from __future__ import annotations

import email
import re
import shutil
import subprocess
import zipfile
from collections import defaultdict
from email import policy
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from sicxl.jobs import load_jobs
from sicxl.runner import run_job
from sicxl.samples.demo import DEMO_TODAY, SAMPLES, run
from sicxl.messages.dashboard import month_name
from sicxl.samples.dashboard import LAST_MONTH
from sicxl.schema.dashboard import DASHBOARD_SHEET, OWNER_SHEET_PREFIX
from sicxl.workbook.convert import write_printout

pytestmark = pytest.mark.slow

A4 = (595, 842)  # points, rounded
FOOTER = re.compile(r"^(?P<file>\S+\.xlsx) (?P<sheet>.+?) \d\d/\d\d/\d{4} — page (?P<page>\d+) / (?P<pages>\d+)$", re.M)
# A date written as a bare number: a serial of 2018-2031, ungrouped (grouped figures read "45 658").
DATE_SERIAL = re.compile(r"(?<![\d,.\u00a0\u202f ])4[3-7]\d{3}(?![\d,])")
SHORT_MONTH = re.compile(r"\b(?:janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) 20\d\d")
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
# The most pages each sheet may print on, and why.
PAGES = {
    "Objectifs": 35, "Réalisé": 35,  # 2,688 rows each, 80 and more a page
    "Contrats": 6, "Charges": 1, "Équipe": 1,
    DASHBOARD_SHEET: 2, "Seuil de rentabilité": 1, "Répartition": 1,  # one or two pages each, by design
    "Marchés et zones": 3, "Contrats des affaires": 3,
    "Prospects": 33,  # 262 rows of 35 columns, 3 pages wide so that it stays readable
    "Appels": 4, "Comptes rendus": 2, "Affaires": 2, "Appels d'offres": 1, "Paramètres": 2,
    "Entonnoir": 3,  # a page per campaign at most
    "Agenda": 7, "Suivi AO": 2,  # the agenda: 198 rows in four tables
    "Clients": 12, "Questionnaire": 1, "Réponses": 5, "Réponses N-1": 3, "Résultats": 6,  # Résultats: 233 rows
    "Échantillon": 8, "Suivi des contacts": 8,  # 490 and 195 rows
    "Événements": 2, "Personnel": 3, "Relances": 4, "Synthèse des réponses": 2,
    "Invitations": 18,  # 183 rows, most with a five-line address
}


@dataclass
class Printed:
    workbook: Path
    pdf: Path
    pages: list[Path]
    texts: list[str]  # each page's text, in reading order
    sheets: list[str]  # each page's sheet, from its footer


def _read(workbook: Path, pdf: Path, pages: list[Path]) -> Printed:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    texts = text.split("\f")[: len(pages)]
    sheets = []
    for page in texts:
        found = FOOTER.search(page)
        assert found, f"a page without its footer: {page[:200]!r}"
        sheets.append(found.group("sheet"))
    return Printed(workbook, pdf, pages, texts, sheets)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    list(run(folder))
    return folder


@pytest.fixture(scope="module")
def printed(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    out = tmp_path_factory.mktemp("printed")
    result = {}
    for sample in SAMPLES:
        workbook = demo / sample.file_name
        pdf, pages = write_printout(workbook, out, resolution=30)
        result[sample.file_name] = _read(workbook, pdf, pages)
    return result


def _page_sizes(pdf: Path) -> list[tuple[int, int]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True).stdout
    return [tuple(sorted((round(float(w)), round(float(h))))) for w, h in
            re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _computed_sheets(workbook: Path) -> set[str]:
    """The sheets sicxl writes whole: those it gave a print area."""
    book = openpyxl.load_workbook(workbook)
    return {sheet.title for sheet in book.worksheets if sheet.print_area}


def test_every_page_is_a4_and_previewed(printed):
    for name, out in printed.items():
        sizes = _page_sizes(out.pdf)
        assert len(sizes) == len(out.pages) > 0, name
        assert set(sizes) == {A4}, name


def test_every_sheet_prints_on_few_pages(printed):
    for name, out in printed.items():
        counts: dict[str, int] = defaultdict(int)
        for sheet in out.sheets:
            counts[sheet] += 1
        assert set(counts) == set(openpyxl.load_workbook(out.workbook, read_only=True).sheetnames), name
        for sheet, count in counts.items():
            limit = 2 if sheet.startswith(OWNER_SHEET_PREFIX) else PAGES[sheet]
            assert count <= limit, f"{name}, {sheet}: {count} pages"
    counts = {s: printed["tableau_de_bord.xlsx"].sheets.count(s) for s in printed["tableau_de_bord.xlsx"].sheets}
    owners = [s for s in counts if s.startswith(OWNER_SHEET_PREFIX)]
    assert len(owners) == 8 and all(counts[s] == 2 for s in [DASHBOARD_SHEET, *owners])


def test_no_hashes_and_no_date_serials(printed):
    for name, out in printed.items():
        for sheet, text in zip(out.sheets, out.texts):
            assert "###" not in text, (name, sheet)
            assert not DATE_SERIAL.search(text), (name, sheet, DATE_SERIAL.search(text).group())


def test_every_text_of_sicxl_sheets_and_every_header_shows_whole(printed):
    """A text cut by its column shows only its start in the PDF: every text of the
    sheets sicxl writes, and every header of the users' tables, must be found whole."""
    for name, out in printed.items():
        by_sheet: dict[str, str] = defaultdict(str)
        for sheet, text in zip(out.sheets, out.texts):
            by_sheet[sheet] += _squeezed(text)
        computed = _computed_sheets(out.workbook)
        book = openpyxl.load_workbook(out.workbook)
        missing, checked = [], 0
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            header = next((i for i, row in enumerate(rows) if sum(isinstance(v, str) for v in row) > 1), 0)
            wanted = rows if sheet.title in computed else rows[header:header + 1]
            for row in wanted:
                for value in row:
                    if isinstance(value, str) and value.strip() and not value.startswith("="):
                        checked += 1
                        if _squeezed(value) not in by_sheet[sheet.title]:
                            missing.append((sheet.title, value))
        assert missing == [], (name, missing[:10])
        assert checked > 100, name


def test_dashboard_pdf_hands_out_two_pages_per_dashboard(demo: Path, tmp_path: Path):
    """`sicxl dashboard --pdf`: the team's sheets, a picture of each page, and each
    salesperson's draft carrying the two pages of their own dashboard."""
    workbook = Path(shutil.copy(demo / "tableau_de_bord.xlsx", tmp_path / "tableau_de_bord.xlsx"))
    run_job(load_jobs()["dashboard"], workbook, options={"pdf": True}, today=DEMO_TODAY)
    pdf = next(tmp_path.glob("tableau_de_bord_*.pdf"))
    pages = sorted(tmp_path.glob("tableau_de_bord_*_pages/page_*.png"))
    out = _read(workbook, pdf, pages)
    assert set(_page_sizes(pdf)) == {A4} and len(_page_sizes(pdf)) == len(pages)
    counts = {s: out.sheets.count(s) for s in out.sheets}
    assert counts[DASHBOARD_SHEET] == 2 and counts["Seuil de rentabilité"] == counts["Répartition"] == 1
    assert not any(s.startswith(OWNER_SHEET_PREFIX) for s in counts)  # each one's own goes in their draft
    first, second = (out.texts[i] for i, s in enumerate(out.sheets) if s == DASHBOARD_SHEET)
    assert month_name(LAST_MONTH) in first and "Écart au plan du mois" in first  # the month, and its chart
    assert len(set(SHORT_MONTH.findall(second))) == 12 and "CA signé : réalisé et objectif sur 12 mois" in second
    drafts = sorted(tmp_path.glob("tableau_de_bord_*_courriels/*.eml"))
    assert len(drafts) == 8
    for draft in drafts:
        message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
        (attachment,) = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
        own = tmp_path / f"{draft.stem}.pdf"
        own.write_bytes(attachment.get_content())
        assert _page_sizes(own) == [A4, A4], draft.name


# -- the charts, from the package ---------------------------------------------------------
def _anchors(archive: zipfile.ZipFile, drawing: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    root = etree.fromstring(archive.read(drawing))
    return [tuple(tuple(int(a.find(f"{XDR}{edge}/{XDR}{k}").text) for k in ("col", "colOff", "row", "rowOff"))
                  for edge in ("from", "to")) for a in root.iter(f"{XDR}twoCellAnchor")]


def _drawings(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part -> its drawing part."""
    found = {}
    for name in archive.namelist():
        match = re.fullmatch(r"xl/worksheets/_rels/(sheet\d+\.xml)\.rels", name)
        if match:
            for target in re.findall(rb'Target="\.\./drawings/(drawing\d+\.xml)"', archive.read(name)):
                found[f"xl/worksheets/{match.group(1)}"] = f"xl/drawings/{target.decode()}"
    return found


def test_chart_anchors_are_disjoint_and_off_the_tables(demo: Path):
    checked = 0
    for sample in SAMPLES:
        path = demo / sample.file_name
        with zipfile.ZipFile(path) as archive:
            for sheet_part, drawing in _drawings(archive).items():
                filled = {(int(r), _column(c)) for c, r in re.findall(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?<!/)>',
                                                                       archive.read(sheet_part))}
                anchors = _anchors(archive, drawing)
                for i, ((c1, _, r1, _), (c2, x2, r2, y2)) in enumerate(anchors):
                    covered = {(r + 1, c + 1) for r in range(r1, r2 + (y2 > 0)) for c in range(c1, c2 + (x2 > 0))}
                    assert not covered & filled, (path.name, sheet_part, sorted(covered & filled)[:5])
                    for start, end in anchors[i + 1:]:
                        assert ((c2, x2) <= start[:2] or end[:2] <= (c1, 0)
                                or (r2, y2) <= start[2:] or end[2:] <= (r1, 0)), (path.name, sheet_part)
                    checked += 1
    assert checked >= 20


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters.decode():
        number = number * 26 + ord(ch) - 64
    return number


def test_chart_axes_read_as_months_and_percentages(demo: Path):
    with zipfile.ZipFile(demo / "tableau_de_bord.xlsx") as archive:
        charts = [etree.fromstring(archive.read(n)) for n in archive.namelist() if n.startswith("xl/charts/chart")]
    date_formats = {a.find(f"{C}numFmt").get("formatCode") for c in charts for a in c.iter(f"{C}dateAx")}
    assert date_formats == {"[$-40C]mmm yyyy"}
    titles = {"".join(c.find(f"{C}chart/{C}title").itertext()): c for c in charts}
    variance = next(c for t, c in titles.items() if t.startswith("Écart au plan"))
    assert variance.find(f".//{C}valAx/{C}numFmt").get("formatCode") == "0%"
    assert all(c.find(f"{C}lang").get("val") == "fr-FR" for c in charts)
