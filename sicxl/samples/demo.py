"""`sicxl demo`: write the sample workbooks and run every available job on them."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from sicxl.jobs import load_jobs
from sicxl.messages import cli as msg

DEMO_TODAY = dt.date(2026, 11, 2)
"""The demo runs "as of" a fixed day, so that its results are the same every time."""


@dataclass(frozen=True)
class SampleWorkbook:
    file_name: str
    builder: str  # "module:function" in sicxl.samples, called as f(path, sample=True)
    jobs: tuple[str, ...]

    def build(self, path: Path, sample: bool = True) -> None:
        """Write the sample (or, with sample=False, the empty template) to `path`."""
        module, _, function = self.builder.partition(":")
        build: Callable[..., object] = getattr(importlib.import_module(f"sicxl.samples.{module}"), function)
        build(path, sample=sample)


SAMPLES = (
    SampleWorkbook("prospects.xlsx", "prospects:build_prospects",
                   ("qualify", "calls", "funnel", "agenda", "tenders")),
    SampleWorkbook("tableau_de_bord.xlsx", "dashboard:build_dashboard", ("dashboard",)),
    SampleWorkbook("enquete_satisfaction.xlsx", "survey:build_survey", ("sample", "survey")),
    SampleWorkbook("evenements.xlsx", "events:build_events", ("invite", "followup")),
)


def run(folder: Path) -> Iterator[str]:
    """Build each sample workbook in `folder`, then run its jobs; yield French lines."""
    from sicxl.cli import run_job

    folder.mkdir(parents=True, exist_ok=True)
    prospects = folder / SAMPLES[0].file_name
    for sample in SAMPLES:
        path = folder / sample.file_name
        sample.build(path)
        yield msg.demo_written(path)
        for name in sample.jobs:
            job = load_jobs().get(name)
            if job is None:
                continue
            options = {"prospects": prospects} if any(o.name == "prospects" for o in job.options) else {}
            result, _ = run_job(job, path, options=options, today=DEMO_TODAY)
            yield msg.demo_job(job.label, path)
            yield result.report.text()
