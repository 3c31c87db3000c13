"""The pure rules: markets, attribution, fingerprints, the three-way cell merge."""

from __future__ import annotations

import datetime as dt
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sicxl.portfolio.merge import merge_keyed
from sicxl.portfolio.merge_state import CopyMerge, Reason, SheetState, sheet_state
from sicxl.portfolio.naming import MAX_BYTES, MAX_CHARS, RESERVED, file_names, role_file_names
from sicxl.portfolio.ownership import (
    Attribution,
    ProspectIndex,
    attribution,
    belongs,
    market_of_segment,
)
from sicxl.portfolio.roles import Portfolio, Role, portfolios
from sicxl.portfolio.snapshot import SheetPrint, Snapshot, canonical, fingerprint, print_matrix
from sicxl.schema.portfolio import FILE_PATTERN, SPLIT_SHEETS

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


@given(st.dictionaries(st.text(max_size=8), st.tuples(
    st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=4, unique=True),
    st.lists(st.integers(min_value=0, max_value=2**64 - 1), max_size=12),
    st.booleans())))
def test_a_record_reads_back_what_it_wrote(sheets: dict) -> None:
    """The server's record of a copy survives its plain-array form (no pickling)."""
    snapshot = Snapshot(meta={"role": "salesperson", "name": "Claire Morel", "master": "prospects.xlsx"})
    for sheet, (columns, numbers, keyed) in sheets.items():
        lines = len(numbers) // len(columns)
        cells = np.array(numbers[:lines * len(columns)], dtype=np.uint64).reshape(lines, len(columns))
        snapshot.sheets[sheet] = SheetPrint(tuple(columns), cells, tuple(f"P{i}" for i in range(lines)) if keyed else None)
    again = Snapshot.from_arrays(snapshot.to_arrays())
    assert again.meta == snapshot.meta and again.portfolio == Portfolio(Role.SALESPERSON, "Claire Morel")
    assert list(again.sheets) == list(snapshot.sheets)
    for sheet, found in snapshot.sheets.items():
        assert again.sheets[sheet].columns == found.columns and again.sheets[sheet].keys == found.keys
        assert np.array_equal(again.sheets[sheet].cells, found.cells)


COLUMNS = ("id", "decision_maker", "owner", "segment")


def _state(master: pd.DataFrame, index: ProspectIndex) -> SheetState:
    found = [attribution(r, PROSPECT_RULE, index) for r in master.to_dict("records")]
    return sheet_state(master, PROSPECT_RULE, list(COLUMNS), index, found)


def _frame(**changes: str) -> pd.DataFrame:
    frame = pd.DataFrame({"id": ["P1", "P2"], "decision_maker": ["M. A", "M. B"],
                          "owner": ["Claire Morel", "Julien Caron"], "segment": ["Collectivité", "Habitat public"]},
                         index=[2, 3])
    for key, value in changes.items():
        row, column = key.split("__")
        frame.loc[frame.id == row, column] = value
    return frame


def _print(frame: pd.DataFrame, ids: list[str]) -> SheetPrint:
    rows = frame[frame.id.isin(ids)]
    return SheetPrint(COLUMNS, print_matrix({c: rows[c].tolist() for c in COLUMNS}, COLUMNS, len(rows)),
                      tuple(rows.id))


def _merge(master: pd.DataFrame, copy: pd.DataFrame, printed: SheetPrint, portfolio: Portfolio = CLAIRE):
    index = ProspectIndex.from_frame(master)
    state = _state(master, index)
    return state, merge_keyed(state, copy, printed, CopyMerge(portfolio, index))


@pytest.mark.parametrize("copy_value, master_value, written, conflict", [
    ("M. A", "M. A", None, False),        # nobody changed
    ("Mme C", "M. A", "Mme C", False),    # only the copy changed
    ("M. A", "M. Z", None, False),        # only the master changed
    ("Mme C", "Mme C", None, False),      # same change both sides
    ("Mme C", "M. Z", None, True),        # both changed differently
])
def test_three_way_cell_merge(copy_value: str, master_value: str, written: str | None, conflict: bool) -> None:
    split = _print(_frame(), ["P1"])
    state, outcome = _merge(_frame(P1__decision_maker=master_value),
                            _frame(P1__decision_maker=copy_value)[lambda f: f.id == "P1"], split)
    assert [c.value for c in outcome.changes] == ([written] if written else [])
    assert [c.reason for c in outcome.conflicts] == ([Reason.BOTH_CHANGED] if conflict else [])
    assert state.cells["P1"]["decision_maker"] == (written or master_value)


def test_a_copy_cannot_write_a_row_it_does_not_own() -> None:
    """Claire's copy, tampered to hold Julien's row with the fingerprints of a split."""
    forged = _print(_frame(), ["P1", "P2"])
    state, outcome = _merge(_frame(), _frame(P2__decision_maker="Piraté"), forged)
    assert outcome.changes == [] and [c.reason for c in outcome.conflicts] == [Reason.NOT_OWNED]
    assert state.cells["P2"]["decision_maker"] == "M. B"


def test_a_salesperson_cannot_hand_his_prospect_over_nor_take_one() -> None:
    """Claire sets Julien as the salesperson of her P1 (and fixes its decision-maker):
    the decision-maker is merged, the owner is not: a reassignment is the master's."""
    split = _print(_frame(), ["P1"])
    copy = _frame(P1__owner="Julien Caron", P1__decision_maker="Mme C")[lambda f: f.id == "P1"]
    state, outcome = _merge(_frame(), copy, split)
    assert [(c.column, c.value) for c in outcome.changes] == [("decision_maker", "Mme C")]
    assert [(c.key, c.column, c.copy, c.reason) for c in outcome.conflicts] == [
        ("P1", "owner", "Julien Caron", Reason.LEAVES_PORTFOLIO)]
    assert state.cells["P1"]["owner"] == "Claire Morel"


def test_a_manager_reassigns_within_his_market_but_not_out_of_it() -> None:
    habitat = Portfolio(Role.MANAGER, "Habitat")
    split = _print(_frame(), ["P2"])
    moved = _frame(P2__owner="Claire Morel")[lambda f: f.id == "P2"]
    state, outcome = _merge(_frame(), moved, split, habitat)
    assert [(c.column, c.value) for c in outcome.changes] == [("owner", "Claire Morel")] and not outcome.conflicts
    out = _frame(P2__segment="Santé")[lambda f: f.id == "P2"]
    state, outcome = _merge(_frame(), out, split, habitat)
    assert outcome.changes == [] and [c.reason for c in outcome.conflicts] == [Reason.LEAVES_PORTFOLIO]


def test_the_director_may_reassign() -> None:
    split = _print(_frame(), ["P1", "P2"])
    state, outcome = _merge(_frame(), _frame(P1__owner="Julien Caron"), split, Portfolio(Role.DIRECTOR))
    assert [(c.key, c.value) for c in outcome.changes] == [("P1", "Julien Caron")]
    assert state.owners["P1"].owners == {"julien caron"}


def _new(**values: str) -> pd.DataFrame:
    return pd.DataFrame([values], index=[9])


def test_a_salespersons_new_prospect_is_his_and_gets_the_next_id() -> None:
    split = _print(_frame(), ["P1"])
    copy = pd.concat([_frame()[lambda f: f.id == "P1"], _new(id=None, decision_maker="Mme N", owner=None,
                                                              segment="Santé")])
    state, outcome = _merge(_frame(), copy, split)
    assert [(r.key, r.values["owner"], r.numbered, r.owner_filled) for r in outcome.added] == [
        ("P3", "Claire Morel", True, True)]
    assert state.owners["P3"].owners == {"claire morel"} and not outcome.conflicts


def test_a_new_row_for_someone_else_is_listed_not_added() -> None:
    copy = pd.concat([_frame()[lambda f: f.id == "P1"], _new(id="P7", decision_maker="M. X", owner="Julien Caron",
                                                              segment="Santé")])
    _, outcome = _merge(_frame(), copy, _print(_frame(), ["P1"]))
    assert outcome.added == [] and [(c.key, c.copy, c.reason) for c in outcome.conflicts] == [
        ("P7", "Julien Caron", Reason.NEW_NOT_OWNED)]


def test_a_row_deleted_in_the_copy_is_listed_and_kept() -> None:
    state, outcome = _merge(_frame(), _frame()[lambda f: f.id == "P2"], _print(_frame(), ["P1", "P2"]),
                            Portfolio(Role.DIRECTOR))
    assert [(c.key, c.reason) for c in outcome.conflicts] == [("P1", Reason.DELETED_IN_COPY)]
    assert "P1" in state.cells and outcome.changes == []


NAMES = st.text(st.characters(codec="utf-8"), max_size=300) | st.sampled_from(
    ["CON", "nul", "Com1", "LPT²", "CONIN$", "Direction", "direction.", " DIRECTION ", "Marché Santé",
     "Marche\u0301 Sante\u0301", "Marché Habitat (commercial)", ".cache", "~$verrou", "a" * 300, "é" * 300])


@given(st.lists(NAMES, min_size=1, max_size=8), st.sampled_from([FILE_PATTERN, "{name}.xlsx", "{workbook}_{name}.xlsx"]))
def test_file_names_are_valid_unique_and_never_a_roles(names: list[str], pattern: str) -> None:
    """Whatever salespeople are called: Windows-valid names that fit, distinct
    ignoring case, and never the director's or a manager's file."""
    people = [Portfolio(Role.SALESPERSON, n) for n in dict.fromkeys(names)]
    roles = [Portfolio(Role.DIRECTOR), *(Portfolio(Role.MANAGER, m) for m in ("Santé", "Habitat"))]
    made = file_names("prospects", people + roles, pattern)
    every = list(made.values())
    assert len({unicodedata.normalize("NFC", n).casefold() for n in every}) == len(every)
    for name in every:
        assert not set('<>:"/\\|?*') & set(name) and all(ord(ch) >= 32 for ch in name)
        assert not name.endswith((" ", ".")) and not name.startswith((".", "~$", " "))
        assert name.split(".")[0].rstrip().upper() not in RESERVED
        assert len(name) <= MAX_CHARS and len(name.encode("utf-8")) <= MAX_BYTES
    kept = role_file_names("prospects", pattern)
    assert all(unicodedata.normalize("NFC", made[p]).casefold() not in kept for p in people)
    assert made[Portfolio(Role.DIRECTOR)] == pattern.format(workbook="prospects", name="Direction")


def test_a_first_deal_takes_the_deals_own_numbering() -> None:
    """The master's deals sheet is empty: the copy's deal without ID becomes AF-1, not P0001."""
    index = ProspectIndex.from_frame(PROSPECTS)
    empty = pd.DataFrame(columns=["deal_id", "prospect_id", "owner"], dtype=object)
    state = sheet_state(empty, DEAL_RULE, ["deal_id", "prospect_id", "owner"], index, [])
    printed = SheetPrint(("deal_id", "prospect_id", "owner"), np.zeros((0, 3), dtype=np.uint64), ())
    copy = pd.DataFrame([{"deal_id": None, "prospect_id": "P1", "owner": None},
                         {"deal_id": "af-1", "prospect_id": "P1", "owner": "Claire Morel"}])
    outcome = merge_keyed(state, copy, printed, CopyMerge(CLAIRE, index))
    assert [(r.key, r.numbered) for r in outcome.added] == [("AF-1", True), ("AF-2", True)]
