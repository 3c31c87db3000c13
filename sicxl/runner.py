"""Running a job on a workbook file: open it, run the job, apply its result, save.

One floor below every shell that works on files (the command line, the file
server's `regenerate` and `split`, the demo, the benches): each of them calls
this module and none imports another (DESIGN.md). The add-in's ribbon runs jobs
on the workbook open in Excel, not on a file, and does not come here.

A job never opens a file itself: the `Context` built here gives it the ways to
reach other files the workbook names (`read_file`, `open_workbook`), confined to
the workbook's folder (sicxl.confinement), and the printer (`print_pdf`). A job
may also write into another workbook it read (the prospect file completed by
`followup`, issue 17): `run_job` opens every other workbook under its lock
(workbook/locks.py), held until the job's writes are saved,
so that no other sicxl run changes it between the reading and the writing.

Start-up is part of a run's cost on a file server's two cores: the sheets the
job reads are parsed on a second thread while the job's code is imported
(WorkbookFile.reading_ahead), and the command line leaves the process without
Python's teardown (cli.run).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from sicxl.confinement import Confinement, Refused
from sicxl.jobs import import_area, job_catalogue
from sicxl.jobs.base import Context, Job, JobResult, Report, Source, SourceUnavailable
from sicxl.jobs.plans import other_kind
from sicxl.memory import gc_paused
from sicxl.messages import cli as msg
from sicxl.workbook import WorkbookError, WorkbookFile, open_workbook
from sicxl.workbook.locks import Busy, workbook_lock
from sicxl.writes import Writes

if TYPE_CHECKING:
    from sicxl.portfolio.roles import Portfolio

Progress = Callable[[str, int, int], None]


@dataclass
class Run:
    """What running a job on a file gave: the job's result, and the file written
    (None when the workbook had nothing to change); `other_kind` when the workbook
    was left alone as another kind's (its report says which job fits)."""

    result: JobResult
    written: Path | None
    other_kind: bool = False


def _file_reader(workbook: Path) -> Callable[[str], bytes | None]:
    """Files named in the workbook's cells, read only inside its folder (sicxl.confinement)."""
    confinement = Confinement.of(workbook)

    def read_file(name: str) -> bytes | None:
        try:
            return confinement.read(name)
        except Refused as refused:
            raise SourceUnavailable(str(refused)) from None

    return read_file


Opener = Callable[[Path], WorkbookFile]
OTHER_LOCK_WAIT = 60.0  # seconds a job waits for another sicxl run to release a workbook it reads


def _opener(held: contextlib.ExitStack | None) -> Opener:
    """Opens another workbook; with `held`, under its lock and open until `held`
    closes, since the job may write into it: once per file, however many times the
    job asks for it (a second lock on the same file would wait for the first)."""
    opened: dict[Path, WorkbookFile] = {}

    def open_other(path: Path) -> WorkbookFile:
        if held is None or not Path(path).is_file():
            return open_workbook(path)  # a missing file: open_workbook says so
        key = Path(path).resolve()
        if key not in opened:
            try:
                held.enter_context(workbook_lock(key, OTHER_LOCK_WAIT))
            except Busy:
                raise WorkbookError(msg.other_workbook_busy(Path(path))) from None
            opened[key] = held.enter_context(open_workbook(path))
        return opened[key]

    return open_other


def _workbook_opener(workbook: Path, opener: Opener) -> Callable[[str], WorkbookFile]:
    """Workbooks named in the workbook's cells, opened (and written) only inside its
    folder (sicxl.confinement)."""
    confinement = Confinement.of(workbook)

    def open_other(name: str) -> WorkbookFile:
        try:
            return opener(confinement.workbook(name))
        except (Refused, WorkbookError) as error:
            raise SourceUnavailable(str(error)) from None

    return open_other


def _opened_options(job: Job, values: dict[str, Any], opener: Opener) -> dict[str, Any]:
    """Options naming another workbook are opened here, by the runner: jobs never open files."""
    options = dict(values)
    for option in job.options:
        if option.kind == "workbook" and options.get(option.name):
            options[option.name + "_source"] = opener(options[option.name])
    return options


def _copy_portfolio(source: Source) -> Portfolio | None:
    """The portfolio a split copy was made for, from the server's record
    (sicxl.server.registry). Imported only when a job asks: the records are numpy
    arrays, and numpy imported before the job's sheets are being read would add
    50 ms to the start of every job (runner.run_job reads while it imports)."""
    from sicxl.server.registry import copy_portfolio

    return copy_portfolio(source)


def _printer(workbook: Path) -> Callable[..., Any]:
    """`ctx.print_pdf` (sicxl.workbook.convert), imported when a job prints (a
    dashboard): the writer's modules it needs are imported while a job's sheets
    are being read, this one is not worth every job's start."""

    def print_pdf(*args: Any, **kwargs: Any) -> Any:
        from sicxl.workbook.convert import pdf_converter

        return pdf_converter(workbook)(*args, **kwargs)

    return print_pdf


def job_context(job: Job, workbook: Path, today: dt.date, options: dict[str, Any] | None = None,
                progress: Progress | None = None, held: contextlib.ExitStack | None = None) -> Context:
    """The context a job gets when it runs on the workbook file `workbook`; with
    `held`, the other workbooks it opens stay locked until `held` closes."""
    opener = _opener(held)
    return Context(today=today, options=_opened_options(job, options or {}, opener), progress=progress,
                   read_file=_file_reader(workbook), open_workbook=_workbook_opener(workbook, opener),
                   print_pdf=_printer(workbook), portfolio_of=_copy_portfolio)


def run_job(job: Job, workbook: Path, out: Path | None = None, options: dict[str, Any] | None = None,
            today: dt.date | None = None, progress: Progress | None = None) -> Run:
    """Run `job` on the workbook file and save its results (into `out` when given;
    the rows a job adds to another workbook go into that workbook itself).

    A workbook of another kind (a dashboard given to `qualify`) is left as it is,
    the report saying what it looks like and which job fits it.
    Raises WorkbookError, with one French sentence, when the workbook cannot be
    read or its results cannot be saved."""
    workbook = Path(workbook)
    with gc_paused(), contextlib.ExitStack() as held, open_workbook(workbook) as source:
        mismatch = other_kind(job, source.sheet_names(), job_catalogue())
        if mismatch is not None:
            report = Report(job.name)
            report.problem(mismatch)
            return Run(JobResult(Writes(), report), None, other_kind=True)
        with source.reading_ahead(job.sheets):  # its sheets are parsed while the code that runs next is imported
            import_area(job.name)
            from sicxl.workbook.apply import apply_elsewhere, apply_result
        ctx = job_context(job, workbook, today or dt.date.today(), options, progress, held)
        result = job.run(source, ctx)
        for notice in source.notices:
            result.report.add(notice)
        if source.read_only and result.writes:
            result.report.add(msg.xlsb_notice(source.path, out or source.path.with_suffix(".xlsx")))
        apply_elsewhere(result.elsewhere, result.report)
        written = apply_result(source, result, out)
    return Run(result, written)
