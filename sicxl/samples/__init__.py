"""Builders of the template and sample workbooks, and `sicxl demo`."""
