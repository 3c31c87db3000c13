"""The pure rules: markets, attribution, fingerprints, the three-way cell merge."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sicxl.portfolio.merge import Reason, SheetState, keyed_cells, merge_keyed
from sicxl.portfolio.naming import safe_name
from sicxl.portfolio.ownership import (
    Attribution,
    ProspectIndex,
    attribution,
    belongs,
    market_of_segment,
)
from sicxl.portfolio.roles import Portfolio, Role, portfolios
from sicxl.portfolio.snapshot import Snapshot, canonical, fingerprint
from sicxl.schema.portfolio import SPLIT_SHEETS

PROSPECT_RULE, CALL_RULE, DEAL_RULE, TENDER_RULE = SPLIT_SHEETS[0], SPLIT_SHEETS[1], SPLIT_SHEETS[3], SPLIT_SHEETS[4]
PROSPECTS = pd.DataFrame(
    {"id": ["P1", "P2", "P3"], "name": ["Mairie de Poissy", "Versailles Habitat", "Technocentre Renault"],
     "segment": ["Collectivité", "habitat public", "Industrie"], "owner": ["Claire Morel", "julien caron ", None]},
    index=[2, 3, 4])
INDEX = ProspectIndex.from_frame(PROSPECTS)
CLAIRE, JULIEN = Portfolio(Role.SALESPERSON, "Claire Morel"), Portfolio(Role.SALESPERSON, "Julien Caron")


@pytest.mark.parametrize("segment, market", [("Collectivité", "Collectivités"), ("Habitat privé", "Habitat"),
                                             ("industrie", "Tertiaire"), ("Santé", "Santé"), ("Ferme", None)])
def test_segment_maps_to_market(segment: str, market: str | None) -> None:
    assert market_of_segment(segment) == market


def test_a_call_inherits_its_prospects_owner_and_market() -> None:
    found = attribution({"prospect_id": " p1 "}, CALL_RULE, INDEX)
    assert found == Attribution(frozenset({"claire morel"}), frozenset({"Collectivités"}))
    assert belongs(found, CLAIRE) and not belongs(found, JULIEN)
    assert belongs(found, Portfolio(Role.MANAGER, "Collectivités"))


def test_a_deal_by_another_salesperson_belongs_to_neither() -> None:
    found = attribution({"prospect_id": "P1", "owner": "Julien Caron"}, DEAL_RULE, INDEX)
    assert not belongs(found, CLAIRE) and not belongs(found, JULIEN)
    assert belongs(found, Portfolio(Role.DIRECTOR))


def test_a_tender_without_id_is_found_by_its_buyer() -> None:
    found = attribution({"buyer": "VERSAILLES HABITAT", "owner": "Julien Caron"}, TENDER_RULE, INDEX)
    assert belongs(found, JULIEN) and belongs(found, Portfolio(Role.MANAGER, "Habitat"))


def test_a_call_on_an_unknown_prospect_goes_to_the_director_only() -> None:
    found = attribution({"prospect_id": "P99"}, CALL_RULE, INDEX)
    assert not belongs(found, CLAIRE) and not belongs(found, Portfolio(Role.MANAGER, "Collectivités"))


def test_portfolios_by_role() -> None:
    made = portfolios(["Claire Morel", "claire  morel", "Julien Caron", None], ["Santé"])
    assert [(p.role, p.name) for p in made] == [(Role.SALESPERSON, "Claire Morel"), (Role.SALESPERSON, "Julien Caron"),
                                                (Role.MANAGER, "Santé"), (Role.DIRECTOR, "Direction")]
    assert [p.role for p in portfolios(["A"], ["Santé"], "Marché")] == [Role.MANAGER]


def test_fingerprints_ignore_how_a_value_is_stored() -> None:
    assert canonical(12.0) == canonical(12) == "12"
    assert fingerprint(dt.datetime(2026, 3, 1)) == fingerprint(dt.date(2026, 3, 1))
    assert fingerprint(None) == fingerprint("  ")
    assert fingerprint("12") == fingerprint(12.0)  # what Excel shows is the same
    assert fingerprint(0.1) != fingerprint(0.10000001)


@given(st.lists(st.tuples(st.sampled_from(["meta", "cell", "row"]), st.text(max_size=8), st.text(max_size=8),
                          st.text(max_size=8), st.text(alphabet="0123456789abcdef", min_size=16, max_size=16))))
def test_snapshot_reads_back_what_it_wrote(lines: list) -> None:
    snapshot = Snapshot.from_rows(lines)
    again = Snapshot.from_rows(snapshot.to_rows(["h"] * 5))
    assert again == snapshot


def _state(master: pd.DataFrame) -> SheetState:
    columns = ["id", "decision_maker", "owner", "segment"]
    cells, duplicates = keyed_cells(master, "id", columns)
    owners = {c["id"]: attribution(c, PROSPECT_RULE, INDEX) for c in cells.values()}
    return SheetState(PROSPECT_RULE, columns, cells, owners, duplicates)


def _frame(**changes: str) -> pd.DataFrame:
    frame = pd.DataFrame({"id": ["P1", "P2"], "decision_maker": ["M. A", "M. B"],
                          "owner": ["Claire Morel", "Julien Caron"], "segment": ["Collectivité", "Habitat public"]})
    for key, value in changes.items():
        row, column = key.split("__")
        frame.loc[frame.id == row, column] = value
    return frame


def _snapshot(frame: pd.DataFrame, ids: list[str]) -> Snapshot:
    snapshot = Snapshot()
    for record in frame.to_dict("records"):
        if record["id"] in ids:
            snapshot.add_cells("Prospects", record["id"], {c: record[c] for c in ("id", "decision_maker", "owner", "segment")})
    return snapshot


@pytest.mark.parametrize("copy_value, master_value, written, conflict", [
    ("M. A", "M. A", None, False),        # nobody changed
    ("Mme C", "M. A", "Mme C", False),    # only the copy changed
    ("M. A", "M. Z", None, False),        # only the master changed
    ("Mme C", "Mme C", None, False),      # same change both sides
    ("Mme C", "M. Z", None, True),        # both changed differently
])
def test_three_way_cell_merge(copy_value: str, master_value: str, written: str | None, conflict: bool) -> None:
    split = _snapshot(_frame(), ["P1"])
    state = _state(_frame(P1__decision_maker=master_value))
    outcome = merge_keyed(state, _frame(P1__decision_maker=copy_value)[lambda f: f.id == "P1"], split, CLAIRE)
    assert [c.value for c in outcome.changes] == ([written] if written else [])
    assert [c.reason for c in outcome.conflicts] == ([Reason.BOTH_CHANGED] if conflict else [])
    assert state.cells["P1"]["decision_maker"] == (written or master_value)


def test_a_copy_cannot_write_a_row_it_does_not_own() -> None:
    """Claire's copy, tampered to hold Julien's row with the fingerprints of a split."""
    forged = _snapshot(_frame(), ["P1", "P2"])
    state = _state(_frame())
    outcome = merge_keyed(state, _frame(P2__decision_maker="Piraté"), forged, CLAIRE)
    assert outcome.changes == [] and [c.reason for c in outcome.conflicts] == [Reason.NOT_OWNED]
    assert state.cells["P2"]["decision_maker"] == "M. B"


@given(st.text(max_size=200))
def test_safe_names_are_valid_windows_names(text: str) -> None:
    name = safe_name(text)
    assert name and not set('<>:"/\\|?*') & set(name) and not name.endswith((" ", "."))
    assert all(ord(ch) >= 32 for ch in name) and len(name) <= 121
