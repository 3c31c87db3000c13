"""Fixtures of the dashboard tests: the sample workbook, as a file and as a source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

import pytest
from openpyxl import load_workbook

from sicxl.jobs.base import MemorySource
from sicxl.samples.dashboard import build_dashboard
from sicxl.schema.base import SheetSchema
from sicxl.schema.dashboard import ACTUALS, OBJECTIVES

TODAY = dt.date(2026, 1, 5)


@pytest.fixture(scope="session")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_dashboard(tmp_path_factory.mktemp("dashboard") / "tableau_de_bord.xlsx", sample=True)


def source_of(path: Path) -> MemorySource:
    """The workbook's values as the add-in would hand them over."""
    workbook = load_workbook(path)
    return MemorySource.from_rows(
        {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in workbook.worksheets}
    )


@pytest.fixture(scope="session")
def sample_source(sample_path: Path) -> MemorySource:
    return source_of(sample_path)


def entry_sheet(schema: SheetSchema, rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Objectifs or Réalisé: header row (Mois, Commercial, Marché, Indicateur, value), then rows."""
    keys = ("month", "owner", "market", "indicator", "value")
    return [[schema.header(k) for k in keys], *[list(r) for r in rows]]


def small_source(objectives: Sequence[Sequence[Any]], actuals: Sequence[Sequence[Any]],
                 **other: Sequence[Sequence[Any]]) -> MemorySource:
    return MemorySource.from_rows({OBJECTIVES.name: entry_sheet(OBJECTIVES, objectives),
                                   ACTUALS.name: entry_sheet(ACTUALS, actuals), **other})
