"""The one exception a shell shows to users: a workbook that cannot be processed."""

from __future__ import annotations


class WorkbookError(Exception):
    """A workbook that cannot be read or saved; the message is one French sentence."""

    exit_code = 2
