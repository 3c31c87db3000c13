"""Zip members handled at the level of their stored bytes.

The standard library has no public raw copy, so the few lines below replay what
ZipFile._open_to_write does, with the source member's compressed bytes: the copy
costs a file read instead of a decompression plus a compression, its bytes are the
original's, and memory stays flat whatever the size of untouched sheets. The same
stored bytes let verify.py check such a copy without inflating it. Also here: a
member read into one buffer (half ZipFile.read's peak), and a rewritten member
deflated as it is produced, then appended with its sizes and CRC known.

Deflating and inflating the large parts go through zlib-ng: the same deflate
format as zlib, at about twice its speed for the same size.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from collections.abc import Callable, Iterator
from typing import BinaryIO

try:
    from zlib_ng import zlib_ng
except ImportError:  # xlwings Lite (Pyodide) has no zlib-ng build: the standard zlib, same interface
    import zlib as zlib_ng  # type: ignore[no-redef]

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_DATA_DESCRIPTOR = 0x08
_ZIP64_EXTRA = 0x0001
_COMPARE_CHUNK = 1 << 20
_INFLATE_CHUNK = 1 << 18  # compressed bytes inflated at once: small pieces inflate fastest


class LargerThanRecorded(zipfile.BadZipFile):
    """A member that inflates beyond the size its headers record."""


class _Window:
    """A read-only view of `size` bytes of a file, for shutil.copyfileobj; from
    `at` when given (the file is then sought before each read)."""

    def __init__(self, fp, size: int, at: int | None = None) -> None:
        self.fp, self.left, self.at = fp, size, at

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        if self.at is not None:
            self.fp.seek(self.at)
        data = self.fp.read(n)
        self.left -= len(data)
        if self.at is not None:
            self.at += len(data)
        return data


def _clone(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    for attr in ("compress_type", "comment", "create_system", "create_version", "extract_version",
                 "volume", "internal_attr", "external_attr", "CRC", "compress_size", "file_size"):
        setattr(copy, attr, getattr(info, attr))
    copy.extra = zipfile._strip_extra(info.extra, (_ZIP64_EXTRA,))  # rebuilt by FileHeader when needed
    copy.flag_bits = info.flag_bits & ~_DATA_DESCRIPTOR  # sizes go in the local header
    return copy


def _seek_data(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Move archive.fp to the first byte of `info`'s compressed data, checking its
    local header as ZipFile.open does."""
    if info.flag_bits & 0x01:
        raise ValueError(f"encrypted member {info.filename}")
    fp = archive.fp
    fp.seek(info.header_offset)
    header = _LOCAL_HEADER.unpack(fp.read(_LOCAL_HEADER.size))
    if header[0] != zipfile.stringFileHeader:
        raise zipfile.BadZipFile(f"bad local header of {info.filename}")
    name = fp.read(header[-2])
    encoding = "utf-8" if header[3] & 0x800 else archive.metadata_encoding or "cp437"
    if name.decode(encoding) != info.orig_filename:
        raise zipfile.BadZipFile(f"local header of {info.filename} names {name!r}")
    fp.seek(header[-1], 1)  # skip the extra field


def copy_raw(source: zipfile.ZipFile, info: zipfile.ZipInfo, target: zipfile.ZipFile) -> None:
    """Append `info`'s member of `source` to `target` as stored (same compressed bytes)."""
    _seek_data(source, info)
    _append(target, _clone(info), lambda out: shutil.copyfileobj(_Window(source.fp, info.compress_size), out, 1 << 20))


def append_deflated(target: zipfile.ZipFile, member: zipfile.ZipInfo, deflated: DeflatedMember) -> None:
    """Append `member` to `target` with the content `deflated` has compressed."""
    member.compress_type = zipfile.ZIP_DEFLATED
    member.CRC, member.file_size = deflated.crc, deflated.size
    member.compress_size = sum(map(len, deflated.parts))
    _append(target, member, lambda out: out.writelines(deflated.parts))


def _append(target: zipfile.ZipFile, member: zipfile.ZipInfo, write_data: Callable[[BinaryIO], object]) -> None:
    """What ZipFile._open_to_write and its stream's close do, for a member whose
    compressed bytes, sizes and CRC are known before its local header is written."""
    zip64 = member.file_size > zipfile.ZIP64_LIMIT or member.compress_size > zipfile.ZIP64_LIMIT
    target.fp.seek(target.start_dir)
    member.header_offset = target.fp.tell()
    target._writecheck(member)
    target._didModify = True
    target.fp.write(member.FileHeader(zip64))
    write_data(target.fp)
    target.start_dir = target.fp.tell()
    target.filelist.append(member)
    target.NameToInfo[member.filename] = member


def member_pieces(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's content in pieces as it is inflated, never beyond its recorded
    size (LargerThanRecorded: a lying header); its size and CRC are checked after
    the last piece (zipfile.BadZipFile)."""
    if info.compress_type == zipfile.ZIP_STORED:
        inflate = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflate = zlib_ng.decompressobj(-zlib_ng.MAX_WBITS)
    else:
        raise NotImplementedError(f"compression method {info.compress_type} of {info.filename}")
    window = _seek_and_window(archive, info)
    size = crc = 0
    while chunk := window.read(_INFLATE_CHUNK):
        try:
            inflated = (chunk,) if inflate is None else (inflate.decompress(chunk),
                                                         *([] if window.left else [inflate.flush()]))
        except zlib_ng.error:
            raise zipfile.BadZipFile(f"{info.filename} does not inflate") from None
        for piece in inflated:
            size += len(piece)
            if size > info.file_size:
                raise LargerThanRecorded(f"{info.filename} is larger than its recorded size")
            crc = zlib_ng.crc32(piece, crc)
            yield piece
    if size != info.file_size or crc != info.CRC or (inflate is not None and not inflate.eof):
        raise zipfile.BadZipFile(f"bad CRC or size of {info.filename}")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytearray:
    """A member's content, CRC checked, inflated into one buffer of its final size:
    ZipFile.read (and zlib.decompress) build the result in pieces joined at the
    end, a peak of twice the size (300 MB for a 150 MB sheet)."""
    data = bytearray(info.file_size)
    size = 0
    for piece in member_pieces(archive, info):
        data[size: size + len(piece)] = piece
        size += len(piece)
    return data


def same_stored_bytes(a: zipfile.ZipFile, a_info: zipfile.ZipInfo,
                      b: zipfile.ZipFile, b_info: zipfile.ZipInfo) -> bool:
    """True when both members hold the same compressed bytes with the same method,
    sizes and CRC: then they inflate to the same content, which is known without
    inflating either (what copy_raw promises, checked by reading back)."""
    def facts(info: zipfile.ZipInfo) -> tuple:
        return info.compress_type, info.compress_size, info.file_size, info.CRC, info.flag_bits & 0x01

    if facts(a_info) != facts(b_info):
        return False
    left = _seek_and_window(a, a_info)
    right = _seek_and_window(b, b_info)
    while chunk := left.read(_COMPARE_CHUNK):
        if right.read(len(chunk)) != chunk:
            return False
    return True


def _seek_and_window(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> _Window:
    """The member's compressed bytes; each read seeks, so two windows on two files
    can be read in turns."""
    _seek_data(archive, info)
    return _Window(archive.fp, info.compress_size, archive.fp.tell())


class DeflatedMember:
    """A member's content deflated and CRC'd as it is written, kept compressed (a
    tenth of its size) until append_deflated writes it: its sizes and CRC then go
    in the local header. zlib-ng works without the GIL: written through a
    background.BackgroundWriter, deflating overlaps with producing the content."""

    def __init__(self, level: int) -> None:
        self._compressor = zlib_ng.compressobj(level, zlib_ng.DEFLATED, -zlib_ng.MAX_WBITS)
        self.crc = self.size = 0
        self.parts: list[bytes] = []

    def write(self, chunk: bytes) -> int:
        self.crc = zlib_ng.crc32(chunk, self.crc)
        self.size += len(chunk)
        self.parts.append(self._compressor.compress(chunk))
        return len(chunk)

    def finish(self) -> None:
        self.parts.append(self._compressor.flush())
