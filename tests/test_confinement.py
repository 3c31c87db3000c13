"""Files named in cells stay inside the workbook's folder (issue 13, point 1): absolute
paths, `..`, symbolic links, Windows forms, a colleague's workbook one folder up."""

from __future__ import annotations

import datetime as dt
import email
import os
from email import policy
from pathlib import Path

import openpyxl
import pytest

from sicxl import confinement
from sicxl.confinement import Confinement, Refused
from sicxl.jobs import load_jobs
from sicxl.runner import run_job
from sicxl.schema.events import EVENTS, INVITATIONS, LETTER_TEMPLATE_PARAMETER, PROSPECT_FILE_PARAMETER

SECRET = b"ZQSECRET root:x:0:0"
TODAY = dt.date(2026, 11, 2)


@pytest.fixture
def share(tmp_path: Path) -> dict[str, Path]:
    """A file server's share: Ana's folder with her workbook and an attachment, a
    colleague's folder beside it, and a secret outside the share."""
    root = tmp_path / "commercial"
    ana, claire = root / "Ana", root / "Claire"
    (ana / "Pièces jointes").mkdir(parents=True)
    claire.mkdir()
    (ana / "Pièces jointes" / "ordre du jour.pdf").write_bytes(b"%PDF agenda")
    (ana / "ordre.pdf").write_bytes(b"%PDF ordre")
    (claire / "notes.txt").write_bytes(SECRET)
    secret = tmp_path / "secret.txt"
    secret.write_bytes(SECRET)
    return {"root": root, "ana": ana, "claire": claire, "secret": secret}


def _refusal(folder: Path, text: str) -> str:
    with pytest.raises(Refused) as refused:
        Confinement(folder).read(text)
    return str(refused.value)


def test_a_file_in_the_folder_or_below_is_read(share: dict[str, Path]) -> None:
    inside = Confinement(share["ana"])
    assert inside.read("ordre.pdf") == b"%PDF ordre"
    assert inside.read("Pièces jointes\\ordre du jour.pdf") == b"%PDF agenda"  # typed on Windows
    assert inside.read(' "Pièces jointes/ordre du jour.pdf" ') == b"%PDF agenda"  # quoted, spaces
    assert inside.read("Pièces jointes/../ordre.pdf") == b"%PDF ordre"  # `..` that stays inside
    assert inside.read(str(share["ana"] / "ordre.pdf")) == b"%PDF ordre"  # absolute, inside
    assert inside.read("absent.pdf") is None


@pytest.mark.parametrize("text", ["../Claire/notes.txt", "..\\Claire\\notes.txt", "Pièces jointes/../../Claire/notes.txt",
                                  "../../secret.txt", "..\\..\\secret.txt"])
def test_dot_dot_out_of_the_folder_is_refused(share: dict[str, Path], text: str) -> None:
    message = _refusal(share["ana"], text)
    assert "en dehors du dossier du classeur" in message and text in message


def test_an_absolute_path_outside_is_refused(share: dict[str, Path]) -> None:
    assert "en dehors du dossier du classeur" in _refusal(share["ana"], str(share["secret"]))
    assert "en dehors du dossier du classeur" in _refusal(share["ana"], "/etc/passwd")
    assert "en dehors du dossier du classeur" in _refusal(share["ana"], f"/proc/{os.getpid()}/environ")


def test_a_symbolic_link_pointing_out_is_refused(share: dict[str, Path]) -> None:
    (share["ana"] / "agenda.pdf").symlink_to(share["secret"])
    (share["ana"] / "Partage").symlink_to(share["claire"], target_is_directory=True)
    (share["ana"] / "lien interne.pdf").symlink_to(share["ana"] / "ordre.pdf")
    assert "en dehors" in _refusal(share["ana"], "agenda.pdf")
    assert "en dehors" in _refusal(share["ana"], "Partage/notes.txt")
    assert Confinement(share["ana"]).read("lien interne.pdf") == b"%PDF ordre"


@pytest.mark.skipif(os.name == "nt", reason="drive letters and network paths are a Windows server's own paths")
@pytest.mark.parametrize("text, words", [
    ("C:\\Windows\\win.ini", "lettre de lecteur"),
    ("c:/Users/Public/secret.txt", "lettre de lecteur"),
    ("D:ordre.pdf", "lettre de lecteur"),
    ("\\\\serveur\\commercial\\Direction\\prospects.xlsx", "chemin réseau"),
    ("//serveur/commercial/Direction/prospects.xlsx", "chemin réseau"),
    ("\\\\?\\C:\\Windows\\win.ini", "chemin réseau"),
    ("ordre.pdf:Zone.Identifier", "caractère"),
    ("ordre\n.pdf", "caractère"),
    ("ordre\x00.pdf", "caractère"),
])
def test_windows_forms_and_odd_characters_are_refused(share: dict[str, Path], text: str, words: str) -> None:
    assert words in _refusal(share["ana"], text)


def test_a_folder_a_pipe_or_a_huge_file_is_not_read(share: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(share["ana"] / "tube.pdf")  # opening it for reading would hang the night run
    assert "n'est pas un fichier ordinaire" in _refusal(share["ana"], "tube.pdf")
    assert "n'est pas un fichier ordinaire" in _refusal(share["ana"], "Pièces jointes")
    monkeypatch.setattr(confinement, "MAX_FILE_BYTES", 5)
    assert "au-delà de la limite" in _refusal(share["ana"], "ordre.pdf")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="the check after opening reads /proc")
def test_a_folder_swapped_for_a_link_after_the_check_is_caught(share: dict[str, Path],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The race the check cannot see: `Pièces jointes` becomes a link to Claire's
    folder between the resolution and the opening."""
    attachments = share["ana"] / "Pièces jointes"
    (share["claire"] / "ordre du jour.pdf").write_bytes(SECRET)
    checked = Confinement(share["ana"]).resolve("Pièces jointes/ordre du jour.pdf")

    def swapped(self: Confinement, text: str) -> Path:
        (attachments / "ordre du jour.pdf").unlink()
        attachments.rmdir()
        attachments.symlink_to(share["claire"], target_is_directory=True)
        return checked

    monkeypatch.setattr(Confinement, "resolve", swapped)
    assert "déplacé ou remplacé" in _refusal(share["ana"], "Pièces jointes/ordre du jour.pdf")


def test_folders_the_administrator_allows(share: dict[str, Path], server_settings: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    templates = share["root"] / "Modèles"
    templates.mkdir()
    (templates / "lettre.docx").write_bytes(b"PK lettre")
    assert "en dehors" in _refusal(share["ana"], "../Modèles/lettre.docx")
    server_settings.write_text(f'allowed_folders = ["{templates}"]\n', encoding="utf-8")
    assert Confinement(share["ana"]).read("../Modèles/lettre.docx") == b"PK lettre"
    assert Confinement(share["ana"]).read(str(templates / "lettre.docx")) == b"PK lettre"
    assert "en dehors" in _refusal(share["ana"], "../Claire/notes.txt")  # only that folder
    server_settings.write_text("", encoding="utf-8")
    monkeypatch.setenv("SICXL_ALLOWED_FOLDERS", os.pathsep.join([str(templates), str(share["claire"])]))
    assert Confinement(share["ana"]).read("../Claire/notes.txt") == SECRET


@pytest.mark.skipif(os.name == "nt", reason="POSIX rights")
def test_a_settings_file_others_can_change_is_not_used(share: dict[str, Path], server_settings: Path) -> None:
    """A salesperson able to write the settings could allow `/`: such a file is refused,
    and a path outside the folder then read from nowhere."""
    server_settings.write_text('allowed_folders = ["/"]\n', encoding="utf-8")
    server_settings.chmod(0o666)
    message = _refusal(share["ana"], str(share["secret"]))
    assert "peut être modifié par un autre compte" in message
    assert Confinement(share["ana"]).read("ordre.pdf") == b"%PDF ordre"  # the folder itself needs no settings


def test_a_malformed_settings_file_is_named(share: dict[str, Path], server_settings: Path) -> None:
    server_settings.write_text('allowed_folders = "/srv/modeles"\n', encoding="utf-8")
    assert "doit être une liste de chemins" in _refusal(share["ana"], str(share["secret"]))
    server_settings.write_text('allowed_folders = [/srv\n', encoding="utf-8")
    assert "syntaxe incorrecte, ligne 1" in _refusal(share["ana"], str(share["secret"]))


# -- through the runner: the `invite` job on a real events workbook -------------------------


def _events_workbook(folder: Path, agenda: str, prospects: str, template: str) -> Path:
    from sicxl.samples.events import build_events

    path = build_events(folder / "evenements.xlsx", sample=True)
    book = openpyxl.load_workbook(path)
    events = book[EVENTS.name]
    column = [c.value for c in events[1]].index(EVENTS.header("agenda_file")) + 1
    for row in range(2, events.max_row + 1):
        events.cell(row=row, column=column, value=agenda)
    params = book["Paramètres"]
    for row in params.iter_rows(min_row=2):
        if row[0].value == PROSPECT_FILE_PARAMETER:
            row[1].value = prospects
        if row[0].value == LETTER_TEMPLATE_PARAMETER:
            row[1].value = template
    book.save(path)
    return path


def test_invite_reads_nothing_outside_and_says_so(share: dict[str, Path], sample_prospects_master: Path) -> None:
    """The attack of the issue: the account list attached to every e-mail, the
    director's workbook pulled into a salesperson's `Invitations`."""
    director = share["root"] / "Direction"
    director.mkdir()
    (director / "prospects.xlsx").write_bytes(sample_prospects_master.read_bytes())
    (share["claire"] / "prospects - Claire.xlsx").write_bytes(sample_prospects_master.read_bytes())
    path = _events_workbook(share["ana"], str(share["secret"]), "..\\Direction\\prospects.xlsx", "../Claire/notes.txt")
    run = run_job(load_jobs()["invite"], path, today=TODAY)
    problems = run.result.report.problems
    assert sum("en dehors du dossier du classeur" in p for p in problems) >= 3
    drafts = list(share["ana"].rglob("*.eml"))
    assert drafts and not any(b"ZQSECRET" in d.read_bytes() for d in drafts)
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["Invitations"].values)
    book.close()
    person = rows[0].index(INVITATIONS.header("person"))
    assert rows[1:] and not any(str(r[person]).startswith("P") for r in rows[1:])  # staff only, no prospect
    path = _events_workbook(share["ana"], "Pièces jointes\\ordre du jour.pdf", "../Claire/prospects - Claire.xlsx",
                            "")
    run = run_job(load_jobs()["invite"], path, today=TODAY)
    assert any("en dehors du dossier du classeur" in p and "Claire" in p for p in run.result.report.problems)
    attachments = {part.get_filename(): part.get_content() for draft in share["ana"].rglob("*.eml")
                   for part in email.message_from_bytes(draft.read_bytes(), policy=policy.default).iter_attachments()}
    assert attachments["ordre du jour.pdf"] == b"%PDF agenda"  # inside the folder: attached
    assert set(attachments) <= {"ordre du jour.pdf", "invitation.ics"}
