"""Campaign workbooks held in memory: a few prospects and the sheets of issue 4."""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

import pytest

from sicxl.jobs.base import Context, MemorySource
from sicxl.schema.base import SheetSchema
from sicxl.schema.campaigns import CALLS, DEALS, TENDERS, VISIT_REPORTS
from sicxl.schema.prospects import PROSPECTS

TODAY = dt.date(2025, 3, 14)

# Real communes of Yvelines, as a sales team's file names them.
PROSPECT_ROWS = [
    {"id": "P0001", "name": "Mairie de Rambouillet", "segment": "Collectivité", "owner": "Claire Morel",
     "decision_maker": "M. Hervé Lambert", "phone": "01 34 83 21 21", "last_contact": "10/03/2025", "heat": "Tiède"},
    {"id": "P0002", "name": "Mairie de Houdan", "segment": "Collectivité", "owner": "Claire Morel",
     "decision_maker": "Mme Valérie Roux", "phone": "01 30 46 81 30"},
    {"id": "P0003", "name": "Mairie de Maule", "segment": "Collectivité", "owner": "Antoine Lefèvre",
     "decision_maker": "M. Thierry Girard", "phone": "01 30 90 49 00", "last_contact": dt.date(2025, 3, 1),
     "heat": "Froid"},
    {"id": "P0004", "name": "Mairie de Chevreuse", "segment": "Collectivité", "owner": "Antoine Lefèvre",
     "decision_maker": "Mme Sophie Mercier", "phone": "01 30 52 15 30", "last_contact": dt.date(2025, 3, 6),
     "heat": "Froid"},
    {"id": "P0005", "name": "Centre hospitalier de Versailles", "segment": "Santé", "owner": "Julien Caron",
     "decision_maker": "M. Olivier Dupont", "phone": "01 39 63 91 33"},
]


def rows_of(schema: SheetSchema, records: Sequence[dict[str, Any]], keys: Sequence[str] | None = None) -> list[list[Any]]:
    """A sheet grid: the schema's headers, then one row per record."""
    keys = list(keys or [c.key for c in schema.user_columns])
    return [[schema.header(k) for k in keys]] + [[r.get(k) for k in keys] for r in records]


def source(calls: Sequence[dict[str, Any]] = (), deals: Sequence[dict[str, Any]] = (),
           reports: Sequence[dict[str, Any]] = (), tenders: Sequence[dict[str, Any]] = (),
           prospects: Sequence[dict[str, Any]] = PROSPECT_ROWS) -> MemorySource:
    """A workbook with the Prospects sheet and the campaign sheets (header row 1, data from row 2)."""
    keys = ["id", "name", "segment", "decision_maker", "phone", "owner", "last_contact", "heat"]
    return MemorySource.from_rows({
        PROSPECTS.name: rows_of(PROSPECTS, prospects, keys),
        CALLS.name: rows_of(CALLS, calls),
        VISIT_REPORTS.name: rows_of(VISIT_REPORTS, reports),
        DEALS.name: rows_of(DEALS, deals),
        TENDERS.name: rows_of(TENDERS, tenders),
    })


def context(**options: Any) -> Context:
    return Context(today=TODAY, options=options)


@pytest.fixture
def ctx() -> Context:
    return context()
