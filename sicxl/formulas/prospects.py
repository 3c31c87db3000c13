"""The prospect cell functions: SIC_SCORE, SIC_CATEGORY, SIC_POTENTIAL, SIC_VALIDATE.

Each runs the very steps of the command-line jobs (sicxl.prospects.pipeline)
on the rows of a range, so a cell and the `score` job give the same number
for the same row. What differs is bad input: the job still writes a score
and reports the unreadable cell in `Anomalies`; a cell has no `Anomalies`
beside it, so a row whose inputs cannot be read gets "#VALEUR! <why>" instead
of a score computed without them. A row whose size is not given (a commune
without its population) gets "non estimé : population absente" in both, as in
the job: never a number computed from absent inputs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sicxl.formulas.ranges import (
    Cells,
    RangeTable,
    as_rows,
    keep_columns,
    never_raises,
    range_table,
)
from sicxl.messages import formulas as msg
from sicxl.prospects.checks import check_rows
from sicxl.prospects.parameters import ScoreParameters, defaults, read_parameters
from sicxl.prospects.pipeline import reachable
from sicxl.prospects.place import check_place
from sicxl.prospects.reading import Anomalies, read_rows
from sicxl.prospects.score import ScoreResult, score_prospects
from sicxl.reference.communes import communes
from sicxl.schema.prospects import PARAMETERS, PROSPECTS
from sicxl.values import parse_date, parse_or_none

# What the score reads, in the order of WORKBOOKS.md: the columns of a headerless range.
SCORE_INPUTS = tuple(
    c.key for c in PROSPECTS.columns
    if c.key in {"population", "pools", "ice_rinks", "gyms", "other_venues", "provider_energy", "provider_water",
                 "provider_transport", "provider_waste", "decision_maker", "phone", "email", "heat"}
)
VALIDATE_INPUTS = tuple(c.key for c in PROSPECTS.user_columns)


def parameters_of(rows: Any) -> ScoreParameters:
    """The `Paramètres` range given as second argument, else the defaults (as the
    job does when the workbook has no `Paramètres` sheet). Malformed lines keep
    their default, exactly as in the job."""
    block = as_rows(rows)
    if not any(v not in (None, "") for row in block for v in row):
        return defaults()
    table = range_table(block, PARAMETERS, [c.key for c in PARAMETERS.columns]).table
    return read_parameters(table)[0]


def _scored(rows: Any, parameters: Any) -> tuple[RangeTable, ScoreResult, dict[int, str]]:
    """Score every row of the range; and the "#VALEUR!" text of rows whose inputs are unreadable."""
    read = range_table(rows, PROSPECTS, SCORE_INPUTS)
    table = keep_columns(read.table, (*SCORE_INPUTS, "segment"))  # the type says whether the population is needed
    anomalies = Anomalies()
    clean = read_rows(table, anomalies)
    bad = {row: msg.bad_row(texts) for row, texts in anomalies.messages.items() if texts}
    if table.has("phone") or table.has("email"):
        check_rows(table, clean, anomalies, dt.date.today())  # phone and e-mail checks decide "reachable"
    # Without those columns nobody is reachable, as in the job: the checks would change nothing.
    result = score_prospects(clean, parameters_of(parameters), reachable(clean, anomalies), explain=False)
    return read, result, bad


def _column(rows: Any, parameters: Any, key: str, values: str) -> Cells:
    read, result, bad = _scored(rows, parameters)
    series = getattr(result, values)
    cells = {row: bad.get(row, value) for row, value in zip(series.index, series.tolist())}
    return read.result(cells, PROSPECTS.header(key))


@never_raises
def score(rows: Any, parameters: Any = None) -> Cells:
    """Score 0-100 of each prospect row (sicxl.prospects.score)."""
    return _column(rows, parameters, "score", "score")


@never_raises
def category(rows: Any, parameters: Any = None) -> Cells:
    """Accessible, Important or Stratégique, from the score and the thresholds."""
    return _column(rows, parameters, "category", "category")


@never_raises
def potential(rows: Any, parameters: Any = None) -> Cells:
    """Yearly revenue potential of new business (k€)."""
    return _column(rows, parameters, "potential", "potential")


@never_raises
def validate(rows: Any, today: Any = None) -> Cells:
    """Every anomaly of each row, in words, "" when the row is valid.

    The row rules of the `validate` job (reading, codes against the communes,
    formats, contact, NPAI, opposition, dates); duplicates across rows are the
    `dedupe` job's (they need the whole file, not a range)."""
    read = range_table(rows, PROSPECTS, VALIDATE_INPUTS)
    table = keep_columns(read.table, VALIDATE_INPUTS)
    anomalies = Anomalies()
    clean = read_rows(table, anomalies)
    check_place(table, clean, communes(), anomalies)
    check_rows(table, clean, anomalies, _day(today))
    return read.result({row: anomalies.text(row) for row in table.rows}, PROSPECTS.header("issues"))


def _day(value: Any) -> dt.date:
    """The reference day of date checks: a date cell or serial, else today."""
    return parse_or_none(parse_date, value) or dt.date.today()
