"""Limits on a workbook package, checked before any parser sees it.

A workbook is untrusted input (DESIGN.md, trust boundaries): a part's sizes, a
string's length and a sheet's used range are what a parser trusts when it
allocates. python-calamine reserves what a shared-string count announces, holds
every string in memory and allocates a sheet's whole bounding box at once (one
cell at XFD1048576 asks for 512 GB, and Rust aborts the process on a failed
allocation: no exception to catch). So the package is measured here, from what
it really holds, and refused with one French sentence when it is beyond what a
workbook typed by people can be.

The limits are those of Excel itself where it has one (32,767 characters in a
cell) and otherwise generous for sicxl's files (100,000 prospects make a 120 MB
sheet): a part may inflate to 1 GiB, the whole package to 2 GiB, and a part
larger than 1 MiB may not inflate more than 100 times its stored size (Apache
POI's ZipSecureFile refuses the same ratio; real sheets stay near 10).
"""

from __future__ import annotations

import contextlib
import html
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path


from sicxl.messages import workbook as msg
from sicxl.workbook.errors import WorkbookError
from sicxl.workbook.zip_io import LargerThanRecorded, member_pieces, read_member

MAX_PART_SIZE = 1 << 30
MAX_PACKAGE_SIZE = 2 << 30
MAX_PARTS = 10_000
MAX_RATIO = 100
RATIO_GRACE = 1 << 20
MAX_CELL_CHARACTERS = 32_767  # Excel's own limit of a cell's text
# A character takes at most 10 bytes in XML (a numeric reference: "&#x1F600;"):
# fewer bytes than this between two tags cannot exceed the limit, more always do.
_TEXT_SURELY_SHORT = MAX_CELL_CHARACTERS
_TEXT_SURELY_LONG = MAX_CELL_CHARACTERS * 10
# a string of many formatted runs: Excel writes at most ~200 bytes of markup per run
_STRING_SURELY_LONG = MAX_CELL_CHARACTERS * 256
KNOWN_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_UNIQUE_COUNT = re.compile(rb'\buniqueCount="(\d+)"')
_SMALLEST_STRING = len(b"<si/>")


def check_archive(archive: zipfile.ZipFile, path: Path) -> None:
    """What the zip's central directory declares: one entry per name, methods
    Excel uses, no encryption, declared sizes and ratio within the limits."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise WorkbookError(msg.too_many_parts(path, len(infos)))
    seen: set[str] = set()
    for info in infos:
        # Part names are case-insensitive (Open Packaging Conventions): two spellings
        # of one name would let two readers see two different parts.
        name = info.filename.casefold()
        if name in seen:
            raise WorkbookError(msg.duplicate_part(path, info.filename))
        seen.add(name)
        if info.compress_type not in KNOWN_METHODS:
            raise WorkbookError(msg.unknown_compression(path, info.filename))
        if info.flag_bits & 0x01:
            raise WorkbookError(msg.corrupt(path))
        check_declared(info, path)
    if sum(info.file_size for info in infos) > MAX_PACKAGE_SIZE:
        raise WorkbookError(msg.package_too_large(path, MAX_PACKAGE_SIZE))


def check_declared(info: zipfile.ZipInfo, path: Path) -> None:
    if info.file_size > MAX_PART_SIZE:
        raise WorkbookError(msg.part_too_large(path, info.filename, MAX_PART_SIZE))
    if info.file_size > RATIO_GRACE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise WorkbookError(msg.part_too_compressed(path, info.filename))


def read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytearray:
    """A part's content, inflated within its declared size (see `pieces`)."""
    check_declared(info, path)
    with _french_errors(path, info):
        return read_member(archive, info)


def pieces(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> Iterator[bytes]:
    """A part's content in pieces, refused as soon as it inflates beyond its
    declared size (a lying header is how a small file becomes gigabytes in a
    reader that trusts the stream), and when its size or CRC do not match."""
    check_declared(info, path)
    with _french_errors(path, info):
        yield from member_pieces(archive, info)


@contextlib.contextmanager
def _french_errors(path: Path, info: zipfile.ZipInfo) -> Iterator[None]:
    try:
        yield
    except LargerThanRecorded:
        raise WorkbookError(msg.part_larger_than_declared(path, info.filename)) from None
    except NotImplementedError:
        raise WorkbookError(msg.unknown_compression(path, info.filename)) from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise WorkbookError(msg.corrupt(path)) from None


def check_shared_strings(data: bytes, path: Path, part: str) -> None:
    """The announced count (the reader reserves room for it) and each string's length."""
    head = _UNIQUE_COUNT.search(data, 0, 4096)
    if head and int(head.group(1)) > len(data) // _SMALLEST_STRING:
        raise WorkbookError(msg.corrupt(path))
    check_text_lengths(data, path, part, strings=True)


def check_text_lengths(data: bytes | bytearray, path: Path, part: str, strings: bool = False) -> None:
    """No text clearly longer than a cell may hold, without parsing the part.

    One find per half window of 32,767 bytes: a half window holding no "<" lies
    inside a text at least that long, which is then measured exactly (so every
    text run beyond the limit is found). In shared strings (`strings`), a second
    find: a whole window without "</si>" lies inside a string made of many runs,
    which is measured with its runs put together. The text of a normal workbook
    never gets measured: the cost is a few thousand finds."""
    size, step = len(data), _TEXT_SURELY_SHORT // 2
    at = 0
    while at + step <= size:
        if data.find(b"<", at, at + step) < 0:
            _check_text_run(data, at, path, part)
            at = data.find(b"<", at)
            if at < 0:
                return
            continue
        if strings and at + 2 * step <= size and data.find(b"</si>", at, at + 2 * step) < 0:
            at = _check_string(data, at, path, part)
            continue
        at += step


def _check_text_run(data: bytes | bytearray, at: int, path: Path, part: str) -> None:
    """The text between the tags around `at`, counted in characters."""
    start = data.rfind(b">", 0, at) + 1
    end = data.find(b"<", at)
    end = len(data) if end < 0 else end
    if end - start > _TEXT_SURELY_LONG or _characters(data[start:end]) > MAX_CELL_CHARACTERS:
        raise WorkbookError(msg.text_too_long(path, part, MAX_CELL_CHARACTERS))


def _check_string(data: bytes | bytearray, at: int, path: Path, part: str) -> int:
    """The shared string around `at`, its runs put together; where to go on from."""
    start = data.rfind(b"<si", 0, at)
    end = data.find(b"</si>", at)
    if start < 0 or end < 0 or end - start > _STRING_SURELY_LONG:
        raise WorkbookError(msg.text_too_long(path, part, MAX_CELL_CHARACTERS))
    runs = re.findall(rb"<(?:\w+:)?t\b[^>]*>([^<]*)<", data[start:end])
    if sum(map(_characters, runs)) > MAX_CELL_CHARACTERS:
        raise WorkbookError(msg.text_too_long(path, part, MAX_CELL_CHARACTERS))
    return end


def _characters(text: bytes | bytearray) -> int:
    """Characters of XML text: its UTF-8 decoded, its references counted as one."""
    return len(html.unescape(bytes(text).decode("utf-8", "replace")))
