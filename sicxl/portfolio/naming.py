"""File names of the portfolio copies: "{workbook} - {name}.xlsx" by default (issue 13, point 10).

Names come from what users typed (a salesperson "M. Dupont / Nord", a market),
and the copies live on a file server that Windows users open. So a file name:
- has no character Windows forbids (< > : " / \\ | ? *, control characters), no
  run of blanks, no trailing dot or space, does not start with a dot (a hidden
  file, which `regenerate` skips) nor with "~$" (Excel's owner files);
- is not a device name Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9,
  with the superscript digits too, CONIN$, CONOUT$), whatever its extension;
- fits: at most MAX_CHARS characters (Excel cannot open a file whose full path
  passes 218 characters, so the name leaves room for the folders) and
  MAX_BYTES bytes in UTF-8 (file systems take 255 bytes, and LibreOffice's
  lock file `.~lock.NAME#` adds 8), cut on a character, the salesperson's name
  first, the workbook's next;
- never takes a role's file: the director's and every market manager's names are
  kept for them, whether or not this split makes them, so that a salesperson
  named "Direction" or "Marché Santé" gets "… - Direction (commercial).xlsx" and
  can never overwrite, nor be mistaken for, a copy that holds more rows than his;
- is unique, ignoring case and Unicode normalisation (Windows ignores case):
  a second one gets " (2)".
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from sicxl.messages import portfolio as msg
from sicxl.portfolio.roles import Portfolio, Role
from sicxl.schema.dashboard import MARKETS
from sicxl.schema.portfolio import FILE_PATTERN

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f\ud800-\udfff]')
_DIGITS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³")
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", *(f"{d}{n}" for d in ("COM", "LPT") for n in _DIGITS)}
MAX_CHARS = 120
MAX_BYTES = 247


def safe_name(text: str) -> str:
    """`text` as a part of a file name: forbidden characters replaced, blanks
    collapsed, no trailing dot or space (see module docstring)."""
    name = _FORBIDDEN.sub("_", " ".join(unicodedata.normalize("NFC", text).split())).rstrip(". ")
    return name or "_"


def display_name(portfolio: Portfolio) -> str:
    """How a portfolio is named to users and in file names."""
    if portfolio.role is Role.MANAGER:
        return msg.market_copy(portfolio.name)
    return portfolio.name


def _fits(name: str) -> bool:
    return len(name) <= MAX_CHARS and len(name.encode("utf-8")) <= MAX_BYTES


def _valid(name: str) -> str:
    """A whole file name made valid: no leading dot nor "~$", no reserved stem."""
    name = name.lstrip(". ")
    if name.startswith("~$"):
        name = "_" + name[1:]
    if name.split(".")[0].rstrip(" ").upper() in RESERVED:
        name = "_" + name
    return name


def compose(pattern: str, workbook: str, label: str, suffix: str = "") -> str:
    """The file name of a copy: `pattern` filled with the safe workbook stem and label,
    `suffix` (" (2)") before the extension, shortened to fit (module docstring)."""
    parts = [safe_name(workbook), safe_name(label)]
    while True:
        stem, dot, extension = pattern.format(workbook=parts[0], name=parts[1]).rpartition(".")
        name = _valid(f"{stem}{suffix}{dot}{extension}" if dot else f"{extension}{suffix}")
        longest = 1 if len(parts[1]) > 1 else 0
        if _fits(name) or len(parts[longest]) <= 1:
            return name
        parts[longest] = parts[longest][:-1].rstrip(". ") or "_"


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def role_file_names(workbook: str, pattern: str = FILE_PATTERN) -> set[str]:
    """The file names kept for the director and the market managers (compared folded)."""
    roles = [Portfolio(Role.DIRECTOR)] + [Portfolio(Role.MANAGER, market) for market in MARKETS]
    return {_key(compose(pattern, workbook, display_name(p))) for p in roles}


def file_names(workbook: str, portfolios: Sequence[Portfolio], pattern: str = FILE_PATTERN) -> dict[Portfolio, str]:
    """A distinct, safe file name per portfolio; `workbook` is the master's stem.
    Role copies are named first, then salespeople, kept off the roles' names."""
    kept_for_roles = role_file_names(workbook, pattern)
    names: dict[Portfolio, str] = {}
    taken: set[str] = set()
    for portfolio in sorted(portfolios, key=lambda p: p.role is Role.SALESPERSON):
        label = display_name(portfolio)
        if portfolio.role is Role.SALESPERSON and _key(compose(pattern, workbook, label)) in kept_for_roles:
            label = msg.salesperson_copy(label)
        candidate, number = compose(pattern, workbook, label), 2
        while _key(candidate) in taken or (portfolio.role is Role.SALESPERSON and _key(candidate) in kept_for_roles):
            candidate, number = compose(pattern, workbook, label, f" ({number})"), number + 1
        taken.add(_key(candidate))
        names[portfolio] = candidate
    return {p: names[p] for p in portfolios}
