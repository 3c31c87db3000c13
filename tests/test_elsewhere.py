"""Writes a job makes into another workbook (JobResult.elsewhere, issue 17): applied by the
file shell to a workbook file only, each problem said in the job's report."""

from __future__ import annotations

import shutil
from pathlib import Path

from sicxl.jobs.base import JobResult, MemorySource, OtherWrites, Report
from sicxl.workbook import open_workbook
from sicxl.workbook.apply import apply_elsewhere
from sicxl.writes import ColumnWrite, Writes

from tests.conftest import REAL_WORKBOOKS

ONE_CELL = Writes(columns=[ColumnWrite("Prospects", 1, [2], ["P0001"])])


def test_a_workbook_without_file_or_read_only_is_reported(tmp_path: Path) -> None:
    memory = MemorySource.from_rows({"Prospects": [["ID"]]})
    binary = Path(shutil.copy(next(REAL_WORKBOOKS.glob("*.xlsb")), tmp_path / "prospects.xlsb"))
    with open_workbook(binary) as read_only:
        result = JobResult(Writes(), Report("followup"), elsewhere=[
            OtherWrites(memory, ONE_CELL, "fichier prospects"), OtherWrites(read_only, ONE_CELL, "fichier prospects"),
            OtherWrites(read_only, Writes(), "fichier prospects")])  # nothing to write: nothing said
        apply_elsewhere(result.elsewhere, result.report)
    assert len(result.report.problems) == 2
    assert "n'est pas un fichier" in result.report.problems[0]
    assert "classeur binaire (.xlsb)" in result.report.problems[1]
