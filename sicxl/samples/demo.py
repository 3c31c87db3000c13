"""`sicxl demo`: write the sample workbooks and run every available job on them.

Besides each workbook's plan (the jobs `regenerate` runs), the demo shows what a
team does by hand (issue 17): the assistant adds the communes of the zone to the
prospect file before the campaign (`communes`, with the zone of the sample's
`Paramètres`), and the director splits the dashboard by market, each market's
copy showing its own break-even, the four adding up to the whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from sicxl.jobs import load_jobs
from sicxl.jobs.plans import PLANS, Plan
from sicxl.messages import cli as msg
from sicxl.runner import run_job
from sicxl.samples.dashboard import build_dashboard
from sicxl.samples.events import build_events
from sicxl.samples.prospects import build_prospects
from sicxl.samples.survey import build_survey
from sicxl.schema.portfolio import BY_MARKET
from sicxl.server.split import split_workbook

DEMO_TODAY = dt.date(2026, 11, 2)
"""The demo runs "as of" a fixed day, so that its results are the same every time."""


@dataclass(frozen=True)
class SampleWorkbook:
    file_name: str
    builder: Callable[..., object]  # builder(path, sample=...)
    plan: Plan  # the jobs `regenerate` runs on this kind of workbook, in its order
    first: tuple[str, ...] = ()  # jobs a user runs by hand before the plan

    def build(self, path: Path, sample: bool = True) -> None:
        """Write the sample (or, with sample=False, the empty template) to `path`."""
        self.builder(path, sample=sample)


SAMPLES = (
    SampleWorkbook("prospects.xlsx", build_prospects, PLANS[0], first=("communes",)),
    SampleWorkbook("tableau_de_bord.xlsx", build_dashboard, PLANS[1]),
    SampleWorkbook("enquete_satisfaction.xlsx", build_survey, PLANS[2]),
    SampleWorkbook("evenements.xlsx", build_events, PLANS[3]),
)


def run(folder: Path) -> Iterator[str]:
    """Build each sample workbook in `folder`, then run its jobs; yield French lines."""
    folder.mkdir(parents=True, exist_ok=True)
    prospects = folder / SAMPLES[0].file_name
    for sample in SAMPLES:
        path = folder / sample.file_name
        sample.build(path)
        yield msg.demo_written(path)
        for name in (*sample.first, *sample.plan.jobs):
            job = load_jobs().get(name)
            if job is None:
                continue
            options = {"prospects": prospects} if any(o.name == "prospects" for o in job.options) else {}
            run = run_job(job, path, options=options, today=DEMO_TODAY)
            yield msg.demo_job(job.label, path)
            yield run.result.report.text()
            if name == "dashboard":
                yield from _split_by_market(path, run.result.report.counts["breakeven"])


def _split_by_market(path: Path, whole: int) -> Iterator[str]:
    """One copy of the dashboard per market beside it, each with its own break-even."""
    result = split_workbook(path, path.parent, BY_MARKET)
    yield msg.demo_split(path, len(result.written))
    parts = {}
    for portfolio, copy in result.written.items():
        run = run_job(load_jobs()["dashboard"], copy, today=DEMO_TODAY)
        parts[portfolio.name] = run.result.report.counts["breakeven"]
    yield msg.demo_breakevens(parts, whole)
