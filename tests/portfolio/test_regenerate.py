"""`sicxl regenerate`: plans, open workbooks, dry run, fixed point, two runs at once,
and kills in the middle of a save."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from sicxl.cli import main
from sicxl.server.regenerate import file_hash, find_workbooks
from sicxl.workbook import open_workbook

ROOT = Path(__file__).resolve().parents[2]
TODAY = "02/11/2026"


@pytest.fixture(scope="module")
def folder_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file-server folder: the sample prospect file in a sub-folder, the sample
    dashboard, and an .xlsx that is not a sicxl workbook."""
    from openpyxl import Workbook

    from sicxl.samples.dashboard import build_dashboard
    from sicxl.samples.prospects import build_prospects

    folder = tmp_path_factory.mktemp("serveur")
    (folder / "Versailles").mkdir()
    build_prospects(folder / "Versailles" / "prospects.xlsx", sample=True)
    build_dashboard(folder / "tableau_de_bord.xlsx", sample=True)
    other = Workbook()
    other.active["A1"] = "Liste de courses"
    other.save(folder / "courses.xlsx")
    return folder


@pytest.fixture
def folder(folder_master: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(folder_master, tmp_path / "serveur"))


def _run(folder: Path, *extra: str) -> tuple[int, dict]:
    report = folder.parent / "rapport.json"
    code = main(["regenerate", str(folder), "--report", str(report), "--today", TODAY, *extra])
    return code, json.loads(report.read_text(encoding="utf-8"))


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): file_hash(p) for p in find_workbooks(folder)}


def _statuses(report: dict) -> dict[str, str]:
    return {Path(w["path"]).name: w["status"] for w in report["workbooks"]}


def test_finds_sicxl_workbooks_by_their_sheets_and_skips_excel_owner_files(folder: Path) -> None:
    (folder / "~$ospects.xlsx").write_bytes(b"\x05Alice")
    names = sorted(p.name for p in find_workbooks(folder))
    assert names == ["courses.xlsx", "prospects.xlsx", "tableau_de_bord.xlsx"]
    code, report = _run(folder, "--dry-run")
    assert code == 0
    assert _statuses(report) == {"prospects.xlsx": "would_write", "tableau_de_bord.xlsx": "would_write"}
    assert [Path(p).name for p in report["ignored"]] == ["courses.xlsx"]


def test_dry_run_writes_nothing(folder: Path) -> None:
    before = _hashes(folder)
    code, report = _run(folder, "--dry-run")
    assert code == 0 and _hashes(folder) == before
    prospects = next(w for w in report["workbooks"] if w["path"].endswith("prospects.xlsx"))
    assert prospects["changed"]["Prospects"] > 0
    assert [j["job"] for j in prospects["jobs"]] == ["calls", "qualify", "funnel", "agenda", "tenders"]


def test_runs_the_plan_then_a_second_run_changes_nothing(folder: Path) -> None:
    code, first = _run(folder)
    assert code == 0 and set(_statuses(first).values()) == {"written"}
    after_first = _hashes(folder)
    with open_workbook(folder / "Versailles" / "prospects.xlsx") as source:
        assert {"Entonnoir", "Agenda", "Suivi AO"} <= set(source.sheet_names())
    code, second = _run(folder)
    assert code == 0 and set(_statuses(second).values()) == {"unchanged"}
    assert _hashes(folder) == after_first
    text = (folder.parent / "rapport.txt").read_text(encoding="utf-8")
    assert "déjà à jour" in text


def test_workbook_open_in_excel_is_skipped_and_said(folder: Path) -> None:
    prospects = folder / "Versailles" / "prospects.xlsx"
    (prospects.parent / "~$ospects.xlsx").write_bytes(b"\x05Alice" + b"\x00" * 50)
    before = file_hash(prospects)
    code, report = _run(folder)
    assert code == 0 and _statuses(report)["prospects.xlsx"] == "open"
    assert "ouvert dans Excel par Alice" in next(w["reason"] for w in report["workbooks"] if w["status"] == "open")
    assert file_hash(prospects) == before


def test_workbook_open_in_libreoffice_is_skipped_and_said(folder: Path) -> None:
    """Issue 13, case 4: LibreOffice's lock file, named as LibreOffice's."""
    prospects = folder / "Versailles" / "prospects.xlsx"
    (prospects.parent / ".~lock.prospects.xlsx#").write_text(
        "Claire Morel,srv-ventes,cmorel,28.11.2026 09:12,file:///home/cmorel/.config/libreoffice/4;", encoding="utf-8")
    before = file_hash(prospects)
    code, report = _run(folder)
    assert code == 0 and _statuses(report)["prospects.xlsx"] == "open"
    reason = next(w["reason"] for w in report["workbooks"] if w["status"] == "open")
    assert reason == "ouvert dans LibreOffice par Claire Morel : il sera traité à la prochaine exécution"
    assert file_hash(prospects) == before


def test_failing_job_fails_its_workbook_only_with_non_zero_exit(folder: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source, ctx):
        raise RuntimeError("bogue")

    reason = _dashboard_failing_with(broken, folder, monkeypatch)
    assert "erreur imprévue" in reason and "RuntimeError" not in reason  # French, nothing technical
    logs = list((Path(os.environ["XDG_STATE_HOME"]) / "sicxl").glob("erreur-*.log"))
    assert len(logs) == 1 and "bogue" in logs[0].read_text(encoding="utf-8") and str(logs[0]) in reason


def _dashboard_failing_with(run, folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Regenerate with the dashboard's job replaced by `run`: the dashboard fails
    and is left as it was, the prospects are written; the failure's reason."""
    from sicxl.jobs import load_jobs

    jobs = load_jobs()
    monkeypatch.setitem(jobs, "dashboard", replace(jobs["dashboard"], run=run))
    before = file_hash(folder / "tableau_de_bord.xlsx")
    code, report = _run(folder)
    assert code == 2
    assert _statuses(report) == {"prospects.xlsx": "written", "tableau_de_bord.xlsx": "failed"}
    assert file_hash(folder / "tableau_de_bord.xlsx") == before
    return next(w["reason"] for w in report["workbooks"] if w["status"] == "failed")


def _command(folder: Path, report: Path) -> list[str]:
    return [sys.executable, "-m", "sicxl.cli", "regenerate", str(folder), "--report", str(report), "--today", TODAY]


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _content(folder: Path) -> dict[str, str]:
    """Each workbook's parts, decompressed, hashed: the version it holds, whatever the
    zip's timestamps (a part added by a save is stamped with the time of the save)."""
    digests = {}
    for path in find_workbooks(folder):
        digest = hashlib.sha256()
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                digest.update(name.encode() + b"\0" + archive.read(name))
        digests[str(path.relative_to(folder))] = digest.hexdigest()
    return digests


def _readable(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    with open_workbook(path) as source:
        for sheet in source.sheet_names():
            source.grid(sheet)


def test_two_runs_at_once_write_each_workbook_once_each(folder: Path) -> None:
    reports = [folder.parent / "run1.json", folder.parent / "run2.json"]
    processes = [subprocess.Popen(_command(folder, r), env=_environment(), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE) for r in reports]
    for process in processes:
        assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    runs = [json.loads(r.read_text(encoding="utf-8")) for r in reports]
    for run in runs:  # each run saw each workbook once
        assert sorted(Path(w["path"]).name for w in run["workbooks"]) == ["prospects.xlsx", "tableau_de_bord.xlsx"]
    first, second = sorted(runs, key=lambda r: _statuses(r)["prospects.xlsx"] != "written")
    by_path = {w["path"]: w for w in second["workbooks"]}
    for item in first["workbooks"]:
        assert item["status"] == "written"
        later = by_path[item["path"]]
        assert later["sha256_before"] == item["sha256_after"], "the runs did not overlap on a workbook"
        assert later["status"] == "unchanged"
    for path in find_workbooks(folder):
        _readable(path)


@pytest.mark.slow
def test_killed_in_the_middle_of_a_save_leaves_old_or_new(folder: Path, tmp_path: Path) -> None:
    """SIGKILL at random moments, 25 times: every workbook stays readable and is
    part for part either the original or the regenerated version."""
    old = _content(folder)
    pristine = Path(shutil.copytree(folder, tmp_path / "pristine"))
    reference = Path(shutil.copytree(folder, tmp_path / "reference"))
    started = time.monotonic()
    timing = subprocess.run(_command(reference, tmp_path / "reference.json"), env=_environment(),
                            capture_output=True, timeout=300, check=False)
    duration = time.monotonic() - started
    assert timing.returncode == 0, timing.stderr.decode()
    new = _content(reference)
    assert sorted(name for name in old if new[name] != old[name]) == ["Versailles/prospects.xlsx", "tableau_de_bord.xlsx"]
    rng = random.Random(8)
    seen = set()
    for attempt in range(25):
        process = subprocess.Popen(_command(folder, tmp_path / f"kill{attempt}.json"), env=_environment(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name, digest in _content(folder).items():
            assert digest in (old[name], new[name]), (attempt, name)
            seen.add(digest == new[name])
            _readable(folder / name)
        if attempt % 4 == 3:  # back to the old versions, to be killed again while saving them
            for name in old:
                shutil.copyfile(pristine / name, folder / name)
    assert seen == {True, False}, "kills fell both before and after saves"


def _every_file(folder: Path) -> dict[str, str]:
    """Every file under the folder, hidden ones included, with its content's hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_dry_run_writes_nothing_at_all(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue case 6: the dry run wrote its report files (and took lock files)."""
    before = _every_file(folder)
    assert main(["regenerate", str(folder), "--dry-run", "--today", TODAY]) == 0
    assert _every_file(folder) == before
    assert "serait mis à jour" in capsys.readouterr().out


def test_a_run_leaves_no_lock_nor_temporary_file(folder: Path) -> None:
    """Issue case 6: `split` and `regenerate` left 0-byte `.~sicxl-*.lock` files in shared folders."""
    code, _ = _run(folder)
    assert code == 0
    assert not [p for p in folder.rglob("*") if p.name.startswith((".~sicxl", ".sicxl"))]


def test_split_leaves_no_lock_file(tmp_path: Path) -> None:
    from sicxl.samples.prospects import build_prospects

    master = build_prospects(tmp_path / "prospects.xlsx", sample=True)
    out = tmp_path / "portefeuilles"
    assert main(["split", str(master), "--out", str(out), "--today", TODAY]) == 0
    assert [p for p in out.iterdir() if p.suffix == ".xlsx"]
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith((".~sicxl", ".sicxl"))]


def test_a_workbook_that_crashes_the_reader_does_not_stop_the_night(folder: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue case 3: one cell aborted the process, every other workbook was skipped,
    no report. Here the dashboard's job aborts the process (as native code does):
    its child dies, the run goes on and writes its report."""
    def aborting(source, ctx):
        os.abort()

    assert "s'est arrêté net" in _dashboard_failing_with(aborting, folder, monkeypatch)


def test_a_stray_cell_is_left_out_and_said_in_the_report(folder: Path) -> None:
    from tests.workbook.hostile import with_cells

    prospects = folder / "Versailles" / "prospects.xlsx"
    trapped = with_cells(prospects, folder / "Versailles" / "piege.xlsx", {"XFD1048576": "oubli"})
    prospects.unlink()
    trapped.rename(prospects)
    code, report = _run(folder)
    assert code == 0 and _statuses(report)["prospects.xlsx"] == "written"
    item = next(w for w in report["workbooks"] if w["path"].endswith("prospects.xlsx"))
    assert any("XFD1048576" in notice for notice in item["notices"])
    assert "XFD1048576" in (folder.parent / "rapport.txt").read_text(encoding="utf-8")


def test_a_closed_pipe_ends_quietly_and_the_report_is_written(folder: Path) -> None:
    """Issue case 11: `sicxl regenerate | head` ended in an error."""
    command = " ".join(f"'{part}'" for part in _command(folder, folder.parent / "rapport.json"))
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {command} | head -c 10"], env=_environment(),
                          capture_output=True, text=True, timeout=300)
    assert done.stderr == "" and done.returncode == 0
    assert (folder.parent / "rapport.txt").exists()
