"""verify_package: the check the saving layer runs before replacing a user's file."""

from __future__ import annotations

import shutil
import struct
import threading
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from sicxl.workbook.packager import PackageChanges, write_package
from sicxl.workbook.verify import verify_package
from sicxl.workbook.xmlscan import CHILD_FROM, ProcessScan, XmlScan, scanner
from sicxl.workbook.background import BackgroundWriter
from sicxl.workbook.zip_io import DeflatedMember, append_deflated, read_member
from sicxl.writes import ColumnWrite, Writes
from tests.workbook.helpers import REAL_WORKBOOKS


def _rezip(source: Path, target: Path, edit) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = edit(info.filename, src.read(info))
            if data is not None:
                out.writestr(info.filename, data)


def test_clean_write_passes(tmp_path: Path):
    source = tmp_path / "button02.xlsx"
    shutil.copyfile(REAL_WORKBOOKS / "button02.xlsx", source)
    target = tmp_path / "out.xlsx"
    changes = write_package(source, Writes(columns=[ColumnWrite("Sheet1", 3, [1], ["ok"])]), target)
    assert verify_package(source, target, changes) == []


def test_lost_or_altered_parts_are_reported(tmp_path: Path):
    source = REAL_WORKBOOKS / "button02.xlsx"
    damaged = tmp_path / "damaged.xlsx"
    _rezip(source, damaged, lambda name, data: None if name.endswith(".vml")
           else data + b" " if name == "docProps/app.xml" else data)
    problems = verify_package(source, damaged, PackageChanges(frozenset(), frozenset(), frozenset()))
    assert "xl/drawings/vmlDrawing1.vml" in problems and "docProps/app.xml" in problems


def test_malformed_written_part_is_reported(tmp_path: Path):
    source = REAL_WORKBOOKS / "button02.xlsx"
    broken = tmp_path / "broken.xlsx"
    _rezip(source, broken, lambda name, data: data[:-20] if name == "xl/worksheets/sheet1.xml" else data)
    changes = PackageChanges(frozenset({"xl/worksheets/sheet1.xml"}), frozenset(), frozenset())
    assert verify_package(source, broken, changes) == ["xl/worksheets/sheet1.xml"]


def test_untouched_members_keep_their_compressed_bytes(tmp_path: Path):
    source = REAL_WORKBOOKS / "header_image02.xlsx"
    target = tmp_path / "out.xlsx"
    write_package(source, Writes(columns=[ColumnWrite("Sheet1", 2, [1], [1])]), target)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target) as new:
        for name in ("xl/media/image1.jpeg", "xl/theme/theme1.xml"):
            a, b = old.getinfo(name), new.getinfo(name)
            assert (a.compress_type, a.compress_size, a.CRC) == (b.compress_type, b.compress_size, b.CRC)


def _flip_stored_byte(path: Path, name: str) -> None:
    """Damage one byte of a member's compressed data, as a failing disk would."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
        archive.fp.seek(info.header_offset + 26)
        name_len, extra_len = struct.unpack("<2H", archive.fp.read(4))
        at = info.header_offset + 30 + name_len + extra_len + info.compress_size // 2
    with path.open("r+b") as raw:
        raw.seek(at)
        byte = raw.read(1)
        raw.seek(at)
        raw.write(bytes([byte[0] ^ 0xFF]))


def test_a_streamed_sheet_is_scanned_while_written_and_still_checked_on_disk(tmp_path: Path):
    source = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    for r in range(1, 2001):
        book.active.append([f"ligne {r}", r])
    book.save(source)
    target = tmp_path / "out.xlsx"
    changes = write_package(source, Writes(columns=[ColumnWrite("Sheet", 3, list(range(1, 2001)), ["ok"] * 2000)]),
                            target)
    assert changes.scanned == {"xl/worksheets/sheet1.xml"}
    assert verify_package(source, target, changes) == []
    _flip_stored_byte(target, "xl/worksheets/sheet1.xml")
    assert verify_package(source, target, changes) == ["xl/worksheets/sheet1.xml"]


def test_a_damaged_kept_part_is_reported(tmp_path: Path):
    source = REAL_WORKBOOKS / "header_image02.xlsx"
    target = tmp_path / "out.xlsx"
    changes = write_package(source, Writes(columns=[ColumnWrite("Sheet1", 2, [1], [1])]), target)
    _flip_stored_byte(target, "xl/media/image1.jpeg")
    assert verify_package(source, target, changes) == ["xl/media/image1.jpeg"]


def test_a_kept_part_compressed_differently_but_equal_passes(tmp_path: Path):
    source = REAL_WORKBOOKS / "button02.xlsx"
    recompressed = tmp_path / "recompressed.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(recompressed, "w", zipfile.ZIP_DEFLATED,
                                                          compresslevel=1) as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info))
    assert verify_package(source, recompressed, PackageChanges(frozenset(), frozenset(), frozenset())) == []


@pytest.mark.parametrize("scanner", [XmlScan, ProcessScan])
def test_xml_scan_reads_chunks_split_anywhere(scanner):
    xml = b'<?xml version="1.0"?><a xmlns="urn:x"><b c="1">t &amp; u</b></a>'
    for size in (1, 3, 7, len(xml)):
        scan = scanner()
        for start in range(0, len(xml), size):
            scan.write(xml[start: start + size])
        assert scan.close()
    for broken in (xml[:-2], xml.replace(b"</b>", b""), b"<x:a/>", xml + b"<c/>"):
        scan = scanner()
        scan.write(broken)
        assert not scan.close()


def test_process_scan_stops_at_the_first_error_of_a_large_part():
    scan = ProcessScan()
    scan.write(b"<a><b></c>")
    for _ in range(100):  # 100 MB after the error: the child has stopped reading
        scan.write(b"<b>texte</b>" * 87_000)
    assert not scan.close()


def test_a_scan_abandoned_by_a_failed_write_leaves_no_process_nor_thread():
    with pytest.raises(RuntimeError), ProcessScan() as scan:
        scan.write(b"<worksheet><sheetData>")
        raise RuntimeError("le rendu a échoué")
    assert scan._child is None and threading.active_count() == 1


def test_a_scan_that_cannot_run_leaves_the_part_to_verify(monkeypatch, tmp_path: Path):
    """No child process (here: no interpreter to start): the scan answers False, so the
    part is not counted as scanned and verify_package reads it again from the disk."""
    monkeypatch.setattr("sys.executable", str(tmp_path / "absent-python"))
    monkeypatch.setattr("sicxl.workbook.xmlscan.CHILD_FROM", 0)  # every part scanned by a child
    scan = ProcessScan()
    scan.write(b"<a/>")
    assert not scan.close()
    source = tmp_path / "button02.xlsx"
    shutil.copyfile(REAL_WORKBOOKS / "button02.xlsx", source)
    target = tmp_path / "out.xlsx"
    changes = write_package(source, Writes(columns=[ColumnWrite("Sheet1", 3, [1], ["ok"])]), target)
    assert not changes.scanned and changes.changed
    assert verify_package(source, target, changes) == []


def test_a_small_part_is_scanned_in_this_process():
    """A child Python takes longer to start than expat to read a small sheet."""
    assert isinstance(scanner(CHILD_FROM - 1), XmlScan) and isinstance(scanner(CHILD_FROM), ProcessScan)


def test_read_member_is_zipfiles_read_and_checks_the_crc(tmp_path: Path):
    path = tmp_path / "book.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("big.xml", b"<r>" + b"<c>texte</c>" * 300_000 + b"</r>")
        out.writestr("stored.bin", b"\x00\x01" * 10, zipfile.ZIP_STORED)
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            assert read_member(archive, info) == archive.read(info)
    _flip_stored_byte(path, "big.xml")
    with zipfile.ZipFile(path) as archive, pytest.raises((zipfile.BadZipFile, zlib.error)):
        read_member(archive, archive.getinfo("big.xml"))


def test_a_member_deflated_in_the_background_is_readable_in_order(tmp_path: Path):
    chunks = [b"<c>%d</c>" % k for k in range(20_000)]
    deflater = DeflatedMember(5)
    with BackgroundWriter(deflater) as writer:
        for chunk in chunks:
            writer.write(chunk)
    deflater.finish()
    path = tmp_path / "book.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("before.xml", b"<a/>")
        append_deflated(out, zipfile.ZipInfo("xl/worksheets/sheet1.xml", (2026, 11, 26, 12, 0, 0)), deflater)
        out.writestr("after.xml", b"<b/>")
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None  # every CRC checked
        assert archive.namelist() == ["before.xml", "xl/worksheets/sheet1.xml", "after.xml"]
        assert archive.read("xl/worksheets/sheet1.xml") == b"".join(chunks)


def test_background_writer_reports_a_failure_in_the_writing_thread():
    class Full:
        def write(self, chunk):
            raise OSError("disque plein")

    with pytest.raises(OSError), BackgroundWriter(Full()) as writer:
        for _ in range(10):
            writer.write(b"x")
