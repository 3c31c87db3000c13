"""The dashboard workbook's `Paramètres` (issue 17): where its deals come from, and
how its fixed costs are shared.

- « Fichier prospects »: the prospect workbook whose signed deals feed the
  dashboard (a path beside the dashboard workbook), when ``--prospects`` is not given.
- « Répartition des charges fixes »: the allocation key of the fixed costs
  between markets, "CA" by default (each market's share of the year's revenue
  objective: the budget, known from January and the same in every copy of the
  workbook), "Marge brute" (its share of the gross-margin objective) or "Parts
  égales". The key of management accounting ("clé de répartition") is set on the
  budget so that a market's break-even does not move with another market's month.
- « Part des charges fixes »: the share of the fixed costs this workbook bears,
  100 % when absent. `split` writes it into a market's or a salesperson's copy
  (their share of the master's key), so that the copy's break-even is its own.

A parameter missing from the sheet takes its default; an unknown or malformed one
is reported, not ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from sicxl.messages import dashboard as msg
from sicxl.schema.events import PROSPECT_FILE_PARAMETER
from sicxl.table import Table
from sicxl.values import ValueProblem, fold, is_blank, parse_choice, parse_percent, text_of

RULE_PARAMETER = "Répartition des charges fixes"
SHARE_PARAMETER = "Part des charges fixes"
RULE_REVENUE, RULE_MARGIN, RULE_EQUAL = "CA", "Marge brute", "Parts égales"
RULES = (RULE_REVENUE, RULE_MARGIN, RULE_EQUAL)
KNOWN = (PROSPECT_FILE_PARAMETER, RULE_PARAMETER, SHARE_PARAMETER)


@dataclass(frozen=True)
class Settings:
    prospect_file: str | None = None
    rule: str = RULE_REVENUE
    share: float = 1.0  # of the fixed costs, borne by this workbook


def read_settings(table: Table | None) -> tuple[Settings, list[str]]:
    """The settings in force and the French problems found (module docstring)."""
    if table is None or not table.has("parameter"):
        return Settings(), []
    values: dict[str, object] = {}
    problems: list[str] = []
    known = {fold(name): name for name in KNOWN}
    for row in table.rows:
        name = table.frame.at[row, "parameter"]
        if is_blank(name):
            continue
        value = table.frame.at[row, "value"] if table.has("value") else None
        cell = table.cell("value", row) if table.has("value") else msg.row_label(row)
        label = known.get(fold(name))
        if label is None:
            problems.append(msg.unknown_setting(text_of(name), table.cell("parameter", row), KNOWN))
            continue
        try:
            values[label] = _parsed(label, value)
        except ValueProblem as problem:
            problems.append(msg.bad_setting(label, str(problem), cell))
    return Settings(values.get(PROSPECT_FILE_PARAMETER) or None, values.get(RULE_PARAMETER) or RULE_REVENUE,
                    values.get(SHARE_PARAMETER, 1.0)), problems


def _parsed(label: str, value: object) -> object:
    if is_blank(value):
        return None if label != SHARE_PARAMETER else 1.0
    if label == RULE_PARAMETER:
        return parse_choice(value, RULES)
    if label == SHARE_PARAMETER:
        return parse_percent(value)
    return text_of(value)
