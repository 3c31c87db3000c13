"""Reading and writing workbook files: the file-side shell of the jobs."""

from sicxl.workbook.errors import WorkbookError
from sicxl.workbook.reader import WorkbookFile, open_workbook

__all__ = ["WorkbookError", "WorkbookFile", "open_workbook"]
