"""The file server's settings (docs/server.md, « Réglages du serveur »).

Two things that only the administrator decides, never a workbook:
- `allowed_folders`: folders where the files a workbook's cells name may lie,
  besides the workbook's own folder (a shared folder of letter templates, say);
- `state_folder`: where sicxl keeps what it trusts and users must not change:
  the records `split` makes of each copy, against which `merge` checks it.

| setting | environment variable | key of the settings file | default |
|---|---|---|---|
| allowed folders | SICXL_ALLOWED_FOLDERS (separated by `os.pathsep`) | allowed_folders | none |
| state folder | SICXL_STATE_DIR | state_folder | the account's state folder |

The settings file is SICXL_SETTINGS, else `server.toml` in the account's
configuration folder; the account's folders are platformdirs' (Linux:
~/.config/sicxl and ~/.local/state/sicxl; Windows: %APPDATA%\\sicxl and
%LOCALAPPDATA%\\sicxl). A variable overrides the file.

These settings say what the server may read and what it trusts, so a settings
file or a state folder another account could change is refused, the way OpenSSH
refuses a configuration others can write: on POSIX systems it must belong to
the account running sicxl (or to root) and be writable by no group nor others.
Windows keeps rights in access lists, which the administrator sets on the folder.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import platformdirs

from sicxl.messages import paths as msg
from sicxl.workbook.errors import WorkbookError

APP = "sicxl"
SETTINGS_FILE = "server.toml"
ENV_SETTINGS = "SICXL_SETTINGS"
ENV_ALLOWED = "SICXL_ALLOWED_FOLDERS"
ENV_STATE = "SICXL_STATE_DIR"
PRIVATE_MODE = 0o700


class SettingsError(WorkbookError):
    """The server's settings cannot be trusted or read (one French sentence)."""


@dataclass(frozen=True)
class Settings:
    allowed_folders: tuple[Path, ...]
    state_folder: Path
    file: Path | None = None  # the settings file read, if any


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in force (module docstring); raises SettingsError."""
    env = os.environ if environ is None else environ
    values, file = _file_values(env)
    if env.get(ENV_ALLOWED):
        allowed = [part for part in env[ENV_ALLOWED].split(os.pathsep) if part.strip()]
    else:
        allowed = _typed(values, "allowed_folders", list, file) or []
    state = env.get(ENV_STATE) or _typed(values, "state_folder", str, file)
    state_path = Path(state).expanduser() if state else account_state_folder()
    return Settings(tuple(Path(str(p)).expanduser() for p in allowed), state_path, file)


def account_state_folder() -> Path:
    """The state folder of the account running sicxl (XDG_STATE_HOME or
    ~/.local/state/sicxl on Linux, %LOCALAPPDATA%\\sicxl on Windows): the default
    state folder, and where crash logs go."""
    return platformdirs.user_state_path(APP, appauthor=False)


def _file_values(env: Mapping[str, str]) -> tuple[dict[str, Any], Path | None]:
    explicit = env.get(ENV_SETTINGS)
    path = Path(explicit).expanduser() if explicit else platformdirs.user_config_path(APP, appauthor=False) / SETTINGS_FILE
    try:
        info = path.stat()
    except FileNotFoundError:
        if explicit:
            raise SettingsError(msg.settings_missing(path, ENV_SETTINGS)) from None
        return {}, None
    except OSError as error:
        raise SettingsError(msg.settings_unreadable(path, msg.system_reason(error))) from None
    if not private(info):
        raise SettingsError(msg.settings_unsafe(path))
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), path
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise SettingsError(msg.settings_unreadable(path, "syntaxe incorrecte" + (f", ligne {line[1]}" if line else "")))
    except (OSError, UnicodeDecodeError):
        raise SettingsError(msg.settings_unreadable(path, "lecture impossible")) from None


def _typed(values: dict[str, Any], name: str, kind: type, file: Path | None) -> Any:
    value = values.get(name)
    if value is None:
        return None
    expected = {list: "une liste de chemins entre crochets", str: "un chemin entre guillemets"}[kind]
    if not isinstance(value, kind) or (kind is list and not all(isinstance(v, str) for v in value)):
        raise SettingsError(msg.setting_wrong_type(file or Path(SETTINGS_FILE), name, expected))
    return value


def private(info: os.stat_result) -> bool:
    """Whether a file or folder can be changed only by this account (or root): POSIX
    rights only, Windows access lists being the administrator's to set."""
    if os.name == "nt":
        return True
    owners = {os.geteuid(), 0}
    return info.st_uid in owners and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def state_subfolder(settings: Settings, name: str) -> Path:
    """A private folder under the state folder, created 0700 on first use; raises
    SettingsError when it (or the state folder) could be changed by another account."""
    root = settings.state_folder
    folder = root / name
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        for path in (root, folder):
            path.mkdir(mode=PRIVATE_MODE, exist_ok=True)
            if not private(path.stat()):
                raise SettingsError(msg.state_folder_unsafe(path))
    except OSError as error:
        raise SettingsError(msg.state_folder_unusable(root, msg.system_reason(error))) from None
    return folder
