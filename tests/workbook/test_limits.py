"""Bounded work before parsing (issue 13, points 3, 7 and 11): every hostile package
is refused with one French sentence, or read without its stray cells, and never
aborts the process. Each case runs the command line in a child process, so that
an abort (exit 134) would show as such instead of killing the test run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sicxl.workbook import WorkbookError, open_workbook
from sicxl.workbook import limits, used_range
from tests.workbook import hostile
from tests.conftest import OTHER_ACCOUNT

ROOT = Path(__file__).resolve().parents[2]
TODAY = "02/11/2026"


def sicxl(*args: object, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sicxl.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def refused(path: Path, *expected: str) -> str:
    """The command line's refusal of `path`: exit 2, one French sentence, no trace."""
    done = sicxl("validate", path)
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr and "panicked" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    for words in expected:
        assert words in done.stderr, done.stderr
    return done.stderr


def test_a_cell_at_xfd1048576_is_left_out_named_and_kept(sample_prospects: Path, tmp_path: Path) -> None:
    """Issue case 3: the 512 GB allocation that aborted the process. The table is
    read, the stray cell named in the report, and still in the file after saving."""
    path = hostile.with_cells(sample_prospects, tmp_path / "piege.xlsx", {"XFD1048576": "oubli"})
    done = sicxl("qualify", path, "--today", TODAY)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "XFD1048576" in done.stdout and "n'a pas été lue" in done.stdout
    assert "Lignes lues : 166" in done.stdout
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read(hostile.sheet_part(path))
    assert b'<c r="XFD1048576" t="inlineStr"><is><t>oubli</t></is></c>' in sheet
    assert b"<c r=\"" in sheet and "Score" in open_workbook(path).grid("Prospects").values[0]


def test_one_cell_on_the_last_row_is_left_out(sample_prospects: Path, tmp_path: Path) -> None:
    """Issue case 7: one cell on row 1,048,576 made the reader take 1.26 GB."""
    path = hostile.with_cells(sample_prospects, tmp_path / "piege.xlsx", {"A1048576": "x"})
    with open_workbook(path) as book:
        grid = book.grid("Prospects")
        assert grid.top == 1 and len(grid.values) < 1000
        assert any("A1048576" in notice for notice in book.notices)


def test_cells_scattered_over_the_whole_sheet_are_refused_naming_the_farthest(sample_prospects: Path,
                                                                               tmp_path: Path) -> None:
    cells = hostile.scattered_cells()
    path = hostile.with_cells(sample_prospects, tmp_path / "piege.xlsx", cells)
    refused(path, "Prospects", "éparpillées", "Ctrl+Fin", list(cells)[-1])


def test_a_sparse_but_real_table_is_read_as_it_is(sample_prospects: Path, tmp_path: Path) -> None:
    """A note typed far below the table, at a reasonable distance: nothing is left out."""
    path = hostile.with_cells(sample_prospects, tmp_path / "piege.xlsx", {"AZ5000": "note"})
    with open_workbook(path) as book:
        grid = book.grid("Prospects")
        assert not book.notices and grid.values[-1][-1] == "note"


def test_a_huge_shared_string_is_refused_by_its_ratio(sample_prospects: Path, tmp_path: Path) -> None:
    """Issue case 7: a 1.1 MB file holding a 1 GB shared string (here 40 MB: the same
    refusal, before anything is inflated)."""
    path = hostile.huge_shared_string(sample_prospects, tmp_path / "piege.xlsx", 40 << 20)
    refused(path, "xl/sharedStrings.xml", "plus de cent fois")


def test_a_shared_string_longer_than_a_cell_is_refused(sample_prospects: Path, tmp_path: Path) -> None:
    text = hostile.random_text(limits.MAX_CELL_CHARACTERS + 1_000)
    data = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>').encode()
    path = hostile.with_part(sample_prospects, tmp_path / "piege.xlsx", hostile.STRINGS, data)
    refused(path, "32\u202f767 caractères")


def test_a_string_of_many_runs_is_measured_whole(tmp_path: Path) -> None:
    runs = "".join(f"<r><t>{hostile.random_text(1_000, seed=i)}</t></r>" for i in range(60))
    data = f"<sst><si>{runs}</si></sst>".encode()
    with pytest.raises(WorkbookError, match="32\u202f767"):
        limits.check_shared_strings(data, tmp_path / "a.xlsx", hostile.STRINGS)
    limits.check_shared_strings(f"<sst><si>{runs[:len(runs) // 2]}</si></sst>".encode(), tmp_path / "a.xlsx",
                                hostile.STRINGS)


def test_a_long_text_in_a_sheet_cell_is_refused(sample_prospects: Path, tmp_path: Path) -> None:
    path = hostile.with_cells(sample_prospects, tmp_path / "piege.xlsx",
                              {"A900": hostile.random_text(limits.MAX_CELL_CHARACTERS * 11)})
    refused(path, "32\u202f767 caractères")


def test_an_announced_count_of_strings_beyond_the_part_is_refused(sample_prospects: Path, tmp_path: Path) -> None:
    data = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            b'uniqueCount="4000000000"><si><t>a</t></si></sst>')
    path = hostile.with_part(sample_prospects, tmp_path / "piege.xlsx", hostile.STRINGS, data)
    refused(path, "endommagé")


def test_a_sheet_inflating_a_thousand_times_is_refused_before_inflating(sample_prospects: Path,
                                                                       tmp_path: Path) -> None:
    """Issue case 7: a 2 MB sheet inflating to 2 GB (here 64 MB)."""
    path = hostile.inflating_sheet(sample_prospects, tmp_path / "piege.xlsx", 64 << 20)
    refused(path, hostile.SHEET, "plus de cent fois")


def test_a_part_larger_than_its_header_says_is_refused(sample_prospects: Path, tmp_path: Path) -> None:
    part = hostile.sheet_part(sample_prospects)
    path = hostile.lying_about_size(sample_prospects, tmp_path / "piege.xlsx", part, 50_000)
    refused(path, part, "plus grand que ce que le fichier annonce")


def test_a_part_declared_beyond_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    info = zipfile.ZipInfo(hostile.SHEET)
    info.file_size, info.compress_size = limits.MAX_PART_SIZE + 1, limits.MAX_PART_SIZE
    with pytest.raises(WorkbookError, match="dépasserait 1 Go"):
        limits.check_declared(info, tmp_path / "a.xlsx")


def test_duplicate_zip_entries_are_refused(sample_prospects: Path, tmp_path: Path) -> None:
    """Issue case 11: accepted before with a Python warning; two readers could see two sheets."""
    part = hostile.sheet_part(sample_prospects)
    path = hostile.with_part(sample_prospects, tmp_path / "piege.xlsx", part, b"<worksheet/>")
    refused(path, "contient deux fois", part)


def test_entries_differing_only_by_case_are_refused(sample_prospects: Path, tmp_path: Path) -> None:
    path = hostile.with_part(sample_prospects, tmp_path / "piege.xlsx", "XL/Workbook.xml", b"<workbook/>")
    refused(path, "contient deux fois")


def test_an_unknown_compression_method_is_refused_in_french(sample_prospects: Path, tmp_path: Path) -> None:
    """Issue case 11: the generic "erreur imprévue" before."""
    part = hostile.sheet_part(sample_prospects)
    path = hostile.rebuild(sample_prospects, tmp_path / "piege.xlsx", lambda n, d: d,
                           lambda name: zipfile.ZIP_BZIP2 if name == part else zipfile.ZIP_DEFLATED)
    refused(path, "compressé d'une façon qu'Excel n'utilise pas", part)


def test_no_read_right_is_said(sample_prospects: Path, open_folder: Path) -> None:
    """Issue case 11: no read right gave "erreur imprévue"."""
    path = Path(shutil.copy(sample_prospects, open_folder / "prospects.xlsx"))
    path.chmod(0o600)
    done = subprocess.run([*OTHER_ACCOUNT, sys.executable, "-m",
                           "sicxl.cli", "validate", str(path)], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "HOME": str(open_folder)})
    assert done.returncode == 2 and "Vous n'avez pas le droit de lire « prospects.xlsx »" in done.stderr
    path.chmod(0o644)  # and the same account reads it once allowed: the refusal was the right's
    done = subprocess.run([*OTHER_ACCOUNT, sys.executable, "-m",
                           "sicxl.cli", "validate", str(path), "--out", str(open_folder / "x.xlsx")], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "HOME": str(open_folder)})
    assert "droit de lire" not in done.stderr


def test_the_quick_bound_takes_the_last_cell_of_each_row() -> None:
    scan = used_range.QuickScan()
    for piece in (b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>1</v></c></row>',
                  b'<row r="7"><c r="B7"><v>1</v></c></row></sheetData></worksheet>'):
        scan.write(piece)
    extent = scan.extent()
    assert extent is not None and (extent.last_row, extent.last_col) == (7, 3)


@pytest.mark.parametrize("sheet", [
    b'<worksheet><sheetData><row r="1"><c s="1" r="A1"><v>1</v></c></row></sheetData></worksheet>',
    b'<worksheet><sheetData><row r="1"><c><v>1</v></c></row></sheetData></worksheet>',
    b'<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>',
])
def test_cells_written_another_way_get_the_exact_look(sheet: bytes) -> None:
    scan = used_range.QuickScan()
    scan.write(sheet)
    assert scan.extent() is None
    start, end = used_range.sheet_body(sheet)
    assert used_range.cell_positions(sheet, start, end).extent() is not None


def test_cells_are_placed_as_the_reader_places_them() -> None:
    """A cell without a reference follows the previous one; a row without one the
    previous row; an empty cell is not counted."""
    sheet = (b'<worksheet><sheetData><row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c><c r="F3"/></row>'
             b'<row><c><v>3</v></c></row></sheetData></worksheet>')
    cells = used_range.cell_positions(sheet, *used_range.sheet_body(sheet))
    assert list(zip(cells.rows.tolist(), cells.cols.tolist())) == [(3, 2), (3, 3), (4, 1)]
