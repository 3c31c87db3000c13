"""This year's rates against last year's: is a change more than sampling noise?

Both years are computed from their answers with this year's questionnaire and
cut-offs (`Réponses N-1` is kept as it was typed), so that the two rates measure
the same thing. Two tests, both two-sided at 95 %:

- for a rate of one market (a simple random sample within the market), the
  classical two-proportion z-test with the pooled proportion under H0: p1 = p2,
  z = (p̂1 - p̂2) / sqrt(p̂(1-p̂)(1/n1 + 1/n2)), p̂ = (x1 + x2)/(n1 + n2)
  (e.g. OpenIntro Statistics, 4th ed., section 6.2.3; statsmodels'
  `proportions_ztest` gives the same z);
- for a rate weighted over the markets (a question, a theme, the overall rate),
  its stratified equivalent: the two years are independent samples, so the
  difference of the two stratified estimates has variance v1 + v2, each v being
  Cochran's (eq. 5.6, see `results`), and z = (ȳ1 - ȳ2) / sqrt(v1 + v2).

A change is called significant when its p-value is below 5 %. When a year has no
answer, or no spread at all (everyone satisfied both years), there is no test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from sicxl.survey.results import Estimate, SurveyResults

LEVEL = 0.05  # significance level of the two-sided tests (95 % confidence)


@dataclass(frozen=True)
class Change:
    """This year's rate minus last year's, and what the test says of it."""

    now: float
    before: float
    z: float  # NaN when the test cannot be made
    p_value: float

    @property
    def difference(self) -> float:
        return self.now - self.before

    @property
    def tested(self) -> bool:
        return not math.isnan(self.p_value)

    @property
    def significant(self) -> bool:
        return self.tested and self.p_value < LEVEL


def _two_sided(z: float) -> float:
    return 2 * (1 - NormalDist().cdf(abs(z)))


def two_proportion_test(x1: int, n1: int, x2: int, n2: int) -> Change:
    """Pooled two-proportion z-test of x1/n1 (this year) against x2/n2 (last year)."""
    if n1 <= 0 or n2 <= 0:
        now = x1 / n1 if n1 > 0 else math.nan
        before = x2 / n2 if n2 > 0 else math.nan
        return Change(now, before, math.nan, math.nan)
    pooled = (x1 + x2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return Change(x1 / n1, x2 / n2, math.nan, math.nan)
    z = (x1 / n1 - x2 / n2) / spread
    return Change(x1 / n1, x2 / n2, z, _two_sided(z))


def difference(now: Estimate, before: Estimate) -> Change:
    """Stratified rates of two independent years: z = Δ / sqrt(v1 + v2)."""
    variance = now.variance + before.variance
    if math.isnan(now.rate) or math.isnan(before.rate) or not variance > 0:
        return Change(now.rate, before.rate, math.nan, math.nan)
    z = (now.rate - before.rate) / math.sqrt(variance)
    return Change(now.rate, before.rate, z, _two_sided(z))


@dataclass
class YearOnYear:
    """Every change of the results' tables, and how many answered last year."""

    respondents: int
    overall: Change | None
    questions: dict[int, Change]  # by question number
    themes: dict[str, Change]
    markets: dict[str, Change]  # the overall question's rate in each market


def _count(value: object) -> int:
    return 0 if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)


def _by(table, key: str) -> dict:
    return {line[key]: line for _, line in table.iterrows()} if not table.empty else {}


def compare(now: SurveyResults, before: SurveyResults, respondents: int) -> YearOnYear:
    """This year's results against last year's, table by table (what both years have)."""
    questions = {number: difference(line["estimate"], past["estimate"])
                 for number, line in _by(now.questions, "number").items()
                 if (past := _by(before.questions, "number").get(number)) is not None}
    themes = {theme: difference(line["estimate"], past["estimate"])
              for theme, line in _by(now.themes, "theme").items()
              if (past := _by(before.themes, "theme").get(theme)) is not None}
    markets = {}
    if now.overall is not None and before.overall is not None:
        earlier = _by(before.markets, "market")
        for market, line in _by(now.markets, "market").items():
            past = earlier.get(market)
            if past is not None:
                markets[market] = two_proportion_test(_count(line.get("satisfied")), _count(line.get("given")),
                                                      _count(past.get("satisfied")), _count(past.get("given")))
    overall = difference(now.overall, before.overall) if now.overall and before.overall else None
    return YearOnYear(respondents, overall, questions, themes, markets)
