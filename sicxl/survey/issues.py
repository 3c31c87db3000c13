"""A problem found in the survey's input, said in French, located by row and column.

The core knows rows and column keys, not cell addresses: the job turns
(`row`, `key`) into "J14" with the table it read, and appends it to `message`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    kind: str  # short French kind, counted in the report ("Hors échelle")
    message: str  # French, without the cell
    row: int | None = None  # worksheet row
    key: str | None = None  # column key of the table the row belongs to
    sheet: str | None = None  # the schema's sheet, when not the table being read
