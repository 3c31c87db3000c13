"""The ribbon's scripts: one per job, run on the open workbook.

Each button builds a `MemorySource` from the book's sheets, runs the job of
the same name through the job registry (the code the command line runs), applies
the returned writes to the book and ends with a short French message: what
changed, how many anomalies. Works for xlwings Server (Office.js) and xlwings Lite.

A script is named `run_<job>` (`script_of`), not after its job: xlwings Lite
registers every function of main.py under its Python name, and `score`,
`validate` and `funnel` are already the names of cell functions
(addin/functions.py). Lite shows each script under its French label.
"""

from __future__ import annotations

import datetime as dt
import logging

import xlwings as xw

from addin.book_writer import apply_writes, book_source
from sicxl.jobs import load_jobs
from sicxl.jobs.base import Context, JobResult
from sicxl.messages import addin as msg
from sicxl.prospects.pipeline import DuplicateSearchUnavailable

logger = logging.getLogger(__name__)
SAID_IN_FRENCH = (DuplicateSearchUnavailable,)  # failures whose message is a sentence for the user

# Ribbon groups and their buttons (job names), in ribbon order: read by the
# manifest builder and the classic ribbon.
RIBBON = {
    "prospects": ("fill", "validate", "dedupe", "score", "qualify"),
    "campaigns": ("calls", "funnel", "agenda", "tenders"),
    "dashboard": ("dashboard",),
    "survey": ("sample", "survey"),
    "events": ("invite", "followup"),
}
RIBBON_JOBS = tuple(name for names in RIBBON.values() for name in names)
BUTTON_PREFIX = "sic."  # a job's button is "sic.<job>" on both ribbons (classic: SicDispatch reads it)


def button_id(job: str) -> str:
    return f"{BUTTON_PREFIX}{job}"


def group_id(group: str) -> str:
    """Distinct from every button id ("dashboard" and "survey" are a group and a job)."""
    return f"sic.group.{group}"


def script_of(job: str) -> str:
    """The script that runs `job`: its Python name here, the URL the ribbon calls."""
    return f"run_{job}"


def label(job: str) -> str:
    """The job's French label: its button, and its name in xlwings Lite's script list."""
    return load_jobs()[job].label


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
    except SAID_IN_FRENCH as error:
        text = msg.JOB_FAILED.format(reason=error)
    except Exception:
        logger.exception("job %s failed from the ribbon", name)
        text = msg.JOB_CRASHED
    book.app.alert(text, title=f"{msg.TITLE} : {job.label}")
    return text


@xw.script(name=label("fill"))
def run_fill(book: xw.Book):
    run_job(book, "fill")


@xw.script(name=label("validate"))
def run_validate(book: xw.Book):
    run_job(book, "validate")


@xw.script(name=label("dedupe"))
def run_dedupe(book: xw.Book):
    run_job(book, "dedupe")


@xw.script(name=label("score"))
def run_score(book: xw.Book):
    run_job(book, "score")


@xw.script(name=label("qualify"))
def run_qualify(book: xw.Book):
    run_job(book, "qualify")


@xw.script(name=label("calls"))
def run_calls(book: xw.Book):
    run_job(book, "calls")


@xw.script(name=label("funnel"))
def run_funnel(book: xw.Book):
    run_job(book, "funnel")


@xw.script(name=label("agenda"))
def run_agenda(book: xw.Book):
    run_job(book, "agenda")


@xw.script(name=label("tenders"))
def run_tenders(book: xw.Book):
    run_job(book, "tenders")


@xw.script(name=label("dashboard"))
def run_dashboard(book: xw.Book):
    run_job(book, "dashboard")


@xw.script(name=label("sample"))
def run_sample(book: xw.Book):
    run_job(book, "sample")


@xw.script(name=label("survey"))
def run_survey(book: xw.Book):
    run_job(book, "survey")


@xw.script(name=label("invite"))
def run_invite(book: xw.Book):
    run_job(book, "invite")


@xw.script(name=label("followup"))
def run_followup(book: xw.Book):
    run_job(book, "followup")
