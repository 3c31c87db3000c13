"""Speed of the add-in's cell functions and ribbon, in ratios against a baseline run in
this same process (machines are noisy: medians of several runs).

    XLWINGS_LICENSE_KEY=noncommercial python -m bench.addin_bench [--repeat 5]   (repository root)

1. SIC_SCORE over 10,000 rows through xlwings' custom_functions_call (what the
   server and xlwings Lite run), against the core scoring of the same rows
   (issue 3: at most 3x the core, under 100 ms).
2. Whole columns (issue 16): =SIC.SCORE(J:O), a 1,048,576-row argument whose first
   500 rows are filled, against =SIC.SCORE(J1:O500), through the same call: the
   empty tail is cut before xlwings cleans a cell (addin/ranges.py). And the
   add-in's JavaScript cutting it in node before the call leaves Excel, so that
   the server is sent the 500 rows only.
3. Ribbon round trips (issue 16): the dashboard job on the sample workbook, clicked
   in node with the add-in's own JavaScript over the Office.js stub of the tests,
   against the real server: `context.sync()` calls counted, beside the actions
   the server returned (the script used to sync once per action).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("SICXL_TOKEN", "jeton-du-banc")

import xlwings as xw
import xlwings.server

from addin import functions
from addin.speed import patch_jsnull
from sicxl.formulas import prospects
from sicxl.samples.prospects import commune_rows

ROOT = Path(__file__).resolve().parents[1]
ROWS = 10_000
FILLED = 500
COLUMN = 1_048_576


def rows(count: int) -> list[list]:
    """Realistic rows of the six first score inputs (population ... energy provider)."""
    records = commune_rows(random.Random(3), 200)
    keys = prospects.SCORE_INPUTS[:6]
    return [[records[i % len(records)].get(k) for k in keys] for i in range(count)]


def median_time(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def call(data: list[list]) -> Callable[[], list]:
    body = {"client": "Office.js", "func_name": "score", "args": [data], "caller_address": "[p.xlsx]Prospects!AD2",
            "culture_info_name": "fr-FR", "date_format": None, "version": xw.__version__, "runtime": "1.4"}
    return lambda: asyncio.run(xlwings.server.custom_functions_call(body, functions))


def score_call(repeat: int) -> None:
    data = rows(ROWS)
    core = median_time(lambda: prospects.score(data), repeat)
    unpatched = median_time(call(data), repeat)
    patch_jsnull()
    patched = median_time(call(data), repeat)
    assert call(data)() == [[v] for [v] in prospects.score(data)]
    print(f"core sicxl.formulas.prospects.score, {ROWS} x 6: {core * 1000:.1f} ms")
    print(f"SIC_SCORE via custom_functions_call, xlwings as shipped: {unpatched * 1000:.1f} ms "
          f"({unpatched / core:.1f}x the core)")
    print(f"SIC_SCORE via custom_functions_call, is_jsnull patched: {patched * 1000:.1f} ms "
          f"({patched / core:.1f}x the core)")


# custom-functions.js evaluated in a function scope (node's vm contexts resolve globals
# through interceptors, ten times slower than a browser page does).
JS_TRIM = r"""
const source = require("node:fs").readFileSync(process.argv[1], "utf8");
const context = { sicTrim: new Function("Office", `${source}; return sicTrim;`)({ onReady: () => {} }) };
const filled = JSON.parse(process.argv[2]);
const column = filled.concat(Array.from({ length: Number(process.argv[3]) - filled.length }, () => filled[0].map(() => null)));
const time = (arg) => {
  const runs = [];
  for (let i = 0; i < 7; i += 1) {
    const start = process.hrtime.bigint();
    const cut = context.sicTrim(arg);
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (cut.length !== filled.length) throw new Error("not trimmed");
  }
  return runs.sort((a, b) => a - b)[3];
};
console.log(JSON.stringify({ filled: time(filled), column: time(column) }));
"""


def whole_column(repeat: int) -> None:
    patch_jsnull()
    filled = rows(FILLED)
    column = filled + [[None] * 6 for _ in range(COLUMN - FILLED)]
    assert call(column)() == call(filled)()
    short = median_time(call(filled), repeat)
    whole = median_time(call(column), repeat)
    print(f"=SIC.SCORE(J1:O{FILLED}) via custom_functions_call: {short * 1000:.1f} ms")
    print(f"=SIC.SCORE(J:O), {COLUMN:,} rows of which {FILLED} filled: {whole * 1000:.1f} ms "
          f"({whole / short:.2f}x J1:O{FILLED})")
    node = shutil.which("node")
    if node is None:
        print("node absent: the JavaScript side is not measured")
        return
    done = subprocess.run([node, "-e", JS_TRIM, str(ROOT / "addin" / "static" / "custom-functions.js"),
                           json.dumps(filled), str(COLUMN)], capture_output=True, text=True, check=True)
    js = json.loads(done.stdout)
    print(f"the add-in's JavaScript cutting the empty rows before sending: {js['column']:.1f} ms for J:O, "
          f"{js['filled']:.3f} ms for J1:O{FILLED}; the server then receives the same {FILLED} rows")


def ribbon_round_trips() -> None:
    from fastapi.testclient import TestClient

    from addin.server import app
    from tests.addin.live import NODE, live_server, run_addin
    from tests.addin.payloads import book_call_of, office_sheets

    workbook = ROOT / "workbooks" / "exemple_tableau_de_bord.xlsx"
    token = os.environ["SICXL_TOKEN"].split(",")[0].strip()
    answer = TestClient(app).post("/xlwings/custom-scripts-call/run_dashboard", json=book_call_of(workbook),
                                  headers={"Authorization": token})
    actions = len(answer.json()["actions"])
    if NODE is None:
        print(f"dashboard job: {actions} actions (node absent: round trips not counted)")
        return
    with live_server() as origin:
        steps = [{"do": "signIn", "token": token}, {"do": "click", "job": "dashboard"}]
        click = run_addin(origin, office_sheets(workbook), steps)["results"][1]
    print(f"dashboard job from the ribbon: {actions} actions, {click['syncs']} round trips to Excel "
          f"(context.sync) in all, reading the workbook included; one sync per action would be {actions + 3}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    score_call(repeat)
    whole_column(repeat)
    ribbon_round_trips()


if __name__ == "__main__":
    main()
