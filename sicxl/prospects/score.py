"""A prospect's yearly revenue potential, its score, its category and why.

The estimate is deliberately a transparent rule, not a model: the team must be
able to read and argue every figure. Each service line of the group (energy,
water, transport, waste) gets a potential from the prospect's size (population)
and its energy-hungry venues (pools, ice rinks, gyms, other public venues);
lines the group already serves are not new business and count as a relation.
The score (0-100) mixes the potential, on a logarithmic scale (a 3 M€ commune
is not twice as interesting as a 1.5 M€ one for a salesperson's time), with how
accessible the prospect is: existing relation, temperature, known decision-maker.
All weights and thresholds come from sheet `Paramètres`.

A potential is never computed from absent inputs: a commune (or a row whose
type is not given) needs its population, another organisation its population
or its venues. Without them the potential and the score cells say why
("non estimé : population absente") and the category is "À qualifier": a zero
would rank a city of 85,000 inhabitants among the villages.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sicxl.messages import prospects as msg
from sicxl.prospects.parameters import ScoreParameters
from sicxl.schema.prospects import CATEGORIES, UNQUALIFIED
from sicxl.values import fold

LINES = ("energy", "water", "transport", "waste")
PROVIDER_KEYS = {line: f"provider_{line}" for line in LINES}
HEAT_POINTS = {"Chaud": 100.0, "Tiède": 60.0, "Froid": 20.0}
UNKNOWN_HEAT_POINTS = 30.0
MAX_FACTORS = 3
MAX_COUNT = 1e9  # beyond any real population or venue count; keeps casts finite
VENUE_KEYS = ("pools", "ice_rinks", "gyms", "other_venues")
SIZED_BY_POPULATION = ("Collectivité", None)  # segments whose potential needs the population
# Why a potential cannot be estimated (ScoreResult.missing)
NO_POPULATION = "population"
BAD_POPULATION = "unreadable population"
NO_SIZE = "size"


@dataclass
class ScoreResult:
    """Per row: the potential (k€ per year, new business only) and the score (0-100),
    or for a row that cannot be estimated the French reason in both; the category
    ("À qualifier" then); the factors in words; and the potential per line."""

    potential: pd.Series
    score: pd.Series
    category: pd.Series
    factors: pd.Series
    lines: pd.DataFrame
    missing: pd.Series  # NO_POPULATION, BAD_POPULATION, NO_SIZE or None, per row


def _known(frame: pd.DataFrame, key: str) -> np.ndarray:
    """The numbers of a column, NaN where the cell is empty (or the column absent)."""
    if key not in frame:
        return np.full(len(frame), np.nan)
    numbers = pd.to_numeric(frame[key], errors="coerce").to_numpy(dtype=float)
    return np.where(np.isfinite(numbers), numbers.clip(0, MAX_COUNT), np.nan)


def sizes(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Population and venue counts as numbers, NaN where unknown: read once, used by
    the potential, the missing inputs and the factors."""
    return {key: _known(frame, key) for key in ("population", *VENUE_KEYS)}


def _counts(known: dict[str, np.ndarray], key: str) -> np.ndarray:
    """A size with an unknown count read as none (for venues beside a known
    population, and in the formula once estimability is decided)."""
    return np.nan_to_num(known[key], nan=0.0)


def missing_inputs(frame: pd.DataFrame, unreadable: Collection[int] = (),
                   known: dict[str, np.ndarray] | None = None) -> pd.Series:
    """Why each row's potential cannot be estimated, None when it can.

    A commune's potential is its population's (its venues add to it); a row
    whose type is not given is read the same way, since most prospect files
    hold communes. Another organisation (hospital, housing office...) is sized
    by its venues or, if given, its population. `unreadable`: rows whose
    population cell holds something that is not a number ("douze")."""
    known = known if known is not None else sizes(frame)
    population = ~np.isnan(known["population"])
    venues = np.zeros(len(frame), dtype=bool)
    for key in VENUE_KEYS:
        venues |= ~np.isnan(known[key])
    segments = frame["segment"].tolist() if "segment" in frame else [None] * len(frame)
    by_population = np.array([s in SIZED_BY_POPULATION for s in segments], dtype=bool)
    reasons = pd.Series(np.where(by_population & ~population, NO_POPULATION,
                                 np.where(~by_population & ~population & ~venues, NO_SIZE, None)),
                        index=frame.index, dtype=object)
    if unreadable:
        bad = reasons.index.isin(list(unreadable)) & (reasons == NO_POPULATION).to_numpy()
        reasons[bad] = BAD_POPULATION
    return reasons


def line_potentials(frame: pd.DataFrame, params: ScoreParameters,
                    known: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """Yearly revenue per service line (k€), before removing lines already served."""
    known = known if known is not None else sizes(frame)
    population = _counts(known, "population")
    energy = (
        population * params["energy_per_inhabitant"]
        + _counts(known, "pools") * params["energy_per_pool"]
        + _counts(known, "ice_rinks") * params["energy_per_ice_rink"]
        + _counts(known, "gyms") * params["energy_per_gym"]
        + _counts(known, "other_venues") * params["energy_per_venue"]
    )
    transport = np.where(
        population >= params["transport_min_population"], population * params["transport_per_inhabitant"], 0.0
    )
    return pd.DataFrame(
        {
            "energy": energy,
            "water": population * params["water_per_inhabitant"],
            "transport": transport,
            "waste": population * params["waste_per_inhabitant"],
        },
        index=frame.index,
    )


def served_lines(frame: pd.DataFrame, params: ScoreParameters) -> pd.DataFrame:
    """True where the incumbent named in a `Prestataire` column is the group itself."""
    names = [fold(n) for n in params.group_names]
    served = {}
    for line, key in PROVIDER_KEYS.items():
        column = frame[key] if key in frame else pd.Series([None] * len(frame), index=frame.index)
        served[line] = [
            bool(value) and any(name and name in fold(value) for name in names) for value in column.tolist()
        ]
    return pd.DataFrame(served, index=frame.index, dtype=bool)


def held_by_others(frame: pd.DataFrame, served: pd.DataFrame) -> pd.DataFrame:
    held = {}
    for line, key in PROVIDER_KEYS.items():
        column = frame[key] if key in frame else pd.Series([None] * len(frame), index=frame.index)
        held[line] = column.notna().to_numpy() & ~served[line].to_numpy()
    return pd.DataFrame(held, index=frame.index, dtype=bool)


def potential_points_of(potential: np.ndarray, params: ScoreParameters) -> np.ndarray:
    """0 at the floor potential, 100 at the reference, logarithmic in between: doubling
    a potential always adds the same points, as a salesperson's interest does."""
    floor = max(float(params["floor_potential"]), 1.0)
    reference = max(float(params["reference_potential"]), floor * 1.01)
    ratio = np.log(np.maximum(potential, floor) / floor) / np.log(reference / floor)
    return np.clip(ratio, 0.0, 1.0) * 100


def categorize(score: float, params: ScoreParameters) -> str:
    """The category of a score: the thresholds are parameters (see parameters.py for
    the shares they give on the communes of Yvelines and Val-d'Oise)."""
    accessible, important, strategic = CATEGORIES
    if score >= params["threshold_strategic"]:
        return strategic
    if score >= params["threshold_important"]:
        return important
    return accessible


def score_prospects(frame: pd.DataFrame, params: ScoreParameters, reachable: pd.Series | None = None,
                    explain: bool = True, unreadable: Collection[int] = ()) -> ScoreResult:
    """Score every row of a clean prospect frame (typed values, see reading.py).

    `reachable` says which rows have a valid phone or e-mail; by default, any.
    `unreadable`: rows whose population cell could not be read (their reason says so).
    `explain=False` leaves the factors empty: a cell asking for scores only
    (SIC_SCORE over 10,000 rows) need not spend most of its time wording them.
    """
    known = sizes(frame)
    lines = line_potentials(frame, params, known)
    served = served_lines(frame, params)
    new_business = lines.where(~served, 0.0)
    potential = new_business.sum(axis=1)

    potential_points = potential_points_of(potential.to_numpy(), params)
    relation_points = served.any(axis=1).astype(float) * 100
    heat = frame["heat"] if "heat" in frame else pd.Series([None] * len(frame), index=frame.index)
    heat_points = heat.map(lambda h: HEAT_POINTS.get(h, UNKNOWN_HEAT_POINTS)).astype(float)
    if reachable is None:
        reachable = pd.Series(True, index=frame.index)
    decision_maker = frame["decision_maker"].notna() if "decision_maker" in frame else pd.Series(False, index=frame.index)
    contact_points = decision_maker.astype(float) * 50 + reachable.astype(float) * 50

    weights = {
        "potential": params["weight_potential"],
        "relation": params["weight_relation"],
        "heat": params["weight_heat"],
        "contact": params["weight_contact"],
    }
    total_weight = sum(weights.values()) or 1.0
    contributions = pd.DataFrame(
        {
            "potential": potential_points * weights["potential"] / total_weight,
            "relation": relation_points * weights["relation"] / total_weight,
            "heat": heat_points * weights["heat"] / total_weight,
            "contact": contact_points * weights["contact"] / total_weight,
        },
        index=frame.index,
    )
    score = contributions.sum(axis=1).round().clip(0, 100).astype(int)
    missing = missing_inputs(frame, unreadable, known)
    estimated = missing.isna().to_numpy()
    category = pd.Series([categorize(s, params) if ok else UNQUALIFIED for s, ok in zip(score.tolist(), estimated)],
                         index=frame.index, dtype=object)
    factors = (_factors(known, new_business, potential, served, held_by_others(frame, served),
                        contributions, heat, decision_maker, reachable) if explain
               else pd.Series("", index=frame.index, dtype=object))
    unknown = {reason: msg.not_estimated(reason) for reason in set(missing.dropna())}
    return ScoreResult(
        _or_reason(potential.round(1), missing, unknown),
        _or_reason(score, missing, unknown),
        category,
        _or_reason(factors, missing, {reason: msg.factor_missing(reason) for reason in unknown}),
        new_business,
        missing,
    )


def _or_reason(values: pd.Series, missing: pd.Series, texts: dict[str, str]) -> pd.Series:
    """The values, the French reason in place of those that cannot be estimated."""
    return pd.Series([texts[r] if r else v for v, r in zip(values.tolist(), missing.tolist())],
                     index=values.index, dtype=object)


def _factors(known: dict[str, np.ndarray], lines: pd.DataFrame, potential: pd.Series, served: pd.DataFrame,
             held: pd.DataFrame, contributions: pd.DataFrame, heat: pd.Series, decision_maker: pd.Series,
             reachable: pd.Series) -> pd.Series:
    """The contributions that weigh most in each score, in words, heaviest first.

    Everything that repeats (which lines are served, the venues, the heat) is
    worded once per distinct value; only the amounts are worded row by row, a
    block of rows at a time: the rows' numbers as Python lists cost ten times
    the arrays they come from, which on a million rows is a gigabyte at once."""
    venues = np.column_stack([_counts(known, key).astype(int) for key in ("pools", "ice_rinks", "gyms")])
    served_by, held_by = _lines_of(served), _lines_of(held)
    wording = _Wording(
        venues={v: msg.factor_venues(*v) for v in set(map(tuple, np.unique(venues, axis=0).tolist())) if any(v)},
        clients={s: msg.factor_client(s) for s in set(served_by) if s},
        competitors={h: msg.factor_competitor(h) for h in set(held_by) if h},
    )
    parts, totals = lines[list(LINES)].to_numpy(), potential.to_numpy()
    weights = contributions[["potential", "relation", "heat", "contact"]].to_numpy()
    heat_values, known_people, reach = heat.to_numpy(), decision_maker.to_numpy(), reachable.to_numpy()
    texts: list[str] = []
    for start in range(0, len(totals), _FACTOR_BLOCK):
        block = slice(start, start + _FACTOR_BLOCK)
        texts.extend(wording.row(*row) for row in zip(
            parts[block].tolist(), totals[block].tolist(), map(tuple, venues[block].tolist()),
            served_by[block], held_by[block], weights[block].tolist(), heat_values[block].tolist(),
            known_people[block].tolist(), reach[block].tolist()))
    return pd.Series(texts, index=potential.index, dtype=object)


_FACTOR_BLOCK = 65_536  # rows worded at once (_factors)


@dataclass
class _Wording:
    """The words of what repeats, each worded once; `row` ranks one row's factors."""

    venues: dict[tuple[int, ...], str]
    clients: dict[tuple[str, ...], str]
    competitors: dict[tuple[str, ...], str]

    def row(self, parts: list[float], total: float, venue: tuple[int, ...], served_lines: tuple[str, ...],
            held_lines: tuple[str, ...], weights: list[float], heat_value: object, known: bool,
            can_reach: bool) -> str:
        potential_weight, relation_weight, heat_weight, contact_weight = weights
        ranked: list[tuple[float, str]] = [(potential_weight, msg.factor_potential(total, zip(LINES, parts)))]
        if venue in self.venues:
            ranked.append((potential_weight * 0.99, self.venues[venue]))
        if served_lines:
            ranked.append((relation_weight, self.clients[served_lines]))
        if held_lines:
            ranked.append((0.1, self.competitors[held_lines]))
        if heat_value in HEAT_POINTS:
            ranked.append((heat_weight, msg.factor_heat(heat_value)))
        if not can_reach:
            ranked.append((0.2, msg.FACTOR_UNREACHABLE))
        elif known:
            ranked.append((contact_weight, msg.FACTOR_DECISION_MAKER))
        ranked.sort(key=_weight_first)
        return " ; ".join(text for _, text in ranked[:MAX_FACTORS])


def _lines_of(flags: pd.DataFrame) -> list[tuple[str, ...]]:
    """For each row, the lines whose flag is set, in LINES order."""
    return [tuple(line for line, flag in zip(LINES, row) if flag) for row in flags[list(LINES)].to_numpy().tolist()]


def _weight_first(item: tuple[float, str]) -> float:
    return -item[0]
