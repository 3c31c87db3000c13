"""The prospect file: fill, validate, find duplicates, score (WORKBOOKS.md section 1)."""
