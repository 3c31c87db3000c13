"""The classic ribbon's single callback: `dispatch(control_id)` runs the job of the
button on the workbook that called it (xw.Book.caller()), through addin.scripts.run_job:
the same job code, the same writes adapter, the same French message as Office.js."""

from __future__ import annotations

import xlwings as xw

from addin.scripts import BUTTON_PREFIX, RIBBON_JOBS, run_job
from sicxl.messages import addin as msg


def dispatch(control_id: str) -> None:
    book = xw.Book.caller()
    name = control_id.removeprefix(BUTTON_PREFIX)
    if name not in RIBBON_JOBS:
        book.app.alert(msg.UNKNOWN_BUTTON.format(name=control_id), title=msg.TITLE)
        return
    run_job(book, name)
