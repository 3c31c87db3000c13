"""Opening a workbook file as a job `Source`.

Values come from python-calamine (several times faster than openpyxl); the
package map (sheet parts, Excel tables) from `package.Package`. A file that
cannot be read at all raises `WorkbookError` with one French sentence.
"""

from __future__ import annotations

import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import python_calamine

from sicxl.messages import workbook as msg
from sicxl.table import Grid, TableRef, column_number
from sicxl.workbook.errors import WorkbookError
from sicxl.workbook.package import Package

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\bt="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>.*?</f>)?<v>([^<]*)</v>')


def file_kind(path: Path) -> str:
    """"xlsx", "xlsm" or "xlsb", after checking what the bytes really are."""
    if not path.is_file():
        raise WorkbookError(msg.not_found(path))
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_MAGIC):
        if ENCRYPTION_STREAM in path.read_bytes():
            raise WorkbookError(msg.encrypted(path))
        raise WorkbookError(msg.legacy_xls(path))
    if not head.startswith(ZIP_MAGIC):
        raise WorkbookError(msg.not_a_workbook(path))
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise WorkbookError(msg.corrupt(path)) from None
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" not in names:
        raise WorkbookError(msg.not_a_workbook(path))
    return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"


class WorkbookFile:
    """A workbook on disk, read on demand: grids are loaded sheet by sheet."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.kind = file_kind(self.path)
        try:
            self.package = None if self.kind == "xlsb" else Package(self.path)
            self._calamine = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except WorkbookError:
            raise
        except Exception:  # any parse failure of a damaged package
            raise WorkbookError(msg.corrupt(self.path)) from None
        self._grids: dict[str, Grid] = {}

    def close(self) -> None:
        if self.package is not None:
            self.package.close()
        self._calamine.close()

    def __enter__(self) -> "WorkbookFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        return self.kind == "xlsb"

    def sheet_names(self) -> list[str]:
        return [
            meta.name
            for meta in self._calamine.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]

    def sheet_state(self, sheet: str) -> str:
        if self.package is None:
            return "visible"
        return self.package.sheet(sheet).state

    def grid(self, sheet: str) -> Grid:
        if sheet not in self._grids:
            self._grids[sheet] = self._load_grid(sheet)
        return self._grids[sheet]

    def excel_tables(self, sheet: str) -> list[TableRef]:
        if self.package is None:
            return []
        return list(self.package.sheet(sheet).tables)

    def _load_grid(self, sheet: str) -> Grid:
        # calamine parses without the GIL: the error cells are looked for meanwhile.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sicxl-errors") as pool:
            errors = pool.submit(self._error_cells, sheet)
            try:
                data = self._calamine.get_sheet_by_name(sheet)
                values: list[list[Any]] = data.to_python(skip_empty_area=True)
                top, left = (data.start or (0, 0))
                cells = errors.result()
            except Exception:
                raise WorkbookError(msg.corrupt(self.path)) from None
        grid = Grid(values, top + 1, left + 1)
        self._overlay_errors(grid, cells)
        return grid

    def _error_cells(self, sheet: str) -> list[tuple[bytes, bytes, bytes]]:
        """(column letters, row, code) of every cell holding an Excel error code."""
        if self.package is None:
            return []
        part = self.package.sheet(sheet).part
        if part is None:
            return []
        xml = self.package.read(part)
        return _ERROR_CELL.findall(xml) if b't="e"' in xml else []

    @staticmethod
    def _overlay_errors(grid: Grid, cells: list[tuple[bytes, bytes, bytes]]) -> None:
        """Put Excel error codes (#N/A, #DIV/0!...) back where calamine shows blanks,
        so that a job can tell the user "the cell holds #N/A" rather than "empty"."""
        for letters, row, code in cells:
            r, c = int(row) - grid.top, column_number(letters.decode()) - grid.left
            if 0 <= r < len(grid.values) and 0 <= c < len(grid.values[r]):
                grid.values[r][c] = code.decode() or "#N/A"


def open_workbook(path: Path | str) -> WorkbookFile:
    return WorkbookFile(Path(path))
