"""File names made from cell values (an event's ID, a person's ID or name).

A cell may hold anything: slashes, a Windows device name (CON, NUL, COM1), 32,767
characters. A name part keeps ASCII letters, digits, '-' and '_' (accents dropped,
so that every file system and every zip tool agrees), is never empty nor a device
name, and is cut to `MAX_PART` characters with a short hash of the whole value, so
that two long values that start alike still give two files. Two values that give
the same part ("A/B", "A B") are told apart by `Unique`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_PART = 60
_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def name_part(value: str, limit: int = MAX_PART) -> str:
    """A safe piece of file name for `value` ("SAL-2026" stays "SAL-2026")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    part = re.sub(r"[^0-9A-Za-z_-]+", "_", plain).strip("_-") or "x"
    if part.casefold() in _DEVICES:
        part = f"{part}_"
    if len(part) > limit:
        digest = hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        part = f"{part[:limit - 9]}_{digest}"
    return part


class Unique:
    """Safe name parts, each given once: a repeated one gets "_2", "_3"..."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def __call__(self, value: str) -> str:
        base = name_part(value)
        part, number = base, 1
        while part.casefold() in self.taken:
            number += 1
            part = f"{base}_{number}"
        self.taken.add(part.casefold())
        return part
