"""Event cell functions: SIC_ADDRESS, SIC_INVITABLE, on prospect rows (sicxl.events)."""

from __future__ import annotations

from typing import Any

from sicxl.events.postal import address_lines
from sicxl.events.selection import invitable as invitable_of
from sicxl.formulas.ranges import Cells, never_raises, range_table
from sicxl.schema.prospects import PROSPECTS

ADDRESS_KEYS = {"name": "organisation", "decision_maker": "name", "role": "role", "address": "address",
                "postal_code": "postal_code", "city": "city"}  # prospect column -> address_lines argument
INVITABLE_KEYS = ("opt_out", "undeliverable", "duplicate_of", "email", "address", "postal_code", "city")
ADDRESS_INPUTS = tuple(c.key for c in PROSPECTS.columns if c.key in ADDRESS_KEYS)
INVITABLE_INPUTS = tuple(c.key for c in PROSPECTS.columns if c.key in INVITABLE_KEYS)
ADDRESS_TITLE = "Adresse postale"


def _records(rows: Any, inputs: tuple[str, ...]):
    read = range_table(rows, PROSPECTS, inputs)
    frame = read.table.frame
    records = {row: {k: frame.at[row, k] if k in frame else None for k in inputs} for row in frame.index}
    return read, records


@never_raises
def address(rows: Any) -> Cells:
    """The postal address of each prospect, at most 6 lines of 38 characters
    (La Poste, NF Z10-011), lines separated by a line break."""
    read, records = _records(rows, ADDRESS_INPUTS)
    cells = {row: "\n".join(address_lines(**{ADDRESS_KEYS[k]: v for k, v in values.items()}))
             for row, values in records.items()}
    return read.result(cells, ADDRESS_TITLE)


@never_raises
def invitable(rows: Any) -> Cells:
    """"oui", or why the prospect cannot be invited (opposition, NPAI, duplicate, no address)."""
    read, records = _records(rows, INVITABLE_INPUTS)
    cells = {row: invitable_of(**values) for row, values in records.items()}
    return read.result(cells, "Invitable")
