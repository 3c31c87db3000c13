"""Time one SIC_SCORE call over 10,000 rows through xlwings' custom_functions_call,
against the core scoring of the same rows in the same run.

    XLWINGS_LICENSE_KEY=noncommercial python -m bench.addin_bench      (from the repository root)

Target (issue 3): at most 3x the core, and under 100 ms in-process.
"""

from __future__ import annotations

import asyncio
import os
import random
import time

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings as xw
import xlwings.server

from addin import functions
from addin.speed import patch_jsnull
from sicxl.formulas import prospects
from sicxl.samples.prospects import commune_rows

ROWS = 10_000
RUNS = 5


def rows() -> list[list]:
    """10,000 realistic rows of the six first score inputs (population ... energy provider)."""
    records = commune_rows(random.Random(3), 200)
    keys = prospects.SCORE_INPUTS[:6]
    return [[records[i % len(records)].get(k) for k in keys] for i in range(ROWS)]


def best(function) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    data = rows()
    body = {"client": "Office.js", "func_name": "score", "args": [data], "caller_address": "[p.xlsx]Prospects!AD2",
            "culture_info_name": "fr-FR", "date_format": None, "version": xw.__version__, "runtime": "1.4"}
    call = lambda: asyncio.run(xlwings.server.custom_functions_call(body, functions))
    core = best(lambda: prospects.score(data))
    unpatched = best(call)
    patch_jsnull()
    patched = best(call)
    assert call() == [[v] for [v] in prospects.score(data)]
    print(f"core sicxl.formulas.prospects.score, {ROWS} x 6: {core * 1000:.1f} ms")
    print(f"SIC_SCORE via custom_functions_call, xlwings as shipped: {unpatched * 1000:.1f} ms "
          f"({unpatched / core:.1f}x the core)")
    print(f"SIC_SCORE via custom_functions_call, is_jsnull patched: {patched * 1000:.1f} ms "
          f"({patched / core:.1f}x the core)")


if __name__ == "__main__":
    main()
