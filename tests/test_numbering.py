"""New IDs follow the sheet's own pattern (issue 17: rows a copy brings back, prospects
a job creates)."""

from __future__ import annotations

import pytest

from sicxl.numbering import IdSequence


def _next(ids: list, first: str = "P0001", taken: set[str] = frozenset(), count: int = 1) -> list[str]:
    sequence = IdSequence(ids, first)
    return [sequence.next(lambda candidate: candidate.upper() in taken) for _ in range(count)]


@pytest.mark.parametrize("ids, expected", [
    (["P0001", "P0002", "P0123"], ["P0124", "P0125"]),       # zero-padded
    (["AF-1", "AF-57", "AF-9"], ["AF-58", "AF-59"]),         # not padded, highest, not last
    (["T1001", "T3005"], ["T3006", "T3007"]),                # digits without leading zero
    (["p0010", "P0011", "P0012"], ["P0013", "P0014"]),       # case: the most frequent spelling
    (["P9999", "P0001"], ["P10000", "P10001"]),              # the width grows, never truncates
    (["MAIRIE-POISSY", " P007 ", None, 12.0, "CLI-3", "P008"], ["P009", "P010"]),  # odd IDs ignored
    (["CLI-3", "CLI-4", "P0001"], ["CLI-5", "CLI-6"]),       # the most frequent prefix
])
def test_the_next_ids_follow_the_pattern(ids: list, expected: list[str]) -> None:
    assert _next(ids, count=2) == expected


def test_a_sheet_without_ids_starts_from_the_first() -> None:
    assert _next([], "P0001", count=2) == ["P0001", "P0002"]
    assert _next(["sans numéro"], "AF-1") == ["AF-1"]


def test_taken_ids_are_skipped() -> None:
    """An ID a copy already added (or typed in lower case) is never given twice."""
    assert _next(["P0001", "P0002"], taken={"P0003", "P0004"}) == ["P0005"]
