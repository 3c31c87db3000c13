"""`sicxl regenerate FOLDER`: bring every sicxl workbook of a folder up to date.

Meant for a scheduled task on the file server (docs/server.md). For each
workbook found under the folder:

1. its kind is recognised by its sheets (jobs/plans.py), else it is not a sicxl workbook
   and is left alone;
2. a workbook Excel holds open (its `~$` owner file) is skipped, and said so:
   Excel would overwrite the results on its next save;
3. under the workbook's lock (locks.py), the jobs of its plan run one after the
   other on an in-memory overlay (overlay.py), each seeing the previous ones'
   results; when some cell really changes, all the writes are saved in one
   atomic replace (saving.atomic_write: a kill leaves the old file or the new
   one); when nothing changes, the file is not touched;
4. a job that fails marks the workbook failed and leaves it as it was.

Each workbook is processed in a child process (parallel.isolated, on Linux)
limited in memory and time, that dies with the run: a workbook that crashes the
reader in native code, exhausts memory or never ends is reported failed, and the
run goes on with the next one. The report is always written.

The whole pass runs under the folder's run lock, so two runs never overlap.
The result is a JSON report and a readable French one; the exit code is
non-zero only when a workbook failed. A dry run reads and computes, and writes
nothing at all: no workbook, no lock, no report file unless `--report` names one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from sicxl.crash_log import write_crash_log
from sicxl.jobs import load_jobs
from sicxl.jobs.base import Job, JobResult, OtherWrites, Report
from sicxl.jobs.plans import Plan, plan_for
from sicxl.memory import gc_paused
from sicxl.messages import portfolio as msg
from sicxl.messages import workbook as wmsg
from sicxl.parallel import isolated
from sicxl.runner import job_context
from sicxl.server.overlay import FORMULAS, OverlaySource
from sicxl.workbook import WorkbookError, open_workbook
from sicxl.workbook.apply import apply_elsewhere, apply_writes, write_exports
from sicxl.workbook.locks import Busy, run_lock, workbook_lock
from sicxl.workbook.saving import TEMPORARY_PREFIX, atomic_write_bytes, is_libreoffice_lock, lock_owner, open_by
from sicxl.writes import Writes

SUFFIXES = (".xlsx", ".xlsm")
STALE_TEMPORARY_SECONDS = 3600
MAX_PASSES = 3
# What one workbook's child process may take: address space and time.
WORKBOOK_MEMORY = max(4 << 30, (os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") * 3) // 4
                      if hasattr(os, "sysconf") else 4 << 30)
WORKBOOK_SECONDS = 3600.0


def find_workbooks(folder: Path) -> list[Path]:
    """Every .xlsx/.xlsm under `folder`, skipping Excel's `~$` owner files, hidden
    files and folders (sicxl's temporaries and locks start with a dot)."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(("~$", ".")) or not name.lower().endswith(SUFFIXES):
                continue
            found.append(Path(root) / name)
    return found


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Temporaries of a save killed before its rename (`.~sicxl-*.xlsx`), older than an
    hour: no save lasts that long, so no running process still owns them."""
    now = now or time.time()
    removed = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root) / name
            if name.startswith(TEMPORARY_PREFIX) and name.lower().endswith(SUFFIXES):
                try:
                    if now - path.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                        path.unlink()
                        removed.append(path)
                except OSError:
                    continue
    return removed


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class JobOutcome:
    job: str
    label: str
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class WorkbookOutcome:
    """What happened to one workbook: one entry of the report."""

    path: str
    kind: str
    status: str = "unchanged"  # written, would_write, unchanged, open, locked, failed
    jobs: list[JobOutcome] = field(default_factory=list)
    changed: dict[str, int] = field(default_factory=dict)  # sheet -> changed cells
    exports: list[str] = field(default_factory=list)
    reason: str | None = None  # French, for skipped and failed workbooks
    notices: list[str] = field(default_factory=list)  # French: what the reading left out
    sha256_before: str | None = None
    sha256_after: str | None = None
    seconds: float = 0.0


def _values_changed(changed: Counter[str]) -> bool:
    return any(n for sheet, n in changed.items() if not sheet.endswith(FORMULAS))


@dataclass
class Passes:
    """What running a plan until it settles gave: the writes into the workbook, and
    the last pass's exports and writes into other workbooks (they match the
    settled workbook), each with the report of the job that made it."""

    writes: Writes = field(default_factory=Writes)
    exports: list[Any] = field(default_factory=list)
    elsewhere: list[tuple[OtherWrites, Report]] = field(default_factory=list)
    changed: Counter[str] = field(default_factory=Counter)


def _run_jobs(overlay: OverlaySource, jobs: list[Job], path: Path, today: dt.date, outcome: WorkbookOutcome,
              held: contextlib.ExitStack | None) -> Passes:
    """Run the plan on the overlay until it settles, at most MAX_PASSES times.

    A job may change cells that a job before it in the plan has read (a merge or a
    user's edit can make any order stale), so the plan is re-run on the overlay
    until a pass changes no value: one `regenerate` leaves the workbook in its
    settled state, and the next run has nothing to write. The second pass of a
    healthy plan only confirms it. Later writes win (writes.py). With `held`, the
    other workbooks the jobs open stay locked until it closes (runner.job_context).
    """
    passes = Passes()
    reports: list[Report] = []  # the first pass's, which the outcome shows
    for number in range(MAX_PASSES):
        pass_changes: Counter[str] = Counter()
        passes.exports, passes.elsewhere = [], []
        for index, job in enumerate(jobs):
            result: JobResult = job.run(overlay, job_context(job, path, today, held=held))
            pass_changes.update(overlay.apply(result.writes))
            passes.writes.extend(result.writes)
            passes.exports.extend(result.exports)
            if number == 0:
                reports.append(result.report)
                outcome.jobs.append(JobOutcome(job.name, job.label, result.report.lines, result.report.problems))
            passes.elsewhere += [(other, reports[index]) for other in result.elsewhere]
        passes.changed.update(pass_changes if number == 0 else {k: v for k, v in pass_changes.items()
                                                                if not k.endswith(FORMULAS)})
        if not _values_changed(pass_changes):
            break
    return passes


def _value_changes(changed: Counter[str]) -> dict[str, int]:
    return {sheet: n for sheet, n in changed.items() if n}


def regenerate_workbook(path: Path, plan: Plan, jobs: list[Job], today: dt.date,
                        dry_run: bool = False, lock_timeout: float = 60.0) -> WorkbookOutcome:
    """Run a workbook's plan and save once (module docstring, steps 2-4)."""
    outcome = WorkbookOutcome(str(path), plan.kind)
    started = time.monotonic()
    lock = open_by(path)
    if lock is not None:
        outcome.status, outcome.reason = "open", msg.open_in_program(lock_owner(lock), is_libreoffice_lock(lock))
        return outcome
    try:
        # A dry run takes no lock: it only reads.
        with contextlib.nullcontext() if dry_run else workbook_lock(path, lock_timeout), \
                contextlib.ExitStack() as held:
            with gc_paused(), open_workbook(path) as source:
                outcome.sha256_before = outcome.sha256_after = source.stamp.sha256
                passes = _run_jobs(OverlaySource(source), jobs, path, today, outcome, None if dry_run else held)
                outcome.notices = list(source.notices)
                outcome.changed = _value_changes(passes.changed)
                written = _values_changed(passes.changed) and not dry_run
                if written:
                    apply_writes(source, passes.writes)
                elif _values_changed(passes.changed):
                    outcome.status = "would_write"
            if written:
                outcome.exports = [str(p) for p in write_exports(path.parent, passes.exports)]
                outcome.status, outcome.sha256_after = "written", file_hash(path)
            if not dry_run:  # rows for another workbook (a show's visitors for the prospect file)
                for other, report in passes.elsewhere:
                    apply_elsewhere([other], report)
    except Busy:
        outcome.status, outcome.reason = "locked", msg.workbook_locked(lock_timeout)
    except WorkbookError as error:
        outcome.status, outcome.reason = "failed", str(error)
    except Exception:  # a job's bug must not stop the other workbooks
        outcome.status, outcome.reason = "failed", wmsg.processing_error(path, write_crash_log())
    finally:
        outcome.seconds = round(time.monotonic() - started, 3)
    return outcome


@dataclass
class RunReport:
    folder: str
    dry_run: bool
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    pid: int = field(default_factory=os.getpid)
    started: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))
    finished: str | None = None
    workbooks: list[WorkbookOutcome] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # .xlsx files that are not sicxl workbooks
    busy: str | None = None  # French: the run did not start

    @property
    def failed(self) -> bool:
        return any(w.status == "failed" for w in self.workbooks)

    def summary(self) -> dict[str, int]:
        counts = Counter(w.status for w in self.workbooks)
        return {status: counts[status] for status in msg.STATUS if counts[status]}

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "summary": self.summary()}

    def text(self) -> str:
        lines = [msg.regenerate_title(Path(self.folder), self.dry_run)]
        if self.busy:
            return "\n".join([*lines, self.busy])
        for item in self.workbooks:
            lines.append(msg.workbook_line(item.path, item.kind, item.status, [j.label for j in item.jobs]))
            if item.reason:
                lines.append(f"    {item.reason}")
            lines += [f"    {notice}" for notice in item.notices]
            lines += [msg.changed_cells(sheet, n) for sheet, n in item.changed.items()
                      if item.status in ("written", "would_write") or not sheet.endswith(FORMULAS)]
            lines += [f"    {job.label} : {problem}" for job in item.jobs for problem in job.problems]
        lines.append(msg.regenerate_summary(self.summary(), len(self.workbooks)))
        return "\n".join(lines)


def _progress(items: list[Path]) -> Iterator[Path]:
    """A progress bar on a terminal (tqdm); plain iteration in a scheduled task's log."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: a job forks only in a single-thread process (sicxl.parallel)
    yield from tqdm(items, desc=msg.PROGRESS, unit="classeur", disable=None, leave=False)


def regenerate(folder: Path, today: dt.date | None = None, dry_run: bool = False,
               wait: float = 600.0, lock_timeout: float = 60.0,
               paths: list[Path] | None = None) -> RunReport:
    """Regenerate every sicxl workbook under `folder` (or only `paths`)."""
    report = RunReport(str(folder), dry_run)
    today = today or dt.date.today()
    jobs = load_jobs()
    try:
        with contextlib.nullcontext() if dry_run else run_lock(folder, wait):
            if not dry_run:
                remove_stale_temporaries(folder)
            workbooks = paths if paths is not None else find_workbooks(folder)
            if workbooks:
                _warm_up()
            for path in _progress(workbooks):
                outcome = _isolated_workbook(path, jobs, today, dry_run, lock_timeout)
                if outcome is None:
                    report.ignored.append(str(path))
                else:
                    report.workbooks.append(outcome)
    except Busy:
        report.busy = msg.run_busy(folder, wait)
    report.finished = dt.datetime.now().isoformat(timespec="seconds")
    return report


def _warm_up() -> None:
    """Load the commune reference once, here: each workbook's child process then
    finds it in memory instead of building it again."""
    from sicxl.reference.communes import communes

    communes()


def _isolated_workbook(path: Path, jobs: dict[str, Job], today: dt.date, dry_run: bool,
                       lock_timeout: float) -> WorkbookOutcome | None:
    """One workbook, recognised and regenerated in a child process (module
    docstring); None when it is not a sicxl workbook."""
    done = isolated(lambda: _workbook(path, jobs, today, dry_run, lock_timeout), WORKBOOK_MEMORY, WORKBOOK_SECONDS)
    if done.failure is None:
        return done.value
    reason = (wmsg.processing_timeout(path, WORKBOOK_SECONDS) if done.failure == "timeout"
              else wmsg.processing_crashed(path))
    return WorkbookOutcome(str(path), "?", "failed", reason=reason)


def _workbook(path: Path, jobs: dict[str, Job], today: dt.date, dry_run: bool,
              lock_timeout: float) -> WorkbookOutcome | None:
    found = _plan_of(path, jobs)
    if found is None:
        return None
    plan, applicable = found
    return regenerate_workbook(path, plan, applicable, today, dry_run, lock_timeout)


def _plan_of(path: Path, jobs: dict[str, Job]) -> tuple[Plan, list[Job]] | None:
    try:
        with open_workbook(path) as source:
            return plan_for(source.sheet_names(), jobs)
    except WorkbookError:
        return None


def write_reports(report: RunReport, json_path: Path) -> Path:
    """The JSON report and its French text beside it (.txt), each written atomically."""
    text_path = json_path.with_suffix(".txt")
    atomic_write_bytes(json_path, json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode("utf-8"))
    atomic_write_bytes(text_path, (report.text() + "\n").encode("utf-8"))
    return text_path
