"""From the customer list and the parameters to the drawn sample.

The steps of issue 6: the sample size is the one given in `Paramètres`, or
computed from the margin of error and confidence over the whole customer
population (`sample_size`); it is shared between markets (`allocation`) within
what each market can give once last year's respondents are excluded; then drawn
with the seed (`draw`). Any step that cannot be followed as asked is reported as
an `Issue` and the nearest sound choice is made (the whole eligible population
when the sample is larger; one per market when it is smaller than the number of
markets), so that the sheet always says what was actually done.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from sicxl.messages import survey as msg
from sicxl.schema.survey import CLIENTS, PARAMETERS
from sicxl.survey.allocation import allocate
from sicxl.survey.clients import population_by_market
from sicxl.survey.draw import draw_sample, pilot_count
from sicxl.survey.issues import Issue
from sicxl.survey.sample_size import margin_of_error, sample_size
from sicxl.survey.settings import SurveySettings
from sicxl.values import ValueProblem

GIVEN = "given"
COMPUTED = "computed"


@dataclass
class SamplePlan:
    population: dict[str, int]  # customers per market (N_h)
    eligible: dict[str, int]  # customers that may be drawn per market
    requested: int  # the size asked for (given or computed)
    size: int  # the size drawn
    size_source: str  # GIVEN or COMPUTED
    allocation: dict[str, int]
    method: str
    seed: int
    pilot: int
    margin: float  # margin of error that the drawn size gives, at the chosen confidence
    sample: pd.DataFrame  # drawn rows of the client frame, with `pilot`
    issues: list[Issue] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.population.values())

    @property
    def excluded(self) -> int:
        return self.total - sum(self.eligible.values())


def _requested_size(settings: SurveySettings, total: int, issues: list[Issue]) -> tuple[int, str]:
    if settings.sample_size is not None:
        return settings.sample_size, GIVEN
    try:
        return sample_size(total, settings.margin, settings.confidence, settings.expected_rate), COMPUTED
    except ValueProblem as problem:
        issues.append(Issue(msg.KIND_PARAMETER, str(problem), settings.rows.get("margin"), "value",
                            PARAMETERS.name))
        return sample_size(total, 0.05, 0.95, 0.5), COMPUTED


def _achieved_margin(size: int, total: int, settings: SurveySettings) -> float:
    try:
        return margin_of_error(size, total, settings.confidence, settings.expected_rate)
    except ValueProblem:  # already reported when the size was computed
        return math.nan


def plan_sample(clients: pd.DataFrame, settings: SurveySettings) -> SamplePlan:
    """Size, allocation and draw. `clients`: the frame of `clients.read_clients`."""
    issues: list[Issue] = []
    readable = clients[clients["market"].notna()]
    population = population_by_market(readable)
    eligible = population_by_market(readable.loc[readable["eligible"].astype(bool)])
    for market, count in population.items():
        if count == 0:
            issues.append(Issue(msg.KIND_STRATUM, msg.stratum_empty(market), None, "market", CLIENTS.name))
        elif eligible[market] == 0:
            issues.append(Issue(msg.KIND_STRATUM, msg.stratum_all_excluded(market, count), None, "market",
                                CLIENTS.name))
    requested, source = _requested_size(settings, sum(population.values()), issues)
    size_row = settings.rows.get("sample_size" if source == GIVEN else "margin")
    available = sum(eligible.values())
    open_strata = sum(1 for n in eligible.values() if n > 0)
    size = requested
    if requested > available:
        issues.append(Issue(msg.KIND_SIZE, msg.sample_larger(requested, available, sum(population.values())),
                            size_row, "value", PARAMETERS.name))
        size = available
    elif 0 < requested < open_strata:
        issues.append(Issue(msg.KIND_SIZE, msg.sample_too_small(requested, open_strata), size_row, "value",
                            PARAMETERS.name))
        size = open_strata
    allocation = allocate(population, size, settings.allocation, settings.last_rates, capacity=eligible)
    sample = draw_sample(readable, allocation, settings.seed, settings.pilot_share)
    return SamplePlan(
        population=population, eligible=eligible, requested=requested, size=size, size_source=source,
        allocation=allocation, method=settings.allocation, seed=settings.seed,
        pilot=pilot_count(size, settings.pilot_share),
        margin=_achieved_margin(size, sum(population.values()), settings),
        sample=sample, issues=issues,
    )
