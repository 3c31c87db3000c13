"""Zip members copied without inflating and deflating them again.

The standard library has no public raw copy, so the few lines below replay what
ZipFile._open_to_write does, with the source member's compressed bytes: the copy
costs a file read instead of a decompression plus a compression, its bytes are the
original's, and memory stays flat whatever the size of untouched sheets.
"""

from __future__ import annotations

import shutil
import struct
import zipfile

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_DATA_DESCRIPTOR = 0x08
_ZIP64_EXTRA = 0x0001


class _Window:
    """A read-only view of `size` bytes of a file, for shutil.copyfileobj."""

    def __init__(self, fp, size: int) -> None:
        self.fp, self.left = fp, size

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.fp.read(n)
        self.left -= len(data)
        return data


def _clone(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    for attr in ("compress_type", "comment", "create_system", "create_version", "extract_version",
                 "volume", "internal_attr", "external_attr", "CRC", "compress_size", "file_size"):
        setattr(copy, attr, getattr(info, attr))
    copy.extra = zipfile._strip_extra(info.extra, (_ZIP64_EXTRA,))  # rebuilt by FileHeader when needed
    copy.flag_bits = info.flag_bits & ~_DATA_DESCRIPTOR  # sizes go in the local header
    return copy


def copy_raw(source: zipfile.ZipFile, info: zipfile.ZipInfo, target: zipfile.ZipFile) -> None:
    """Append `info`'s member of `source` to `target` as stored (same compressed bytes)."""
    if info.flag_bits & 0x01:
        raise ValueError(f"encrypted member {info.filename}")
    fp = source.fp
    fp.seek(info.header_offset)
    header = _LOCAL_HEADER.unpack(fp.read(_LOCAL_HEADER.size))
    fp.seek(header[-2] + header[-1], 1)  # skip file name and extra field
    member = _clone(info)
    zip64 = member.file_size > zipfile.ZIP64_LIMIT or member.compress_size > zipfile.ZIP64_LIMIT
    target.fp.seek(target.start_dir)
    member.header_offset = target.fp.tell()
    target._writecheck(member)
    target._didModify = True
    target.fp.write(member.FileHeader(zip64))
    shutil.copyfileobj(_Window(fp, info.compress_size), target.fp, 1 << 20)
    target.start_dir = target.fp.tell()
    target.filelist.append(member)
    target.NameToInfo[member.filename] = member
