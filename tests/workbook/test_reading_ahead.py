"""Sheets parsed on a second thread while the job's code is imported (issue 19):
the job then reads exactly what it would have read, is told once what was left
out, and still says why a sheet cannot be read; no thread outlives the block."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sicxl.workbook import WorkbookError, open_workbook
from tests.workbook import hostile


def test_a_sheet_read_ahead_is_the_sheet_read_later(sample_prospects: Path) -> None:
    with open_workbook(sample_prospects) as later:
        expected = later.grid("Prospects")
    with open_workbook(sample_prospects) as book:
        with book.reading_ahead(["Prospects", "Pas une feuille"]):
            pass
        assert threading.active_count() == 1
        assert "Prospects" in book._grids
        grid = book.grid("Prospects")
    assert (grid.values, grid.top, grid.left) == (expected.values, expected.top, expected.left)


def test_a_cell_left_out_is_said_once(sample_prospects: Path, tmp_path: Path) -> None:
    path = hostile.with_cells(sample_prospects, tmp_path / "piege.xlsx", {"XFD1048576": "oubli"})
    with open_workbook(path) as book:
        with book.reading_ahead(["Prospects"]):
            pass
        book.grid("Prospects")
        assert len([notice for notice in book.notices if "XFD1048576" in notice]) == 1


def test_a_sheet_that_cannot_be_read_is_refused_to_the_job_in_french(sample_prospects: Path,
                                                                    tmp_path: Path) -> None:
    """The thread keeps quiet; the job's own reading raises the French sentence."""
    path = hostile.with_cells(sample_prospects, tmp_path / "piege.xlsx", hostile.scattered_cells())
    with open_workbook(path) as book:
        with book.reading_ahead(["Prospects"]):
            pass
        assert threading.active_count() == 1 and not book.notices
        with pytest.raises(WorkbookError, match="éparpillées"):
            book.grid("Prospects")

