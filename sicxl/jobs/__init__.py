"""The named jobs, one module per business area, registered in `JOBS` on import."""

from __future__ import annotations

import importlib

from sicxl.jobs.base import JOBS, Job

AREAS = ("prospects", "zone", "campaigns", "dashboard", "survey", "events")


def load_jobs() -> dict[str, Job]:
    """Import every area's job module (registering its jobs) and return the registry."""
    for area in AREAS:
        importlib.import_module(f"sicxl.jobs.{area}")
    return JOBS
