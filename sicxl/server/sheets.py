"""Finding the split sheets of a workbook, each sheet claimed by one schema only.

`load_table` alone would let two schemas read the same sheet (the deals' alias
"Contrats" is also the dashboard's contract sheet), so sheets are claimed in
three passes: exact names first, then aliases, then headers among the sheets
still unclaimed (a renamed sheet is still found by its columns).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sicxl.jobs.base import Source, load_table
from sicxl.schema.base import SheetSchema, normalize_header
from sicxl.table import Table


@dataclass(frozen=True)
class Located:
    schema: SheetSchema
    table: Table

    @property
    def sheet(self) -> str:
        return self.table.sheet


def _by_names(source: Source, schemas: Sequence[SheetSchema], claimed: dict[str, Located], aliases: bool) -> None:
    for schema in schemas:
        if any(found.schema is schema for found in claimed.values()):
            continue
        names = (*schema.aliases,) if aliases else (schema.name,)
        wanted = {normalize_header(n) for n in names}
        for sheet in source.sheet_names():
            if sheet not in claimed and normalize_header(sheet) in wanted:
                table = load_table(source, schema, sheet)
                if table is not None:
                    claimed[sheet] = Located(schema, table)
                break


def _by_headers(source: Source, schemas: Sequence[SheetSchema], claimed: dict[str, Located]) -> None:
    for schema in schemas:
        if any(found.schema is schema for found in claimed.values()):
            continue
        required = {c.key for c in schema.columns if c.required}
        for sheet in source.sheet_names():
            if sheet in claimed:
                continue
            table = load_table(source, schema, sheet)
            if table is not None and required <= set(table.columns):
                claimed[sheet] = Located(schema, table)
                break


def locate(source: Source, schemas: Sequence[SheetSchema]) -> dict[str, Located]:
    """Sheet name -> the schema that claims it and its table, in the workbook's sheet order."""
    claimed: dict[str, Located] = {}
    _by_names(source, schemas, claimed, aliases=False)
    _by_names(source, schemas, claimed, aliases=True)
    _by_headers(source, schemas, claimed)
    return {name: claimed[name] for name in source.sheet_names() if name in claimed}
