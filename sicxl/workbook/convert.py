"""Converting a workbook with LibreOffice headless: recalculation, PDF, PNG of each page.

Used for the printable dashboard (`sicxl dashboard ... --pdf`), by the tests
that check formulas against a real spreadsheet program, and to print any
workbook's sheets (`python -m sicxl.workbook.convert`, which made the pictures
of the README). LibreOffice is run with its own user profile per process and
locale (`-env:UserInstallation`), so that parallel runs do not share a locked
profile, and that profile asks for every formula to be recalculated on load
(`OOXMLRecalcMode` = 0: a file written by sicxl carries no cached results).
Recalculation runs in the en-US locale; printing in fr-FR, so that figures and
dates read as a French reader expects (« 12,5 », « 02/11/2026 »). `soffice`
exits with 0 even when a conversion fails, so the output file is checked, not
the exit code.
"""

from __future__ import annotations

import atexit
import math
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from lxml import etree

from sicxl.messages import convert as msg
from sicxl.workbook.layout import MIN_SCALE, column_points
from sicxl.workbook.package import NS_MAIN, Package, parse_ref, parse_xml
from sicxl.workbook.printing import PRINT_AREA, PRINT_TITLES, column_widths
from sicxl.writes import Writes

TIMEOUT = 300  # seconds; a first start with a fresh profile takes a while
RECALC_LOCALE, PRINT_LOCALE = "en-US", "fr-FR"
PREVIEW_DPI = 110
# LibreOffice without Calibri draws in DejaVu Sans: a digit 7.07 points wide (measured), Excel's 5.25.
STAND_IN_DIGIT_POINTS = 7.07
_SCALE = re.compile(rb'<pageSetup\b[^>]*?\bscale="(\d+)"')

_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


class ConversionError(RuntimeError):
    """A conversion that LibreOffice could not do; the message is French."""


@lru_cache(maxsize=None)
def _profile(pid: int, locale: str) -> Path:
    """This process's LibreOffice profile for `locale`, created once (keyed by pid: a
    forked worker gets its own)."""
    folder = Path(tempfile.mkdtemp(prefix=f"sicxl-lo-{pid}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # a profile is ~10 MB: never leave it behind
    user = folder / "user"
    user.mkdir()
    (user / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS.replace("{locale}", locale), encoding="utf-8")
    return folder


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ConversionError(msg.soffice_missing())
    return found


def convert(source: Path, target_format: str, out_dir: Path, extension: str | None = None,
            locale: str = RECALC_LOCALE) -> Path:
    """`soffice --headless --convert-to target_format` into `out_dir`; the output path.

    `target_format` is an extension, optionally with a filter ("xlsx:Calc MS Excel 2007 XML").
    """
    extension = extension or target_format.split(":")[0]
    expected = Path(out_dir) / f"{Path(source).stem}.{extension}"
    expected.unlink(missing_ok=True)
    profile = _profile(os.getpid(), locale).as_uri()
    command = [soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", target_format, "--outdir", str(out_dir), str(source)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise ConversionError(msg.conversion_timeout(Path(source), TIMEOUT)) from None
    if not expected.exists() or expected.stat().st_size == 0:
        raise ConversionError(msg.conversion_failed(Path(source), extension.upper(), done.stderr or done.stdout))
    return expected


def recalculate(source: Path, target: Path) -> Path:
    """A copy of `source` recalculated by LibreOffice, saved as .xlsx with cached values."""
    with tempfile.TemporaryDirectory(prefix="sicxl-recalc-") as folder:
        copy = Path(folder) / "in" / Path(source).name
        copy.parent.mkdir()
        shutil.copyfile(source, copy)
        out = convert(copy, "xlsx:Calc MS Excel 2007 XML", Path(folder))
        shutil.move(str(out), target)
    return Path(target)


@dataclass(frozen=True)
class Printout:
    """A printed workbook: the PDF, and a PNG of each of its pages."""

    pdf: bytes
    pages: list[bytes]


def _print_names(workbook: etree._Element) -> dict[int, str]:
    """localSheetId -> the A1 reference of each sheet's print area."""
    return {int(node.get("localSheetId", "-1")): (node.text or "").rsplit("!", 1)[-1]
            for node in workbook.iter(f"{{{NS_MAIN}}}definedName") if node.get("name") == PRINT_AREA}


def _show_only(workbook: etree._Element, sheets: Sequence[str] | None) -> None:
    """Hide every sheet but `sheets` (all when None), so that the PDF prints only them;
    the active tab must be a visible sheet. A hidden sheet loses its print area too:
    LibreOffice prints a hidden sheet's print area."""
    nodes = list(workbook.iter(f"{{{NS_MAIN}}}sheet"))
    if sheets is None:
        return
    first_kept = next((i for i, node in enumerate(nodes) if node.get("name") in sheets), 0)
    hidden = set()
    for index, node in enumerate(nodes):
        if node.get("name") in sheets:
            node.attrib.pop("state", None)
        else:
            node.set("state", "hidden")
            hidden.add(str(index))
    for name in list(workbook.iter(f"{{{NS_MAIN}}}definedName")):
        if name.get("localSheetId") in hidden and name.get("name") in (PRINT_AREA, PRINT_TITLES):
            name.getparent().remove(name)
    for view in workbook.iter(f"{{{NS_MAIN}}}workbookView"):
        view.set("activeTab", str(first_kept))
        view.set("firstSheet", str(first_kept))


def _renderer_scale(sheet: bytes, area: str | None, digit_points: float) -> bytes:
    """A sheet whose page has an explicit scale (computed for Excel's metrics), its
    scale adjusted to a renderer that draws a digit `digit_points` wide, so that it
    still prints one page wide there."""
    found = _SCALE.search(sheet)
    if found is None or area is None:
        return sheet
    _, first, _, last = parse_ref(area)
    widths = column_widths(sheet[: sheet.find(b"<sheetData")], last)[first - 1:]
    excel = sum(column_points(w) for w in widths if w)
    here = sum(digit_points * w for w in widths if w)
    if here <= excel:
        return sheet
    scale = max(MIN_SCALE, math.floor(int(found.group(1)) * excel / here))
    return sheet[: found.start(1)] + str(scale).encode() + sheet[found.end(1):]


def _digit_points() -> float | None:
    """How wide LibreOffice draws a digit of Calibri 11: None when it draws as Excel
    does (Calibri or its metric twin Carlito is installed), else its stand-in's width."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        found = subprocess.run([fc_match, "-f", "%{family}", "Calibri"], capture_output=True, text=True,
                               check=False).stdout
        if "Calibri" in found or "Carlito" in found:
            return None
    return STAND_IN_DIGIT_POINTS


def print_copy(xlsx: Path, target: Path, sheets: Sequence[str] | None = None) -> Path:
    """A copy of `xlsx` made to print: only `sheets` visible (all when None), each
    sheet's explicit scale fitted to this renderer's fonts. The workbook itself is
    left as it is: its page setup is Excel's."""
    digit_points = _digit_points()
    with Package(xlsx) as package:
        part = package.workbook_part
        workbook = parse_xml(package.read(part))
        _show_only(workbook, sheets)
        areas = _print_names(workbook)
        parts = {info.part: areas.get(index) for index, info in enumerate(package.sheets) if info.part}
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in package.zip.infolist():
                data = package.read(info.filename)
                if info.filename == part:
                    data = etree.tostring(workbook, xml_declaration=True, encoding="UTF-8", standalone=True)
                elif info.filename in parts and digit_points is not None:
                    data = _renderer_scale(data, parts[info.filename], digit_points)
                out.writestr(info, data)
    return target


def page_images(pdf: Path, workbook: Path, out_dir: Path, resolution: int = PREVIEW_DPI) -> list[Path]:
    """A PNG of every printed page: the PDF's through pdftoppm when installed, else
    LibreOffice's own PNG export of the workbook (its active sheet's first page only;
    the Debian LibreOffice has no PDF import to read the PDF back)."""
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        stem = Path(out_dir) / "page"
        subprocess.run([pdftoppm, "-png", "-r", str(resolution), str(pdf), str(stem)],
                       capture_output=True, timeout=TIMEOUT, check=False)
        pages = sorted(Path(out_dir).glob("page-*.png"))
        if pages:
            return pages
    return [convert(workbook, "png:calc_png_Export", out_dir, "png")]


def print_workbook(xlsx: Path, sheets: Sequence[str] | None = None, resolution: int = PREVIEW_DPI,
                   pictures: bool = True) -> Printout:
    """The PDF of `sheets` of a workbook file (all when None; recalculated on load,
    French number and date display) and (`pictures`) a PNG of each page."""
    with tempfile.TemporaryDirectory(prefix="sicxl-pdf-") as folder:
        work = print_copy(Path(xlsx), Path(folder) / Path(xlsx).name, sheets)
        pdf = convert(work, "pdf:calc_pdf_Export", Path(folder), "pdf", locale=PRINT_LOCALE)
        pages = page_images(pdf, work, Path(folder) / "png", resolution) if pictures else []
        return Printout(pdf.read_bytes(), [page.read_bytes() for page in pages])


def pdf_converter(workbook: Path) -> Callable[..., Printout]:
    """What the shell passes to a job as `ctx.print_pdf`: a function that applies the
    job's writes to a temporary copy of `workbook` and prints `sheets` (with a picture
    of each page unless `pictures` is False)."""

    def converter(writes: Writes, sheets: Sequence[str], pictures: bool = True) -> Printout:
        from sicxl.workbook.packager import write_package

        with tempfile.TemporaryDirectory(prefix="sicxl-print-") as folder:
            written = Path(folder) / Path(workbook).with_suffix(".xlsx").name
            write_package(Path(workbook), writes, written)
            return print_workbook(written, sheets, pictures=pictures)

    return converter


def write_printout(xlsx: Path, out_dir: Path, sheets: Sequence[str] | None = None,
                   resolution: int = PREVIEW_DPI) -> tuple[Path, list[Path]]:
    """`print_workbook` into files: <out_dir>/<name>.pdf and <out_dir>/<name>_pages/page_NN.png."""
    printout = print_workbook(xlsx, sheets, resolution)
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / f"{Path(xlsx).stem}.pdf"
    pdf.write_bytes(printout.pdf)
    folder = out_dir / f"{Path(xlsx).stem}_pages"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("page_*.png"):  # a previous printout's pages
        old.unlink()
    width = len(str(len(printout.pages)))
    pages = []
    for number, png in enumerate(printout.pages, start=1):
        pages.append(folder / f"page_{number:0{width}d}.png")
        pages[-1].write_bytes(png)
    return pdf, pages


def main(argv: Sequence[str] | None = None) -> int:
    """python -m sicxl.workbook.convert CLASSEUR [--sheet FEUILLE]... [--out DOSSIER] [--dpi N]"""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sicxl.workbook.convert", description=msg.HELP_PRINT)
    parser.add_argument("workbook", type=Path, help=msg.HELP_WORKBOOK)
    parser.add_argument("--sheet", action="append", dest="sheets", help=msg.HELP_SHEETS)
    parser.add_argument("--out", type=Path, help=msg.HELP_OUT)
    parser.add_argument("--dpi", type=int, default=PREVIEW_DPI, help=msg.HELP_DPI)
    args = parser.parse_args(argv)
    try:
        pdf, pages = write_printout(args.workbook, args.out or args.workbook.parent, args.sheets, args.dpi)
    except (ConversionError, OSError) as error:
        print(error)
        return 2
    print(msg.printed(pdf, len(pages), pages[0].parent if pages else pdf.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
