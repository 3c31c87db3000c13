"""Visit reports (`Comptes rendus`): what was said at a meeting, kept for the next one."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

import pandas as pd

from sicxl.campaigns.reading import Anomalies, check_not_future, check_prospect_ids, read_columns
from sicxl.schema.campaigns import MOTIVATIONS
from sicxl.table import Table
from sicxl.values import parse_choice, text_of

_SEPARATORS = re.compile(r"\s*[,;/+]\s*|\s+et\s+")


def parse_motivations(value: Any) -> str:
    """SONCAS motives, several allowed ("Sécurité, argent"), in canonical spelling."""
    parts = [p for p in _SEPARATORS.split(text_of(value)) if p]
    return ", ".join(dict.fromkeys(parse_choice(p, MOTIVATIONS) for p in parts))


def read_reports(table: Table, prospect_ids: Iterable[str], today: dt.date, anomalies: Anomalies) -> pd.DataFrame:
    """The visit reports of known prospects, dated and not in the future."""
    reports = read_columns(table, anomalies, parsers={"motivations": parse_motivations})
    usable = reports["date"].notna() & reports["prospect_id"].notna()
    usable &= check_not_future(table, reports, "date", today, anomalies)
    usable &= check_prospect_ids(table, reports, prospect_ids, anomalies)
    return reports.loc[usable.to_numpy(dtype=bool)]
