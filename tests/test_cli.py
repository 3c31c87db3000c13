"""The command line as the file server runs it: French sentences and exit codes."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sicxl.cli import main
from sicxl.workbook import open_workbook
from tests.conftest import NOBODY, OTHER_ACCOUNT


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_qualify_writes_the_workbook_and_a_json_report(sample_prospects, tmp_path, capsys):
    report = tmp_path / "rapport.json"
    code, out, err = run(capsys, "qualify", sample_prospects, "--report", report, "--today", "02/11/2026")
    assert code == 0, err
    assert "Qualifier — prospects.xlsx" in out and "Lignes lues : 166" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["counts"]["rows"] == 166 and data["written"] == str(sample_prospects)
    with open_workbook(sample_prospects) as book:
        header = book.grid("Prospects").values[0]
        assert "Statut" in header and "Score" in header


def test_the_command_leaves_at_once_with_all_its_output_and_its_code(sample_prospects, tmp_path):
    """`sicxl` ends its process without Python's teardown (cli.run): what it printed
    into a file (fully buffered) is all there, the report written, the code kept."""
    printed, errors, report = tmp_path / "sortie.txt", tmp_path / "erreurs.txt", tmp_path / "rapport.json"
    with printed.open("w") as out, errors.open("w") as err:
        done = subprocess.run([sys.executable, "-m", "sicxl.cli", "qualify", str(sample_prospects),
                               "--today", "02/11/2026", "--report", str(report)], stdout=out, stderr=err)
    assert done.returncode == 0, errors.read_text()
    text = printed.read_text(encoding="utf-8")
    assert "Lignes lues : 166" in text and text.rstrip().endswith(str(sample_prospects))
    assert json.loads(report.read_text(encoding="utf-8"))["counts"]["rows"] == 166
    with errors.open("w") as err:
        missing = subprocess.run([sys.executable, "-m", "sicxl.cli", "qualify", str(tmp_path / "absent.xlsx")],
                                 stdout=subprocess.DEVNULL, stderr=err)
    assert missing.returncode == 2 and "absent.xlsx" in errors.read_text(encoding="utf-8")


def test_a_job_that_ends_the_process_leaves_the_collector_off_a_file_server_command_does_not(
        sample_prospects, tmp_path, capsys):
    """cli.run ends the process after the command: a job leaves no cyclic garbage
    and needs no last collection; `split`, `merge` and `regenerate` build workbook
    after workbook and keep the collector."""
    import gc

    try:
        gc.enable()
        assert main(["qualify", str(sample_prospects), "--today", "02/11/2026"], ending=True) == 0
        assert not gc.isenabled()
        gc.enable()
        main(["regenerate", str(tmp_path / "absent")], ending=True)
        assert gc.isenabled()
        assert main(["score", str(sample_prospects), "--today", "02/11/2026"]) == 0
        assert gc.isenabled()  # not ending: tests and embedders keep their collector
    finally:
        gc.enable()
        capsys.readouterr()


def test_out_leaves_the_original_untouched(sample_prospects, tmp_path, capsys):
    before = sample_prospects.read_bytes()
    out_path = tmp_path / "resultat.xlsx"
    code, _, err = run(capsys, "score", sample_prospects, "--out", out_path)
    assert code == 0, err
    assert sample_prospects.read_bytes() == before and out_path.exists()


def test_a_workbook_open_in_excel_is_not_written(sample_prospects, capsys):
    lock = sample_prospects.with_name("~$" + sample_prospects.name[2:])
    lock.write_bytes(bytes([6]) + b"cmorel" + b"\x00" * 40)
    before = sample_prospects.read_bytes()
    code, _, err = run(capsys, "qualify", sample_prospects)
    assert code == 2
    assert "est ouvert dans Excel par cmorel" in err and "Traceback" not in err
    assert sample_prospects.read_bytes() == before


@pytest.mark.parametrize(
    "content, expected",
    [(b"ceci n'est pas un classeur", "n'est pas un classeur Excel lisible"),
     (b"PK\x03\x04tronque", "est endommagé"),
     (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Excel 97-2003")],
)
def test_unreadable_files_give_one_french_sentence_and_exit_2(tmp_path, capsys, content, expected):
    path = tmp_path / "prospects.xlsx"
    path.write_bytes(content)
    code, _, err = run(capsys, "validate", path)
    assert code == 2 and expected in err
    assert len(err.strip().splitlines()) == 1


def test_encrypted_workbook(sample_prospects, tmp_path, capsys):
    pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = tmp_path / "protege.xlsx"
    buffer = io.BytesIO()
    with sample_prospects.open("rb") as handle:
        OOXMLFile(handle).encrypt("secret", buffer)
    encrypted.write_bytes(buffer.getvalue())
    code, _, err = run(capsys, "qualify", encrypted)
    assert code == 2 and "protégé par un mot de passe" in err


def test_missing_file(tmp_path, capsys):
    code, _, err = run(capsys, "qualify", tmp_path / "absent.xlsx")
    assert code == 2 and "introuvable" in err


def test_a_zip_that_is_not_a_workbook(tmp_path, capsys):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "bonjour")
    code, _, err = run(capsys, "qualify", path)
    assert code == 2 and "n'est pas un classeur Excel lisible" in err


def test_a_workbook_without_prospect_sheet_runs_and_says_so(tmp_path, capsys):
    from openpyxl import Workbook

    path = tmp_path / "autre.xlsx"
    workbook = Workbook()
    workbook.active.append(["Bonjour"])
    workbook.save(path)
    code, out, _ = run(capsys, "qualify", path)
    assert code == 0 and "Aucune feuille « Prospects »" in out and "Rien à écrire" in out


def test_xlsb_results_go_to_a_sibling_xlsx(tmp_path, capsys):
    from tests.conftest import REAL_WORKBOOKS

    source = tmp_path / "prospects.xlsb"
    source.write_bytes((REAL_WORKBOOKS / "date_1904.xlsb").read_bytes())
    before = source.read_bytes()
    code, out, _ = run(capsys, "qualify", source)
    assert code == 0
    assert source.read_bytes() == before
    assert "Aucune feuille « Prospects »" in out


# -- issue 13: crash log, reports, messages ----------------------------------------------


def _broken_qualify(monkeypatch):
    from dataclasses import replace

    import sicxl.cli as cli
    from sicxl.jobs import job_catalogue

    def broken(source, ctx):
        raise RuntimeError("bogue interne")

    jobs = dict(job_catalogue())
    jobs["qualify"] = replace(jobs["qualify"], run=broken)
    monkeypatch.setattr(cli, "job_catalogue", lambda: jobs)


def test_a_crash_is_logged_in_the_users_own_state_folder_one_file_each(sample_prospects, own_state_folder,
                                                                        monkeypatch, capsys):
    """Issue case 8: one shared sicxl-erreur.log in the system's temporary folder."""
    _broken_qualify(monkeypatch)
    for _ in range(2):
        code, _, err = run(capsys, "qualify", sample_prospects)
        assert code == 2 and "erreur imprévue" in err and "Traceback" not in err
    logs = sorted((own_state_folder / "sicxl").glob("erreur-*.log"))
    assert len(logs) == 2 and all("bogue interne" in log.read_text(encoding="utf-8") for log in logs)
    assert any(str(log) in err for log in logs) and oct(logs[0].stat().st_mode & 0o777) == "0o600"


def test_a_crash_log_that_cannot_be_written_is_not_a_second_error(sample_prospects, own_state_folder,
                                                                  monkeypatch, capsys):
    """Issue case 8: a log owned by another user turned every run into a double traceback."""
    _broken_qualify(monkeypatch)
    own_state_folder.mkdir()
    (own_state_folder / "sicxl").write_text("pas un dossier", encoding="utf-8")
    code, _, err = run(capsys, "qualify", sample_prospects)
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "Prévenez l'équipe sicxl" in err


def test_the_crash_log_follows_no_symbolic_link(own_state_folder, tmp_path, monkeypatch):
    """Issue case 8: a symbolic link planted where the log goes was followed."""
    import sicxl.crash_log as crash_log

    victim = tmp_path / "victime.txt"
    victim.write_text("intact", encoding="utf-8")
    (own_state_folder / "sicxl").mkdir(parents=True)
    (own_state_folder / "sicxl" / "erreur-prevu.log").symlink_to(victim)
    monkeypatch.setattr(crash_log, "log_name", lambda: "erreur-prevu.log")
    assert crash_log.write_crash_log("détail") is None
    assert victim.read_text(encoding="utf-8") == "intact"


def test_a_report_into_a_read_only_folder_says_the_workbook_was_written(sample_prospects, open_folder):
    """Issue case 11: `--report` into a read-only folder said the workbook was not written when it was."""
    work = open_folder / "travail"
    work.mkdir()
    workbook = work / "prospects.xlsx"
    sample_prospects.rename(workbook)
    os.chmod(work, 0o777)
    os.chown(workbook, NOBODY, NOBODY)
    locked = open_folder / "rapports"
    locked.mkdir(mode=0o755)
    done = subprocess.run([*OTHER_ACCOUNT, sys.executable, "-m",
                           "sicxl.cli", "qualify", str(workbook), "--report", str(locked / "r.json")],
                          capture_output=True, text=True, env={**os.environ, "HOME": str(work)},
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 2, done.stderr
    assert "Les résultats ont bien été enregistrés dans" in done.stderr
    assert "Le dossier" in done.stderr and "lecture seule" in done.stderr
    with open_workbook(workbook) as book:
        assert "Score" in book.grid("Prospects").values[0]
