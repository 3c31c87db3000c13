"""Which jobs each kind of sicxl workbook needs, and in which order.

One list for every place that runs them all: `sicxl regenerate` on the file
server and `sicxl demo` on the sample workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from sicxl.jobs.base import Job
from sicxl.messages import jobs as msg
from sicxl.schema.base import normalize_header


@dataclass(frozen=True)
class Plan:
    """The jobs a kind of workbook needs, in the order that lets each one use the
    previous one's results (the call log's temperatures before the score).
    `marker`: the job whose sheets identify the kind. A job runs only when the
    workbook has its sheets (a prospect file without call log skips `calls`)."""

    kind: str  # French, for the report
    marker: str
    jobs: tuple[str, ...]


PLANS = (
    Plan("prospects", "qualify", ("calls", "qualify", "funnel", "agenda", "tenders")),
    Plan("tableau de bord", "dashboard", ("dashboard",)),
    Plan("enquête", "survey", ("sample", "survey")),
    Plan("événements", "invite", ("invite", "followup")),
)


def _has_sheets(sheets: set[str], job: Job) -> bool:
    return bool(job.sheets) and all(normalize_header(s) in sheets for s in job.sheets)


def plan_for(sheet_names: Iterable[str], jobs: Mapping[str, Job]) -> tuple[Plan, list[Job]] | None:
    """The plan of a workbook with these sheets, and the jobs of it that apply."""
    sheets = {normalize_header(s) for s in sheet_names}
    for plan in PLANS:
        marker = jobs.get(plan.marker)
        if marker is not None and _has_sheets(sheets, marker):
            return plan, [jobs[n] for n in plan.jobs if n in jobs and _has_sheets(sheets, jobs[n])]
    return None


def other_kind(job: Job, sheet_names: Iterable[str], jobs: Mapping[str, Job]) -> str | None:
    """When `job` is run on a workbook of another kind, what the workbook looks like
    and which jobs fit it (French), else None.

    A workbook that has the job's own sheets is the job's, whatever else it holds;
    one recognised as nothing (a prospect list on a renamed sheet) is left to the
    job, which finds its tables by their headers."""
    names = list(sheet_names)
    if _has_sheets({normalize_header(s) for s in names}, job):
        return None
    found = plan_for(names, jobs)
    if found is None or job.name in found[0].jobs:
        return None
    plan, applicable = found
    fitting = [plan.marker, *(j.name for j in applicable if j.name != plan.marker)]
    return msg.looks_like(plan.kind, fitting)
