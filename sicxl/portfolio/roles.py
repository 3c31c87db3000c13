"""The three roles and the portfolio each one sees (issue 8).

The market director sees every row; a sales manager the rows of his market; a
salesperson the rows he owns. A row belongs to a portfolio only when every
attribution it carries agrees (see `ownership.belongs`), so that a row shared by
two salespeople goes to neither copy, only to their manager's and the director's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable

from sicxl.schema.portfolio import BY_MARKET, BY_OWNER, DIRECTOR_NAME
from sicxl.values import fold


class Role(Enum):
    DIRECTOR = "director"
    MANAGER = "manager"
    SALESPERSON = "salesperson"


@dataclass(frozen=True)
class Portfolio:
    """A role and whom it is for: the salesperson's name, the manager's market,
    nothing for the director."""

    role: Role
    name: str = DIRECTOR_NAME

    @property
    def key(self) -> str:
        """The folded name, for comparing with what users typed."""
        return fold(self.name)


def portfolios(owners: Iterable[str], markets: Iterable[str], by: str | None = None) -> list[Portfolio]:
    """The copies to make: one per salesperson (`by` = Commercial), one per market
    (`by` = Marché), or, without `by`, every salesperson's, every manager's and
    the director's. Names keep their first spelling; blank ones are left out."""
    wanted_owner = by in (None, BY_OWNER)
    wanted_market = by in (None, BY_MARKET)
    result: list[Portfolio] = []
    if wanted_owner:
        result += [Portfolio(Role.SALESPERSON, n) for n in _distinct(owners)]
    if wanted_market:
        result += [Portfolio(Role.MANAGER, m) for m in _distinct(markets)]
    if by is None:
        result.append(Portfolio(Role.DIRECTOR))
    return result


def _distinct(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        text = " ".join(str(name or "").split())
        if text:
            seen.setdefault(fold(text), text)
    return sorted(seen.values(), key=fold)
