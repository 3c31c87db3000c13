"""The classic desktop add-in: ribbon part, .xlam assembly, dispatcher (no Excel)."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from addin import functions
from addin.classic import build_xlam, udfs
from addin.scripts import RIBBON
from sicxl.formulas import prospects


def test_ribbon_xml_in_the_repository_is_current():
    assert build_xlam.RIBBON_FILE.read_text(encoding="utf-8") == build_xlam.ribbon_xml()


def test_every_button_calls_the_one_dispatcher_with_its_job():
    root = etree.fromstring(build_xlam.ribbon_xml().encode())
    buttons = list(root.iter("{*}button"))
    assert {b.get("onAction") for b in buttons} == {"SicDispatch"}
    assert [b.get("id") for b in buttons] == [f"sic.{n}" for names in RIBBON.values() for n in names]
    bas = (build_xlam.HERE / "SicDispatch.bas").read_text()
    assert "Sub SicDispatch(control As IRibbonControl)" in bas and "d.dispatch('\" & control.Id & \"')" in bas


@pytest.mark.slow
def test_xlam_carries_the_customui14_part_and_its_relationship(tmp_path):
    xlam = build_xlam.build(tmp_path)
    with zipfile.ZipFile(xlam) as package:
        names = package.namelist()
        assert "customUI/customUI14.xml" in names and "customUI/customUI.xml" not in names
        assert "xl/vbaProject.bin" in names  # the xlwings VBA module (RunPython) comes with the template
        rels = etree.fromstring(package.read("_rels/.rels"))
        targets = {r.get("Target"): r.get("Type") for r in rels}
        assert targets["customUI/customUI14.xml"].endswith("/ui/extensibility")
        assert package.read("customUI/customUI14.xml").decode() == build_xlam.ribbon_xml()


def test_classic_udfs_answer_as_the_core():
    rows = [["Population", "Piscines"], [30689, 2], [None, None]]
    assert udfs.SIC_SCORE(rows) == prospects.score(rows)


def test_classic_udfs_are_the_functions_declared_once_under_their_sic_names():
    declared = {name: f for name, f in vars(functions).items() if hasattr(f, "__xlfunc__")}
    assert set(udfs.UDFS) == {f"SIC_{name.upper()}" for name in declared}
    for name, function in declared.items():
        udf = getattr(udfs, f"SIC_{name.upper()}")
        assert udf.__doc__ == function.__doc__
        assert [(a["name"], a["doc"], a["options"]) for a in udf.__xlfunc__["args"]] == [
            (a["name"], a["doc"], a["options"]) for a in function.__xlfunc__["args"]]
        spills = udf.__xlfunc__["ret"]["options"].get("expand") == "table"
        assert spills == (name not in udfs.SINGLE_CELLS)
    assert udfs.SIC_SCORE.__xlfunc__["args"][0]["options"]["err_to_str"] is True
