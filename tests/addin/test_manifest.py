"""The manifest Office reads and the classic add-in's ribbon, checked as Office
would: against Microsoft's XML schemas (tests/addin/data/schemas), then by the
rules the schemas cannot express (Microsoft's manifest reference and the
manifest converter's checks): every resource reference defined, of the kind
its element needs; ids unique; every URL https, on the server, and served."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import xmlschema
from fastapi.testclient import TestClient
from lxml import etree

from addin.classic import build_xlam
from addin.scripts import RIBBON_JOBS
from addin.server import app, page_settings
from sicxl.messages import addin as msg

SCHEMAS = Path(__file__).with_name("data") / "schemas"
BASE = "https://sic.example.fr"
NS = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
      "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
      "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
      "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
# The resource kind each referencing element needs (Microsoft's manifest reference; the
# manifest converter warns on a Supertip Description pointing at a ShortString).
RESOURCE_KINDS = {"Label": "ShortStrings", "Title": "ShortStrings", "Namespace": "ShortStrings",
                  "Description": "LongStrings", "Image": "Images", "SourceLocation": "Urls",
                  "Runtime": "Urls", "FunctionFile": "Urls"}
RESID_LENGTH = 32  # "resid ... can be no more than 32 characters"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app, base_url=BASE)


@pytest.fixture(scope="module")
def manifest(client) -> etree._Element:
    response = client.get("/manifest.xml")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    return etree.fromstring(response.content)


def schema_errors(schema: str, root: etree._Element) -> list[str]:
    validator = xmlschema.XMLSchema10(str(SCHEMAS / schema))
    return [f"{e.path}: {e.reason}" for e in validator.iter_errors(etree.tostring(root).decode())]


def without_runtimes(root: etree._Element) -> etree._Element:
    """The manifest minus <Runtimes>, which postdates the schemas (see their README)."""
    copy = etree.fromstring(etree.tostring(root))
    for runtimes in copy.iter(f"{{{NS['ov']}}}Runtimes"):
        runtimes.getparent().remove(runtimes)
    return copy


def resources(root: etree._Element) -> dict[str, str]:
    """resource id -> its kind (ShortStrings, LongStrings, Images, Urls)."""
    found = {}
    for kind in ("ShortStrings", "LongStrings", "Images", "Urls"):
        for element in root.iterfind(f".//bt:{kind}/*", NS):
            assert element.get("id") not in found, f"resource {element.get('id')} defined twice"
            found[element.get("id")] = kind
    return found


def resource_problems(root: etree._Element) -> list[str]:
    """Every resid defined, in the kind its element needs, at most 32 characters."""
    defined = resources(root)
    problems = []
    for element in root.iter():
        resid = element.get("resid")
        if resid is None:
            continue
        name = etree.QName(element).localname
        if len(resid) > RESID_LENGTH:
            problems.append(f"{resid}: longer than {RESID_LENGTH} characters")
        if resid not in defined:
            problems.append(f"{name} {resid}: not defined")
        elif defined[resid] != RESOURCE_KINDS[name]:
            problems.append(f"{name} {resid}: a {defined[resid]} resource, {RESOURCE_KINDS[name]} needed")
    return problems


def duplicated_ids(root: etree._Element) -> list[str]:
    counts = Counter(e.get("id") for e in root.iter() if e.get("id") is not None)
    return [i for i, n in counts.items() if n > 1]


def test_manifest_is_valid_against_microsofts_schemas(manifest):
    assert schema_errors("OfficeAppManifestV1_1.xsd", without_runtimes(manifest)) == []


def test_the_schemas_do_catch_a_broken_manifest(manifest):
    broken = etree.fromstring(etree.tostring(manifest))
    broken.find(".//bt:ShortStrings/bt:String", NS).set("DefaultValue", "x" * 126)
    broken.find(".//ov:Control", NS).remove(broken.find(".//ov:Control/ov:Label", NS))
    errors = schema_errors("OfficeAppManifestV1_1.xsd", without_runtimes(broken))
    assert any("ShortString" in e or "125" in e or "length" in e for e in errors)
    assert any("Label" in e or "Supertip" in e for e in errors)


def test_every_resource_is_defined_in_the_kind_its_element_needs(manifest):
    assert resource_problems(manifest) == []
    used = {e.get("resid") for e in manifest.iter() if e.get("resid")}
    assert set(resources(manifest)) == used  # and nothing is defined that nothing uses


def test_tooltips_are_long_strings_and_a_short_string_description_is_caught(manifest):
    tips = manifest.findall(".//ov:Supertip/ov:Description", NS)
    assert len(tips) == len(RIBBON_JOBS) + 1  # every job and the sign-in button
    assert all(resources(manifest)[t.get("resid")] == "LongStrings" for t in tips)
    old_style = etree.fromstring(etree.tostring(manifest))  # the manifest as issue 16 found it
    old_style.find(".//ov:Supertip/ov:Description", NS).set("resid", "Group.prospects")
    assert any("LongStrings needed" in p for p in resource_problems(old_style))


def test_ids_are_unique(manifest):
    assert duplicated_ids(manifest) == []
    ids = {e.get("id") for e in manifest.iterfind(".//ov:Group", NS)} | {
        e.get("id") for e in manifest.iterfind(".//ov:Control", NS)}
    assert {"sic.group.dashboard", "sic.dashboard", "sic.group.survey", "sic.survey", "sic.signin"} <= ids


def test_every_url_is_https_on_the_server_and_served(client, manifest):
    urls = [e.get("DefaultValue") for e in manifest.iter() if (e.get("DefaultValue") or "").startswith(("http:", "https:"))]
    urls += [e.text for e in manifest.iterfind(".//o:AppDomain", NS)]
    assert len(urls) >= 10
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme == "https" and f"{parts.scheme}://{parts.netloc}" == BASE, url
        if parts.path:
            response = client.get(parts.path)
            assert response.status_code == 200, url
    kinds = {urlsplit(e.get("DefaultValue")).path: e for e in manifest.iterfind(".//bt:Images/bt:Image", NS)}
    assert all(client.get(path).headers["content-type"] == "image/png" for path in kinds)


def test_one_shared_runtime_for_pane_ribbon_and_functions(manifest):
    """Microsoft's rules for <Runtimes> (the one element newer than the schemas): one
    runtime, long-lived, whose page is the task pane, the function file, the custom
    functions' page and what the Connexion button shows."""
    runtimes = manifest.findall(".//ov:Runtimes/ov:Runtime", NS)
    assert len(runtimes) == 1 and runtimes[0].get("lifetime") == "long"
    page = runtimes[0].get("resid")
    assert manifest.find(".//ov:FunctionFile", NS).get("resid") == page
    assert manifest.find(".//ov:ExtensionPoint[@xsi:type='CustomFunctions']/ov:Page/ov:SourceLocation",
                         NS).get("resid") == page
    shown = manifest.findall(".//ov:Action[@xsi:type='ShowTaskpane']/ov:SourceLocation", NS)
    assert [s.get("resid") for s in shown] == [page]
    assert urlsplit(manifest.find(f".//bt:Url[@id='{page}']", NS).get("DefaultValue")).path == "/taskpane.html"
    assert manifest.find(".//o:Requirements//o:Set[@Name='SharedRuntime']", NS) is not None


def test_buttons_run_the_scripts_the_task_pane_knows(manifest):
    functions = [e.text for e in manifest.iterfind(".//ov:Action[@xsi:type='ExecuteFunction']/ov:FunctionName", NS)]
    assert functions == list(RIBBON_JOBS)
    assert list(page_settings()["scripts"]) == functions
    sign_in = manifest.find(".//ov:Control[@id='sic.signin']", NS)
    labels = {e.get("id"): e.get("DefaultValue") for e in manifest.iterfind(".//bt:String", NS)}
    assert labels[sign_in.find("ov:Label", NS).get("resid")] == msg.SIGN_IN


def test_classic_ribbon_is_valid_against_the_customui_schema():
    root = etree.fromstring(build_xlam.ribbon_xml().encode())
    assert schema_errors("customUI14.xsd", root) == []
    assert duplicated_ids(root) == []
    twice = etree.fromstring(build_xlam.ribbon_xml().encode())  # the ids issue 16 found
    twice.find(".//{*}group[@id='sic.group.dashboard']").set("id", "sic.dashboard")
    assert any("sic.dashboard" in e for e in schema_errors("customUI14.xsd", twice))


def test_every_classic_callback_is_a_sub_of_the_bas_module():
    root = etree.fromstring(build_xlam.ribbon_xml().encode())
    callbacks = {value for e in root.iter() for name, value in e.attrib.items() if name.startswith(("on", "get"))}
    bas = (build_xlam.HERE / "SicDispatch.bas").read_text(encoding="utf-8")
    subs = set(re.findall(r"^Sub (\w+)\(control As IRibbonControl\)", bas, re.M))
    assert callbacks == {build_xlam.CALLBACK} and callbacks <= subs
