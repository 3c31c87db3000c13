"""Converting a workbook with LibreOffice headless: recalculation, PDF, PNG preview.

Used for the printable dashboard (`sicxl dashboard ... --pdf`) and by the tests
that check formulas against a real spreadsheet program. LibreOffice is run
with its own user profile per process (`-env:UserInstallation`), so that
parallel runs do not share a locked profile, and that profile asks for every
formula to be recalculated on load (`OOXMLRecalcMode` = 0: a file written by
sicxl carries no cached results) in the en-US locale. `soffice` exits with 0
even when a conversion fails, so the output file is checked, not the exit code.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from lxml import etree

from sicxl.messages import convert as msg
from sicxl.workbook.package import NS_MAIN, Package, parse_xml
from sicxl.writes import Writes

TIMEOUT = 300  # seconds; a first start with a fresh profile takes a while

_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-US</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>en-US</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


class ConversionError(RuntimeError):
    """A conversion that LibreOffice could not do; the message is French."""


@lru_cache(maxsize=None)
def _profile(pid: int) -> Path:
    """This process's LibreOffice profile, created once (keyed by pid: a forked
    worker gets its own)."""
    folder = Path(tempfile.mkdtemp(prefix=f"sicxl-lo-{pid}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # a profile is ~10 MB: never leave it behind
    user = folder / "user"
    user.mkdir()
    (user / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
    return folder


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ConversionError(msg.soffice_missing())
    return found


def convert(source: Path, target_format: str, out_dir: Path, extension: str | None = None) -> Path:
    """`soffice --headless --convert-to target_format` into `out_dir`; the output path.

    `target_format` is an extension, optionally with a filter ("xlsx:Calc MS Excel 2007 XML").
    """
    extension = extension or target_format.split(":")[0]
    expected = Path(out_dir) / f"{Path(source).stem}.{extension}"
    expected.unlink(missing_ok=True)
    command = [soffice(), f"-env:UserInstallation={_profile(os.getpid()).as_uri()}", "--headless", "--norestore",
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


def keep_visible(xlsx: Path, sheets: Sequence[str]) -> None:
    """Hide every sheet but `sheets` (in place), so that a PDF export prints only them.

    Only `xl/workbook.xml` changes: the `state` of each <sheet> and the active
    tab, which must be a visible sheet.
    """
    with Package(xlsx) as package:
        part = package.workbook_part
        root = parse_xml(package.read(part))
        items = [(info, package.read(info)) for info in package.zip.infolist() if info.filename != part]
    names = list(root.iter(f"{{{NS_MAIN}}}sheet"))
    first_kept = next((i for i, node in enumerate(names) if node.get("name") in sheets), 0)
    for node in names:
        if node.get("name") in sheets:
            node.attrib.pop("state", None)
        else:
            node.set("state", "hidden")
    for view in root.iter(f"{{{NS_MAIN}}}workbookView"):
        view.set("activeTab", str(first_kept))
        view.set("firstSheet", str(first_kept))
    temporary = xlsx.with_name(xlsx.name + ".tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(part, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
        for info, data in items:
            out.writestr(info, data)
    temporary.replace(xlsx)


def preview(pdf: Path, workbook: Path, out_dir: Path) -> Path:
    """A PNG of the first printed page: the PDF's through pdftoppm when installed, else
    LibreOffice's own PNG export of the workbook (its active sheet's first page; the
    Debian LibreOffice has no PDF import to read the PDF back)."""
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        stem = Path(out_dir) / pdf.stem
        subprocess.run([pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                       capture_output=True, timeout=TIMEOUT, check=False)
        png = stem.with_suffix(".png")
        if png.exists():
            return png
    return convert(workbook, "png:calc_png_Export", out_dir, "png")


def print_sheets(xlsx: Path, sheets: Sequence[str]) -> tuple[bytes, bytes]:
    """The PDF of `sheets` of a workbook file (recalculated on load) and a PNG of its first page."""
    with tempfile.TemporaryDirectory(prefix="sicxl-pdf-") as folder:
        work = Path(folder) / Path(xlsx).name
        shutil.copyfile(xlsx, work)
        keep_visible(work, sheets)
        pdf = convert(work, "pdf:calc_pdf_Export", Path(folder), "pdf")
        png = preview(pdf, work, Path(folder) / "png")
        return pdf.read_bytes(), png.read_bytes()


def pdf_converter(workbook: Path) -> Callable[[Writes, Sequence[str]], tuple[bytes, bytes]]:
    """What the shell passes to a job as `ctx.options["pdf_converter"]`: a function that
    applies the job's writes to a temporary copy of `workbook` and prints `sheets`."""

    def converter(writes: Writes, sheets: Sequence[str]) -> tuple[bytes, bytes]:
        from sicxl.workbook.packager import write_package

        with tempfile.TemporaryDirectory(prefix="sicxl-print-") as folder:
            written = Path(folder) / Path(workbook).with_suffix(".xlsx").name
            write_package(Path(workbook), writes, written)
            return print_sheets(written, sheets)

    return converter
