"""The Office.js add-in's server: `uvicorn addin.server:app`.

The endpoints of xlwings Server that Excel's add-in calls (custom functions'
metadata, code and calls; ribbon scripts), each behind a token check, plus the
manifest and the few static pages the add-in loads (task pane, ribbon commands).

The xlwings server-side parts (xlwings.server) are dual-licensed: set
XLWINGS_LICENSE_KEY=noncommercial for noncommercial use, an xlwings PRO key
otherwise. XLWINGS_ON_SERVER=true makes `xw.func`/`xw.script` the server's.
"""

from __future__ import annotations

import hmac
import inspect
import json
import os
from pathlib import Path
from textwrap import dedent
from typing import Annotated, Any

os.environ.setdefault("XLWINGS_ON_SERVER", "true")  # before xlwings is imported: the server's decorators

import xlwings as xw
import xlwings.server
from fastapi import Body, Depends, FastAPI, Header, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from addin import functions, scripts
from addin.speed import patch_jsnull
from sicxl.jobs import load_jobs
from sicxl.messages import addin as addin_msg

HERE = Path(__file__).parent
STATIC = HERE / "static"
CALL_PATH = "/xlwings/custom-functions-call"
TOKEN_VARIABLE = "SICXL_TOKEN"
BASE_URL_PLACEHOLDER = "https://localhost:8000"  # in manifest.xml and the static pages

patch_jsnull()


def check_token(authorization: str | None = Header(default=None)) -> None:
    """The add-in sends the shared token in `Authorization`; anything else is refused."""
    expected = os.environ.get(TOKEN_VARIABLE)
    if not expected:
        raise HTTPException(503, f"Le serveur n'a pas de jeton : définissez {TOKEN_VARIABLE}.")
    if not authorization or not hmac.compare_digest(authorization.encode(), expected.encode()):
        raise HTTPException(401, "Jeton absent ou incorrect.")


app = FastAPI(title="sicxl: add-in Excel")
app.mount("/static", StaticFiles(directory=STATIC), name="static")
guarded = [Depends(check_token)]


@app.get("/xlwings/custom-functions-meta")
@app.get("/xlwings/custom-functions-meta.json")
def custom_functions_meta() -> dict[str, Any]:
    """What Excel registers: names, French descriptions, parameters (public, like the manifest)."""
    return xlwings.server.custom_functions_meta(functions)


@app.get("/xlwings/custom-functions-code")
@app.get("/xlwings/custom-functions-code.js")
def custom_functions_code() -> Response:
    """The JavaScript that forwards each function call to this server.

    `xlwings.server.custom_functions_code` reads a template that the xlwings
    0.37 wheel does not ship, so the forwarding code is ours (static/
    custom-functions.js) and the per-function stubs are generated here from the
    same `__xlfunc__` metadata."""
    js = (STATIC / "custom-functions.js").read_text(encoding="utf-8")
    js = js.replace("placeholder_xlwings_version", xw.__version__).replace("placeholder_call_path", CALL_PATH)
    for name, function in inspect.getmembers(functions, lambda f: hasattr(f, "__xlfunc__")):
        js += dedent(f"""\
            async function {name}() {{
              return await callPython("{name}", Array.prototype.slice.call(arguments));
            }}
            CustomFunctions.associate("{name.upper()}", {name});
            """)
    return Response(js, media_type="text/javascript")


@app.post(CALL_PATH, dependencies=guarded)
async def custom_functions_call(data: Annotated[dict, Body()]) -> dict[str, Any]:
    return {"result": await xlwings.server.custom_functions_call(data, functions)}


@app.get("/xlwings/custom-scripts-meta", dependencies=guarded)
def custom_scripts_meta() -> list[dict[str, Any]]:
    return xlwings.server.custom_scripts_meta(scripts)


@app.post("/xlwings/custom-scripts-call/{script_name}", dependencies=guarded)
async def custom_scripts_call(script_name: str, data: Annotated[dict, Body()]) -> dict[str, Any]:
    if not hasattr(getattr(scripts, script_name, None), "__xlscript__"):
        raise HTTPException(404, f"Script inconnu : {script_name}.")
    book = xw.Book(json=data)
    try:
        book = await xlwings.server.custom_scripts_call(scripts, script_name, typehint_to_value={xw.Book: book})
        return book.json()
    finally:
        book.close()


@app.get("/xlwings/alert", response_class=HTMLResponse)
def alert(prompt: str = "", title: str = "") -> str:
    """The dialog Office.js opens for book.app.alert (the end-of-run message)."""
    page = (STATIC / "alert.html").read_text(encoding="utf-8")
    return page.replace("{{TITLE}}", _html(title)).replace("{{PROMPT}}", _html(prompt))


def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "<br>"))


def _with_base_url(path: Path, request: Request) -> str:
    """Office needs absolute https URLs: the manifest and pages name this server."""
    base = str(request.base_url).rstrip("/")
    return path.read_text(encoding="utf-8").replace(BASE_URL_PLACEHOLDER, base)


def ribbon_xml() -> tuple[str, str]:
    """The ribbon's groups and buttons (ExecuteFunction = the job name, see static/sic.js)
    and their labels, from scripts.RIBBON and the jobs' French labels."""
    jobs = load_jobs()
    icon = ('<Icon><bt:Image size="16" resid="Icon.16x16" /><bt:Image size="32" resid="Icon.32x32" />'
            '<bt:Image size="80" resid="Icon.80x80" /></Icon>')
    groups, strings = [], []
    for group, names in scripts.RIBBON.items():
        controls = "".join(
            f'<Control xsi:type="Button" id="sic.{name}"><Label resid="Job.{name}" />'
            f'<Supertip><Title resid="Job.{name}" /><Description resid="Job.{name}" /></Supertip>{icon}'
            f'<Action xsi:type="ExecuteFunction"><FunctionName>{name}</FunctionName></Action></Control>'
            for name in names)
        groups.append(f'<Group id="sic.{group}"><Label resid="Group.{group}" />{icon}{controls}</Group>')
        strings.append(f'<bt:String id="Group.{group}" DefaultValue="{_html(addin_msg.GROUPS[group])}" />')
        strings.extend(f'<bt:String id="Job.{name}" DefaultValue="{_html(jobs[name].label[:125])}" />'
                       for name in names)
    return "\n".join(groups), "\n".join(strings)


@app.get("/manifest.xml")
def manifest(request: Request) -> Response:
    groups, strings = ribbon_xml()
    xml = _with_base_url(HERE / "manifest.xml", request)
    xml = xml.replace("<!-- SIC_GROUPS -->", groups).replace("<!-- SIC_STRINGS -->", strings)
    return Response(xml, media_type="application/xml")


@app.get("/taskpane.html", response_class=HTMLResponse)
def taskpane(request: Request) -> str:
    """The task pane, also the add-in's shared runtime (ribbon commands and functions)."""
    jobs = [name for names in scripts.RIBBON.values() for name in names]
    return _with_base_url(STATIC / "taskpane.html", request).replace("SIC_JOBS_PLACEHOLDER", json.dumps(jobs))
