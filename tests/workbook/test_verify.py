"""verify_package: the check the saving layer runs before replacing a user's file."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from sicxl.workbook.packager import PackageChanges, write_package
from sicxl.workbook.verify import verify_package
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
