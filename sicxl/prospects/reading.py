"""Turning the raw cells of the `Prospects` table into typed values.

Every cell is read the way French users type it; a cell that cannot be read
becomes `None` in the clean frame and a message naming the cell, so that the
later rules work on typed values and never stop on a bad one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from sicxl.messages import prospects as msg
from sicxl.schema.base import Column, Kind
from sicxl.table import Table
from sicxl.values import (
    ValueProblem,
    is_error,
    outcome_of,
    parse_choice,
    parse_code,
    parse_count,
    parse_date,
    parse_number,
    parse_yes_no,
    text_of,
)

CODE_DIGITS = {"postal_code": 5, "insee": 5, "siren": 9}
_ZERO_ONE = frozenset({0, 1})


@dataclass
class Anomalies:
    """Messages per worksheet row, and the kind of each, for the summary."""

    messages: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    kinds: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    unreadable: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # key -> rows

    def add(self, row: int, kind: str, message: str) -> None:
        self.messages[row].append(message)
        self.kinds[row].append(kind)

    def has(self, row: int, kind: str) -> bool:
        return kind in self.kinds.get(row, ())

    def text(self, row: int) -> str:
        return " ; ".join(self.messages.get(row, ()))

    def count_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for kinds in self.kinds.values():
            for kind in set(kinds):
                counts[kind] += 1
        return dict(counts)


def _text(value: Any) -> str:
    if value.__class__ is str:
        text = value.strip()
        if text.startswith("#") and is_error(text):
            raise ValueProblem(f"la cellule contient l'erreur {text}")
        return text
    return text_of(value)


def parser_for(column: Column) -> Callable[[Any], Any]:
    if column.kind is Kind.CODE:
        digits = CODE_DIGITS.get(column.key)
        return lambda v: parse_code(v, digits)
    if column.kind is Kind.INTEGER:
        return parse_count
    if column.kind is Kind.NUMBER:
        return parse_number
    if column.kind is Kind.DATE:
        return parse_date
    if column.kind is Kind.YES_NO:
        return parse_yes_no
    if column.kind is Kind.CHOICE:
        return lambda v: parse_choice(v, column.choices)
    return _text


def parse_column(raws: Sequence[Any], parse: Callable[[Any], Any]) -> tuple[np.ndarray, dict[int, str]]:
    """Parsed values (None when blank or unreadable) and the reasons by position.

    Each distinct value is parsed once: pandas hashes the column in C, so 100,000
    cells repeating five segments cost five parses. Text is read cell by cell
    instead: a text column's values are mostly distinct (names, addresses,
    phones), and stripping a text costs less than hashing it.
    """
    cells = np.asarray(raws, dtype=object).ravel()
    if parse is _text:
        values = np.empty(len(cells), dtype=object)
        values[:] = [None if v is None or v != v else _text_outcome(v) for v in cells.tolist()]  # v != v: NaN
        return _problems_apart(values)
    codes, distinct = pd.factorize(cells)  # blank cells (None, NaN) get code -1
    booleans: list[int] = []
    if not _ZERO_ONE.isdisjoint(distinct):  # factorize holds True == 1.0, parsed apart
        booleans = [i for i, v in enumerate(cells) if v.__class__ is bool]
        if booleans:
            cells = cells.copy()
            cells[booleans] = None
            codes, distinct = pd.factorize(cells)
    outcomes = np.empty(len(distinct) + 1, dtype=object)  # the last one, None, is for code -1
    outcomes[:-1] = [_outcome(parse, value) for value in distinct]
    values = outcomes[codes]
    for i in booleans:
        values[i] = _outcome(parse, raws[i])
    if any(isinstance(o, ValueProblem) for o in outcomes) or booleans:
        return _problems_apart(values)
    return values, {}


def _problems_apart(values: np.ndarray) -> tuple[np.ndarray, dict[int, str]]:
    """The values, each problem replaced by None, and the problems by position."""
    problems: dict[int, str] = {}
    for i in np.flatnonzero([isinstance(v, ValueProblem) for v in values]).tolist():
        problems[i] = str(values[i])
        values[i] = None
    return values, problems


def _outcome(parse: Callable[[Any], Any], value: Any) -> Any:
    """The parsed value, None for whitespace only, or the problem (returned)."""
    if value.__class__ is str and value.isspace():
        return None
    return outcome_of(parse, value)


def _text_outcome(value: Any) -> Any:
    """`_outcome(_text, value)`, the common case without its two calls: most columns
    are text, and most of their values distinct (names, addresses, phones)."""
    if value.__class__ is str and not value.isspace():
        text = value.strip()
        if not text.startswith("#"):
            return text
    return _outcome(_text, value)


def read_rows(table: Table, anomalies: Anomalies) -> pd.DataFrame:
    """The clean frame: one typed column per user column present, `None` when blank
    or unreadable (the unreadable ones reported in `anomalies`)."""
    clean: dict[str, np.ndarray] = {}
    rows = table.rows
    for key in table.columns:
        column = table.schema.keys[key]
        if column.computed:
            continue
        values, problems = parse_column(table.frame[key].to_numpy(dtype=object), parser_for(column))
        for index, reason in problems.items():
            row = rows[index]
            anomalies.add(row, msg.UNREADABLE, msg.cell_problem(column.header, reason, table.cell(key, row)))
            anomalies.unreadable[key].add(row)
        clean[key] = values
    frame = pd.DataFrame(clean, index=pd.Index(rows, name="row"), dtype=object)
    for column in table.schema.user_columns:
        if column.key not in frame:
            frame[column.key] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame
