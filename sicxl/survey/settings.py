"""The survey's parameters, read from the two-column `Paramètres` sheet.

A parameter missing from the sheet takes its default; an unknown label or a value
that cannot be read is reported (and the default used), never silently ignored.
Rates may be typed 0,05, 5 % or 5 (read as 5 %).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from sicxl.messages import survey as msg
from sicxl.schema.base import normalize_header
from sicxl.schema.survey import (ALLOCATION, ALLOCATION_CHOICES, CONFIDENCE, EXPECTED_RATE, MARGIN, MARKETS,
                                 MAX_ATTEMPTS, PILOT_SHARE, SAMPLE_SIZE, SEED, SURVEY_PARAMETERS, Parameter)
from sicxl.survey.issues import Issue
from sicxl.survey.scales import parse_scale, satisfied_levels
from sicxl.values import ValueProblem, is_blank, parse_choice, parse_count, parse_percent, quote


@dataclass
class SurveySettings:
    sample_size: int | None = SAMPLE_SIZE.default
    margin: float = MARGIN.default
    confidence: float = CONFIDENCE.default
    expected_rate: float = EXPECTED_RATE.default
    allocation: str = ALLOCATION.default
    pilot_share: float = PILOT_SHARE.default
    seed: int = SEED.default
    max_attempts: int = MAX_ATTEMPTS.default
    last_rates: dict[str, float | None] = field(default_factory=lambda: {m: None for m in MARKETS})
    cutoffs: dict[str, int] = field(default_factory=dict)  # scale name -> top levels counted satisfied
    cutoff_cells: dict[str, Any] = field(default_factory=dict)  # scale name -> the cell as typed
    rows: dict[str, int] = field(default_factory=dict)  # parameter key -> worksheet row
    given: set[str] = field(default_factory=set)  # parameters read from the sheet


def _parse(parameter: Parameter, value: Any) -> Any:
    if parameter is SAMPLE_SIZE or parameter is SEED or parameter is MAX_ATTEMPTS:
        return parse_count(value)
    if parameter.key.startswith("cutoff:"):
        return satisfied_levels(parse_scale(parameter.key.split(":", 1)[1]), value)
    if parameter is ALLOCATION:
        return parse_choice(value, ALLOCATION_CHOICES)
    if parameter.percent:
        return parse_percent(value)
    raise AssertionError(parameter.key)


_BY_LABEL = {normalize_header(p.label): p for p in SURVEY_PARAMETERS}
_BY_LABEL.update({normalize_header(p.key): p for p in SURVEY_PARAMETERS})


def read_settings(lines: Iterable[tuple[int, Any, Any]]) -> tuple[SurveySettings, list[Issue]]:
    """Settings from `(row, label, value)` lines of `Paramètres`."""
    settings = SurveySettings()
    issues: list[Issue] = []
    for row, label, value in lines:
        if is_blank(label):
            continue
        parameter = _BY_LABEL.get(normalize_header(label))
        if parameter is None:
            issues.append(Issue(msg.KIND_PARAMETER, msg.parameter_unknown(quote(label)), row, "parameter"))
            continue
        settings.rows[parameter.key] = row
        if is_blank(value):
            continue
        try:
            parsed = _parse(parameter, value)
        except ValueProblem as problem:
            default = msg.TOP_TWO_DEFAULT if parameter.key.startswith("cutoff:") else parameter.default
            issues.append(Issue(msg.KIND_PARAMETER, msg.parameter_bad(parameter.label, str(problem), default),
                                row, "value"))
            continue
        settings.given.add(parameter.key)
        if parameter.key.startswith("last_rate:"):
            settings.last_rates[parameter.key.split(":", 1)[1]] = parsed
        elif parameter.key.startswith("cutoff:"):
            settings.cutoffs[parameter.key.split(":", 1)[1]] = parsed
            settings.cutoff_cells[parameter.key.split(":", 1)[1]] = value
        else:
            setattr(settings, parameter.key, parsed)
    return settings, issues


def parameter_lines(settings: SurveySettings | None = None) -> list[tuple[str, Any, str]]:
    """(label, value, comment) of every parameter: the template's `Paramètres`."""
    settings = settings or SurveySettings()
    lines = []
    for parameter in SURVEY_PARAMETERS:
        if parameter.key.startswith("last_rate:"):
            value = settings.last_rates.get(parameter.key.split(":", 1)[1])
        elif parameter.key.startswith("cutoff:"):
            value = settings.cutoff_cells.get(parameter.key.split(":", 1)[1])
        else:
            value = getattr(settings, parameter.key)
        lines.append((parameter.label, value, parameter.comment))
    return lines
