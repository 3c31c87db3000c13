"""The add-in is tested as Excel's Office.js client talks to it, on Linux.

xlwings picks its server-side decorators and license at import time, so the
environment is set here, before any test module imports xlwings."""

from __future__ import annotations

import os

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
os.environ["SICXL_TOKEN"] = "jeton-de-test"
