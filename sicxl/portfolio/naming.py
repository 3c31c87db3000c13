"""File names of the portfolio copies: "{workbook} - {name}.xlsx" by default.

Names come from what users typed (a salesperson "M. Dupont / Nord", a market),
and the copies live on a Windows file server: a name is made safe for Windows
(no < > : " / \\ | ? * nor control characters, no trailing dot or space, no
reserved device name such as CON or LPT1, at most 120 characters), and two
copies whose names would only differ by case get a number, since Windows file
names ignore case.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from sicxl.messages import portfolio as msg
from sicxl.portfolio.roles import Portfolio, Role
from sicxl.schema.portfolio import FILE_PATTERN

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 120


def safe_name(text: str) -> str:
    """`text` as a valid Windows file name part (see module docstring)."""
    name = _FORBIDDEN.sub("_", unicodedata.normalize("NFC", text))
    name = " ".join(name.split()).rstrip(". ")[:MAX_NAME].rstrip(". ")
    if not name:
        return "_"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name


def display_name(portfolio: Portfolio) -> str:
    """How a portfolio is named to users and in file names."""
    if portfolio.role is Role.MANAGER:
        return msg.market_copy(portfolio.name)
    return portfolio.name


def file_names(workbook: str, portfolios: Sequence[Portfolio], pattern: str = FILE_PATTERN) -> dict[Portfolio, str]:
    """A distinct, safe file name per portfolio; `workbook` is the master's stem."""
    names: dict[Portfolio, str] = {}
    taken: set[str] = set()
    for portfolio in portfolios:
        base = pattern.format(workbook=safe_name(workbook), name=safe_name(display_name(portfolio)))
        stem, dot, suffix = base.rpartition(".")
        candidate, number = base, 2
        while candidate.casefold() in taken:
            candidate, number = f"{stem} ({number}){dot}{suffix}", number + 1
        taken.add(candidate.casefold())
        names[portfolio] = candidate
    return names
