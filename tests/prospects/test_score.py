import math

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from sicxl.jobs.base import MemorySource, load_table
from sicxl.prospects.parameters import defaults, parameters_sheet, read_parameters
from sicxl.prospects.score import categorize, line_potentials, score_prospects
from sicxl.messages.prospects import NOT_ESTIMATED
from sicxl.schema.prospects import PARAMETERS


def _frame(**columns):
    length = max(len(v) for v in columns.values())
    return pd.DataFrame({k: v for k, v in columns.items()}, index=range(2, 2 + length), dtype=object)


def test_potential_per_line_follows_the_parameters():
    params = defaults()
    frame = _frame(population=[20000], pools=[1], ice_rinks=[0], gyms=[3], other_venues=[8])
    lines = line_potentials(frame, params).iloc[0]
    assert lines["energy"] == pytest.approx(20000 * 0.03 + 200 + 3 * 20 + 8 * 10)
    assert lines["water"] == pytest.approx(240) and lines["waste"] == pytest.approx(300)
    assert lines["transport"] == pytest.approx(400)


def test_small_communes_have_no_urban_transport():
    lines = line_potentials(_frame(population=[3000]), defaults()).iloc[0]
    assert lines["transport"] == 0


def test_lines_the_group_already_serves_are_not_new_business_but_a_relation():
    params = defaults()
    frame = _frame(population=[20000, 20000], provider_water=["Groupe", "Veolia Eau"], heat=[None, None])
    result = score_prospects(frame, params)
    assert result.potential.iloc[1] - result.potential.iloc[0] == pytest.approx(240)
    assert "Déjà client du groupe (eau)" in result.factors.iloc[0]
    assert result.score.iloc[0] > result.score.iloc[1] - 5


def test_a_big_hot_commune_with_pools_is_strategic_and_says_why():
    frame = _frame(population=[80000, 1200], pools=[3, 0], ice_rinks=[1, 0], gyms=[10, 0], other_venues=[30, 1],
                   heat=["Chaud", "Froid"], decision_maker=["M. Jean Martin", None])
    result = score_prospects(frame, defaults())
    assert result.category.tolist() == ["Stratégique", "Accessible"]
    assert result.factors.iloc[0].startswith("Potentiel de")
    assert "3 piscines, 1 patinoire, 10 gymnases" in result.factors.iloc[0]
    assert 0 <= result.score.iloc[1] < result.score.iloc[0] <= 100


def test_category_thresholds_are_parameters():
    params = defaults()
    assert categorize(60, params) == "Stratégique" and categorize(59, params) == "Important"
    assert categorize(37, params) == "Important" and categorize(36, params) == "Accessible"
    params.values["threshold_strategic"] = 90
    assert categorize(70, params) == "Important"


def _parameters_source(rows):
    header = [c.header for c in PARAMETERS.columns]
    return MemorySource.from_rows({"Paramètres": [header, *rows]})


def test_parameters_are_read_and_bad_ones_reported():
    source = _parameters_source([
        ["Poids : potentiel", "80", ""],
        ["Seuil : Stratégique", "soixante", ""],
        ["Bonus soleil", 3, ""],
        ["Énergie : k€ par piscine", "-5", ""],
    ])
    params, problems = read_parameters(load_table(source, PARAMETERS))
    assert params["weight_potential"] == 80
    assert params["threshold_strategic"] == 60  # default kept
    assert any("« soixante »" in p and "(B3)" in p for p in problems)
    assert any("« Bonus soleil » n'est pas un paramètre connu" in p for p in problems)
    assert any("négative" in p for p in problems)


def test_disordered_thresholds_fall_back_to_defaults():
    source = _parameters_source([["Seuil : Important", 80, ""], ["Seuil : Stratégique", 60, ""]])
    params, problems = read_parameters(load_table(source, PARAMETERS))
    assert (params["threshold_important"], params["threshold_strategic"]) == (37, 60)
    assert problems


def test_the_default_sheet_explains_every_value():
    sheet = parameters_sheet()
    assert sheet.rows[0] == ["Paramètre", "Valeur", "Commentaire"]
    assert all(row[2] for row in sheet.rows[1:])
    read_back, problems = read_parameters(load_table(_parameters_source(sheet.rows[1:]), PARAMETERS))
    assert not problems and read_back.values == defaults().values


cells = st.one_of(st.none(), st.text(max_size=12), st.integers(-10**6, 10**7),
                  st.floats(allow_nan=True, allow_infinity=True))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(cells, cells, cells, cells, cells, st.sampled_from(["Chaud", "Tiède", "Froid", None])),
                min_size=1, max_size=20))
def test_score_never_crashes_and_stays_in_range(rows):
    frame = _frame(population=[r[0] for r in rows], pools=[r[1] for r in rows], ice_rinks=[r[2] for r in rows],
                   gyms=[r[3] for r in rows], provider_water=[r[4] for r in rows], heat=[r[5] for r in rows])
    result = score_prospects(frame, defaults())
    for score, potential, category, missing in zip(result.score, result.potential, result.category, result.missing):
        if missing is None:
            assert 0 <= score <= 100 and not math.isnan(potential) and potential >= 0
            assert category in {"Accessible", "Important", "Stratégique"}
        else:  # never a number computed from absent inputs
            assert score == potential == f"non estimé : {NOT_ESTIMATED[missing]}" and category == "À qualifier"


def test_the_default_categories_spread_over_the_communes_of_78_and_95_as_documented():
    """Issue 14: on the real communes of Yvelines and Val-d'Oise (1,000 inhabitants or
    more, the sample's population) with the sample's other columns, the categories
    spread as `Paramètres` says (DEFAULT_SHARES, written in its comments), none
    holding most rows; and the big towns are told apart, not tied at the top."""
    import random
    from collections import Counter

    from sicxl.prospects.parameters import DEFAULT_SHARES, PARAMETERS_LIST
    from sicxl.reference.communes import communes
    from sicxl.samples.prospects import SEED, commune_rows

    territory = [c for c in communes().all() if c.department in ("78", "95") and (c.population or 0) >= 1000]
    rows = commune_rows(random.Random(SEED), len(territory))
    frame = pd.DataFrame(rows, index=range(2, 2 + len(rows)), dtype=object)
    result = score_prospects(frame, defaults(), explain=False)
    shares = {name: count / len(rows) for name, count in Counter(result.category).items()}
    assert len(rows) == 244
    for name, documented in DEFAULT_SHARES.items():
        assert abs(shares[name] - documented) < 0.01, (name, shares[name])
        assert shares[name] < 0.5
    thresholds = next(p for p in PARAMETERS_LIST if p.key == "threshold_important")
    assert "Accessible 44" in thresholds.comment and "Stratégique 20" in thresholds.comment
    big = frame["population"] >= 25000
    assert result.score[big].nunique() >= 0.5 * big.sum()  # the towns above 25,000 inhabitants are ranked
