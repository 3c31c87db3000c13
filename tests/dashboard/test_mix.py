"""Revenue mix by contract type and by customer type: the sample reproduces the reference mix."""

from __future__ import annotations

import pytest

from sicxl.dashboard.inputs import read_contracts, service_code
from sicxl.dashboard.mix import mix
from sicxl.jobs.base import load_table
from sicxl.schema.dashboard import CONTRACTS, CUSTOMER_TYPE
from sicxl.values import format_number

CODES = ["P1", "P2", "P3", "P4"]
REFERENCE = {"P1": ("40,2", "65,47"), "P2": ("8,15", "13,27"), "P3": ("4,9", "7,99"), "P4": ("8,15", "13,27")}


def test_sample_reproduces_the_reference_mix(sample_source) -> None:
    contracts = read_contracts(load_table(sample_source, CONTRACTS))
    assert contracts.issues == []
    result = mix(contracts.frame["service"], contracts.frame["amount"], CODES)
    for code, (millions, share) in REFERENCE.items():
        amount = result.loc[code, "amount"] / 1000
        assert format_number(amount, 2).rstrip("0").rstrip(",") == millions
        assert format_number(result.loc[code, "share"] * 100, 2) == share
    assert result["share"].sum() == pytest.approx(1.0)


def test_customer_mix_covers_every_contract(sample_source) -> None:
    contracts = read_contracts(load_table(sample_source, CONTRACTS))
    result = mix(contracts.frame["customer_type"], contracts.frame["amount"], CUSTOMER_TYPE.choices)
    assert result["amount"].sum() == pytest.approx(61404)
    assert result.loc[None, "amount"] == 0
    assert result.loc["Collectivité", "share"] > result.loc["Industrie", "share"]


def test_unknown_categories_fall_into_the_rest_and_shares_add_up() -> None:
    result = mix(["P1", "P2", None, "P9"], [600, 300, 50, 50], CODES)
    assert result.loc["P1", "share"] == pytest.approx(0.6)
    assert result.loc[None, "amount"] == 100
    assert result.loc["P3", "amount"] == 0
    assert result["share"].sum() == pytest.approx(1.0)


def test_empty_portfolio_has_undefined_shares() -> None:
    result = mix([], [], CODES)
    assert result["amount"].sum() == 0
    assert result["share"].isna().all()


@pytest.mark.parametrize("typed,code", [("P1 énergie", "P1"), ("p2", "P2"), ("P3 - garantie totale", "P3"),
                                        ("Gros renouvellement", None), (None, None)])
def test_service_code_matches_the_sheet_criterion(typed: str | None, code: str | None) -> None:
    assert service_code(typed) == code
