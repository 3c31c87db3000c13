"""Satisfaction rates, their margin of error, and the weak points.

Rate: the share of satisfied answers among the answers given, "no answer"
excluded and counted apart; satisfied is, by default, one of the two top answers
(top-2-box), else from the cut-off of the question or its scale (`questionnaire`).

Overall rates are weighted by stratum with the markets' populations, because the
sample is stratified (and Neyman allocation over-samples some markets): with
W_h = N_h/N, the stratified estimate is ȳ_st = Σ W_h·ȳ_h and its variance
v(ȳ_st) = Σ W_h²·(1 - n_h/N_h)·s_h²/n_h (Cochran, *Sampling Techniques*, 3rd ed.,
1977, eq. 5.6 and theorem 5.3; for a proportion s_h²/n_h = p_h·q_h/(n_h - 1),
section 5.8). The margin of error at 95 % is 1.96·sqrt(v). Each respondent's value
is 1/0 for a question (top-2 or not) and, for a theme, the share of top-2 answers
among the theme's questions that the respondent answered.

Weak points: the themes ranked by rate, and an importance-performance analysis
(Martilla & James, "Importance-Performance Analysis", Journal of Marketing 41(1),
1977) whose importance is derived, not asked: the Pearson correlation between a
question's answers and the overall question's, over the respondents who answered
both (the usual "key driver" reading of a satisfaction survey). A theme's importance
is the mean of its questions'. Items are placed in four quadrants around the mean
importance and the mean performance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from sicxl.messages import survey as msg
from sicxl.survey.questionnaire import Question, Questionnaire
from sicxl.survey.sample_size import z_value

CONFIDENCE = 0.95
MIN_PAIRS = 3  # fewer pairs of answers give no meaningful correlation
QUADRANTS = (msg.QUADRANT_PRIORITY, msg.QUADRANT_SECONDARY, msg.QUADRANT_STRENGTH, msg.QUADRANT_OVERKILL)


@dataclass(frozen=True)
class Estimate:
    """A stratified rate and its margin of error."""

    rate: float
    margin: float
    respondents: int
    strata_without_answer: tuple[str, ...] = ()
    strata_with_one_answer: tuple[str, ...] = ()
    variance: float = math.nan  # v(ȳ_st), for comparing two estimates (compare.difference)

    @property
    def low(self) -> float:
        return max(0.0, self.rate - self.margin)

    @property
    def high(self) -> float:
        return min(1.0, self.rate + self.margin)


def stratified_rate(
    values: pd.Series, strata: pd.Series, population: Mapping[str, int], confidence: float = CONFIDENCE
) -> Estimate:
    """ȳ_st and its margin of error (formula in the module docstring).

    `values`: one number per respondent in [0, 1], NaN when they did not answer;
    `strata`: their market; `population`: N_h per market. A market without any
    answer is left out and the weights of the others are scaled up (the estimate
    then speaks for the markets that answered, and says so); a market with a single
    answer has no estimable variance (counted 0, and said).
    """
    sizes = pd.Series({h: n for h, n in population.items() if n > 0}, dtype=float)
    data = pd.DataFrame({"y": pd.to_numeric(values, errors="coerce"), "h": strata}).dropna()
    data = data[data["h"].isin(sizes.index)]
    groups = data.groupby("h", sort=False)["y"].agg(["mean", "var", "count"])
    missing = tuple(h for h in sizes.index if h not in groups.index)
    if groups.empty:
        return Estimate(math.nan, math.nan, 0, missing)
    n_h = groups["count"]
    big_n = sizes.reindex(groups.index)
    weights = big_n / big_n.sum()
    finite = (1 - n_h / big_n).clip(lower=0)
    variance = float((weights**2 * finite * groups["var"].fillna(0) / n_h).sum())
    single = tuple(h for h in groups.index if n_h[h] == 1)
    return Estimate(
        rate=float((weights * groups["mean"]).sum()),
        margin=z_value(confidence) * math.sqrt(variance),
        respondents=int(n_h.sum()),
        strata_without_answer=missing,
        strata_with_one_answer=single,
        variance=variance,
    )


def satisfied_indicator(codes: pd.Series, satisfied: int = 2) -> pd.Series:
    """1.0 for one of the `satisfied` best levels (the two best by default, the
    top-2-box), 0.0 for another level, NaN for no answer."""
    return pd.Series(np.where(codes >= 0, (codes < satisfied).astype(float), np.nan), index=codes.index)


def scores(codes: pd.Series, question: Question) -> pd.Series:
    """The numeric score of each answer (the note, or the level's rank), NaN for none."""
    table = np.asarray(question.scale.scores, dtype=float)
    given = codes.to_numpy() >= 0
    out = np.full(len(codes), np.nan)
    out[given] = table[codes.to_numpy()[given]]
    return pd.Series(out, index=codes.index)


@dataclass
class SurveyResults:
    overall: Estimate | None
    overall_question: Question | None
    overall_source: str | None
    questions: pd.DataFrame  # one row per question (rate, its estimate in "estimate")
    themes: pd.DataFrame  # one row per theme, ranked from the weakest
    markets: pd.DataFrame  # one row per market
    distribution: pd.DataFrame  # one row per (question, level)
    ipa_themes: pd.DataFrame  # importance-performance per theme
    ipa_questions: pd.DataFrame  # importance-performance per question
    notes: list[str] = field(default_factory=list)


def _rate_in(values: pd.Series, markets: pd.Series, market: str) -> float:
    chosen = values[markets == market].dropna()
    return float(chosen.mean()) if len(chosen) else math.nan


def _notes_for(name: str, estimate: Estimate) -> list[str]:
    notes = []
    if estimate.strata_without_answer:
        notes.append(msg.strata_without_answer(name, estimate.strata_without_answer))
    if estimate.strata_with_one_answer:
        notes.append(msg.strata_with_one_answer(name, estimate.strata_with_one_answer))
    return notes


def _question_table(
    answers: pd.DataFrame, questionnaire: Questionnaire, population: Mapping[str, int], notes: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, pd.Series]]:
    rows, levels, indicators = [], [], {}
    for question in questionnaire.questions:
        codes = answers[question.key]
        indicator = satisfied_indicator(codes, question.satisfied)
        indicators[question.key] = indicator
        estimate = stratified_rate(indicator, answers["market"], population)
        notes.extend(_notes_for(question.label, estimate))
        given = int((codes >= 0).sum())
        rows.append({
            "question": question, "number": question.number, "label": question.label, "text": question.text,
            "theme": question.theme, "scale": question.scale.name, "given": given,
            "satisfied_from": question.satisfied_levels[-1], "satisfied_count": int((indicator == 1).sum()),
            "no_answer": int((codes == -1).sum()), "off_scale": int((codes == -2).sum()),
            "raw_rate": float(indicator.mean()) if given else math.nan,
            "rate": estimate.rate, "margin": estimate.margin, "estimate": estimate,
            **{f"market:{m}": _rate_in(indicator, answers["market"], m) for m in population},
        })
        counts = codes[codes >= 0].value_counts()
        for index, level in enumerate(question.scale.levels):
            count = int(counts.get(index, 0))
            levels.append({"number": question.number, "label": question.label, "level": level, "count": count,
                           "share": count / given if given else math.nan, "top2": index < question.satisfied})
    return pd.DataFrame(rows), pd.DataFrame(levels), indicators


def _theme_table(
    answers: pd.DataFrame, questionnaire: Questionnaire, population: Mapping[str, int],
    indicators: dict[str, pd.Series], notes: list[str],
) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    rows, theme_values = [], {}
    for theme, members in questionnaire.themes().items():
        per_respondent = pd.concat([indicators[q.key] for q in members], axis=1).mean(axis=1, skipna=True)
        theme_values[theme] = per_respondent
        estimate = stratified_rate(per_respondent, answers["market"], population)
        notes.extend(_notes_for(theme, estimate))
        codes = answers[[q.key for q in members]]
        rows.append({
            "theme": theme, "questions": ", ".join(q.label for q in members),
            "given": int((codes >= 0).sum().sum()), "no_answer": int((codes == -1).sum().sum()),
            "respondents": estimate.respondents, "rate": estimate.rate, "margin": estimate.margin,
            "estimate": estimate,
            **{f"market:{m}": _rate_in(per_respondent, answers["market"], m) for m in population},
        })
    table = pd.DataFrame(rows)
    if not table.empty:
        table = table.sort_values("rate", kind="stable", na_position="last").reset_index(drop=True)
        table["rank"] = range(1, len(table) + 1)
    return table, theme_values


def _market_table(
    answers: pd.DataFrame, population: Mapping[str, int], overall: pd.Series | None,
    theme_values: dict[str, pd.Series],
) -> pd.DataFrame:
    rows = []
    for market, size in population.items():
        inside = answers["market"] == market
        row: dict[str, object] = {"market": market, "population": size, "respondents": int(inside.sum())}
        if overall is not None:
            estimate = stratified_rate(overall[inside], answers.loc[inside, "market"], {market: size})
            row.update(rate=estimate.rate, margin=estimate.margin, given=estimate.respondents,
                       satisfied=int((overall[inside] == 1).sum()))
        for theme, values in theme_values.items():
            row[f"theme:{theme}"] = _rate_in(values, answers["market"], market)
        rows.append(row)
    return pd.DataFrame(rows)


def _quadrant(importance: float, performance: float, mean_importance: float, mean_performance: float) -> str | None:
    if any(math.isnan(x) for x in (importance, performance, mean_importance, mean_performance)):
        return None
    if importance >= mean_importance:
        return msg.QUADRANT_PRIORITY if performance < mean_performance else msg.QUADRANT_STRENGTH
    return msg.QUADRANT_SECONDARY if performance < mean_performance else msg.QUADRANT_OVERKILL


def rank_weak_points(table: pd.DataFrame) -> pd.DataFrame:
    """Importance-performance items placed in their quadrant and ordered: improvement
    priorities first (most important, then least satisfying), then secondary ones,
    strengths and possible overkill."""
    table = table.copy()
    valid = table.dropna(subset=["importance", "performance"])
    mean_i = float(valid["importance"].mean()) if len(valid) else math.nan
    mean_p = float(valid["performance"].mean()) if len(valid) else math.nan
    table["quadrant"] = [_quadrant(i, p, mean_i, mean_p) for i, p in zip(table["importance"], table["performance"])]
    order = {q: k for k, q in enumerate(QUADRANTS)}
    table["_order"] = table["quadrant"].map(lambda q: order.get(q, len(QUADRANTS)))
    table = table.sort_values(["_order", "importance", "performance"], ascending=[True, False, True],
                              kind="stable", na_position="last")
    return table.drop(columns="_order").reset_index(drop=True)


def importance(answers: pd.DataFrame, question: Question, overall: Question) -> float:
    """Pearson correlation of a question's scores with the overall question's."""
    pairs = pd.DataFrame({"q": scores(answers[question.key], question),
                          "o": scores(answers[overall.key], overall)}).dropna()
    if len(pairs) < MIN_PAIRS or pairs["q"].nunique() < 2 or pairs["o"].nunique() < 2:
        return math.nan
    return float(pairs["q"].corr(pairs["o"]))


def _ipa(
    answers: pd.DataFrame, questionnaire: Questionnaire, questions: pd.DataFrame, themes: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    overall = questionnaire.overall
    rated = questionnaire.rated
    empty = pd.DataFrame(columns=["item", "importance", "performance", "quadrant"])
    if overall is None or not rated:
        return empty, empty
    rate_of = dict(zip(questions["number"], questions["rate"]))
    question_rows = [{"item": q.label, "text": q.text, "theme": q.theme,
                      "importance": importance(answers, q, overall), "performance": rate_of[q.number]}
                     for q in rated]
    by_question = pd.DataFrame(question_rows)
    theme_rate = dict(zip(themes["theme"], themes["rate"])) if not themes.empty else {}
    theme_rows = []
    for theme, members in questionnaire.themes().items():
        values = by_question.loc[by_question["item"].isin([q.label for q in members]), "importance"].dropna()
        theme_rows.append({"item": theme, "importance": float(values.mean()) if len(values) else math.nan,
                           "performance": theme_rate.get(theme, math.nan)})
    return rank_weak_points(pd.DataFrame(theme_rows)), rank_weak_points(by_question)


def analyse(answers: pd.DataFrame, questionnaire: Questionnaire, population: Mapping[str, int]) -> SurveyResults:
    """Every table of `Résultats` from coded answers (see `answers.code_answers`).

    `population`: customers per market (N_h), in the order markets are shown.
    """
    notes: list[str] = []
    questions, distribution, indicators = _question_table(answers, questionnaire, population, notes)
    themes, theme_values = _theme_table(answers, questionnaire, population, indicators, notes)
    overall_q = questionnaire.overall
    overall_values = indicators.get(overall_q.key) if overall_q else None
    overall = (stratified_rate(overall_values, answers["market"], population)
               if overall_values is not None else None)
    markets = _market_table(answers, population, overall_values, theme_values)
    ipa_themes, ipa_questions = _ipa(answers, questionnaire, questions, themes)
    return SurveyResults(overall, overall_q, questionnaire.overall_source, questions, themes, markets,
                         distribution, ipa_themes, ipa_questions, list(dict.fromkeys(notes)))
