"""sicxl: a commercial information system that lives in Excel workbooks."""

__version__ = "0.1.0"
