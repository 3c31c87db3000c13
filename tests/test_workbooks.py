"""The templates and samples committed in `workbooks/` are what the builders make today."""

from pathlib import Path

import pytest

from sicxl.samples.demo import SAMPLES
from sicxl.samples.workbooks import write_all
from sicxl.workbook import open_workbook

COMMITTED = Path(__file__).resolve().parents[1] / "workbooks"


def _values(path: Path) -> dict[str, list[list[object]]]:
    with open_workbook(path) as book:
        return {name: [list(row) for row in book.grid(name).values] for name in book.sheet_names()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> list[Path]:
    return write_all(tmp_path_factory.mktemp("workbooks"))


def test_every_workbook_is_committed_and_current(rebuilt):
    for fresh in rebuilt:
        committed = COMMITTED / fresh.name
        assert committed.exists(), f"{fresh.name}: run python -m sicxl.samples.workbooks workbooks/"
        assert _values(committed) == _values(fresh), f"{fresh.name} is stale: rebuild workbooks/"


def test_templates_have_headers_and_no_rows(rebuilt):
    for fresh in rebuilt:
        if fresh.name.startswith("exemple_"):
            continue
        with open_workbook(fresh) as book:
            prospects = book.grid(book.sheet_names()[0])
            assert len(prospects.values) <= 1 or all(v in ("", None) for row in prospects.values[1:] for v in row)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.file_name)
def test_every_job_runs_on_an_empty_template(sample, tmp_path):
    """A team's first day: the template has headers and no rows; no job may crash."""
    import shutil

    from sicxl.runner import run_job
    from sicxl.jobs import load_jobs

    workbook = Path(shutil.copy(COMMITTED / sample.file_name, tmp_path / sample.file_name))
    prospects = Path(shutil.copy(COMMITTED / SAMPLES[0].file_name, tmp_path / "fichier_prospects.xlsx"))
    for name in sample.plan.jobs:
        job = load_jobs()[name]
        options = {"prospects": prospects} if any(o.name == "prospects" for o in job.options) else {}
        assert run_job(job, workbook, options=options).result.report.text(), name


def test_the_contract_document_is_generated_from_the_schema():
    from sicxl.schema.docs import document

    committed = (COMMITTED.parent / "docs" / "workbooks.md").read_text(encoding="utf-8")
    assert committed.rstrip() == document().rstrip(), "run: python -m sicxl.schema.docs > docs/workbooks.md"
