"""The stratified draw: exclusions, allocation kept, pilot, reproducibility."""

import pandas as pd
import pytest

from sicxl.survey.clients import read_clients
from sicxl.survey.draw import draw_sample, pilot_count
from sicxl.survey.plan import plan_sample
from sicxl.survey.settings import SurveySettings


def clients(count: int = 300) -> pd.DataFrame:
    markets = ["Tertiaire", "Habitat public", "Habitat privé", "Collectivités", "Santé"]
    frame = pd.DataFrame({
        "id": [f"CL{i:04d}" for i in range(1, count + 1)],
        "name": [f"Client {i}" for i in range(1, count + 1)],
        "market": [markets[i % 5] for i in range(count)],
        "surveyed_last_year": ["oui" if i % 4 == 0 else "non" for i in range(count)],
    }, index=pd.RangeIndex(2, count + 2, name="row"))
    return read_clients(frame)[0]


@pytest.mark.parametrize("n, pilot", [(110, 6), (100, 5), (30, 2), (10, 1), (1, 1), (0, 0)])
def test_pilot_is_5_percent_of_the_sample_and_at_least_one(n: int, pilot: int) -> None:
    assert pilot_count(n, 0.05) == pilot


def test_last_years_respondents_are_never_drawn() -> None:
    frame = clients()
    plan = plan_sample(frame, SurveySettings(sample_size=200, seed=7))
    assert plan.sample["eligible"].all()
    assert plan.excluded == 75
    assert not set(plan.sample["id"]) & set(frame.loc[~frame["eligible"], "id"])


def test_each_market_gets_its_allocation() -> None:
    plan = plan_sample(clients(), SurveySettings(sample_size=50, seed=7))
    assert plan.sample["market"].value_counts().to_dict() == {m: n for m, n in plan.allocation.items() if n}
    assert len(plan.sample) == 50 and plan.sample["id"].is_unique


def test_pilot_subset_marked_within_the_sample() -> None:
    plan = plan_sample(clients(), SurveySettings(sample_size=110, seed=7))
    assert plan.sample["pilot"].sum() == plan.pilot == 6


def test_same_seed_same_sample_other_seed_other_sample() -> None:
    frame = clients()
    first = plan_sample(frame, SurveySettings(sample_size=60, seed=2026)).sample
    again = plan_sample(frame, SurveySettings(sample_size=60, seed=2026)).sample
    other = plan_sample(frame, SurveySettings(sample_size=60, seed=2027)).sample
    assert list(first["id"]) == list(again["id"]) and list(first["pilot"]) == list(again["pilot"])
    assert list(first["id"]) != list(other["id"])


def test_draw_keeps_the_sheet_order_within_a_stratum() -> None:
    frame = clients(50)
    sample = draw_sample(frame, {"Santé": 5}, seed=1, pilot_share=0.05)
    assert list(sample.index) == sorted(sample.index)


def test_sample_size_computed_from_margin_and_confidence_over_the_population() -> None:
    plan = plan_sample(clients(1000), SurveySettings(sample_size=None, margin=0.05, confidence=0.95))
    assert plan.requested == 278 and plan.size_source == "computed"
    assert plan.size == 278  # 750 customers can be drawn
