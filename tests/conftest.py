"""Shared fixtures: realistic prospect tables and sample workbooks."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any, Sequence

import pytest

from sicxl.jobs.base import MemorySource
from sicxl.schema.prospects import PROSPECTS

TODAY = dt.date(2026, 11, 2)
SHARED = Path(os.environ.get("SICXL_SHARED", Path(__file__).resolve().parents[2] / "shared"))
"""The workplace's shared data, beside the repository (CI lays it there); SICXL_SHARED overrides."""
REAL_WORKBOOKS = SHARED / "data" / "real-workbooks"
if not any(REAL_WORKBOOKS.glob("*.xls*")):  # never let the fidelity tests vanish silently
    raise RuntimeError(f"Excel-made test workbooks not found in {REAL_WORKBOOKS}; set SICXL_SHARED")


def prospect_source(rows: Sequence[dict[str, Any]], headers: Sequence[str] | None = None) -> MemorySource:
    """A `Prospects` sheet as Excel would hand it over: a header row, then values."""
    keys = list(headers) if headers else [c.key for c in PROSPECTS.user_columns]
    header_row = [PROSPECTS.header(k) if k in PROSPECTS.keys else k for k in keys]
    grid = [header_row] + [[row.get(k) for k in keys] for row in rows]
    return MemorySource.from_rows({"Prospects": grid})


@pytest.fixture(scope="session")
def sample_prospects_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sicxl.samples.prospects import build_prospects

    path = tmp_path_factory.mktemp("samples") / "prospects.xlsx"
    return build_prospects(path, sample=True)


@pytest.fixture
def sample_prospects(sample_prospects_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sample prospect workbook, free to modify."""
    return Path(shutil.copy(sample_prospects_master, tmp_path / "prospects.xlsx"))
