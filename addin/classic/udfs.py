"""The classic desktop add-in's functions (Windows, local Python, xlwings COM):
=SIC_SCORE(A1:AA500) etc. Set `UDF Modules` to `addin.classic.udfs` in the
xlwings ribbon tab (or the xlwings.conf sheet) and click "Import Functions".

They are the functions of the Office.js and Lite add-ins (addin/functions.py)
under the names Excel takes from the Python function, SIC_<NAME>, declared
from the same declaration: the same French parameter names and descriptions,
the same converters (2-D ranges, error cells as their text, trailing empty
rows dropped). So the three shells give the same answer for the same cells.
`expand="table"` makes a column result spill on Excel versions without
dynamic arrays; Excel 365 spills natively.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import xlwings as xw

from addin import functions

SINGLE_CELLS = frozenset({"breakeven", "sample_size", "top2box"})  # one cell, nothing to spill


def classic(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` as the classic add-in declares it: named SIC_<NAME>, same arguments."""

    def udf(*args):  # no annotations: xlwings would read them as converters
        return function(*args)

    udf.__name__ = udf.__qualname__ = f"SIC_{function.__name__.upper()}"
    udf.__doc__ = function.__doc__
    udf.__module__ = __name__
    udf.__signature__ = inspect.signature(function)  # type: ignore[attr-defined]
    for argument in function.__xlfunc__["args"]:
        udf = xw.arg(argument["name"], doc=argument["doc"], **argument["options"])(udf)
    if function.__name__ not in SINGLE_CELLS:
        udf = xw.ret(expand="table")(udf)
    return xw.func(udf)


UDFS = {udf.__name__: udf for udf in map(classic, (f for _, f in inspect.getmembers(functions)
                                                 if hasattr(f, "__xlfunc__")))}
globals().update(UDFS)  # xlwings finds SIC_SCORE... as attributes of this module
