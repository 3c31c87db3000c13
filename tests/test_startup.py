"""The command line starts light (issue 14, point 7): `--help` imports no business
area, a job only its own, and the job catalogue matches the registered jobs.
Speed itself is measured by bench/startup_bench.py, not asserted here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sicxl.jobs import job_catalogue, load_jobs, render_catalogue

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "numpy", "openpyxl", "lxml", "rapidfuzz", "phonenumbers", "email_validator", "python_calamine")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_help_imports_no_heavy_library():
    for argv in (["--help"], ["qualify", "--help"], ["dashboard", "--help"]):
        loaded = _modules_after(f"from sicxl.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass")
        assert not {m.split(".")[0] for m in loaded} & set(HEAVY), argv


def test_a_prospect_job_imports_only_its_area():
    loaded = _modules_after("from sicxl.jobs import load_job\nload_job('qualify')")
    assert "sicxl.jobs.prospects" in loaded
    assert not {"sicxl.jobs.survey", "sicxl.jobs.events", "sicxl.jobs.dashboard", "openpyxl"} & loaded


def test_the_catalogue_is_generated_from_the_registered_jobs():
    committed = (ROOT / "sicxl" / "jobs" / "catalogue.py").read_text(encoding="utf-8")
    assert committed == render_catalogue(), "run: python -m sicxl.jobs > sicxl/jobs/catalogue.py"
    registered = load_jobs()
    for name, job in job_catalogue().items():
        assert (job.label, job.sheets, job.options) == (registered[name].label, registered[name].sheets,
                                                        registered[name].options)
