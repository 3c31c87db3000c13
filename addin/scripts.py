"""The ribbon's scripts: one per job, run on the open workbook.

Each button builds a `MemorySource` from the book's sheets, runs the job of
the same name through the job registry (the code the command line runs), applies
the returned writes to the book and ends with a short French message: what
changed, how many anomalies. Works for xlwings Server (Office.js) and xlwings Lite.
"""

from __future__ import annotations

import datetime as dt
import logging

import xlwings as xw

from addin.book_writer import apply_writes, book_source
from sicxl.jobs import load_jobs
from sicxl.jobs.base import Context, JobResult
from sicxl.messages import addin as msg

logger = logging.getLogger(__name__)

# Ribbon groups and their buttons (job names), in ribbon order: read by the
# manifest builder and the classic ribbon.
RIBBON = {
    "prospects": ("fill", "validate", "dedupe", "score", "qualify"),
    "campaigns": ("calls", "funnel", "agenda", "tenders"),
    "dashboard": ("dashboard",),
    "survey": ("sample", "survey"),
    "events": ("invite", "followup"),
}


def summary(result: JobResult, charts_left: int) -> str:
    """The end-of-run message: the job's report, cells written, what is left to the command line."""
    lines = [result.report.text() or msg.NOTHING_WRITTEN]
    if result.writes:
        lines.append(msg.cells_written(result.writes.cell_count))
    if result.exports:
        lines.append(msg.exports_left([e.name for e in result.exports]))
    if charts_left:
        lines.append(msg.charts_left(charts_left))
    return "\n".join(lines)


def run_job(book: xw.Book, name: str, today: dt.date | None = None) -> str:
    """Run job `name` on `book`, apply its writes, tell the user."""
    job = load_jobs()[name]
    try:
        result = job.run(book_source(book), Context(today=today or dt.date.today()))
        text = summary(result, apply_writes(book, result.writes))
    except Exception as error:
        logger.exception("job %s failed from the ribbon", name)
        text = msg.JOB_FAILED.format(reason=error)
    book.app.alert(text, title=f"{msg.TITLE} : {job.label}")
    return text


@xw.script
def fill(book: xw.Book):
    run_job(book, "fill")


@xw.script
def validate(book: xw.Book):
    run_job(book, "validate")


@xw.script
def dedupe(book: xw.Book):
    run_job(book, "dedupe")


@xw.script
def score(book: xw.Book):
    run_job(book, "score")


@xw.script
def qualify(book: xw.Book):
    run_job(book, "qualify")


@xw.script
def calls(book: xw.Book):
    run_job(book, "calls")


@xw.script
def funnel(book: xw.Book):
    run_job(book, "funnel")


@xw.script
def agenda(book: xw.Book):
    run_job(book, "agenda")


@xw.script
def tenders(book: xw.Book):
    run_job(book, "tenders")


@xw.script
def dashboard(book: xw.Book):
    run_job(book, "dashboard")


@xw.script
def sample(book: xw.Book):
    run_job(book, "sample")


@xw.script
def survey(book: xw.Book):
    run_job(book, "survey")


@xw.script
def invite(book: xw.Book):
    run_job(book, "invite")


@xw.script
def followup(book: xw.Book):
    run_job(book, "followup")
