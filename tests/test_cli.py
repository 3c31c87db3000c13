"""The command line as the file server runs it: French sentences and exit codes."""

import io
import json
import zipfile

import pytest

from sicxl.cli import main
from sicxl.workbook import open_workbook


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
