"""Shared fixtures: realistic prospect tables and sample workbooks."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Sequence

import pytest

from sicxl.jobs.base import MemorySource
from sicxl.schema.prospects import PROSPECTS

TODAY = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def server_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs with its own server settings (sicxl.settings): an empty settings
    file of its own and a fresh state folder, never the machine's."""
    folder = tmp_path_factory.mktemp("server")
    settings = folder / "server.toml"
    settings.write_text("", encoding="utf-8")
    settings.chmod(0o600)
    monkeypatch.setenv("SICXL_SETTINGS", str(settings))
    monkeypatch.setenv("SICXL_STATE_DIR", str(folder / "state"))
    monkeypatch.delenv("SICXL_ALLOWED_FOLDERS", raising=False)
    return settings


def _shared() -> Path:
    """The workplace's shared data: SICXL_SHARED, else beside the repository (where CI
    lays it), else the workplace's own copy."""
    candidates = [Path(os.environ["SICXL_SHARED"])] if os.environ.get("SICXL_SHARED") else []
    candidates += [Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")]
    for candidate in candidates:
        if any((candidate / "data" / "real-workbooks").glob("*.xls*")):
            return candidate
    # never let the fidelity tests vanish silently
    raise RuntimeError(f"Excel-made test workbooks not found in {candidates}; set SICXL_SHARED")


SHARED = _shared()
REAL_WORKBOOKS = SHARED / "data" / "real-workbooks"


def prospect_source(rows: Sequence[dict[str, Any]], headers: Sequence[str] | None = None) -> MemorySource:
    """A `Prospects` sheet as Excel would hand it over: a header row, then values."""
    keys = list(headers) if headers else [c.key for c in PROSPECTS.user_columns]
    header_row = [PROSPECTS.header(k) if k in PROSPECTS.keys else k for k in keys]
    grid = [header_row] + [[row.get(k) for k in keys] for row in rows]
    return MemorySource.from_rows({"Prospects": grid})


@pytest.fixture(autouse=True)
def own_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Crash logs go to the user's state folder: a test's own, never the home of
    whoever runs the suite."""
    folder = tmp_path / "etat"
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder


NOBODY = 65534  # the account (and group) the tests run sicxl as, to meet a user without rights
OTHER_ACCOUNT = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@functools.cache
def _other_account_runs_sicxl() -> bool:
    """Whether `nobody` can import sicxl from here: not when the checkout lies in a
    folder private to root (a clone under `mktemp -d`)."""
    done = subprocess.run([*OTHER_ACCOUNT, sys.executable, "-c", "import sicxl.cli"], cwd=Path(__file__).parents[1],
                          capture_output=True)
    return done.returncode == 0


@pytest.fixture
def open_folder() -> Any:
    """A folder other accounts can reach (pytest's own are private to root), for the
    tests that run sicxl as another account; root only (CI runs as root)."""
    import tempfile

    if os.geteuid() != 0:
        pytest.skip("running as another account needs root (CI runs as root)")
    if not _other_account_runs_sicxl():
        pytest.skip("the other account cannot read this checkout or its virtualenv (a private folder)")
    folder = Path(tempfile.mkdtemp(prefix="sicxl-test-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def sample_prospects_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sicxl.samples.prospects import build_prospects

    path = tmp_path_factory.mktemp("samples") / "prospects.xlsx"
    return build_prospects(path, sample=True)


@pytest.fixture
def sample_prospects(sample_prospects_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sample prospect workbook, free to modify."""
    return Path(shutil.copy(sample_prospects_master, tmp_path / "prospects.xlsx"))
