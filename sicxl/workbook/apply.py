"""Applying a job's result to files: the workbook itself and the exports beside it."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Callable

from sicxl.jobs.base import Export, JobResult, OtherWrites, Report
from sicxl.messages import workbook as msg
from sicxl.workbook.errors import WorkbookError
from sicxl.workbook.locks import workbook_lock
from sicxl.workbook.packager import write_package
from sicxl.workbook.verify import verify_package
from sicxl.workbook.reader import WorkbookFile
from sicxl.workbook.saving import (atomic_write, atomic_write_bytes, check_not_open, check_writable, temporary_sibling,
                                   written_path)
from sicxl.writes import Writes


def output_path(source: WorkbookFile, out: Path | None) -> Path:
    """Where results go: `--out`, else the workbook itself; an .xlsb (read-only)
    gets a sibling .xlsx."""
    if out is not None:
        return Path(out)
    if source.read_only:
        return source.path.with_suffix(".xlsx")
    return source.path


def values_copy(source: WorkbookFile, target: Path) -> None:
    """An .xlsx holding the values of every sheet of a read-only (.xlsb) workbook."""
    from openpyxl import Workbook  # only for .xlsb: openpyxl costs a job a third of a second to import

    workbook = Workbook(write_only=True)
    for name in source.sheet_names():
        sheet = workbook.create_sheet(name)
        grid = source.grid(name)
        for _ in range(grid.top - 1):
            sheet.append([])
        for row in grid.values:
            sheet.append([None] * (grid.left - 1) + [None if v == "" else v for v in row])
    workbook.save(target)


def apply_writes(source: WorkbookFile, writes: Writes, out: Path | None = None,
                 on_loss: Callable[[list[str]], None] | None = None) -> Path:
    """Write `writes` into the workbook (or `out`), atomically; return the path written.

    The package writer keeps every part it does not own byte for byte, copied
    from the very file that was read (never reopened by its path); the result
    is checked part by part before it replaces anything, and refused when a part
    would be lost, since the user's workbook matters more than our results. Under
    the workbook's lock, the workbook is replaced only if it is still the file
    that was read (saving.FileStamp): a colleague's save meanwhile is kept. Into
    another file (`--out`) the results are still written, the original being
    safe, and `on_loss` is told which parts that copy lacks.
    """
    target = output_path(source, out)
    check_not_open(target)
    check_writable(written_path(target))  # before the temporary sibling: its error would name it
    base: Path | BinaryIO = source.handle  # the file that was read, whatever its path names now
    in_place = target == source.path
    with workbook_lock(target), temporary_sibling(target) as converted:
        if source.read_only:
            values_copy(source, converted)
            base = converted

        def produce(temporary: Path) -> None:
            changes = write_package(base, writes, temporary)
            lost = verify_package(base, temporary, changes)
            if lost and in_place:
                raise WorkbookError(msg.would_lose_parts(target, lost))
            if lost and on_loss is not None:
                on_loss(lost)

        atomic_write(target, produce, source.stamp if in_place else None)
    return target


def write_exports(folder: Path, exports: list[Export]) -> list[Path]:
    """Files beside the workbook (CSV, .ics, .eml, PDF...), each written atomically."""
    written = []
    for export in exports:
        path = folder / export.name
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, export.content)
        written.append(path)
    return written


def apply_result(source: WorkbookFile, result: JobResult, out: Path | None = None) -> Path | None:
    """Apply a job's writes and exports; None when the workbook had nothing to change."""
    def lost_in_copy(parts: list[str]) -> None:
        result.report.problem(msg.parts_lost_in_copy(output_path(source, out), parts))

    target = apply_writes(source, result.writes, out, lost_in_copy) if result.writes else None
    write_exports((target or source.path).parent, result.exports)
    return target


def _apply_other(other: OtherWrites) -> str:
    """Write one other workbook in place; the French line that says what was done."""
    source = other.source
    if not isinstance(source, WorkbookFile):
        raise WorkbookError(msg.other_not_a_file(other.label))
    if source.read_only:
        raise WorkbookError(msg.other_read_only(other.label, source.path))
    apply_writes(source, other.writes)
    return msg.other_written(other.label, source.path, other.writes.cell_count)


def apply_elsewhere(elsewhere: list[OtherWrites], report: Report) -> None:
    """Apply the writes a job made into other workbooks (JobResult.elsewhere), each
    saved atomically like the workbook itself, and say so in `report`; a workbook
    that cannot be written (open in Excel, .xlsb...) is reported, and the job's own
    results still saved."""
    for other in elsewhere:
        if not other.writes:
            continue
        try:
            report.add(_apply_other(other))
        except WorkbookError as error:
            report.problem(msg.other_not_written(other.label, str(error)))
