"""New row IDs that follow a sheet's own pattern: "P0124" after "P0123", "AF-58" after "AF-57".

The IDs a team types share a prefix and a number, zero-padded or not. The
pattern is the most frequent prefix (case ignored, its most frequent spelling
kept) among the IDs that end in digits; the number is zero-padded to the width
its padded IDs have, when some are; a new ID is the next number after the
highest one of that prefix, skipping any ID already taken. A sheet without such
an ID starts from `first` ("P0001").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Callable, Iterable

from sicxl.values import is_blank, text_of

_NUMBERED = re.compile(r"^(.*?)(\d+)$")


class IdSequence:
    """The next IDs of a sheet (module docstring)."""

    def __init__(self, ids: Iterable[Any], first: str) -> None:
        parsed = [m for m in (_NUMBERED.match(text_of(i).strip()) for i in ids if not is_blank(i)) if m]
        fresh = not parsed
        if fresh:
            parsed = [m for m in [_NUMBERED.match(first)] if m]
        prefix = Counter(m[1].casefold() for m in parsed).most_common(1)[0][0]
        mine = [m for m in parsed if m[1].casefold() == prefix]
        self.prefix: str = Counter(m[1] for m in mine).most_common(1)[0][0]
        self.width = max((len(m[2]) for m in mine if len(m[2]) > 1 and m[2].startswith("0")), default=0)
        self.last = int(mine[0][2]) - 1 if fresh else max(int(m[2]) for m in mine)

    def next(self, taken: Callable[[str], bool]) -> str:
        """The next ID of the pattern for which `taken` is false."""
        while True:
            self.last += 1
            candidate = f"{self.prefix}{self.last:0{self.width}d}"
            if not taken(candidate):
                return candidate
