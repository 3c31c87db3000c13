"""Small generators of hostile workbooks (issue 13): a few kilobytes on disk each,
built from a real workbook, never committed. Also used by bench/hostile_bench.py
at the sizes the issue reported (a 1 GB shared string, a 2 GB sheet)."""

from __future__ import annotations

import random
import re
import struct
import zipfile
from pathlib import Path
from typing import Callable

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
_CHUNK = 1 << 24


def rebuild(source: Path, target: Path, edit: Callable[[str, bytes], bytes | None],
            method: Callable[[str], int] = lambda name: zipfile.ZIP_DEFLATED) -> Path:
    """`source`'s parts through `edit` (None drops the part), deflated again."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = edit(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data, compress_type=method(info.filename))
    return target


def sheet_part(path: Path, sheet: str = "Prospects") -> str:
    """The part of a sheet, by its name (workbook.xml and its relationships)."""
    from sicxl.workbook.package import Package

    with Package(path) as package:
        part = package.sheet(sheet).part
    assert part is not None
    return part


def with_cells(source: Path, target: Path, cells: dict[str, str], sheet: str = "Prospects") -> Path:
    """`source` with text typed in far cells ({"XFD1048576": "x"}), each in a row
    of its own after the table's rows, the way Excel writes them."""
    part = sheet_part(source, sheet)

    def edit(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        rows: dict[int, list[str]] = {}
        for ref, text in cells.items():
            letters = re.match(r"[A-Z]+", ref).group(0)
            rows.setdefault(int(ref[len(letters):]), []).append(
                f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
        extra = "".join(f'<row r="{r}">{"".join(c)}</row>' for r, c in sorted(rows.items())).encode()
        return data.replace(b"</sheetData>", extra + b"</sheetData>", 1)

    return rebuild(source, target, edit)


def scattered_cells(count: int = 1_200) -> dict[str, str]:
    """Cells spread over the whole sheet, too many to be strays: the sheet is refused."""
    from sicxl.table import column_letter

    return {f"{column_letter(min(1 + 13 * i, 16_384))}{2000 + 419 * i}": "x" for i in range(count)}


def with_part(source: Path, target: Path, name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """`source` with one more member (possibly a second one under an existing name)."""
    rebuild(source, target, lambda n, d: d)
    with zipfile.ZipFile(target, "a") as archive:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a duplicate name is the point
            archive.writestr(name, data, compress_type=method)
    return target


def lying_about_size(source: Path, target: Path, part: str, declared: int) -> Path:
    """`source` whose `part` announces `declared` bytes once inflated, in both its
    local header and the central directory, while its stream inflates to more."""
    data = bytearray(source.read_bytes())
    name = part.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at: name_at + len(name)] == name:
                struct.pack_into("<I", data, at + offset, declared)
            at += 4
    target.write_bytes(bytes(data))
    return target


def random_text(characters: int, seed: int = 13) -> str:
    """Text that does not compress away: the ratio limit must not be what refuses it."""
    rng = random.Random(seed)
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(characters))


def streamed_part(source: Path, target: Path, part: str, head: bytes, filler: bytes, size: int,
                  tail: bytes) -> Path:
    """`source` with `part` (put last, replacing any of that name) made of head +
    filler repeated to `size` bytes + tail, deflated as it is written: a part of
    gigabytes without holding it in memory. python-calamine and sicxl find the
    shared strings and sheets by their usual names."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != part:
                new.writestr(info.filename, old.read(info))
        info = zipfile.ZipInfo(part)
        info.compress_type = zipfile.ZIP_DEFLATED
        with new.open(info, "w", force_zip64=True) as stream:
            stream.write(head)
            block = filler * (_CHUNK // len(filler))
            written = 0
            while written + len(block) <= size:
                stream.write(block)
                written += len(block)
            stream.write(filler * ((size - written) // len(filler)))
            stream.write(tail)
    return target


def huge_shared_string(source: Path, target: Path, characters: int) -> Path:
    """`source` whose shared strings hold one string of `characters` letters."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    return streamed_part(source, target, STRINGS, head, b"a", characters, b"</t></si></sst>")


def inflating_sheet(source: Path, target: Path, size: int) -> Path:
    """`source` whose first sheet inflates to `size` bytes of blanks inside its rows."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    return streamed_part(source, target, SHEET, head, b" ", size, b"</row></sheetData></worksheet>")
