"""Saving never loses a user's workbook: refusals, atomicity, file rights."""

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

import sicxl.workbook.apply as apply_module
from sicxl.cli import main
from sicxl.workbook.saving import atomic_write, owner_files


def _dropping_writer(real):
    """A writer that loses a part: what sicxl must never let reach the user's file."""

    def write(source, writes, target):
        changes = real(source, writes, target)
        kept = io.BytesIO()
        with zipfile.ZipFile(target) as old, zipfile.ZipFile(kept, "w") as new:
            for info in old.infolist():
                if "docProps/core.xml" not in info.filename:
                    new.writestr(info, old.read(info))
        target.write_bytes(kept.getvalue())
        return changes

    return write


def test_a_save_that_would_lose_a_part_is_refused_and_the_workbook_untouched(sample_prospects, monkeypatch, capsys):
    monkeypatch.setattr(apply_module, "write_package", _dropping_writer(apply_module.write_package))
    before = sample_prospects.read_bytes()
    assert main(["qualify", str(sample_prospects)]) == 2
    err = capsys.readouterr().err
    assert "Enregistrement refusé" in err and "docProps/core.xml" in err
    assert sample_prospects.read_bytes() == before
    assert not [p for p in sample_prospects.parent.iterdir() if p.name.startswith(".~sicxl")]


def test_into_another_file_the_results_are_written_and_the_loss_said(sample_prospects, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(apply_module, "write_package", _dropping_writer(apply_module.write_package))
    out = tmp_path / "copie.xlsx"
    assert main(["qualify", str(sample_prospects), "--out", str(out)]) == 0
    assert out.exists() and "sans certains éléments du classeur d'origine" in capsys.readouterr().out


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "prospects.xlsx"
    target.write_bytes(b"ancien")

    def failing(temporary: Path) -> None:
        temporary.write_bytes(b"a moitie")
        raise RuntimeError("coupure")

    with pytest.raises(RuntimeError):
        atomic_write(target, failing)
    assert target.read_bytes() == b"ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["prospects.xlsx"]


def test_atomic_write_keeps_the_file_rights(tmp_path):
    target = tmp_path / "prospects.xlsx"
    target.write_bytes(b"ancien")
    os.chmod(target, 0o664)
    atomic_write(target, lambda temporary: temporary.write_bytes(b"nouveau"))
    assert target.read_bytes() == b"nouveau" and stat.S_IMODE(target.stat().st_mode) == 0o664


def test_excel_and_libreoffice_owner_file_names():
    assert {p.name for p in owner_files(Path("prospects.xlsx"))} == {
        "~$prospects.xlsx", "~$ospects.xlsx", ".~lock.prospects.xlsx#"}
