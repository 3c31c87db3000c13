"""Running a job on a workbook file: open it, run the job, apply its result, save.

One floor below every shell that works on files (the command line, the file
server's `regenerate` and `split`, the demo, the benches): each of them calls
this module and none imports another (DESIGN.md). The add-in's ribbon runs jobs
on the workbook open in Excel, not on a file, and does not come here.

A job never opens a file itself: the `Context` built here gives it the ways to
reach other files the workbook names (`read_file`, `open_workbook`), confined to
the workbook's folder (sicxl.confinement), and the printer (`print_pdf`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from sicxl.confinement import Confinement, Refused
from sicxl.jobs.base import Context, Job, JobResult, SourceUnavailable
from sicxl.memory import gc_paused
from sicxl.messages import cli as msg
from sicxl.workbook import WorkbookError, WorkbookFile, open_workbook
from sicxl.workbook.apply import apply_result
from sicxl.workbook.convert import pdf_converter

Progress = Callable[[str, int, int], None]


@dataclass
class Run:
    """What running a job on a file gave: the job's result, and the file written
    (None when the workbook had nothing to change)."""

    result: JobResult
    written: Path | None


def _file_reader(workbook: Path) -> Callable[[str], bytes | None]:
    """Files named in the workbook's cells, read only inside its folder (sicxl.confinement)."""
    confinement = Confinement.of(workbook)

    def read_file(name: str) -> bytes | None:
        try:
            return confinement.read(name)
        except Refused as refused:
            raise SourceUnavailable(str(refused)) from None

    return read_file


def _workbook_opener(workbook: Path) -> Callable[[str], WorkbookFile]:
    """Workbooks named in the workbook's cells, opened only inside its folder."""
    confinement = Confinement.of(workbook)

    def open_other(name: str) -> WorkbookFile:
        try:
            return open_workbook(confinement.workbook(name))
        except (Refused, WorkbookError) as error:
            raise SourceUnavailable(str(error)) from None

    return open_other


def _opened_options(job: Job, values: dict[str, Any]) -> dict[str, Any]:
    """Options naming another workbook are opened here, by the runner: jobs never open files."""
    options = dict(values)
    for option in job.options:
        if option.kind == "workbook" and options.get(option.name):
            options[option.name + "_source"] = open_workbook(options[option.name])
    return options


def job_context(job: Job, workbook: Path, today: dt.date, options: dict[str, Any] | None = None,
                progress: Progress | None = None) -> Context:
    """The context a job gets when it runs on the workbook file `workbook`."""
    return Context(today=today, options=_opened_options(job, options or {}), progress=progress,
                   read_file=_file_reader(workbook), open_workbook=_workbook_opener(workbook),
                   print_pdf=pdf_converter(workbook))


def run_job(job: Job, workbook: Path, out: Path | None = None, options: dict[str, Any] | None = None,
            today: dt.date | None = None, progress: Progress | None = None) -> Run:
    """Run `job` on the workbook file and save its results (into `out` when given).

    Raises WorkbookError, with one French sentence, when the workbook cannot be
    read or its results cannot be saved."""
    workbook = Path(workbook)
    with gc_paused(), open_workbook(workbook) as source:
        ctx = job_context(job, workbook, today or dt.date.today(), options, progress)
        result = job.run(source, ctx)
        if source.read_only and result.writes:
            result.report.add(msg.xlsb_notice(source.path, out or source.path.with_suffix(".xlsx")))
        written = apply_result(source, result, out)
    return Run(result, written)
