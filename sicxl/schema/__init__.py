"""The workbook contract: one declarative source for sheet names and headers."""

from sicxl.schema.base import Column, Kind, SheetSchema, normalize_header

__all__ = ["Column", "Kind", "SheetSchema", "normalize_header"]
