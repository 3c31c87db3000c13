"""Opening a workbook file as a job `Source`.

Values come from python-calamine (several times faster than openpyxl); the
package map (sheet parts, Excel tables) from `package.Package`. A file that
cannot be read at all raises `WorkbookError` with one French sentence.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import threading
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import python_calamine

from sicxl.messages import workbook as msg
from sicxl.messages.paths import system_reason
from sicxl.table import Grid, TableRef, column_number
from sicxl.workbook import limits, used_range
from sicxl.workbook.background import BackgroundWriter
from sicxl.workbook.errors import WorkbookError
from sicxl.workbook.package import Package
from sicxl.workbook.saving import FileStamp
from sicxl.workbook.zip_io import copy_raw

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
SHARED_STRINGS = "xl/sharedStrings.xml"


def open_for_reading(path: Path) -> BinaryIO:
    """The file, open, or one French sentence saying why it cannot be."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise WorkbookError(msg.not_found(path)) from None
    except PermissionError:
        raise WorkbookError(msg.no_read_right(path)) from None
    except IsADirectoryError:
        raise WorkbookError(msg.not_a_workbook(path)) from None
    except OSError as error:
        raise WorkbookError(msg.cannot_read(path, system_reason(error))) from None
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise WorkbookError(msg.not_found(path))
    return handle


def file_kind(path: Path, handle: BinaryIO | None = None) -> str:
    """"xlsx", "xlsm" or "xlsb", after checking what the bytes really are, and
    that the package is within the limits (limits.check_archive)."""
    own = handle is None
    handle = open_for_reading(path) if handle is None else handle
    try:
        return _kind(path, handle)
    finally:
        if own:
            handle.close()


def _kind(path: Path, handle: BinaryIO) -> str:
    handle.seek(0)
    head = handle.read(8)
    if head.startswith(OLE_MAGIC):
        handle.seek(0)
        if ENCRYPTION_STREAM in handle.read(limits.MAX_PACKAGE_SIZE):
            raise WorkbookError(msg.encrypted(path))
        raise WorkbookError(msg.legacy_xls(path))
    if not head.startswith(ZIP_MAGIC):
        raise WorkbookError(msg.not_a_workbook(path))
    try:
        with zipfile.ZipFile(handle) as archive:
            limits.check_archive(archive, path)
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise WorkbookError(msg.corrupt(path)) from None
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" not in names:
        raise WorkbookError(msg.not_a_workbook(path))
    return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"


class WorkbookFile:
    """A workbook on disk, read on demand: grids are loaded sheet by sheet.

    The file is opened once and every read goes through that one opening (the
    package map, python-calamine, the writer's copy of untouched parts): what is
    saved is computed from the file that was checked and read, even when someone
    renames another file over its path meanwhile; `stamp` records it, so that the
    save can refuse to replace a file that changed since (saving.check_unchanged).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.notices: list[str] = []  # French: what the job's report should say about the reading
        self.handle = open_for_reading(self.path)
        try:
            self.stamp = FileStamp.of(self.handle)
            self.kind = file_kind(self.path, self.handle)
            self.package = None if self.kind == "xlsb" else Package(self.handle)
            if self.package is not None and self.package.has(SHARED_STRINGS):
                self._check_shared_strings()
            self._calamine = python_calamine.CalamineWorkbook.from_path(same_file(self.handle, self.path))
        except WorkbookError:
            self.handle.close()
            raise
        except Exception:  # any parse failure of a damaged package
            self.handle.close()
            raise WorkbookError(msg.corrupt(self.path)) from None
        self._grids: dict[str, Grid] = {}

    def close(self) -> None:
        if self.package is not None:
            self.package.close()
        self._calamine.close()
        self.handle.close()

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

    @contextlib.contextmanager
    def reading_ahead(self, sheets: Iterable[str]) -> Iterator[None]:
        """Load the grids of `sheets` on another thread while the caller does work
        that holds the interpreter (importing a job's code): python-calamine parses
        a sheet without it, so the two overlap on two cores. The thread is joined on
        leaving the block: a job itself always runs alone in its process (forking
        needs it, sicxl.parallel), and the file is never read by two threads at once.
        A sheet that fails to load is left for the job, which then says why."""
        present = set(self.sheet_names())
        wanted = [sheet for sheet in sheets if sheet in present and sheet not in self._grids]
        if not wanted:
            yield
            return
        thread = threading.Thread(target=self._load_quietly, args=(wanted,), name="sicxl-read-ahead", daemon=True)
        thread.start()
        try:
            yield
        finally:
            thread.join()

    def _load_quietly(self, sheets: list[str]) -> None:
        told = len(self.notices)
        for sheet in sheets:
            try:
                self.grid(sheet)
            except BaseException:  # noqa: BLE001  (the job reads the sheet again and reports it)
                del self.notices[told:]
                return
            told = len(self.notices)

    def excel_tables(self, sheet: str) -> list[TableRef]:
        if self.package is None:
            return []
        return list(self.package.sheet(sheet).tables)

    def _check_shared_strings(self) -> None:
        assert self.package is not None
        info = self.package.zip.getinfo(SHARED_STRINGS)
        limits.check_shared_strings(limits.read_part(self.package.zip, info, self.path), self.path, SHARED_STRINGS)

    def _load_grid(self, sheet: str) -> Grid:
        """The sheet's values, measured before python-calamine allocates them
        (used_range.py): read as they are, without a few stray cells far from the
        table (said in `notices`), or refused."""
        reader, errors = self._calamine, []
        part = self.package.sheet(sheet).part if self.package is not None else None
        if part is not None:
            reader, errors = self._measured(sheet, part)
        try:
            data = reader.get_sheet_by_name(sheet)
            values: list[list[Any]] = data.to_python(skip_empty_area=True)
            top, left = (data.start or (0, 0))
        except Exception:
            raise WorkbookError(msg.corrupt(self.path)) from None
        grid = Grid(values, top + 1, left + 1)
        self._overlay_errors(grid, errors)
        return grid

    def _measured(self, sheet: str, part: str) -> tuple[Any, list[tuple[bytes, bytes, bytes]]]:
        """The reader to take the sheet from, and its error cells."""
        assert self.package is not None
        archive = self.package.zip
        info = archive.getinfo(part)
        quick = used_range.QuickScan()
        with BackgroundWriter(quick, name="sicxl-measure") as measure:
            for piece in limits.pieces(archive, info, self.path):
                limits.check_text_lengths(piece, self.path, part)
                measure.write(piece)
        extent = quick.extent()
        if extent is not None and extent.roomy:
            return self._calamine, quick.errors
        data = limits.read_part(archive, info, self.path)
        plan = used_range.plan_read(data)
        if plan.refused:
            raise WorkbookError(msg.sheet_too_large(self.path, sheet, plan.refused))
        if not plan.strays:
            return self._calamine, quick.errors
        self.notices.append(msg.stray_cells(sheet, list(plan.stray_refs)))
        return _reader_without(archive, part, used_range.without_cells(data, plan.strays)), quick.errors

    @staticmethod
    def _overlay_errors(grid: Grid, cells: list[tuple[bytes, bytes, bytes]]) -> None:
        """Put Excel error codes (#N/A, #DIV/0!...) back where calamine shows blanks,
        so that a job can tell the user "the cell holds #N/A" rather than "empty"."""
        for letters, row, code in cells:
            r, c = int(row) - grid.top, column_number(letters.decode()) - grid.left
            if 0 <= r < len(grid.values) and 0 <= c < len(grid.values[r]):
                grid.values[r][c] = code.decode() or "#N/A"


def same_file(handle: BinaryIO, path: Path) -> str:
    """A path that opens the very file `handle` has open: on Linux its /proc
    entry; elsewhere the path itself, once checked to still name that file."""
    proc = f"/proc/self/fd/{handle.fileno()}"
    if os.path.exists(proc):
        return proc
    if not os.path.samestat(os.fstat(handle.fileno()), os.stat(path)):
        raise WorkbookError(msg.changed_while_read(path))
    return str(path)


def _reader_without(archive: zipfile.ZipFile, part: str, sheet: bytes) -> Any:
    """python-calamine on a copy of the package, in memory, whose sheet `part` is
    `sheet`; the other parts are copied as stored."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for info in archive.infolist():
            if info.filename == part:
                copy.writestr(info.filename, sheet)
            else:
                copy_raw(archive, info, copy)
    buffer.seek(0)
    return python_calamine.CalamineWorkbook.from_filelike(buffer)


def open_workbook(path: Path | str) -> WorkbookFile:
    return WorkbookFile(Path(path))
