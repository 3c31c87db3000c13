"""The Office.js add-in's server: `uvicorn addin.server:app`.

The endpoints of xlwings Server that Excel's add-in calls (custom functions'
metadata, code and calls; ribbon scripts), each behind a token check, plus the
manifest and the few static pages the add-in loads (task pane, ribbon commands).
Every refusal or failure answers `{"detail": <one French sentence>}`: the
add-in's JavaScript shows that sentence, never the JSON.

Sign-in: one shared token per company (docs/addin.md, "Connexion" and
"Administration"). The server accepts every token listed in SICXL_TOKEN
(separated by commas or spaces), so that a new token can be handed out
while the old one still works, then the old one removed.

The xlwings server-side parts (xlwings.server) are dual-licensed: set
XLWINGS_LICENSE_KEY=noncommercial for noncommercial use, an xlwings PRO key
otherwise. XLWINGS_ON_SERVER=true makes `xw.func`/`xw.script` the server's.
"""

from __future__ import annotations

import hmac
import inspect
import json
import logging
import os
import re
from http import HTTPStatus
from pathlib import Path
from textwrap import dedent
from typing import Annotated, Any

os.environ.setdefault("XLWINGS_ON_SERVER", "true")  # before xlwings is imported: the server's decorators

import xlwings as xw
import xlwings.server
from fastapi import Body, Depends, FastAPI, Header, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from addin import functions, scripts
from addin.manifest import BASE_URL_PLACEHOLDER, manifest_xml
from addin.speed import patch_jsnull
from sicxl.messages import addin as msg

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
STATIC = HERE / "static"
CALL_PATH = "/xlwings/custom-functions-call"
TOKEN_VARIABLE = "SICXL_TOKEN"

patch_jsnull()


def accepted_tokens() -> list[str]:
    """The tokens SICXL_TOKEN lists: during a rotation, the new one and the old one."""
    return [t for t in re.split(r"[\s,]+", os.environ.get(TOKEN_VARIABLE, "")) if t]


def check_token(authorization: str | None = Header(default=None)) -> None:
    """The add-in sends the token in `Authorization`; anything else is refused."""
    tokens = accepted_tokens()
    if not tokens:
        raise HTTPException(503, msg.SERVER_WITHOUT_TOKEN)
    given = (authorization or "").strip().encode()
    if not any(hmac.compare_digest(given, token.encode()) for token in tokens):
        raise HTTPException(401, msg.TOKEN_REFUSED)


app = FastAPI(title="sicxl: add-in Excel")
app.mount("/static", StaticFiles(directory=STATIC), name="static")
guarded = [Depends(check_token)]


@app.exception_handler(StarletteHTTPException)
async def refused(request: Request, error: StarletteHTTPException) -> JSONResponse:
    """Refusals keep their status, with a French sentence: ours are French already; the
    framework's own (an unknown address, a wrong method) say their status in English."""
    detail = error.detail
    if detail == HTTPStatus(error.status_code).phrase:
        detail = msg.NOT_FOUND if error.status_code == 404 else msg.BAD_REQUEST
    return JSONResponse({"detail": detail}, status_code=error.status_code, headers=error.headers)


@app.exception_handler(RequestValidationError)
async def malformed(request: Request, error: RequestValidationError) -> JSONResponse:
    logger.warning("malformed request to %s: %s", request.url.path, error.errors())
    return JSONResponse({"detail": msg.BAD_REQUEST}, status_code=422)


@app.exception_handler(Exception)
async def failed(request: Request, error: Exception) -> JSONResponse:
    logger.error("request to %s failed", request.url.path, exc_info=error)
    return JSONResponse({"detail": msg.SERVER_ERROR}, status_code=500)


@app.get("/token", dependencies=guarded, status_code=204)
def token() -> None:
    """The task pane checks a token here before keeping it."""


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
        raise HTTPException(404, msg.UNKNOWN_SCRIPT.format(name=script_name))
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


def _base_url(request: Request) -> str:
    """Office needs absolute https URLs: the manifest and pages name this server."""
    return str(request.base_url).rstrip("/")


@app.get("/manifest.xml")
def manifest(request: Request) -> Response:
    return Response(manifest_xml(_base_url(request)), media_type="application/xml")


def page_settings() -> dict[str, Any]:
    """What the task pane's scripts need: each ribbon job's script, and every
    sentence they may show (in French, even when the server stops answering)."""
    return {"scripts": {job: scripts.script_of(job) for job in scripts.RIBBON_JOBS},
            "messages": msg.BROWSER_MESSAGES, "page": msg.PAGE}


@app.get("/taskpane.html", response_class=HTMLResponse)
def taskpane(request: Request) -> str:
    """The task pane (sign-in), also the add-in's shared runtime (ribbon commands and functions)."""
    page = (STATIC / "taskpane.html").read_text(encoding="utf-8").replace(BASE_URL_PLACEHOLDER, _base_url(request))
    for key, text in msg.PAGE.items():
        page = page.replace(f"{{{{{key}}}}}", _html(text))
    settings = json.dumps(page_settings(), ensure_ascii=False).replace("</", "<\\/")
    return page.replace("SIC_SETTINGS_PLACEHOLDER", settings)
