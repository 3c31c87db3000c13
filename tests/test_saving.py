"""Saving never loses a user's workbook: refusals, atomicity, file rights."""

import errno
import io
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import sicxl.workbook.apply as apply_module
from sicxl.cli import main
from sicxl.workbook import open_workbook as open_workbook_of
from sicxl.workbook.saving import atomic_write, owner_files
from tests.conftest import NOBODY, OTHER_ACCOUNT


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


# -- write only what was read (issue 13, point 4) ------------------------------------


def _during_the_job(monkeypatch, action):
    """Make `qualify` call `action()` after computing, before saving: a colleague's
    save landing while sicxl works."""
    from dataclasses import replace

    import sicxl.cli as cli
    from sicxl.jobs import load_jobs

    jobs = dict(load_jobs())
    real = jobs["qualify"].run

    def run(source, ctx):
        result = real(source, ctx)
        action()
        return result

    jobs["qualify"] = replace(jobs["qualify"], run=run)
    monkeypatch.setattr(cli, "job_catalogue", lambda: jobs)


def test_a_workbook_replaced_during_the_run_is_not_written(sample_prospects, tmp_path, monkeypatch, capsys):
    """Issue case 4: 5,020 codes landed on other prospects' rows of the colleague's file."""
    from sicxl.samples.prospects import build_prospects

    colleague = build_prospects(tmp_path / "collegue.xlsx", sample=False)
    saved = colleague.read_bytes()
    _during_the_job(monkeypatch, lambda: os.replace(colleague, sample_prospects))
    assert main(["qualify", str(sample_prospects)]) == 2
    err = capsys.readouterr().err
    assert "Enregistrement refusé" in err and "un autre fichier a été enregistré à sa place" in err
    assert sample_prospects.read_bytes() == saved
    assert not [p for p in sample_prospects.parent.iterdir() if p.name.startswith((".~sicxl", ".sicxl"))]


def test_a_workbook_changed_in_place_with_its_time_put_back_is_not_written(sample_prospects, monkeypatch, capsys):
    """Same size, same time, other content: only the hash of what was read tells."""
    def tamper():
        info = sample_prospects.stat()
        data = bytearray(sample_prospects.read_bytes())
        data[-30] ^= 0xFF
        with open(sample_prospects, "r+b") as handle:
            handle.write(data)
        os.utime(sample_prospects, ns=(info.st_atime_ns, info.st_mtime_ns))

    _during_the_job(monkeypatch, tamper)
    assert main(["qualify", str(sample_prospects)]) == 2
    assert "il a été modifié" in capsys.readouterr().err


def test_results_into_another_file_come_from_the_file_that_was_read(sample_prospects, tmp_path, monkeypatch,
                                                                  capsys):
    """The writer copies the parts of the file it read, never the one now at its path."""
    from sicxl.samples.prospects import build_prospects

    read = sample_prospects.read_bytes()
    other = build_prospects(tmp_path / "autre.xlsx", sample=False)
    _during_the_job(monkeypatch, lambda: os.replace(other, sample_prospects))
    out = tmp_path / "resultat.xlsx"
    assert main(["qualify", str(sample_prospects), "--out", str(out)]) == 0
    with zipfile.ZipFile(io.BytesIO(read)) as original, zipfile.ZipFile(out) as result:
        assert result.read("xl/theme/theme1.xml") == original.read("xl/theme/theme1.xml")
        assert len(result.read("xl/worksheets/sheet1.xml")) > len(original.read("xl/worksheets/sheet1.xml"))


def test_a_workbook_open_in_libreoffice_is_not_written(sample_prospects, capsys):
    lock = sample_prospects.with_name(".~lock.prospects.xlsx#")
    lock.write_text("Claire Morel,poste-12,cmorel,28.11.2026 09:12,file:///home/cmorel/.config/libreoffice/4;",
                    encoding="utf-8")
    before = sample_prospects.read_bytes()
    assert main(["qualify", str(sample_prospects)]) == 2
    assert "ouvert dans LibreOffice par Claire Morel" in capsys.readouterr().err
    assert sample_prospects.read_bytes() == before


# -- owners, rights, links (point 5) -------------------------------------------------


def test_owner_group_and_mode_are_kept(sample_prospects, capsys):
    """Issue case 5: a workbook of a user, mode 0660, processed by root came back root:root."""
    if os.geteuid() != 0:
        pytest.skip("giving a file to another account needs root (CI runs as root)")
    os.chown(sample_prospects, 1234, 5678)
    os.chmod(sample_prospects, 0o660)
    assert main(["qualify", str(sample_prospects)]) == 0
    info = sample_prospects.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o660)


def test_a_read_only_file_is_refused_not_replaced(sample_prospects, capsys):
    """Issue case 5: a read-only file was silently replaced (renaming needs only the folder's right)."""
    os.chmod(sample_prospects, 0o444)
    before = sample_prospects.read_bytes()
    assert main(["qualify", str(sample_prospects)]) == 2
    assert "est en lecture seule" in capsys.readouterr().err
    assert sample_prospects.read_bytes() == before and stat.S_IMODE(sample_prospects.stat().st_mode) == 0o444


def test_a_symbolic_link_is_written_through_to_its_target(sample_prospects, tmp_path, capsys):
    """Issue case 5: the link was replaced by a regular file, its target never updated."""
    shared = tmp_path / "partage"
    shared.mkdir()
    target = shared / "prospects.xlsx"
    sample_prospects.rename(target)
    link = tmp_path / "lien.xlsx"
    link.symlink_to(target)
    assert main(["qualify", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == target
    with open_workbook_of(target) as book:
        assert "Score" in book.grid("Prospects").values[0]
    assert not [p for p in (*tmp_path.iterdir(), *shared.iterdir()) if p.name.startswith(".~sicxl")]


def test_the_new_file_has_no_name_until_it_replaces_the_old(tmp_path):
    """Nothing a kill could leave behind: during the writing, the folder holds no temporary."""
    target = tmp_path / "prospects.xlsx"
    target.write_bytes(b"ancien")
    seen = []

    def produce(temporary: Path) -> None:
        temporary.write_bytes(b"nouveau")
        seen.append(sorted(p.name for p in tmp_path.iterdir()))

    atomic_write(target, produce)
    if not hasattr(os, "O_TMPFILE"):
        pytest.skip("nameless files are a Linux feature; elsewhere the temporary is removed on failure")
    assert seen == [["prospects.xlsx"]] and target.read_bytes() == b"nouveau"


# -- disk full (point 11) ---------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system of its own (tmpfs), to fill up; root only."""
    folder = tmp_path / "disque"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
                                           capture_output=True).returncode:
        pytest.skip("mounting a small file system needs root (CI runs as root)")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path, keep: int) -> None:
    free = shutil.disk_usage(folder).free
    (folder / "remplissage").write_bytes(b"\0" * max(free - keep, 0))


def test_a_full_disk_leaves_the_workbook_as_it_was_with_a_french_sentence(sample_prospects, small_disk, capsys):
    path = Path(shutil.copy(sample_prospects, small_disk / "prospects.xlsx"))
    before = path.read_bytes()
    _fill(small_disk, 20_000)
    assert main(["qualify", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Le disque est plein" in err and "Traceback" not in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["prospects.xlsx", "remplissage"]


def test_a_full_disk_during_split_gives_a_french_sentence(sample_prospects, small_disk):
    """Issue case 11: disk full in `split` printed a Python traceback (in a fresh process:
    a zip file left open would print one from its finalizer, after the sentence)."""
    _fill(small_disk, 30_000)
    done = subprocess.run([sys.executable, "-m", "sicxl.cli", "split", str(sample_prospects), "--out", str(small_disk),
                           "--no-compute"], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 2
    assert "Le disque est plein" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert not [p for p in small_disk.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("number", [errno.EIO, errno.ETXTBSY])
def test_an_unusual_system_error_is_said_in_french_not_in_the_systems_english(number):
    """What the system says in English never reaches a user: a known cause in
    words, an unknown one by its number."""
    from sicxl.messages.cli import system_error
    from sicxl.workbook.saving import cannot_write

    error = OSError(number, os.strerror(number), "prospects.xlsx")
    for sentence in (system_error(error), cannot_write(Path("prospects.xlsx"), error)):
        assert os.strerror(number) not in sentence
        assert "erreur de lecture ou d'écriture du disque" in sentence or f"n° {number}" in sentence


def test_a_folder_the_account_cannot_write_is_named(sample_prospects, open_folder):
    """Issue case 11: a workbook its account may write, in a folder it may not: the
    sentence names the folder (not a temporary file), and the workbook is as it was."""
    workbook = open_folder / "prospects.xlsx"
    sample_prospects.rename(workbook)
    os.chown(workbook, NOBODY, NOBODY)
    before = workbook.read_bytes()
    done = subprocess.run([*OTHER_ACCOUNT, sys.executable, "-m", "sicxl.cli", "qualify", str(workbook)],
                          capture_output=True, text=True, env={**os.environ, "HOME": str(open_folder)},
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 2
    assert f"Le dossier « {open_folder} » est en lecture seule : rien n'y a été écrit." in done.stderr
    assert ".~sicxl" not in done.stderr and workbook.read_bytes() == before
