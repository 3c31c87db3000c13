"""Survey cell functions: SIC_SAMPLE_SIZE, SIC_TOP2BOX (sicxl.survey)."""

from __future__ import annotations

import math
from typing import Any

from sicxl.formulas.ranges import Cells, never_raises
from sicxl.messages import formulas as msg
from sicxl.survey.sample_size import sample_size as size_for
from sicxl.survey.scales import top2box as top2box_of
from sicxl.values import ValueProblem, is_blank, parse_number, parse_percent


def _scalar(value: Any) -> Any:
    """Excel hands even a single cell as a 1x1 matrix."""
    while isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    return value


@never_raises
def sample_size(population: Any, margin: Any, confidence: Any = None, expected: Any = None) -> Cells:
    """Clients to interview for a margin of error (Cochran, finite population).

    `margin` and `confidence` as rates or percentages ("5 %", 0,05); an empty
    population means an infinite one."""
    try:
        size = size_for(
            None if is_blank(_scalar(population)) else parse_number(_scalar(population)),
            parse_percent(_scalar(margin)),
            0.95 if is_blank(_scalar(confidence)) else parse_percent(_scalar(confidence)),
            0.5 if is_blank(_scalar(expected)) else parse_percent(_scalar(expected)),
        )
    except ValueProblem as problem:
        return [[msg.bad_row([str(problem)])]]
    return [[size]]


@never_raises
def top2box(answers: Any, scale: Any) -> Cells:
    """Satisfaction rate: share of the two best answers among the answers given."""
    try:
        rate = top2box_of(answers, _scalar(scale))
    except ValueProblem as problem:
        return [[msg.bad_row([str(problem)])]]
    return [[rate if math.isfinite(rate) else ""]]
