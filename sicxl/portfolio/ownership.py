"""Which rows belong to whom (issue 8).

Each row carries attributions: the salesperson and market of the prospect it
concerns (through its `ID prospect`, or its buyer's name for a public tender),
and the salesperson or market its own columns name. A row belongs to a
salesperson's portfolio when every salesperson it names is him, and to a
manager's when every market it names is his: a row that two salespeople share,
or whose prospect is unknown, goes only to the copies that may see both sides
(manager, director). Erring on that side is the point: a split copy must never
hold another salesperson's row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd

from sicxl.portfolio.roles import Portfolio, Role
from sicxl.prospects.place import records
from sicxl.schema.dashboard import MARKETS
from sicxl.schema.portfolio import MARKET_OF_SEGMENT, SplitSheet
from sicxl.schema.prospects import SEGMENTS
from sicxl.values import ValueProblem, fold, is_blank, parse_choice, text_of


@dataclass(frozen=True)
class Attribution:
    """The salespeople (folded names) and markets a row is attributed to."""

    owners: frozenset[str] = frozenset()
    markets: frozenset[str] = frozenset()

    def __or__(self, other: "Attribution") -> "Attribution":
        return Attribution(self.owners | other.owners, self.markets | other.markets)


NOBODY = Attribution()


def row_key(value: Any) -> str:
    """An identifier as compared between workbooks: " p0001 " is "P0001"."""
    return fold(text_of(value)).upper() if not is_blank(value) else ""


def market_of_segment(value: Any) -> str | None:
    """The market of a prospect's segment (table in sicxl.schema.portfolio)."""
    if is_blank(value):
        return None
    try:
        return MARKET_OF_SEGMENT[parse_choice(value, SEGMENTS)]
    except ValueProblem:
        return None


def market_of(value: Any) -> str | None:
    """A market typed in a `Marché` column ("collectivites" is "Collectivités")."""
    if is_blank(value):
        return None
    try:
        return parse_choice(value, MARKETS)
    except ValueProblem:
        return market_of_segment(value)


def owner_key(value: Any) -> str:
    return fold(text_of(value)) if not is_blank(value) else ""


@dataclass
class ProspectIndex:
    """Each prospect's attribution by ID, and its ID by name (unique names only),
    so that the rows of other sheets can inherit it."""

    by_id: dict[str, Attribution] = field(default_factory=dict)
    _names: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame | None) -> "ProspectIndex":
        index = cls()
        if frame is not None and "id" in frame:
            for _, record in records(frame, ["id", "owner", "segment", "name"]):
                index.add(record)
        return index

    def add(self, record: dict[str, Any], replace: bool = False) -> None:
        """Index one prospect row: an ID entered twice keeps both owners, unless
        `replace` (the row changed: its new owner replaces the old one)."""
        key = row_key(record.get("id"))
        if not key:
            return
        owner = owner_key(record.get("owner"))
        market = market_of_segment(record.get("segment"))
        found = Attribution(frozenset({owner} - {""}), frozenset({market} - {None}))  # type: ignore[arg-type]
        self.by_id[key] = found if replace else self.by_id.get(key, NOBODY) | found
        if not is_blank(record.get("name")):
            self._names.setdefault(fold(record["name"]), set()).add(key)

    def by_name(self, name: Any) -> str:
        """The ID of the one prospect bearing this name, "" when none or several."""
        ids = self._names.get(fold(name), set())
        return next(iter(ids)) if len(ids) == 1 else ""


UNKNOWN_PROSPECT = "?"  # an owner no portfolio has: the row goes to the director only


def _prospect_attribution(record: dict[str, Any], rule: SplitSheet, prospects: ProspectIndex) -> Attribution:
    key = row_key(record.get(rule.prospect)) if rule.prospect else ""
    if not key and rule.buyer and not is_blank(record.get(rule.buyer)):
        key = prospects.by_name(record[rule.buyer])
    if not key:
        return NOBODY
    if rule.prospect == "id":  # the prospect sheet itself: its own columns say it all
        return NOBODY
    return prospects.by_id.get(key, Attribution(frozenset({UNKNOWN_PROSPECT})))


def attribution(record: dict[str, Any], rule: SplitSheet, prospects: ProspectIndex) -> Attribution:
    """The attribution of one row of a split sheet."""
    owners = {owner_key(record.get(c)) for c in rule.people} - {""}
    markets = set()
    if rule.market:
        markets.add(market_of(record.get(rule.market)))
    if rule.segment:
        markets.add(market_of_segment(record.get(rule.segment)))
    own = Attribution(frozenset(owners), frozenset(markets - {None}))  # type: ignore[arg-type]
    return own | _prospect_attribution(record, rule, prospects)


def attributions(frame: pd.DataFrame, rule: SplitSheet, prospects: ProspectIndex) -> pd.Series:
    """The attribution of every row of `frame` (index: worksheet rows)."""
    read = [c for c in (*rule.people, rule.market, rule.segment, rule.prospect, rule.buyer) if c]
    found = [attribution(r, rule, prospects) for _, r in records(frame, read)]
    return pd.Series(found, index=frame.index, dtype=object)


def belongs(found: Attribution, portfolio: Portfolio) -> bool:
    """Whether a row may appear in a portfolio's copy (rule in the module docstring)."""
    if portfolio.role is Role.DIRECTOR:
        return True
    if portfolio.role is Role.SALESPERSON:
        return found.owners == {portfolio.key}
    return found.markets == {portfolio.name}


def kept_rows(found: pd.Series, portfolio: Portfolio) -> list[int]:
    """The worksheet rows of a sheet that go into a portfolio's copy, in order."""
    return [int(row) for row, item in found.items() if belongs(item, portfolio)]


def people_and_markets(frames: Iterable[tuple[SplitSheet, pd.DataFrame]]) -> tuple[list[str], list[str]]:
    """Every salesperson named in the split sheets (first spelling) and every market
    found, in the order of MARKETS: the portfolios to make."""
    owners: list[str] = []
    markets: set[str] = set()
    for rule, frame in frames:
        for column in rule.people:
            if column in frame:
                owners += [text_of(v) for v in frame[column] if not is_blank(v)]
        if rule.market and rule.market in frame:
            markets |= {m for m in map(market_of, frame[rule.market]) if m}
        if rule.segment and rule.segment in frame:
            markets |= {m for m in map(market_of_segment, frame[rule.segment]) if m}
    return owners, [m for m in MARKETS if m in markets]
