"""Assemble the classic desktop add-in `sic.xlam`, on any OS.

    python -m addin.classic.build_xlam dist/          # writes dist/sic.xlam

1. `xlwings quickstart sic --addin --ribbon` in a temporary folder: it only
   copies xlwings' template add-in (its VBA project holds the xlwings module
   that provides RunPython), so it runs on Linux.
2. The template's ribbon part (customUI/customUI.xml, Office 2007 schema, whose
   buttons call the template's demo macro) is replaced by ours: customUI/
   customUI14.xml (Office 2010+ schema) from `ribbon_xml()`, i.e. ribbon.xml,
   with its package relationship. `.xml` parts need no content-type override:
   the template declares the `xml` default.

What still needs Excel on Windows, once (see docs/addin.md): import
SicDispatch.bas into the add-in's VBA project (the ribbon's one callback), set
the xlwings `UDF Modules` to `addin.classic.udfs` and import the functions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

from addin.scripts import RIBBON, button_id, group_id
from sicxl.jobs import load_jobs
from sicxl.messages import addin as msg

NAME = "sic"
HERE = Path(__file__).parent
RIBBON_FILE = HERE / "ribbon.xml"
PART = "customUI/customUI14.xml"
OLD_PART = "customUI/customUI.xml"
CALLBACK = "SicDispatch"  # the one VBA callback of the ribbon, in SicDispatch.bas
EXTENSIBILITY = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
IMAGES = {"prospects": "ContactCard", "campaigns": "PhoneCall", "dashboard": "ChartTypeColumnInsertGallery",
          "survey": "ReviewShareWorkbook", "events": "MeetingsWorkspace"}


def ribbon_xml() -> str:
    """The SIC tab: one group per area, one button per job, all calling SicDispatch."""
    jobs = load_jobs()
    groups = []
    for group, names in RIBBON.items():
        buttons = "\n".join(
            f'          <button id="{button_id(name)}" label={quoteattr(jobs[name].label)} size="large" '
            f'imageMso="{IMAGES[group]}" screentip={quoteattr(jobs[name].label)} '
            f'supertip={quoteattr(msg.JOB_TIPS[name])} onAction="{CALLBACK}" />' for name in names)
        groups.append(f'        <group id="{group_id(group)}" label={quoteattr(msg.GROUPS[group])}>\n{buttons}\n'
                      "        </group>")
    body = "\n".join(groups)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui">\n'
            "  <ribbon>\n    <tabs>\n"
            f'      <tab id="sic.tab" label="{msg.TAB}">\n{body}\n      </tab>\n'
            "    </tabs>\n  </ribbon>\n</customUI>\n")


def _relationships(rels: str) -> str:
    """The package relationships with the ribbon pointing at customUI14.xml."""
    rels = re.sub(r'<Relationship [^>]*Target="/?customUI/customUI(14)?\.xml"\s*/>', "", rels)
    return rels.replace("</Relationships>",
                        f'<Relationship Id="sicRibbon" Type="{EXTENSIBILITY}" Target="{PART}" /></Relationships>')


def with_ribbon(template: Path, target: Path, ribbon: str) -> None:
    """Copy the package part by part, swapping the ribbon part and its relationship."""
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename == OLD_PART:
                continue
            data = source.read(item.filename)
            if item.filename == "_rels/.rels":
                data = _relationships(data.decode("utf-8")).encode("utf-8")
            out.writestr(item, data)
        out.writestr(PART, ribbon.encode("utf-8"))


def build(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        xlwings = Path(sys.executable).with_name("xlwings")
        subprocess.run([str(xlwings) if xlwings.exists() else "xlwings", "quickstart", NAME, "--addin", "--ribbon"],
                       cwd=temp, check=True, capture_output=True)
        target = folder / f"{NAME}.xlam"
        with_ribbon(Path(temp) / NAME / f"{NAME}.xlam", target, ribbon_xml())
    shutil.copyfile(HERE / "SicDispatch.bas", folder / "SicDispatch.bas")
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "dist")))
