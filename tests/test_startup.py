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


def test_a_job_on_the_command_line_imports_neither_the_file_server_schema_nor_the_printer(tmp_path):
    """The file-server sheets' schema (for `split --by`) and the PDF printer
    (for `dashboard --pdf`) are imported by the commands that use them only."""
    from sicxl.samples.prospects import build_prospects

    workbook = build_prospects(tmp_path / "prospects.xlsx", sample=True)
    out = tmp_path / "resultat.xlsx"
    loaded = _modules_after(f"from sicxl.cli import main\nmain(['qualify', {str(workbook)!r}, '--out', {str(out)!r}])")
    assert "sicxl.jobs.prospects" in loaded
    assert not {"sicxl.schema.portfolio", "sicxl.workbook.convert", "sicxl.server.registry"} & loaded


def test_split_refuses_an_unknown_criterion_naming_the_choices(capsys):
    import pytest

    from sicxl.cli import main

    with pytest.raises(SystemExit):
        main(["split", "maitre.xlsx", "--out", "copies", "--by", "Région"])
    assert "choix invalide : 'Région' (choisir parmi 'Commercial', 'Marché')" in capsys.readouterr().err
