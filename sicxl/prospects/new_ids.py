"""IDs for rows sicxl adds to a prospect file, in the file's own pattern.

A team numbers its prospects its own way ("P0042", "PR-2026-117", "78-015", "12"):
a row added by sicxl (a commune of the zone, a visitor met on a stand, issue 17)
must look like the others, or the assistants would renumber it by hand. The
pattern is learnt from the IDs already in the sheet: the most frequent text
before the final number, and that number's width when it is zero-padded; the
next ID is the highest number of that pattern plus one, skipping any ID already
taken (IDs are compared without case, as the duplicate checks do).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator

from sicxl.values import fold, is_blank, text_of

_NUMBERED = re.compile(r"^(.*?)(\d+)$")
DEFAULT_PREFIX, DEFAULT_WIDTH = "P", 4
"""An empty file's pattern: the one of the templates and samples (P0001)."""


@dataclass(frozen=True)
class IdPattern:
    """The text before the number, the number's zero-padded width (0: not padded)
    and the first number free after the highest one in use."""

    prefix: str = DEFAULT_PREFIX
    width: int = DEFAULT_WIDTH
    start: int = 1

    def format(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.width}d}" if self.width else f"{self.prefix}{number}"


def id_pattern(ids: Iterable[object], empty: IdPattern = IdPattern()) -> IdPattern:
    """The pattern most IDs of the file follow (module docstring); `empty` for a
    file without numbered IDs (another sheet's numbering: deals are "AF-1"...)."""
    numbered = [m for m in (_NUMBERED.match(text_of(i)) for i in ids if not is_blank(i)) if m]
    if not numbered:
        return empty
    prefix = Counter(m.group(1) for m in numbered).most_common(1)[0][0]
    digits = [m.group(2) for m in numbered if m.group(1) == prefix]
    padded = any(d.startswith("0") and len(d) > 1 for d in digits)
    width = Counter(len(d) for d in digits).most_common(1)[0][0] if padded else 0
    return IdPattern(prefix, width, max(int(d) for d in digits) + 1)


def new_ids(existing: Iterable[object], count: int) -> list[str]:
    """`count` IDs in the file's pattern, none equal to an ID already there."""
    existing = list(existing)
    return list(_free(id_pattern(existing), {fold(text_of(i)) for i in existing if not is_blank(i)}, count))


def _free(pattern: IdPattern, taken: set[str], count: int) -> Iterator[str]:
    number = pattern.start
    while count:
        candidate = pattern.format(number)
        number += 1
        if fold(candidate) not in taken:
            count -= 1
            yield candidate
